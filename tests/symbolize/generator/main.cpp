// parity_source_generator OUT_DIR: writes the generated parity program (README.md in the
// parent directory lists what it contains) and qualified_names.txt, the names the naming
// policy gives its internal C++ functions ("DW_AT_name<TAB>qualified name" per line).
// The same files every run: the seed is fixed and the random source portable (random.hpp).
// Files whose content did not change are not rewritten, so their objects are not rebuilt.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "program.hpp"
#include "write_if_changed.hpp"

namespace {

constexpr std::uint64_t seed = 0x1eaf5c0e2024ull;
constexpr unsigned c_units = 2;
constexpr unsigned cxx_units = 2;


}  // namespace

int main(int argc, char** argv) {
  using namespace leakscope::parity_gen;
  if (argc != 2) {
    std::cerr << "usage: parity_source_generator OUT_DIR\n";
    return 2;
  }
  try {
    Program program(seed);
    write_headers(program);
    for (unsigned u = 0; u < c_units; ++u) write_c_unit(program, u);
    for (unsigned u = 0; u < cxx_units; ++u) write_cxx_unit(program, u);
    write_entry(program, c_units, cxx_units);
    write_declarations(program);
    std::string names;
    for (const auto& [dwarf_name, qualified] : program.qualified_names) names += dwarf_name + "\t" + qualified + "\n";
    program.files["qualified_names.txt"] = names;

    const std::filesystem::path out = argv[1];
    std::filesystem::create_directories(out);
    for (const auto& [name, content] : program.files) write_if_changed(out / name, content);
  } catch (const std::exception& e) {
    std::cerr << "parity_source_generator: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
