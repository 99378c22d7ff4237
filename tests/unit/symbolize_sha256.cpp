// SHA-256 against the FIPS 180-4 example vectors (NIST CSRC "Examples with Intermediate
// Values") and against coreutils sha256sum on files, the ELF summary included.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "leakscope/symbolize/symbolizer.hpp"
#include "symbolize/sha256.hpp"

namespace fs = std::filesystem;
using namespace leakscope;
using symbolize_detail::Sha256;
using symbolize_detail::sha256_file_hex;
using symbolize_detail::sha256_hex;

namespace {

const char* const msg448 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
const char* const msg896 =
    "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnop"
    "qrsmnopqrstnopqrstu";

// What coreutils says, independently of our code.
std::string sha256sum(const fs::path& file) {
  const std::string command = "sha256sum '" + file.string() + "'";
  FILE* pipe = ::popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  char line[256] = {};
  const bool got = std::fgets(line, sizeof line, pipe) != nullptr;
  REQUIRE(::pclose(pipe) == 0);
  REQUIRE(got);
  return std::string(line).substr(0, 64);
}

std::string hash_file(const fs::path& file) {
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  REQUIRE(fd >= 0);
  std::string hex = sha256_file_hex(fd);
  ::close(fd);
  return hex;
}

}  // namespace

TEST_CASE("sha256 of the FIPS 180-4 example messages", "[symbolize][sha256]") {
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha256_hex(msg448) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  CHECK(sha256_hex(msg896) == "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
  CHECK(sha256_hex(std::string(1000000, 'a')) ==
        "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("sha256 gives one digest however the input is split", "[symbolize][sha256]") {
  // Lengths around the padding boundaries (55, 56, 63, 64 bytes) and across several blocks.
  std::string message;
  for (int i = 0; i < 300; ++i) message.push_back(static_cast<char>('a' + i * 7 % 26));
  for (std::size_t length : {0, 1, 55, 56, 63, 64, 65, 119, 120, 128, 300}) {
    const std::string_view whole(message.data(), length);
    const std::string expected = sha256_hex(whole);
    for (std::size_t cut = 0; cut <= length; cut += 13) {
      Sha256 h;
      h.update(whole.substr(0, cut));
      h.update(whole.substr(cut));
      INFO("length " << length << ", cut at " << cut);
      CHECK(Sha256::hex(h.finish()) == expected);
    }
  }
  Sha256 bytewise;
  for (char c : std::string_view(msg896)) bytewise.update(&c, 1);
  CHECK(Sha256::hex(bytewise.finish()) == sha256_hex(msg896));
}

TEST_CASE("sha256 of files matches sha256sum", "[symbolize][sha256]") {
  SECTION("a file over several read blocks, not a multiple of one") {
    const fs::path file = fs::path(LEAKSCOPE_BINARY_DIR) / "sha256_blocks.bin";
    {
      std::ofstream out(file, std::ios::binary | std::ios::trunc);
      for (std::uint32_t i = 0; i < 700000; ++i)
        out.put(static_cast<char>((i * 2654435761u) >> 24));
    }
    CHECK(hash_file(file) == sha256sum(file));
    fs::remove(file);
  }
  SECTION("an empty file") {
    const fs::path file = fs::path(LEAKSCOPE_BINARY_DIR) / "sha256_empty.bin";
    std::ofstream(file, std::ios::binary | std::ios::trunc).close();
    CHECK(hash_file(file) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    fs::remove(file);
  }
  SECTION("an unreadable descriptor gives no digest") { CHECK(sha256_file_hex(-1).empty()); }
}

TEST_CASE("a loaded ELF's summary carries the SHA-256 of its file", "[symbolize][sha256]") {
  const fs::path elf = fs::path(LEAKSCOPE_SOURCE_DIR) / "samples" / "gateway" / "gateway.elf";
  Symbolizer symbolizer;
  REQUIRE(symbolizer.add_elf(elf.string()).ok());
  CHECK(symbolizer.elfs().front().sha256.empty());  // only on request: it reads the whole file
  ElfLoadOptions options;
  options.compute_sha256 = true;
  REQUIRE(symbolizer.add_elf(elf.string(), options).ok());
  CHECK(symbolizer.elfs().back().sha256 == sha256sum(elf));
}
