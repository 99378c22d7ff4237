// StackTable: interns caller lists so each distinct stack is stored and resolved once.
//
//   StackId id = stacks.intern(event.callers);   // same addresses -> same id
//   for (std::uint64_t a : stacks.at(id)) ...
#pragma once

#include <cstdint>
#include <deque>
#include <span>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace leakscope {

struct StackId {
  std::uint32_t value = 0;
  friend bool operator==(StackId, StackId) = default;
};

class StackTable {
 public:
  StackId intern(const std::vector<std::uint64_t>& addresses);
  std::span<const std::uint64_t> at(StackId id) const { return stacks_.at(id.value); }

 private:
  std::deque<std::vector<std::uint64_t>> stacks_;  // a deque: elements never move
  std::unordered_map<std::string_view, StackId> index_;  // key: bytes of a stacks_ element
};

}  // namespace leakscope
