#include "leakscope/ingest/trace_bytes.hpp"

#include <fmt/format.h>

namespace leakscope {

bool ByteReader::fail(std::string_view what) {
  if (error_.empty()) error_ = fmt::format("{} at payload byte {}", what, pos_);
  return false;
}

bool ByteReader::raw(std::string_view& out, std::size_t n) {
  if (!ok()) return false;
  if (n > bytes_.size() - pos_) return fail("the payload ends inside a field");
  out = bytes_.substr(pos_, n);
  pos_ += n;
  return true;
}

bool ByteReader::u8(std::uint8_t& out) {
  std::string_view b;
  if (!raw(b, 1)) return false;
  out = static_cast<std::uint8_t>(b[0]);
  return true;
}

bool ByteReader::u16le(std::uint16_t& out) {
  std::string_view b;
  if (!raw(b, 2)) return false;
  out = static_cast<std::uint16_t>(static_cast<std::uint8_t>(b[0]) |
                                   static_cast<std::uint8_t>(b[1]) << 8);
  return true;
}

bool ByteReader::u32le(std::uint32_t& out) {
  std::string_view b;
  if (!raw(b, 4)) return false;
  out = 0;
  for (int i = 3; i >= 0; --i) out = out << 8 | static_cast<std::uint8_t>(b[static_cast<std::size_t>(i)]);
  return true;
}

bool ByteReader::varint(std::uint64_t& out) {
  if (!ok()) return false;
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < 10; ++i) {
    if (pos_ + i >= bytes_.size()) return fail("the payload ends inside a varint");
    const auto byte = static_cast<std::uint8_t>(bytes_[pos_ + i]);
    const std::uint64_t group = byte & 0x7f;
    // The tenth byte holds bit 63 only: anything more does not fit 64 bits.
    if (i == 9 && group > 1) return fail("varint over 64 bits");
    value |= group << (7 * i);
    if ((byte & 0x80) == 0) {
      pos_ += i + 1;
      out = value;
      return true;
    }
  }
  return fail("varint longer than 10 bytes");
}

bool ByteReader::zigzag(std::int64_t& out) {
  std::uint64_t u = 0;
  if (!varint(u)) return false;
  out = static_cast<std::int64_t>(u >> 1) ^ -static_cast<std::int64_t>(u & 1);
  return true;
}

bool ByteReader::bytes(std::string_view& out, std::size_t max_length) {
  std::uint64_t n = 0;
  if (!varint(n)) return false;
  if (n > max_length) return fail(fmt::format("length {} over the limit of {}", n, max_length));
  return raw(out, static_cast<std::size_t>(std::min<std::uint64_t>(n, SIZE_MAX)));
}

bool ByteReader::stack(std::vector<std::uint64_t>& out, std::size_t max_count) {
  std::uint64_t n = 0;
  if (!varint(n)) return false;
  if (n > max_count) return fail(fmt::format("stack of {} addresses, over the limit of {}", n, max_count));
  // Each address takes at least one byte: a count beyond the payload fails before allocating.
  if (n > bytes_.size() - pos_) return fail("the payload ends inside a stack");
  std::vector<std::uint64_t> addresses;
  addresses.reserve(static_cast<std::size_t>(n));
  std::uint64_t address = 0;
  for (std::uint64_t i = 0; i < n; ++i) {
    if (i == 0) {
      if (!varint(address)) return false;
    } else {
      std::int64_t delta = 0;
      if (!zigzag(delta)) return false;
      address += static_cast<std::uint64_t>(delta);
    }
    addresses.push_back(address);
  }
  out = std::move(addresses);
  return true;
}

void ByteWriter::u16le(std::uint16_t v) {
  u8(static_cast<std::uint8_t>(v));
  u8(static_cast<std::uint8_t>(v >> 8));
}

void ByteWriter::u32le(std::uint32_t v) {
  for (int i = 0; i < 4; ++i) u8(static_cast<std::uint8_t>(v >> (8 * i)));
}

void ByteWriter::varint(std::uint64_t v) {
  while (v >= 0x80) {
    u8(static_cast<std::uint8_t>(v | 0x80));
    v >>= 7;
  }
  u8(static_cast<std::uint8_t>(v));
}

void ByteWriter::zigzag(std::int64_t v) {
  varint(static_cast<std::uint64_t>(v) << 1 ^ static_cast<std::uint64_t>(v >> 63));
}

void ByteWriter::bytes(std::string_view v) {
  varint(v.size());
  raw(v);
}

void ByteWriter::stack(std::span<const std::uint64_t> addresses) {
  varint(addresses.size());
  for (std::size_t i = 0; i < addresses.size(); ++i) {
    if (i == 0)
      varint(addresses[0]);
    else
      zigzag(static_cast<std::int64_t>(addresses[i] - addresses[i - 1]));
  }
}

std::size_t varint_size(std::uint64_t v) {
  std::size_t n = 1;
  while (v >= 0x80) {
    v >>= 7;
    ++n;
  }
  return n;
}

}  // namespace leakscope
