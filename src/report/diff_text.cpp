// `leakscope diff` as text: who is compared, one line per site, a verdict.
#include <ostream>

#include <fmt/format.h>

#include "leakscope/report/diff_writer.hpp"

namespace leakscope {

namespace {

std::string side_line(std::string_view role, const Baseline& side) {
  return fmt::format("{:<10} {} ({}; {} boot{}, {} site{})\n", role, side.path, side.label,
                     side.boots, side.boots == 1 ? "" : "s", side.sites.size(),
                     side.sites.size() == 1 ? "" : "s");
}

std::string figures(const std::optional<SiteFigures>& f) {
  return f ? fmt::format("{} B in {}", f->bytes, f->count) : "-";
}

std::string change_text(const SiteChange& c) {
  if (c.status == DiffStatus::unchanged) return "0";
  return c.count_change() == 0 ? fmt::format("{:+} B", c.byte_change())
                               : fmt::format("{:+} B in {:+}", c.byte_change(), c.count_change());
}

std::string site_text(const SiteChange& c) {
  if (c.function.empty()) return "(no function name: fingerprint of one build's address)";
  return c.file.empty() ? c.function : fmt::format("{} ({})", c.function, c.file);
}

}  // namespace

void write_diff_text(const DiffReport& r, std::ostream& out) {
  out << side_line("baseline:", r.baseline) << side_line("candidate:", r.candidate);
  out << fmt::format(
      "Figures are each run's worst boot at the site (bytes in blocks); growth allowed: {} "
      "(--max-growth).\n\n",
      r.limit.text);
  if (r.diff.sites.empty()) {
    out << "No leak sites on either side.\n";
  } else {
    out << fmt::format("{:<5} {:<10} {:<16}  {:<16} {:<16} {:<14} {}\n", "", "STATUS",
                       "FINGERPRINT", "BASELINE", "CANDIDATE", "CHANGE", "SITE");
    for (const SiteChange& c : r.diff.sites)
      out << fmt::format("{:<5} {:<10} {:<16}  {:<16} {:<16} {:<14} {}\n", c.fails ? "FAIL" : "",
                         diff_status_name(c.status), c.fingerprint, figures(c.baseline),
                         figures(c.candidate), change_text(c), site_text(c));
  }
  out << fmt::format(
      "\n{} new, {} grown ({} beyond --max-growth), {} shrunk, {} gone, {} "
      "unchanged: {}\n",
      r.diff.count(DiffStatus::added), r.diff.count(DiffStatus::grown), r.diff.grown_beyond_limit(),
      r.diff.count(DiffStatus::shrunk), r.diff.count(DiffStatus::gone),
      r.diff.count(DiffStatus::unchanged),
      r.diff.failed() ? "FAILED (new or grown leaks)" : "passed");
  out.flush();
}

}  // namespace leakscope
