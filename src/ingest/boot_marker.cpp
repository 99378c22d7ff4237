#include "leakscope/ingest/boot_marker.hpp"

#include <array>

#include "leakscope/ingest/cursor.hpp"

namespace leakscope {

namespace {

// "ets Jun  8 2016 00:22:57": "ets " + month + day + year + time.
bool is_ets_banner(std::string_view line) {
  Cursor c(line);
  std::string_view month;
  std::uint64_t day = 0;
  std::uint64_t year = 0;
  if (!c.literal("ets ") || !c.word(month) || month.size() != 3 || !c.some_spaces() ||
      !c.number(day) || !c.some_spaces() || !c.number(year))
    return false;
  return day >= 1 && day <= 31 && year >= 2000 && year < 2100;
}

// Loader lines after the reset line.
constexpr std::array<std::string_view, 12> chatter = {
    "configsip:", "clk_drv:", "mode:",    "load:0x", "entry 0x", "Build:",
    "SPIWP:",     "ho 0 tail", "ho 12 tail", "Saved PC:", "SPI_FAST_FLASH_BOOT", "boot:0x"};

// Whether a boot line may start with c: the banners ("ets ", "ESP-ROM:"), "rst:", chatter.
constexpr bool boot_line_first_char(char c) {
  if (c == 'e' || c == 'E' || c == 'r') return true;
  for (std::string_view prefix : chatter)
    if (prefix.front() == c) return true;
  return false;
}

}  // namespace

std::string_view without_reset_noise(std::string_view line) {
  std::size_t i = 0;
  while (i < line.size() && static_cast<unsigned char>(line[i]) >= 0x80) ++i;
  return line.substr(i);
}

BootLine classify_boot_line(std::string_view line) {
  line = without_reset_noise(line);
  // Every line passes here: most (esp_log "I (", dump records) start with none of the boot
  // lines' first characters, and go after one look.
  if (line.empty() || !boot_line_first_char(line.front())) return BootLine::none;
  if (is_ets_banner(line) || line.starts_with("ESP-ROM:")) return BootLine::rom_banner;
  std::uint64_t code = 0;
  if (Cursor c(line); c.literal("rst:") && c.hex(code) && c.literal(" (") &&
                      line.find(",boot:0x") != std::string_view::npos)
    return BootLine::reset_reason;
  for (std::string_view prefix : chatter)
    if (line.starts_with(prefix)) return BootLine::chatter;
  return BootLine::none;
}

std::string_view reset_reason(std::string_view line) {
  const std::size_t end = line.find(",boot:");
  return end == std::string_view::npos ? line : line.substr(0, end);
}

}  // namespace leakscope
