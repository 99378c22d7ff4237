#include "leakscope/analyze/baseline.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "leakscope/analyze/fingerprint.hpp"
#include "leakscope/ingest/cursor.hpp"
#include "leakscope/ingest/heap_telemetry.hpp"

namespace leakscope {

namespace {

using nlohmann::json;

// One site entry of one boot, before sites sharing a fingerprint are summed.
struct SiteEntry {
  std::string fingerprint;
  std::string function, file;
  bool by_address = false;
  std::uint64_t bytes = 0, count = 0;
};

// Sums each boot's entries by fingerprint and keeps, per fingerprint, the worst boot.
class BaselineBuilder {
 public:
  void add_boot(const std::vector<SiteEntry>& entries) {
    ++boots_;
    std::map<std::string_view, SiteEntry> boot;
    for (const SiteEntry& e : entries) {
      auto [it, added] = boot.try_emplace(e.fingerprint, e);
      if (added) continue;
      it->second.bytes += e.bytes;
      it->second.count += e.count;
    }
    for (const auto& [fingerprint, e] : boot) {
      auto [it, added] = sites_.try_emplace(e.fingerprint);
      BaselineSite& site = it->second;
      if (added) site = {e.fingerprint, e.function, e.file, e.by_address, 0, 0, 0};
      site.bytes = std::max(site.bytes, e.bytes);
      site.count = std::max(site.count, e.count);
      ++site.boots;
    }
  }

  Baseline finish(std::string path, std::string label) {
    Baseline out{std::move(path), std::move(label), boots_, {}};
    for (auto& [fingerprint, site] : sites_) out.sites.push_back(std::move(site));
    return out;
  }

