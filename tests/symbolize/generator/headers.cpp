// The generated headers: always_inline chains split over two headers, plain static inline
// helpers, the C++ templates, and (written last) the declarations every unit shares.
#include <fmt/format.h>

#include "program.hpp"

namespace leakscope::parity_gen {
namespace {

constexpr unsigned chain_depth = 5;     // levels 1..5; level 1 is what bodies call
constexpr unsigned deep_from_level = 3;  // levels 3..5 live in gen_chain_deep.h
// Level `level` of chain `chain`: calls the next level, and at the bottom (and half-way down
// in odd chains) an out-of-line leaf, so return addresses sit under four inlined frames.
std::string chain_level(Random& rng, unsigned chain, unsigned level) {
  std::string body = fmt::format("  unsigned v = x * {} + {};\n", rng.constant(), rng.constant());
  if (level < chain_depth) body += fmt::format("  v ^= gen_chain{}_l{}(v + {});\n", chain, level + 1, rng.constant());
  if (level == chain_depth || (level == deep_from_level && chain % 2 == 1)) {
    body += fmt::format("  v += gen_leaf{}(v ^ {});\n", chain, rng.constant());
  }
  if (rng.chance(50)) body += "  for (unsigned i = 0; i < (v & 3u); ++i) v += gen_table[(v + i) & 63u];\n";
  return fmt::format(
      "static inline __attribute__((always_inline)) unsigned gen_chain{}_l{}(unsigned x) {{\n{}"
      "  return v + gen_table[v & 63u];\n}}\n\n",
      chain, level, body);
}

std::string guarded(const std::string& guard, const std::string& comment, const std::string& body) {
  return fmt::format("{}\n#ifndef {}\n#define {}\n\n{}#endif\n", comment, guard, guard, body);
}

void write_chains(Program& program) {
  std::string deep = "#include \"gen.h\"\n\n";
  std::string outer = "#include \"gen_chain_deep.h\"\n\n";
  for (unsigned chain = 0; chain < chain_count; ++chain) {
    for (unsigned level = chain_depth; level >= 1; --level) {
      (level >= deep_from_level ? deep : outer) += chain_level(program.rng, chain, level);
    }
    program.chains.push_back(fmt::format("gen_chain{}_l1", chain));
  }
  for (unsigned mixer = 0; mixer < mixer_count; ++mixer) {
    // Plain static inline: GCC decides, so some units keep an out-of-line copy.
    outer += fmt::format(
        "static inline unsigned gen_mix{}(unsigned x) {{\n"
        "  unsigned v = x ^ {};\n"
        "  for (unsigned i = 0; i < (x & 7u); ++i) v = v * {} + gen_table[(v ^ i) & 63u];\n"
        "  return v;\n}}\n\n",
        mixer, program.rng.constant(), program.rng.constant());
  }
  program.files["gen_chain_deep.h"] =
      guarded("GEN_CHAIN_DEEP_H", "/* Generated: levels 3-5 of the always_inline chains. */", deep);
  program.files["gen_chain.h"] = guarded(
      "GEN_CHAIN_H", "/* Generated: levels 1-2 of the always_inline chains, and static inline mixers. */", outer);
}

// Class and function templates, each instantiated with several arguments by the C++ units.
constexpr const char* templates = R"(namespace gen {
namespace tpl {

template <typename T, unsigned N>
struct Ring {
  T items[N];
  unsigned head;
  void push(T v) {
    items[head & (N - 1u)] = v;
    ++head;
  }
  __attribute__((noinline)) T sum() const {
    T s = T();
    for (unsigned i = 0; i < N; ++i) s = static_cast<T>(s + items[i]);
    return s;
  }
};

template <typename T>
__attribute__((noinline)) T fold(const T* values, unsigned count) {
  T r = T();
  for (unsigned i = 0; i < count; ++i) r = static_cast<T>(r * 3u + values[i]);
  return r;
}

template <typename T>
struct Pair {
  T a;
  T b;
  T mix(unsigned k) const { return static_cast<T>(a * k + (b ^ k)); }
};

}  // namespace tpl
}  // namespace gen

)";

}  // namespace

void write_headers(Program& program) {
  write_chains(program);
  program.files["gen_types.hpp"] =
      guarded("GEN_TYPES_HPP", "// Generated: C++ templates the units instantiate several times.", templates);
}

void write_declarations(Program& program) {
  std::string c = "struct gen_pair {\n  unsigned a, b, c, d;\n};\n\n"
                  "extern volatile unsigned gen_sink;\nextern volatile unsigned gen_table[64];\n\n";
  for (unsigned chain = 0; chain < chain_count; ++chain) c += fmt::format("unsigned gen_leaf{}(unsigned x);\n", chain);
  for (const std::string& f : program.c_functions) c += fmt::format("unsigned {}(unsigned x);\n", f);
  c += "int gen_main(void);\n";
  program.files["gen.h"] = guarded("GEN_H", "/* Generated: declarations shared by every unit, C and C++. */",
                                   "#ifdef __cplusplus\nextern \"C\" {\n#endif\n\n" + c +
                                       "\n#ifdef __cplusplus\n}\n#endif\n");
  program.files["gen_cxx.hpp"] =
      guarded("GEN_CXX_HPP", "// Generated: the C++ functions one unit calls in another.", program.cxx_declarations);
}

}  // namespace leakscope::parity_gen
