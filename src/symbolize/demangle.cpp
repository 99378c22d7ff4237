#include "symbolize/demangle.hpp"

#include <cxxabi.h>

#include <cstdlib>
#include <memory>

namespace leakscope::symbolize_detail {
namespace {

struct FreeDeleter {
  void operator()(char* p) const { std::free(p); }  // __cxa_demangle allocates with malloc
};

}  // namespace

std::string demangle(std::string_view name) {
  // Only Itanium names start with _Z; C names such as "Z3foo" or "main" must not be fed to
  // the demangler, which would happily decode some of them as types.
  if (name.size() < 2 || name.substr(0, 2) != "_Z") return std::string(name);
  const std::string mangled(name);  // __cxa_demangle wants a NUL-terminated string
  int status = 0;
  const std::unique_ptr<char, FreeDeleter> out(
      abi::__cxa_demangle(mangled.c_str(), nullptr, nullptr, &status));
  if (status != 0 || !out) return mangled;
  return std::string(out.get());
}

}  // namespace leakscope::symbolize_detail
