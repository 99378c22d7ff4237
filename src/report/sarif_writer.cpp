#include "leakscope/report/sarif_writer.hpp"

#include <algorithm>
#include <map>
#include <ostream>

#include <fmt/format.h>

#include "report/ci_view.hpp"

namespace leakscope {

namespace {

using nlohmann::json;

constexpr const char* sarif_schema =
    "https://raw.githubusercontent.com/oasis-tcs/sarif-spec/master/Schemata/"
    "sarif-schema-2.1.0.json";
constexpr const char* fingerprint_key = "leakscope/v1";

// A path as a URI reference: every byte but unreserved characters, sub-delimiters, '@' and '/'
// percent-encoded (':' too, so that no relative path reads as a scheme).
std::string uri_path(std::string_view path) {
  std::string out;
  for (const char c : path) {
    const auto u = static_cast<unsigned char>(c);
    if ((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') ||
        std::string_view("-._~!$&'()*+,;=@/").find(c) != std::string_view::npos)
      out += c;
    else
      out += fmt::format("%{:02X}", u);
  }
  return out;
}

class SarifBuilder {
 public:
  SarifBuilder(const Report& report, std::string_view source_root)
      : report_(report), source_root_(source_root) {}

  json build() {
    json results = json::array();
    for (const BootReport& boot : report_.boots) {
      for (const GateFinding* f : ci::boot_findings(report_.gate, boot.index))
        results.push_back(boot_result(boot, *f));
      for (const SiteGroup& site : boot.leaks.by_site) results.push_back(site_result(boot, site));
    }
    std::map<GateRule, std::size_t> seen;  // run findings so far, by rule
    for (const GateFinding* f : ci::run_findings(report_.gate))
      results.push_back(run_result(*f, ++seen[f->rule]));
    json rules = json::array();
    for (GateRule rule : rules_) {
      const std::string name(gate_rule_name(rule));
      rules.push_back({{"id", name},
                       {"name", name},
                       {"shortDescription", {{"text", ci::rule_title(rule)}}},
                       {"fullDescription", {{"text", ci::rule_help(rule)}}},
                       {"help", {{"text", ci::rule_help(rule)}}},
                       {"defaultConfiguration", {{"level", "error"}}}});
    }
    json driver = {{"name", "leakscope"}, {"version", LEAKSCOPE_VERSION}, {"rules", rules}};
    json run = {{"tool", {{"driver", std::move(driver)}}}, {"results", std::move(results)}};
    return {{"$schema", sarif_schema}, {"version", "2.1.0"}, {"runs", json::array({run})}};
  }

 private:
  // The rule's index in tool.driver.rules, adding it on first use.
  std::size_t rule_index(GateRule rule) {
    auto it = std::find(rules_.begin(), rules_.end(), rule);
    if (it != rules_.end()) return static_cast<std::size_t>(it - rules_.begin());
    rules_.push_back(rule);
    return rules_.size() - 1;
  }

  json artifact(const std::string& path) const {
    const std::string relative = ci::repo_path(path, source_root_);
    if (relative.starts_with('/')) return {{"uri", "file://" + uri_path(relative)}};
    return {{"uri", uri_path(relative)}, {"uriBaseId", "%SRCROOT%"}};
  }

  // A source location; null when the file is not known.
  json source_location(const std::string& file, std::uint32_t line) const {
    if (file.empty()) return nullptr;
    json physical = {{"artifactLocation", artifact(file)}};
    if (line > 0) physical["region"] = {{"startLine", line}};
    return {{"physicalLocation", std::move(physical)}};
  }

  json result(GateRule rule, bool error, std::string message) {
    return {{"ruleId", gate_rule_name(rule)},
            {"ruleIndex", rule_index(rule)},
            {"level", error ? "error" : "note"},
            {"message", {{"text", std::move(message)}}}};
  }

  json site_result(const BootReport& boot, const SiteGroup& site) {
    const ci::SiteOutcome o = ci::site_outcome(report_.gate, boot, site);
    std::string message = fmt::format("Boot {}: {} unfreed at {}", boot.index,
                                      ci::site_figures(site), ci::site_name(site, source_root_));
    message += o.message.empty() ? ", within the gate's limits." : ": " + o.message + ".";
    json r = result(o.rule, o.kind == ci::Outcome::failed, std::move(message));
    if (json where = source_location(site.file, site.line); !where.is_null()) {
      r["locations"] = json::array({std::move(where)});
    } else if (!site.function.empty()) {
      const json logical = {{"name", site.function}, {"kind", "function"}};
      r["locations"] = json::array({json{{"logicalLocations", json::array({logical})}}});
    }
    r["partialFingerprints"] = {{fingerprint_key, site.fingerprint}};
    if (json flow = code_flow(site.stack); !flow.is_null()) r["codeFlows"] = json::array({flow});
    if (o.kind == ci::Outcome::skipped)
      r["suppressions"] = json::array({json{{"kind", "external"}, {"justification", o.message}}});
    if (report_.gate.baseline) r["baselineState"] = baseline_state(site.status);
    r["properties"] = {{"boot", boot.index},
                       {"bytes", site.stats.bytes},
                       {"count", site.stats.count},
                       {"status", site_status_name(site.status)}};
    return r;
  }

  static const char* baseline_state(SiteStatus status) {
    switch (status) {
      case SiteStatus::known: return "unchanged";
      case SiteStatus::grown: return "updated";
      default: return "new";
    }
  }

  // The stack as one thread flow, outermost call first as SARIF orders a flow in time.
  json code_flow(const FrameList& stack) const {
    if (!stack || stack->empty()) return nullptr;
    json locations = json::array();
    for (auto f = stack->rbegin(); f != stack->rend(); ++f) {
      json where = source_location(f->file, f->line);
      if (where.is_null()) where = json::object();
      where["message"] = {
          {"text", f->function.empty() ? fmt::format("{:#010x}", f->address) : f->function}};
      locations.push_back({{"location", std::move(where)}});
    }
    return {{"threadFlows", json::array({json{{"locations", std::move(locations)}}})}};
  }

  // A finding about a boot as a whole, located where the boot began in its input.
  json boot_result(const BootReport& boot, const GateFinding& f) {
    json r = result(f.rule, f.failed, fmt::format("Boot {}: {}.", boot.index, f.message));
    const auto& inputs = report_.diagnostics.inputs;
    if (boot.start.input < inputs.size() && inputs[boot.start.input].name != "<stdin>") {
      json physical = {{"artifactLocation", artifact(inputs[boot.start.input].name)}};
      physical["region"] = boot.start.line > 0 ? json{{"startLine", boot.start.line}}
                                               : json{{"byteOffset", boot.start.offset}};
      r["locations"] = json::array({json{{"physicalLocation", std::move(physical)}}});
    }
    r["partialFingerprints"] = {
        {fingerprint_key, fmt::format("boot{}/{}", boot.index, gate_rule_name(f.rule))}};
    r["properties"] = {{"boot", boot.index}};
    return r;
  }

  // A finding about the whole run: no boot, and no place in the inputs to point at. Its
  // fingerprint is the rule and its rank among the run's findings of that rule (the stale
  // suppressions come in the suppression file's order).
  json run_result(const GateFinding& f, std::size_t rank) {
    json r = result(f.rule, f.failed, fmt::format("Run: {}.", f.message));
    r["partialFingerprints"] = {
        {fingerprint_key, fmt::format("run/{}/{}", gate_rule_name(f.rule), rank)}};
    return r;
  }

  const Report& report_;
  std::string_view source_root_;
  std::vector<GateRule> rules_;  // in order of first use
};

}  // namespace

json sarif_log(const Report& report, std::string_view source_root) {
  return SarifBuilder(report, source_root).build();
}

void write_sarif(const Report& report, std::ostream& out, std::string_view source_root) {
  // Names from logs and string tables may hold bytes that are not UTF-8: replaced, not fatal.
  out << sarif_log(report, source_root).dump(2, ' ', false, json::error_handler_t::replace) << '\n';
}

}  // namespace leakscope
