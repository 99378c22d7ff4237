// Crash lines (ingest/crash_line.hpp): what each kind of panic, fault and corruption output
// says, in the exact forms devices print (shared/formats/device-log-formats.md §3, §5.2).
#include <catch2/catch.hpp>

#include "leakscope/ingest/crash_line.hpp"

using namespace leakscope;

namespace {

CrashLine read(std::string_view line) {
  const std::optional<CrashLine> c = read_crash_line(line);
  REQUIRE(c);
  return *c;
}

}  // namespace

TEST_CASE("panic headlines: kind, reason, core", "[ingest][crash]") {
  CrashLine c = read("Guru Meditation Error: Core  1 panic'ed (LoadProhibited). Exception was unhandled.");
  CHECK(c.part == CrashPart::headline);
  CHECK(c.kind == CrashKind::panic);
  CHECK(c.reason == "LoadProhibited");
  CHECK(c.core == 1u);

  c = read("Guru Meditation Error: Core  0 panic'ed (Interrupt wdt timeout on CPU0). ");
  CHECK(c.reason == "Interrupt wdt timeout on CPU0");

  c = read("abort() was called at PC 0x400d2f3a on core 0");
  CHECK(c.kind == CrashKind::abort);
  CHECK(c.reason == "called at PC 0x400d2f3a");
  CHECK(c.core == 0u);
  REQUIRE(c.addresses.size() == 1);
  CHECK(c.addresses[0].address == 0x400d2f3a);
  CHECK(c.addresses[0].kind == AddressKind::exact_pc);

  c = read("assert failed: multi_heap_free multi_heap_poisoning.c:259 (head != NULL)");
  CHECK(c.kind == CrashKind::assert_failed);
  CHECK(c.reason == "multi_heap_free multi_heap_poisoning.c:259 (head != NULL)");
  CHECK(read("assertion \"ptr\" failed: file \"main.c\", line 12, function: f").kind ==
        CrashKind::assert_failed);

  c = read("***ERROR*** A stack overflow in task wifi has been detected.");
  CHECK(c.kind == CrashKind::stack_overflow);
  CHECK(c.reason == "wifi");

  c = read("Mem alloc fail. size 0x00001400 caps 0x00001800");
  CHECK(c.kind == CrashKind::alloc_failed);
  CHECK(c.size == 0x1400u);

  c = read("[00:00:26.158,000] <err> os: >>> ZEPHYR FATAL ERROR 0: CPU exception on CPU 0");
  CHECK(c.kind == CrashKind::fatal_error);
  CHECK(c.reason == "CPU exception");
  CHECK(c.core == 0u);
  CHECK(read("[00:00:01.000,000] <err> os: >>> ZEPHYR FATAL ERROR 4: Kernel panic").reason ==
        "Kernel panic");

  c = read("E (5312) task_wdt: Task watchdog got triggered. The following tasks/users did not "
           "reset the watchdog in time:");
  CHECK(c.kind == CrashKind::task_watchdog);
}

TEST_CASE("heap corruption: the block, and what was read against what was expected",
          "[ingest][crash]") {
  CrashLine c = read("CORRUPT HEAP: Bad tail at 0x3ffb8d54. Expected 0xbaad5678 got 0x00000000");
  CHECK(c.kind == CrashKind::heap_corruption);
  CHECK(c.reason == "Bad tail");
  CHECK(c.block == 0x3ffb8d54u);
  CHECK(c.expected == 0xbaad5678u);
  CHECK(c.got == 0u);

  c = read("CORRUPT HEAP: Bad head at 0x3ffb8d30. Expected 0xabba1234 got 0xfefefefe");
  CHECK(c.reason == "Bad head");
  CHECK(c.got == 0xfefefefeu);

  c = read("CORRUPT HEAP: Invalid data at 0x3ffb8d40. Expected 0xfe got 0x00");
  CHECK(c.reason == "Invalid data");
  CHECK(c.expected == 0xfeu);

  c = read("CORRUPT HEAP: Size at 0x3ffb8d34 expected <=0x00000100 got 0x12345678");
  CHECK(c.reason == "Bad size");
  CHECK(c.block == 0x3ffb8d34u);
  CHECK(c.expected == 0x100u);
  CHECK(c.got == 0x12345678u);

  c = read("CORRUPT HEAP: multi_heap.c:315 detected at 0x3ffb8d20");
  CHECK(c.reason == "multi_heap.c:315");
  CHECK(c.block == 0x3ffb8d20u);

  c = read("CORRUPT HEAP: Block 0x3ffb8d20 points to itself");
  CHECK(c.block == 0x3ffb8d20u);
}

