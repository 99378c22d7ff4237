// glibc mtrace traces: the lines are as glibc 2.36 wrote them for small test programs like
// tests/mtrace/programs (the >= 2.34 module-relative form) and as the formats reference gives
// glibc <= 2.33's absolute form; the expected events are what the trace says, operation by
// operation.
#include <catch2/catch.hpp>

#include "leakscope/ingest/log_scanner.hpp"
#include "leakscope/ingest/mtrace_parser.hpp"
#include "parsed_lines.hpp"

using namespace leakscope;

namespace {

using Parsed = testing::ParsedLines;

Parsed parse(const std::string& text) { return testing::parse_lines<MtraceParser>(text); }

// A PIE program's trace: malloc, malloc, realloc in place, calloc, strdup (its caller is in
// libc), free.
const std::string modern_trace =
    "= Start\n"
    "@ ./t:[0x11b1] + 0x55de91ea52a0 0x10\n"
    "@ ./t:[0x11e0] + 0x55de91ea54a0 0x64\n"
    "@ ./t:[0x11f5] < 0x55de91ea54a0\n"
    "@ ./t:[0x11f5] > 0x55de91ea54a0 0xc8\n"
    "@ ./t:[0x1208] + 0x55de91ea5570 0x18\n"
    "@ /lib/x86_64-linux-gnu/libc.so.6:(__strdup+1a)[0x9e9aa] + 0x55de91ea5590 0x6\n"
    "@ ./t:[0x122b] - 0x55de91ea52a0\n"
    "= End\n";

}  // namespace

TEST_CASE("an mtrace trace of glibc >= 2.34 becomes one boot of allocations and frees",
          "[ingest][mtrace]") {
  const Parsed p = parse(modern_trace);
  CHECK(p.unclaimed.empty());
  REQUIRE(p.all<BootEvent>().size() == 1);
  CHECK(p.all<BootEvent>()[0].pos.line == 1);
  REQUIRE(p.all<TraceStartEvent>().size() == 1);
  CHECK(p.all<TraceStartEvent>()[0].format == "glibc mtrace");
  // The boot comes first, then the trace's start.
  CHECK(std::holds_alternative<BootEvent>(p.events.at(0)));
  CHECK(std::holds_alternative<TraceStartEvent>(p.events.at(1)));

  const auto allocs = p.all<AllocEvent>();
  REQUIRE(allocs.size() == 5);  // +, +, > (realloc's new block), +, + (strdup)
  CHECK(allocs[0].address == 0x55de91ea52a0);
  CHECK(allocs[0].size == 0x10);
  CHECK(allocs[1].size == 0x64);
  CHECK(allocs[2].address == 0x55de91ea54a0);
  CHECK(allocs[2].size == 0xc8);
  CHECK(allocs[2].pos.line == 5);
  const auto frees = p.all<FreeEvent>();
  REQUIRE(frees.size() == 2);  // realloc's old block, then free
  CHECK(frees[0].address == 0x55de91ea54a0);
  CHECK(frees[1].address == 0x55de91ea52a0);
  CHECK(p.all<HeapAnomalyEvent>().empty());
  CHECK(p.all<SkipEvent>().empty());

  // Each distinct caller is announced once and referred to by its key.
  const auto frames = p.all<ModuleFrameEvent>();
  REQUIRE(frames.size() == 6);
  CHECK(frames[0].module == "./t");
  CHECK(frames[0].address == 0x11b1);
  CHECK(frames[0].form == ModuleAddress::either);  // no symbol: the line does not say
  CHECK(frames[0].symbol.empty());
  CHECK(is_module_frame_key(frames[0].key));
  REQUIRE(allocs[0].callers.size() == 1);
  CHECK(allocs[0].callers[0] == frames[0].key);
  CHECK(frames[2].address == 0x11f5);
  CHECK(frees[0].callers == allocs[2].callers);  // "<" and ">" of one realloc: one frame
  const ModuleFrameEvent& libc = frames[4];
  CHECK(libc.module == "/lib/x86_64-linux-gnu/libc.so.6");
  CHECK(libc.symbol == "__strdup+1a");
  CHECK(libc.form == ModuleAddress::offset);  // "+1a": glibc >= 2.34
  CHECK(libc.address == 0x9e9aa);
  std::vector<std::uint64_t> keys;
  for (const auto& f : frames) keys.push_back(f.key);
  std::sort(keys.begin(), keys.end());
  CHECK(std::adjacent_find(keys.begin(), keys.end()) == keys.end());
}

