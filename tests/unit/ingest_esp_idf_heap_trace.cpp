#include <catch2/catch.hpp>

#include "leakscope/ingest/esp_idf_heap_trace.hpp"
#include "parsed_lines.hpp"

using namespace leakscope;

namespace {

using Parsed = testing::ParsedLines;

Parsed parse(const std::string& text) { return testing::parse_lines<EspIdfHeapTraceParser>(text); }

}  // namespace

TEST_CASE("v4 layout, leaks mode, depth 2", "[ingest][esp_idf]") {
  const Parsed p = parse(
      "2 allocations trace (100 entry buffer)\n"
      "32 bytes (@ 0x3ffaf214) allocated CPU 0 ccount 0x2e9b7384 caller 0x400d276d:0x400d27c1\n"
      "8 bytes (@ 0x3ffaf804) allocated CPU 1 ccount 0x2e9b79c0 caller 0x400d2776:0x400d27c1\n"
      "40 bytes 'leaked' in trace (2 allocations)\n"
      "total allocations 2 total frees 0\n");
  CHECK(p.unclaimed.empty());
  const auto begins = p.all<SnapshotBegin>();
  REQUIRE(begins.size() == 1);
  CHECK(begins[0].layout == DumpLayout::esp_idf_v4);
  CHECK(begins[0].records_declared == 2);
  CHECK(begins[0].capacity == 100);
  const auto allocs = p.all<AllocEvent>();
  REQUIRE(allocs.size() == 2);
  CHECK(allocs[0].size == 32);
  CHECK(allocs[0].address == 0x3ffaf214);
  CHECK(allocs[0].cpu == 0u);
  CHECK(allocs[0].time == 0x2e9b7384u);
  CHECK(allocs[0].callers == std::vector<std::uint64_t>{0x400d276d, 0x400d27c1});
  CHECK(allocs[1].cpu == 1u);
  const auto ends = p.all<SnapshotEnd>();
  REQUIRE(ends.size() == 1);
  CHECK(ends[0].complete);
  CHECK(ends[0].mode == "leaks");
  CHECK(ends[0].reported_bytes == 40u);
  CHECK(ends[0].reported_count == 2u);
  CHECK(ends[0].total_allocations == 2u);
  CHECK(ends[0].total_frees == 0u);
  CHECK_FALSE(ends[0].overflowed);
}

TEST_CASE("v4 layout, all mode: freed by, short lists, overflow note", "[ingest][esp_idf]") {
  const Parsed p = parse(
      "2 allocations trace (2 entry buffer)\n"
      "24 bytes (@ 0x3ffb5068) allocated CPU 0 ccount 0x1e7b1dfc caller 0x400d1e63:0x40087834:\n"
      "freed by 0x400d1e80:0x40087834:0x0:0x0\n"
      "16 bytes (@ 0x3ffb5100) allocated CPU 0 ccount 0x1e7b2000 caller 0x400d1e90:0x40087834:\n"
      "16 bytes alive in trace (1/2 allocations)\n"
      "total allocations 9 total frees 7\n"
      "(NB: Buffer has overflowed, so trace data is incomplete.)\n"
      "I (123) main: after the dump\n");
  CHECK(p.unclaimed == std::vector<std::uint64_t>{8});
  const auto allocs = p.all<AllocEvent>();
  REQUIRE(allocs.size() == 2);
  CHECK(allocs[0].callers == std::vector<std::uint64_t>{0x400d1e63, 0x40087834});
  const auto frees = p.all<FreeEvent>();
  REQUIRE(frees.size() == 1);
  CHECK(frees[0].address == 0x3ffb5068);
  CHECK(frees[0].callers == std::vector<std::uint64_t>{0x400d1e80, 0x40087834});
  CHECK(frees[0].pos.line == 3);
  // The free follows its allocation in the event stream.
  CHECK(std::holds_alternative<AllocEvent>(p.events[1]));
  CHECK(std::holds_alternative<FreeEvent>(p.events[2]));
  const auto ends = p.all<SnapshotEnd>();
  REQUIRE(ends.size() == 1);
  CHECK(ends[0].mode == "all");
  CHECK(ends[0].overflowed);
  CHECK(ends[0].complete);
  CHECK(ends[0].reported_count == 1u);
}

