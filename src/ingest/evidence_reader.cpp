#include "leakscope/ingest/evidence_reader.hpp"

#include "leakscope/ingest/input_carrier.hpp"
#include "leakscope/ingest/trace_input.hpp"

namespace leakscope {

InputSummary EvidenceReader::read(ByteSource& source, std::uint32_t input) {
  InputSummary summary;
  summary.name = source.name();
  InputPeek peek = peek_carrier(source);
  const FormatHint hint = scanner_.hint(input);
  if (hint != FormatHint::detect) {
    summary.hint = std::string(format_hint_name(hint));
    peek.carrier = *forced_carrier(hint);
  }
  summary.carrier = std::string(carrier_name(peek.carrier));
  if (is_sysview(peek.carrier)) {
    SysviewRead read = sysview_.read(std::move(peek), source, input);
    summary.bytes = read.bytes;
    summary.warning = std::move(read.warning);
    if (!source.error().empty()) summary.error = source.error();
    return summary;
  }
  sysview_.flush();  // a file held for its other core's is a capture of its own
  if (peek.carrier == Carrier::text) {
    const std::uint64_t lines_before = scanner_.stats().read;
    auto replay = replay_source(std::move(peek.head), source);
    scanner_.scan(*replay, input).move_into(summary);
    summary.lines = scanner_.stats().read - lines_before;
  } else {
    // A ring image is a capture of its own: its oldest frames were lost to the wrap.
    const bool ring = peek.carrier != Carrier::trace_stream;
    if (ring) scanner_.trace_events().begin_capture(LossCause::ring_wrap);
    BinaryRead read = read_binary_frames(std::move(peek), source, SourcePos{input, 0, 0},
                                         scanner_.trace_events());
    if (ring) scanner_.trace_events().begin_capture(LossCause::before_capture);
    summary.bytes = read.bytes;
    summary.warning = std::move(read.problem);
  }
  if (!source.error().empty()) summary.error = source.error();
  return summary;
}

}  // namespace leakscope
