// One boot's heap chart as inline SVG (the HTML report): the primary series' samples, its
// fitted trend (the rate through the current level), the forecast to the floor, the floor,
// and its drops as marks whose tooltip says what they lost and the message type they follow
// most. Positions are seconds since the first sample (or line numbers).
//
//   out << heap_chart_svg(report, boot_index, *boot.heap);
#pragma once

#include <string>

#include "leakscope/model/report.hpp"

namespace leakscope {

std::string heap_chart_svg(const Report& report, std::size_t boot, const BootHeap& heap);

// Text for HTML: & < > " ' escaped.
std::string html_escape(std::string_view text);

}  // namespace leakscope
