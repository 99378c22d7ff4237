// SHA-256 (FIPS 180-4): what ESP-IDF prints a prefix of as "ELF file SHA256", so a log can be
// matched with the ELF of the build that wrote it.
//
//   Sha256 h;
//   h.update(bytes);  ...  h.update(more);   // any split gives the same digest
//   std::string hex = Sha256::hex(h.finish());
//
//   std::string whole_file = sha256_file_hex(fd);   // streams the file from offset 0
//
// Plain portable code, no crypto library: this is an identity check, not a security boundary.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace leakscope::symbolize_detail {

class Sha256 {
 public:
  using Digest = std::array<std::uint8_t, 32>;

  Sha256();
  void update(const void* data, std::size_t size);
  void update(std::string_view bytes) { update(bytes.data(), bytes.size()); }
  // Pads, and returns the digest; the object must not be updated afterwards.
  Digest finish();

  static std::string hex(const Digest& digest);  // 64 lowercase hex digits

 private:
  void compress(const std::uint8_t* block);

  std::array<std::uint32_t, 8> state_;
  std::array<std::uint8_t, 64> block_{};
  std::size_t block_used_ = 0;
  std::uint64_t total_bytes_ = 0;
};

// SHA-256 of a whole string, as lowercase hex.
std::string sha256_hex(std::string_view bytes);

// SHA-256 of the file open on fd, read from offset 0 to its end with pread() in blocks (the
// descriptor's own position is left alone), as lowercase hex. Empty when the file cannot be
// read: an empty digest matches no printed prefix, so a check against it fails loudly.
std::string sha256_file_hex(int fd);

}  // namespace leakscope::symbolize_detail
