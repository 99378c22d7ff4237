#include "report/heap_text.hpp"

#include <fmt/format.h>

#include "leakscope/report/elf_check_text.hpp"

namespace leakscope {

namespace {

constexpr std::size_t drops_shown = 6;
constexpr std::size_t messages_shown = 3;

std::string rate_text(const HeapSeries& s, bool lines) {
  if (!s.rate_bytes_per_hour) return "no rate";
  return fmt::format("{}{}", heap_bytes_text(*s.rate_bytes_per_hour),
                     lines ? " per 3600 lines" : "/h");
}

std::string drops_text(const Report& report, const HeapSeries& s) {
  std::string text = fmt::format("drops that never came back: {}", s.steps.size());
  if (s.quantum_bytes) text += fmt::format(", quantum {}", heap_bytes_text(*s.quantum_bytes));
  text += " (";
  for (std::size_t i = 0; i < s.steps.size() && i < drops_shown; ++i) {
    const HeapDrop& d = s.steps[i];
    text += fmt::format("{}{} at {}", i == 0 ? "" : ", ", heap_bytes_text(d.bytes),
                        position_text(report, d.at));
    if (d.multiple > 1) text += fmt::format(" (x{})", d.multiple);
  }
  if (s.steps.size() > drops_shown) text += fmt::format(", {} more", s.steps.size() - drops_shown);
  return text + ")";
}

std::string message_text(const CorrelatedMessage& e) {
  return fmt::format(
      "before drops: \"{}\" ({} of {} before a drop, {} drop{}, {} lost per "
      "occurrence)",
      e.pattern, e.followed_by_drop, e.occurrences, e.drops, e.drops == 1 ? "" : "s",
      heap_bytes_text(e.mean_loss_bytes));
}

std::string floor_text(const HeapSeries& s) {
  const std::string floor = heap_bytes_text(s.floor_bytes);
  switch (s.floor_source) {
    case HeapFloorSource::given:
      return "the floor of " + floor + " (--heap-floor)";
    case HeapFloorSource::deaths:
      return "the floor of " + floor + " (where earlier boots died)";
    case HeapFloorSource::empty_heap:
      break;
  }
  return "an empty heap";
}

std::string eta_text(const HeapSeries& s, bool lines) {
  if (s.current_bytes <= s.floor_bytes)
    return fmt::format("at {}, {} is reached already", heap_bytes_text(s.current_bytes),
                       floor_text(s));
  return fmt::format("{} above {}: exhausted in about {} (95%: {} to {})",
                     heap_bytes_text(s.current_bytes - s.floor_bytes), floor_text(s),
                     heap_span_text(*s.exhaustion_eta, lines),
                     heap_span_text((*s.exhaustion_eta_interval)[0], lines),
                     heap_span_text((*s.exhaustion_eta_interval)[1], lines));
}

std::string cycles_text(const HeapCycles& c) {
  std::string text = fmt::format("cycles: {} begun, {} measured", c.count, c.measured);
  if (c.median_retained_bytes && c.mean_retained_bytes)
    text += fmt::format(": {} of free heap kept per cycle (median; mean {})",
                        heap_bytes_text(*c.median_retained_bytes),
                        heap_bytes_text(*c.mean_retained_bytes));
  return text;
}

}  // namespace

HeapText boot_heap_text(const Report& report, const BootHeap& heap) {
  const HeapSeries& primary = heap.series[heap.primary];
  const bool lines = heap.axis == HeapAxis::lines;
  HeapText t;
  t.verdict = primary.verdict;
  t.headline = primary.reason;
  if (lines)
    t.details.push_back(
        fmt::format("positions are line numbers: {}; rates are per 3600 lines", heap.axis_reason));
  if (!primary.steps.empty()) t.details.push_back(drops_text(report, primary));
  if (primary.exhaustion_eta && primary.exhaustion_eta_interval)
    t.details.push_back(eta_text(primary, lines));
  for (std::size_t i = 0; i < heap.correlated_events.size() && i < messages_shown; ++i)
    t.details.push_back(message_text(heap.correlated_events[i]));
  for (std::size_t i = 0; i < heap.series.size(); ++i) {
    if (i == heap.primary) continue;
    const HeapSeries& s = heap.series[i];
    std::string text =
        fmt::format("{}: {}", heap_series_name(s.figure, s.heap), heap_verdict_name(s.verdict));
    if (s.verdict != HeapVerdict::insufficient) text += ", " + rate_text(s, lines);
    t.details.push_back(std::move(text));
  }
  if (heap.cycles) t.details.push_back(cycles_text(*heap.cycles));
  if (const auto& r = heap.reconciliation)
    t.details.push_back(fmt::format(
        "trace and telemetry from {} to {}: free heap fell {}, the trace's live bytes grew {}: "
        "{} untraced",
        position_text(report, r->from), position_text(report, r->to),
        heap_bytes_text(r->telemetry_loss_bytes), heap_bytes_text(r->traced_growth_bytes),
        heap_bytes_text(r->untraced_bytes)));
  if (heap.panic_at)
    t.details.push_back("ended in a crash: panic output at " +
                        position_text(report, *heap.panic_at));
  else if (!heap.crash_reset.empty())
    t.details.push_back("ended in a crash: the next boot reset with " + heap.crash_reset);
  return t;
}

}  // namespace leakscope
