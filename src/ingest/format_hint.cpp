#include "leakscope/ingest/format_hint.hpp"

#include <array>

namespace leakscope {

namespace {

constexpr std::array<std::pair<FormatHint, std::string_view>, 11> hint_names{{
    {FormatHint::detect, "auto"},
    {FormatHint::text, "text"},
    {FormatHint::esp_idf, "esp-idf"},
    {FormatHint::mtrace, "mtrace"},
    {FormatHint::records, "records"},
    {FormatHint::lstrace, "lstrace"},
    {FormatHint::trace, "trace"},
    {FormatHint::ring, "ring"},
    {FormatHint::ring_data, "ring-data"},
    {FormatHint::sysview, "sysview"},
    {FormatHint::sysview_json, "sysview-json"},
}};

constexpr std::uint32_t bit(LineFormat format) { return 1u << static_cast<unsigned>(format); }

// What surrounds any heap evidence a device prints.
constexpr std::uint32_t device_log = bit(LineFormat::boot) | bit(LineFormat::heap_telemetry) |
                                     bit(LineFormat::esp_log) | bit(LineFormat::particle_log) |
                                     bit(LineFormat::zephyr_log) | bit(LineFormat::elf_sha256) |
                                     bit(LineFormat::crash) | bit(LineFormat::monitor);

}  // namespace

std::string_view format_hint_name(FormatHint hint) {
  for (const auto& [h, name] : hint_names)
    if (h == hint) return name;
  return "?";
}

std::optional<FormatHint> parse_format_hint(std::string_view name) {
  for (const auto& [hint, n] : hint_names)
    if (n == name) return hint;
  return std::nullopt;
}

std::string format_hint_names() {
  std::string names;
  for (const auto& [hint, name] : hint_names) (names += names.empty() ? "" : ", ") += name;
  return names;
}

std::optional<Carrier> forced_carrier(FormatHint hint) {
  switch (hint) {
    case FormatHint::detect: return std::nullopt;
    case FormatHint::trace: return Carrier::trace_stream;
    case FormatHint::ring: return Carrier::ring_image;
    case FormatHint::ring_data: return Carrier::ring_data;
    case FormatHint::sysview: return Carrier::sysview;
    case FormatHint::sysview_json: return Carrier::sysview_json;
    case FormatHint::text:
    case FormatHint::esp_idf:
    case FormatHint::mtrace:
    case FormatHint::records:
    case FormatHint::lstrace: return Carrier::text;
  }
  return std::nullopt;
}

LineFormatSet allowed_line_formats(FormatHint hint) {
  switch (hint) {
    case FormatHint::esp_idf: return LineFormatSet(device_log | bit(LineFormat::esp_idf_heap_trace));
    case FormatHint::mtrace: return LineFormatSet(bit(LineFormat::mtrace));
    case FormatHint::records: return LineFormatSet(device_log | bit(LineFormat::records));
    case FormatHint::lstrace: return LineFormatSet(device_log | bit(LineFormat::lstrace));
    default: return LineFormatSet::all();
  }
}

}  // namespace leakscope
