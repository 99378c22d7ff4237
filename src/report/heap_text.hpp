// The text report's heap section of a boot: a headline (the verdict and reason of the boot's
// primary series) and detail lines: its drops, the time to exhaustion with its interval, the
// kinds of message the drops follow, the other series, and how the boot ended.
//
//   const HeapText t = boot_heap_text(report, *boot.heap);
//   out << "  heap: " << paint(t.verdict) << ": " << t.headline << '\n';
//   for (const std::string& d : t.details) out << "    " << d << '\n';
#pragma once

#include <string>
#include <vector>

#include "leakscope/model/report.hpp"

namespace leakscope {

struct HeapText {
  HeapVerdict verdict = HeapVerdict::insufficient;
  std::string headline;
  std::vector<std::string> details;
};

HeapText boot_heap_text(const Report& report, const BootHeap& heap);

}  // namespace leakscope