TEST_CASE("register dumps give the PC and the return address", "[ingest][crash]") {
  CrashLine c = read("PC      : 0x400d0f0a  PS      : 0x00060530  A0      : 0x800d1d3c  A1      : "
                     "0x3ffb5850  ");
  CHECK(c.part == CrashPart::registers);
  REQUIRE(c.addresses.size() == 2);
  CHECK(c.addresses[0].role == "PC");
  CHECK(c.addresses[0].address == 0x400d0f0a);
  CHECK(c.addresses[0].kind == AddressKind::exact_pc);
  CHECK(c.addresses[1].role == "A0");
  CHECK(c.addresses[1].address == 0x800d1d3c);  // window bits: the symbolizer strips them
  CHECK(c.addresses[1].kind == AddressKind::return_address);

  c = read("MEPC    : 0x420048b4  RA      : 0x420048aa  SP      : 0x3fc8f2f0  GP      : 0x3fc8a600  ");
  REQUIRE(c.addresses.size() == 2);
  CHECK(c.addresses[0].role == "MEPC");
  CHECK(c.addresses[1].role == "RA");
  CHECK(c.addresses[1].address == 0x420048aa);

  c = read("[00:00:26.158,000] <err> os: Faulting instruction address (r15/pc): 0x0800123b");
  REQUIRE(c.addresses.size() == 1);
  CHECK(c.addresses[0].address == 0x0800123b);
  c = read("[00:00:26.158,000] <err> os: r12/ip:  0x00000000  r14/lr:  0x08000f1d");
  REQUIRE(c.addresses.size() == 1);
  CHECK(c.addresses[0].role == "LR");
  CHECK(c.addresses[0].kind == AddressKind::return_address);

  // Other register lines name no code address.
  CHECK_FALSE(read_crash_line("A2      : 0x00000000  A3      : 0x3ffb0000  A4      : 0x1  A5 : 0x2"));
  CHECK_FALSE(read_crash_line("PCB allocated"));
}

TEST_CASE("backtraces in both cases, with their end marks", "[ingest][crash]") {
  CrashLine c =
      read("Backtrace: 0x400d0f07:0x3ffb5850 0x400d1d39:0x3ffb5870 0x40088e4d:0x3ffb5890 |<-CORRUPTED");
  CHECK(c.part == CrashPart::backtrace);
  REQUIRE(c.addresses.size() == 3);
  CHECK(c.addresses[0].address == 0x400d0f07);
  CHECK(c.addresses[0].kind == AddressKind::exact_pc);
  CHECK(c.addresses[2].address == 0x40088e4d);
  CHECK(c.addresses[2].kind == AddressKind::return_address);
  CHECK(c.backtrace_corrupted);
  CHECK_FALSE(c.backtrace_continues);

  c = read("Backtrace: 0x400D0F07:0x3FFB5850 0x400D1D39:0x3FFB5870 |<-CONTINUES");
  CHECK(c.addresses.size() == 2);
  CHECK(c.addresses[1].address == 0x400d1d39);
  CHECK(c.backtrace_continues);

  c = read("Backtrace:0x400D0F07:0x3FFB5850 0x400D1D39:0x3FFB5870 ");  // v4.0-v4.2
  CHECK(c.addresses.size() == 2);
}

TEST_CASE("ordinary lines are no crash lines, and which crashes end a boot", "[ingest][crash]") {
  for (std::string_view line : {"I (123) wifi: connected", "free heap: 1234", "",
                                "the PC was fine", "Backtrace", "CORRUPT HEAP"})
    CHECK_FALSE(read_crash_line(line));
  CHECK(is_crash_line("CORRUPT HEAP: multi_heap.c:315 detected at 0x3ffb8d20"));
  CHECK_FALSE(is_crash_line("Backtrace: 0x400d0f07:0x3ffb5850"));
  CHECK_FALSE(is_crash_line("E (1) task_wdt: Task watchdog got triggered."));
  CHECK(is_crash_line("0000090000 [system] PANIC: out of memory"));
}

TEST_CASE("a heap checker's report is no crash, the assert it leads to is",
          "[ingest][crash]") {
  // heap_caps_check_integrity_all(true) prints these and returns false to its caller.
  for (std::string_view line :
       {"CORRUPT HEAP: Bad tail at 0x20002398. Expected 0xbaad5678 got 0x6f636572",
        "CORRUPT HEAP: Bad head at 0x3ffb8d30. Expected 0xabba1234 got 0xfefefefe",
        "CORRUPT HEAP: Invalid data at 0x3ffb8d40. Expected 0xfefefefe got 0x00000000",
        "CORRUPT HEAP: Size at 0x3ffb8d34 expected <=0x00000100 got 0x12345678",
        "CORRUPT HEAP: Block 0x3ffb8d20 points to itself"}) {
    INFO(line);
    CHECK(read(line).kind == CrashKind::heap_corruption);
    CHECK_FALSE(is_crash_line(line));
  }
  // free() that finds the damage asserts; MULTI_HEAP_ASSERT prints its place and aborts.
  CHECK(is_crash_line("assert failed: multi_heap_free multi_heap_poisoning.c:253 (head != NULL)"));
  CHECK(is_crash_line("CORRUPT HEAP: multi_heap.c:315 detected at 0x3ffb8d20"));
}
