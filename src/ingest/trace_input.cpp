#include "leakscope/ingest/trace_input.hpp"

#include "leakscope/ingest/line_cleaner.hpp"
#include "leakscope/ingest/trace_lines.hpp"
#include "leakscope/ingest/trace_ring.hpp"

namespace leakscope {

namespace {

constexpr std::size_t chunk_size = 64 * 1024;

}  // namespace

BinaryRead read_binary_frames(InputPeek&& peek, ByteSource& source, SourcePos base, FrameSink& sink) {
  BinaryRead result;
  std::string chunk(chunk_size, '\0');
  if (peek.carrier == Carrier::trace_stream) {
    FrameDecoder decoder(sink, base);
    decoder.feed(peek.head);
    result.bytes = peek.head.size();
    peek.head.clear();
    while (const std::size_t n = source.read(chunk.data(), chunk.size())) {
      decoder.feed(std::string_view(chunk.data(), n));
      result.bytes += n;
    }
    decoder.finish();
    return result;
  }
  std::string& image = peek.head;
  if (!peek.at_end)
    while (const std::size_t n = source.read(chunk.data(), chunk.size())) image.append(chunk.data(), n);
  result.bytes = image.size();
  if (peek.carrier == Carrier::ring_image)
    result.problem = read_ring_image(image, base, sink);
  else
    read_ring_data(image, base, sink);
  return result;
}

TraceLineRead read_trace_lines(ByteSource& source, std::uint32_t input, FrameSink& sink,
                               std::size_t max_line) {
  TraceLineRead result;
  LineReader reader(source, max_line);
  LineCleaner cleaner;
  TraceLineDecoder lines(sink);
  RawLine raw;
  while (reader.next(raw)) {
    ++result.lines;
    if (raw.truncated) {
      ++result.overlong;
      continue;
    }
    if (auto text = find_trace_text(cleaner.clean(raw.bytes).text)) {
      ++result.trace_lines;
      lines.decode(*text, SourcePos{input, raw.number, 0});
    }
  }
  return result;
}

}  // namespace leakscope
