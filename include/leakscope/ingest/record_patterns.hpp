// User-defined record patterns: a firmware's own printouts of its allocations, frees, task
// table and heap figures, read through a small JSON file that maps RE2 patterns with named
// groups to events (docs/record-patterns.md has the format and an example).
//
//   Result<RecordPatterns> records = RecordPatterns::load("monitor-task.json");
//   RecordReader reader(*records);
//   if (reader.feed(clean.text, pos, sink)) ...;   // the line was a record: events sent
//   reader.reboot(sink);                            // at a reboot and at the end
//
// Kinds and their captures (numbers: "0x" hex, else decimal; an address also as bare hex):
//   alloc       address, size (required); task (a handle "0x..." or a name), callers (every
//               hex number in it, innermost first), heap (a label)
//   frame       address (required), index: a caller of the allocation before it
//   free        address (required)
//   task        handle (required), name (required): a task table row
//   heap        free (required), min_free, largest, total, heap: as --heap-pattern
//   dump_begin  count: a printout of every live allocation begins; it replaces the last one
//   dump_end    bytes, count: it ends (what the device said it printed)
// Frames and inline callers are return addresses, as heap tracers record them.
//
// An allocation is sent once its frames are in: at the next allocation, free or dump end,
// a reboot, or the end of the input. Frame lines may be interleaved with other output (other
// tasks print meanwhile). A frame with no allocation before it, a frame whose index does not
// follow the one before (its allocation's line was not read: the frames are not joined to
// the allocation before), or a capture that is not a number, is skipped as a
// malformed_record with its line.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "leakscope/ingest/event_sink.hpp"
#include "leakscope/ingest/named_pattern.hpp"
#include "leakscope/model/result.hpp"

namespace leakscope {

enum class RecordKind : std::uint8_t { alloc, frame, free, task, dump_begin, dump_end };

class RecordPatterns {
 public:
  // Errors name the file and the entry: unreadable, not JSON, an unknown kind or capture.
  static Result<RecordPatterns> load(const std::string& path);
  static Result<RecordPatterns> parse(const std::string& json_text, const std::string& name);

  struct Entry {
    RecordKind kind = RecordKind::alloc;
    NamedPattern pattern;
  };
  const std::vector<Entry>& entries() const { return entries_; }
  // The file's heap entries: --heap-pattern patterns (heap_telemetry.hpp).
  const std::vector<std::string>& heap_patterns() const { return heap_patterns_; }
  const std::string& name() const { return name_; }

 private:
  std::string name_;
  std::vector<Entry> entries_;
  std::vector<std::string> heap_patterns_;
};

class RecordReader {
 public:
  explicit RecordReader(RecordPatterns patterns) : patterns_(std::move(patterns)) {}

  bool feed(std::string_view line, SourcePos pos, EventSink& sink);
  void flush(EventSink& sink);
  // The device rebooted: the allocation in progress is sent, and the next record starts the
  // new boot's recording.
  void reboot(EventSink& sink) {
    flush(sink);
    started_ = false;
  }

 private:
  std::uint64_t task_handle(std::string_view task, SourcePos pos, EventSink& sink);

  RecordPatterns patterns_;
  std::optional<AllocEvent> pending_;  // frames may follow
  std::vector<std::pair<std::uint64_t, std::uint64_t>> frames_;  // (index, address)
  std::map<std::string, std::uint64_t, std::less<>> named_tasks_;
  bool started_ = false;  // a TraceStartEvent named the format in this boot
};

}  // namespace leakscope
