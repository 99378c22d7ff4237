#include "leakscope/analyze/site_diff.hpp"

#include <algorithm>

namespace leakscope {

namespace {

SiteFigures figures(const BaselineSite& site) { return {site.bytes, site.count, site.boots}; }

DiffStatus compare(const BaselineSite& base, const BaselineSite& candidate) {
  if (candidate.bytes != base.bytes)
    return candidate.bytes > base.bytes ? DiffStatus::grown : DiffStatus::shrunk;
  if (candidate.count != base.count)
    return candidate.count > base.count ? DiffStatus::grown : DiffStatus::shrunk;
  return DiffStatus::unchanged;
}

SiteChange change(const BaselineSite* base, const BaselineSite* candidate,
                  const GrowthLimit& limit) {
  const BaselineSite& named = candidate != nullptr ? *candidate : *base;
  SiteChange c;
  c.fingerprint = named.fingerprint;
  c.function = named.function;
  c.file = named.file;
  c.by_address = named.by_address;
  if (base != nullptr) c.baseline = figures(*base);
  if (candidate != nullptr) c.candidate = figures(*candidate);
  if (base == nullptr) {
    c.status = DiffStatus::added;
    c.fails = true;
  } else if (candidate == nullptr) {
    c.status = DiffStatus::gone;
  } else {
    c.by_address = base->by_address || candidate->by_address;
    c.status = compare(*base, *candidate);
    c.fails = limit.exceeded(*base, candidate->bytes, candidate->count);
  }
  return c;
}

std::uint64_t larger_bytes(const SiteChange& c) {
  return std::max(c.baseline ? c.baseline->bytes : 0, c.candidate ? c.candidate->bytes : 0);
}

}  // namespace

std::string_view diff_status_name(DiffStatus status) {
  switch (status) {
    case DiffStatus::added: return "new";
    case DiffStatus::grown: return "grown";
    case DiffStatus::shrunk: return "shrunk";
    case DiffStatus::gone: return "gone";
    case DiffStatus::unchanged: return "unchanged";
  }
  return "unknown";
}

std::int64_t SiteChange::byte_change() const {
  return static_cast<std::int64_t>(candidate ? candidate->bytes : 0) -
         static_cast<std::int64_t>(baseline ? baseline->bytes : 0);
}

std::int64_t SiteChange::count_change() const {
  return static_cast<std::int64_t>(candidate ? candidate->count : 0) -
         static_cast<std::int64_t>(baseline ? baseline->count : 0);
}

std::uint64_t SiteDiff::count(DiffStatus status) const {
  return static_cast<std::uint64_t>(std::count_if(
      sites.begin(), sites.end(), [status](const SiteChange& c) { return c.status == status; }));
}

std::uint64_t SiteDiff::grown_beyond_limit() const {
  return static_cast<std::uint64_t>(
      std::count_if(sites.begin(), sites.end(),
                    [](const SiteChange& c) { return c.status == DiffStatus::grown && c.fails; }));
}

bool SiteDiff::failed() const {
  return std::any_of(sites.begin(), sites.end(), [](const SiteChange& c) { return c.fails; });
}

SiteDiff diff_sites(const Baseline& baseline, const Baseline& candidate, const GrowthLimit& limit) {
  SiteDiff diff;
  // Both site lists are sorted by fingerprint: one merge pass.
  auto b = baseline.sites.begin();
  auto c = candidate.sites.begin();
  while (b != baseline.sites.end() || c != candidate.sites.end()) {
    if (c == candidate.sites.end() ||
        (b != baseline.sites.end() && b->fingerprint < c->fingerprint))
      diff.sites.push_back(change(&*b++, nullptr, limit));
    else if (b == baseline.sites.end() || c->fingerprint < b->fingerprint)
      diff.sites.push_back(change(nullptr, &*c++, limit));
    else
      diff.sites.push_back(change(&*b++, &*c++, limit));
  }
  std::stable_sort(diff.sites.begin(), diff.sites.end(),
                   [](const SiteChange& x, const SiteChange& y) {
                     if (x.status != y.status) return x.status < y.status;
                     return larger_bytes(x) > larger_bytes(y);  // ties keep fingerprint order
                   });
  return diff;
}

}  // namespace leakscope
