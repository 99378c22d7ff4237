// Writing generated sources without touching unchanged files, so make and ninja see them as
// up to date and do not recompile (the parity generator and the symbolize benchmark use it).
//
//   write_if_changed(dir / "unit_000.cpp", text);   // throws std::runtime_error on failure
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace leakscope::parity_gen {

inline void write_if_changed(const std::filesystem::path& path, const std::string& content) {
  {
    std::ifstream old(path, std::ios::binary);
    std::ostringstream existing;
    existing << old.rdbuf();
    if (old && existing.str() == content) return;
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

}  // namespace leakscope::parity_gen
