// HTML report writer: one self-contained page (no network, no external file) for people who
// want to see a capture at a glance: per boot, free heap over time as an inline SVG chart
// (samples, the fitted trend, the forecast to the floor, drops marked with what they follow,
// the reboot and crash that ended the boot), the messages the drops follow, the top leaking
// call sites and bytes per task. Rendered from the same Report model as text and JSON.
//
//   write_html(report, out);
//
// A small inline script runs last and sets <body data-ready="N"> (N: the charts on the page),
// so a headless browser test can tell that the page rendered and its script ran without error.
#pragma once

#include <iosfwd>

#include "leakscope/model/report.hpp"

namespace leakscope {

void write_html(const Report& report, std::ostream& out);

}  // namespace leakscope
