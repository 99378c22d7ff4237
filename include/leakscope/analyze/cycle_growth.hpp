// Cycle growth: which call sites of a heap trace grow cycle after cycle (issue 5 item 4).
//
//   BootLedger keeps CycleSnapshots: at every cycle beginning (a --cycle line, a trace's
//   cycle-begin MARKER) the live bytes of each stack.
//   std::optional<CycleGrowth> g = cycle_growth(ledger, resolver);   // at the boot's end
//
// The window is the last `window` (10) complete cycles: the snapshots at their beginnings and
// at the beginning of the cycle running at the end. Per call site (the stacks of one site
// added up), a cycle grew it when its live bytes at the next beginning exceed those at its
// own. A site that grew in at least `threshold` of them (7 of 10: most, not all, since an
// allocation can straddle a beginning) is repeating-scenario growth, classified:
//   likely_leak  still growing in the window's last third, and above every earlier level;
//   warm_up      no growth in the last third: it filled up and stopped;
//   bounded      trimmed back to an earlier level at the window's end: a cache or a pool.
// The other sites with live bytes are listed when they are:
//   bounded      grew in some cycles and shrank in others;
//   warm_up      held bytes before the window and neither grew nor shrank in it;
//   in_flight    no growth over the window's cycles, but more live at the end of the boot than
//                at the last beginning: the running cycle's work, not yet given back.
// A site that grew in fewer cycles and never shrank is left out (the leak table has it), as
// is one with nothing live and no growth. Fewer than 3 complete cycles: no classification
// (nullopt). The snapshots hold the live bytes per stack at window + 2 beginnings (the first
// one too), never per allocation.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>

#include "leakscope/analyze/stack_resolver.hpp"
#include "leakscope/model/report.hpp"
#include "leakscope/model/stack_table.hpp"

namespace leakscope {

class BootLedger;

class CycleSnapshots {
 public:
  using Snapshot = std::map<std::uint32_t, std::uint64_t>;  // stack id -> live bytes

  explicit CycleSnapshots(std::size_t window = 10) : window_(window) {}

  // Live bytes per stack at a cycle's beginning.
  void take(Snapshot snapshot);

  std::size_t window() const { return window_; }
  std::uint64_t cycles() const { return cycles_; }
  const Snapshot& first() const { return first_; }
  const std::deque<Snapshot>& last() const { return last_; }  // up to window + 1, oldest first

 private:
  std::size_t window_;
  std::uint64_t cycles_ = 0;
  Snapshot first_;
  std::deque<Snapshot> last_;
};

std::optional<CycleGrowth> cycle_growth(const BootLedger& ledger, StackResolver& resolver,
                                        Lookup lookup = Lookup::report);

}  // namespace leakscope
