// SystemView captures -> model events (device-log-formats.md §2): the ESP-IDF heap tracing
// module's events become AllocEvent and FreeEvent with their callers, the task that ran them
// (sysview_context.hpp) and its name; OVERFLOW a TraceLossEvent. A capture is one boot.
//
//   SysviewCapture c0 = read_sysview_capture(bytes0, SourcePos{0}, 0);
//   SysviewCapture c1 = read_sysview_capture(bytes1, SourcePos{1}, 1);   // the other core's file
//   emit_sysview_capture({std::move(c0), std::move(c1)}, sink);          // merged by time
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
//    FreeRTOS TCB address); heap addresses are not shrunk.
//  - INIT: the timestamp frequency; times are ticks summed from the deltas, restarting at
//    TRACE_START, and reach the model in nanoseconds (TraceStartEvent tick_ns 1); without
//    INIT they stay ticks (tick_ns 0).
//  - SYSDESC: "N=" and "D=" name the firmware ("FreeRTOS Application on esp32"), "I#n=" the
//    interrupts.
//  - OVERFLOW(drop_cnt): TraceLossEvent (device_buffer) of drop_cnt packets: heap events among
//    them are missing, so the leak list is a lower bound and frees may be missing.
// Everything else (OS API events, other modules, markers, stack info) is passed over.
//
// Events are held per capture with their time: a dual-core capture written as two files has
// one file per core, each with its own deltas, and only the times order the two.
#pragma once

#include <cstdint>
#include <map>
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

struct SysviewCapture {
  SourcePos start;  // the capture's input, byte 0
  std::string format;  // the JSON form's; empty for the binary form (its header names it)
  SysviewHeader header;
  std::string firmware;         // from SYSDESC; may be empty
  std::uint32_t sys_freq = 0;   // timestamp ticks per second; 0: not known (no INIT)
  std::uint32_t ram_base = 0;   // task ids are shrunk against these (INIT)
  std::uint32_t id_shift = 0;
  std::map<std::uint64_t, std::string> contexts;  // names of the idle and interrupt contexts used
  std::vector<SysviewTimedEvent> events;
  std::string warning;  // read, but not as well as it says it could be; empty if not

  // A file of one core of a dual-core capture (OpenOCD without ESP_Extension): the other
  // core's file may come with it.
  bool one_core_file() const {
    return header.present && !header.esp_extension && !header.segger_multicore;
  }
};

// Decodes a whole binary capture. file_core: the core a one-core file holds (0, or 1 for the
// second file of a pair); the core bit in the ids is added to it.
SysviewCapture read_sysview_capture(std::string_view bytes, SourcePos start, std::uint8_t file_core = 0);

// Whether two one-core files are the two cores of one capture: the same description and INIT.
bool sysview_cores_pair(const SysviewCapture& core0, const SysviewCapture& core1);

// Emits one capture, or the two files of a dual-core capture merged by time (on equal times
// the first file first), as one boot: BootEvent (marker trace_header), TraceStartEvent, the
// context names, then the events.
void emit_sysview_capture(std::vector<SysviewCapture>&& files, EventSink& sink);

}  // namespace leakscope
