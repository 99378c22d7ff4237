// UTF-8 validity, for text from devices: logs carry mis-decoded and line-noise bytes.
#pragma once

#include <cstddef>
#include <string_view>

namespace leakscope {

// Bytes of the complete, valid UTF-8 sequence starting at text[i]; 0 if there is none
// (a stray continuation byte, a cut sequence, overlong forms, surrogates, past U+10FFFF).
std::size_t utf8_length(std::string_view text, std::size_t i);

}  // namespace leakscope
