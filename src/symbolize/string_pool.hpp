// StringPool: interned strings with stable views, for names and paths that thousands of
// answers share.
//
//   StringPool pool;
//   std::string_view a = pool.intern(demangle(linkage));   // copied once
//   std::string_view b = pool.intern(std::string("x"));    // equal text: the same view
//
// Views stay valid for the pool's lifetime, also when the pool object is moved. Symbolized
// frames refer into it instead of owning copies: a C++ function name is often hundreds of
// bytes, and 100,000 answers would otherwise hold as many copies of a few thousand names.
#pragma once

#include <memory>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace leakscope::symbolize_detail {

class StringPool {
 public:
  std::string_view intern(std::string_view text);
  std::size_t size() const { return views_.size(); }

 private:
  static constexpr std::size_t chunk_size = 64 * 1024;

  std::unordered_set<std::string_view> views_;
  std::vector<std::unique_ptr<char[]>> chunks_;  // text storage; never moves once written
  char* free_ = nullptr;                         // next free byte of the last chunk
  std::size_t free_size_ = 0;
};

}  // namespace leakscope::symbolize_detail
