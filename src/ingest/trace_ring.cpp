#include "leakscope/ingest/trace_ring.hpp"

#include <algorithm>
#include <functional>
#include <vector>

#include <fmt/format.h>

#include "leakscope/ingest/trace_bytes.hpp"
#include "leakscope/ingest/trace_records.hpp"

namespace leakscope {

namespace {

// The longest frame: sync, type, seq, a 10-byte (non-minimal) length, payload, CRC.
constexpr std::size_t max_frame = 5 + 10 + trace_format::max_payload + 4;
constexpr std::uint16_t backward = 0x8000;  // a step of this much or more, modulo 65536

// What the decoder found, kept so it can be reordered before the sink sees it.
struct Item {
  bool is_frame = false;
  TraceFrame frame;
  std::string payload;
  FrameDamage damage;
  std::uint64_t offset() const { return is_frame ? frame.pos.offset : damage.pos.offset; }
};

class Collector final : public FrameSink {
 public:
  void on_frame(const TraceFrame& frame) override {
    Item item;
    item.is_frame = true;
    item.frame = frame;
    item.payload = std::string(frame.payload);
    items.push_back(std::move(item));
  }
  void on_damage(const FrameDamage& damage) override {
    Item item;
    item.damage = damage;
    items.push_back(std::move(item));
  }
  std::vector<Item> items;
};

struct EmitRules {
  bool drop_leading = false;   // damage before the first frame: the space the wrap overwrote
  bool drop_trailing = false;  // damage after the last frame: unwritten space
  std::function<std::uint64_t(std::uint64_t)> place;  // decoder offset -> offset in the input
};

void emit(std::vector<Item>& items, SourcePos base, const EmitRules& rules, FrameSink& sink) {
  const auto first = std::find_if(items.begin(), items.end(), [](const Item& i) { return i.is_frame; });
  const auto last = std::find_if(items.rbegin(), items.rend(), [](const Item& i) { return i.is_frame; });
  for (auto it = items.begin(); it != items.end(); ++it) {
    const bool leading = it < first;
    const bool trailing = first == items.end() || it >= last.base();
    if (!it->is_frame && ((rules.drop_leading && leading) || (rules.drop_trailing && trailing)))
      continue;
    SourcePos pos = base;
    pos.offset = rules.place(it->offset());
    if (it->is_frame) {
      it->frame.pos = pos;
      it->frame.payload = it->payload;
      sink.on_frame(it->frame);
    } else {
      it->damage.pos = pos;
      sink.on_damage(it->damage);
    }
  }
}

// Index of the item holding the oldest frame of a bare data area, by the rule in the header.
std::size_t oldest_item(const std::vector<Item>& items) {
  std::vector<std::size_t> frames;
  for (std::size_t i = 0; i < items.size(); ++i)
    if (items[i].is_frame) frames.push_back(i);
  std::size_t start = 0;
  std::uint16_t largest = 0;
  for (std::size_t k = 0; k < frames.size(); ++k) {
    const TraceFrame& a = items[frames[k]].frame;
    const TraceFrame& b = items[frames[(k + 1) % frames.size()]].frame;
    const auto step = static_cast<std::uint16_t>(b.seq - a.seq);
    if (step < backward || (b.type == record_type::header && b.seq == 0)) continue;
    if (step > largest) {
      largest = step;
      start = frames[(k + 1) % frames.size()];
    }
  }
  return start;
}

}  // namespace

void read_ring_data(std::string_view data, SourcePos base, FrameSink& sink) {
  if (data.empty()) return;
  Collector found;
  FrameDecoder decoder(found, {});
  // Once more across the end into the start, for the frame the wrap split.
  decoder.feed(data);
  decoder.feed(data.substr(0, std::min(data.size(), max_frame - 1)));
  decoder.finish();
  // What was found past the end repeats the start, and the start up to where the split frame
  // ends is that frame (read whole across the end), not bytes outside any frame.
  std::uint64_t split_end = 0;
  for (const Item& i : found.items)
    if (i.is_frame && i.offset() < data.size() && i.offset() + i.frame.size > data.size())
      split_end = i.offset() + i.frame.size - data.size();
  std::erase_if(found.items, [&](const Item& i) {
    return i.offset() >= data.size() || (!i.is_frame && i.offset() < split_end);
  });
  std::rotate(found.items.begin(), found.items.begin() + static_cast<std::ptrdiff_t>(oldest_item(found.items)),
              found.items.end());
  emit(found.items, base, {true, true, [&](std::uint64_t offset) { return base.offset + offset; }}, sink);
}

std::string ring_image_of(std::string_view stream, std::uint32_t capacity) {
  std::string data(capacity, '\0');
  for (std::size_t i = 0; i < stream.size() && capacity > 0; ++i) data[i % capacity] = stream[i];
  ByteWriter w;
  w.raw(ring_magic);
  w.u32le(capacity);
  w.u32le(capacity == 0 ? 0 : static_cast<std::uint32_t>(stream.size() % capacity));
  w.u32le(capacity == 0 ? 0 : static_cast<std::uint32_t>(stream.size() / capacity));
  w.raw(data);
  return w.take();
}

std::string read_ring_image(std::string_view image, SourcePos base, FrameSink& sink) {
  ByteReader r(image);
  std::string_view magic;
  std::uint32_t capacity = 0, head = 0, wraps = 0;
  r.raw(magic, ring_magic.size());
  r.u32le(capacity);
  r.u32le(head);
  r.u32le(wraps);
  if (!r.ok() || magic != ring_magic) return "not a ring image: no complete LSRB descriptor";
  std::string_view data = r.rest();
  SourcePos data_base = base;
  data_base.offset += ring_descriptor_size;

  std::string problem;
  if (data.size() < capacity)
    problem = fmt::format("the image holds {} of the {} data bytes its descriptor gives",
                          data.size(), capacity);
  data = data.substr(0, capacity);
  if (head > data.size()) {
    problem += fmt::format("{}head {} lies outside the data area: frames ordered by sequence number",
                           problem.empty() ? "" : "; ", head);
    read_ring_data(data, data_base, sink);
    return problem;
  }

  Collector found;
  FrameDecoder decoder(found, {});
  if (wraps > 0) decoder.feed(data.substr(head));  // the oldest bytes; unwritten before a wrap
  decoder.feed(data.substr(0, head));
  decoder.finish();
  const std::uint64_t tail = wraps > 0 ? data.size() - head : 0;
  emit(found.items, data_base,
       {wraps > 0, false,
        [&](std::uint64_t offset) {
          return data_base.offset + (offset < tail ? head + offset : offset - tail);
        }},
       sink);
  return problem;
}

}  // namespace leakscope
