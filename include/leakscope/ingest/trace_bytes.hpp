// The value encodings of the binary trace format (docs/trace-format.md, "Value encodings"):
// one bounds-checked reader and its writer.
//
//   ByteReader r(payload);
//   std::uint64_t time = 0, address = 0;
//   std::vector<std::uint64_t> stack;
//   r.varint(time); r.varint(address); r.stack(stack);
//   if (!r.ok()) report(r.error());           // the payload ended before its fields did
//
//   ByteWriter w;
//   w.varint(1000); w.stack({0xc5b, 0xe27});
//   send(w.bytes());
//
// Every binary read of a trace goes through ByteReader: no read past the end, ever. A failed
// read sets a sticky error, leaves its output untouched and makes every later read fail, so a
// decoder reads all fields and checks ok() once. Readers accept non-minimal varints (the spec
// asks writers, not readers, to be minimal); a varint of more than 10 bytes or 64 bits fails.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace leakscope {

class ByteReader {
 public:
  explicit ByteReader(std::string_view bytes) : bytes_(bytes) {}

  bool u8(std::uint8_t& out);
  bool u16le(std::uint16_t& out);
  bool u32le(std::uint32_t& out);
  bool varint(std::uint64_t& out);
  bool zigzag(std::int64_t& out);
  // varint count, then that many bytes; a count over max_length fails (the bytes stay unread).
  bool bytes(std::string_view& out, std::size_t max_length = SIZE_MAX);
  // varint count, then return addresses: the first as a varint, each next as the zigzag of
  // its difference to the one before (wrapping modulo 2^64). A count over max_count fails.
  bool stack(std::vector<std::uint64_t>& out, std::size_t max_count = SIZE_MAX);
  // Exactly n bytes.
  bool raw(std::string_view& out, std::size_t n);

  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }
  std::size_t position() const { return pos_; }
  std::string_view rest() const { return bytes_.substr(pos_); }
  bool at_end() const { return pos_ == bytes_.size(); }

 private:
  bool fail(std::string_view what);

  std::string_view bytes_;
  std::size_t pos_ = 0;
  std::string error_;
};

class ByteWriter {
 public:
  void u8(std::uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void u16le(std::uint16_t v);
  void u32le(std::uint32_t v);
  void varint(std::uint64_t v);  // minimal, as the spec requires of writers
  void zigzag(std::int64_t v);
  void bytes(std::string_view v);  // varint count, then the bytes
  void stack(std::span<const std::uint64_t> addresses);
  void raw(std::string_view v) { out_.append(v); }

  const std::string& bytes() const { return out_; }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

// Bytes a varint of v takes (1-10).
std::size_t varint_size(std::uint64_t v);

}  // namespace leakscope
