#include "leakscope/analyze/suppressions.hpp"

#include <charconv>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "leakscope/ingest/heap_telemetry.hpp"
#include "leakscope/symbolize/function_name.hpp"

namespace leakscope {

namespace {

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
  return s;
}

// "max_bytes" in "max_bytes=4096": a lowercase word, so a pattern's own '=' ("operator=")
// is never taken for a cap.
bool is_cap_name(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name)
    if (!((c >= 'a' && c <= 'z') || c == '_')) return false;
  return true;
}

Status read_cap(std::string_view name, std::string_view value, Suppression& entry) {
  std::optional<std::uint64_t>* cap = name == "max_bytes"   ? &entry.max_bytes
                                      : name == "max_count" ? &entry.max_count
                                                            : nullptr;
  if (cap == nullptr)
    return Error{fmt::format("unknown cap '{}' (max_bytes=BYTES, max_count=N)", name)};
  if (*cap) return Error{fmt::format("{} given twice", name)};
  std::uint64_t n = 0;
  const char* end = value.data() + value.size();
  const bool ok = name == "max_bytes" ? read_byte_count(value, n)
                                      : !value.empty() &&
                                            std::from_chars(value.data(), end, n).ptr == end;
  if (!ok)
    return Error{fmt::format("{}={}: not a {}", name, value,
                             name == "max_bytes" ? "byte count" : "whole number")};
  *cap = n;
  return Ok{};
}

// "leak:PATTERN [caps] [# comment]" after its leading blanks; nullopt for comments and blanks.
Result<std::optional<Suppression>> parse_line(std::string_view line) {
  line = trim(line);
  if (line.empty() || line.front() == '#') return std::optional<Suppression>{};
  constexpr std::string_view prefix = "leak:";
  if (!line.starts_with(prefix)) {
    const std::size_t colon = line.find(':');
    return Error{colon == std::string_view::npos || colon > 40
                     ? std::string("expected 'leak:PATTERN'")
                     : fmt::format("expected 'leak:PATTERN', not a '{}' suppression (only "
                                   "LeakSanitizer's leak: type applies)",
                                   line.substr(0, colon))};
  }
  std::string_view rest = line.substr(prefix.size());
  for (std::size_t i = 1; i < rest.size(); ++i)
    if (rest[i] == '#' && is_blank(rest[i - 1])) {
      rest = rest.substr(0, i);
      break;
    }
  rest = trim(rest);

  Suppression entry;
  // Caps are the trailing NAME=VALUE words; the first word is always the pattern's.
  std::vector<std::pair<std::string_view, std::string_view>> caps;
  for (;;) {
    const std::size_t blank = rest.find_last_of(" \t");
    if (blank == std::string_view::npos) break;
    const std::string_view word = rest.substr(blank + 1);
    const std::size_t eq = word.find('=');
    if (eq == std::string_view::npos || !is_cap_name(word.substr(0, eq))) break;
    caps.emplace_back(word.substr(0, eq), word.substr(eq + 1));
    rest = trim(rest.substr(0, blank));
  }
  for (auto it = caps.rbegin(); it != caps.rend(); ++it)
    if (Status s = read_cap(it->first, it->second, entry); !s) return s.error();
  auto pattern = SuppressionPattern::parse(rest);
  if (!pattern) return pattern.error();
  entry.pattern = pattern.take();
  return std::optional<Suppression>(std::move(entry));
}

std::string entry_name(const Suppression& s) {
  return fmt::format("leak:{} ({})", s.pattern.text(), s.source);
}

std::string caps_exceeded(const Suppression& s, const SuppressionMatch& m) {
  std::string over;
  if (s.max_bytes && m.bytes > *s.max_bytes)
    over = fmt::format("{} bytes over its max_bytes={}", m.bytes - *s.max_bytes, *s.max_bytes);
  if (s.max_count && m.count > *s.max_count)
    over += fmt::format("{}{} allocation{} over its max_count={}", over.empty() ? "" : " and ",
                        m.count - *s.max_count, m.count - *s.max_count == 1 ? "" : "s",
                        *s.max_count);
  return over;
}

}  // namespace

