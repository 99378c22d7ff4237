#include "report/heap_json.hpp"

#include <cmath>

#include "report/json_values.hpp"

namespace leakscope {

namespace {

using json_values::or_null;
using nlohmann::json;

json rounded(double value, int decimals = 0) {
  const double scale = std::pow(10.0, decimals);
  const double r = std::round(value * scale) / scale;
  if (decimals == 0) return static_cast<std::int64_t>(r);
  return r;
}

json rounded(const std::optional<double>& value, int decimals = 0) {
  return value ? rounded(*value, decimals) : json(nullptr);
}

json pair(const std::optional<std::array<double, 2>>& values, int decimals) {
  if (!values) return nullptr;
  return json::array({rounded((*values)[0], decimals), rounded((*values)[1], decimals)});
}

class HeapJson {
 public:
  HeapJson(const BootHeap& heap, const std::function<json(SourcePos)>& position)
      : heap_(heap), position_(position), seconds_(heap.axis == HeapAxis::seconds) {}

  json series(const HeapSeries& s) const {
    const int at = seconds_ ? 3 : 0;  // positions: ms, or whole lines
    json steps = json::array();
    for (const HeapDrop& d : s.steps)
      steps.push_back({{"time", rounded(d.time, at)},
                       {"from", rounded(d.from, at)},
                       {"bytes", rounded(d.bytes)},
                       {"multiple", d.multiple == 0 ? json(nullptr) : json(d.multiple)},
                       {"at", position_(d.at)}});
    return {{"heap", or_null(s.heap)},
            {"figure", heap_figure_name(s.figure)},
            {"verdict", heap_verdict_name(s.verdict)},
            {"reason", s.reason},
            {"samples", s.samples},
            {"warmup_samples", s.warmup_samples},
            {"first", rounded(s.first, at)},
            {"last", rounded(s.last, at)},
            {"leak_rate_bytes_per_hour", rounded(s.rate_bytes_per_hour, 1)},
            {"leak_rate_interval", pair(s.rate_interval, 1)},
            {"leak_rate_per", seconds_ ? "hour" : "3600 lines"},
            {"noise_bytes", rounded(s.noise_bytes)},
            {"step_quantum_bytes", rounded(s.quantum_bytes)},
            {"steps", std::move(steps)},
            {"persistent_loss_bytes", rounded(s.persistent_loss_bytes)},
            {"current_bytes", rounded(s.current_bytes)},
            {"floor_bytes", rounded(s.floor_bytes)},
            {"floor_source", heap_floor_source_name(s.floor_source)},
            {"exhaustion_eta_seconds", seconds_ ? rounded(s.exhaustion_eta) : json(nullptr)},
            {"exhaustion_eta_lines", seconds_ ? json(nullptr) : rounded(s.exhaustion_eta)},
            {"exhaustion_eta_interval", pair(s.exhaustion_eta_interval, 0)}};
  }

  json cycles(const HeapCycles& c) const {
    json list = json::array();
    for (const HeapCycle& cycle : c.cycles)
      list.push_back({{"number", cycle.number},
                      {"at", position_(cycle.at)},
                      {"start", rounded(cycle.start, seconds_ ? 3 : 0)},
                      {"retained_bytes", rounded(cycle.retained_bytes)},
                      {"complete", cycle.complete}});
    return {{"count", c.count},
            {"measured", c.measured},
            {"median_retained_bytes", rounded(c.median_retained_bytes)},
            {"mean_retained_bytes", rounded(c.mean_retained_bytes)},
            {"cycles", std::move(list)}};
  }

  json reconciliation(const HeapReconciliation& r) const {
    return {{"heap", or_null(r.heap)},
            {"from", position_(r.from)},
            {"to", position_(r.to)},
            {"telemetry_loss_bytes", rounded(r.telemetry_loss_bytes)},
            {"traced_growth_bytes", rounded(r.traced_growth_bytes)},
            {"untraced_bytes", rounded(r.untraced_bytes)}};
  }

  json build() const {
    json out = series(heap_.series[heap_.primary]);
    json correlated = json::array();
    for (const CorrelatedMessage& e : heap_.correlated_events)
      correlated.push_back({{"pattern", e.pattern},
                            {"occurrences", e.occurrences},
                            {"followed_by_drop", e.followed_by_drop},
                            {"without_drop", e.occurrences - e.followed_by_drop},
                            {"drops", e.drops},
                            {"mean_loss_bytes", rounded(e.mean_loss_bytes)},
                            {"score", rounded(e.score, 4)}});
    json all = json::array();
    for (const HeapSeries& s : heap_.series) all.push_back(series(s));
    out["axis"] = heap_axis_name(heap_.axis);
    out["time_base"] = heap_.time_base ? json(time_base_name(*heap_.time_base)) : json(nullptr);
    out["axis_reason"] = or_null(heap_.axis_reason);
    out["correlated_events"] = std::move(correlated);
    out["correlation_window"] = rounded(heap_.correlation_window, 3);
    out["messages"] = heap_.messages;
    out["uncorrelated_messages"] = heap_.uncorrelated_messages;
    out["series"] = std::move(all);
    out["other_heap_samples"] = heap_.other_heap_samples;
    out["cycles"] = heap_.cycles ? cycles(*heap_.cycles) : json(nullptr);
    out["reconciliation"] =
        heap_.reconciliation ? reconciliation(*heap_.reconciliation) : json(nullptr);
    out["crashed"] = heap_.crashed();
    out["panic_at"] = heap_.panic_at ? position_(*heap_.panic_at) : json(nullptr);
    out["crash_reset"] = or_null(heap_.crash_reset);
    return out;
  }

 private:
  const BootHeap& heap_;
  const std::function<json(SourcePos)>& position_;
  bool seconds_;
};

}  // namespace

json boot_heap_json(const BootHeap& heap, const std::function<json(SourcePos)>& position) {
  return HeapJson(heap, position).build();
}

}  // namespace leakscope
