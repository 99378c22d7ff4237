// generate_suppressions (suppressions.hpp): --gen-suppressions' file.
#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "leakscope/analyze/gate.hpp"
#include "leakscope/analyze/suppressions.hpp"
#include "leakscope/symbolize/function_name.hpp"

namespace leakscope {

namespace {

// A fingerprint an entry stands for: where its site is, its counted bytes over the run.
struct Covered {
  std::string id, where;
  std::uint64_t bytes = 0;
};

// One entry to write.
struct Entry {
  std::string pattern;
  std::vector<Covered> covered;
  std::uint64_t max_bytes = 0, max_count = 0;  // caps

  std::uint64_t bytes() const {  // over the run: the order of the file
    std::uint64_t sum = 0;
    for (const Covered& c : covered) sum += c.bytes;
    return sum;
  }
};

std::string place(const SiteGroup& site) {
  return site_place(site) + (site.fingerprint_by_address ? " (by address: this build only)" : "");
}

// The entry as a file line would read back, or nothing when the name does not survive the
// round trip (a '$' inside it, a trailing word that reads as a cap).
std::optional<Suppression> read_back(const std::string& pattern) {
  auto list = parse_suppressions("leak:" + pattern, "generated");
  if (!list || list->size() != 1 || list->front().pattern.text() != pattern) return std::nullopt;
  return list->front();
}

// Whether the pattern takes every site it stands for and no site outside `counted`.
bool exact(const SuppressionPattern& pattern, const Report& report,
           const std::set<std::string>& own, const std::set<std::string>& counted) {
  for (const BootReport& boot : report.boots)
    for (const SiteGroup& site : boot.leaks.by_site) {
      const bool matches = suppression_matches(pattern, site);
      if (matches && counted.count(site.fingerprint) == 0) return false;
      if (!matches && own.count(site.fingerprint) > 0) return false;
    }
  return true;
}

std::vector<Entry> entries_for(const Report& report) {
  std::set<std::string> counted_ids;
  for (const BootReport& boot : report.boots)
    for (const SiteGroup& site : boot.leaks.by_site)
      if (counted(site)) counted_ids.insert(site.fingerprint);

  // By function first, in the order the sites come.
  std::vector<Entry> by_function;
  for (const BootReport& boot : report.boots)
    for (const SiteGroup& site : boot.leaks.by_site) {
      if (counted_ids.count(site.fingerprint) == 0) continue;
      const std::string pattern =
          site.function.empty()
              ? site.fingerprint
              : fmt::format("^{}$", function_without_clone(site.function));
      auto entry = std::find_if(by_function.begin(), by_function.end(),
                                [&](const Entry& e) { return e.pattern == pattern; });
      if (entry == by_function.end())
        entry = by_function.insert(by_function.end(), Entry{pattern, {}});
      auto covered = std::find_if(entry->covered.begin(), entry->covered.end(),
                                  [&](const Covered& c) { return c.id == site.fingerprint; });
      if (covered == entry->covered.end())
        covered = entry->covered.insert(entry->covered.end(), {site.fingerprint, place(site), 0});
      if (counted(site)) covered->bytes += site.stats.bytes;
    }

  // A name that would take more (or less) than its own sites gives way to their fingerprints.
  std::vector<Entry> entries;
  for (Entry& e : by_function) {
    std::set<std::string> own;
    for (const Covered& c : e.covered) own.insert(c.id);
    const std::optional<Suppression> read = read_back(e.pattern);
    if (read && exact(read->pattern, report, own, counted_ids)) {
      entries.push_back(std::move(e));
      continue;
    }
    for (Covered& c : e.covered) entries.push_back(Entry{c.id, {std::move(c)}});
  }
  std::stable_sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    return a.bytes() != b.bytes() ? a.bytes() > b.bytes() : a.pattern < b.pattern;
  });
  return entries;
}

// Each entry's most bytes and allocations in one boot, as the entries in file order take sites.
void measure_caps(const Report& report, std::vector<Entry>& entries) {
  SuppressionList list;
  for (const Entry& e : entries) list.push_back(*read_back(e.pattern));
  for (const BootReport& boot : report.boots) {
    const std::vector<SuppressionMatch> matches = match_suppressions(boot, list);
    for (std::size_t i = 0; i < entries.size(); ++i) {
      entries[i].max_bytes = std::max(entries[i].max_bytes, matches[i].bytes);
      entries[i].max_count = std::max(entries[i].max_count, matches[i].count);
    }
  }
}

}  // namespace

std::string generate_suppressions(const Report& report, bool caps) {
  std::vector<Entry> entries = entries_for(report);
  if (caps) measure_caps(report, entries);
  std::size_t sites = 0;
  for (const Entry& e : entries) sites += e.covered.size();

  std::string out = fmt::format(
      "# leakscope suppressions for the {} leak site{} this run counted (--gen-suppressions)\n",
      sites, sites == 1 ? "" : "s");
  out += caps ? "# caps: the most bytes and allocations each entry matched in one boot\n"
              : "# no caps: each entry suppresses any amount (max_bytes=BYTES max_count=N bound "
                "it)\n";
  for (const Entry& e : entries) {
    out += "leak:" + e.pattern;
    if (caps) out += fmt::format(" max_bytes={} max_count={}", e.max_bytes, e.max_count);
    std::string comment;
    for (const Covered& c : e.covered)
      comment += fmt::format("{}fingerprint {}: {}", comment.empty() ? "" : "; ", c.id, c.where);
    out += "  # " + comment + "\n";
  }
  return out;
}

}  // namespace leakscope
