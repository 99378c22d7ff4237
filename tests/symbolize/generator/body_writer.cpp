// Function bodies of the generated program: the statement shapes every unit shares.
#include <fmt/format.h>

#include "program.hpp"

namespace leakscope::parity_gen {

void Program::qualify(const std::string& dwarf_name, const std::string& qualified) {
  // The test looks names up by DW_AT_name alone: a second function of that name would make the
  // expected answer ambiguous, so the generator never writes one.
  if (!qualified_names.emplace(dwarf_name, qualified).second) {
    throw std::logic_error("generator: two internal functions named " + dwarf_name);
  }
}

BodyWriter::BodyWriter(Program& program, std::vector<std::string> callees, std::vector<StatementKind> extra_kinds)
    : program_(program), callees_(std::move(callees)), extra_kinds_(std::move(extra_kinds)) {}

std::string BodyWriter::statement() {
  Random& rng = program_.rng;
  for (Pending& pending : must_use_) {
    if (pending.uses_left == 0) continue;
    if (!rng.chance(40)) break;
    --pending.uses_left;
    return pending.statement;
  }
  const unsigned shapes = 7 + static_cast<unsigned>(extra_kinds_.size());
  const unsigned shape = rng.below(shapes);
  const bool can_call = !callees_.empty();
  switch (shape) {
    case 0:
      return fmt::format("  acc = acc * {} + (x ^ {});\n", rng.constant(), rng.constant());
    case 1:
      return fmt::format("  acc ^= (acc << {}u) + (acc >> {}u);\n", 1 + rng.below(7), 1 + rng.below(11));
    case 2:
      return fmt::format(
          "  for (unsigned i = 0; i < (acc & {}u); ++i) {{\n"
          "    acc += gen_table[(acc + i) & 63u] ^ (i << {}u);\n"
          "  }}\n",
          (1u << (2 + rng.below(3))) - 1, 1 + rng.below(5));
    case 3:
      if (!can_call) break;
      return fmt::format("  acc ^= {}(acc + {});\n", rng.pick(callees_), rng.constant());
    case 4:
      if (!can_call) break;
      return fmt::format(
          "  if ((acc & {}u) != 0u) {{\n"
          "    acc += {}(acc);\n"
          "  }} else {{\n"
          "    acc -= {}(acc ^ {});\n"
          "  }}\n",
          1u << rng.below(12), rng.pick(callees_), rng.pick(callees_), rng.constant());
    case 5:
      return fmt::format("  acc += {}(acc ^ {});\n", rng.pick(program_.chains), rng.constant());
    case 6:
      return fmt::format("  gen_table[acc & 63u] = acc + {};\n", rng.constant());
    default:
      return extra_kinds_[shape - 7](rng);
  }
  return fmt::format("  acc += acc >> {}u;\n", 1 + rng.below(15));
}

std::string BodyWriter::body(unsigned statements, bool take_leftovers) {
  std::string text = fmt::format("  unsigned acc = x * {} + {};\n", program_.rng.constant(), program_.rng.constant());
  for (unsigned i = 0; i < statements; ++i) text += statement();
  if (take_leftovers) text += leftovers();
  return text + "  gen_sink = acc;\n  return acc ^ x;\n";
}

std::string BodyWriter::leftovers() {
  std::string text;
  for (Pending& pending : must_use_) {
    for (; pending.uses_left > 0; --pending.uses_left) text += pending.statement;
  }
  return text;
}

std::string unsigned_function(const std::string& prefix, const std::string& name, const std::string& body) {
  return fmt::format("{}unsigned {}(unsigned x) {{\n{}}}\n\n", prefix, name, body);
}

}  // namespace leakscope::parity_gen
