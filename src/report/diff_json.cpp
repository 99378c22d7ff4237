// `leakscope diff --format json`: one object (README.md, "Diff").
#include <ostream>

#include "leakscope/report/diff_writer.hpp"
#include "report/json_values.hpp"

namespace leakscope {

namespace {

using json_values::or_null;
using nlohmann::json;

json side(const Baseline& b) {
  return {{"path", b.path}, {"label", b.label}, {"boots", b.boots}, {"sites", b.sites.size()}};
}

json figures(const std::optional<SiteFigures>& f) {
  if (!f) return nullptr;
  return {{"bytes", f->bytes}, {"count", f->count}, {"boots", f->boots}};
}

json site(const SiteChange& c) {
  return {{"status", diff_status_name(c.status)},
          {"fails", c.fails},
          {"fingerprint", c.fingerprint},
          {"fingerprint_by_address", c.by_address},
          {"function", or_null(c.function)},
          {"file", or_null(c.file)},
          {"baseline", figures(c.baseline)},
          {"candidate", figures(c.candidate)},
          {"change", {{"bytes", c.byte_change()}, {"count", c.count_change()}}}};
}

}  // namespace

json diff_to_json(const DiffReport& r) {
  json sites = json::array();
  for (const SiteChange& c : r.diff.sites) sites.push_back(site(c));
  return {{"type", "diff"},
          {"schema_version", diff_schema_version},
          {"tool", {{"name", "leakscope"}, {"version", LEAKSCOPE_VERSION}}},
          {"baseline", side(r.baseline)},
          {"candidate", side(r.candidate)},
          {"max_growth",
           {{"text", r.limit.text},
            {"bytes", r.limit.percent ? json(nullptr) : json(r.limit.bytes)},
            {"percent", or_null(r.limit.percent)}}},
          {"summary",
           {{"new", r.diff.count(DiffStatus::added)},
            {"grown", r.diff.count(DiffStatus::grown)},
            {"grown_beyond_limit", r.diff.grown_beyond_limit()},
            {"shrunk", r.diff.count(DiffStatus::shrunk)},
            {"gone", r.diff.count(DiffStatus::gone)},
            {"unchanged", r.diff.count(DiffStatus::unchanged)},
            {"failed", r.diff.failed()}}},
          {"sites", std::move(sites)}};
}

void write_diff_json(const DiffReport& r, std::ostream& out) {
  // Names from the firmware may hold bytes that are not UTF-8: replace them rather than fail.
  out << diff_to_json(r).dump(2, ' ', false, json::error_handler_t::replace) << '\n';
  out.flush();
}

}  // namespace leakscope