TEST_CASE("glibc <= 2.33 absolute callers, unknown objects and callers left out",
          "[ingest][mtrace]") {
  const Parsed p = parse(
      "= Start\n"
      "@ /usr/bin/prog:(main+0x17)[0x4011ba] + 0x602010 0x10\n"
      "@ [0x7f3a1c2d3e4f] + 0x602030 0x20\n"
      "+ 0x602060 0x30\n"
      "@ /usr/bin/prog:[0x4011d0] - 0x602010\n"
      "- 0x602030\n");
  CHECK(p.unclaimed.empty());
  const auto frames = p.all<ModuleFrameEvent>();
  REQUIRE(frames.size() == 2);
  CHECK(frames[0].module == "/usr/bin/prog");
  CHECK(frames[0].symbol == "main+0x17");
  CHECK(frames[0].form == ModuleAddress::absolute);
  CHECK(frames[0].address == 0x4011ba);
  CHECK(frames[1].form == ModuleAddress::either);
  const auto allocs = p.all<AllocEvent>();
  REQUIRE(allocs.size() == 3);
  CHECK(allocs[0].callers == std::vector<std::uint64_t>{frames[0].key});
  // No object known: an absolute address, pushed as it is.
  CHECK(allocs[1].callers == std::vector<std::uint64_t>{0x7f3a1c2d3e4f});
  CHECK(allocs[2].callers.empty());  // glibc had no caller
  CHECK(allocs[2].size == 0x30);
  CHECK(p.all<FreeEvent>().size() == 2);
}

TEST_CASE("mtrace anomalies are pushed instead of the operation, the first block kept",
          "[ingest][mtrace]") {
  // As tests/mtrace/programs/realloc_chains.c makes them: blocks the trace never saw allocated
  // (made with __libc_malloc), and one freed behind its back (__libc_free) handed out again.
  const Parsed p = parse(
      "= Start\n"
      "@ ./r:[0x122e] - 0x556967d762a0\n"
      "@ ./r:[0x124f] < 0x556967d762d0\n"
      "@ ./r:[0x124f] > 0x556967d76540 0x40\n"
      "@ ./r:[0x125d] + 0x556967d76590 0x30\n"
      "@ ./r:[0x1277] + 0x556967d76590 0x28\n"
      "@ ./r:[0x1290] < 0x556967d76540\n"
      "@ ./r:[0x1290] > 0x556967d76590 0x50\n"
      "= End\n");
  CHECK(p.unclaimed.empty());
  const auto anomalies = p.all<HeapAnomalyEvent>();
  REQUIRE(anomalies.size() == 4);
  CHECK(anomalies[0].kind == HeapAnomalyKind::unknown_free);
  CHECK(anomalies[0].address == 0x556967d762a0);
  CHECK(anomalies[0].pos.line == 2);
  CHECK(anomalies[1].kind == HeapAnomalyKind::unknown_realloc);
  CHECK(anomalies[1].address == 0x556967d762d0);
  CHECK(anomalies[2].kind == HeapAnomalyKind::duplicate_alloc);
  CHECK(anomalies[2].size == 0x28);
  CHECK(anomalies[2].pos.line == 6);
  REQUIRE(anomalies[2].callers.size() == 1);
  CHECK(anomalies[3].kind == HeapAnomalyKind::duplicate_realloc);
  CHECK(anomalies[3].address == 0x556967d76590);
  // The realloc's new block after the unknown old one is allocated; the duplicates are not.
  const auto allocs = p.all<AllocEvent>();
  REQUIRE(allocs.size() == 2);
  CHECK(allocs[0].address == 0x556967d76540);
  CHECK(allocs[1].address == 0x556967d76590);
  CHECK(allocs[1].size == 0x30);
  REQUIRE(p.all<FreeEvent>().size() == 1);
  CHECK(p.all<FreeEvent>()[0].address == 0x556967d76540);
}

TEST_CASE("failed allocations and zero sizes in an mtrace trace", "[ingest][mtrace]") {
  const Parsed p = parse(
      "= Start\n"
      "@ ./f:[0x1160] + (nil) 0xffffffffffffff00\n"
      "@ ./f:[0x1175] + 0x5617e6d4c2a0 0\n"
      "@ ./f:[0x1190] ! 0x5617e6d4c2a0 0x7fffffffffff0000\n");
  CHECK(p.unclaimed.empty());
  const auto allocs = p.all<AllocEvent>();
  REQUIRE(allocs.size() == 3);
  CHECK(allocs[0].address == 0);  // malloc returned NULL: nothing live
  CHECK(allocs[0].size == 0xffffffffffffff00);
  CHECK(allocs[1].address == 0x5617e6d4c2a0);
  CHECK(allocs[1].size == 0);
  CHECK(allocs[2].address == 0);  // the failed realloc left its block as it was
  CHECK(p.all<FreeEvent>().empty());
  CHECK(p.all<HeapAnomalyEvent>().empty());
}

