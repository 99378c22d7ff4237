// SystemView captures -> model events (device-log-formats.md §2): the ESP-IDF heap tracing
// module's events become AllocEvent and FreeEvent with their callers, the task that ran them
// (sysview_context.hpp) and its name; OVERFLOW a TraceLossEvent. A capture is one boot.
//
//   emit_sysview_capture({{bytes, SourcePos{0}}}, sink);                       // one file
//   if (sysview_cores_pair(read_sysview_info(a), read_sysview_info(b)))
//     emit_sysview_capture({{a, SourcePos{0}}, {b, SourcePos{1}}}, sink);      // a file per core
//
// What each event gives:
//  - heap events: ids learned from the MODULEDESC whose description holds the heap module's
//    (either spelling), else 512 (alloc) and 513 (free), the first module's ids. Alloc: varint
//    address, varint size, then the callers; free: address, callers. Callers are return
//    addresses, innermost first, padded with zeros to the configured depth: the list ends at
//    the first zero. A payload that is not exactly such varints is a malformed_record.
//  - TASK_INFO: the task's name (TaskNameEvent); TASK_TERMINATE, and TASK_CREATE of a handle
//    already named, end the handle's task (TaskEndEvent: a new task may reuse its control
//    block). Task ids are shrunk: the handle is ram_base + (tid << id_shift) from INIT (a
//    FreeRTOS TCB address); heap addresses are not shrunk. Idle and interrupt contexts are
//    named (TaskNameEvent) when first used.
//  - INIT: the timestamp frequency; times are ticks summed from the deltas, restarting at
//    TRACE_START, and reach the model in nanoseconds (TraceStartEvent tick_ns 1); without
//    INIT they stay ticks (tick_ns 0).
//  - SYSDESC: "N=" and "D=" name the firmware ("FreeRTOS Application on esp32"), "I#n=" the
//    interrupts.
//  - OVERFLOW(drop_cnt): TraceLossEvent (device_buffer) of drop_cnt packets: heap events among
//    them are missing, so the leak list is a lower bound and frees may be missing.
//  - damage the framing reports (sysview_stream.hpp): SkipEvent with its byte offset.
// Everything else (OS API events, other modules, markers, stack info) is passed over.
//
// Files are read a packet at a time: memory holds the file's bytes and the events of a core
// not yet known to run a context (those before its first switch), nothing per event else.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "leakscope/ingest/event_sink.hpp"
#include "leakscope/ingest/sysview_stream.hpp"

namespace leakscope {

struct SysviewTimedEvent {
  std::uint64_t epoch = 0;  // TRACE_START events before it: time restarts at each
  std::uint64_t ticks = 0;  // since the last one
  Event event;
};

// What a capture says of itself: its header and the system events it starts with.
struct SysviewInfo {
  SysviewHeader header;
  std::string firmware;        // from SYSDESC; may be empty
  std::uint32_t sys_freq = 0;  // timestamp ticks per second; 0: not known (no INIT)
  std::uint32_t ram_base = 0;  // task ids are shrunk against these (INIT)
  std::uint32_t id_shift = 0;

  // A file of one core of a dual-core capture (OpenOCD without ESP_Extension): the other
  // core's file may come with it.
  bool one_core_file() const {
    return header.present && !header.esp_extension && !header.segger_multicore;
  }
};

// The events of one binary capture file, in order, with their times.
class SysviewFileEvents {
 public:
  // bytes: the whole file, which must outlive this. file_core: the core a one-core file holds
  // (0, or 1 for the second file of a pair); the core bit in the ids is added to it.
  SysviewFileEvents(std::string_view bytes, SourcePos start, std::uint8_t file_core = 0);
  ~SysviewFileEvents();
  SysviewFileEvents(const SysviewFileEvents&) = delete;
  SysviewFileEvents& operator=(const SysviewFileEvents&) = delete;

  bool next(SysviewTimedEvent& event);  // false at the end of the file
  const SysviewInfo& info() const;      // what the file said of itself so far

 private:
  std::unique_ptr<class SysviewMapper> mapper_;
};

// The header and the system events before the first heap event.
SysviewInfo read_sysview_info(std::string_view bytes);

// Whether two files are the two cores of one capture: one-core files with the same
// description and INIT (OpenOCD clones those into both).
bool sysview_cores_pair(const SysviewInfo& core0, const SysviewInfo& core1);

struct SysviewFile {
  std::string_view bytes;  // the whole file
  SourcePos start;         // its input, byte 0
};

// Emits one capture, or the two files of a dual-core capture merged by time (on equal times
// the first file first), as one boot: BootEvent and TraceStartEvent (emit_sysview_start),
// then the events, times in nanoseconds when INIT gave the frequency.
void emit_sysview_capture(const std::vector<SysviewFile>& files, EventSink& sink);

// The start of a capture's boot: a BootEvent (marker trace_header) and a TraceStartEvent.
void emit_sysview_start(SourcePos pos, std::string format, bool nanoseconds, std::string firmware,
                        EventSink& sink);

}  // namespace leakscope
