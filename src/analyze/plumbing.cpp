#include "leakscope/analyze/plumbing.hpp"

#include <re2/re2.h>

namespace leakscope {

const std::vector<std::string>& PlumbingFilter::default_patterns() {
  static const std::vector<std::string> patterns = {
      // C library and -Wl,--wrap wrappers; newlib's reentrant _r variants
      R"((__wrap_|__real_)?_?(malloc|calloc|realloc|reallocf|free|zalloc|aligned_alloc|memalign|posix_memalign|valloc|pvalloc|strdup|strndup)(_r)?)",
      // ESP-IDF heap, its TLSF and multi-heap layers, ESP8266/IDF os_* wrappers
      R"(heap_caps_\w+|multi_heap_\w+|tlsf_\w+|os_(malloc|zalloc|calloc|realloc|free)\w*)",
      // FreeRTOS
      R"(pvPortMalloc|vPortFree|pvPortCalloc|pvPortRealloc|pvPortMallocStack)",
      // C++ allocation (demangled)
      R"(operator new.*|operator delete.*|(std::|__gnu_cxx::)(__new_allocator|new_allocator|allocator|allocator_traits)<.*)",
      // lwIP heap and pools, Zephyr kernel heap
      R"(mem_malloc|mem_calloc|mem_trim|memp_malloc\w*|k_malloc|k_calloc|k_aligned_alloc|k_realloc|k_heap_\w+|sys_heap_\w+)",
  };
  return patterns;
}

Result<PlumbingFilter> PlumbingFilter::create(const std::vector<std::string>& extra) {
  std::string combined;
  auto append = [&](const std::string& pattern) -> Status {
    const re2::RE2 alone(pattern, re2::RE2::Quiet);
    if (!alone.ok()) return Error{"bad --skip-frames pattern '" + pattern + "': " + alone.error()};
    if (!combined.empty()) combined += '|';
    combined += "(?:" + pattern + ")";
    return Ok{};
  };
  for (const std::string& p : default_patterns())
    if (auto st = append(p); !st) return st.error();
  for (const std::string& p : extra)
    if (auto st = append(p); !st) return st.error();

  PlumbingFilter filter;
  filter.regex_ = std::make_shared<const re2::RE2>(combined, re2::RE2::Quiet);
  if (!filter.regex_->ok()) return Error{"allocator frame patterns: " + filter.regex_->error()};
  return filter;
}

bool PlumbingFilter::is_plumbing(std::string_view function) const {
  return !function.empty() &&
         re2::RE2::FullMatch(re2::StringPiece(function.data(), function.size()), *regex_);
}

}  // namespace leakscope
