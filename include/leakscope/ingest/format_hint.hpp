// --format-hint: read an input as one format where detection would read it otherwise (a
// headerless SystemView stream, a binary trace behind a text preamble), or keep one format's
// lines from being read as another's (an mtrace file, a custom printout that looks like a
// heap trace dump).
//
//   auto hint = parse_format_hint("mtrace");          // nullopt: not a hint's name
//   forced_carrier(*hint);                            // Carrier::text
//   allowed_line_formats(*hint).has(LineFormat::esp_log);   // false
//
// Hints of text formats force the text carrier and leave on the parsers of that format plus
// the device log around it (boot lines, log lines, heap telemetry, crash output, monitor
// annotations); `mtrace` leaves on the mtrace parser alone (a glibc trace file has nothing
// else), `text` every parser. Binary hints only force the carrier.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "leakscope/ingest/input_carrier.hpp"
#include "leakscope/model/diagnostics.hpp"

namespace leakscope {

enum class FormatHint : std::uint8_t {
  detect,  // "auto": the carrier by content, every line parser
  text,
  esp_idf,
  mtrace,
  records,
  lstrace,
  trace,
  ring,
  ring_data,
  sysview,
  sysview_json,
};

// "auto", "text", "esp-idf", "mtrace", "records", "lstrace", "trace", "ring", "ring-data",
// "sysview", "sysview-json"
std::string_view format_hint_name(FormatHint hint);
std::optional<FormatHint> parse_format_hint(std::string_view name);
std::string format_hint_names();  // "auto, text, esp-idf, ..." for help and errors

// The carrier the hint reads the input as; nullopt for `auto`.
std::optional<Carrier> forced_carrier(FormatHint hint);

class LineFormatSet {
 public:
  static LineFormatSet all() { return LineFormatSet(~0u); }
  bool has(LineFormat format) const { return (bits_ >> static_cast<unsigned>(format)) & 1u; }

 private:
  friend LineFormatSet allowed_line_formats(FormatHint hint);
  explicit LineFormatSet(std::uint32_t bits) : bits_(bits) {}
  std::uint32_t bits_;
};

// The line formats read from a text input under the hint.
LineFormatSet allowed_line_formats(FormatHint hint);

}  // namespace leakscope
