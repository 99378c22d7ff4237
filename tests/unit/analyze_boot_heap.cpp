// Heap health wired through the analyzer: each boot's samples and messages become its heap
// report (trend per heap and figure, primary series, correlation), with the time axis, the
// floor from boots that crashed, the memory caps and the exit code.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "analyze_text.hpp"
#include "leakscope/analyze/analyzer.hpp"
#include "run_cli.hpp"
#include "synthetic_heap.hpp"
#include "temp_file.hpp"

using namespace leakscope;

namespace {

// Drives an Analyzer with events, one line per event, as a scanner would.
class Feed {
 public:
  explicit Feed(HeapOptions options = {})
      : plumbing_(*PlumbingFilter::create({})),
        analyzer_(std::vector<Symbolizer*>{}, {}, plumbing_, options) {}

  Feed& boot(const std::string& reset = "rst:0x1 (POWERON_RESET)") {
    analyzer_.on_event(BootEvent{next(), "", reset});
    return *this;
  }
  Feed& sample(std::optional<double> seconds, double free, std::string heap = {},
               TimeBase base = TimeBase::since_boot) {
    HeapSampleEvent e;
    e.pos = next();
    if (seconds) e.logged_at = LineTime{*seconds, base};
    e.heap = std::move(heap);
    e.free = static_cast<std::uint64_t>(free);
    analyzer_.on_event(std::move(e));
    return *this;
  }
  Feed& min_free(double seconds, double bytes) {
    HeapSampleEvent e;
    e.pos = next();
    e.logged_at = LineTime{seconds, TimeBase::since_boot};
    e.min_free = static_cast<std::uint64_t>(bytes);
    analyzer_.on_event(std::move(e));
    return *this;
  }
  Feed& message(std::optional<double> seconds, std::string text, bool crash = false) {
    std::optional<LineTime> at;
    if (seconds) at = LineTime{*seconds, TimeBase::since_boot};
    analyzer_.on_event(LogMessageEvent{next(), at, std::move(text), crash});
    return *this;
  }
  // A leak of `quantum` after an error line every `period` seconds, sampled every 600 s.
  Feed& leaking(double from, double to, double start_bytes, double quantum = 4096,
                double period = 3000) {
    double level = start_bytes;
    for (double t = from; t <= to; t += 600) {
      if (static_cast<long>(t - from) % static_cast<long>(period) == 0 && t > from) {
        message(t - 300, "E (1) app: session lost (err 7)");
        level -= quantum;
      }
      message(t - 100, "I (1) app: tick");
      sample(t, level);
    }
    return *this;
  }
  Feed& cycle(double seconds) {
    analyzer_.on_event(MarkerEvent{next(), std::nullopt, MarkerKind::cycle_begin, 0, "connect",
                                   LineTime{seconds, TimeBase::since_boot}});
    return *this;
  }
  Feed& input(std::uint32_t index) {
    input_ = index;
    line_ = 0;
    return *this;
  }
  Report finish() { return analyzer_.finish(); }

 private:
  SourcePos next() { return SourcePos{input_, ++line_, 0}; }

  PlumbingFilter plumbing_;
  Analyzer analyzer_;
  std::uint32_t input_ = 0;
  std::uint64_t line_ = 0;
};

const HeapSeries& primary(const BootReport& boot) {
  REQUIRE(boot.heap);
  return boot.heap->series[boot.heap->primary];
}

}  // namespace

TEST_CASE("a log's telemetry and messages make the boot's heap report", "[analyze][boot_heap]") {
  const synthetic::CellularCase c = synthetic::cellular_case(4);
  std::string log;
  for (const synthetic::Line& line : c.lines) log += line.text + "\n";
  const Report report = testing::analyze_text(log);
  REQUIRE(report.boots.size() == 1);
  const BootHeap& heap = *report.boots[0].heap;
  CHECK(heap.axis == HeapAxis::seconds);
  CHECK(heap.time_base == TimeBase::since_boot);
  const HeapSeries& free = primary(report.boots[0]);
  CHECK(free.figure == HeapFigure::free);
  CHECK(free.verdict == HeapVerdict::leaking);
  CHECK(free.samples == c.samples.size());
  REQUIRE(free.quantum_bytes);
  CHECK(*free.quantum_bytes == Approx(5120).epsilon(0.1));
  REQUIRE_FALSE(heap.correlated_events.empty());
  CHECK(heap.correlated_events.front().pattern ==
        "ERROR system: Failed to load session data (error -<n>)");
  // Each step points at the sample line that showed it.
  for (const HeapDrop& d : free.steps) {
    REQUIRE(d.at.line >= 1);
    CHECK(c.lines[d.at.line - 1].heap_sample);
  }
  CHECK(heap.messages + free.samples <= c.lines.size());
  CHECK_FALSE(heap.crashed());
}

