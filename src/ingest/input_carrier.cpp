#include "leakscope/ingest/input_carrier.hpp"

#include <algorithm>
#include <cstring>

#include "leakscope/ingest/sysview_json.hpp"
#include "leakscope/ingest/sysview_stream.hpp"
#include "leakscope/ingest/trace_records.hpp"
#include "leakscope/ingest/trace_ring.hpp"

namespace leakscope {

namespace {

// Enough of a text log to judge it, even when its first line is boot-time baud-rate garbage.
constexpr std::size_t text_sample = 4096;

bool is_text_byte(unsigned char c) {
  return (c >= 0x20 && c < 0x7f) || c == '\n' || c == '\r' || c == '\t' || c == 0x1b;
}

enum class Verdict { text, binary, undecided };

Verdict judge_text(std::string_view sample, bool at_end) {
  const auto text = static_cast<std::size_t>(std::count_if(
      sample.begin(), sample.end(), [](char c) { return is_text_byte(static_cast<unsigned char>(c)); }));
  const auto lines = static_cast<std::size_t>(std::count(sample.begin(), sample.end(), '\n'));
  if (lines >= 2 && text * 10 >= sample.size() * 9) return Verdict::text;
  if (at_end || sample.size() >= text_sample)
    return text * 4 >= sample.size() * 3 ? Verdict::text : Verdict::binary;
  return Verdict::undecided;
}

// Appends what the source has now; false at end of input.
bool read_more(ByteSource& source, std::string& into, std::size_t want) {
  const std::size_t old = into.size();
  into.resize(old + want);
  const std::size_t n = source.read(into.data() + old, want);
  into.resize(old + n);
  return n > 0;
}

class ReplaySource final : public ByteSource {
 public:
  ReplaySource(std::string head, ByteSource& source) : head_(std::move(head)), source_(source) {}
  std::size_t read(char* buffer, std::size_t capacity) override {
    if (offset_ < head_.size()) {
      const std::size_t n = std::min(capacity, head_.size() - offset_);
      std::memcpy(buffer, head_.data() + offset_, n);
      offset_ += n;
      return n;
    }
    return source_.read(buffer, capacity);
  }
  const std::string& error() const override { return source_.error(); }
  const std::string& name() const override { return source_.name(); }

 private:
  std::string head_;
  std::size_t offset_ = 0;
  ByteSource& source_;
};

}  // namespace

std::string_view carrier_name(Carrier carrier) {
  switch (carrier) {
    case Carrier::text: return "text";
    case Carrier::trace_stream: return "trace";
    case Carrier::ring_image: return "ring";
    case Carrier::ring_data: return "ring-data";
    case Carrier::sysview: return "sysview";
    case Carrier::sysview_json: return "sysview-json";
  }
  return "unknown";
}

InputPeek peek_carrier(ByteSource& source) {
  InputPeek peek;
  const char sync[] = {static_cast<char>(trace_format::sync0), static_cast<char>(trace_format::sync1)};
  for (;;) {
    const std::string_view head = peek.head;
    if (head.starts_with(std::string_view(sync, 2))) {
      peek.carrier = Carrier::trace_stream;
      return peek;
    }
    if (head.starts_with(ring_magic)) {
      peek.carrier = Carrier::ring_image;
      return peek;
    }
    const SysviewStart sysview = sysview_start(head);
    if (sysview == SysviewStart::yes) {
      peek.carrier = Carrier::sysview;
      return peek;
    }
    const bool could_be_magic = ring_magic.starts_with(head) ||
                                std::string_view(sync, 2).starts_with(head) || sysview == SysviewStart::maybe;
    if (!could_be_magic || peek.at_end) {
      const Verdict verdict = judge_text(head, peek.at_end);
      if (verdict == Verdict::text) {
        if (looks_like_sysview_json(head)) peek.carrier = Carrier::sysview_json;
        return peek;
      }
      if (verdict == Verdict::binary) break;
    }
    if (!read_more(source, peek.head, text_sample - std::min(text_sample - 1, peek.head.size())))
      peek.at_end = true;
  }
  // Binary, without a frame or descriptor at its start. From a pipe or a serial device it is a
  // stream joined in the middle (a UART attached to a running device): decoded at once, the
  // first partial frame skipped; holding it back to rule out a ring data area would show
  // nothing live for minutes. A file: read on, up to the limit of a data area.
  if (source.arrives_over_time() && !peek.at_end) {
    peek.carrier = Carrier::trace_stream;
    return peek;
  }
  while (!peek.at_end && peek.head.size() <= max_ring_data)
    if (!read_more(source, peek.head, 64 * 1024)) peek.at_end = true;
  peek.carrier = peek.at_end ? Carrier::ring_data : Carrier::trace_stream;
  return peek;
}

std::unique_ptr<ByteSource> replay_source(std::string head, ByteSource& source) {
  return std::make_unique<ReplaySource>(std::move(head), source);
}

}  // namespace leakscope
