// Function names as frames print them, seen by the stages after symbolization.
//
//   function_without_clone("net_open.isra.0") == "net_open"
//   function_without_clone("Session::open(int) [clone .constprop.0] [clone .cold]")
//       == "Session::open(int)"
//
// GCC names copies of a function after the original plus a clone suffix (symbolizer.hpp,
// naming rule 3): a C name prints it with dots, a demangled C++ name as " [clone .x.0]". Which
// copies exist is an optimization decision of one build, so what identifies a function across
// builds (analyze/fingerprint.hpp) is the name without them.
#pragma once

#include <string_view>

namespace leakscope {

std::string_view function_without_clone(std::string_view printed);

}  // namespace leakscope
