#include "leakscope/ingest/base64.hpp"

#include <array>
#include <cstdint>

namespace leakscope {

namespace {

constexpr std::string_view alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::uint8_t invalid = 0xff;

constexpr std::array<std::uint8_t, 256> decode_table() {
  std::array<std::uint8_t, 256> table{};
  for (auto& v : table) v = invalid;
  for (std::size_t i = 0; i < alphabet.size(); ++i)
    table[static_cast<std::uint8_t>(alphabet[i])] = static_cast<std::uint8_t>(i);
  return table;
}

constexpr std::array<std::uint8_t, 256> values = decode_table();

}  // namespace

std::string base64_encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    const std::size_t n = std::min<std::size_t>(3, bytes.size() - i);
    std::uint32_t group = 0;
    for (std::size_t k = 0; k < 3; ++k)
      group = group << 8 | (k < n ? static_cast<std::uint8_t>(bytes[i + k]) : 0u);
    for (std::size_t k = 0; k < 4; ++k)
      out += k <= n ? alphabet[group >> (18 - 6 * k) & 0x3f] : '=';
  }
  return out;
}

Base64Decoded base64_decode(std::string_view text) {
  Base64Decoded out;
  out.bytes.reserve(text.size() / 4 * 3);
  std::size_t i = 0;
  for (; i + 4 <= text.size(); i += 4) {
    // "xx==" and "xxx=" end the data; padding anywhere else is an error.
    std::size_t data = 4;
    while (data > 2 && text[i + data - 1] == '=') --data;
    std::uint32_t group = 0;
    for (std::size_t k = 0; k < 4; ++k) {
      const std::uint8_t v = k < data ? values[static_cast<std::uint8_t>(text[i + k])] : 0;
      if (v == invalid) {
        out.error_at = i + k;
        return out;
      }
      group = group << 6 | v;
    }
    for (std::size_t k = 0; k + 1 < data; ++k) out.bytes += static_cast<char>(group >> (16 - 8 * k) & 0xff);
    if (data < 4) {
      i += 4;
      break;
    }
  }
  if (i < text.size()) out.error_at = i;
  return out;
}

}  // namespace leakscope
