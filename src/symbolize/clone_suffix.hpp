// GCC clone suffixes of ELF symbols, and when the symbol names a frame better than DWARF does.
//
//   SplitSymbol s = split_clone_suffix("_Z3fooi.isra.0");   // base "_Z3fooi", suffix ".isra.0"
//   split_clone_suffix("foo$constprop$0").suffix == ".constprop.0"   // GCC's Xtensa spelling
//   symbol_name_for_frame({"foo", "", "foo"}, "foo.isra.0") == "foo.isra.0"
//
// GCC names the copies it makes of a function after the original plus a suffix: ".isra.0",
// ".constprop.0", ".part.0", ".cold" (a function's cold part) and combinations. DWARF knows
// them only by the original's name, so the symbol is the one place the suffix shows; on
// Xtensa the assembler takes no '.' in names and GCC writes '$' instead ("foo$isra$0"), which
// no demangler reads: it is spelled with dots here.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace leakscope::symbolize_detail {

struct SplitSymbol {
  std::string_view base;  // the original function's symbol name
  std::string suffix;     // ".isra.0", ".cold", ...; empty when the symbol is no clone
};

SplitSymbol split_clone_suffix(std::string_view symbol);

// What DWARF says about the outermost function holding a pc.
struct DwarfFunctionName {
  std::string_view printed;     // the name the frame prints from DWARF (naming policy 1-2)
  std::string_view linkage;     // raw DW_AT_linkage_name; empty without one
  std::string_view short_name;  // DW_AT_name
};

// The name to print instead of the DWARF one, when `symbol` (starting exactly where the
// function's range does) adds information: a clone suffix, or the qualification and
// parameters of a mangled name DWARF lacks. nullopt when the symbol adds nothing or names a
// different function (an alias, identical code folded into one).
std::optional<std::string> symbol_name_for_frame(const DwarfFunctionName& dwarf, std::string_view symbol);

// A symbol printed as a function name: clone suffix in dots, demangled when mangled
// ("_Z3fooi$isra$0" -> "foo(int) [clone .isra.0]").
std::string printable_symbol(std::string_view symbol);

}  // namespace leakscope::symbolize_detail
