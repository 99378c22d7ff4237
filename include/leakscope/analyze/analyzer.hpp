// Analyzer: consumes ingest events, keeps one BootLedger per boot, and builds the Report.
//
//   Analyzer analyzer(&symbolizer, plumbing);   // symbolizer may be null (addresses only)
//   Analyzer analyzer({&build_a, &build_b}, ElfPolicy{.by_sha256 = true}, plumbing);
//   LogScanner scanner(analyzer);  ... scan inputs ...
//   Report report = analyzer.finish();
//
// Each boot is symbolized with the build elf_choice.hpp picks from the ELF SHA-256 prefixes
// (and trace build-ids) it printed, or not at all. A binary trace's HEADER and BOOT join the
// boot the log's boot lines opened when nothing was traced in it yet (BootLedger::takes_marker).
// Each build has its own resolver, so every distinct address is symbolized at most once per build.
// Memory is bounded by the live allocations of the current boot and the distinct stacks seen; a
// finished boot keeps only its groups.
//
// glibc mtrace frames named by loaded object (ModuleFrameEvent) are kept for the whole run and
// looked up in the ELF named after their object (module_frames.hpp); the trace's anomalies
// are counted per boot (BootReport::anomalies).
//
// Heap samples and log messages feed each boot's BootHeapRecorder (boot_heap.hpp); its report
// is made when the boot closes, with the next boot's reset reason, which says whether it
// crashed. Live previews leave it out.
//
// Live mode looks at the boot in progress between events:
//   if (std::optional<BootReport> now = analyzer.preview_current_boot()) show(now->leaks);
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "leakscope/analyze/boot_heap.hpp"
#include "leakscope/analyze/boot_ledger.hpp"
#include "leakscope/analyze/crashes.hpp"
#include "leakscope/analyze/elf_choice.hpp"
#include "leakscope/analyze/module_frames.hpp"
#include "leakscope/analyze/stack_resolver.hpp"
#include "leakscope/ingest/event_sink.hpp"

namespace leakscope {

class Analyzer final : public EventSink {
 public:
  // One build (every boot's, checked against what it printed), or none (nullptr).
  Analyzer(Symbolizer* symbolizer, const PlumbingFilter& plumbing);
  // builds: loaded Symbolizers, owned by the caller, each holding at least one ELF.
  Analyzer(const std::vector<Symbolizer*>& builds, const ElfPolicy& policy,
           const PlumbingFilter& plumbing, const HeapOptions& heap = {});

  void on_event(Event&& event) override;
  Report finish();

  // The boot in progress as finish() would report it if the input ended now; nothing before
  // the first evidence. Its lookups are previews (stack_resolver.hpp): finish() reports the
  // same figures whether or not previews were taken.
  std::optional<BootReport> preview_current_boot();
  const BootLedger* current_ledger() const { return current_ ? &*current_ : nullptr; }
  std::uint64_t skipped_count() const;  // SkipEvents so far, of every kind

 private:
  BootLedger& ledger(SourcePos pos);
  BootHeapRecorder& heap(SourcePos pos);
  double capture_line(SourcePos pos);
  BootReport report_boot(const BootLedger& ledger, Lookup lookup);
  void close_boot(std::string_view next_reset_reason);
  void count_skip(const SkipEvent& skip);
  void warn_unmatched_objects();

  StackTable stacks_;
  ModuleFrames module_frames_;  // before the resolvers, which look into it
  ElfPolicy policy_;
  std::vector<std::vector<ElfSummary>> build_elfs_;
  std::vector<std::unique_ptr<StackResolver>> resolvers_;  // one per build
  StackResolver unsymbolized_;  // for boots no build may symbolize
  std::optional<BootLedger> current_;
  HeapOptions heap_options_;
  std::optional<BootHeapRecorder> current_heap_;  // the boot in progress's, beside its ledger
  BootCrashes crashes_;                           // and its crashes
  HeapDeaths deaths_;
  // Lines counted over all inputs: each input's line numbers start after the previous
  // input's last line seen.
  std::uint32_t line_input_ = 0;
  double line_base_ = 0;
  double last_line_ = 0;
  Report report_;
  std::map<SkipKind, SkipSummary> skipped_;
};

}  // namespace leakscope
