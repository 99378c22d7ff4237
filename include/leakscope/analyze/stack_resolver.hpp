// StackResolver: interned caller lists -> source frames and the allocation's call site.
//
// Each distinct stack is resolved once (the Symbolizer in turn looks each address up once).
// Without a symbolizer, frames carry addresses only and the site is the first address.
// Callers that are module frame keys (glibc mtrace, module_frames.hpp) are looked up in the
// ELF named after their object; those of other objects are unknown frames that carry their
// object, and count in no symbolization statistic (they were not looked up).
//
// stats() counts the addresses of stacks resolved for a report. A preview (live mode's
// summary of the boot in progress) shares the cache but is not counted until a report asks
// for the same stack, so the final report's figures do not depend on when previews ran.
#pragma once

#include <cstddef>
#include <unordered_map>
#include <vector>

#include "leakscope/analyze/module_frames.hpp"
#include "leakscope/analyze/plumbing.hpp"
#include "leakscope/model/report.hpp"
#include "leakscope/model/stack_table.hpp"

namespace leakscope {

class Symbolizer;
struct Symbolization;

struct ResolvedStack {
  static constexpr std::size_t no_site = static_cast<std::size_t>(-1);
  FrameList frames;             // innermost first, inlined levels expanded; never null
  std::size_t site = no_site;   // index of the call-site frame; no_site for an empty stack
};

enum class Lookup : std::uint8_t {
  report,   // the stack is in a report: its addresses count in stats()
  preview,  // a look at work in progress: stats() stay as they were
};

class StackResolver {
 public:
  // modules: the run's module frames (may be null: no caller is one).
  StackResolver(const StackTable& stacks, Symbolizer* symbolizer, const PlumbingFilter& plumbing,
                const ModuleFrames* modules = nullptr);

  const ResolvedStack& resolve(StackId id, Lookup lookup = Lookup::report);
  const SymbolizationStats& stats() const { return stats_; }

  // One address of another kind than a heap trace's callers (a crash's PC), not cached here
  // (the symbolizer caches its lookups) and not counted in stats().
  std::vector<Frame> frames_at(std::uint64_t address, AddressKind kind) const;
  Arch arch() const;  // the build's, unknown without one

 private:
  struct StackEntry {
    ResolvedStack stack;
    bool counted = false;
  };
  struct AddressEntry {
    std::vector<Frame> frames;  // never empty
    bool counted = false;
    bool looked_up = true;  // false: a module frame of an object no ELF is named after
  };

  const std::vector<Frame>& frames_of(std::uint64_t address);
  std::vector<Frame> frames_from(std::uint64_t address, const Symbolization& s) const;
  void module_frames_of(const ModuleFrameEvent& module, AddressEntry& entry);
  ResolvedStack resolve_new(StackId id);
  void count(StackId id);

  const StackTable& stacks_;
  Symbolizer* symbolizer_;
  const PlumbingFilter& plumbing_;
  const ModuleFrames* modules_;
  std::unordered_map<std::uint32_t, StackEntry> resolved_;
  // Frames per evidence address: symbolized and plumbing-matched once, shared by every stack.
  std::unordered_map<std::uint64_t, AddressEntry> address_frames_;
  SymbolizationStats stats_;
};

}  // namespace leakscope
