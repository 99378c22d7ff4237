// StackResolver: interned caller lists -> source frames and the allocation's call site.
//
// Each distinct stack is resolved once (the Symbolizer in turn looks each address up once).
// Without a symbolizer, frames carry addresses only and the site is the first address.
#pragma once

#include <cstddef>
#include <unordered_map>
#include <vector>

#include "leakscope/analyze/plumbing.hpp"
#include "leakscope/model/report.hpp"
#include "leakscope/model/stack_table.hpp"

namespace leakscope {

class Symbolizer;

struct ResolvedStack {
  static constexpr std::size_t no_site = static_cast<std::size_t>(-1);
  FrameList frames;             // innermost first, inlined levels expanded; never null
  std::size_t site = no_site;   // index of the call-site frame; no_site for an empty stack
};

class StackResolver {
 public:
  StackResolver(const StackTable& stacks, Symbolizer* symbolizer, const PlumbingFilter& plumbing);

  const ResolvedStack& resolve(StackId id);
  const SymbolizationStats& stats() const { return stats_; }

 private:
  const std::vector<Frame>& frames_of(std::uint64_t address);

  const StackTable& stacks_;
  Symbolizer* symbolizer_;
  const PlumbingFilter& plumbing_;
  std::unordered_map<std::uint32_t, ResolvedStack> resolved_;
  // Frames per evidence address: symbolized and plumbing-matched once, shared by every stack.
  std::unordered_map<std::uint64_t, std::vector<Frame>> address_frames_;
  SymbolizationStats stats_;
};

}  // namespace leakscope