TEST_CASE("v5 layout with heap labels, summary block and terminator", "[ingest][esp_idf]") {
  const Parsed p = parse(
      "====== Heap Trace: 2 records (100 capacity) ======\n"
      "    32 bytes (@ 0x3fc9f620, Internal) allocated CPU 0 ccount 0x1a31ac84 caller "
      "0x42008a1d:0x42008b40\n"
      "  4096 bytes (@ 0x3c0a1000,    PSRAM) allocated CPU 1 ccount 0x1a31b618 caller "
      "0x42009c11:0x4037a5e2\n"
      "====== Heap Trace Summary ======\n"
      "Mode: Heap Trace Leaks\n"
      "4128 bytes 'leaked' in trace (2 allocations)\n"
      "records: 2 (100 capacity, 37 high water mark)\n"
      "hashmap: 64 capacity (10 hits, 2 misses)\n"
      "total allocations: 212\n"
      "total frees: 210\n"
      "(NB: Internal Buffer has overflowed, so trace data is incomplete.)\n"
      "================================\n");
  CHECK(p.unclaimed.empty());
  const auto allocs = p.all<AllocEvent>();
  REQUIRE(allocs.size() == 2);
  CHECK(allocs[0].heap == "Internal");
  CHECK(allocs[1].heap == "PSRAM");
  CHECK(allocs[1].size == 4096);
  const auto ends = p.all<SnapshotEnd>();
  REQUIRE(ends.size() == 1);
  CHECK(ends[0].complete);
  CHECK(ends[0].overflowed);
  CHECK(ends[0].total_allocations == 212u);
  CHECK(ends[0].total_frees == 210u);
  CHECK(ends[0].reported_bytes == 4128u);
  CHECK(p.all<SnapshotBegin>()[0].layout == DumpLayout::esp_idf_v5);
}

TEST_CASE("v5.5 layout: freed suffix, no callers, ROM-printed NULLs", "[ingest][esp_idf]") {
  const Parsed p = parse(
      "====== Heap Trace: 3 records (16 capacity) ======\n"
      "     3 bytes (@ 0x3fcb26f8, Internal) allocated CPU 0 ccount 0x1e7af728 freed\n"
      "    24 bytes (@ 0x3fcb5068, Internal) allocated CPU 0 ccount 0x1e7b1dfc\n"
      "     9 bytes (@ 0x3fc9f630, Internal) allocated CPU 0 ccount 0x1a31b618 caller "
      "0x40376321:0x40376379\n"
      "freed by 0x403839e4:0x00000000\n"
      "====== Heap Trace Summary ======\n"
      "Mode: Heap Trace All\n"
      "24 bytes alive in trace (1/3 allocations)\n"
      "================================\n");
  CHECK(p.unclaimed.empty());
  const auto allocs = p.all<AllocEvent>();
  REQUIRE(allocs.size() == 3);
  CHECK(allocs[1].callers.empty());
  const auto frees = p.all<FreeEvent>();
  REQUIRE(frees.size() == 2);
  CHECK(frees[0].address == 0x3fcb26f8);
  CHECK(frees[1].address == 0x3fc9f630);
  CHECK(frees[1].callers == std::vector<std::uint64_t>{0x403839e4});
}

TEST_CASE("RISC-V v4 record ending in 'caller ' and the v3 disabled note", "[ingest][esp_idf]") {
  const Parsed p = parse(
      "no data, heap tracing is disabled.\n"
      "1 allocations trace (10 entry buffer)\n"
      "32 bytes (@ 0x3fc9a214) allocated CPU 0 ccount 0x2e9b7384 caller \n"
      "32 bytes 'leaked' in trace (1 allocations)\n"
      "total allocations 1 total frees 0\n");
  CHECK(p.unclaimed.empty());
  const auto allocs = p.all<AllocEvent>();
  REQUIRE(allocs.size() == 1);
  CHECK(allocs[0].callers.empty());
}

TEST_CASE("task-annotated records (OVMS style) name their task", "[ingest][esp_idf]") {
  const Parsed p = parse(
      "2 allocations trace (8 entry buffer)\n"
      "64 bytes (@ 0x20004a10) allocated CPU 0 ccount 0x0012d680 task 0x20000c40 net caller "
      "0x00000a3b:0x00000cf5:\n"
      "16 bytes (@ 0x20004b00) allocated CPU 0 ccount 0x0012d700 task 0x20000d00 caller "
      "0x00000a41\n"
      "freed task 0x20000d00 by 0x00000a51:0x0\n");
  const auto allocs = p.all<AllocEvent>();
  REQUIRE(allocs.size() == 2);
  CHECK(allocs[0].task == 0x20000c40u);
  CHECK(allocs[0].callers == std::vector<std::uint64_t>{0xa3b, 0xcf5});
  CHECK(allocs[1].task == 0x20000d00u);
  const auto names = p.all<TaskNameEvent>();
  REQUIRE(names.size() == 1);
  CHECK(names[0].task == 0x20000c40u);
  CHECK(names[0].name == "net");
  const auto frees = p.all<FreeEvent>();
  REQUIRE(frees.size() == 1);
  CHECK(frees[0].callers == std::vector<std::uint64_t>{0xa51});
  // No summary: the dump was cut off.
  const auto ends = p.all<SnapshotEnd>();
  REQUIRE(ends.size() == 1);
  CHECK_FALSE(ends[0].complete);
}

