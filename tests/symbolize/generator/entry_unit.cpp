// gen_entry.c: the program's data, main (or _start on bare-metal targets, built with
// -DGEN_BARE_METAL) calling every unit's entry, and the leaves the inline chains call.
#include <fmt/format.h>

#include "program.hpp"

namespace leakscope::parity_gen {

void write_entry(Program& program, unsigned c_units, unsigned cxx_units) {
  std::string text =
      "/* Generated: data, entry point and the leaves of the inline chains. */\n#include \"gen.h\"\n\n"
      "volatile unsigned gen_sink;\nvolatile unsigned gen_table[64];\n\n";
  for (unsigned leaf = 0; leaf < chain_count; ++leaf) {
    text += fmt::format("unsigned gen_leaf{}(unsigned x) {{\n  return x * {} ^ gen_table[x & 63u];\n}}\n\n", leaf,
                        program.rng.constant());
  }
  text += "int gen_main(void) {\n  unsigned v = gen_sink;\n";
  for (unsigned u = 0; u < c_units; ++u) text += fmt::format("  v += gen_c{}_entry(v);\n", u);
  for (unsigned u = 0; u < cxx_units; ++u) text += fmt::format("  v += gen_x{}_entry(v);\n", u);
  text += "  return (int)(v & 0x7fu);\n}\n\n"
          "#ifdef GEN_BARE_METAL\nvoid _start(void) {\n  gen_main();\n  for (;;) {\n  }\n}\n"
          "#else\nint main(void) { return gen_main(); }\n#endif\n";
  program.files["gen_entry.c"] = text;
}

}  // namespace leakscope::parity_gen
