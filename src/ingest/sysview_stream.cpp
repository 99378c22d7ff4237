#include "leakscope/ingest/sysview_stream.hpp"

#include <fmt/format.h>

#include "leakscope/ingest/sysview_format.hpp"

namespace leakscope {

namespace {

using sysview::SysviewFields;

// OpenOCD's header is five lines; more than this is not a header.
constexpr std::size_t max_header = 4096;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// The header's lines up to the second ";" line; returns where the bytes after it start.
std::size_t read_header(std::string_view capture, SysviewHeader& header) {
  if (capture.empty() || capture.front() != ';') return 0;
  header.present = true;
  std::size_t pos = 0;
  int bare_lines = 0;
  while (pos < capture.size() && pos < max_header && bare_lines < 2) {
    const std::size_t eol = capture.find('\n', pos);
    if (eol == std::string_view::npos) break;
    const std::string_view line = trim(capture.substr(pos, eol - pos));
    if (line.empty() || line.front() != ';') break;  // not a header line: the sync is searched from here
    pos = eol + 1;
    const std::string_view content = trim(line.substr(1));
    if (content.empty()) {
      ++bare_lines;
    } else if (content.starts_with("Version")) {
      header.version = std::string(trim(content.substr(7)));
    } else if (content == "ESP_Extension") {
      header.esp_extension = true;
    } else if (content.starts_with("Offset Core")) {
      header.segger_multicore = true;
    }
  }
  return pos;
}

std::size_t zero_run(std::string_view capture, std::size_t pos) {
  std::size_t end = pos;
  while (end < capture.size() && capture[end] == '\0') ++end;
  return end - pos;
}

std::size_t find_sync(std::string_view capture, std::size_t from) {
  static constexpr char zeros[sysview::sync_length] = {};
  return capture.find(std::string_view(zeros, sizeof zeros), from);
}

enum class ReadStatus : std::uint8_t { ok, cut, invalid };

struct PacketRead {
  ReadStatus status = ReadStatus::ok;
  SysviewPacket packet;
  std::size_t end = 0;
  std::string why;  // invalid: what could not be read
};

PacketRead invalid(std::string why) { return {ReadStatus::invalid, {}, 0, std::move(why)}; }

PacketRead read_packet(std::string_view capture, std::size_t pos) {
  PacketRead r;
  r.packet.offset = pos;
  const auto b0 = static_cast<std::uint8_t>(capture[pos]);
  std::size_t used = 1;
  if ((b0 & 0x80) != 0) {
    if (pos + 1 >= capture.size()) return {ReadStatus::cut, {}, 0, {}};
    const auto b1 = static_cast<std::uint8_t>(capture[pos + 1]);
    r.packet.core = (b1 >> 6) & 1;
    r.packet.id = static_cast<std::uint32_t>((b1 & 0x3f) << 7 | (b0 & 0x7f));
    if (r.packet.id < 128 || (b1 & 0x80) != 0)
      return invalid(fmt::format("two-byte event id {:#04x} {:#04x}, which no encoder writes", b0, b1));
    used = 2;
  } else {
    r.packet.core = (b0 >> 6) & 1;
    r.packet.id = b0 & 0x3f;
  }
  SysviewFields fields(capture.substr(pos + used));
  std::size_t payload_start = used;
  std::size_t payload_size = 0;
  if (r.packet.id < sysview::event::first_with_length) {
    const std::optional<std::string_view> layout = sysview::predefined_layout(r.packet.id);
    if (!layout) return invalid(fmt::format("event id {}, whose size this reader cannot know", r.packet.id));
    if (!fields.skip(*layout)) {
      if (fields.cut()) return {ReadStatus::cut, {}, 0, {}};
      return invalid(fmt::format("event id {} with a field that is no SEGGER varint", r.packet.id));
    }
    payload_size = fields.used();
  } else {
    // Payload length: one byte, or two when the first has bit 7.
    if (pos + used >= capture.size()) return {ReadStatus::cut, {}, 0, {}};
    const auto p0 = static_cast<std::uint8_t>(capture[pos + used]);
    payload_size = p0;
    ++payload_start;
    if ((p0 & 0x80) != 0) {
      if (pos + used + 1 >= capture.size()) return {ReadStatus::cut, {}, 0, {}};
      const auto p1 = static_cast<std::uint8_t>(capture[pos + used + 1]);
      payload_size = static_cast<std::size_t>(p1) << 7 | (p0 & 0x7f);
      ++payload_start;
    }
  }
  const std::size_t delta_at = pos + payload_start + payload_size;
  if (delta_at >= capture.size()) return {ReadStatus::cut, {}, 0, {}};
  r.packet.payload = capture.substr(pos + payload_start, payload_size);
  SysviewFields delta(capture.substr(delta_at));
  if (!delta.u32(r.packet.delta)) {
    if (delta.cut()) return {ReadStatus::cut, {}, 0, {}};
    return invalid(fmt::format("event id {} with a timestamp that is no SEGGER varint", r.packet.id));
  }
  r.end = delta_at + delta.used();
  return r;
}

}  // namespace

SysviewStreamReader::SysviewStreamReader(std::string_view capture) : capture_(capture) {
  const std::size_t after_header = read_header(capture_, header_);
  const std::size_t sync = find_sync(capture_, after_header);
  if (sync == std::string_view::npos) {
    header_.sync_offset = capture_.size();
    pos_ = capture_.size();
    header_damage_ = SysviewDamage{after_header, SkipKind::damaged_frame,
                                   fmt::format("no sync (10 zero bytes) in the {} bytes after the header: nothing read",
                                               capture_.size() - after_header)};
    return;
  }
  header_.sync_offset = sync;
  pos_ = sync;
  if (sync > after_header)
    header_damage_ = SysviewDamage{after_header, SkipKind::unsynced_bytes,
                                   fmt::format("{} bytes between the header and the sync skipped", sync - after_header)};
}

bool SysviewStreamReader::next(SysviewItem& item) {
  item.damage.reset();
  if (header_damage_) {
    item.damage = std::move(header_damage_);
    header_damage_.reset();
    return true;
  }
  while (!done_ && pos_ < capture_.size()) {
    if (const std::size_t zeros = zero_run(capture_, pos_); zeros >= sysview::sync_length) {
      pos_ += zeros;
      continue;
    }
    PacketRead r = read_packet(capture_, pos_);
    if (r.status == ReadStatus::ok) {
      item.packet = r.packet;
      pos_ = r.end;
      return true;
    }
    if (r.status == ReadStatus::cut) {
      item.damage = SysviewDamage{pos_, SkipKind::damaged_frame,
                                  fmt::format("the capture ends inside an event ({} bytes of it): read up to there",
                                              capture_.size() - pos_)};
      done_ = true;
      return true;
    }
    const std::size_t next_sync = find_sync(capture_, pos_ + 1);
    const std::size_t resume = next_sync == std::string_view::npos ? capture_.size() : next_sync;
    item.damage = SysviewDamage{pos_, SkipKind::unsynced_bytes,
                                fmt::format("{}: {} bytes skipped up to {}", r.why, resume - pos_,
                                            next_sync == std::string_view::npos ? "the end (no further sync)"
                                                                                : "the next sync")};
    pos_ = resume;
    return true;
  }
  return false;
}

SysviewStart sysview_start(std::string_view head) {
  // The sync, or the first bytes of one.
  if (zero_run(head, 0) >= sysview::sync_length) return SysviewStart::yes;
  if (!head.empty() && zero_run(head, 0) == head.size()) return SysviewStart::maybe;
  // OpenOCD's header: ";" alone on the first line, the next line starting ";".
  for (std::string_view first : {std::string_view(";\n"), std::string_view(";\r\n")}) {
    if (first.starts_with(head)) return head.empty() ? SysviewStart::no : SysviewStart::maybe;
    if (!head.starts_with(first)) continue;
    if (head.size() == first.size()) return SysviewStart::maybe;
    return head[first.size()] == ';' ? SysviewStart::yes : SysviewStart::no;
  }
  return SysviewStart::no;
}

}  // namespace leakscope
