// Recognisers for the lines a device prints while it boots.
//
// ESP32 ROM: "ets Jun  8 2016 00:22:57" then "rst:0x1 (POWERON_RESET),boot:0x13 (...)";
// newer chips: "ESP-ROM:esp32c3-api1-20210207", "Build:Feb  7 2021", "rst:0x1 (POWERON),...".
// Either the banner or the reset line means the device restarted; the loader chatter that
// follows (configsip:, load:0x..., entry 0x...) belongs to the boot and carries no evidence.
#pragma once

#include <string_view>

namespace leakscope {

enum class BootLine { none, rom_banner, reset_reason, chatter };

// Lines are classified after reset_noise(): a ROM banner behind noise bytes is a banner.
BootLine classify_boot_line(std::string_view line);

// The line without the bytes a UART picks up while the chip resets ("\xff\xa5ets Jun  8
// 2016 ..."): leading bytes >= 0x80. The cleaner has already removed control bytes.
std::string_view without_reset_noise(std::string_view line);

// "rst:0x1 (POWERON_RESET)" out of a reset line (without the boot mode part).
std::string_view reset_reason(std::string_view line);

}  // namespace leakscope
