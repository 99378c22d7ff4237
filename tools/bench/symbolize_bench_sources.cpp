// symbolize_bench_sources: writes the C++ sources of the symbolizer benchmark's ELFs.
//
//   leakscope_symbolize_bench_sources --flavor host|firmware --units N --out DIR
//
// DIR receives src/bench_common.hpp, src/bench_device.h, src/unit_NNN.cpp (one per unit),
// src/main.cpp and a Makefile that compiles and links them with the compiler and flags given
// on make's command line (tools/bench/symbolize passes them). Unit k's text depends only on k
// and the flavor, never on N, and files whose text did not change are not rewritten: make
// then rebuilds only what changed, and a rerun with the same size rebuilds nothing.
//
// What the code is for: a symbolizer's cost grows with the DWARF it has to walk, so the units
// carry what real C++ and firmware builds carry: nested namespaces, class templates and
// function templates instantiated per unit, lambdas, always_inline chains four deep from a
// shared header, static inline helpers, many call sites, and a device header of register
// structs every unit uses. The host flavor adds the standard library (vector, map, string,
// unordered_map, function, shared_ptr), whose instantiations dominate the DWARF of real C++
// programs; the firmware flavor is freestanding (no library at all).
#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "generator/random.hpp"  // the parity generator's splitmix64: portable sequences
#include "generator/write_if_changed.hpp"

namespace {

using leakscope::parity_gen::write_if_changed;
using Rng = leakscope::parity_gen::Random;
using Vars = std::initializer_list<std::pair<std::string_view, std::string>>;

// Replaces every @NAME@ (capitals, digits, '_') in text by its value: the generated C++ is
// full of braces, which fmt's own syntax would need doubled. Any other '@' (make's "$@") stays.
std::string fill(std::string_view text, Vars vars) {
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t at = text.find('@', i);
    if (at == std::string_view::npos) break;
    std::size_t end = at + 1;
    while (end < text.size() && (std::isupper(static_cast<unsigned char>(text[end])) != 0 ||
                                 std::isdigit(static_cast<unsigned char>(text[end])) != 0 || text[end] == '_')) {
      ++end;
    }
    out.append(text.substr(i, at - i));
    if (end == at + 1 || end == text.size() || text[end] != '@') {
      out += '@';
      i = at + 1;
      continue;
    }
    const std::string_view name = text.substr(at + 1, end - at - 1);
    const auto var = std::find_if(vars.begin(), vars.end(), [&](const auto& v) { return v.first == name; });
    if (var == vars.end()) {
      std::fprintf(stderr, "symbolize_bench_sources: no value for @%.*s@\n", static_cast<int>(name.size()),
                   name.data());
      std::exit(2);
    }
    out += var->second;
    i = end + 1;
  }
  out.append(text.substr(std::min(i, text.size())));
  return out;
}

#include "symbolize_bench_templates.inc"

std::string unit_name(int k) { return fmt::format("u{:03d}", k); }

// One register struct per peripheral, as CMSIS device headers declare them; each unit uses a
// few of them, so their types are repeated in every unit's DWARF as in real firmware.
std::string device_header() {
  std::string out = "// Generated: register structs of an imaginary device.\n#pragma once\n#include <stdint.h>\n\n";
  Rng rng(0xdec1ce);
  for (int p = 0; p < device_peripherals; ++p) {
    out += "typedef struct {\n";
    const int registers = 4 + rng.below(12);
    for (int r = 0; r < registers; ++r) out += fmt::format("  volatile uint32_t R{}_{};\n", p, r);
    out += fmt::format("}} PERIPH{}_TypeDef;\n", p);
    out += fmt::format("enum Periph{}Bits {{ P{}_EN = 1, P{}_RDY = 2, P{}_ERR = 4, P{}_IRQ = 8 }};\n", p, p, p, p, p);
    out += fmt::format("#define PERIPH{} ((PERIPH{}_TypeDef*)0x{:08x}u)\n\n", p, p, 0x40000000u + 0x400u * p);
  }
  return out;
}

// The 32 cases of shape_state_machine's switch: a few lines of arithmetic each.
std::string state_machine_cases(Rng& rng) {
  std::string out;
  for (int c = 0; c < 32; ++c) {
    out += fmt::format(
        "      case {}:\n"
        "        a = (a << {}) ^ (b + 0x{:x}u);\n"
        "        b = b * {}u + (c >> {});\n"
        "        c -= a ^ 0x{:x}u;\n"
        "        break;\n",
        c, 1 + rng.below(30), rng.next() & 0xffffffu, 3 + 2 * rng.below(100), 1 + rng.below(30),
        rng.next() & 0xffffu);
  }
  return out;
}