TEST_CASE("a boot that crashed sets the floor of the boots after it", "[analyze][boot_heap]") {
  Feed feed;
  feed.boot().leaking(0, 36000, 100000);  // ends at 100000 - 12 x 4096
  feed.boot("rst:0x8 (TG1WDT_SYS_RESET)").leaking(0, 18000, 100000);
  feed.message(18100, "Guru Meditation Error: Core  0 panic'ed (LoadProhibited).", true);
  feed.boot("rst:0xc (SW_CPU_RESET)").leaking(0, 18000, 100000);
  feed.boot("rst:0x1 (POWERON_RESET)").leaking(0, 18000, 100000);
  const Report r = feed.finish();
  REQUIRE(r.boots.size() == 4);

  CHECK(primary(r.boots[0]).floor_source == HeapFloorSource::empty_heap);
  CHECK(r.boots[0].heap->crash_reset == "rst:0x8 (TG1WDT_SYS_RESET)");
  CHECK(r.boots[0].heap->crashed());

  const HeapSeries& second = primary(r.boots[1]);
  CHECK(second.verdict == HeapVerdict::leaking);
  CHECK(second.floor_source == HeapFloorSource::deaths);
  CHECK(second.floor_bytes == 100000 - 12 * 4096);
  REQUIRE(r.boots[1].heap->panic_at);
  CHECK(r.boots[1].heap->crash_reset.empty());  // SW_CPU_RESET: only the panic says it crashed

  // Two deaths: the median of where they ended.
  CHECK(primary(r.boots[2]).floor_bytes == Approx((100000 - 12 * 4096 + 100000 - 6 * 4096) / 2.0));
  CHECK_FALSE(r.boots[2].heap->crashed());  // a power-on reset after it is no crash
  CHECK(primary(r.boots[3]).floor_source == HeapFloorSource::deaths);
}

TEST_CASE("a given heap floor wins over deaths", "[analyze][boot_heap]") {
  HeapOptions options;
  options.floor_bytes = 20000;
  Feed feed(options);
  feed.boot()
      .leaking(0, 36000, 100000)
      .boot("rst:0x8 (TG1WDT_SYS_RESET)")
      .leaking(0, 36000, 100000);
  const Report r = feed.finish();
  CHECK(primary(r.boots[1]).floor_source == HeapFloorSource::given);
  CHECK(primary(r.boots[1]).floor_bytes == 20000);
}

TEST_CASE("without timestamps, positions are lines over every input", "[analyze][boot_heap]") {
  Feed feed;
  double level = 80000;
  for (int i = 0; i < 40; ++i) {
    if (i == 20) feed.input(1);  // the capture goes on in a second file
    if (i % 4 == 3) {
      feed.message(std::nullopt, "socket leaked");
      level -= 1000;
    }
    feed.message(std::nullopt, "tick").sample(std::nullopt, level);
  }
  const Report r = feed.finish();
  const BootHeap& heap = *r.boots[0].heap;
  CHECK(heap.axis == HeapAxis::lines);
  CHECK_FALSE(heap.time_base);
  CHECK(heap.axis_reason == "a heap sample has no timestamp");
  CHECK(heap.correlation_window == 10);
  const HeapSeries& s = primary(r.boots[0]);
  CHECK(s.verdict == HeapVerdict::leaking);
  // The second input's lines come after the first's 45: 90 lines in all.
  CHECK(s.last == 90);
  CHECK(s.reason.find("per 3600 lines") != std::string::npos);
  REQUIRE_FALSE(heap.correlated_events.empty());
  CHECK(heap.correlated_events.front().pattern == "socket leaked");
}

TEST_CASE("two clocks in one boot fall back to lines, and say so", "[analyze][boot_heap]") {
  Feed feed;
  for (int i = 0; i < 10; ++i)
    feed.sample(i * 60.0, 50000, {}, i < 5 ? TimeBase::since_boot : TimeBase::time_of_day);
  const Report r = feed.finish();
  CHECK(r.boots[0].heap->axis == HeapAxis::lines);
  CHECK(r.boots[0].heap->axis_reason ==
        "heap samples carry times of two clocks (since_boot, time_of_day)");
  CHECK(primary(r.boots[0]).verdict == HeapVerdict::stable);
}

