#include "leakscope/ingest/crash_line.hpp"

#include <array>

#include "leakscope/ingest/log_message.hpp"

namespace leakscope {

bool is_crash_line(std::string_view line) {
  // Texts found anywhere in the line: panic output may follow a partial line of other output.
  static constexpr std::array<std::string_view, 8> anywhere = {
      "Guru Meditation Error: ",          // ESP-IDF panic handler
      "abort() was called at PC ",        // ESP-IDF abort()
      "***ERROR*** A stack overflow in",  // FreeRTOS stack overflow hook (ESP-IDF)
      "assert failed: ",                  // ESP-IDF assert
      "CORRUPT HEAP: ",                   // ESP-IDF heap poisoning
      "Mem alloc fail. size ",            // CONFIG_HEAP_ABORT_WHEN_ALLOCATION_FAILS
      ">>> ZEPHYR FATAL ERROR",           // Zephyr kernel/fatal.c
      "Stack smashing protect failure!",  // ESP-IDF stack protector
  };
  for (std::string_view text : anywhere)
    if (line.find(text) != std::string_view::npos) return true;
  const LogMessage m = split_log_message(line);
  return m.flavor == LogFlavor::particle && m.level == "PANIC";
}

bool is_crash_reset(std::string_view reset_reason) {
  if (reset_reason.find("WDT") == std::string_view::npos) return false;
  return reset_reason.find("RTCWDT_RTC_RESET") == std::string_view::npos &&
         reset_reason.find("BROWN_OUT") == std::string_view::npos;  // RTCWDT_BROWN_OUT_RESET
}

}  // namespace leakscope
