// Report: everything a run found, as plain values. Analysis builds it; writers only print it.
//
// Invariants (checked by tests): in each boot, leaks.bytes and leaks.count equal the sums over
// by_site, over by_stack and over by_task; groups are sorted by bytes, then count (both
// descending), then name.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "leakscope/model/address.hpp"
#include "leakscope/model/diagnostics.hpp"
#include "leakscope/model/event.hpp"
#include "leakscope/model/gate.hpp"
#include "leakscope/model/heap_report.hpp"

namespace leakscope {

inline constexpr int report_schema_version = 1;

// One source-level frame. An evidence address expands to one frame per inlined level, all
// carrying the same address; innermost first.
struct Frame {
  std::uint64_t address = 0;  // evidence address (as printed by the device)
  std::string function;       // empty when unknown
  std::string file;
  std::uint32_t line = 0;
  bool inlined = false;    // inlined into the next frame
  bool plumbing = false;   // allocator internals, skipped when choosing the call site
  bool in_code = true;     // false: the address lies in no executable section of the ELFs
  // A frame the evidence named by loaded object (glibc mtrace): the object as printed, and
  // the nearest symbol the process named (a hint, checked against nothing). `address` is then
  // the number the evidence gave (an offset in the object, or an absolute address); a frame
  // no ELF given holds stays unknown (analyze/module_frames.hpp).
  std::string module;
  std::string module_symbol;
};

// Frames are shared: every group and boot that shows one stack points at the same frames.
using FrameList = std::shared_ptr<const std::vector<Frame>>;

struct GroupStats {
  std::uint64_t bytes = 0;
  std::uint64_t count = 0;
  std::uint64_t min_size = 0;
  std::uint64_t max_size = 0;
  std::uint64_t first_seq = 0;  // allocation order within the boot, 1-based
  std::uint64_t last_seq = 0;
  SourcePos first_pos;          // where the first/last of them was read
  SourcePos last_pos;

