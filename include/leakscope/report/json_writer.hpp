// JSON report writer: the machine-readable contract, versioned by report_schema_version and
// documented in README.md ("JSON report"). Addresses are hex strings; unknown names are null.
#pragma once

#include <iosfwd>

#include <nlohmann/json.hpp>

#include "leakscope/model/report.hpp"

namespace leakscope {

nlohmann::json report_to_json(const Report& report);
void write_json(const Report& report, std::ostream& out);

}  // namespace leakscope
