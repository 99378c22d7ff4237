// PlumbingFilter: which frames are allocator internals rather than the code that allocated.
//
// A call site is the first frame, innermost first, that is not plumbing: the caller of
// malloc, not malloc; the caller of pvPortMalloc, not heap_caps_malloc inside it. Patterns are
// RE2 and must match the whole demangled function name.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "leakscope/model/result.hpp"

namespace re2 {
class RE2;
}

namespace leakscope {

class PlumbingFilter {
 public:
  // The defaults plus `extra` (from --skip-frames). Errors name the pattern that failed.
  static Result<PlumbingFilter> create(const std::vector<std::string>& extra = {});
  static const std::vector<std::string>& default_patterns();

  bool is_plumbing(std::string_view function) const;

 private:
  PlumbingFilter() = default;
  std::shared_ptr<const re2::RE2> regex_;  // one alternation of every pattern
};

}  // namespace leakscope
