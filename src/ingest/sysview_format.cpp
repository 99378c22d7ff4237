#include "leakscope/ingest/sysview_format.hpp"

#include <array>
#include <charconv>

namespace leakscope::sysview {

std::optional<std::string_view> predefined_layout(std::uint32_t id) {
  // Ids 0-22, in order: NOP, OVERFLOW(drop_cnt), ISR_ENTER(irq), ISR_EXIT, TASK_START_EXEC(tid),
  // TASK_STOP_EXEC, TASK_START_READY(tid), TASK_STOP_READY(tid, cause), TASK_CREATE(tid),
  // TASK_INFO(tid, prio, name), TRACE_START, TRACE_STOP, SYSTIME_CYCLES(cycles),
  // SYSTIME_US(lo, hi), SYSDESC(text), MARK_START(id), MARK_STOP(id), IDLE, ISR_TO_SCHEDULER,
  // TIMER_ENTER(id), TIMER_EXIT, STACK_INFO(tid, base, size, unused), MODULEDESC(id, offset, text).
  static constexpr std::array<std::string_view, 23> layouts = {
      "",  "u", "u", "",   "u", "", "u",  "uu", "u", "uus", "",   "",
      "u", "uu", "s", "u", "u", "", "", "u", "",  "uuuu", "uus"};
  if (id >= layouts.size()) return std::nullopt;
  return layouts[id];
}

void SysviewDescription::read(std::string_view desc) {
  while (!desc.empty()) {
    const std::size_t comma = desc.find(',');
    const std::string_view item = desc.substr(0, comma);
    desc = comma == std::string_view::npos ? std::string_view() : desc.substr(comma + 1);
    if (item.starts_with("N=")) name = item.substr(2);
    if (item.starts_with("D=")) device = item.substr(2);
    const std::size_t eq = item.find('=');
    if (!item.starts_with("I#") || eq == std::string_view::npos || eq == 2) continue;
    std::uint32_t irq = 0;
    const auto [end, error] = std::from_chars(item.data() + 2, item.data() + eq, irq);
    if (error == std::errc() && end == item.data() + eq) irq_names[irq] = std::string(item.substr(eq + 1));
  }
}

std::string SysviewDescription::firmware() const {
  if (device.empty()) return name;
  return name.empty() ? device : name + " on " + device;
}

bool SysviewFields::u32(std::uint32_t& out) {
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < 5; ++i) {
    if (pos_ + i >= bytes_.size()) {
      cut_ = true;
      return false;
    }
    const auto b = static_cast<std::uint8_t>(bytes_[pos_ + i]);
    value |= static_cast<std::uint64_t>(b & 0x7f) << (7 * i);
    if ((b & 0x80) == 0) {
      cut_ = false;
      if (value > UINT32_MAX) return false;
      out = static_cast<std::uint32_t>(value);
      pos_ += i + 1;
      return true;
    }
  }
  cut_ = false;  // a sixth byte: no encoder writes one
  return false;
}

bool SysviewFields::text(std::string_view& out) {
  std::size_t length = 0;
  std::size_t head = 1;
  if (pos_ >= bytes_.size()) {
    cut_ = true;
    return false;
  }
  length = static_cast<std::uint8_t>(bytes_[pos_]);
  if (length == 0xff) {
    head = 3;
    if (pos_ + 3 > bytes_.size()) {
      cut_ = true;
      return false;
    }
    length = static_cast<std::uint8_t>(bytes_[pos_ + 1]) |
             static_cast<std::size_t>(static_cast<std::uint8_t>(bytes_[pos_ + 2])) << 8;
  }
  if (pos_ + head + length > bytes_.size()) {
    cut_ = true;
    return false;
  }
  out = bytes_.substr(pos_ + head, length);
  pos_ += head + length;
  return true;
}

bool SysviewFields::skip(std::string_view layout) {
  for (const char kind : layout) {
    std::uint32_t number = 0;
    std::string_view chars;
    if (!(kind == 's' ? text(chars) : u32(number))) return false;
  }
  return true;
}

}  // namespace leakscope::sysview
