// Reports built by hand: leak sites and boots with just the figures a test needs.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "leakscope/analyze/fingerprint.hpp"
#include "leakscope/model/report.hpp"

namespace leakscope::testing {

// A site with its fingerprint as the analyzer would give it; no stack frames.
inline SiteGroup leak_site(const std::string& function, const std::string& file,
                           std::uint64_t bytes, std::uint64_t count,
                           std::uint64_t address = 0x100) {
  SiteGroup s;
  s.function = function;
  s.file = file;
  s.line = 1;
  s.address = address;
  Fingerprint f = site_fingerprint(function, file, address);
  s.fingerprint = std::move(f.id);
  s.fingerprint_by_address = f.by_address;
  s.stats.bytes = bytes;
  s.stats.count = count;
  s.stack = std::make_shared<const std::vector<Frame>>();
  return s;
}

// A boot with a heap trace whose leaks are `sites` (totals summed).
inline BootReport boot_with(std::uint32_t index, std::vector<SiteGroup> sites) {
  BootReport b;
  b.index = index;
  b.has_trace = true;
  for (const SiteGroup& s : sites) {
    b.leaks.bytes += s.stats.bytes;
    b.leaks.count += s.stats.count;
  }
  b.leaks.by_site = std::move(sites);
  return b;
}

}  // namespace leakscope::testing
