// SARIF 2.1.0 writer, for code scanning (GitHub's upload-sarif, other SARIF viewers): each
// leak site is a result at the allocation's source line, so that code review shows it there.
// Validated against the OASIS 2.1.0 JSON schema (tests/data/sarif-schema-2.1.0.json).
//
//   {"version": "2.1.0", "runs": [{
//     "tool": {"driver": {"name": "leakscope", "version", "rules": [...]}},  one rule per
//                         gate rule the results use (model/gate.hpp), with its help text
//     "results": [
//       {ruleId, level, message,              per leak site and boot: level "error" when it
//        locations: [site's file:line],       fails the gate, else "note" (a warning, within
//        partialFingerprints:                 the limits, suppressed or known to the
//          {"leakscope/v1": FINGERPRINT},     baseline: those carry suppressions[]);
//        codeFlows: the stack, outermost      baselineState when a baseline was given
//          call first, suppressions, ...},
//       {ruleId, level, message, locations}   per finding about a boot as a whole, at the
//                                             input line where the boot began
//       {ruleId, level, message: "Run: ..."}  per finding about the whole run: no boot, no
//     ]}]}                                    location; fingerprint "run/RULE/N"
//
// File locations are relative to source_root (the repository) where they lie under it, with
// uriBaseId "%SRCROOT%"; others are absolute file: URIs.
//
//   write_sarif(report, out, source_root);
#pragma once

#include <iosfwd>
#include <string_view>

#include <nlohmann/json.hpp>

#include "leakscope/model/report.hpp"

namespace leakscope {

nlohmann::json sarif_log(const Report& report, std::string_view source_root = {});
void write_sarif(const Report& report, std::ostream& out, std::string_view source_root = {});

}  // namespace leakscope
