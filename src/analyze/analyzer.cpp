#include "leakscope/analyze/analyzer.hpp"

#include <algorithm>

#include "leakscope/analyze/grouping.hpp"
#include "leakscope/symbolize/symbolizer.hpp"

namespace leakscope {

namespace {

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

}  // namespace

Analyzer::Analyzer(Symbolizer* symbolizer, const PlumbingFilter& plumbing)
    : Analyzer(symbolizer != nullptr ? std::vector<Symbolizer*>{symbolizer}
                                     : std::vector<Symbolizer*>{},
               ElfPolicy{}, plumbing) {}

Analyzer::Analyzer(const std::vector<Symbolizer*>& builds, const ElfPolicy& policy,
                   const PlumbingFilter& plumbing, const HeapOptions& heap)
    : policy_(policy), unsymbolized_(stacks_, nullptr, plumbing, &module_frames_),
      heap_options_(heap) {
  for (Symbolizer* build : builds) {
    build_elfs_.push_back(build->elfs());
    resolvers_.push_back(std::make_unique<StackResolver>(stacks_, build, plumbing, &module_frames_));
  }
}

// The ledger of the boot in progress; evidence before any boot marker opens boot 0.
BootLedger& Analyzer::ledger(SourcePos pos) {
  if (!current_) {
    current_.emplace(0, BootEvent{pos, {}, {}});
    current_heap_.emplace(heap_options_);
  }
  return *current_;
}

BootHeapRecorder& Analyzer::heap(SourcePos pos) {
  ledger(pos);
  return *current_heap_;
}

double Analyzer::capture_line(SourcePos pos) {
  if (pos.input != line_input_) {
    line_base_ += last_line_;
    last_line_ = 0;
    line_input_ = pos.input;
  }
  if (pos.line > 0) last_line_ = static_cast<double>(pos.line);
  return line_base_ + last_line_;
}

namespace {

// The boot's anomalies with their callers' frames.
std::vector<HeapAnomalies> report_anomalies(const BootLedger& ledger, StackResolver& resolver,
                                            Lookup lookup) {
  std::vector<HeapAnomalies> out;
  for (const auto& [kind, recorded] : ledger.anomalies()) {
    HeapAnomalies& group = out.emplace_back(HeapAnomalies{kind, recorded.count, {}});
    for (const LedgerAnomalies::Example& e : recorded.first) {
      const ResolvedStack& stack = resolver.resolve(e.stack, lookup);
      group.first.push_back({e.address, e.size, e.pos, stack.frames, stack.site});
    }
  }
  return out;
}

}  // namespace

BootReport Analyzer::report_boot(const BootLedger& ledger, Lookup lookup) {
  BootReport boot = ledger.header();
  ElfChoice choice = choose_elf(boot.elf.printed, build_elfs_, policy_);
  boot.elf = std::move(choice.elf);
  StackResolver& resolver =
      choice.build == ElfChoice::no_build ? unsymbolized_ : *resolvers_[choice.build];
  boot.leaks = group_leaks(ledger, resolver, lookup);
  if (lookup == Lookup::report) {
    boot.cycle_growth = cycle_growth(ledger, resolver, lookup);
    boot.crashes = crashes_.report(resolver, ledger);
    boot.crashes_dropped = crashes_.dropped();
  }
  boot.anomalies = report_anomalies(ledger, resolver, lookup);
  return boot;
}

std::optional<BootReport> Analyzer::preview_current_boot() {
  if (!current_) return std::nullopt;
  return report_boot(*current_, Lookup::preview);
}

std::uint64_t Analyzer::skipped_count() const {
  std::uint64_t count = 0;
  for (const auto& [kind, summary] : skipped_) count += summary.count;
  return count;
}

void Analyzer::close_boot(std::string_view next_reset_reason) {
  if (!current_) return;
  BootReport boot = report_boot(*current_, Lookup::report);
  boot.heap = current_heap_->finish(deaths_, next_reset_reason);
  current_heap_.reset();
  crashes_ = {};
  report_.leaked_bytes += boot.leaks.bytes;
  report_.leaked_count += boot.leaks.count;
  report_.boots.push_back(std::move(boot));
  current_.reset();
}

void Analyzer::count_skip(const SkipEvent& skip) {
  SkipSummary& s = skipped_[skip.kind];
  s.kind = skip.kind;
  if (s.count++ == 0) s.first_detail = skip.detail;
  if (s.first.size() < LineStats::max_examples) s.first.push_back(skip.pos);
}

void Analyzer::on_event(Event&& event) {
  std::visit(Overloaded{
                 [&](BootEvent& e) {
                   if (current_ && current_->takes_marker(e)) {
                     current_->on_boot_marker(e);
                     return;
                   }
                   close_boot(e.reset_reason);
                   current_.emplace(static_cast<std::uint32_t>(report_.boots.size()), e);
                   current_heap_.emplace(heap_options_);
                 },
                 [&](SnapshotBegin& e) { ledger(e.pos).on_snapshot_begin(e); },
                 [&](AllocEvent& e) { ledger(e.pos).on_alloc(e, stacks_); },
                 [&](FreeEvent& e) { ledger(e.pos).on_free(e); },
                 [&](TaskNameEvent& e) { ledger(e.pos).on_task_name(e); },
                 [&](TaskEndEvent& e) { ledger(e.pos).on_task_end(e); },
                 [&](HeapSampleEvent& e) {
                   if (e.time) ledger(e.pos).on_heap_sample();  // a trace's HEAP record
                   heap(e.pos).on_sample(e, capture_line(e.pos), current_->tick_ns(),
                                         current_->streamed_live_bytes());
                 },
                 [&](MarkerEvent& e) {
                   const double line = capture_line(e.pos);
                   if (e.time) ledger(e.pos).on_marker();  // a trace's MARKER record
                   // A --cycle line, like any ordinary line, opens no boot.
                   if (!current_) return;
                   if (e.kind == MarkerKind::cycle_begin) current_->on_cycle_begin();
                   current_heap_->on_marker(e, line, current_->tick_ns());
                 },
                 [&](TraceStartEvent& e) { ledger(e.pos).on_trace_start(e); },
                 [&](TraceLossEvent& e) { ledger(e.pos).on_trace_loss(e); },
                 [&](SnapshotEnd& e) { ledger(e.pos).on_snapshot_end(e); },
                 [&](ElfIdentityEvent& e) { ledger(e.pos).on_elf_identity(std::move(e)); },
                 [&](LogMessageEvent& e) {
                   // An ordinary line is no evidence: it opens no boot.
                   const double line = capture_line(e.pos);
                   if (current_) current_heap_->on_message(e, line);
                 },
                 [&](CrashEvent& e) {
                   // Panic output is evidence of the boot it ends: it opens one if need be.
                   ledger(e.pos);
                   crashes_.on_event(e);
                 },
                 [&](SkipEvent& e) {
                   count_skip(e);
                   if (current_) current_->on_skip(e);
                 },
                 [&](ModuleFrameEvent& e) { module_frames_.add(e); },
                 [&](HeapAnomalyEvent& e) { ledger(e.pos).on_anomaly(e, stacks_); },
             },
             event);
}

// A trace that names objects (glibc mtrace) none of the ELFs given is named after: its
// frames stay unknown, most likely because the ELF is another program's or was renamed.
void Analyzer::warn_unmatched_objects() {
  if (module_frames_.empty() || build_elfs_.empty()) return;
  std::vector<std::string> objects = module_frames_.object_names();
  for (const auto& build : build_elfs_)
    for (const ElfSummary& elf : build)
      if (std::find(objects.begin(), objects.end(), object_file_name(elf.path)) != objects.end())
        return;
  std::string names;
  for (const std::string& name : objects) names += (names.empty() ? "" : ", ") + name;
  report_.diagnostics.warnings.push_back(
      "no ELF given has the file name of an object the trace names (" + names +
      "): those callers were not looked up; give the program's ELF under the name it ran as");
}

Report Analyzer::finish() {
  close_boot({});
  warn_unmatched_objects();
  for (auto& [kind, summary] : skipped_) report_.diagnostics.skipped.push_back(summary);
  // Lookups in ELFs; addresses of boots left unsymbolized count only when no ELF was given.
  SymbolizationStats& stats = report_.diagnostics.symbolization;
  if (resolvers_.empty()) stats = unsymbolized_.stats();
  for (const auto& resolver : resolvers_) stats += resolver->stats();
  return std::move(report_);
}

}  // namespace leakscope
