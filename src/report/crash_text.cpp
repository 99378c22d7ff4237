#include "report/crash_text.hpp"

#include <fmt/format.h>

#include "leakscope/report/elf_check_text.hpp"

namespace leakscope {

std::string location_text(const std::string& function, const std::string& file,
                          std::uint32_t line) {
  const std::string name = function.empty() ? "??" : function;
  if (file.empty()) return name;
  return fmt::format("{} at {}:{}", name, file, line);
}

std::string frame_location(const Frame& f) {
  std::string text = location_text(f.function, f.file, f.line);
  if (f.function.empty() && f.file.empty() && !f.module.empty())
    return text + fmt::format(" in {}{}", f.module,
                              f.module_symbol.empty() ? "" : " (" + f.module_symbol + ")");
  return f.in_code ? text : text + " (not code)";
}

std::string frame_text(const Frame& f, const std::string& role) {
  return fmt::format("{}{:#010x} {}{}", role.empty() ? "" : role + " ", f.address,
                     f.inlined ? "(inlined) " : "", frame_location(f));
}

std::string crash_headline(const Report& report, const Crash& c) {
  std::string head = fmt::format("{} at {}: {}", crash_kind_name(c.kind),
                                 position_text(report, c.at), c.reason);
  if (c.core) head += fmt::format(" on core {}", *c.core);
  if (c.block) head += fmt::format(" at {:#010x}", *c.block);
  if (c.expected && c.got)
    head += fmt::format(" (expected {:#010x}, got {:#010x})", *c.expected, *c.got);
  if (c.size) head += fmt::format(" ({} bytes asked)", *c.size);
  return head;
}

std::string backtrace_title(const Crash& c) {
  return std::string("backtrace") + (c.backtrace_corrupted   ? " (cut short: the unwind failed)"
                                     : c.backtrace_continues ? " (cut at the device's depth limit)"
                                                             : "");
}

std::string crash_owner_text(const Crash& c) {
  if (c.owner) {
    const CrashOwner& o = *c.owner;
    return fmt::format("the block of {} bytes at {:#010x} was allocated by {} [{}] fingerprint {}",
                       o.size, o.address, location_text(o.function, o.file, o.line), o.task,
                       o.fingerprint);
  }
  if (c.kind == CrashKind::heap_corruption && c.block)
    return "no live allocation of the heap trace holds that address";
  return {};
}

}  // namespace leakscope
