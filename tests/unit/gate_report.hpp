// Reports built by hand for the CI gate's tests: boots of leak sites with stacks.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "leakscope/analyze/fingerprint.hpp"
#include "leakscope/model/report.hpp"

namespace leakscope::testing {

// A frame of a site's stack: function and file (line 10, a made-up address).
inline Frame frame(std::string function, std::string file) {
  Frame f;
  f.address = 0x1000;
  f.function = std::move(function);
  f.file = std::move(file);
  f.line = 10;
  return f;
}

// A leak site whose call site is the first frame (innermost first); the fingerprint as
// analysis gives it.
inline SiteGroup leak_site(std::vector<Frame> frames, std::uint64_t bytes, std::uint64_t count) {
  SiteGroup s;
  s.function = frames.front().function;
  s.file = frames.front().file;
  s.line = frames.front().line;
  s.address = frames.front().address;
  const Fingerprint fp = site_fingerprint(s.function, s.file, s.address);
  s.fingerprint = fp.id;
  s.fingerprint_by_address = fp.by_address;
  s.stats.bytes = bytes;
  s.stats.count = count;
  s.stats.min_size = s.stats.max_size = count == 0 ? 0 : bytes / count;
  s.stack = std::make_shared<const std::vector<Frame>>(std::move(frames));
  s.distinct_stacks = 1;
  return s;
}

// A boot of these sites, with a heap trace; leaks.bytes and count are their sums.
inline BootReport boot_of(std::uint32_t index, std::vector<SiteGroup> sites) {
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