 private:
  std::map<std::string, BaselineSite> sites_;  // sorted by fingerprint, as Baseline::sites
  std::uint32_t boots_ = 0;
};

std::string string_or_empty(const json& v) { return v.is_string() ? v.get<std::string>() : ""; }

// object[key] without copying it; null when `object` is no object or lacks the key.
const json* member(const json* object, const char* key) {
  if (object == nullptr || !object->is_object()) return nullptr;
  const auto it = object->find(key);
  return it == object->end() ? nullptr : &*it;
}

// A by_site entry of a report. `where` names it in errors: "boots[0].leaks.by_site[2]".
Result<SiteEntry> site_entry(const json& site, const std::string& where) {
  if (!site.is_object()) return Error{where + " is not an object"};
  SiteEntry e;
  for (auto [key, value] : {std::pair{"bytes", &e.bytes}, std::pair{"count", &e.count}}) {
    const auto v = site.find(key);
    if (v == site.end() || !v->is_number_unsigned())
      return Error{fmt::format("{}.{} is missing or not a whole number", where, key)};
    *value = v->get<std::uint64_t>();
  }
  e.function = string_or_empty(site.value("function", json()));
  e.file = string_or_empty(site.value("file", json()));
  const json fingerprint = site.value("fingerprint", json());
  if (fingerprint.is_string() && !fingerprint.get_ref<const std::string&>().empty()) {
    e.fingerprint = fingerprint.get<std::string>();
    e.by_address = site.value("fingerprint_by_address", json()) == true;
    return e;
  }
  // A report from before fingerprints: the rule that run would have applied.
  std::uint64_t address = 0;
  const json printed = site.value("address", json());
  if (printed.is_string()) parse_hex_address(printed.get_ref<const std::string&>(), address);
  Fingerprint f = site_fingerprint(e.function, e.file, address);
  e.fingerprint = std::move(f.id);
  e.by_address = f.by_address;
  return e;
}

std::string report_label(const json& report) {
  std::string label = "leakscope";
  if (const json* version = member(member(&report, "tool"), "version");
      version && version->is_string())
    label += " " + version->get<std::string>();
  label += " report";
  std::vector<std::string> inputs;
  if (const json* list = member(member(&report, "diagnostics"), "inputs"); list && list->is_array())
    for (const json& input : *list)
      if (const json* name = member(&input, "name"); name && name->is_string())
        inputs.push_back(name->get<std::string>());
  if (!inputs.empty()) label += fmt::format(" of {}", fmt::join(inputs, ", "));
  return label;
}

// The "report" line that ends a live JSON Lines run; discarded when the last line is not one.
json live_report_line(std::string_view text) {
  const std::size_t end = text.find_last_not_of(" \t\r\n");
  if (end == std::string_view::npos) return json(json::value_t::discarded);
  const std::size_t newline = text.rfind('\n', end);
  const std::size_t start = newline == std::string_view::npos ? 0 : newline + 1;
  json line = json::parse(text.substr(start, end + 1 - start), nullptr, false);
  if (line.is_object() && line.value("type", json()) == "report") return line;
  return json(json::value_t::discarded);
}

// The report object: the whole text, or the last line of a live run.
Result<json> report_object(std::string_view text) {
  try {
    return json::parse(text);
  } catch (const json::parse_error& e) {
    if (json line = live_report_line(text); !line.is_discarded()) return line;
    // "[json.exception.parse_error.101] parse error at line 1, ...": the part after the tag.
    const std::string_view what = e.what();
    const std::size_t tag_end = what.find("] ");
    return Error{fmt::format("not a leakscope JSON report: {}",
                             tag_end == std::string_view::npos ? what : what.substr(tag_end + 2))};
  }
}

}  // namespace

const BaselineSite* Baseline::find(std::string_view fingerprint) const {
  auto it =
      std::lower_bound(sites.begin(), sites.end(), fingerprint,
                       [](const BaselineSite& s, std::string_view f) { return s.fingerprint < f; });
  return it != sites.end() && it->fingerprint == fingerprint ? &*it : nullptr;
}

Result<Baseline> parse_baseline(std::string_view text, const std::string& path) {
  auto parsed = report_object(text);
  if (!parsed) return Error{path + ": " + parsed.error().message};
  const json& report = *parsed;
  if (!report.is_object() || !report.contains("schema_version"))
    return Error{path + ": not a leakscope JSON report (no schema_version)"};
  if (report["schema_version"] != report_schema_version)
    return Error{fmt::format("{}: schema_version {} is not readable (readable: {})", path,
                             report["schema_version"].dump(), report_schema_version)};
  const json* boots = member(&report, "boots");
  if (boots == nullptr || !boots->is_array()) return Error{path + ": no \"boots\" array"};
  BaselineBuilder builder;
  for (std::size_t b = 0; b < boots->size(); ++b) {
    const json* sites = member(member(&(*boots)[b], "leaks"), "by_site");
    if (sites == nullptr || !sites->is_array())
      return Error{fmt::format("{}: boots[{}] has no \"leaks\".\"by_site\" array", path, b)};
    std::vector<SiteEntry> entries;
    for (std::size_t s = 0; s < sites->size(); ++s) {
      auto entry = site_entry((*sites)[s], fmt::format("boots[{}].leaks.by_site[{}]", b, s));
      if (!entry) return Error{path + ": " + entry.error().message};
      entries.push_back(entry.take());
    }
    builder.add_boot(entries);
  }
  return builder.finish(path, report_label(report));
}

Result<Baseline> read_baseline(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{path + ": cannot read"};
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return Error{path + ": cannot read"};
  return parse_baseline(text.str(), path);
}

Baseline baseline_of(const Report& report, std::string label) {
  BaselineBuilder builder;
  for (const BootReport& boot : report.boots) {
    std::vector<SiteEntry> entries;
    for (const SiteGroup& s : boot.leaks.by_site)
      entries.push_back({s.fingerprint, s.function, s.file, s.fingerprint_by_address, s.stats.bytes,
                         s.stats.count});
    builder.add_boot(entries);
  }
  return builder.finish({}, std::move(label));
}

std::uint64_t GrowthLimit::allowed(std::uint64_t baseline_bytes) const {
  if (!percent) return bytes;
  return static_cast<std::uint64_t>(
      std::floor(static_cast<double>(baseline_bytes) * *percent / 100.0));
}

bool GrowthLimit::exceeded(const BaselineSite& base, std::uint64_t site_bytes,
                           std::uint64_t site_count) const {
  const std::uint64_t allow = allowed(base.bytes);
  if (site_bytes > base.bytes && site_bytes - base.bytes > allow) return true;
  // Equal bytes in more blocks: growth only a zero limit sees (malloc(0) leaks).
  return allow == 0 && site_bytes == base.bytes && site_count > base.count;
}

Result<GrowthLimit> parse_growth_limit(std::string_view text) {
  const std::size_t first = text.find_first_not_of(" \t");
  const std::size_t last = text.find_last_not_of(" \t");
  const std::string_view t =
      first == std::string_view::npos ? "" : text.substr(first, last - first + 1);
  GrowthLimit limit;
  if (t.ends_with('%')) {
    std::string_view number = t.substr(0, t.size() - 1);
    while (!number.empty() && number.back() == ' ') number.remove_suffix(1);
    double percent = 0;
    const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), percent,
                                           std::chars_format::fixed);
    if (!number.empty() && number.front() != '-' && ec == std::errc() &&
        end == number.data() + number.size() && std::isfinite(percent)) {
      limit.percent = percent;
      limit.text = fmt::format("{}%", number);
      return limit;
    }
  } else if (read_byte_count(t, limit.bytes)) {
    limit.text = fmt::format("{} bytes", limit.bytes);
    return limit;
  }
  return Error{fmt::format("'{}' is neither a byte count (512, 4K) nor a percentage (10%)", text)};
}

void apply_baseline(Report& report, const Baseline& baseline, const GrowthLimit& limit) {
  std::vector<bool> seen(baseline.sites.size(), false);
  for (BootReport& boot : report.boots) {
    std::map<std::string, std::pair<std::uint64_t, std::uint64_t>> sums;  // bytes, count
    for (const SiteGroup& site : boot.leaks.by_site) {
      auto& [bytes, count] = sums[site.fingerprint];
      bytes += site.stats.bytes;
      count += site.stats.count;
    }
    for (SiteGroup& site : boot.leaks.by_site) {
      const BaselineSite* base = baseline.find(site.fingerprint);
      if (base != nullptr) {
        seen[static_cast<std::size_t>(base - baseline.sites.data())] = true;
        site.baseline_bytes = base->bytes;
        site.baseline_count = base->count;
      }
      if (site.status == SiteStatus::suppressed) continue;
      const auto& [bytes, count] = sums[site.fingerprint];
      site.status = base == nullptr                       ? SiteStatus::added
                    : limit.exceeded(*base, bytes, count) ? SiteStatus::grown
                                                          : SiteStatus::known;
    }
  }
  BaselineInfo info{baseline.path, baseline.label, baseline.sites.size(), 0, limit.text};
  info.gone = static_cast<std::uint64_t>(std::count(seen.begin(), seen.end(), false));
  report.gate.baseline = std::move(info);
}

}  // namespace leakscope
