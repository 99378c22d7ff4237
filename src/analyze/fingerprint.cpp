#include "leakscope/analyze/fingerprint.hpp"

#include <fmt/format.h>

#include "leakscope/model/fnv1a.hpp"
#include "leakscope/symbolize/function_name.hpp"

namespace leakscope {

namespace {

std::string_view base_name(std::string_view path) {
  const std::size_t slash = path.find_last_of("/\\");
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

}  // namespace

Fingerprint site_fingerprint(std::string_view function, std::string_view file,
                             std::uint64_t address) {
  if (function.empty())
    return {fmt::format("{:016x}", fnv1a(fmt::format("site-v1\naddress\n{:#x}", address))),
            true};
  std::uint64_t h = fnv1a("site-v1\n");
  h = fnv1a(function_without_clone(function), h);
  h = fnv1a("\n", h);
  h = fnv1a(base_name(file), h);
  return {fmt::format("{:016x}", h), false};
}

}  // namespace leakscope
