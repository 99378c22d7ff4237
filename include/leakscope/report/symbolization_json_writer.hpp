// Prints one Symbolization as one line of JSON, for `leakscope symbolize --output-style=JSON`.
//
//   std::cout << format_symbolization_json(sym.symbolize(0x8010, kind), "fw.elf", true);
//   // {"Address":"0x8010","LookupPC":"0x8010","ModuleName":"fw.elf","Symbol":[{"Column":5,
//   //  "Discriminator":0,"FileName":"/src/x.c","FunctionName":"f","Inlined":false,"Line":12,...}]}
//
// The keys are llvm-symbolizer's (--output-style=JSON), so scripts written for it keep
// working; "LookupPC" (the PC looked up after --adjust), "Inlined" and "LinkageName" are ours.
// Symbol lists frames innermost first and is empty when nothing is known about the address;
// ModuleName is the ELF that holds it, empty when none does. An input that is not an address
// gets {"Error":{"Message":...},"Input":...}: errors are data, the stream goes on.
#pragma once

#include <string>
#include <string_view>

#include "leakscope/symbolize/symbolizer.hpp"

namespace leakscope {

// One line, '\n'-terminated. `inlines`: false keeps frame 0 only (--no-inlines).
std::string format_symbolization_json(const Symbolization& symbolization, std::string_view module, bool inlines);
std::string format_symbolization_json_error(std::string_view input, std::string_view message);

}  // namespace leakscope
