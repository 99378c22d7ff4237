#include "leakscope/ingest/trace_lines.hpp"

#include "leakscope/ingest/base64.hpp"

namespace leakscope {

std::optional<std::string_view> find_trace_text(std::string_view line) {
  const std::size_t at = line.find(trace_line_tag);
  if (at == std::string_view::npos) return std::nullopt;
  return line.substr(at + trace_line_tag.size());
}

void TraceLineDecoder::decode(std::string_view base64, SourcePos pos) {
  pos.offset = 0;
  decoder_.reset(pos);
  const Base64Decoded decoded = base64_decode(base64);
  decoder_.feed(decoded.bytes);
  if (decoded.error_at == std::string_view::npos) {
    decoder_.finish();
    return;
  }
  // The frame decoding stopped in is lost with the rest of the line: one report for both.
  decoder_.abandon();
  FrameDamage damage;
  damage.kind = FrameDamageKind::undecodable;
  damage.pos = pos;
  damage.pos.offset = decoded.bytes.size();
  damage.length = base64.size() - decoded.error_at;
  sink_.on_damage(damage);
}

}  // namespace leakscope
