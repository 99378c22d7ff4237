// How a boot ended (model/crash.hpp): the reset reasons that say a watchdog ended the boot
// before, and those that do not (power-on, software restarts, brownouts, the ROM's RTC reset).
#include <catch2/catch.hpp>

#include "leakscope/model/crash.hpp"

using namespace leakscope;

TEST_CASE("resets after a crash", "[model][crash]") {
  CHECK(is_crash_reset("rst:0x8 (TG1WDT_SYS_RESET)"));
  CHECK(is_crash_reset("rst:0x7 (TG0WDT_SYS_RESET)"));
  CHECK(is_crash_reset("rst:0x7 (TG0WDT_SYS_RST)"));
  CHECK(is_crash_reset("rst:0xd (RTCWDT_CPU_RESET)"));
  CHECK_FALSE(is_crash_reset("rst:0x10 (RTCWDT_RTC_RESET)"));
  CHECK_FALSE(is_crash_reset("rst:0xf (RTCWDT_BROWN_OUT_RESET)"));
  CHECK_FALSE(is_crash_reset("rst:0x1 (POWERON_RESET)"));
  CHECK_FALSE(is_crash_reset("rst:0xc (SW_CPU_RESET)"));
  CHECK_FALSE(is_crash_reset(""));
}
