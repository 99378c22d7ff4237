#include <catch2/catch.hpp>

#include <algorithm>

#include "analyze_text.hpp"

using namespace leakscope;
using testing::analyze_text;

namespace {

// The invariant every report keeps: each grouping adds up to the boot's totals.
void check_totals(const Report& report) {
  std::uint64_t all_bytes = 0;
  for (const BootReport& b : report.boots) {
    std::uint64_t site_bytes = 0, site_count = 0, stack_bytes = 0, stack_count = 0,
                  task_bytes = 0, task_count = 0;
    for (const auto& g : b.leaks.by_site) site_bytes += g.stats.bytes, site_count += g.stats.count;
    for (const auto& g : b.leaks.by_stack)
      stack_bytes += g.stats.bytes, stack_count += g.stats.count;
    for (const auto& g : b.leaks.by_task) task_bytes += g.stats.bytes, task_count += g.stats.count;
    CHECK(site_bytes == b.leaks.bytes);
    CHECK(stack_bytes == b.leaks.bytes);
    CHECK(task_bytes == b.leaks.bytes);
    CHECK(site_count == b.leaks.count);
    CHECK(stack_count == b.leaks.count);
    CHECK(task_count == b.leaks.count);
    all_bytes += b.leaks.bytes;
  }
  CHECK(all_bytes == report.leaked_bytes);
}

const char* const two_boots =
    "ets Jun  8 2016 00:22:57\n"
    "rst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\n"
    "3 allocations trace (8 entry buffer)\n"
    "64 bytes (@ 0x1000) allocated CPU 0 ccount 0x00000010 task 0x2000 net caller 0xa01:0xb01\n"
    "64 bytes (@ 0x1100) allocated CPU 0 ccount 0x00000020 task 0x2000 net caller 0xa01:0xb01\n"
    "8 bytes (@ 0x1200) allocated CPU 0 ccount 0x00000030 task 0x3000 ui caller 0xc01:0xb01\n"
    "freed by 0xc11:0x0\n"
    "128 bytes alive in trace (2/3 allocations)\n"
    "total allocations 40 total frees 38\n"
    "ets Jun  8 2016 00:22:57\n"
    "rst:0xc (SW_CPU_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\n"
    "1 allocations trace (8 entry buffer)\n"
    "64 bytes (@ 0x1000) allocated CPU 0 ccount 0x00000010 task 0x2000 net caller 0xa01:0xb01\n"
    "64 bytes 'leaked' in trace (1 allocations)\n"
    "total allocations 9 total frees 8\n";

}  // namespace

TEST_CASE("allocations are ledgered per boot and never paired across boots", "[analyze]") {
  const Report report = analyze_text(two_boots);
  REQUIRE(report.boots.size() == 2);
  const BootReport& first = report.boots[0];
  CHECK(first.reset_reason == "rst:0x1 (POWERON_RESET)");
  CHECK_FALSE(first.incomplete);
  CHECK(first.leaks.bytes == 128);
  CHECK(first.leaks.count == 2);
  REQUIRE(first.leaks.by_site.size() == 1);
  CHECK(first.leaks.by_site[0].address == 0xa01);
  CHECK(first.leaks.by_site[0].tasks == std::vector<std::string>{"net"});
  CHECK(first.leaks.by_site[0].stats.first_seq == 1);
  CHECK(first.leaks.by_site[0].stats.last_seq == 2);
  CHECK(first.trace.total_allocations == 40u);
  CHECK(first.trace.freed_records == 1);
  REQUIRE(first.leaks.by_task.size() == 1);
  CHECK(first.leaks.by_task[0].task == "net");
  CHECK(first.leaks.by_task[0].handle == 0x2000u);

  const BootReport& second = report.boots[1];
  CHECK(second.leaks.bytes == 64);
  CHECK(second.leaks.count == 1);
  CHECK(report.leaked_bytes == 192);
  check_totals(report);
}

TEST_CASE("a later dump in the same boot supersedes the earlier one", "[analyze]") {
  const Report report = analyze_text(
      "1 allocations trace (8 entry buffer)\n"
      "64 bytes (@ 0x1000) allocated CPU 0 ccount 0x00000010 caller 0xa01\n"
      "64 bytes 'leaked' in trace (1 allocations)\n"
      "total allocations 1 total frees 0\n"
      "2 allocations trace (8 entry buffer)\n"
      "64 bytes (@ 0x1000) allocated CPU 0 ccount 0x00000010 caller 0xa01\n"
      "32 bytes (@ 0x2000) allocated CPU 0 ccount 0x00000020 caller 0xa41\n"
      "96 bytes 'leaked' in trace (2 allocations)\n"
      "total allocations 2 total frees 0\n");
  REQUIRE(report.boots.size() == 1);
  CHECK(report.boots[0].trace.dumps == 2);
  CHECK(report.boots[0].leaks.bytes == 96);
  CHECK(report.boots[0].leaks.by_site.size() == 2);
  CHECK(report.boots[0].leaks.by_site[0].stats.bytes == 64);  // sorted by bytes
  CHECK(report.boots[0].leaks.by_task[0].task == "unknown");
  check_totals(report);
}