TEST_CASE("a trace's HEAP records are placed by ticks times the tick length",
          "[analyze][boot_heap]") {
  auto plumbing = PlumbingFilter::create({});
  Analyzer analyzer(nullptr, *plumbing);
  analyzer.on_event(TraceStartEvent{{0, 0, 10}, "leakscope-trace 1.0", 1000000, ""});  // 1 ms ticks
  for (std::uint64_t i = 0; i < 10; ++i) {
    HeapSampleEvent e;
    e.pos = {0, 0, 100 + i};
    e.time = i * 60000;  // a minute apart
    e.heap = "SRAM";
    e.free = 60000 - (i >= 5 ? 4096 : 0);
    analyzer.on_event(std::move(e));
  }
  const Report r = analyzer.finish();
  const BootHeap& heap = *r.boots[0].heap;
  CHECK(heap.axis == HeapAxis::seconds);
  CHECK(r.boots[0].trace.heap_samples == 10);
  const HeapSeries& s = primary(r.boots[0]);
  CHECK(s.heap == "SRAM");
  CHECK(s.last == Approx(540));
  REQUIRE(s.steps.size() == 1);
  CHECK(s.steps[0].at.offset == 105);
}

TEST_CASE("the primary series: free first, then the heap leaking soonest", "[analyze][boot_heap]") {
  Feed feed;
  feed.boot();
  for (int i = 0; i < 20; ++i) {
    feed.sample(i * 600.0, 90000, "internal");
    feed.sample(i * 600.0 + 1, 2000000 - (i / 3) * 8192.0, "PSRAM");
    feed.min_free(i * 600.0 + 2, 30000 - i * 512.0);
  }
  const Report r = feed.finish();
  const BootHeap& heap = *r.boots[0].heap;
  // "" (min_free only), "PSRAM" (free), "internal" (free): by label, then figure.
  REQUIRE(heap.series.size() == 3);
  CHECK(heap.series[0].heap.empty());
  CHECK(heap.series[0].figure == HeapFigure::min_free);
  const HeapSeries& p = primary(r.boots[0]);
  CHECK(p.heap == "PSRAM");
  CHECK(p.verdict == HeapVerdict::leaking);

  Feed only_min;
  for (int i = 0; i < 10; ++i) only_min.min_free(i * 600.0, 30000);
  CHECK(primary(only_min.finish().boots[0]).figure == HeapFigure::min_free);
}

TEST_CASE("messages: capped, counted, never opening a boot", "[analyze][boot_heap]") {
  HeapOptions options;
  options.max_message_types = 2;
  options.max_occurrences = 4;
  Feed feed(options);
  feed.message(1, "before any boot: no boot opens");
  feed.boot();
  feed.message(2, "before the first sample: not kept");
  for (int i = 0; i < 10; ++i)
    feed.sample(i * 60.0, 50000)
        .message(i * 60.0 + 1, "kind " + std::string(1, static_cast<char>('a' + i % 3)));
  const Report r = feed.finish();
  REQUIRE(r.boots.size() == 1);
  const BootHeap& heap = *r.boots[0].heap;
  CHECK(heap.messages == 10);
  // Kinds a and b fill the type cap; c is beyond it; the fifth kept occurrence is beyond the
  // occurrence cap.
  CHECK(heap.uncorrelated_messages == 10 - 4);
}

TEST_CASE("telemetry is evidence: exit codes without a heap trace", "[analyze][boot_heap][cli]") {
  std::string stable, leaking;
  for (int i = 0; i < 30; ++i) {
    stable += fmt::format("I ({}) sys: free heap: {}\n", i * 60000, 50000 + (i % 2) * 100);
    if (i % 5 == 4) leaking += fmt::format("E ({}) ppp: session lost\n", i * 60000 - 1000);
    leaking += fmt::format("I ({}) sys: free heap: {}\n", i * 60000, 50000 - (i / 5) * 4096);
  }
  const testing::TempFile stable_log("stable.log", stable);
  const testing::TempFile leaking_log("leaking.log", leaking);
  CHECK(testing::run_cli({"analyze", stable_log.path()}).code == exit_clean);
  CHECK(testing::run_cli({"analyze", leaking_log.path()}).code == exit_leaks);
  // Lost for good: five drops of 4 KiB. A threshold above that tolerates it.
  CHECK(testing::run_cli({"analyze", "--fail-on-leak", "30000", leaking_log.path()}).code ==
        exit_clean);
  const auto json = testing::run_cli(
      {"analyze", "--format", "json", "--heap-floor", "10 KiB", leaking_log.path()});
  const auto heap = nlohmann::json::parse(json.out)["boots"][0]["heap"];
  CHECK(heap["verdict"] == "leaking");
  CHECK(heap["floor_bytes"] == 10240);
  CHECK(heap["floor_source"] == "given");
  CHECK(heap["leak_rate_per"] == "hour");
  CHECK(heap["correlated_events"][0]["pattern"] == "E ppp: session lost");
  const auto bad = testing::run_cli({"analyze", "--heap-floor", "lots", leaking_log.path()});
  CHECK(bad.code == exit_usage_error);
  CHECK(bad.err ==
        "leakscope: --heap-floor 'lots': not a byte count (e.g. 15360, 15K, 12.5 KiB)\n");
}

