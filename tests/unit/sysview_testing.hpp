// Helpers of the SystemView tests (ingest_sysview*.cpp): a capture decoded into events, a
// writer that has sent what a target sends first, the name a task handle was given.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "leakscope/ingest/event_sink.hpp"
#include "leakscope/ingest/sysview_events.hpp"
#include "leakscope/ingest/sysview_json.hpp"
#include "sysview_writer.hpp"
#include "trace_builder.hpp"

namespace leakscope::testing {

inline const std::string sysview_sync(10, '\0');

inline std::vector<Event> decode_sysview(const std::string& bytes) {
  RecordingSink sink;
  emit_sysview_capture({{bytes, SourcePos{0, 0, 0}}}, sink);
  return std::move(sink.events);
}

inline std::vector<Event> decode_sysview_json(const std::string& text, SourcePos start = {}) {
  RecordingSink sink;
  emit_sysview_json(text, start, sink);
  return std::move(sink.events);
}

// A writer with what the target sends first: TRACE_START, SYSDESC, INIT, the heap module, two
// tasks (blink_task, TCB 0x3ffb4c08, and wifi, 0x3ffb5000).
inline sysview_gen::SysviewWriter started_sysview(
    sysview_gen::SysviewHeaderKind header = sysview_gen::SysviewHeaderKind::mcore) {
  sysview_gen::SysviewWriter w(header);
  w.at(0).trace_start();
  w.sysdesc("N=FreeRTOS Application,D=esp32,C=Xtensa,O=FreeRTOS");
  w.sysdesc("I#5=SysTick");
  w.init(40'000'000, 240'000'000, 0x3f400000, 0);
  w.moduledesc(0, 512, "M=ESP32 SystemView Heap Tracing Module");
  w.task_info(0xbb4c08, 5, "blink_task");
  w.task_info(0xbb5000, 3, "wifi");
  return w;
}

// The name the events gave a task handle; "unknown" for none.
inline std::string label_of(const std::vector<Event>& events, std::optional<std::uint64_t> task) {
  if (!task) return "unknown";
  std::string name;
  for (const TaskNameEvent& t : events_of<TaskNameEvent>(events))
    if (t.task == *task) name = t.name;
  return name;
}

}  // namespace leakscope::testing
