// Separate debug files: finding the one that belongs to a stripped ELF, and opening it.
//
//   DebugFileSearch found = find_debug_file({elf, fd, "fw.elf", build_id_hex}, {"dbg"});
//   for (const std::string& why : found.rejected) warn(why);
//   if (found.file) dwarf = found.file->take_dwarf();   // fw.elf's DWARF, at fw.elf's addresses
//
// Where, in gdb's order; the first candidate that fits wins:
//   1. <debug dir>/.build-id/<first two hex digits>/<the rest>.debug for each debug dir, when
//      the ELF has a GNU build-id;
//   2. the name the ELF's .gnu_debuglink gives, in the ELF's directory, in its .debug/
//      subdirectory, then in each debug dir.
// A candidate fits when it is an ELF with DWARF and carries the ELF's build-id or, for an ELF
// without one, has the CRC32 the .gnu_debuglink records. One that exists but does not fit is
// passed over with a message saying why; an absent one is silent. The debug file's compressed
// sections are expanded as the ELF's are (compressed_sections.hpp).
//
// Why not libdwfl's dwfl_standard_find_debuginfo, which walks similar places: it needs a Dwfl
// session that has opened the ELF a second time; it drops a candidate with the wrong build-id
// or CRC without a word, where we must say why a debug file was not used; it skips absolute
// directories for a relative ELF path and reads relative ones below the ELF's directory rather
// than the working directory; and with DEBUGINFOD_URLS set it asks debuginfod servers over the
// network for firmware none of them has. What remains is a few open() calls; the build-id and
// the debuglink are read with libdwelf.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "leakscope/model/result.hpp"
#include "symbolize/compressed_sections.hpp"

struct Elf;    // libelf's handle
struct Dwarf;  // libdw's session

namespace leakscope::symbolize_detail {

// An opened debug file with its DWARF session. Destroy it after the DWARF taken from it.
class DebugFile {
 public:
  // Takes `fd` (closed on every path). Errors: not an ELF.
  static Result<std::unique_ptr<DebugFile>> adopt(std::string path, int fd);
  ~DebugFile();
  DebugFile(const DebugFile&) = delete;
  DebugFile& operator=(const DebugFile&) = delete;

  const std::string& path() const { return path_; }
  int fd() const { return fd_; }
  Elf* elf() const { return elf_; }
  // Expands compressed sections and opens the DWARF. Errors: a section that does not expand,
  // no DWARF at all.
  Status load_dwarf();
  // Hands the DWARF session over: the caller ends it (dwarf_end) before destroying this file.
  Dwarf* take_dwarf();

 private:
  DebugFile() = default;

  std::string path_;
  int fd_ = -1;
  Elf* elf_ = nullptr;
  Dwarf* dwarf_ = nullptr;
  ExpandedSections expanded_;
};

// The ELF whose debug file is wanted.
struct StrippedElf {
  Elf* elf = nullptr;    // read for its .gnu_debuglink
  int fd = -1;           // to recognise the ELF itself among the candidates
  std::string path;
  std::string build_id;  // hex; empty when it has none
};

struct DebugFileSearch {
  std::unique_ptr<DebugFile> file;    // null: none found
  std::vector<std::string> rejected;  // "<candidate>: not used as the debug file of <elf>: <why>"
};

DebugFileSearch find_debug_file(const StrippedElf& stripped, const std::vector<std::string>& debug_dirs);

// The GNU build-id note of an ELF as hex; empty when it has none. Debug files carry the
// build-id of the ELF they belong to.
std::string read_build_id(Elf* elf);

}  // namespace leakscope::symbolize_detail
