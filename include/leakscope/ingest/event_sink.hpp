// EventSink: where parsers push what they find. Parsers never see reports or each other.
#pragma once

#include <vector>

#include "leakscope/model/event.hpp"

namespace leakscope {

class EventSink {
 public:
  virtual ~EventSink() = default;
  virtual void on_event(Event&& event) = 0;
};

// Keeps every event; for tests and for tools that want the raw stream.
class RecordingSink final : public EventSink {
 public:
  void on_event(Event&& event) override { events.push_back(std::move(event)); }
  std::vector<Event> events;
};

}  // namespace leakscope
