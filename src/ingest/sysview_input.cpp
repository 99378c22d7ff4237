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

void emit(EventSink& sink, SysviewCapture&& first, std::optional<SysviewCapture>&& second = {}) {
  std::vector<SysviewCapture> files;
  files.push_back(std::move(first));
  if (second) files.push_back(std::move(*second));
  emit_sysview_capture(std::move(files), sink);
}

}  // namespace

SysviewRead SysviewInputs::read(InputPeek&& peek, ByteSource& source, std::uint32_t input) {
  const bool json = peek.carrier == Carrier::sysview_json;
  const std::string bytes = read_all(std::move(peek), source);
  const SourcePos start{input, 0, 0};
  SysviewRead result{bytes.size(), {}};
  if (json) {
    flush();
    emit(sink_, read_sysview_json(bytes, start));
    return result;
  }
  // After a one-core file, this may be the other core's: read it as core 1 and see.
  SysviewCapture capture = read_sysview_capture(bytes, start, held_ ? 1 : 0);
  if (held_) {
    if (sysview_cores_pair(*held_, capture)) {
      SysviewCapture core0 = std::move(*held_);
      held_.reset();
      emit(sink_, std::move(core0), std::move(capture));
      return result;
    }
    flush();
    capture = read_sysview_capture(bytes, start, 0);
  }
  result.warning = capture.warning;
  if (capture.one_core_file())
    held_ = std::move(capture);
  else
    emit(sink_, std::move(capture));
  return result;
}

void SysviewInputs::flush() {
  if (!held_) return;
  SysviewCapture core0 = std::move(*held_);
  held_.reset();
  emit(sink_, std::move(core0));
}

}  // namespace leakscope
