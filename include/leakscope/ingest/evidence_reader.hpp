// EvidenceReader: the front end of `leakscope analyze` over inputs of any carrier. Each input's
// carrier is told by its first bytes (input_carrier.hpp): text logs go through LogScanner
// (which reads their LSTRACE lines too), binary traces through the frame decoder, all into
// one TraceEventMapper, so the inputs read as one continuous capture in the order given.
// SystemView captures (ESP-IDF host-based heap tracing) go to SysviewInputs, one boot each.
//
//   EvidenceReader reader(analyzer);
//   for (each input i) summaries.push_back(reader.read(*source, i));
//   reader.finish();
//   reader.line_stats(); reader.trace_stats();
#pragma once

#include <cstdint>

#include "leakscope/ingest/byte_source.hpp"
#include "leakscope/ingest/log_scanner.hpp"
#include "leakscope/ingest/sysview_input.hpp"
#include "leakscope/model/diagnostics.hpp"

namespace leakscope {

class EvidenceReader {
 public:
  explicit EvidenceReader(EventSink& sink, std::size_t max_line = 8192)
      : scanner_(sink, max_line), sysview_(sink) {}
  EvidenceReader(EventSink& sink, ScanOptions options)
      : scanner_(sink, std::move(options)), sysview_(sink) {}

  // Reads the input to its end. The summary's name, carrier, lines and bytes are filled in;
  // error holds the source's read error, warning a ring descriptor that could not be followed.
  InputSummary read(ByteSource& source, std::uint32_t input);
  void finish() {
    sysview_.flush();
    scanner_.finish();
  }

  const LineStats& line_stats() const { return scanner_.stats(); }
  const TraceStats& trace_stats() const { return scanner_.trace_stats(); }

 private:
  LogScanner scanner_;
  SysviewInputs sysview_;
};

}  // namespace leakscope
