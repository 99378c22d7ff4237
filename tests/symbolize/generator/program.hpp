// The generated parity program while it is being written: files, the functions later code may
// call, and the names the naming policy qualifies (see README.md in the parent directory).
//
//   Program program(seed);
//   write_headers(program);   // gen.h, the inline chains, the C++ templates
//   write_c_unit(program, 0); // gen_c0.c; later units may call its functions
//   ...
//   program.files             // file name -> content, written out by main.cpp
//
// Every function takes and returns `unsigned`, and calls only functions written before it, so
// the call graph has no cycle. No division or remainder anywhere: Debian's lx106 libgcc has no
// __udivsi3.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "random.hpp"

namespace leakscope::parity_gen {

struct Program {
  explicit Program(std::uint64_t seed) : rng(seed) {}

  Random rng;
  std::map<std::string, std::string> files;
  std::vector<std::string> c_functions;    // C linkage, declared in gen.h
  std::vector<std::string> cxx_functions;  // qualified C++ names, declared in gen_cxx.hpp
  std::string cxx_declarations;            // the body of gen_cxx.hpp
  std::vector<std::string> chains;         // entry points of the always_inline chains (gen_chain.h)
  // DW_AT_name -> the name the policy prints for a function GCC gives no linkage name (internal
  // C++ functions): its namespaces and classes. C functions are not listed (nothing to add).
  std::map<std::string, std::string> qualified_names;

  void qualify(const std::string& dwarf_name, const std::string& qualified);
};

constexpr unsigned chain_count = 6;  // always_inline chains, each with its out-of-line gen_leafN
constexpr unsigned mixer_count = 3;  // plain static inline helpers gen_mixN in gen_chain.h

// One statement of a body: C text indented by two spaces, ending with a newline.
using StatementKind = std::function<std::string(Random&)>;

// Writes function bodies from a menu of statement shapes: arithmetic, loops over gen_table,
// calls (plain and conditional), the inline chains and the unit's own extra shapes. Statements
// added with must_use (calls of the unit's static helpers) are each handed out twice, so no
// helper is left uncalled and a constprop/part helper has several callers.
class BodyWriter {
 public:
  BodyWriter(Program& program, std::vector<std::string> callees, std::vector<StatementKind> extra_kinds);
  // The statements between `{` and `}` of `unsigned name(unsigned x)`. A unit's last function
  // passes `take_leftovers` to call every must-use statement not yet used twice.
  std::string body(unsigned statements, bool take_leftovers = false);
  void add_callee(const std::string& name) { callees_.push_back(name); }
  void add_kind(StatementKind kind) { extra_kinds_.push_back(std::move(kind)); }
  void must_use(const std::string& statement) { must_use_.push_back({statement, 2}); }

 private:
  std::string statement();
  std::string leftovers();
  Program& program_;
  std::vector<std::string> callees_;
  std::vector<StatementKind> extra_kinds_;
  struct Pending {
    std::string statement;
    unsigned uses_left;
  };
  std::vector<Pending> must_use_;  // handed out in order
};

// A function definition `<prefix>unsigned name(unsigned x) {...}` with a BodyWriter body.
std::string unsigned_function(const std::string& prefix, const std::string& name, const std::string& body);

// Static helpers shaped for GCC's clones, written at the top of a unit (see helpers.cpp).
struct UnitHelpers {
  std::string text;                   // their definitions
  std::vector<std::string> names;     // as called from anywhere in the unit (scope included)
  std::vector<std::string> must_use;  // statements calling each of them
  StatementKind cold_branch;          // an unlikely branch into the unit's cold function
};
UnitHelpers clone_helpers(Program& program, const std::string& prefix, const std::string& scope);

void write_headers(Program& program);
void write_declarations(Program& program);
void write_c_unit(Program& program, unsigned unit);
void write_cxx_unit(Program& program, unsigned unit);
void write_entry(Program& program, unsigned c_units, unsigned cxx_units);

}  // namespace leakscope::parity_gen
