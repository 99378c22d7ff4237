// The ELFs `leakscope analyze` symbolizes with, grouped into builds (analyze/elf_choice.hpp):
//
//   --elf app.elf --elf rom.elf   one build holding both, used for every boot
//   --elf-dir DIR                 one build per ELF file found in DIR, chosen per boot by the
//                                 SHA-256 prefix the boot printed
//
//   ElfBuilds builds = load_elf_builds(elfs, elf_dir, ElfLoadOptions{debug_dirs}, io_error_line);
//   if (builds.fatal) return exit_usage_error;
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "leakscope/model/result.hpp"
#include "leakscope/symbolize/symbolizer.hpp"

namespace leakscope {

// The ELF files of a folder of builds: every regular file (or symlink to one) whose name ends
// in ".elf", any case, in DIR and its subfolders (symlinked folders are not entered), sorted by
// path. A typical folder holds one subfolder per build, or an ESP-IDF build directory (whose
// bootloader.elf matches no app's SHA-256 and is never chosen). Errors: unreadable folder, or
// no ELF file in it.
Result<std::vector<std::string>> find_elf_files(const std::string& dir);

struct ElfBuilds {
  std::vector<Symbolizer> builds;  // each holds at least one ELF
  bool fatal = false;       // the run cannot go on (an --elf that did not load, no ELF in DIR)
  bool load_error = false;  // an ELF in DIR did not load: reported, skipped; the run exits 2
};

// Loads --elf files into one build, or each ELF of --elf-dir into a build of its own (at most
// one of the two is non-empty). Errors are passed to `report` as one-line messages.
// `load`: where separate debug files are searched; SHA-256s are always computed.
ElfBuilds load_elf_builds(const std::vector<std::string>& elfs, const std::string& elf_dir, ElfLoadOptions load,
                          const std::function<void(const std::string&)>& report);

}  // namespace leakscope
