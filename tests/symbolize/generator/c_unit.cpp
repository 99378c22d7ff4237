// A generated C translation unit gen_c<N>.c: clone-shaped helpers, static and static inline
// helpers, and extern functions that call everything written before them.
#include <fmt/format.h>

#include "program.hpp"

namespace leakscope::parity_gen {
namespace {

constexpr unsigned extern_functions = 40;
constexpr unsigned static_functions = 4;
constexpr unsigned static_inline_functions = 3;

}  // namespace

void write_c_unit(Program& program, unsigned unit) {
  Random& rng = program.rng;
  const std::string prefix = fmt::format("c{}", unit);
  UnitHelpers helpers = clone_helpers(program, prefix, "");
  std::string text = fmt::format("/* Generated: C unit {} of the parity program. */\n"
                                 "#include \"gen.h\"\n#include \"gen_chain.h\"\n\n{}",
                                 unit, helpers.text);

  std::vector<std::string> callees = program.c_functions;
  for (unsigned m = 0; m < mixer_count; ++m) callees.push_back(fmt::format("gen_mix{}", m));
  BodyWriter writer(program, callees, {helpers.cold_branch});
  for (const std::string& call : helpers.must_use) writer.must_use(call);
  for (unsigned k = 0; k < static_functions + static_inline_functions; ++k) {
    const bool is_inline = k >= static_functions;
    const std::string name = fmt::format("{}_{}{}", prefix, is_inline ? "si" : "s", k);
    text += unsigned_function(is_inline ? "static inline " : "static __attribute__((noinline)) ", name,
                              writer.body(2 + rng.below(3)));
    writer.add_callee(name);
    writer.must_use(fmt::format("  acc += {}(acc ^ {});\n", name, rng.constant()));
  }
  for (unsigned k = 0; k < extern_functions; ++k) {
    const std::string name = fmt::format("{}_f{}", prefix, k);
    text += unsigned_function("", name, writer.body(4 + rng.below(7)));
    writer.add_callee(name);
    program.c_functions.push_back(name);
  }
  const std::string entry = fmt::format("gen_{}_entry", prefix);
  text += unsigned_function("", entry, writer.body(6, true));
  program.c_functions.push_back(entry);
  program.files[fmt::format("gen_{}.c", prefix)] = text;
}

}  // namespace leakscope::parity_gen