// The member functions of unit k: each picks one shape, so every unit mixes them.
std::string unit_functions(Rng& rng, int k, bool hosted) {
  std::string out;
  for (int j = 0; j < functions_per_unit; ++j) {
    const Vars vars = {{"J", std::to_string(j)},
                       {"PREV", std::to_string(j == 0 ? 0 : j - 1)},
                       {"C1", std::to_string(3 + rng.below(250))},
                       {"C2", std::to_string(1 + rng.below(30))},
                       {"N", std::to_string(4 + rng.below(28))},
                       {"P", std::to_string(rng.below(device_peripherals))},
                       {"K", std::to_string(k)},
                       {"U", unit_name(k)},
                       {"CASES", state_machine_cases(rng)}};
    const int shapes = static_cast<int>(hosted ? std::size(host_shapes) : std::size(firmware_shapes));
    const char* shape = hosted ? host_shapes[rng.below(shapes)] : firmware_shapes[rng.below(shapes)];
    out += fill(shape, vars);
  }
  return out;
}

std::string unit_source(int k, bool hosted) {
  Rng rng(0x5eed0000ull + static_cast<std::uint64_t>(k));
  std::string members;
  const int extra = 2 + rng.below(8);
  for (int m = 0; m < extra; ++m) {
    static const char* types[] = {"uint8_t", "uint16_t", "int32_t", "uint32_t", "int64_t", "float"};
    members += fmt::format("  {} field{};\n", types[rng.below(6)], m);
  }
  const std::string functions = unit_functions(rng, k, hosted);
  std::string calls;
  for (int j = 0; j < functions_per_unit; j += 7) calls += fmt::format("  acc += call_{}(engine, acc + {});\n", j, j);
  return fill(unit_template, {{"U", unit_name(k)},
                              {"PREVU", unit_name(k == 0 ? 0 : k - 1)},
                              {"K", std::to_string(k)},
                              {"MEMBERS", members},
                              {"FUNCTIONS", functions},
                              {"CALLS", calls}});
}

std::string main_source(int units, bool hosted) {
  std::string declarations;
  std::string calls;
  for (int k = 0; k < units; ++k) {
    declarations += fmt::format("namespace bench {{ namespace {} {{ int entry(int seed, int depth); }} }}\n", unit_name(k));
    calls += fmt::format("  acc += bench::{}::entry(acc, 2);\n", unit_name(k));
  }
  return fill(hosted ? host_main_template : firmware_main_template, {{"DECLARATIONS", declarations}, {"CALLS", calls}});
}

std::string makefile(int units) {
  std::string objects;
  for (int k = 0; k < units; ++k) objects += fmt::format(" obj/unit_{:03d}.o", k);
  return fill(makefile_template, {{"OBJECTS", objects}});
}

[[noreturn]] void usage() {
  std::fprintf(stderr, "usage: leakscope_symbolize_bench_sources --flavor host|firmware --units N --out DIR\n");
  std::exit(2);
}

}  // namespace

int main(int argc, char** argv) {
  std::string flavor;
  std::string out;
  int units = 0;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string_view option = argv[i];
    if (option == "--flavor") {
      flavor = argv[i + 1];
    } else if (option == "--units") {
      units = std::atoi(argv[i + 1]);
    } else if (option == "--out") {
      out = argv[i + 1];
    } else {
      usage();
    }
  }
  if ((flavor != "host" && flavor != "firmware") || units < 1 || out.empty() || argc % 2 == 0) usage();
  const bool hosted = flavor == "host";
  try {
    std::filesystem::create_directories(out + "/src");
    std::filesystem::create_directories(out + "/obj");
    write_if_changed(out + "/src/bench_common.hpp", common_header);
    write_if_changed(out + "/src/bench_device.h", device_header());
    for (int k = 0; k < units; ++k) {
      write_if_changed(fmt::format("{}/src/unit_{:03d}.cpp", out, k), unit_source(k, hosted));
    }
    write_if_changed(out + "/src/main.cpp", main_source(units, hosted));
    write_if_changed(out + "/Makefile", makefile(units));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "symbolize_bench_sources: %s\n", e.what());
    return 1;
  }
  return 0;
}
