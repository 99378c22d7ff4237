// A boot's crashes (analyze/crashes.hpp): lines assembled into crashes, the block a heap
// corruption names matched with the allocation that owned it, crashes in their boot.
#include <catch2/catch.hpp>

#include "analyze_text.hpp"

using namespace leakscope;
using testing::analyze_text;

TEST_CASE("a panic: headline, register dump and backtrace make one crash", "[analyze][crash]") {
  const Report r = analyze_text(
      "I (100) app: starting\n"
      "Guru Meditation Error: Core  0 panic'ed (StoreProhibited). Exception was unhandled.\n"
      "\n"
      "Core  0 register dump:\n"
      "PC      : 0x400d0f0a  PS      : 0x00060530  A0      : 0x800d1d3c  A1      : 0x3ffb5850  \n"
      "A2      : 0x00000000  A3      : 0x00000001  A4      : 0x00000002  A5      : 0x00000003  \n"
      "\n"
      "\n"
      "Backtrace: 0x400d0f07:0x3ffb5850 0x400d1d39:0x3ffb5870 |<-CORRUPTED\n"
      "\n"
      "ELF file SHA256: 0123456789abcdef\n"
      "Rebooting...\n");
  REQUIRE(r.boots.size() == 1);
  REQUIRE(r.boots[0].crashes.size() == 1);
  const Crash& c = r.boots[0].crashes[0];
  CHECK(c.kind == CrashKind::panic);
  CHECK(c.reason == "StoreProhibited");
  CHECK(c.at.line == 2);
  REQUIRE(c.registers.size() == 2);
  CHECK(c.registers[0].name == "PC");
  CHECK(c.registers[0].frames[0].address == 0x400d0f0a);
  CHECK(c.registers[1].name == "A0");
  REQUIRE(c.backtrace.size() == 2);
  CHECK(c.backtrace[1].address == 0x400d1d39);
  CHECK(c.backtrace_corrupted);
}

TEST_CASE("a corruption and the abort it triggers are one crash, named by the corruption",
          "[analyze][crash]") {
  const Report r = analyze_text(
      "2 allocations trace (100 entry buffer)\n"
      "64 bytes (@ 0x3ffb1000) allocated CPU 0 ccount 0x00000010 task 0x2000 net caller 0x400d1001:0x400d2001\n"
      "32 bytes (@ 0x3ffb1058) allocated CPU 0 ccount 0x00000020 task 0x3000 ui caller 0x400d3001:0x400d2001\n"
      "96 bytes 'leaked' in trace (2 allocations)\n"
      "total allocations 2 total frees 0\n"
      "CORRUPT HEAP: Bad tail at 0x3ffb1040. Expected 0xbaad5678 got 0x00000000\n"
      "\n"
      "abort() was called at PC 0x40081a2e on core 0\n"
      "\n"
      "Backtrace: 0x40081a2b:0x3ffb5630 0x40088d7d:0x3ffb5650\n");
  REQUIRE(r.boots.size() == 1);
  REQUIRE(r.boots[0].crashes.size() == 1);
  const Crash& c = r.boots[0].crashes[0];
  CHECK(c.kind == CrashKind::heap_corruption);
  CHECK(c.reason == "Bad tail");
  CHECK(c.block == 0x3ffb1040u);
  CHECK(c.expected == 0xbaad5678u);
  REQUIRE(c.details.size() == 1);
  CHECK(c.details[0] == "abort() was called at PC 0x40081a2e on core 0");
  REQUIRE(c.registers.size() == 1);  // the abort's PC
  CHECK(c.backtrace.size() == 2);
  // The tail canary right after the 64-byte block at 0x3ffb1000: that block is the owner.
  REQUIRE(c.owner);
  CHECK(c.owner->address == 0x3ffb1000u);
  CHECK(c.owner->size == 64u);
  CHECK(c.owner->task == "net");
  CHECK(c.owner->fingerprint.size() == 16);
}

TEST_CASE("a corruption no traced block holds says so by having no owner", "[analyze][crash]") {
  const Report r = analyze_text(
      "1 allocations trace (100 entry buffer)\n"
      "64 bytes (@ 0x3ffb1000) allocated CPU 0 ccount 0x00000010 task 0x2000 net caller 0x400d1001\n"
      "64 bytes 'leaked' in trace (1 allocations)\n"
      "CORRUPT HEAP: Bad head at 0x3ffc0000. Expected 0xabba1234 got 0x00000000\n");
  REQUIRE(r.boots[0].crashes.size() == 1);
  CHECK_FALSE(r.boots[0].crashes[0].owner);
}

TEST_CASE("lines far apart are separate crashes, and a bare backtrace is one of its own",
          "[analyze][crash]") {
  std::string log = "Backtrace: 0x400d0f07:0x3ffb5850\n";
  for (int i = 0; i < 70; ++i) log += "I (1) app: tick\n";
  log += "***ERROR*** A stack overflow in task net has been detected.\n";
  for (int i = 0; i < 70; ++i) log += "I (2) app: tick\n";
  log += "Backtrace: 0x400d1d39:0x3ffb5870\n";
  const Report r = analyze_text(log);
  REQUIRE(r.boots.size() == 1);
  const std::vector<Crash>& crashes = r.boots[0].crashes;
  REQUIRE(crashes.size() == 3);
  CHECK(crashes[0].kind == CrashKind::backtrace);
  CHECK(crashes[1].kind == CrashKind::stack_overflow);
  CHECK(crashes[1].reason == "net");
  CHECK(crashes[1].backtrace.empty());
  CHECK(crashes[2].kind == CrashKind::backtrace);
}

TEST_CASE("a task watchdog that panics is named by the panic", "[analyze][crash]") {
  const Report r = analyze_text(
      "E (5312) task_wdt: Task watchdog got triggered. The following tasks/users did not reset "
      "the watchdog in time:\n"
      "E (5312) task_wdt:  - IDLE0 (CPU 0)\n"
      "abort() was called at PC 0x400d2f3a on core 0\n"
      "Backtrace: 0x400d2f37:0x3ffb5850\n");
  REQUIRE(r.boots[0].crashes.size() == 1);
  const Crash& c = r.boots[0].crashes[0];
  CHECK(c.kind == CrashKind::abort);
  REQUIRE(c.details.size() == 1);
  CHECK(c.details[0].find("Task watchdog") != std::string::npos);
}

TEST_CASE("a crash loop keeps the first crashes and counts the rest", "[analyze][crash]") {
  std::string log;
  for (std::size_t i = 0; i < BootCrashes::max_crashes + 5; ++i) {
    log += "Guru Meditation Error: Core  0 panic'ed (LoadProhibited). Exception was unhandled.\n";
    for (int k = 0; k < 70; ++k) log += "x\n";
  }
  const Report r = analyze_text(log);
  REQUIRE(r.boots.size() == 1);
  CHECK(r.boots[0].crashes.size() == BootCrashes::max_crashes);
  CHECK(r.boots[0].crashes_dropped == 5);
}
