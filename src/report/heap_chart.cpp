#include "report/heap_chart.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "leakscope/report/elf_check_text.hpp"

namespace leakscope {

namespace {

constexpr double width = 760, height = 260;
constexpr double left = 70, right = 20, top = 16, bottom = 36;

// Maps positions and bytes to the plot area.
class Scale {
 public:
  Scale(double x0, double x1, double y0, double y1)
      : x0_(x0), x1_(x1 > x0 ? x1 : x0 + 1), y0_(y0), y1_(y1 > y0 ? y1 : y0 + 1) {}
  double x(double position) const {
    return left + (position - x0_) / (x1_ - x0_) * (width - left - right);
  }
  double y(double bytes) const {
    return height - bottom - (bytes - y0_) / (y1_ - y0_) * (height - top - bottom);
  }

 private:
  double x0_, x1_, y0_, y1_;
};

std::string axis_label(double span, bool lines) { return heap_span_text(span, lines); }

}  // namespace

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string heap_chart_svg(const Report& report, std::size_t boot, const BootHeap& heap) {
  const HeapSeries& s = heap.series[heap.primary];
  const bool lines = heap.axis == HeapAxis::lines;
  if (s.points.empty()) return {};
  const double origin = s.points.front().position;
  double x1 = s.points.back().position;
  // The forecast is drawn when it lies within the span again: further out it would squash the
  // samples into a corner.
  const bool forecast =
      s.exhaustion_eta && *s.exhaustion_eta > 0 && *s.exhaustion_eta <= 1.0 * (x1 - origin);
  if (forecast) x1 += *s.exhaustion_eta;
  // The samples' range, down to the floor when the forecast reaches it.
  double y0 = s.points.front().bytes, y1 = y0;
  for (const HeapPoint& p : s.points) {
    y0 = std::min(y0, p.bytes);
    y1 = std::max(y1, p.bytes);
  }
  if (forecast) y0 = std::min(y0, s.floor_bytes);
  y0 = std::max(0.0, y0 - 0.05 * (y1 - y0));
  const Scale scale(origin, x1, y0, y1);

  std::string svg = fmt::format(
      "<svg class=\"heap-chart\" id=\"heap-chart-{}\" viewBox=\"0 0 {} {}\" role=\"img\" "
      "aria-label=\"{} of boot {}\">\n",
      boot, width, height, html_escape(heap_series_name(s.figure, s.heap)), boot);
  // The trend and forecast are lines through the plot: kept inside it.
  svg += fmt::format(
      "<clipPath id=\"plot-{}\"><rect x=\"{}\" y=\"{}\" width=\"{}\" "
      "height=\"{}\"/></clipPath>\n",
      boot, left, top, width - left - right, height - top - bottom);
  // Axes: bytes at the bottom and top, the span at the right.
  svg += fmt::format("<line class=\"axis\" x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\"/>\n", left,
                     height - bottom, width - right);
  svg += fmt::format("<line class=\"axis\" x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\"/>\n", left,
                     top, height - bottom);
  for (const double b : {y0, y1})
    svg += fmt::format(
        "<text class=\"tick\" x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"end\">{}</text>\n", left - 6,
        scale.y(b) + 4, html_escape(heap_bytes_text(b)));
  svg += fmt::format("<text class=\"tick\" x=\"{:.1f}\" y=\"{:.1f}\">{}</text>\n", left,
                     height - bottom + 16,
                     lines ? fmt::format("line {:.0f}", origin) : std::string("first sample"));
  svg += fmt::format(
      "<text class=\"tick\" x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"end\">{}</text>\n",
      width - right, height - bottom + 16,
      html_escape(lines ? fmt::format("line {:.0f}", x1) : "+" + axis_label(x1 - origin, false)));
  // The floor, when in range.
  if (s.floor_bytes >= y0)
    svg += fmt::format(
        "<line class=\"floor\" x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" "
        "y2=\"{:.1f}\"><title>floor "
        "{} ({})</title></line>\n",
        left, scale.y(s.floor_bytes), width - right, scale.y(s.floor_bytes),
        html_escape(heap_bytes_text(s.floor_bytes)), heap_floor_source_name(s.floor_source));
  // The samples.
  svg += "<polyline class=\"samples\" points=\"";
  for (const HeapPoint& p : s.points)
    svg += fmt::format("{:.1f},{:.1f} ", scale.x(p.position), scale.y(p.bytes));
  svg += "\"/>\n";
  // The trend through the current level, and the forecast to the floor.
  if (s.rate_bytes_per_hour && s.verdict != HeapVerdict::insufficient) {
    const double per_unit = *s.rate_bytes_per_hour / 3600;
    svg += fmt::format(
        "<line class=\"trend\" clip-path=\"url(#plot-{})\" x1=\"{:.1f}\" y1=\"{:.1f}\" "
        "x2=\"{:.1f}\" y2=\"{:.1f}\"/>\n",
        boot, scale.x(s.first), scale.y(s.current_bytes + per_unit * (s.last - s.first)),
        scale.x(s.last), scale.y(s.current_bytes));
    if (forecast)
      svg += fmt::format(
          "<line class=\"forecast\" x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\">"
          "<title>exhausted in about {}</title></line>\n",
          scale.x(s.last), scale.y(s.current_bytes), scale.x(s.last + *s.exhaustion_eta),
          scale.y(s.floor_bytes), html_escape(heap_span_text(*s.exhaustion_eta, lines)));
  }
  // The drops, with the message type they follow most.
  const std::string follows =
      heap.correlated_events.empty()
          ? std::string()
          : "; drops follow \"" + heap.correlated_events.front().pattern + "\"";
  for (const HeapDrop& d : s.steps)
    svg += fmt::format(
        "<line class=\"drop\" x1=\"{0:.1f}\" y1=\"{1}\" x2=\"{0:.1f}\" y2=\"{2}\"><title>{3} lost "
        "at "
        "{4}{5}</title></line>\n",
        scale.x(d.time), top, height - bottom, html_escape(heap_bytes_text(d.bytes)),
        html_escape(position_text(report, d.at)), html_escape(follows));
  svg += "</svg>\n";
  return svg;
}

}  // namespace leakscope
