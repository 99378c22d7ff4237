// How the naming policy and the peers spell function names (the policy: README.md, "Function
// names"), so that the parity suite can tell a spelling from a real difference.
//
//   policy_spelling("_ZN3gen3fooEj$isra$0")             -> "gen::foo(unsigned int) [clone .isra.0]"
//   policy_spelling("foo$isra$0")                       -> "foo.isra.0"
//   policy_spelling("gen::foo(unsigned int) (.cold)")   -> "gen::foo(unsigned int) [clone .cold]"
//   without_clones("gen::foo(unsigned int) [clone .isra.0]") -> "gen::foo(unsigned int)"
//   bare_name("unsigned short gen::(anonymous namespace)::fold<unsigned short>(unsigned short const*)")
//                                                       -> "fold"
// Demangling uses the C++ runtime's __cxa_demangle, never leakscope's own code: this is the
// test's independent idea of what the policy prints.
#pragma once

#include <map>
#include <string>

namespace leakscope::parity {

// A symbol or peer name as the policy prints it: mangled names demangled (Xtensa '$' clone
// separators read as '.'), llvm-symbolizer's " (.isra.0)" as " [clone .isra.0]", C clone
// names with '.' separators. Anything else is returned unchanged.
std::string policy_spelling(const std::string& name);
bool has_clone_suffix(const std::string& name);  // of a policy-spelled name
std::string without_clones(const std::string& name);  // of a policy-spelled name
// The function's own identifier, without scopes, template arguments, parameters, return type
// or clone suffixes: what two spellings of one function have in common.
std::string bare_name(const std::string& name);
// A DW_AT_name alone: no scope and no parameters (rule 2 of the policy qualifies these).
bool is_short_name(const std::string& name);

// qualified_names.txt: DW_AT_name -> the policy's name for functions GCC gives no linkage name
// inside a C++ namespace or class; written by the source generator for the generated program
// and by hand for the fixture. '#' lines are comments.
class QualifiedNames {
 public:
  explicit QualifiedNames(const std::string& path);
  // The policy's name for a frame whose DWARF name is `dwarf_name`: qualified when listed.
  std::string qualify(const std::string& dwarf_name) const;
  std::size_t size() const { return names_.size(); }

 private:
  std::map<std::string, std::string> names_;
};

}  // namespace leakscope::parity
