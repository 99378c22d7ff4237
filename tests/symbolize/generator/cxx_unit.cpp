// A generated C++ translation unit gen_x<N>.cpp. Inside namespace gen::x<N>:
//   detail::        an always_inline chain of its own (no linkage names: qualified by the policy)
//   Widget structs  member functions inline, noinline, const, static and defined out of line
//   (anonymous)::   functions, a struct with methods and a function template
//   clone helpers   static, as in the C units
//   n<M>[::deep]::  extern functions calling everything before them, templates from
//                   gen_types.hpp, the widgets and the anonymous-namespace code
// and an extern "C" entry point the program's main calls.
#include <fmt/format.h>

#include "program.hpp"

namespace leakscope::parity_gen {
namespace {

constexpr unsigned widgets = 3;
constexpr unsigned hidden_functions = 3;
constexpr unsigned namespaces = 4;
constexpr unsigned functions_per_namespace = 9;
constexpr unsigned detail_depth = 3;

struct Unit {
  Program& program;
  std::string prefix;  // "x0"
  std::string scope;   // "gen::x0::"
  std::string text;

  Random& rng() { return program.rng; }
  void internal(const std::string& dwarf_name, const std::string& inner_scope = "") {
    program.qualify(dwarf_name, scope + inner_scope + dwarf_name);
  }
};

void write_detail_chain(Unit& u, BodyWriter& writer) {
  u.text += "namespace detail {\n\n";
  for (unsigned level = detail_depth; level >= 1; --level) {
    const std::string name = fmt::format("{}_step_l{}", u.prefix, level);
    const std::string next = level == detail_depth ? fmt::format("gen_leaf{}", u.rng().below(chain_count))
                                                   : fmt::format("{}_step_l{}", u.prefix, level + 1);
    u.text += fmt::format(
        "static inline __attribute__((always_inline)) unsigned {}(unsigned x) {{\n"
        "  unsigned v = x * {} + gen_table[x & 63u];\n"
        "  v ^= {}(v + {});\n"
        "  return v + {};\n}}\n\n",
        name, u.rng().constant(), next, u.rng().constant(), u.rng().constant());
    u.internal(name, "detail::");
  }
  u.text += "}  // namespace detail\n\n";
  writer.add_kind([call = fmt::format("{}detail::{}_step_l1", u.scope, u.prefix)](Random& r) {
    return fmt::format("  acc += {}(acc ^ {});\n", call, r.constant());
  });
}

void write_widgets(Unit& u, BodyWriter& writer) {
  for (unsigned j = 0; j < widgets; ++j) {
    const std::string type = fmt::format("{}_Widget{}", u.prefix, j);
    const std::string m = fmt::format("{}_w{}", u.prefix, j);
    u.text += fmt::format(
        "struct {0} {{\n"
        "  unsigned total;\n"
        "  __attribute__((noinline)) void {1}_add(unsigned v) {{\n"
        "    total += v * {2};\n"
        "    gen_sink = total;\n"
        "  }}\n"
        "  unsigned {1}_scaled(unsigned k) const {{ return total * k + {1}_bias(total); }}\n"
        "  static unsigned {1}_bias(unsigned v) {{ return (v >> 3u) ^ gen_table[v & 63u]; }}\n"
        "  unsigned {1}_churn(unsigned v);\n"
        "}};\n\n"
        "unsigned {0}::{1}_churn(unsigned v) {{\n"
        "  for (unsigned i = 0; i < (v & 7u); ++i) total ^= gen_table[(total + i) & 63u] << 1u;\n"
        "  total += {3}(v);\n"
        "  return total;\n}}\n\n",
        type, m, u.rng().constant(), u.rng().pick(u.program.chains));
    writer.add_kind([type = u.scope + type, m](Random& r) {
      return fmt::format(
          "  {{\n    {} w = {{acc}};\n    w.{}_add(x);\n"
          "    acc += w.{}_scaled({}) + w.{}_churn(acc ^ {});\n  }}\n",
          type, m, m, r.constant(), m, r.constant());
    });
  }
}

// Templates of gen_types.hpp, instantiated with the argument lists below across both units.
void add_template_kinds(BodyWriter& writer) {
  writer.add_kind([](Random& r) {
    static const std::vector<std::pair<std::string, unsigned>> rings = {
        {"unsigned", 4}, {"unsigned short", 8}, {"unsigned char", 16}};
    const auto& [type, size] = r.pick(rings);
    return fmt::format(
        "  {{\n    gen::tpl::Ring<{0}, {1}u> ring = {{}};\n"
        "    for (unsigned i = 0; i < (acc & 7u); ++i) ring.push(static_cast<{0}>(acc + i));\n"
        "    acc += ring.sum();\n  }}\n",
        type, size);
  });
  writer.add_kind([](Random& r) {
    static const std::vector<std::string> types = {"unsigned", "unsigned short", "unsigned char"};
    const std::string& type = r.pick(types);
    return fmt::format(
        "  {{\n    const {0} values[3] = {{static_cast<{0}>(acc), static_cast<{0}>(x), static_cast<{0}>({1})}};\n"
        "    acc += gen::tpl::fold<{0}>(values, 3u);\n  }}\n",
        type, r.constant());
  });
  writer.add_kind([](Random& r) {
    const std::string type = r.chance(50) ? "unsigned" : "unsigned short";
    return fmt::format(
        "  {{\n    const gen::tpl::Pair<{0}> pair = {{static_cast<{0}>(acc), static_cast<{0}>(x)}};\n"
        "    acc ^= pair.mix({1});\n  }}\n",
        type, r.constant());
  });
}

void write_anonymous_namespace(Unit& u, BodyWriter& writer) {
  const std::string hidden = u.prefix + "_Hidden";
  const std::string fold = u.prefix + "_anon_fold";
  u.text += fmt::format(
      "namespace {{\n\n"
      "struct {0} {{\n"
      "  unsigned v;\n"
      "  __attribute__((noinline)) unsigned {1}_hid_get(unsigned a) const {{ return v * {3} + a; }}\n"
      "  unsigned {1}_hid_peek() const {{ return gen_table[v & 63u] ^ v; }}\n"
      "}};\n\n"
      "template <typename T>\n"
      "__attribute__((noinline)) T {2}(const T* values, unsigned count) {{\n"
      "  T r = T();\n"
      "  for (unsigned i = 0; i < count; ++i) r = static_cast<T>((r << 1u) ^ values[i]);\n"
      "  return r;\n}}\n\n",
      hidden, u.prefix, fold, u.rng().constant());
  u.internal(u.prefix + "_hid_get", "(anonymous namespace)::" + hidden + "::");
  u.internal(u.prefix + "_hid_peek", "(anonymous namespace)::" + hidden + "::");
  // DW_AT_name of a function template instance spells its arguments as GCC does.
  u.internal(fold + "<unsigned int>", "(anonymous namespace)::");
  u.internal(fold + "<short unsigned int>", "(anonymous namespace)::");
  for (unsigned k = 0; k < hidden_functions; ++k) {
    const std::string name = fmt::format("{}_hidden{}", u.prefix, k);
    u.text += unsigned_function("__attribute__((noinline)) ", name, writer.body(2 + u.rng().below(3)));
    u.internal(name, "(anonymous namespace)::");
    writer.must_use(fmt::format("  acc += {}{}(acc ^ {});\n", u.scope, name, u.rng().constant()));
  }
  u.text += "}  // namespace\n\n";
  writer.add_kind([type = u.scope + hidden, p = u.prefix](Random& r) {
    return fmt::format("  {{\n    const {} h = {{acc}};\n    acc += h.{}_hid_get(x ^ {}) + h.{}_hid_peek();\n  }}\n",
                       type, p, r.constant(), p);
  });
  writer.add_kind([call = u.scope + fold](Random& r) {
    const std::string type = r.chance(50) ? "unsigned" : "unsigned short";
    return fmt::format(
        "  {{\n    const {0} values[2] = {{static_cast<{0}>(acc), static_cast<{0}>({1})}};\n"
        "    acc += {2}<{0}>(values, 2u);\n  }}\n",
        type, r.constant(), call);
  });
}

void write_namespaces(Unit& u, BodyWriter& writer) {
  for (unsigned m = 0; m < namespaces; ++m) {
    const bool nested = m % 2 == 1;  // n1::deep, n3::deep: nested namespaces three levels down
    const std::string ns = fmt::format("n{}", m) + (nested ? "::deep" : "");
    u.text += fmt::format("namespace n{} {{\n{}\n", m, nested ? "namespace deep {\n" : "");
    std::string declarations;
    for (unsigned k = 0; k < functions_per_namespace; ++k) {
      const std::string name = fmt::format("{}_n{}_f{}", u.prefix, m, k);
      u.text += unsigned_function("", name, writer.body(4 + u.rng().below(7)));
      declarations += fmt::format("unsigned {}(unsigned x);\n", name);
      const std::string qualified = u.scope + ns + "::" + name;
      writer.add_callee(qualified);
      u.program.cxx_functions.push_back(qualified);
    }
    u.text += fmt::format("{}}}  // namespace n{}\n\n", nested ? "}  // namespace deep\n" : "", m);
    u.program.cxx_declarations +=
        fmt::format("namespace {}{} {{\n{}}}\n\n", u.scope, ns, declarations);  // C++17 nested namespace
  }
}

}  // namespace

void write_cxx_unit(Program& program, unsigned unit) {
  Unit u{program, fmt::format("x{}", unit), fmt::format("gen::x{}::", unit), ""};
  UnitHelpers helpers = clone_helpers(program, u.prefix, u.scope);
  std::vector<std::string> callees = program.c_functions;
  callees.insert(callees.end(), program.cxx_functions.begin(), program.cxx_functions.end());
  BodyWriter writer(program, callees, {helpers.cold_branch});
  add_template_kinds(writer);

  u.text = fmt::format("// Generated: C++ unit {} of the parity program.\n#include \"gen.h\"\n#include \"gen_chain.h\"\n"
                       "#include \"gen_cxx.hpp\"\n#include \"gen_types.hpp\"\n\nnamespace gen {{\nnamespace {} {{\n\n",
                       unit, u.prefix);
  write_detail_chain(u, writer);
  // The helpers come before any body that may call them (the cold branch is in every menu).
  u.text += helpers.text;
  for (const std::string& name : helpers.names) u.internal(name);
  for (const std::string& call : helpers.must_use) writer.must_use(call);
  write_widgets(u, writer);
  write_anonymous_namespace(u, writer);
  write_namespaces(u, writer);
  u.text += fmt::format("}}  // namespace {}\n}}  // namespace gen\n\n", u.prefix);

  const std::string entry = fmt::format("gen_{}_entry", u.prefix);
  u.text += unsigned_function("extern \"C\" ", entry, writer.body(6, true));
  program.c_functions.push_back(entry);
  program.files[fmt::format("gen_{}.cpp", u.prefix)] = u.text;
}

}  // namespace leakscope::parity_gen
