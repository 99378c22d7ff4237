// Events: what ingest parsers find in the evidence, in input order.
//
// Parsers only push events into an EventSink (ingest/event_sink.hpp); the analyzer consumes
// them. Every event carries the position it came from so any finding can point back into the
// log. The vocabulary is format-neutral: an ESP-IDF heap-trace dump becomes a snapshot of
// Alloc (and Free, for records freed in HEAP_TRACE_ALL mode) events; a streaming trace emits
// the same Alloc/Free events without the snapshot brackets.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "leakscope/model/crash.hpp"
#include "leakscope/model/log_time.hpp"

namespace leakscope {

// Where an event was read: input index (order on the command line, 0-based) and 1-based line.
// Binary inputs have no lines: there `line` is 0 and `offset` is the byte offset of the
// record's frame in the input (docs/trace-format.md). A frame carried on a text line has both:
// its line, and its offset in the bytes the line's base64 decodes to.
struct SourcePos {
  std::uint32_t input = 0;
  std::uint64_t line = 0;
  std::uint64_t offset = 0;
};

// What said the device booted. A binary trace's HEADER and BOOT records mark the boot a
// second time when the log's own boot lines come first (both travel on one UART), and a
// HEADER is followed by its BOOT: a trace marker joins the boot in progress while that boot
// holds no allocation evidence yet and has not had a marker of its kind (analyze/analyzer.hpp).
enum class BootMarker : std::uint8_t {
  log,           // the log's boot lines (ROM banner, reset line)
  trace_header,  // a trace recording began (HEADER)
  trace_boot,    // a trace's BOOT record
};

// The device (re)booted: everything before belongs to the previous boot.
struct BootEvent {
  SourcePos pos;
  std::string banner;        // ROM banner, e.g. "ets Jun  8 2016 00:22:57"; may be empty
  std::string reset_reason;  // e.g. "rst:0xc (SW_CPU_RESET)"; may be empty
  BootMarker marker = BootMarker::log;
};

// Layout of an ESP-IDF standalone heap trace dump (see docs in esp_idf_heap_trace.hpp).
// custom: a firmware's own printout, read through record patterns (ingest/record_patterns.hpp).
enum class DumpLayout : std::uint8_t { esp_idf_v4, esp_idf_v5, custom };
std::string_view dump_layout_name(DumpLayout layout);  // "esp-idf-v4", "esp-idf-v5", "custom"

// A heap-trace dump starts: it describes the whole set of allocations the trace knows, so it
// replaces whatever the previous dump of the same boot said.
struct SnapshotBegin {
  SourcePos pos;
  DumpLayout layout = DumpLayout::esp_idf_v4;
  std::uint64_t records_declared = 0;  // "N allocations" / "N records"
  std::uint64_t capacity = 0;          // entry buffer size
  bool header_seen = true;  // false: records appeared with no header (capture began mid-dump)
};

struct AllocEvent {
  SourcePos pos;
  std::uint64_t address = 0;  // heap block address
  std::uint64_t size = 0;
  std::optional<std::uint64_t> task;  // task handle, when the evidence names one
  std::optional<std::uint32_t> cpu;
  std::optional<std::uint64_t> time;  // device clock (ESP-IDF: ccount), not comparable across boots
  std::vector<std::uint64_t> callers;  // return addresses, innermost first (evidence addresses)
  std::string heap;                    // heap/caps label, e.g. "Internal", "PSRAM"
};

struct FreeEvent {
  SourcePos pos;
  std::uint64_t address = 0;
  std::vector<std::uint64_t> callers;
  std::optional<std::uint64_t> task;
  std::optional<std::uint64_t> time;
};

// A task handle got a name.
struct TaskNameEvent {
  SourcePos pos;
  std::uint64_t task = 0;
  std::string name;
};

// A task ended (FreeRTOS vTaskDelete, Zephyr thread exit): its handle may be reused.
struct TaskEndEvent {
  SourcePos pos;
  std::uint64_t task = 0;
};

// Heap health at one moment: a binary trace's HEAP record, or a log line printing free heap.
// A log line may print only some figures (the minimum ever free, the largest block): at least
// one of free, min_free and largest_free is set.
struct HeapSampleEvent {
  SourcePos pos;
  std::optional<std::uint64_t> time;  // device clock ticks (a HEAP record), as AllocEvent::time
  std::optional<LineTime> logged_at;  // the timestamp of the log line that printed it
  std::string heap;                   // heap/caps label; empty: the (only) heap
  std::optional<std::uint64_t> free;
  std::optional<std::uint64_t> min_free;      // minimum ever free since boot
  std::optional<std::uint64_t> largest_free;  // largest free block
  std::optional<std::uint64_t> total;         // heap size
};

// An ordinary log line: not heap evidence, a boot line or a serial monitor's note. Heap
// analysis ranks the kinds of message the heap's persistent drops follow
// (analyze/event_correlation.hpp) and learns from panic output how a boot ended.
struct LogMessageEvent {
  SourcePos pos;
  std::optional<LineTime> logged_at;
  std::string text;    // the cleaned line, prefix included
  bool crash = false;  // panic or fatal-error output (ingest/crash_line.hpp)
};

// A point the firmware or the test rig marked: a note, or where a numbered cycle of work
// (a connection, a modem restart) begins or ends. A trace's MARKER record, or a log line that
// --cycle matches (a cycle begins; number 0: counted by the analysis).
enum class MarkerKind : std::uint8_t { note, cycle_begin, cycle_end };

struct MarkerEvent {
  SourcePos pos;
  std::optional<std::uint64_t> time;  // device clock ticks (a MARKER record)
  MarkerKind kind = MarkerKind::note;
  std::uint64_t number = 0;  // cycle number; 0 for a note, or when not numbered
  std::string text;
  std::optional<LineTime> logged_at;  // the timestamp of the log line that marked it
};

// A recording of heap events began: a binary trace's HEADER. Its build identity comes as an
// ElfIdentityEvent.
struct TraceStartEvent {
  SourcePos pos;
  std::string format;  // "leakscope-trace 1.0": the format and the version the recording uses
  std::uint64_t tick_ns = 0;  // nanoseconds per device time tick; 0: unknown
  std::string firmware;       // name/version the device gave; may be empty
};

// Trace records that never reached us, and why. Allocations among them are missing from the
// ledger, so the boot's totals are a lower bound (frees among them leave blocks that look live).
enum class LossCause : std::uint8_t {
  device_buffer,  // the device's buffer was full: it says so in a LOSS record
  transit,        // frames missing between two good ones (sequence numbers skipped)
  ring_wrap,      // a ring-buffer image's oldest frames were overwritten
  before_capture, // the capture began after the recording did: its first frames are missing
};

std::string_view loss_cause_name(LossCause cause);  // "device_buffer", ...

struct TraceLossEvent {
  SourcePos pos;
  LossCause cause = LossCause::transit;
  std::uint64_t records = 0;  // 0: unknown how many
  std::uint64_t bytes = 0;    // 0: unknown
};

// A dump ended. Totals are what the device printed, to cross-check what we parsed.
struct SnapshotEnd {
  SourcePos pos;
  bool complete = false;  // the dump's closing lines were seen (false: log cut mid-dump)
  bool overflowed = false;  // "(NB: ... Buffer has overflowed ...)": oldest records lost
  bool duplicates_possible = false;  // "(NB: New entries were traced while dumping ...)"
  bool list_corrupt = false;         // "Error: heap trace linked list is corrupt"
  std::optional<std::uint64_t> reported_bytes;  // "N bytes 'leaked'/alive in trace"
  std::optional<std::uint64_t> reported_count;  // "(N allocations)" / "(N/M allocations)"
  std::optional<std::uint64_t> reported_records;  // records the dump printed, freed ones too
  std::optional<std::uint64_t> total_allocations;
  std::optional<std::uint64_t> total_frees;
  std::string mode;  // "leaks", "all" or empty when not printed
};

// The log named the build that is running by a prefix of its ELF file's SHA-256. ESP-IDF prints
// one at startup ("I (31) cpu_start: ELF file SHA256:  0123456789abcdef...") and one in panic
// output, before the reboot ("ELF file SHA256: 012345678"): both belong to the boot in progress.
// A binary trace's HEADER names its build by GNU build-id and/or SHA-256 prefix.
struct ElfIdentityEvent {
  SourcePos pos;
  std::string sha256_prefix;  // 8-64 hex digits, lowercase; empty when only a build-id is known
  std::string build_id;       // hex, lowercase; empty when not known
};

// Something in the input could not be used. Counted and reported, never fatal.
enum class SkipKind : std::uint8_t {
  malformed_record,  // looked like a trace line (or record) but did not parse
  damaged_record,    // record kept, but part of it (its caller list) was lost
  overlong_line,     // line longer than the reader's limit; the rest was dropped
  malformed_elf_sha256,  // an "ELF file SHA256:" line (or trace HEADER) without a usable prefix
  damaged_frame,         // a trace frame failed its CRC or length check, or was cut off
  unsynced_bytes,        // bytes between trace frames that belong to no frame
  unknown_record,        // a trace record of a type this version does not know: skipped
  unsupported_version,   // a trace HEADER of a major version this reader cannot read
};

std::string_view skip_kind_name(SkipKind kind);  // "malformed_record", ...

struct SkipEvent {
  SourcePos pos;
  SkipKind kind = SkipKind::malformed_record;
  std::string detail;
};

// A line of panic, fault or heap-corruption output (ingest/crash_line.hpp): a crash's
// headline, or a register dump or backtrace line that belongs to the crash before it.
struct CrashEvent {
  SourcePos pos;
  std::optional<LineTime> logged_at;
  CrashLine line;
  std::string text;  // the cleaned line
};

// ---- glibc mtrace (ingest/mtrace_parser.hpp): frames named by loaded object, anomalies ----

// A caller the evidence names by the object it lies in ("./prog:[0x11ba]",
// "/lib/x86_64-linux-gnu/libc.so.6:(__strdup+1a)[0x9e9aa]"), not by an address of the ELFs.
// The parser pushes one the first time a caller list holds `key`; keys have
// module_frame_key_bit set, which no code address has (32-bit targets, x86-64 user space),
// and stand for the frame in caller lists. Analysis maps the frame to the ELF whose file name
// is the object's (analyze/module_frames.hpp).
inline constexpr std::uint64_t module_frame_key_bit = std::uint64_t{1} << 63;
inline bool is_module_frame_key(std::uint64_t caller) { return (caller & module_frame_key_bit) != 0; }

// What the frame's number is. glibc >= 2.34 prints the caller's offset from the object's
// load base (dladdr's dli_fbase); glibc <= 2.33 printed the absolute address. A line with a
// symbol says which ("main+17": offset form; "main+0x17": absolute); one without does not.
enum class ModuleAddress : std::uint8_t { offset, absolute, either };

struct ModuleFrameEvent {
  SourcePos pos;
  std::uint64_t key = 0;
  std::string module;   // as printed: "./prog", "/lib/x86_64-linux-gnu/libc.so.6"
  std::uint64_t address = 0;  // the number in brackets (evidence address in the module)
  ModuleAddress form = ModuleAddress::either;
  std::string symbol;  // the nearest dynamic symbol the process named ("__strdup+1a"), a hint:
                       // checked against nothing; empty when none was printed
};

// Allocator calls that do not fit the blocks the trace knew: what glibc's mtrace script
// complains about. The parser keeps the trace's first view (a duplicate is not allocated
// again), as the script does, so the unfreed blocks are the same.
enum class HeapAnomalyKind : std::uint8_t {
  duplicate_alloc,    // "+ p": p is already allocated (a free the trace missed)
  unknown_free,       // "- p": p was never allocated (a double free, or allocated untraced)
  unknown_realloc,    // "< p": realloc of a block never allocated
  duplicate_realloc,  // "> p": realloc returned a block already allocated
};

std::string_view heap_anomaly_kind_name(HeapAnomalyKind kind);  // "duplicate_alloc", ...

struct HeapAnomalyEvent {
  SourcePos pos;
  HeapAnomalyKind kind = HeapAnomalyKind::unknown_free;
  std::uint64_t address = 0;  // the heap block
  std::uint64_t size = 0;     // duplicates: the size of the second allocation; else 0
  std::vector<std::uint64_t> callers;  // of the call that did not fit, as AllocEvent::callers
};

// ---- end of glibc mtrace ----

using Event =
    std::variant<BootEvent, SnapshotBegin, AllocEvent, FreeEvent, TaskNameEvent, TaskEndEvent,
                 SnapshotEnd, ElfIdentityEvent, HeapSampleEvent, MarkerEvent, TraceStartEvent,
                 TraceLossEvent, SkipEvent, LogMessageEvent, CrashEvent, ModuleFrameEvent,
                 HeapAnomalyEvent>;

}  // namespace leakscope
