// Itanium C++ demangling of linkage names, as addr2line -C prints them.
//
//   demangle("_ZN7fixture8run_ringEj") == "fixture::run_ring(unsigned int)"
//   demangle("chain_entry") == "chain_entry"   // C names pass through
#pragma once

#include <string>
#include <string_view>

namespace leakscope::symbolize_detail {

// Demangles an Itanium-mangled name ("_Z..."); anything else, or a name the demangler
// rejects, is returned unchanged so a caller never loses the name it had.
std::string demangle(std::string_view name);

}  // namespace leakscope::symbolize_detail