Result<SuppressionList> parse_suppressions(std::string_view text, std::string_view file) {
  SuppressionList list;
  std::size_t number = 0;
  while (!text.empty()) {
    const std::size_t newline = text.find('\n');
    const std::string_view line = text.substr(0, newline);
    text = newline == std::string_view::npos ? std::string_view() : text.substr(newline + 1);
    ++number;
    auto entry = parse_line(line);
    if (!entry) return Error{fmt::format("{}:{}: {}", file, number, entry.error().message)};
    if (!*entry) continue;
    (*entry)->source = fmt::format("{}:{}", file, number);
    list.push_back(std::move(**entry));
  }
  return list;
}

Result<SuppressionList> load_suppressions(const std::vector<std::string>& paths) {
  SuppressionList all;
  for (const std::string& path : paths) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    if (!in || !(text << in.rdbuf()) || in.bad())
      return Error{fmt::format("{}: cannot read the suppression file", path)};
    auto list = parse_suppressions(text.str(), path);
    if (!list) return list.error();
    for (Suppression& s : *list) all.push_back(std::move(s));
  }
  return all;
}

bool suppression_matches(const SuppressionPattern& pattern, const SiteGroup& site) {
  if (pattern.matches_fingerprint(site.fingerprint)) return true;
  auto frame_matches = [&](const std::string& function, const std::string& file) {
    return pattern.matches_function(function) ||
           pattern.matches_function(function_without_clone(function)) ||
           pattern.matches_path(file);
  };
  if (frame_matches(site.function, site.file)) return true;
  if (site.stack)
    for (const Frame& f : *site.stack)
      if (frame_matches(f.function, f.file)) return true;
  return false;
}

std::vector<SuppressionMatch> match_suppressions(const BootReport& boot,
                                                 const SuppressionList& list) {
  std::vector<SuppressionMatch> matches(list.size());
  const std::vector<SiteGroup>& sites = boot.leaks.by_site;
  for (std::size_t i = 0; i < sites.size(); ++i) {
    for (std::size_t e = 0; e < list.size(); ++e) {
      if (!suppression_matches(list[e].pattern, sites[i])) continue;
      matches[e].sites.push_back(i);
      matches[e].bytes += sites[i].stats.bytes;
      matches[e].count += sites[i].stats.count;
      break;
    }
  }
  return matches;
}

void apply_suppressions(Report& report, const SuppressionList& list) {
  std::vector<SuppressionUse>& uses = report.gate.suppressions;
  const std::size_t first = uses.size();
  for (const Suppression& s : list)
    uses.push_back({s.pattern.text(), s.source, s.max_bytes, s.max_count});

  for (BootReport& boot : report.boots) {
    const std::vector<SuppressionMatch> matches = match_suppressions(boot, list);
    for (std::size_t e = 0; e < list.size(); ++e) {
      const SuppressionMatch& m = matches[e];
      if (m.sites.empty()) continue;
      SuppressionUse& use = uses[first + e];
      use.sites += m.sites.size();
      use.bytes += m.bytes;
      use.count += m.count;
      if (const std::string over = caps_exceeded(list[e], m); !over.empty()) {
        use.exceeded = true;
        // One finding per entry and boot; it names the site when the entry took only one.
        const std::string& fingerprint = boot.leaks.by_site[m.sites.front()].fingerprint;
        bool one_site = true;
        for (std::size_t i : m.sites)
          one_site = one_site && boot.leaks.by_site[i].fingerprint == fingerprint;
        report.gate.findings.push_back(
            {GateRule::suppression_cap, true, boot.index, one_site ? fingerprint : std::string(),
             fmt::format("{} matched {} bytes in {} allocation{}, {}, so its sites count as "
                         "leaks",
                         entry_name(list[e]), m.bytes, m.count, m.count == 1 ? "" : "s", over)});
        continue;
      }
      for (std::size_t i : m.sites) {
        boot.leaks.by_site[i].status = SiteStatus::suppressed;
        boot.leaks.by_site[i].suppressed_by = list[e].source;
      }
    }
  }
}

}  // namespace leakscope
