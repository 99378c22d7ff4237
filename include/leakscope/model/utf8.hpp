// Text from devices as leakscope keeps and prints it: UTF-8, with U+FFFD (the replacement
// character) for each byte that is not part of a valid sequence. Logs, string tables and task
// names may hold any byte (mis-decoded Latin-1 text, line noise, a baud-rate glitch); patterns
// match and CI outputs print such text as UTF-8, and the input tally counts the bytes that are
// not.
//
//   if (std::optional<std::string> fixed = repaired_utf8(line)) line = *fixed;  // rarely
//   out << valid_utf8(name);
//   for (std::size_t i = 0; i < text.size();) i += std::max<std::size_t>(1, utf8_length(text, i));
//
// Valid means what RFC 3629 allows: no overlong forms, no surrogates, nothing past U+10FFFF.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace leakscope {

// Bytes of the complete, valid UTF-8 sequence starting at text[i]; 0 if there is none
// (a stray continuation byte, a cut sequence, overlong forms, surrogates, past U+10FFFF).
std::size_t utf8_length(std::string_view text, std::size_t i);

// The text with each byte outside valid UTF-8 replaced by U+FFFD; nullopt when it is valid
// (nearly always: no copy is made then).
std::optional<std::string> repaired_utf8(std::string_view text);

// The same, always as a string.
std::string valid_utf8(std::string_view text);

}  // namespace leakscope
