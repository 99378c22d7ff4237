// Cycle growth: a heap trace's call sites over the last cycles, classified.
#include <catch2/catch.hpp>

#include "leakscope/analyze/analyzer.hpp"

using namespace leakscope;

namespace {

// A streamed trace of 15 cycles. Each site's caller list is one made-up address, so without
// an ELF the site is that address.
class Cycles {
 public:
  Cycles() : plumbing_(*PlumbingFilter::create({})), analyzer_(nullptr, plumbing_) {
    analyzer_.on_event(TraceStartEvent{next(), "leakscope-trace 1.0", 1000, ""});
  }
  void begin(std::uint64_t number) {
    analyzer_.on_event(MarkerEvent{next(), number * 1000, MarkerKind::cycle_begin, number, "", {}});
  }
  std::uint64_t alloc(std::uint64_t site, std::uint64_t size) {
    AllocEvent a;
    a.pos = next();
    a.address = next_address_ += 0x100;
    a.size = size;
    a.callers = {site};
    analyzer_.on_event(std::move(a));
    return next_address_;
  }
  void free(std::uint64_t address) { analyzer_.on_event(FreeEvent{next(), address, {}, {}, {}}); }
  Report finish() { return analyzer_.finish(); }

 private:
  SourcePos next() { return SourcePos{0, 0, ++offset_}; }
  PlumbingFilter plumbing_;
  Analyzer analyzer_;
  std::uint64_t offset_ = 0;
  std::uint64_t next_address_ = 0x10000;
};

constexpr std::uint64_t leak = 0x1001, cache = 0x2002, warm = 0x3003, buffer = 0x4004,
                        now_and_then = 0x5005;

}  // namespace

TEST_CASE("call sites over the last cycles: leak, cache, warm-up, in flight",
          "[analyze][cycle_growth]") {
  Cycles t;
  std::vector<std::uint64_t> cached;
  for (std::uint64_t k = 1; k <= 15; ++k) {
    t.begin(k);
    const std::uint64_t request = t.alloc(buffer, 256);  // given back before the cycle ends
    t.alloc(leak, 48);                                   // every cycle, never freed
    if (k <= 4) t.alloc(warm, 100);                      // the first cycles fill a table
    cached.push_back(t.alloc(cache, 32));
    if (cached.size() == 3) {  // every third cycle the cache is flushed
      for (std::uint64_t a : cached) t.free(a);
      cached.clear();
    }
    if (k % 5 == 0) t.alloc(now_and_then, 8);
    if (k < 15) t.free(request);  // the capture ends during the last cycle's request
  }
  const Report r = t.finish();
  REQUIRE(r.boots.size() == 1);
  REQUIRE(r.boots[0].cycle_growth);
  const CycleGrowth& g = *r.boots[0].cycle_growth;
  CHECK(g.cycles == 15);
  CHECK(g.window == 10);
  CHECK(g.threshold == 7);
  std::map<std::uint64_t, CycleSite> by_site;
  for (const CycleSite& s : g.sites) by_site[s.address] = s;
  REQUIRE(by_site.count(leak) == 1);
  CHECK(by_site[leak].kind == CycleGrowthKind::likely_leak);
  CHECK(by_site[leak].grew_in == 10);
  CHECK(by_site[leak].window_growth_bytes == 480);
  CHECK(by_site[leak].live_bytes == 720);
  CHECK(by_site[cache].kind == CycleGrowthKind::bounded);
  CHECK(by_site[warm].kind == CycleGrowthKind::warm_up);
  CHECK(by_site[warm].live_bytes == 400);
  CHECK(by_site[buffer].kind == CycleGrowthKind::in_flight);
  CHECK(by_site.count(now_and_then) == 0);  // grew in 2 of 10: the leak table has it
  // Likely leaks first.
  CHECK(g.sites.front().address == leak);
}

TEST_CASE("fewer than three cycles: no classification", "[analyze][cycle_growth]") {
  Cycles t;
  t.begin(1);
  t.alloc(leak, 48);
  t.begin(2);
  t.alloc(leak, 48);
  t.begin(3);
  CHECK_FALSE(t.finish().boots[0].cycle_growth);
}
