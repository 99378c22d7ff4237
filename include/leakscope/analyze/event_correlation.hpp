// Event correlation: which kinds of log message the heap's persistent drops follow.
//
//   std::vector<DropWindow> drops;                     // from one boot's HeapTrend::steps
//   for (const HeapStep& s : trend.steps) drops.push_back({s.from_time, s.time, s.bytes});
//   EventCorrelator correlator(drops);
//   for (each line of the boot but its heap telemetry lines) correlator.message(time, line);
//   // or, with the lines masked as they came (analyze/heap_timeline.hpp):
//   correlator.message_type(time, type);
//   for (const CorrelatedEvent& e : correlator.ranking()) ...  // best first
//
// A drop is seen between two heap samples: the heap fell somewhere in (from, to]. An occurrence
// of a message at position x is followed by that drop when from - window < x < to: it came
// during the interval the heap fell in, or at most `window` before it (to the sample showing
// the drop itself, exclusive). Positions are in one unit, the caller's: seconds, or line
// numbers when the log has no timestamps (a window of 60 is then 60 lines).
//
// Per message type (message_type.hpp):
//   occurrences       how often it was logged
//   followed_by_drop  occurrences followed by a drop
//   drops             distinct drops it preceded (several occurrences before one drop count once)
//   mean_loss_bytes   the bytes of the drops it preceded (each drop once) / occurrences
// and the score, best first:
//   score = (drops / occurrences) x (bytes of the drops it preceded / bytes of all drops)
// The first factor is how often an occurrence "explains" a drop of its own: a line logged
// every minute precedes every drop but explains few per occurrence. The second is how much of
// the loss it covers: a line logged once before one drop explains that drop fully but little
// of the loss. The error line that every leak follows scores near 1. Ties: more drops, then
// the type's text.
//
// Streaming: the drops come first, because whether a drop is persistent is known only at the
// boot's end (HeapTrend); then the boot's lines stream through in order. Memory is one
// entry per message type, at most max_types (default 4096, each at most 200 bytes of text:
// about 1 MB); occurrences of types beyond the cap are counted in overflow_occurrences()
// and not ranked. Nothing is kept per line.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "leakscope/analyze/message_type.hpp"

namespace leakscope {

struct DropWindow {
  double from = 0;  // last position at the higher level
  double to = 0;    // first position at the lower level
  double bytes = 0;
};

struct CorrelationOptions {
  double window = 60;  // in the positions' unit
  std::size_t max_types = 4096;
};

struct CorrelatedEvent {
  std::string pattern;  // the message type
  std::uint64_t occurrences = 0;
  std::uint64_t followed_by_drop = 0;
  std::uint64_t drops = 0;
  double mean_loss_bytes = 0;
  double score = 0;

  std::uint64_t without_drop() const { return occurrences - followed_by_drop; }
};

class EventCorrelator {
 public:
  explicit EventCorrelator(std::vector<DropWindow> drops, CorrelationOptions options = {});

  // One cleaned log line at a position.
  void message(double at, std::string_view line) { message_type(at, masker_.mask(line)); }
  // An occurrence of a message type (MessageMasker's) at a position: for callers that masked
  // the lines as they came and kept only their types.
  void message_type(double at, std::string_view type);

  // Types followed by a drop at least once, best first.
  std::vector<CorrelatedEvent> ranking() const;

  std::size_t types() const { return stats_.size(); }
  std::uint64_t overflow_occurrences() const { return overflow_; }

 private:
  struct TypeStats {
    std::string pattern;
    std::uint64_t occurrences = 0;
    std::uint64_t followed = 0;
    std::uint64_t drops = 0;
    double bytes = 0;
    std::size_t last_drop = SIZE_MAX;  // the drop last credited, so each counts once per type
  };

  // The drop an occurrence at `at` is followed by, or SIZE_MAX.
  std::size_t drop_after(double at) const;

  std::vector<DropWindow> drops_;  // sorted by `to`
  CorrelationOptions options_;
  double total_bytes_ = 0;
  MessageMasker masker_;
  struct TypeHash {
    using is_transparent = void;  // look up by string_view: no string per line
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, std::size_t, TypeHash, std::equal_to<>> index_;
  std::vector<TypeStats> stats_;
  std::uint64_t overflow_ = 0;
};

}  // namespace leakscope