TEST_CASE("cycles: free heap kept per cycle", "[analyze][boot_heap]") {
  Feed feed;
  feed.boot();
  double level = 60000;
  for (int k = 0; k < 8; ++k) {
    const double t = k * 100.0;
    feed.cycle(t + 10);
    if (k == 5) continue;                     // no sample in this cycle: not measured
    level -= k == 5 || k == 6 ? 2000 : 1000;  // cycle 6 keeps two cycles' worth
    feed.sample(t + 50, level);
  }
  const Report r = feed.finish();
  REQUIRE(r.boots[0].heap->cycles);
  const HeapCycles& c = *r.boots[0].heap->cycles;
  CHECK(c.count == 8);
  REQUIRE(c.cycles.size() == 8);
  // The first cycle has no level before it; the sixth no sample in it; the last is running.
  CHECK_FALSE(c.cycles[0].retained_bytes);
  CHECK(c.cycles[1].retained_bytes == 1000);
  CHECK_FALSE(c.cycles[5].retained_bytes);
  CHECK(c.cycles[6].retained_bytes == 2000);
  CHECK(c.cycles[7].number == 8);
  CHECK_FALSE(c.cycles[7].complete);
  CHECK(c.cycles[7].retained_bytes == 1000);
  CHECK(c.measured == 6);
  CHECK(c.median_retained_bytes == 1000);
  CHECK(c.mean_retained_bytes == Approx(6000.0 / 5));
}

TEST_CASE("the cycle option marks where cycles begin in a log", "[analyze][boot_heap][cli]") {
  std::string log;
  double level = 80000;
  for (int i = 0; i < 12; ++i) {
    log += fmt::format("I ({}) net: client connected from 10.0.0.{}\n", i * 60000 + 1000, i);
    level -= 512;
    log += fmt::format("I ({}) sys: free heap: {}\n", i * 60000 + 30000, level);
  }
  const testing::TempFile file("cycles.log", log);
  const auto json =
      testing::run_cli({"analyze", "--format", "json", "--cycle", "client connected", file.path()});
  const auto cycles = nlohmann::json::parse(json.out)["boots"][0]["heap"]["cycles"];
  // No boot line: the boot opens at its first sample (line 2), after the first cycle began.
  CHECK(cycles["count"] == 11);
  CHECK(cycles["median_retained_bytes"] == 512);
  CHECK(cycles["cycles"][0]["at"]["line"] == 3);
  const auto bad = testing::run_cli({"analyze", "--cycle", "(", file.path()});
  CHECK(bad.code == exit_usage_error);
  CHECK(bad.err.starts_with("leakscope: cycle pattern '(': "));
}

TEST_CASE("a streamed trace reconciled with telemetry", "[analyze][boot_heap]") {
  auto plumbing = PlumbingFilter::create({});
  Analyzer analyzer(nullptr, *plumbing);
  analyzer.on_event(TraceStartEvent{{0, 0, 1}, "leakscope-trace 1.0", 1000000, ""});
  std::uint64_t offset = 10;
  auto alloc = [&](std::uint64_t address, std::uint64_t size) {
    AllocEvent a;
    a.pos = {0, 0, offset++};
    a.address = address;
    a.size = size;
    analyzer.on_event(std::move(a));
  };
  for (std::uint64_t i = 0; i < 10; ++i) {
    alloc(0x1000 + i * 0x100, 900);  // kept: 900 B traced per step
    alloc(0x9000, 64);               // and one freed again
    analyzer.on_event(FreeEvent{{0, 0, offset++}, 0x9000, {}, {}, {}});
    HeapSampleEvent e;
    e.pos = {0, 0, offset++};
    e.time = i * 1000;
    e.free = 50000 - i * 1000;  // the heap loses 1000 B per step: 100 B the trace misses
    analyzer.on_event(std::move(e));
  }
  const Report r = analyzer.finish();
  REQUIRE(r.boots[0].heap->reconciliation);
  const HeapReconciliation& rec = *r.boots[0].heap->reconciliation;
  CHECK(rec.telemetry_loss_bytes == 9000);
  CHECK(rec.traced_growth_bytes == 8100);
  CHECK(rec.untraced_bytes == 900);
  CHECK(rec.from.offset == 13);
  CHECK(r.boots[0].leaks.bytes == 9000);
}
