#include "symbolize/dwarf_names.hpp"

#include <dwarf.h>

#include "symbolize/demangle.hpp"

namespace leakscope::symbolize_detail {
namespace {

// dwarf_attr_integrate follows DW_AT_abstract_origin and DW_AT_specification chains for us.
const char* integrated_string(Dwarf_Die* die, unsigned int attribute) {
  Dwarf_Attribute attr;
  if (dwarf_attr_integrate(die, attribute, &attr) == nullptr) return nullptr;
  const char* value = dwarf_formstring(&attr);
  return (value != nullptr && *value != '\0') ? value : nullptr;
}

}  // namespace

bool has_linkage_name(Dwarf_Die* die) {
  return integrated_string(die, DW_AT_linkage_name) != nullptr ||
         integrated_string(die, DW_AT_MIPS_linkage_name) != nullptr;
}

std::string function_name(Dwarf_Die* die) {
  for (const unsigned int attribute : {DW_AT_linkage_name, DW_AT_MIPS_linkage_name}) {
    if (const char* linkage = integrated_string(die, attribute)) return demangle(linkage);
  }
  if (const char* name = integrated_string(die, DW_AT_name)) return name;
  return {};
}

}  // namespace leakscope::symbolize_detail
