// Compressed debug sections (SHF_COMPRESSED), expanded before libdw reads them.
//
//   Result<ExpandedSections> kept = expand_compressed_sections(elf);
//   if (!kept) return Error{path + ": " + kept.error().message};   // names the section
//   Dwarf* dwarf = dwarf_begin_elf(elf, DWARF_C_READ, nullptr);     // keep `kept` while elf lives
//
// Why: elfutils 0.188 (Debian 12) expands only ELFCOMPRESS_ZLIB sections; ELFCOMPRESS_ZSTD
// (`-gz=zstd`, `objcopy --compress-debug-sections=zstd`) arrived in 0.189. libdw skips a section
// it cannot expand without a word, so a zstd ELF would quietly lose its DWARF (or, worse, keep
// .debug_info and lose .debug_line). Every compressed .debug_* section is therefore expanded
// here: zstd with libzstd, zlib with libelf's own elf_compress, and a section that does not
// expand to exactly the size its header promises is an error naming it.
//
// How: as elf_compress does for zlib, the section's Elf_Data is pointed at the expanded bytes
// and SHF_COMPRESSED is cleared in its section header; libdw then reads a plain section. The
// file is never written: with ELF_C_READ_MMAP libelf copies the section headers out of the
// read-only mapping (elf_begin.c, "We need a copy to be able to write") and the data pointer
// is libelf's in-memory descriptor.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "leakscope/model/result.hpp"

struct Elf;  // libelf's handle

namespace leakscope::symbolize_detail {

// The expanded contents of zstd sections. The Elf's section data points into them: they must
// outlive every use of the Elf handle (the vectors' buffers do not move when this one does).
using ExpandedSections = std::vector<std::vector<unsigned char>>;

// Expands every compressed .debug_* section of `elf` in place. Errors (message without the
// file name): an unreadable compression header, an alignment that is not a power of two, an
// unknown compression type, data that does not decompress or decompresses to another size.
Result<ExpandedSections> expand_compressed_sections(Elf* elf);

// A zstd stream (one or more frames) -> exactly `expected_size` bytes. The output grows with
// what the stream really holds, so a size field that lies allocates nothing extravagant.
Result<std::vector<unsigned char>> zstd_expand(const unsigned char* data, std::size_t size,
                                               std::uint64_t expected_size);

}  // namespace leakscope::symbolize_detail
