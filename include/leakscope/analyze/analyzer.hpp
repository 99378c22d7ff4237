// Analyzer: consumes ingest events, keeps one BootLedger per boot, and builds the Report.
//
//   Analyzer analyzer(&symbolizer, plumbing);   // symbolizer may be null (addresses only)
//   LogScanner scanner(analyzer);  ... scan inputs ...
//   Report report = analyzer.finish();
//
// Memory is bounded by the live allocations of the current boot and the distinct stacks seen;
// a finished boot keeps only its groups.
#pragma once

#include <map>
#include <memory>
#include <optional>

#include "leakscope/analyze/boot_ledger.hpp"
#include "leakscope/analyze/stack_resolver.hpp"
#include "leakscope/ingest/event_sink.hpp"

namespace leakscope {

class Analyzer final : public EventSink {
 public:
  Analyzer(Symbolizer* symbolizer, const PlumbingFilter& plumbing);

  void on_event(Event&& event) override;
  Report finish();

 private:
  BootLedger& ledger(SourcePos pos);
  void close_boot();
  void count_skip(const SkipEvent& skip);

  StackTable stacks_;
  StackResolver resolver_;
  std::optional<BootLedger> current_;
  Report report_;
  std::map<SkipKind, SkipSummary> skipped_;
};

}  // namespace leakscope
