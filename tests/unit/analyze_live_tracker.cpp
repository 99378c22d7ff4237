// LiveTracker: snapshots of the boot in progress, and the final report left as it would be.
#include <catch2/catch.hpp>

#include <functional>

#include <nlohmann/json.hpp>

#include "leakscope/analyze/live_tracker.hpp"
#include "leakscope/ingest/log_scanner.hpp"
#include "leakscope/report/json_writer.hpp"
#include "leakscope/symbolize/symbolizer.hpp"

using namespace leakscope;

namespace {

const char* const first_dump =
    "ets Jun  8 2016 00:22:57\n"
    "rst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\n"
    "1 allocations trace (8 entry buffer)\n"
    "64 bytes (@ 0x1000) allocated CPU 0 ccount 0x00000010 task 0x2000 net caller 0xa01:0xb01\n"
    "64 bytes 'leaked' in trace (1 allocations)\n"
    "total allocations 1 total frees 0\n";

const char* const second_dump_head =
    "3 allocations trace (8 entry buffer)\n"
    "64 bytes (@ 0x1000) allocated CPU 0 ccount 0x00000010 task 0x2000 net caller 0xa01:0xb01\n";

const char* const second_dump_tail =
    "64 bytes (@ 0x1100) allocated CPU 0 ccount 0x00000020 task 0x2000 net caller 0xa01:0xb01\n"
    "8 bytes (@ 0x1200) allocated CPU 0 ccount 0x00000030 task 0x3000 ui caller 0xc01:0xb01\n"
    "136 bytes 'leaked' in trace (3 allocations)\n"
    "total allocations 3 total frees 0\n";

// The analyzer and its live view, fed text piece by piece as a serial pipe would.
struct LiveRig {
  PlumbingFilter plumbing = *PlumbingFilter::create();
  Analyzer analyzer{nullptr, plumbing};
  LiveTracker tracker{analyzer};
  LogScanner scanner{tracker};

  // Whole lines only: the scanner keeps its place in a dump from one piece to the next.
  void feed(const std::string& text) {
    auto source = string_source(text);
    scanner.scan(*source, 0);
  }
  LiveSnapshot snapshot() { return tracker.snapshot(0, 1.5); }
};

AllocEvent alloc(std::uint64_t address, std::uint64_t size, std::uint64_t caller) {
  AllocEvent e;
  e.address = address;
  e.size = size;
  e.callers = {caller};
  return e;
}

}  // namespace

TEST_CASE("a live snapshot groups the boot in progress as its report will", "[analyze][live]") {
  LiveRig rig;
  CHECK(rig.snapshot().boot == nullptr);  // nothing read yet
  rig.feed(first_dump);
  rig.feed(second_dump_head);
  rig.feed(second_dump_tail);
  const LiveSnapshot s = rig.snapshot();
  REQUIRE(s.boot != nullptr);
  CHECK(s.seq == 2);
  CHECK(s.uptime_seconds == 1.5);
  CHECK(s.boots == 1);
  CHECK_FALSE(s.dump_in_progress);
  CHECK(s.boot->reset_reason == "rst:0x1 (POWERON_RESET)");
  CHECK(s.boot->leaks.bytes == 136);
  CHECK(s.boot->leaks.count == 3);
  REQUIRE(s.boot->leaks.by_site.size() == 2);
  CHECK(s.boot->leaks.by_site[0].address == 0xa01);
  CHECK(s.boot->leaks.by_site[0].tasks == std::vector<std::string>{"net"});
  REQUIRE(s.boot->leaks.by_task.size() == 2);
  CHECK(s.boot->leaks.by_task[1].task == "ui");
  CHECK(s.read.allocs == 4);  // records of both dumps
  CHECK(s.read.frees == 0);

  const Report report = rig.analyzer.finish();
  REQUIRE(report.boots.size() == 1);
  CHECK(report.boots[0].leaks.bytes == s.boot->leaks.bytes);
  CHECK(report.boots[0].leaks.by_site.size() == s.boot->leaks.by_site.size());
}

TEST_CASE("growth is counted from the boot's first dump, and a reboot starts again",
          "[analyze][live]") {
  LiveRig rig;
  rig.feed(first_dump);
  CHECK(rig.snapshot().growth_bytes == 0);
  rig.feed(second_dump_head);
  rig.feed(second_dump_tail);
  LiveSnapshot s = rig.snapshot();
  CHECK(s.growth_bytes == 72);
  CHECK(s.growth_count == 2);

  rig.feed("ets Jun  8 2016 00:22:57\nrst:0xc (SW_CPU_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\n");
  s = rig.snapshot();
  REQUIRE(s.boot != nullptr);
  CHECK(s.boots == 2);
  CHECK(s.boot->leaks.bytes == 0);
  CHECK(s.growth_bytes == 0);
}

TEST_CASE("growth of a streamed trace is everything live since the boot began", "[analyze][live]") {
  LiveRig rig;
  rig.tracker.on_event(BootEvent{});
  rig.tracker.on_event(alloc(0x1000, 40, 0xa01));
  rig.tracker.on_event(alloc(0x2000, 10, 0xa01));
  FreeEvent free;
  free.address = 0x1000;
  rig.tracker.on_event(std::move(free));
  const LiveSnapshot s = rig.snapshot();
  CHECK(s.growth_bytes == 10);
  CHECK(s.growth_count == 1);
  CHECK(s.read.allocs == 2);
  CHECK(s.read.frees == 1);
}

