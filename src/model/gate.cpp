#include "leakscope/model/gate.hpp"

namespace leakscope {

std::string_view gate_rule_name(GateRule rule) {
  switch (rule) {
    case GateRule::leak_bytes: return "leak_bytes";
    case GateRule::site_bytes: return "site_bytes";
    case GateRule::site_count: return "site_count";
    case GateRule::suppression_cap: return "suppression_cap";
    case GateRule::baseline_new: return "baseline_new";
    case GateRule::baseline_growth: return "baseline_growth";
    case GateRule::heap_trend: return "heap_trend";
    case GateRule::incomplete_trace: return "incomplete_trace";
    case GateRule::skipped_evidence: return "skipped_evidence";
    case GateRule::stale_suppression: return "stale_suppression";
  }
  return "unknown";
}

bool gate_rule_run_wide(GateRule rule) {
  return rule == GateRule::skipped_evidence || rule == GateRule::stale_suppression;
}

std::string_view site_status_name(SiteStatus status) {
  switch (status) {
    case SiteStatus::leak: return "leak";
    case SiteStatus::suppressed: return "suppressed";
    case SiteStatus::known: return "known";
    case SiteStatus::grown: return "grown";
    case SiteStatus::added: return "new";
  }
  return "unknown";
}

}  // namespace leakscope
