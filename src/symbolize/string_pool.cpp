#include "symbolize/string_pool.hpp"

#include <cstring>

namespace leakscope::symbolize_detail {

std::string_view StringPool::intern(std::string_view text) {
  if (text.empty()) return {};
  if (const auto it = views_.find(text); it != views_.end()) return *it;
  char* storage = nullptr;
  if (text.size() > chunk_size / 4) {
    // A long string gets storage of its own; the current chunk keeps serving short ones.
    chunks_.push_back(std::make_unique<char[]>(text.size()));
    storage = chunks_.back().get();
  } else {
    if (text.size() > free_size_) {
      chunks_.push_back(std::make_unique<char[]>(chunk_size));
      free_ = chunks_.back().get();
      free_size_ = chunk_size;
    }
    storage = free_;
    free_ += text.size();
    free_size_ -= text.size();
  }
  std::memcpy(storage, text.data(), text.size());
  const std::string_view stored(storage, text.size());
  views_.insert(stored);
  return stored;
}

}  // namespace leakscope::symbolize_detail
