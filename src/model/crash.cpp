#include "leakscope/model/crash.hpp"

namespace leakscope {

std::string_view crash_kind_name(CrashKind kind) {
  switch (kind) {
    case CrashKind::panic: return "panic";
    case CrashKind::abort: return "abort";
    case CrashKind::assert_failed: return "assert_failed";
    case CrashKind::stack_overflow: return "stack_overflow";
    case CrashKind::alloc_failed: return "alloc_failed";
    case CrashKind::heap_corruption: return "heap_corruption";
    case CrashKind::fatal_error: return "fatal_error";
    case CrashKind::task_watchdog: return "task_watchdog";
    case CrashKind::backtrace: return "backtrace";
  }
  return "unknown";
}

bool is_crash_reset(std::string_view reset_reason) {
  if (reset_reason.find("WDT") == std::string_view::npos) return false;
  return reset_reason.find("RTCWDT_RTC_RESET") == std::string_view::npos &&
         reset_reason.find("BROWN_OUT") == std::string_view::npos;  // RTCWDT_BROWN_OUT_RESET
}

}  // namespace leakscope
