// Base64 (RFC 4648, standard alphabet, '=' padding), for trace frames carried on text lines.
// None of the libraries we depend on offers it, and it is small.
//
//   std::string text = base64_encode(frame_bytes);
//   Base64Decoded d = base64_decode(text);
//   use(d.bytes);                              // everything up to the first problem
//   if (d.error_at != std::string_view::npos) report(d.error_at);
//
// The decoder does not give up at the first bad character: a line cut short or hit by line
// noise still yields the frames before the damage, and says where decoding stopped.
#pragma once

#include <string>
#include <string_view>

namespace leakscope {

std::string base64_encode(std::string_view bytes);

struct Base64Decoded {
  std::string bytes;
  // Index of the first character that is not part of a well-formed group: a character
  // outside the alphabet, misplaced padding, or an incomplete final group; npos when clean.
  std::size_t error_at = std::string_view::npos;
};

Base64Decoded base64_decode(std::string_view text);

}  // namespace leakscope
