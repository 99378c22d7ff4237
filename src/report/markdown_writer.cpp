#include "leakscope/report/markdown_writer.hpp"

#include <algorithm>
#include <ostream>
#include <vector>

#include <fmt/format.h>

#include "leakscope/model/utf8.hpp"
#include "report/ci_view.hpp"
#include "report/heap_text.hpp"

namespace leakscope {

namespace {

// The summary as pieces (a heading, a table row, one site's stack) added while they fit: a
// piece that does not fit ends the summary there, with a note, so tables and blocks are never
// cut in half. Closing pieces (the end of an open <details>) are reserved for when opened.
class Budget {
 public:
  explicit Budget(std::size_t max_chars) : max_(max_chars) {}

  bool add(std::string_view piece, std::size_t closing = 0) {
    if (cut_ || text_.size() + piece.size() + closing + reserved_ + note_room > max_) {
      cut_ = true;
      return false;
    }
    text_ += piece;
    return true;
  }
  void reserve(std::size_t closing) { reserved_ += closing; }
  void close(std::string_view piece) {  // a piece reserved for when its block was opened
    reserved_ -= std::min(reserved_, piece.size());
    text_ += piece;
  }
  bool cut() const { return cut_; }

  std::string finish() {
    if (cut_)
      text_ += fmt::format(
          "\n> Cut short to stay within {} characters (GitHub's limit for a comment): the text "
          "or JSON report has everything.\n",
          max_);
    return std::move(text_);
  }

 private:
  static constexpr std::size_t note_room = 160;
  std::size_t max_;
  std::size_t reserved_ = 0;
  bool cut_ = false;
  std::string text_;
};

struct SiteRow {
  const BootReport* boot;
  const SiteGroup* site;
  ci::SiteOutcome outcome;
};

std::string outcome_text(const SiteRow& row) {
  const std::string status(site_status_name(row.site->status));
  switch (row.outcome.kind) {
    case ci::Outcome::failed: return "❌ fails (" + status + ")";
    case ci::Outcome::warned: return "⚠️ warns (" + status + ")";
    case ci::Outcome::skipped: return "➖ " + status;
    case ci::Outcome::passed: break;
  }
  return "✅ within limits (" + status + ")";
}

// A fence longer than any run of backticks in the text, so that the text cannot close it.
std::string fence_for(std::string_view text) {
  std::size_t longest = 0, run = 0;
  for (const char c : text) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  return std::string(std::max<std::size_t>(3, longest + 1), '`');
}

class MarkdownBuilder {
 public:
  MarkdownBuilder(const Report& report, const MarkdownOptions& options)
      : report_(report), options_(options), budget_(options.max_chars) {
    for (const BootReport& boot : report.boots)
      for (const SiteGroup& site : boot.leaks.by_site)
        sites_.push_back({&boot, &site, ci::site_outcome(report.gate, boot, site)});
    std::stable_sort(sites_.begin(), sites_.end(), [](const SiteRow& a, const SiteRow& b) {
      return a.site->stats.bytes > b.site->stats.bytes;
    });
  }

  std::string build() {
    verdict();
    findings();
    heap_health();
    top_sites();
    suppressions();
    stacks();
    return budget_.finish();
  }

 private:
  void verdict() {
    const Gate& gate = report_.gate;
    std::size_t failing = 0, warning = 0;
    for (const GateFinding& f : gate.findings) (f.failed ? failing : warning) += 1;
    std::string text = fmt::format(
        "## leakscope: {}\n\n{}, {} unfreed in {}; {} the gate, {} only {}.\n",
        gate.failed() ? "❌ gate failed" : "✅ gate passed",
        ci::count_of(report_.boots.size(), "boot"), ci::count_of(report_.leaked_bytes, "byte"),
        ci::count_of(report_.leaked_count, "allocation"),
        ci::count_of(failing, "finding") + (failing == 1 ? " fails" : " fail"), warning,
        warning == 1 ? "warns" : "warn");
    if (gate.baseline)
      text += fmt::format("Baseline: {} ({} sites, {} of them gone).\n",
                          markdown_escape(gate.baseline->label.empty() ? gate.baseline->path
                                                                       : gate.baseline->label),
                          gate.baseline->sites, gate.baseline->gone);
    budget_.add(text);
  }

  // The site a finding names, in its boot; null for a finding about the boot as a whole.
  const SiteGroup* named_site(const GateFinding& f) const {
    if (f.fingerprint.empty() || f.boot >= report_.boots.size()) return nullptr;
    for (const SiteGroup& s : report_.boots[f.boot].leaks.by_site)
      if (s.fingerprint == f.fingerprint) return &s;
    return nullptr;
  }