TEST_CASE("incomplete evidence marks the boot incomplete with reasons", "[analyze]") {
  SECTION("overflow") {
    const Report r = analyze_text(
        "1 allocations trace (1 entry buffer)\n"
        "64 bytes (@ 0x1000) allocated CPU 0 ccount 0x00000010 caller 0xa01\n"
        "64 bytes 'leaked' in trace (1 allocations)\n"
        "total allocations 5 total frees 0\n"
        "(NB: Buffer has overflowed, so trace data is incomplete.)\n");
    REQUIRE(r.boots.size() == 1);
    CHECK(r.boots[0].incomplete);
    CHECK(r.boots[0].incomplete_reasons.size() == 1);
  }
  SECTION("truncated dump") {
    const Report r = analyze_text(
        "2 allocations trace (8 entry buffer)\n"
        "64 bytes (@ 0x1000) allocated CPU 0 ccount 0x00000010 caller 0xa01\n");
    CHECK(r.boots[0].incomplete);
    CHECK(r.boots[0].leaks.bytes == 64);
  }
  SECTION("device totals disagree with what was read") {
    const Report r = analyze_text(
        "2 allocations trace (8 entry buffer)\n"
        "64 bytes (@ 0x1000) allocated CPU 0 ccount 0x00000010 caller 0xa01\n"
        "garbled 32 bytes (@ 0x2000) alloc\n"
        "96 bytes 'leaked' in trace (2 allocations)\n"
        "total allocations 2 total frees 0\n");
    CHECK(r.boots[0].incomplete);
    const auto& reasons = r.boots[0].incomplete_reasons;
    CHECK(std::any_of(reasons.begin(), reasons.end(), [](const std::string& reason) {
      return reason.find("96 bytes in 2") != std::string::npos;
    }));
    CHECK(std::any_of(reasons.begin(), reasons.end(), [](const std::string& reason) {
      return reason.find("lists 2 records but 1 were read") != std::string::npos;
    }));
  }
  SECTION("malformed record") {
    const Report r = analyze_text(
        "2 allocations trace (8 entry buffer)\n"
        "64 bytes (@ 0x1000) allocated CPU 0 ccount 0x00000010 caller 0xa01\n"
        "32 bytes (@ 0x2000) allocated CP\n"
        "96 bytes 'leaked' in trace (2 allocations)\n"
        "total allocations 2 total frees 0\n");
    CHECK(r.boots[0].incomplete);
    REQUIRE(r.diagnostics.skipped.size() == 1);
    CHECK(r.diagnostics.skipped[0].count == 1);
    CHECK(r.diagnostics.skipped[0].first[0].line == 3);
  }
  SECTION("a clean dump") {
    const Report r = analyze_text(
        "1 allocations trace (8 entry buffer)\n"
        "64 bytes (@ 0x1000) allocated CPU 0 ccount 0x00000010 caller 0xa01\n"
        "64 bytes 'leaked' in trace (1 allocations)\n"
        "total allocations 2 total frees 1\n");
    CHECK_FALSE(r.boots[0].incomplete);
  }
}

TEST_CASE("plumbing filter matches allocator frames by whole name", "[analyze][plumbing]") {
  auto filter = PlumbingFilter::create({"my_pool_.*"});
  REQUIRE(filter.ok());
  for (const char* name : {"malloc", "__wrap_malloc", "_malloc_r", "calloc", "realloc",
                           "heap_caps_malloc", "heap_caps_malloc_default", "multi_heap_malloc",
                           "pvPortMalloc", "operator new(unsigned long)", "operator new[](unsigned int)",
                           "mem_malloc", "k_malloc", "my_pool_get"}) {
    CAPTURE(name);
    CHECK(filter->is_plumbing(name));
  }
  for (const char* name : {"session_open", "malloc_wrapper_test", "app_malloc_stats", ""}) {
    CAPTURE(name);
    CHECK_FALSE(filter->is_plumbing(name));
  }
  CHECK_FALSE(PlumbingFilter::create({"(unclosed"}).ok());
}
