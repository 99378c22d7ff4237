// The JSON that ESP-IDF's `sysviewtrace_proc.py -j` prints for a SystemView capture
// (device-log-formats.md §2.3): {"events": [...], "streams": {...}, "version": "1.0"}, keys
// sorted, an event per object. It gives the events the binary form gives (sysview_events.hpp),
// one boot:
//  - heap events: "id" equal to streams.heap.alloc / .free (512 / 513 when the streams are
//    missing), "addr" and "callers" as "0x..." strings, "size", "core_id", "ts" in seconds,
//    and the context as the script named it: "ctx_name" with "in_irq";
//  - the task of a context: "IDLE<n>" the core's idle context (as the binary form's IDLE
//    event); else the TASK_INFO event (id 9, params tid/name) of that name, its handle
//    unshrunk with INIT's (id 24) params; other names (interrupts: "IRQ <name>") a context
//    handle of their own (sysview_context.hpp);
//  - OVERFLOW (id 1, params.drop_cnt): TraceLossEvent; SYSDESC (id 14): the firmware's name.
// Events are located by their line and byte offset. An event that does not parse is a
// malformed_record; a document that ends inside its events array keeps the events before.
//
//   if (looks_like_sysview_json(head)) emit_sysview_json(whole_text, SourcePos{i}, sink);
#pragma once

#include <string_view>

#include "leakscope/ingest/sysview_events.hpp"

namespace leakscope {

// The document's first key is "events", "streams" or "version" (the script's keys).
bool looks_like_sysview_json(std::string_view head);

// The document is read whole, its heap, task and overflow events held until it is read.
void emit_sysview_json(std::string_view text, SourcePos start, EventSink& sink);

}  // namespace leakscope
