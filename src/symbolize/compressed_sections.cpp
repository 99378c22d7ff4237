// Expanding SHF_COMPRESSED debug sections before libdw sees them (see the header for why).
#include "symbolize/compressed_sections.hpp"

#include <fmt/format.h>
#include <gelf.h>
#include <libelf.h>
#include <zstd.h>

#include <algorithm>
#include <limits>
#include <memory>
#include <string_view>

namespace leakscope::symbolize_detail {
namespace {

// elfutils 0.188's <elf.h> and <libelf.h> predate the zstd compression type (gABI value 2).
constexpr std::uint32_t compress_zstd = 2;
constexpr std::uint64_t max_deflate_ratio = 1032;  // zlib's documented worst case

struct DctxDeleter {
  void operator()(ZSTD_DCtx* ctx) const { ZSTD_freeDCtx(ctx); }
};

bool is_power_of_two_or_zero(std::uint64_t value) { return (value & (value - 1)) == 0; }

// Points the section at `bytes` and makes its header say so, as elf_compress does after
// decompressing: libdw then takes it for a plain section.
Status install_expanded(Elf_Scn* scn, Elf_Data* data, GElf_Shdr shdr, const GElf_Chdr& chdr,
                        std::vector<unsigned char>& bytes) {
  data->d_buf = bytes.data();
  data->d_size = bytes.size();
  data->d_type = ELF_T_BYTE;
  data->d_align = std::max<std::uint64_t>(chdr.ch_addralign, 1);
  shdr.sh_flags &= ~static_cast<GElf_Xword>(SHF_COMPRESSED);
  shdr.sh_size = bytes.size();
  shdr.sh_addralign = chdr.ch_addralign;
  if (gelf_update_shdr(scn, &shdr) == 0) return Error{fmt::format("cannot update its header: {}", elf_errmsg(-1))};
  return Ok{};
}

// Expands one compressed section; `kept` receives zstd output that the Elf now points into.
Status expand_section(Elf* elf, Elf_Scn* scn, const GElf_Shdr& shdr, ExpandedSections& kept) {
  GElf_Chdr chdr;
  if (gelf_getchdr(scn, &chdr) == nullptr) {
    return Error{fmt::format("unreadable compression header: {}", elf_errmsg(-1))};
  }
  if (!is_power_of_two_or_zero(chdr.ch_addralign)) {
    return Error{fmt::format("compression header alignment {} is not a power of two", chdr.ch_addralign)};
  }
  if (chdr.ch_type == ELFCOMPRESS_ZLIB) {
    // libelf expands zlib itself; doing it here turns a failure into an error naming the
    // section, where libdw would drop the section silently. libelf allocates ch_size bytes
    // up front: a size deflate cannot reach (at most 1032:1) is refused before it tries.
    if (chdr.ch_size / max_deflate_ratio > shdr.sh_size) {
      return Error{fmt::format("{} bytes of zlib data cannot expand to the {} bytes its header says", shdr.sh_size,
                               chdr.ch_size)};
    }
    if (elf_compress(scn, 0, 0) < 0) return Error{fmt::format("zlib: {}", elf_errmsg(-1))};
    return Ok{};
  }
  if (chdr.ch_type != compress_zstd) {
    return Error{fmt::format("unknown compression type {} (zlib and zstd are read)", chdr.ch_type)};
  }
  Elf_Data* data = elf_getdata(scn, nullptr);
  if (data == nullptr || data->d_buf == nullptr) return Error{fmt::format("unreadable: {}", elf_errmsg(-1))};
  // gelf_getchdr has checked that the data holds the header; the zstd stream follows it.
  const std::size_t header_size = gelf_getclass(elf) == ELFCLASS64 ? sizeof(Elf64_Chdr) : sizeof(Elf32_Chdr);
  const auto* stream = static_cast<const unsigned char*>(data->d_buf) + header_size;
  Result<std::vector<unsigned char>> bytes = zstd_expand(stream, data->d_size - header_size, chdr.ch_size);
  if (!bytes) return bytes.error();
  kept.push_back(bytes.take());
  return install_expanded(scn, data, shdr, chdr, kept.back());
}

}  // namespace

Result<std::vector<unsigned char>> zstd_expand(const unsigned char* data, std::size_t size,
                                               std::uint64_t expected_size) {
  if (expected_size >= std::numeric_limits<std::size_t>::max() / 2) {
    return Error{fmt::format("zstd data cannot expand to the {} bytes its header says", expected_size)};
  }
  std::unique_ptr<ZSTD_DCtx, DctxDeleter> ctx(ZSTD_createDCtx());
  if (!ctx) return Error{"zstd: out of memory"};
  // One byte of room past the promised size tells "exactly" from "more". DWARF compresses
  // 3-10x, so the first guess below usually is the final size; only a size field far beyond
  // what the stream could plausibly hold (a lie, or a freak ratio) makes the buffer grow
  // step by step with the real output instead.
  const std::size_t limit = static_cast<std::size_t>(expected_size) + 1;
  const std::size_t plausible = size <= limit / 64 ? size * 64 + 65536 : limit;
  std::vector<unsigned char> out(std::min(limit, plausible));
  ZSTD_inBuffer input{data, size, 0};
  std::size_t produced = 0;
  while (true) {
    if (produced == out.size()) {
      if (out.size() == limit) break;  // more than promised; reported below
      out.resize(std::min(limit, out.size() * 2));
    }
    ZSTD_outBuffer output{out.data(), out.size(), produced};
    const std::size_t consumed_before = input.pos;
    const std::size_t hint = ZSTD_decompressStream(ctx.get(), &output, &input);
    if (ZSTD_isError(hint) != 0) return Error{fmt::format("zstd: {}", ZSTD_getErrorName(hint))};
    const bool progressed = output.pos != produced || input.pos != consumed_before;
    produced = output.pos;
    if (hint == 0 && input.pos == input.size) break;  // the last frame is complete
    if (input.pos == input.size && produced < out.size()) return Error{"zstd: data ends inside a frame"};
    if (!progressed) return Error{"zstd: decompression makes no progress"};
  }
  if (produced == limit) {
    return Error{fmt::format("zstd data expands to more than the {} bytes its header says", expected_size)};
  }
  if (produced != expected_size) {
    return Error{fmt::format("zstd data expands to {} bytes, its header says {}", produced, expected_size)};
  }
  out.resize(produced);
  return out;
}

Result<ExpandedSections> expand_compressed_sections(Elf* elf) {
  ExpandedSections kept;
  std::size_t names_index = 0;
  if (elf_getshdrstrndx(elf, &names_index) != 0) return kept;  // no names: libdw finds no DWARF either
  for (Elf_Scn* scn = elf_nextscn(elf, nullptr); scn != nullptr; scn = elf_nextscn(elf, scn)) {
    GElf_Shdr shdr;
    if (gelf_getshdr(scn, &shdr) == nullptr || (shdr.sh_flags & SHF_COMPRESSED) == 0 || shdr.sh_type == SHT_NOBITS) {
      continue;
    }
    const char* raw_name = elf_strptr(elf, names_index, shdr.sh_name);
    const std::string_view name = raw_name != nullptr ? raw_name : "";
    if (!name.starts_with(".debug_")) continue;  // libdw reads nothing else
    if (Status expanded = expand_section(elf, scn, shdr, kept); !expanded) {
      return Error{fmt::format("section {}: {}", name, expanded.error().message)};
    }
  }
  return kept;
}

}  // namespace leakscope::symbolize_detail
