// The ledger over streamed binary traces: live blocks, realloc, losses making a boot
// incomplete, boot markers from the log and the trace, task handles reused, build-ids.
#include <catch2/catch.hpp>

#include "leakscope/analyze/analyzer.hpp"
#include "leakscope/analyze/elf_choice.hpp"
#include "leakscope/ingest/base64.hpp"
#include "leakscope/ingest/evidence_reader.hpp"
#include "trace_builder.hpp"

using namespace leakscope;
using leakscope::testing::TraceBuilder;

namespace {

Report analyze_bytes(const std::string& bytes) {
  auto plumbing = PlumbingFilter::create();
  REQUIRE(plumbing.ok());
  Analyzer analyzer(nullptr, *plumbing);
  EvidenceReader reader(analyzer);
  auto source = string_source(bytes, "in", 7);
  reader.read(*source, 0);
  reader.finish();
  return analyzer.finish();
}

std::string lstrace(const TraceBuilder& t, std::size_t frame) {
  const auto& e = t.extents[frame];
  return "LSTRACE:" + base64_encode(std::string_view(t.bytes).substr(e.begin, e.end - e.begin)) + "\n";
}

}  // namespace

TEST_CASE("a streamed trace keeps the blocks still live at its end", "[analyze][trace]") {
  TraceBuilder t;
  t.header().boot().task(0x2000, "net");
  t.alloc(0x1000, 64).alloc(0x1100, 32).free(0x1000);
  t.realloc(0x1100, 0x1200, 48).realloc(0, 0x1300, 8).realloc(0x1300, 0, 0).realloc(0x1200, 0, 99);
  t.alloc(0, 500).free(0x9999).heap(0, 1000).marker(0, 0, "note").marker(1, 1, "begin");
  const Report r = analyze_bytes(t.bytes);
  REQUIRE(r.boots.size() == 1);
  const BootReport& b = r.boots[0];
  CHECK(b.has_trace);
  CHECK_FALSE(b.incomplete);
  CHECK(b.leaks.count == 1);  // 0x1200: moved by realloc, its failed resize left it live
  CHECK(b.leaks.bytes == 48);
  REQUIRE(b.leaks.by_task.size() == 1);
  CHECK(b.leaks.by_task[0].task == "net");
  const TraceInfo& trace = b.trace;
  CHECK(trace.dumps == 0);
  CHECK(trace.layout == "leakscope-trace 1.0");
  CHECK(trace.firmware == "test-fw 1.0");
  CHECK(trace.tick_ns == 1000);
  CHECK(trace.records == 6);  // 2 ALLOC, 3 REALLOC allocating (one failed), 1 failed ALLOC
  CHECK(trace.freed_records == 4);
  CHECK(trace.failed_allocations == 2);
  CHECK(trace.unmatched_frees == 1);
  CHECK(trace.heap_samples == 1);
  CHECK(trace.markers == 2);
}

TEST_CASE("trace losses make the boot incomplete, with the counts and why", "[analyze][trace]") {
  TraceBuilder t;
  t.header().boot().alloc(0x1000, 64).loss(5, 120);
  t.seq = 20;
  t.alloc(0x1100, 8);
  const Report r = analyze_bytes(t.bytes.substr(t.extents[2].begin));  // the capture began late
  REQUIRE(r.boots.size() == 1);
  const BootReport& b = r.boots[0];
  CHECK(b.incomplete);
  REQUIRE(b.incomplete_reasons.size() == 1);
  CHECK(b.incomplete_reasons[0] ==
        "trace records were lost: 5 dropped by the device (its buffer was full), 16 lost in "
        "transit (sequence numbers skipped), 2 written before the capture began");
  REQUIRE(b.trace.lost.size() == 3);
  CHECK(b.trace.lost[0].cause == LossCause::device_buffer);
  CHECK(b.trace.lost[0].bytes == 120);
}

TEST_CASE("boot markers of the log and of the trace make one boot", "[analyze][trace]") {
  TraceBuilder t;
  t.header().boot("SW_CPU_RESET").alloc(0x1000, 64);
  TraceBuilder second;
  second.header().boot().alloc(0x2000, 32);

  SECTION("HEADER then BOOT: one boot, named by BOOT") {
    const Report r = analyze_bytes(t.bytes + second.bytes);
    REQUIRE(r.boots.size() == 2);
    CHECK(r.boots[0].reset_reason == "SW_CPU_RESET");
    CHECK(r.boots[1].leaks.bytes == 32);
  }
  SECTION("the ROM's boot lines, then the trace's markers on LSTRACE lines: one boot") {
    const std::string log = "ets Jun  8 2016 00:22:57\nrst:0xc (SW_CPU_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\n" +
                            lstrace(t, 0) + "I (31) cpu_start: Pro cpu up.\n" + lstrace(t, 1) + lstrace(t, 2) +
                            "ets Jun  8 2016 00:22:57\n" + lstrace(second, 0) + lstrace(second, 1) + lstrace(second, 2);
    const Report r = analyze_bytes(log);
    REQUIRE(r.boots.size() == 2);
    CHECK(r.boots[0].reset_reason == "rst:0xc (SW_CPU_RESET)");
    CHECK(r.boots[0].leaks.bytes == 64);
    CHECK(r.boots[1].leaks.bytes == 32);
  }
  SECTION("two HEADERs with nothing traced between them are two boots") {
    TraceBuilder twice;
    twice.header().header().alloc(0x1000, 8);
    CHECK(analyze_bytes(twice.bytes).boots.size() == 2);
  }
}

TEST_CASE("a task handle reused after the task ended names another task", "[analyze][trace]") {
  TraceBuilder t;
  t.header().boot().task(0x2000, "ota").alloc(0x1000, 64, {0xa}).task(0x2000, "", 2);
  t.task(0x2000, "http").alloc(0x1100, 32, {0xb});
  const Report r = analyze_bytes(t.bytes);
  REQUIRE(r.boots.size() == 1);
  const auto& tasks = r.boots[0].leaks.by_task;
  REQUIRE(tasks.size() == 2);
  CHECK(tasks[0].task == "ota");
  CHECK(tasks[1].task == "http");
}

TEST_CASE("a trace HEADER's build-id must be the ELF's", "[analyze][elf][trace]") {
  ElfSummary elf;
  elf.path = "app.elf";
  elf.sha256 = "10754aa5662813c3e75b794059aeefc51a67bb38c64c095981d5b0357c6a0124";
  elf.build_id = "0123abcd";
  const std::vector<std::vector<ElfSummary>> builds = {{elf}};
  auto choose = [&](std::string sha, std::string build_id) {
    return choose_elf({ElfIdentityEvent{SourcePos{}, std::move(sha), std::move(build_id)}}, builds,
                      ElfPolicy{});
  };
  CHECK(choose("", "0123abcd").elf.match == ElfMatch::verified);
  CHECK(choose("10754aa5", "0123abcd").elf.match == ElfMatch::verified);
  CHECK(choose("10754aa5", "0123abce").elf.refused);
  CHECK(choose("", "0123ab").elf.refused);  // a build-id is compared whole
  CHECK(choose("a70952bc", "0123abcd").elf.refused);
}