  void findings() {
    if (report_.gate.findings.empty()) return;
    budget_.add("\n### Findings\n\n| | Boot | Rule | Site | Finding |\n|---|---:|---|---|---|\n");
    for (const bool failed : {true, false})
      for (const GateFinding& f : report_.gate.findings) {
        if (f.failed != failed) continue;
        const SiteGroup* site = named_site(f);
        std::string where = f.fingerprint.empty() ? "" : "`" + f.fingerprint + "`";
        if (site != nullptr)
          where = markdown_escape(ci::site_name(*site, options_.source_root)) + " " + where;
        const std::string boot =
            gate_rule_run_wide(f.rule) ? std::string("run") : std::to_string(f.boot);
        budget_.add(fmt::format("| {} | {} | `{}` | {} | {} |\n", failed ? "❌" : "⚠️", boot,
                                gate_rule_name(f.rule), where, markdown_escape(f.message)));
      }
  }

  void heap_health() {
    bool any = false;
    for (const BootReport& boot : report_.boots) {
      if (!boot.heap) continue;
      if (!any) budget_.add("\n### Heap health\n\n");
      any = true;
      const HeapText heap = boot_heap_text(report_, *boot.heap);
      budget_.add(fmt::format("- Boot {}: **{}**: {}\n", boot.index,
                              heap_verdict_name(heap.verdict), markdown_escape(heap.headline)));
    }
  }

  void top_sites() {
    if (sites_.empty()) return;
    budget_.add(
        "\n### Top sites\n\n| Bytes | Count | Site | Fingerprint | Boot | Status |\n"
        "|---:|---:|---|---|---:|---|\n");
    const std::size_t shown = std::min(sites_.size(), options_.max_sites);
    for (std::size_t i = 0; i < shown; ++i) {
      const SiteRow& r = sites_[i];
      budget_.add(fmt::format("| {} | {} | {} | `{}` | {} | {} |\n", r.site->stats.bytes,
                              r.site->stats.count,
                              markdown_escape(ci::site_name(*r.site, options_.source_root)),
                              r.site->fingerprint, r.boot->index, outcome_text(r)));
    }
    if (shown < sites_.size())
      budget_.add(fmt::format("\n{} more sites are in the full report.\n", sites_.size() - shown));
  }

  void suppressions() {
    const auto& uses = report_.gate.suppressions;
    if (uses.empty()) return;
    budget_.add(
        "\n### Suppressions\n\n| Entry | Source | Sites | Bytes | Allocations | State |\n"
        "|---|---|---:|---:|---:|---|\n");
    for (const SuppressionUse& u : uses)
      budget_.add(fmt::format("| {} | {} | {} | {} | {} | {} |\n",
                              markdown_escape("leak:" + u.pattern), markdown_escape(u.source),
                              u.sites, u.bytes, u.count,
                              u.exceeded  ? "❌ caps exceeded"
                              : u.stale() ? "stale"
                                          : "matched"));
  }

  void stacks() {
    const std::size_t shown = std::min(sites_.size(), options_.max_sites);
    if (shown == 0) return;
    const std::string close = "\n</details>\n";
    if (!budget_.add("\n<details><summary>Stacks of the top sites</summary>\n", close.size()))
      return;
    budget_.reserve(close.size());
    for (std::size_t i = 0; i < shown; ++i) {
      const SiteRow& r = sites_[i];
      std::string lines;
      for (const std::string& l : ci::stack_lines(r.site->stack, options_.source_root))
        lines += valid_utf8(l) + '\n';
      const std::string fence = fence_for(lines);
      if (!budget_.add(fmt::format("\n**{}** (boot {}, `{}`)\n\n{}\n{}{}\n",
                                   markdown_escape(ci::site_name(*r.site, options_.source_root)),
                                   r.boot->index, r.site->fingerprint, fence, lines, fence)))
        break;
    }
    budget_.close(close);
  }

  const Report& report_;
  const MarkdownOptions& options_;
  Budget budget_;
  std::vector<SiteRow> sites_;  // every boot's, by bytes
};

}  // namespace

std::string markdown_escape(std::string_view text) {
  std::string out;
  for (const char c : valid_utf8(text)) {
    if (c == '\n' || c == '\r' || c == '\t') {
      out += ' ';
      continue;
    }
    if (static_cast<unsigned char>(c) < 0x20) {  // other C0 controls: shown, not obeyed
      out += "\xef\xbf\xbd";
      continue;
    }
    if (std::string_view("\\`*_[]<>|~&").find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

void write_markdown(const Report& report, std::ostream& out, const MarkdownOptions& options) {
  out << MarkdownBuilder(report, options).build();
}

}  // namespace leakscope