TEST_CASE("during a dump a snapshot shows the previous complete dump", "[analyze][live]") {
  LiveRig rig;
  SECTION("a dump before") {
    rig.feed(first_dump);
    CHECK(rig.snapshot().boot->leaks.bytes == 64);
    rig.feed(second_dump_head);
    const LiveSnapshot s = rig.snapshot();
    CHECK(s.dump_in_progress);
    CHECK(s.boot->leaks.bytes == 64);
    CHECK(s.boot->trace.dumps == 1);
  }
  SECTION("dumps before, none of them in a snapshot") {
    rig.feed(first_dump);
    rig.feed(second_dump_head);
    rig.feed(second_dump_tail);
    rig.feed(second_dump_head);  // a third dump begins
    const LiveSnapshot s = rig.snapshot();
    CHECK(s.dump_in_progress);
    CHECK(s.boot->leaks.bytes == 136);
    CHECK(s.boot->trace.dumps == 2);
    CHECK(s.growth_bytes == 72);
  }
  SECTION("the boot's first dump: what has been read of it") {
    rig.feed(second_dump_head);
    // A record is passed on when the next line shows its caller list is not continued.
    rig.feed(std::string(second_dump_tail).substr(0, std::string(second_dump_tail).find('\n') + 1));
    const LiveSnapshot s = rig.snapshot();
    CHECK(s.dump_in_progress);
    CHECK(s.boot->leaks.bytes == 64);
    CHECK(s.growth_bytes == 0);
  }
}

TEST_CASE("heap samples, losses and markers of the boot in progress", "[analyze][live]") {
  LiveRig rig;
  rig.tracker.on_event(BootEvent{});
  HeapSampleEvent sample;
  sample.heap = "Internal";
  sample.free = 5000;
  sample.min_free = 4000;
  rig.tracker.on_event(HeapSampleEvent(sample));
  sample.free = 4200;
  sample.largest_free = 2048;
  rig.tracker.on_event(HeapSampleEvent(sample));
  // A line printing only the minimum keeps the other figures of the heap as they were.
  HeapSampleEvent minimum;
  minimum.heap = "Internal";
  minimum.min_free = 3900;
  rig.tracker.on_event(std::move(minimum));
  for (std::size_t i = 0; i < LiveTracker::max_heaps + 4; ++i) {
    HeapSampleEvent other;
    other.heap = "heap" + std::to_string(i);
    rig.tracker.on_event(std::move(other));
  }
  rig.tracker.on_event(TraceLossEvent{{}, LossCause::device_buffer, 7, 0});
  rig.tracker.on_event(MarkerEvent{{}, {}, MarkerKind::cycle_begin, 3, "connect", {}});

  LiveSnapshot s = rig.snapshot();
  REQUIRE(s.heaps.size() == LiveTracker::max_heaps);
  const LiveHeap& internal = s.heaps.front();  // "Internal" sorts before "heap0"
  CHECK(internal.last.heap == "Internal");
  CHECK(internal.last.free == 4200);
  CHECK(internal.free_change == -800);
  CHECK(internal.last.largest_free == 2048u);
  CHECK(internal.last.min_free == 3900u);
  CHECK(s.lost_records == 7);
  REQUIRE(s.last_marker);
  CHECK(s.last_marker->number == 3);

  rig.tracker.on_event(BootEvent{});
  s = rig.snapshot();
  CHECK(s.heaps.empty());
  CHECK(s.lost_records == 0);
  CHECK_FALSE(s.last_marker);
}

namespace {

// A streamed boot with the gateway sample's ELF: a block at one call site comes and goes, one
// at another stays. `between` runs where live mode could take a snapshot.
nlohmann::json streamed_report(const std::function<void(LiveTracker&)>& between) {
  Symbolizer symbolizer;
  REQUIRE(symbolizer.add_elf(std::string(LEAKSCOPE_SOURCE_DIR) + "/samples/gateway/gateway.elf").ok());
  auto plumbing = PlumbingFilter::create();
  Analyzer analyzer(&symbolizer, *plumbing);
  LiveTracker tracker(analyzer);
  tracker.on_event(BootEvent{});
  tracker.on_event(alloc(0x1000, 96, 0xe27));  // net_session_open
  between(tracker);
  FreeEvent free;
  free.address = 0x1000;
  tracker.on_event(std::move(free));
  tracker.on_event(alloc(0x2000, 48, 0x1003));  // sensor_poll, inlined in sensor_task_step
  between(tracker);
  return report_to_json(analyzer.finish());
}

}  // namespace

TEST_CASE("snapshots leave the final report exactly as it is without them", "[analyze][live]") {
  std::vector<std::string> seen;
  const nlohmann::json with = streamed_report([&](LiveTracker& tracker) {
    const LiveSnapshot s = tracker.snapshot(0, 0);
    seen.push_back(s.boot->leaks.by_site.at(0).function);
  });
  CHECK(seen == std::vector<std::string>{"net_session_open", "sensor_poll"});
  const nlohmann::json without = streamed_report([](LiveTracker&) {});
  CHECK(with == without);
  // The address the snapshot looked up is in no report, and not counted.
  CHECK(with["diagnostics"]["symbolization"]["addresses"] == 1);
}
