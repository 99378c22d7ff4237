#include "leakscope/analyze/event_correlation.hpp"

#include <algorithm>

namespace leakscope {

EventCorrelator::EventCorrelator(std::vector<DropWindow> drops, CorrelationOptions options)
    : drops_(std::move(drops)), options_(options) {
  std::sort(drops_.begin(), drops_.end(),
            [](const DropWindow& a, const DropWindow& b) { return a.to < b.to; });
  for (const DropWindow& d : drops_) total_bytes_ += d.bytes;
}

std::size_t EventCorrelator::drop_after(double at) const {
  // Drops do not overlap, so the first one ending after `at` starts the earliest of those
  // ending after it: if that one starts too late, every later one does.
  const auto it = std::upper_bound(drops_.begin(), drops_.end(), at,
                                   [](double x, const DropWindow& d) { return x < d.to; });
  if (it == drops_.end() || it->from - options_.window >= at) return SIZE_MAX;
  return static_cast<std::size_t>(it - drops_.begin());
}

void EventCorrelator::message_type(double at, std::string_view type) {
  if (type.empty()) return;
  auto found = index_.find(type);
  if (found == index_.end()) {
    if (stats_.size() >= options_.max_types) {
      ++overflow_;
      return;
    }
    found = index_.emplace(std::string(type), stats_.size()).first;
    stats_.push_back({std::string(type)});
  }
  TypeStats& s = stats_[found->second];
  ++s.occurrences;
  const std::size_t drop = drop_after(at);
  if (drop == SIZE_MAX) return;
  ++s.followed;
  if (s.last_drop != drop) {
    s.last_drop = drop;
    ++s.drops;
    s.bytes += drops_[drop].bytes;
  }
}

std::vector<CorrelatedEvent> EventCorrelator::ranking() const {
  std::vector<CorrelatedEvent> ranked;
  for (const TypeStats& s : stats_) {
    if (s.followed == 0) continue;
    CorrelatedEvent e;
    e.pattern = s.pattern;
    e.occurrences = s.occurrences;
    e.followed_by_drop = s.followed;
    e.drops = s.drops;
    e.mean_loss_bytes = s.bytes / static_cast<double>(s.occurrences);
    const double share = total_bytes_ > 0 ? s.bytes / total_bytes_ : 0;
    e.score = static_cast<double>(s.drops) / static_cast<double>(s.occurrences) * share;
    ranked.push_back(std::move(e));
  }
  std::sort(ranked.begin(), ranked.end(), [](const CorrelatedEvent& a, const CorrelatedEvent& b) {
    if (a.score != b.score) return a.score > b.score;
    if (a.drops != b.drops) return a.drops > b.drops;
    return a.pattern < b.pattern;
  });
  return ranked;
}

}  // namespace leakscope
