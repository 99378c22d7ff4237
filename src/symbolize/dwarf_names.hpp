// Function names of DWARF subprogram / inlined-subroutine DIEs, as addr2line -C prints them.
//
//   std::string name = function_name(&scope);   // "fixture::run_ring(unsigned int)"
//
// Preference: the linkage name (DW_AT_linkage_name, or the pre-DWARF-4 DW_AT_MIPS_linkage_name),
// demangled, because it carries namespaces, classes, template arguments and parameters;
// otherwise DW_AT_name (C functions have no linkage name). Both are looked up through
// DW_AT_abstract_origin (inlined and out-of-line instances point at the abstract function) and
// DW_AT_specification (a member defined outside its class points at the declaration).
#pragma once

#include <elfutils/libdw.h>

#include <string>

namespace leakscope::symbolize_detail {

// Empty when the DIE has no name at all.
std::string function_name(Dwarf_Die* die);

// Whether function_name() comes from a linkage name. GCC leaves it out for C functions, and
// for some C++ ones (lambdas' operator(), some template instances), whose DW_AT_name alone
// ("operator()") says little: the symbolizer then spells the outermost frame from the symbol.
bool has_linkage_name(Dwarf_Die* die);

}  // namespace leakscope::symbolize_detail
