// JSON Lines output of `leakscope analyze --live` when stdout is not a terminal (or -o is
// given): one object per line, each with a "type".
//
//   out << live_snapshot_json_line(snapshot);   // {"type":"snapshot","schema_version":1,...}\n
//   ...
//   out << live_report_json_line(report);      // {"type":"report","format":"json",...}\n
//
// The snapshot object is versioned by live_snapshot_schema_version and documented in
// README.md ("Live"), with the same versioning rule as the JSON report. The report line is the
// `analyze --format json` report on one line, with "type" and "format" added; a text report is
// carried whole in "text" so the stream stays JSON Lines.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "leakscope/model/live_snapshot.hpp"
#include "leakscope/model/report.hpp"

namespace leakscope {

// Sites listed in a snapshot's "top_sites" (by live bytes); "sites" says how many there are.
inline constexpr std::size_t live_json_top_sites = 10;

nlohmann::json live_snapshot_to_json(const LiveSnapshot& snapshot);

// One line each, '\n'-terminated, "type" first; bytes that are not UTF-8 are replaced.
std::string live_snapshot_json_line(const LiveSnapshot& snapshot);
std::string live_report_json_line(const Report& report);
std::string live_text_report_json_line(const std::string& text);

}  // namespace leakscope
