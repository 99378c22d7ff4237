#include "leakscope/report/github_annotations.hpp"

#include <ostream>
#include <vector>

#include <fmt/format.h>

#include "leakscope/model/utf8.hpp"
#include "report/ci_view.hpp"

namespace leakscope {

namespace {

struct Annotation {
  bool error = true;
  std::string file;  // empty: not located
  std::uint32_t line = 0;
  std::string title;
  std::string message;
};

std::vector<Annotation> annotations(const Report& report, std::string_view source_root) {
  std::vector<Annotation> out;
  for (const BootReport& boot : report.boots) {
    for (const GateFinding* f : ci::boot_findings(report.gate, boot.index))
      out.push_back({f->failed,
                     {},
                     0,
                     fmt::format("leakscope: {} (boot {})", gate_rule_name(f->rule), boot.index),
                     f->message});
    for (const SiteGroup& site : boot.leaks.by_site) {
      const ci::SiteOutcome o = ci::site_outcome(report.gate, boot, site);
      if (o.kind != ci::Outcome::failed && o.kind != ci::Outcome::warned) continue;
      std::string message =
          fmt::format("{} unfreed at {}: {}\nfingerprint {}", ci::site_figures(site),
                      ci::site_name(site, source_root), o.message, site.fingerprint);
      for (const std::string& line : ci::stack_lines(site.stack, source_root))
        message += "\n  " + line;
      out.push_back({o.kind == ci::Outcome::failed, ci::repo_path(site.file, source_root),
                     site.line,
                     fmt::format("leakscope: {} (boot {}, {})", gate_rule_name(o.rule), boot.index,
                                 site.fingerprint),
                     std::move(message)});
    }
  }
  for (const GateFinding* f : ci::run_findings(report.gate))
    out.push_back({f->failed, {}, 0, fmt::format("leakscope: {} (run)", gate_rule_name(f->rule)),
                   f->message});
  return out;
}

std::string escape(std::string_view raw, bool property) {
  std::string out;
  for (const char c : valid_utf8(raw)) {
    switch (c) {
      case '%': out += "%25"; break;
      case '\r': out += "%0D"; break;
      case '\n': out += "%0A"; break;
      case ':': out += property ? "%3A" : ":"; break;
      case ',': out += property ? "%2C" : ","; break;
      default: out += c;
    }
  }
  return out;
}

void write(std::ostream& out, const Annotation& a) {
  out << (a.error ? "::error " : "::warning ");
  if (!a.file.empty()) {
    out << "file=" << github_escape_property(a.file) << ',';
    if (a.line > 0) out << "line=" << a.line << ',';
  }
  out << "title=" << github_escape_property(a.title) << "::" << github_escape_data(a.message)
      << '\n';
}

}  // namespace

std::string github_escape_data(std::string_view text) { return escape(text, false); }
std::string github_escape_property(std::string_view text) { return escape(text, true); }

void write_github_annotations(const Report& report, std::ostream& out,
                              std::string_view source_root) {
  const std::vector<Annotation> all = annotations(report, source_root);
  for (const Annotation& a : all)
    if (a.error) write(out, a);
  for (const Annotation& a : all)
    if (!a.error) write(out, a);
}

}  // namespace leakscope
