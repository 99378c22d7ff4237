// A crash event in words, shared by the text and HTML reports:
//
//   crash_headline(report, c)   "abort at line 210: abort() was called on core 0"
//   frame_text(f, "PC")         "PC 0x00001130 cmd_panic at console_task.c:73"
//   backtrace_title(c)          "backtrace (cut short: the unwind failed)"
//   crash_owner_text(c)         "the block of 96 bytes at 0x20001c40 was allocated by ..."; empty
//                               when the crash is no heap corruption
#pragma once

#include <string>

#include "leakscope/model/report.hpp"

namespace leakscope {

// "function at file:line", degrading to what is known ("??" for no function).
std::string location_text(const std::string& function, const std::string& file,
                          std::uint32_t line);

// A frame's place after its address: "helper at t.c:4", "?? in libc.so.6 (__strdup+1a)",
// "... (not code)".
std::string frame_location(const Frame& frame);

// "[ROLE ]0x00001130 [(inlined) ]place"
std::string frame_text(const Frame& frame, const std::string& role);

std::string crash_headline(const Report& report, const Crash& crash);
std::string backtrace_title(const Crash& crash);
std::string crash_owner_text(const Crash& crash);

}  // namespace leakscope
