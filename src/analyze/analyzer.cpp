#include "leakscope/analyze/analyzer.hpp"

#include "leakscope/analyze/grouping.hpp"

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
    : resolver_(stacks_, symbolizer, plumbing) {}

// The ledger of the boot in progress; evidence before any boot marker opens boot 0.
BootLedger& Analyzer::ledger(SourcePos pos) {
  if (!current_) current_.emplace(0, BootEvent{pos, {}, {}});
  return *current_;
}

void Analyzer::close_boot() {
  if (!current_) return;
  BootReport boot = current_->header();
  boot.leaks = group_leaks(*current_, resolver_);
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
                   close_boot();
                   current_.emplace(static_cast<std::uint32_t>(report_.boots.size()), e);
                 },
                 [&](SnapshotBegin& e) { ledger(e.pos).on_snapshot_begin(e); },
                 [&](AllocEvent& e) { ledger(e.pos).on_alloc(e, stacks_); },
                 [&](FreeEvent& e) { ledger(e.pos).on_free(e); },
                 [&](TaskNameEvent& e) { ledger(e.pos).on_task_name(e); },
                 [&](SnapshotEnd& e) { ledger(e.pos).on_snapshot_end(e); },
                 [&](SkipEvent& e) {
                   count_skip(e);
                   if (current_) current_->on_skip(e);
                 },
             },
             event);
}

Report Analyzer::finish() {
  close_boot();
  for (auto& [kind, summary] : skipped_) report_.diagnostics.skipped.push_back(summary);
  report_.diagnostics.symbolization = resolver_.stats();
  return std::move(report_);
}

}  // namespace leakscope