TEST_CASE("another task's line inside a caller list, the list resuming on the next line",
          "[ingest][esp_idf][interleave]") {
  const Parsed p = parse(
      "1 allocations trace (8 entry buffer)\n"
      "32 bytes (@ 0x3ffaf214) allocated CPU 0 ccount 0x2e9b7384 caller I (77) wifi: connected\n"
      "0x400d276d:0x400d27c1\n"
      "W (78) app: between alloc and freed by\n"
      "freed by 0x400d2800:0x400d27c1\n"
      "0 bytes alive in trace (0/1 allocations)\n"
      "total allocations 1 total frees 1\n");
  CHECK(p.unclaimed == std::vector<std::uint64_t>{4});
  const auto allocs = p.all<AllocEvent>();
  REQUIRE(allocs.size() == 1);
  CHECK(allocs[0].callers == std::vector<std::uint64_t>{0x400d276d, 0x400d27c1});
  CHECK(p.all<FreeEvent>().size() == 1);
}

TEST_CASE("records before any header start an implicit dump", "[ingest][esp_idf]") {
  const Parsed p = parse(
      "8 bytes (@ 0x3ffaf804) allocated CPU 1 ccount 0x2e9b79c0 caller 0x400d2776\n"
      "8 bytes 'leaked' in trace (1 allocations)\n"
      "total allocations 5 total frees 4\n");
  const auto begins = p.all<SnapshotBegin>();
  REQUIRE(begins.size() == 1);
  CHECK_FALSE(begins[0].header_seen);
  CHECK(p.all<AllocEvent>().size() == 1);
}

TEST_CASE("malformed records are reported, not dropped silently", "[ingest][esp_idf]") {
  const Parsed p = parse(
      "2 allocations trace (8 entry buffer)\n"
      "32 bytes (@ 0x3ffaf2\n"
      "16 bytes (@ 0x3ffaf300) allocated CPU 0 cc\n"
      "8 bytes (@ 0x3ffaf804) allocated CPU 1 ccount 0x2e9b79c0 caller 0x400d2776\n"
      "8 bytes 'leaked' in trace (1 allocations)\n"
      "total allocations 2 total frees 0\n");
  CHECK(p.unclaimed.empty());
  const auto skips = p.all<SkipEvent>();
  REQUIRE(skips.size() == 2);
  CHECK(skips[0].pos.line == 2);
  CHECK(skips[1].pos.line == 3);
  CHECK(skips[0].kind == SkipKind::malformed_record);
  CHECK(p.all<AllocEvent>().size() == 1);
}

TEST_CASE("a second header ends an unfinished dump", "[ingest][esp_idf]") {
  const Parsed p = parse(
      "2 allocations trace (8 entry buffer)\n"
      "32 bytes (@ 0x3ffaf214) allocated CPU 0 ccount 0x2e9b7384 caller 0x400d276d\n"
      "1 allocations trace (8 entry buffer)\n"
      "8 bytes (@ 0x3ffaf804) allocated CPU 1 ccount 0x2e9b79c0 caller 0x400d2776\n"
      "8 bytes 'leaked' in trace (1 allocations)\n"
      "total allocations 3 total frees 2\n");
  const auto ends = p.all<SnapshotEnd>();
  REQUIRE(ends.size() == 2);
  CHECK_FALSE(ends[0].complete);
  CHECK(ends[1].complete);
  CHECK(p.all<SnapshotBegin>().size() == 2);
}

TEST_CASE("a record cut after its ccount keeps its bytes and reports the damage",
          "[ingest][esp_idf][interleave]") {
  const Parsed p = parse(
      "2 allocations trace (8 entry buffer)\n"
      "128 bytes (@ 0x3ffb2100) allocated CPU 0 ccount 0x0000W (901) app: interleaved\n"
      "64 bytes (@ 0x3ffb2200) allocated CPU 0 ccount 0x00001234\n"
      "192 bytes 'leaked' in trace (2 allocations)\n"
      "total allocations 2 total frees 0\n");
  const auto allocs = p.all<AllocEvent>();
  REQUIRE(allocs.size() == 2);
  CHECK(allocs[0].size == 128);
  CHECK(allocs[0].callers.empty());
  const auto skips = p.all<SkipEvent>();
  REQUIRE(skips.size() == 1);
  CHECK(skips[0].kind == SkipKind::damaged_record);
  CHECK(skips[0].pos.line == 2);
}
