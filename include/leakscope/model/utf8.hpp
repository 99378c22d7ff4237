// Text from devices as leakscope keeps and prints it: UTF-8, with U+FFFD (the replacement
// character) for each byte that is not part of a valid sequence. Logs, string tables and task
// names may hold any byte (Latin-1 text, a baud-rate glitch); patterns match and CI outputs
// print such text as UTF-8.
//
//   if (std::optional<std::string> fixed = repaired_utf8(line)) line = *fixed;  // rarely
//   out << valid_utf8(name);
//
// Valid means what RFC 3629 allows: no overlong forms, no surrogates, nothing past U+10FFFF.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace leakscope {

// The text with each byte outside valid UTF-8 replaced by U+FFFD; nullopt when it is valid
// (nearly always: no copy is made then).
std::optional<std::string> repaired_utf8(std::string_view text);

// The same, always as a string.
std::string valid_utf8(std::string_view text);

}  // namespace leakscope
