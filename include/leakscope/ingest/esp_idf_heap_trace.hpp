// Parser for ESP-IDF's standalone heap trace dump (heap_trace_dump()), every published layout:
//
//  v4 era (IDF v3.0-v5.0):  "N allocations trace (M entry buffer)"
//     "32 bytes (@ 0x3ffaf214) allocated CPU 0 ccount 0x2e9b7384 caller 0x400d276d:0x400d27c1"
//     ["freed by 0x...:0x..."]  ...  "40 bytes 'leaked' in trace (2 allocations)"
//     "total allocations 2 total frees 0"  ["(NB: Buffer has overflowed, ...)"]
//  v5 era (IDF v5.1+):      "====== Heap Trace: N records (M capacity) ======"
//     "    32 bytes (@ 0x3fc9f620, Internal) allocated CPU 0 ccount 0x1a31ac84 caller ..."
//     [" freed" suffix (v5.5+) | "freed by ..." line]  "====== Heap Trace Summary ======"
//     "Mode: ...", "records: ...", "total allocations: N", "total frees: N", [NB lines],
//     "================================"
//
// Also accepted: the OVMS-style "task 0x... [NAME]" field between ccount and caller; caller
// lists of any depth (short lists end in ':'); a caller list pushed onto the next line by
// another task's printf; records seen before any header (capture started mid-dump).
//
// A dump becomes SnapshotBegin, one AllocEvent per record (+ FreeEvent for freed records),
// SnapshotEnd. Lines the parser does not claim are left to others: interleaved log lines
// inside a dump are noise, not terminators.
#pragma once

#include <optional>
#include <string_view>

#include "leakscope/ingest/event_sink.hpp"

namespace leakscope {

class EspIdfHeapTraceParser {
 public:
  // Returns true when the line belongs to a heap trace dump.
  bool feed(std::string_view line, SourcePos pos, EventSink& sink);
  // Ends any open dump (end of input, or a reboot cut it short).
  void finish(SourcePos pos, EventSink& sink);

 private:
  bool parse_header(std::string_view line, SourcePos pos, EventSink& sink);
  bool parse_record(std::string_view line, SourcePos pos, EventSink& sink);
  bool parse_freed_by(std::string_view line, SourcePos pos);
  bool parse_caller_continuation(std::string_view line);
  bool parse_summary(std::string_view line, SourcePos pos, EventSink& sink);
  void begin_implicit_dump(SourcePos pos, DumpLayout layout, EventSink& sink);
  void flush_record(EventSink& sink);
  void end_dump(SourcePos pos, bool complete, EventSink& sink);

  bool in_dump_ = false;
  bool after_summary_ = false;  // v4: NB lines may still follow "total allocations"
  DumpLayout layout_ = DumpLayout::esp_idf_v4;
  SnapshotEnd end_;

  struct Pending {
    AllocEvent alloc;
    std::optional<FreeEvent> free;
    bool callers_cut = false;  // "caller " was followed by something else: list may follow
  };
  std::optional<Pending> pending_;
};

}  // namespace leakscope
