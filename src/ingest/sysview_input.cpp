#include "leakscope/ingest/sysview_input.hpp"

#include "leakscope/ingest/sysview_json.hpp"

namespace leakscope {

namespace {

std::string read_all(InputPeek&& peek, ByteSource& source) {
  std::string bytes = std::move(peek.head);
  if (peek.at_end) return bytes;
  std::string chunk(64 * 1024, '\0');
  while (const std::size_t n = source.read(chunk.data(), chunk.size())) bytes.append(chunk.data(), n);
  return bytes;
}

}  // namespace

SysviewRead SysviewInputs::read(InputPeek&& peek, ByteSource& source, std::uint32_t input) {
  const bool json = peek.carrier == Carrier::sysview_json;
  std::string bytes = read_all(std::move(peek), source);
  const SourcePos start{input, 0, 0};
  SysviewRead result{bytes.size(), {}};
  if (json) {
    flush();
    emit_sysview_json(bytes, start, sink_);
    return result;
  }
  SysviewInfo info = read_sysview_info(bytes);
  if (info.header.segger_multicore)
    result.warning = "the header gives SEGGER's multicore offsets (\"; Offset Core\"), which this "
                     "reader does not split: the capture is read as one stream";
  if (held_ && sysview_cores_pair(held_->info, info)) {
    emit_sysview_capture({{held_->bytes, held_->start}, {bytes, start}}, sink_);
    held_.reset();
    return result;
  }
  flush();
  if (info.one_core_file())
    held_ = Held{std::move(bytes), start, std::move(info)};
  else
    emit_sysview_capture({{bytes, start}}, sink_);
  return result;
}

void SysviewInputs::flush() {
  if (!held_) return;
  emit_sysview_capture({{held_->bytes, held_->start}}, sink_);
  held_.reset();
}

}  // namespace leakscope