  void add(std::uint64_t size, std::uint64_t seq, SourcePos pos);
};

// One unfreed block, as the evidence gave it.
struct LeakedBlock {
  std::uint64_t address = 0;
  std::uint64_t size = 0;
  std::uint64_t seq = 0;  // allocation order within the boot (GroupStats::first_seq)
  SourcePos pos;          // where its allocation was read
};

struct SiteGroup {
  std::string function;  // of the call site frame; empty when unknown
  std::string file;
  std::uint32_t line = 0;
  std::uint64_t address = 0;  // evidence address of the call-site frame (0: no callers at all)
  std::string module;         // the call-site frame's object, when the evidence named one
  std::string fingerprint;    // stable id across builds (analyze/fingerprint.hpp)
  bool fingerprint_by_address = false;  // no function name: valid for this build only
  SiteStatus status = SiteStatus::leak;  // what the gate made of it (model/gate.hpp)
  std::string suppressed_by;             // the SuppressionUse::source that matched, if any
  std::optional<std::uint64_t> baseline_bytes, baseline_count;  // in the baseline, if there
  GroupStats stats;
  std::vector<std::string> tasks;  // by bytes, descending
  FrameList stack;                 // the stack holding most of the site's bytes
  std::size_t distinct_stacks = 0;
  std::vector<LeakedBlock> blocks;  // every unfreed block of the site, in allocation order
};

struct StackGroup {
  GroupStats stats;
  FrameList stack;
  std::vector<std::string> tasks;
};

struct TaskGroup {
  std::string task;  // name, else handle in hex, else "unknown"
  std::optional<std::uint64_t> handle;
  GroupStats stats;
};

struct LeakSummary {
  std::uint64_t bytes = 0;
  std::uint64_t count = 0;
  std::vector<SiteGroup> by_site;
  std::vector<StackGroup> by_stack;
  std::vector<TaskGroup> by_task;
};

// Records of a streamed trace that never reached us, by cause (event.hpp, LossCause).
struct TraceLoss {
  LossCause cause = LossCause::transit;
  std::uint64_t records = 0;  // as far as known
  std::uint64_t bytes = 0;    // their encoded size, where the device said
  std::uint64_t unknown = 0;  // losses whose number of records is not known
};

// What the heap trace of one boot looked like: the last of its ESP-IDF dumps, or a streamed
// binary trace (docs/trace-format.md).
struct TraceInfo {
  std::uint64_t dumps = 0;  // dumps seen; the last one is the boot's state (0: a stream)
  std::string layout;       // "esp-idf-v4" / "esp-idf-v5" / "leakscope-trace 1.0"
  std::string mode;         // "leaks" / "all" / ""
  std::uint64_t capacity = 0;
  std::optional<std::uint64_t> reported_bytes;  // what the device's summary said
  std::optional<std::uint64_t> reported_count;
  std::optional<std::uint64_t> total_allocations;
  std::optional<std::uint64_t> total_frees;
  std::uint64_t records = 0;  // allocation records parsed in the last dump (stream: all)
  std::uint64_t freed_records = 0;
  // Streams only (0 / empty for dumps):
  std::uint64_t tick_ns = 0;              // nanoseconds per device time tick; 0: unknown
  std::string firmware;                   // as the trace's HEADER names it
  std::uint64_t failed_allocations = 0;   // allocations that returned NULL: not live
  std::uint64_t unmatched_frees = 0;      // frees of blocks the trace never showed allocated
  std::uint64_t heap_samples = 0;         // kept for trend analysis; counted only
  std::uint64_t markers = 0;
  std::vector<TraceLoss> lost;            // by cause, in LossCause order
};

// Which build a boot ran, by the log's own word, and the ELF its addresses were looked up in.
// How the ELF is chosen: analyze/elf_choice.hpp.
enum class ElfMatch : std::uint8_t {
  none,          // no ELF was given
  verified,      // the ELF's SHA-256 starts with every prefix the boot printed
  unverified,    // the boot printed no prefix; the ELFs given were used as they are
  mismatch,      // a prefix the boot printed matches no ELF given
  unidentified,  // ELFs are chosen by SHA-256 (--elf-dir), and the boot printed none
};

std::string_view elf_match_name(ElfMatch match);  // "none", "verified", ...

struct BootElf {
  ElfMatch match = ElfMatch::none;
  std::vector<ElfIdentityEvent> printed;  // the SHA-256 prefixes the boot's log printed, in order
  std::size_t mismatched = 0;  // mismatch: index in printed of the prefix that matched nothing
  std::string path;    // the ELF matched, else the one the boot was checked against; "" if none
  std::string sha256;  // its SHA-256
  bool symbolized = false;  // the boot's addresses were looked up (in every ELF of its build)
  bool refused = false;     // mismatch without --allow-elf-mismatch: not symbolized, exit 2
};

// How a call site's live bytes behaved over the boot's last cycles (analyze/cycle_growth.hpp).
enum class CycleGrowthKind : std::uint8_t { likely_leak, bounded, warm_up, in_flight };
std::string_view cycle_growth_kind_name(CycleGrowthKind kind);  // "likely_leak", ...

struct CycleSite {
  std::string function;  // of the call-site frame; empty when unknown
  std::string file;
  std::uint32_t line = 0;
  std::uint64_t address = 0;
  std::string fingerprint;  // as SiteGroup's
  CycleGrowthKind kind = CycleGrowthKind::likely_leak;
  std::uint32_t grew_in = 0;             // cycles of the window that grew it
  std::uint32_t shrank_in = 0;           // and that shrank it
  std::int64_t window_growth_bytes = 0;  // live bytes at the window's end minus at its start
  std::uint64_t live_bytes = 0;          // at the end of the boot
};

struct CycleGrowth {
  std::uint64_t cycles = 0;      // cycle beginnings in the boot
  std::uint32_t window = 0;      // complete cycles looked at (the last ones)
  std::uint32_t threshold = 0;   // grew in at least this many: likely_leak
  std::vector<CycleSite> sites;  // likely leaks first, then in flight, bounded, warm-up
};

// A crash of a boot (analyze/crashes.hpp assembles it from CrashEvents, model/crash.hpp): its
// headline, the code addresses its register dump and backtrace named, symbolized, and for heap
// corruption the allocation that owned the block, when the boot's heap trace knows it.
struct CrashRegister {
  std::string name;           // "PC", "A0", "MEPC", "RA", "LR"
  std::vector<Frame> frames;  // its address symbolized; inlined levels expanded
};

struct CrashOwner {
  std::uint64_t address = 0;  // the allocation's block
  std::uint64_t size = 0;
  std::string task;
  FrameList stack;            // never null
  std::string function, file;  // of its call site (as SiteGroup's)
  std::uint32_t line = 0;
  std::string fingerprint;
};

struct Crash {
  CrashKind kind = CrashKind::panic;
  std::string reason;
  std::optional<std::uint32_t> core;
  SourcePos at;  // the headline's line (the first line, for a bare backtrace)
  std::optional<LineTime> logged_at;
  std::string text;                  // the headline as printed
  std::vector<std::string> details;  // later headlines of the same burst (the abort a
                                     // corruption triggers), as printed
  std::vector<CrashRegister> registers;
  std::vector<Frame> backtrace;  // innermost first
  bool backtrace_corrupted = false;
  bool backtrace_continues = false;
  std::optional<std::uint64_t> block, expected, got;  // heap corruption
  std::optional<std::uint64_t> size;                  // allocation failure
  std::optional<CrashOwner> owner;                    // heap corruption, when traced
};

// Allocator calls of a trace that did not fit the blocks it knew (event.hpp,
// HeapAnomalyEvent), by kind: how many, and the first few with their callers.
struct HeapAnomaly {
  std::uint64_t address = 0;
  std::uint64_t size = 0;
  SourcePos pos;
  FrameList stack;  // the caller's frames, innermost first; never null (may be empty)
  std::size_t site = static_cast<std::size_t>(-1);  // index of the call-site frame, or -1
};

struct HeapAnomalies {
  static constexpr std::size_t max_examples = 10;
  HeapAnomalyKind kind = HeapAnomalyKind::unknown_free;
  std::uint64_t count = 0;
  std::vector<HeapAnomaly> first;  // the first max_examples, in input order
};

struct BootReport {
  std::uint32_t index = 0;  // 0-based, in input order
  SourcePos start;
  std::string banner;
  std::string reset_reason;
  bool has_trace = false;
  bool incomplete = false;
  std::vector<std::string> incomplete_reasons;
  TraceInfo trace;
  BootElf elf;
  LeakSummary leaks;
  std::optional<BootHeap> heap;  // heap health from the boot's samples; none without samples
  std::optional<CycleGrowth> cycle_growth;  // a heap trace's sites over cycles; none without
  std::vector<HeapAnomalies> anomalies;     // kinds seen, in HeapAnomalyKind order
  std::vector<Crash> crashes;  // panics, faults, heap corruption, backtraces, in log order
  std::uint64_t crashes_dropped = 0;  // beyond BootCrashes::max_crashes: counted only
};

struct ElfInfo {
  std::string path;
  Arch arch = Arch::unknown;
  bool has_dwarf = false;
  bool has_symtab = false;
  std::string build_id;
  std::string sha256;
  std::string debug_file;  // separate debug file the DWARF came from; empty: the ELF itself
};

struct SymbolizationStats {
  std::uint64_t addresses = 0;    // distinct evidence addresses looked up
  std::uint64_t unknown = 0;      // no function found
  std::uint64_t not_in_code = 0;  // outside every executable section (wrong ELF? data value?)

  SymbolizationStats& operator+=(const SymbolizationStats& other);
};

struct Diagnostics {
  std::vector<InputSummary> inputs;
  LineStats lines;
  TraceStats trace;
  std::vector<SkipSummary> skipped;
  SymbolizationStats symbolization;
  std::vector<std::string> warnings;
};

struct Report {
  std::vector<ElfInfo> elfs;
  std::vector<BootReport> boots;
  Diagnostics diagnostics;
  std::uint64_t leaked_bytes = 0;  // over all boots
  std::uint64_t leaked_count = 0;
  Gate gate;  // what the CI gate found (model/gate.hpp); empty until evaluate_gate
};

}  // namespace leakscope
