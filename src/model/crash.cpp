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

}  // namespace leakscope
