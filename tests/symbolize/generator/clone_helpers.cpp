// Static helpers shaped so that GCC clones them at -O2 and -Os (none at -O0):
//   <p>_israN  reads a struct through a const pointer and ignores a parameter -> .isra.0
//   <p>_cpN    is always called with the same constant                        -> .constprop.0
//   <p>_partN  returns early when cheap, then runs an expensive tail           -> .part.0
//   <p>_cold   __attribute__((cold)), called from unlikely branches            -> callers' .cold
//              parts where the target splits functions (x86-64; RISC-V with
//              -freorder-blocks-and-partition)
// Xtensa spells the same clones <p>_israN$isra$0 and so on.
#include <fmt/format.h>

#include "program.hpp"

namespace leakscope::parity_gen {
namespace {

constexpr unsigned clones_per_kind = 2;

// One clone-provoking shape: its definition ({0} the name, {1} a constant) and a statement
// calling it ({0} the name with its scope, {1} {2} constants, {3} a small count).
struct CloneShape {
  const char* kind;
  const char* definition;
  const char* call;
};

constexpr CloneShape shapes[] = {
    {"isra",
     "static __attribute__((noinline)) unsigned {0}(const struct gen_pair *p, unsigned unused) {{\n"
     "  unsigned r = p->a * {1} + p->b;\n"
     "  for (unsigned i = 0; i < (p->a & 3u); ++i) r ^= gen_table[(r + i) & 63u];\n"
     "  return r + p->c;\n}}\n\n",
     "  {{\n    const struct gen_pair pair = {{acc, x, {1}, {2}}};\n    acc += {0}(&pair, acc);\n  }}\n"},
    {"cp",
     "static __attribute__((noinline)) unsigned {0}(unsigned x, unsigned k) {{\n"
     "  unsigned r = x;\n"
     "  for (unsigned i = 0; i < k; ++i) r = r * {1} + gen_table[(r ^ i) & 63u];\n"
     "  return r;\n}}\n\n",
     "  acc += {0}(acc, {3}u);\n"},
    {"part",
     "static unsigned {0}(unsigned x) {{\n"
     "  if (__builtin_expect(x < 16u, 1)) return x + 1u;\n"
     "  unsigned r = x;\n"
     "  for (unsigned i = 0; i < (x & 31u); ++i) {{\n"
     "    r = r * {1} + gen_table[(r + i) & 63u];\n"
     "    gen_table[i & 63u] = r;\n"
     "  }}\n"
     "  for (unsigned i = 0; i < (r & 15u); ++i) {{\n"
     "    r ^= gen_table[(r * i) & 63u] << 3u;\n"
     "    gen_sink = r;\n"
     "  }}\n"
     "  return r;\n}}\n\n",
     "  acc ^= {0}(acc);\n"},
};

}  // namespace

UnitHelpers clone_helpers(Program& program, const std::string& prefix, const std::string& scope) {
  Random& rng = program.rng;
  UnitHelpers helpers;
  for (unsigned k = 0; k < clones_per_kind; ++k) {
    for (const CloneShape& shape : shapes) {
      const std::string name = fmt::format("{}_{}{}", prefix, shape.kind, k);
      helpers.text += fmt::format(fmt::runtime(shape.definition), name, rng.constant());
      // The constprop helper is always called with its one count: GCC clones it for that.
      const unsigned count = 3 + k * 4;
      helpers.must_use.push_back(
          fmt::format(fmt::runtime(shape.call), scope + name, rng.constant(), rng.constant(), count));
      helpers.names.push_back(name);
    }
  }
  const std::string cold = prefix + "_cold";
  helpers.text += fmt::format(
      "static __attribute__((cold, noinline)) unsigned {}(unsigned x) {{\n"
      "  gen_sink = x;\n"
      "  return x ^ {};\n}}\n\n",
      cold, rng.constant());
  helpers.names.push_back(cold);
  helpers.cold_branch = [called = scope + cold](Random& r) {
    return fmt::format(
        "  if (__builtin_expect(acc == {}, 0)) {{\n"
        "    acc = {}(acc) ^ gen_table[{}u];\n"
        "    gen_table[{}u] = acc;\n"
        "  }}\n",
        r.constant(), called, r.below(64), r.below(64));
  };
  return helpers;
}

}  // namespace leakscope::parity_gen
