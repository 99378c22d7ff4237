// ModuleFrames: callers the evidence named by loaded object (glibc mtrace's "./prog:[0x11ba]",
// event.hpp ModuleFrameEvent), and how each is looked up in the ELFs given.
//
//   ModuleFrames frames;
//   frames.add(event);                              // every ModuleFrameEvent of the run
//   if (const ModuleFrameEvent* f = frames.find(caller))
//     if (const Symbolization* s = symbolize_module_frame(*f, symbolizer)) ... // else unknown
//
// Which ELF: the one whose file name is the object's, directories ignored: "./prog",
// "/usr/bin/prog" and "prog" all map to `--elf build/prog`; a library too
// (`--elf /lib/x86_64-linux-gnu/libc.so.6`, with --debug-dir for its separate debug file), each
// looked up in itself only (they overlap: each is linked at its own base). Objects no ELF is
// named after are not looked up: their frames stay unknown, with the object, number and
// symbol hint as printed. A program renamed after it ran must be given under its traced name
// (a symlink does).
// Which address in it: for the offset form (glibc >= 2.34) the ELF's image_base plus the
// number; for the absolute form (<= 2.33) the number itself, which for a position-independent
// program is its load address plus the link address: not in the ELF, so unknown (glibc's
// script cannot name it either); with no symbol to tell the form, the offset form first,
// then the number as it is (the two the script tries). An answer counts only when it lies in
// that ELF's code.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "leakscope/model/event.hpp"

namespace leakscope {

struct Symbolization;
class Symbolizer;

class ModuleFrames {
 public:
  void add(const ModuleFrameEvent& frame) { frames_.emplace(frame.key, frame); }
  // Null when `caller` is no module frame's key.
  const ModuleFrameEvent* find(std::uint64_t caller) const;
  bool empty() const { return frames_.empty(); }
  // The file names of the objects named, sorted, each once.
  std::vector<std::string> object_names() const;

 private:
  std::unordered_map<std::uint64_t, ModuleFrameEvent> frames_;
};

// "./prog" -> "prog".
std::string_view object_file_name(std::string_view path);

// The frame's lookup in the ELF named after its object; null when no ELF is, or when no
// candidate address lies in that ELF's code.
const Symbolization* symbolize_module_frame(const ModuleFrameEvent& frame, Symbolizer& symbolizer);

}  // namespace leakscope
