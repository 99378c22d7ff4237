// MtraceParser: glibc's malloc trace (mtrace(3), MALLOC_TRACE=<file>) -> heap events.
//
//   = Start
//   @ ./prog:[0x11ba] + 0x561580d152a0 0x10          malloc, calloc, ...: "+ block size"
//   @ ./prog:[0x1200] - 0x561580d152a0               free (and realloc(p, 0)): "- block"
//   @ ./prog:[0x11dd] < 0x561580d154a0               realloc: the old block, then
//   @ ./prog:[0x11dd] > 0x561580d154a0 0xc8          the new one
//   @ ./prog:[0x11f0] ! 0x561580d154a0 0x1000        a realloc that failed
//   @ /lib/x86_64-linux-gnu/libc.so.6:(__strdup+1a)[0x9e9aa] + 0x561580d15590 0x6
//   = End                                            (only when muntrace() ran)
//
//   MtraceParser mtrace([&](SourcePos pos) { /* a trace begins: end other parsers' state */ });
//   for (each cleaned line) if (mtrace.feed(line, pos, sink)) continue;  // claimed
//
// The caller ("@ where", absent when glibc had none) is one frame: "[0xADDR]" an absolute
// address in no known object (pushed as it is); "OBJECT:[0xN]" or "OBJECT:(SYM+OFF)[0xN]" a
// frame in a loaded object, pushed once as a ModuleFrameEvent and referred to by its key.
// glibc >= 2.34 prints N relative to the object's load base and OFF without "0x"; <= 2.33
// printed absolute addresses and "0x" offsets (ModuleAddress says which a line showed).
//
// Each input holding a trace is one boot: its first trace line starts one (BootEvent, then a
// TraceStartEvent with format "glibc mtrace"). The parser tracks the trace's live blocks as
// glibc's mtrace script does and pushes what does not fit as a HeapAnomalyEvent instead of
// an Alloc/Free: an allocation of a block already live (the first one is kept), a free or
// realloc of a block never allocated, a realloc returning a live block. "+ (nil)" (a failed
// allocation) and "!" lines become AllocEvents at address 0, which nothing keeps live.
//
// Recognition, with no flag: "= Start" and any well-formed "@ ..." line start a trace; then
// bare operation lines ("- 0x..." without a caller) and "= End" belong to it too, and a line
// of the trace's shape that does not parse is claimed and skipped as malformed_record. Other
// lines (a program's own output in the same stream) are left to the other parsers.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "leakscope/ingest/event_sink.hpp"

namespace leakscope {

class MtraceParser {
 public:
  // before_trace: called when a trace begins, before its BootEvent is pushed (what else was
  // being read, a heap trace dump cut off at the end of the previous input, ends there).
  explicit MtraceParser(std::function<void(SourcePos)> before_trace = {})
      : before_trace_(std::move(before_trace)) {}

  // True when the line belongs to an mtrace trace (events pushed, or a skip).
  bool feed(std::string_view line, SourcePos pos, EventSink& sink);

 private:
  bool in_trace(SourcePos pos) const { return input_ && *input_ == pos.input; }
  void begin_trace(SourcePos pos, EventSink& sink);
  // One operation ('+', '-', '<', '>', '!') on `block` (0: "(nil)") against the live blocks.
  void apply(char op, std::uint64_t block, std::uint64_t size,
             std::vector<std::uint64_t>&& callers, SourcePos pos, EventSink& sink);

  std::function<void(SourcePos)> before_trace_;
  std::optional<std::uint32_t> input_;         // the input whose trace is being read
  std::unordered_set<std::uint64_t> live_;     // blocks allocated and not freed, as traced
  // "OBJECT:...[0xN]" -> key, looked up by the line's view (no string per line).
  struct TextHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
  };
  std::unordered_map<std::string, std::uint64_t, TextHash, std::equal_to<>> frame_keys_;
};

}  // namespace leakscope