TEST_CASE("mtrace lines are told from other lines", "[ingest][mtrace]") {
  SECTION("bare operations and '= End' outside a trace are someone else's") {
    const Parsed p = parse("- 0x1234\n+ 0x10 0x20\n= End\n@ home: [not a trace] x\n@ 3pm\n");
    CHECK(p.unclaimed == std::vector<std::uint64_t>{1, 2, 3, 4, 5});
    CHECK(p.events.empty());
  }
  SECTION("a well-formed caller line starts a trace without '= Start'") {
    const Parsed p = parse("program output\n@ ./t:[0x11b1] + 0x55de91ea52a0 0x10\n- 0x55de91ea52a0\n");
    CHECK(p.unclaimed == std::vector<std::uint64_t>{1});
    REQUIRE(p.all<BootEvent>().size() == 1);
    CHECK(p.all<BootEvent>()[0].pos.line == 2);
    CHECK(p.all<FreeEvent>().size() == 1);
  }
  SECTION("inside a trace, lines of its shape that do not parse are skipped, others left") {
    const Parsed p = parse(
        "= Start\n"
        "@ ./t:[0xzz] + 0x55de91ea52a0 0x10\n"
        "@ ./t:[0x11b1] + 0x55de91ea52a0\n"
        "@ ./t:[0x11b1] * 0x55de91ea52a0 0x10\n"
        "- 0x55de91ea52a0 trailing\n"
        "- item of a list\n"
        "hello from the program\n"
        "@ ./t:[0x11b1]+ 0x55de91ea52a0 0x10\n"
        "= End\n");
    CHECK(p.unclaimed == std::vector<std::uint64_t>{6, 7});
    const auto skips = p.all<SkipEvent>();
    REQUIRE(skips.size() == 5);
    CHECK(skips[0].kind == SkipKind::malformed_record);
    CHECK(skips[0].pos.line == 2);
    CHECK(skips[0].detail.find("./t:[0xzz]") != std::string::npos);
    CHECK(p.all<AllocEvent>().empty());
  }
  SECTION("an object path with blanks, trailing blanks") {
    const Parsed p = parse("@ /opt/my tools/prog:[0x11b1] + 0x55de91ea52a0 0x10  \n");
    CHECK(p.unclaimed.empty());
    REQUIRE(p.all<ModuleFrameEvent>().size() == 1);
    CHECK(p.all<ModuleFrameEvent>()[0].module == "/opt/my tools/prog");
    CHECK(p.all<AllocEvent>().size() == 1);
  }
}

TEST_CASE("each input holding an mtrace trace is a boot of its own", "[ingest][mtrace][scanner]") {
  RecordingSink sink;
  LogScanner scanner(sink);
  // An ESP-IDF dump cut off at the end of the first input: the trace's boot ends it.
  auto log = string_source("3 allocations trace (100 entry buffer)\n"
                           "32 bytes (@ 0x3ffaf214) allocated CPU 0 ccount 0x2e9b7384 caller "
                           "0x400d276d:0x400d27c1\n",
                           "monitor.log", 3);
  auto first = string_source(modern_trace, "a.trace", 3);
  auto second = string_source(modern_trace, "b.trace", 3);
  scanner.scan(*log, 0);
  scanner.scan(*first, 1);
  scanner.scan(*second, 2);
  scanner.finish();
  std::vector<std::uint32_t> boot_inputs;
  for (const Event& e : sink.events) {
    if (const auto* b = std::get_if<BootEvent>(&e)) boot_inputs.push_back(b->pos.input);
    if (const auto* end = std::get_if<SnapshotEnd>(&e)) {
      CHECK_FALSE(end->complete);
      CHECK(boot_inputs.empty());  // the dump ended before the trace's boot began
    }
  }
  CHECK(boot_inputs == std::vector<std::uint32_t>{1, 2});
  CHECK(scanner.stats().heap_trace == 2 + 2 * 9);
  CHECK(scanner.stats().not_understood == 0);
}
