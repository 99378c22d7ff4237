#include "leakscope/model/report.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace leakscope {

void GroupStats::add(std::uint64_t size, std::uint64_t seq, SourcePos pos) {
  if (count == 0) {
    min_size = max_size = size;
    first_seq = last_seq = seq;
    first_pos = last_pos = pos;
  } else {
    min_size = std::min(min_size, size);
    max_size = std::max(max_size, size);
    if (seq < first_seq) {
      first_seq = seq;
      first_pos = pos;
    }
    if (seq > last_seq) {
      last_seq = seq;
      last_pos = pos;
    }
  }
  bytes += size;
  ++count;
}

SymbolizationStats& SymbolizationStats::operator+=(const SymbolizationStats& other) {
  addresses += other.addresses;
  unknown += other.unknown;
  not_in_code += other.not_in_code;
  return *this;
}

std::string_view elf_match_name(ElfMatch match) {
  switch (match) {
    case ElfMatch::none: return "none";
    case ElfMatch::verified: return "verified";
    case ElfMatch::unverified: return "unverified";
    case ElfMatch::mismatch: return "mismatch";
    case ElfMatch::unidentified: return "unidentified";
  }
  return "unknown";
}

std::string_view cycle_growth_kind_name(CycleGrowthKind kind) {
  switch (kind) {
    case CycleGrowthKind::likely_leak:
      return "likely_leak";
    case CycleGrowthKind::bounded:
      return "bounded";
    case CycleGrowthKind::warm_up:
      return "warm_up";
    case CycleGrowthKind::in_flight:
      return "in_flight";
  }
  return "unknown";
}

std::string heap_bytes_text(double bytes) {
  const double magnitude = std::abs(bytes);
  if (magnitude < 1024) return fmt::format("{:.0f} B", bytes);
  if (magnitude < 1024 * 1024) return fmt::format("{:.1f} KiB", bytes / 1024);
  return fmt::format("{:.1f} MiB", bytes / (1024 * 1024));
}

std::string heap_span_text(double span, bool lines) {
  constexpr double hour = 3600;
  if (lines) return fmt::format("{:.0f} lines", span);
  if (std::abs(span) < 1) return fmt::format("{:.0f} ms", span * 1000);
  if (std::abs(span) < 10) return fmt::format("{:.1f} s", span);
  if (span < 120) return fmt::format("{:.0f} s", span);
  if (span < 2 * hour) return fmt::format("{:.0f} min", span / 60);
  if (span < 48 * hour) return fmt::format("{:.1f} h", span / hour);
  return fmt::format("{:.1f} days", span / (24 * hour));
}

std::string_view heap_verdict_name(HeapVerdict verdict) {
  switch (verdict) {
    case HeapVerdict::leaking:
      return "leaking";
    case HeapVerdict::stable:
      return "stable";
    case HeapVerdict::insufficient:
      return "insufficient";
  }
  return "unknown";
}

std::string_view heap_figure_name(HeapFigure figure) {
  switch (figure) {
    case HeapFigure::free:
      return "free";
    case HeapFigure::min_free:
      return "min_free";
    case HeapFigure::largest_free:
      return "largest_free";
  }
  return "unknown";
}

std::string heap_series_name(HeapFigure figure, const std::string& heap) {
  std::string text = figure == HeapFigure::free       ? "free heap"
                     : figure == HeapFigure::min_free ? "minimum free heap"
                                                      : "largest free block";
  if (!heap.empty()) text += " (" + heap + ")";
  return text;
}

std::string_view heap_floor_source_name(HeapFloorSource source) {
  switch (source) {
    case HeapFloorSource::given:
      return "given";
    case HeapFloorSource::deaths:
      return "deaths";
    case HeapFloorSource::empty_heap:
      return "empty_heap";
  }
  return "unknown";
}

std::string_view heap_axis_name(HeapAxis axis) {
  switch (axis) {
    case HeapAxis::seconds:
      return "seconds";
    case HeapAxis::lines:
      return "lines";
  }
  return "unknown";
}

}  // namespace leakscope
