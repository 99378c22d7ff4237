// Finding, checking and opening a stripped ELF's separate debug file (see the header).
#include "symbolize/debug_file.hpp"

#include <elfutils/libdw.h>
#include <elfutils/libdwelf.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <libelf.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iterator>
#include <utility>

#include <zlib.h>

namespace leakscope::symbolize_detail {
namespace {

// The CRC32 .gnu_debuglink records is zlib's (elfutils and binutils link zlib anyway).
std::uint32_t crc32(const unsigned char* bytes, std::size_t size) {
  return static_cast<std::uint32_t>(::crc32_z(0, bytes, size));
}

struct Location {
  std::string path;
  bool through_debuglink = false;  // the CRC32 of .gnu_debuglink applies
};

// Where to look, in order (see the header), without repeats.
std::vector<Location> locations(const std::string& elf_path, const std::string& build_id, const char* debuglink,
                                const std::vector<std::string>& debug_dirs) {
  namespace fs = std::filesystem;
  std::vector<Location> out;
  auto add = [&out](const fs::path& path, bool through_debuglink) {
    std::string text = path.string();
    const bool seen = std::any_of(out.begin(), out.end(), [&](const Location& l) { return l.path == text; });
    if (!seen) out.push_back(Location{std::move(text), through_debuglink});
  };
  if (build_id.size() > 2) {
    for (const std::string& dir : debug_dirs) {
      add(fs::path(dir) / ".build-id" / build_id.substr(0, 2) / (build_id.substr(2) + ".debug"), false);
    }
  }
  if (debuglink != nullptr && *debuglink != '\0') {
    const fs::path here = fs::path(elf_path).parent_path();
    add(here / debuglink, true);
    add(here / ".debug" / debuglink, true);
    for (const std::string& dir : debug_dirs) add(fs::path(dir) / debuglink, true);
  }
  return out;
}

// The debug file is the ELF's: the same build-id when the ELF has one, else the CRC32 its
// .gnu_debuglink records. The build-id, a hash of the linker's output, says it all (libdwfl's
// rule too): a debug file compressed after the link was made is still right, and the CRC32
// would cost a read of the whole file (a quarter of a second for 60 MB of DWARF).
Status check_identity(const DebugFile& file, const StrippedElf& stripped, const Location& location,
                      std::uint32_t debuglink_crc) {
  if (!stripped.build_id.empty()) {
    const std::string build_id = read_build_id(file.elf());
    if (build_id.empty()) return Error{fmt::format("it has no build-id, the ELF's is {}", stripped.build_id)};
    if (build_id != stripped.build_id) {
      return Error{fmt::format("its build-id {} differs from the ELF's {}", build_id, stripped.build_id)};
    }
    return Ok{};
  }
  if (!location.through_debuglink) return Ok{};  // not reached: without a build-id, no build-id path
  std::size_t size = 0;
  const char* bytes = elf_rawfile(file.elf(), &size);
  if (bytes == nullptr) return Error{fmt::format("unreadable: {}", elf_errmsg(-1))};
  const std::uint32_t crc = crc32(reinterpret_cast<const unsigned char*>(bytes), size);
  if (crc != debuglink_crc) {
    return Error{fmt::format("its CRC32 {:08x} differs from the {:08x} the ELF's .gnu_debuglink records", crc,
                             debuglink_crc)};
  }
  return Ok{};
}

bool same_file(int fd, const struct stat& other) {
  struct stat st {};
  return ::fstat(fd, &st) == 0 && st.st_dev == other.st_dev && st.st_ino == other.st_ino;
}

}  // namespace

std::string read_build_id(Elf* elf) {
  const void* bytes = nullptr;
  const ssize_t size = dwelf_elf_gnu_build_id(elf, &bytes);
  std::string hex;
  for (ssize_t i = 0; i < size; ++i) {
    fmt::format_to(std::back_inserter(hex), "{:02x}", static_cast<const unsigned char*>(bytes)[i]);
  }
  return hex;
}

Result<std::unique_ptr<DebugFile>> DebugFile::adopt(std::string path, int fd) {
  std::unique_ptr<DebugFile> file(new DebugFile());
  file->path_ = std::move(path);
  file->fd_ = fd;
  file->elf_ = elf_begin(fd, ELF_C_READ_MMAP, nullptr);
  if (file->elf_ == nullptr || elf_kind(file->elf_) != ELF_K_ELF) return Error{"not an ELF file"};
  return file;
}

Status DebugFile::load_dwarf() {
  Result<ExpandedSections> expanded = expand_compressed_sections(elf_);
  if (!expanded) return expanded.error();
  expanded_ = expanded.take();
  dwarf_ = dwarf_begin_elf(elf_, DWARF_C_READ, nullptr);
  if (dwarf_ == nullptr) return Error{"it holds no DWARF"};
  return Ok{};
}

Dwarf* DebugFile::take_dwarf() { return std::exchange(dwarf_, nullptr); }

DebugFile::~DebugFile() {
  if (dwarf_ != nullptr) dwarf_end(dwarf_);
  if (elf_ != nullptr) elf_end(elf_);
  if (fd_ >= 0) ::close(fd_);
}

DebugFileSearch find_debug_file(const StrippedElf& stripped, const std::vector<std::string>& debug_dirs) {
  DebugFileSearch found;
  GElf_Word debuglink_crc = 0;
  const char* debuglink = dwelf_elf_gnu_debuglink(stripped.elf, &debuglink_crc);
  struct stat elf_stat {};
  const bool elf_stat_known = ::fstat(stripped.fd, &elf_stat) == 0;
  for (const Location& location : locations(stripped.path, stripped.build_id, debuglink, debug_dirs)) {
    auto reject = [&](const std::string& why) {
      found.rejected.push_back(
          fmt::format("{}: not used as the debug file of {}: {}", location.path, stripped.path, why));
    };
    const int fd = ::open(location.path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      if (errno != ENOENT && errno != ENOTDIR) reject(fmt::format("cannot open: {}", std::strerror(errno)));
      continue;
    }
    if (elf_stat_known && same_file(fd, elf_stat)) {  // a debuglink naming the ELF itself
      ::close(fd);
      continue;
    }
    Result<std::unique_ptr<DebugFile>> file = DebugFile::adopt(location.path, fd);
    Status fits = file ? check_identity(**file, stripped, location, debuglink_crc) : Status(file.error());
    if (fits) fits = (*file)->load_dwarf();
    if (!fits) {
      reject(fits.error().message);
      continue;
    }
    found.file = file.take();
    break;
  }
  return found;
}

}  // namespace leakscope::symbolize_detail
