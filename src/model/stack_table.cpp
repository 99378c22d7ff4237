#include "leakscope/model/stack_table.hpp"

namespace leakscope {

namespace {

std::string_view bytes_of(const std::vector<std::uint64_t>& v) {
  return {reinterpret_cast<const char*>(v.data()), v.size() * sizeof(std::uint64_t)};
}

}  // namespace

StackId StackTable::intern(const std::vector<std::uint64_t>& addresses) {
  if (auto it = index_.find(bytes_of(addresses)); it != index_.end()) return it->second;
  const auto id = StackId{static_cast<std::uint32_t>(stacks_.size())};
  stacks_.push_back(addresses);
  index_.emplace(bytes_of(stacks_.back()), id);
  return id;
}

}  // namespace leakscope
