// Format detection (issue 7 item 5): which formats each input held on which lines, the lines
// no parser understood (counted and quoted), and --format-hint forcing one format.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "leakscope/ingest/evidence_reader.hpp"
#include "leakscope/ingest/format_hint.hpp"
#include "leakscope/ingest/input_line_tally.hpp"

using namespace leakscope;
using namespace std::string_literals;

namespace {

// An ESP-IDF console: boot, log lines, a heap trace dump with a log line inside it, panic
// output, a line of noise, and a glibc mtrace line that has no business here.
const std::string console =
    "ets Jun  8 2016 00:22:57\n"                                              // 1
    "\n"                                                                      // 2
    "rst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\n"               // 3
    "I (312) cpu_start: Starting scheduler on PRO CPU.\n"                     // 4
    "I (320) app: heap tracing started\n"                                     // 5
    "2 allocations trace (100 entry buffer)\n"                                // 6
    "96 bytes (@ 0x3ffb8e4c) allocated CPU 0 ccount 0x2e9b7384 caller 0x400d276d:0x400d27c1\n"
    "W (3870) net: uplink keepalive missed\n"                                 // 8
    "20 bytes (@ 0x3ffb9074) allocated CPU 1 ccount 0x5e9b8000 caller 0x400d2e11:0x400d2f60\n"
    "116 bytes 'leaked' in trace (2 allocations)\n"                           // 10
    "total allocations 412 total frees 410\n"                                 // 11
    "\xff\xfe garbage \\ from a baud-rate mismatch\x01\n"                     // 12
    "@ ./prog:[0x126c] + 0x5555555592a0 0x10\n"                               // 13
    "abort() was called at PC 0x400d276d on core 0\n"                         // 14
    "\n"                                                                      // 15
    "Backtrace: 0x400d276d:0x3ffb5e00 0x400d27c1:0x3ffb5e20\n"                // 16
    "Rebooting...\n";                                                         // 17

struct Read {
  std::vector<InputSummary> inputs;
  LineStats lines;
  std::vector<Event> events;
};

Read read_inputs(const std::vector<std::string>& texts, std::vector<FormatHint> hints = {}) {
  RecordingSink sink;
  ScanOptions options;
  options.hints = std::move(hints);
  EvidenceReader reader(sink, std::move(options));
  Read r;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    auto source = string_source(texts[i], "in" + std::to_string(i), 7);
    r.inputs.push_back(reader.read(*source, static_cast<std::uint32_t>(i)));
  }
  reader.finish();
  r.lines = reader.line_stats();
  r.events = std::move(sink.events);
  return r;
}

struct Seen {
  std::string format;
  std::uint64_t lines;
  std::vector<std::pair<std::uint64_t, std::uint64_t>> runs;
  bool operator==(const Seen&) const = default;
};

std::vector<Seen> seen(const InputSummary& input) {
  std::vector<Seen> out;
  for (const FormatLines& f : input.formats) {
    Seen s{std::string(line_format_name(f.format)), f.lines, {}};
    for (const LineRun& r : f.runs) s.runs.emplace_back(r.first, r.last);
    out.push_back(std::move(s));
  }
  return out;
}

std::ostream& operator<<(std::ostream& os, const Seen& s) {
  os << s.format << " " << s.lines << ":";
  for (const auto& [a, b] : s.runs) os << " " << a << "-" << b;
  return os;
}

}  // namespace

TEST_CASE("each format is listed with its lines and runs, in the order first seen",
          "[ingest][formats]") {
  const Read r = read_inputs({console});
  REQUIRE(r.inputs.size() == 1);
  const InputSummary& in = r.inputs[0];
  CHECK(in.carrier == "text");
  CHECK(in.hint.empty());
  CHECK(in.lines == 17);
  // Blank lines (2, 15) do not break a run; another format's line does (8 inside the dump).
  CHECK(seen(in) == std::vector<Seen>{
                        {"boot", 2, {{1, 3}}},
                        {"esp-log", 3, {{4, 5}, {8, 8}}},
                        {"esp-idf-heap-trace", 5, {{6, 7}, {9, 11}}},
                        {"mtrace", 1, {{13, 13}}},
                        {"crash", 3, {{14, 17}}},
                    });
  CHECK(in.not_understood == 1);
  REQUIRE(in.first_not_understood.size() == 1);
  CHECK(in.first_not_understood[0].line == 12);
  // Quoted so any report can show it: bytes that are not UTF-8 and control bytes as \xNN.
  CHECK(in.first_not_understood[0].text == "\\xff\\xfe garbage \\\\ from a baud-rate mismatch");
  // The run-wide counts agree with the per-input ones.
  CHECK(r.lines.not_understood == 1);
  CHECK(r.lines.boot == 2);
  CHECK(r.lines.heap_trace == 6);
  CHECK(r.lines.crash == 3);
  CHECK(r.lines.blank == 2);
}

TEST_CASE("every input has its own tally", "[ingest][formats]") {
  const Read r = read_inputs({"I (1) app: one\nnoise\n", "@ ./prog:[0x126c] + 0x10 0x10\n",
                              "I (2) app: two\n"});
  REQUIRE(r.inputs.size() == 3);
  CHECK(seen(r.inputs[0]) == std::vector<Seen>{{"esp-log", 1, {{1, 1}}}});
  CHECK(r.inputs[0].not_understood == 1);
  CHECK(seen(r.inputs[1]) == std::vector<Seen>{{"mtrace", 1, {{1, 1}}}});
  CHECK(r.inputs[1].not_understood == 0);
  CHECK(seen(r.inputs[2]) == std::vector<Seen>{{"esp-log", 1, {{1, 1}}}});
  CHECK(r.inputs[2].first_not_understood.empty());
}

TEST_CASE("runs and quotes are bounded however long the input", "[ingest][formats]") {
  std::string text;
  for (int i = 0; i < 1000; ++i) text += "I (1) app: tick\n?" + std::to_string(i) + "\n";
  const Read r = read_inputs({text});
  const InputSummary& in = r.inputs[0];
  REQUIRE(in.formats.size() == 1);
  CHECK(in.formats[0].lines == 1000);
  CHECK(in.formats[0].runs.size() == FormatLines::max_runs);
  CHECK(in.formats[0].more_runs == 1000 - FormatLines::max_runs);
  CHECK(in.formats[0].runs.back().first == 2 * FormatLines::max_runs - 1);
  CHECK(in.not_understood == 1000);
  REQUIRE(in.first_not_understood.size() == InputSummary::max_quoted);
  CHECK(in.first_not_understood.back().line == 2 * InputSummary::max_quoted);
  CHECK(in.first_not_understood.back().text == "?" + std::to_string(InputSummary::max_quoted - 1));
}

TEST_CASE("quoted lines keep UTF-8 and are cut at a bound", "[ingest][formats]") {
  CHECK(quote_line("Aloca\xc3\xa7\xc3\xa3o #3") == "Aloca\xc3\xa7\xc3\xa3o #3");
  CHECK(quote_line("Aloca\xe7\xe3o") == "Aloca\\xe7\\xe3o");  // Latin-1 bytes
  CHECK(quote_line("tab\there\x7f") == "tab\\x09here\\x7f");
  const std::string cut = quote_line(std::string(500, 'x'));
  CHECK(cut == std::string(QuotedLine::max_bytes, 'x') + "...");
  // A cut never splits a character or an escape.
  const std::string wide = quote_line(std::string(QuotedLine::max_bytes - 1, 'x') + "\xc3\xa7yz");
  CHECK(wide == std::string(QuotedLine::max_bytes - 1, 'x') + "\xc3\xa7...");
}

TEST_CASE("a ROM banner behind reset noise is a boot line", "[ingest][formats][boot]") {
  const Read r = read_inputs({"I (1) app: up\n\xff\xa5\x00" "ets Jun  8 2016 00:22:57\n"
                              "rst:0xc (SW_CPU_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\n"s});
  CHECK(seen(r.inputs[0]) == std::vector<Seen>{{"esp-log", 1, {{1, 1}}}, {"boot", 2, {{2, 3}}}});
  std::vector<BootEvent> boots;
  for (const Event& e : r.events)
    if (auto* b = std::get_if<BootEvent>(&e)) boots.push_back(*b);
  REQUIRE(boots.size() == 1);
  CHECK(boots[0].pos.line == 2);
  CHECK(boots[0].banner == "ets Jun  8 2016 00:22:57");
  CHECK(boots[0].reset_reason == "rst:0xc (SW_CPU_RESET)");
}

TEST_CASE("hint names round-trip and say which carrier and lines they force",
          "[ingest][formats][hint]") {
  for (const std::string name : {"auto", "text", "esp-idf", "mtrace", "records", "lstrace", "trace",
                                 "ring", "ring-data", "sysview", "sysview-json"}) {
    const auto hint = parse_format_hint(name);
    REQUIRE(hint);
    CHECK(format_hint_name(*hint) == name);
    CHECK(format_hint_names().find(name) != std::string::npos);
  }
  CHECK_FALSE(parse_format_hint("esp_idf"));
  CHECK_FALSE(forced_carrier(FormatHint::detect));
  CHECK(forced_carrier(FormatHint::mtrace) == Carrier::text);
  CHECK(forced_carrier(FormatHint::sysview_json) == Carrier::sysview_json);
  const LineFormatSet esp = allowed_line_formats(FormatHint::esp_idf);
  CHECK(esp.has(LineFormat::esp_idf_heap_trace));
  CHECK(esp.has(LineFormat::crash));
  CHECK_FALSE(esp.has(LineFormat::mtrace));
  CHECK_FALSE(esp.has(LineFormat::records));
  const LineFormatSet mtrace = allowed_line_formats(FormatHint::mtrace);
  CHECK(mtrace.has(LineFormat::mtrace));
  CHECK_FALSE(mtrace.has(LineFormat::boot));
  CHECK_FALSE(mtrace.has(LineFormat::esp_log));
}

TEST_CASE("a text hint keeps other formats' lines from being read as theirs",
          "[ingest][formats][hint]") {
  SECTION("esp-idf: the stray mtrace line is not understood, nothing else changes") {
    const Read r = read_inputs({console}, {FormatHint::esp_idf});
    const InputSummary& in = r.inputs[0];
    CHECK(in.hint == "esp-idf");
    CHECK(in.carrier == "text");
    CHECK(in.not_understood == 2);
    REQUIRE(in.first_not_understood.size() == 2);
    CHECK(in.first_not_understood[1].line == 13);
    CHECK(in.first_not_understood[1].text == "@ ./prog:[0x126c] + 0x5555555592a0 0x10");
    for (const FormatLines& f : in.formats) CHECK(f.format != LineFormat::mtrace);
  }
  SECTION("mtrace: only the mtrace line is read; no events from the device's lines") {
    const Read r = read_inputs({console}, {FormatHint::mtrace});
    CHECK(seen(r.inputs[0]) == std::vector<Seen>{{"mtrace", 1, {{13, 13}}}});
    CHECK(r.inputs[0].not_understood == 14);
    for (const Event& e : r.events) {
      if (auto* b = std::get_if<BootEvent>(&e)) CHECK(b->pos.line == 13);  // the trace's own
      CHECK_FALSE(std::holds_alternative<CrashEvent>(e));
      CHECK_FALSE(std::holds_alternative<LogMessageEvent>(e));
    }
  }
  SECTION("hints are per input: the second input keeps detection") {
    const Read r = read_inputs({console, console}, {FormatHint::mtrace});
    CHECK(r.inputs[0].hint == "mtrace");
    CHECK(r.inputs[1].hint.empty());
    CHECK(r.inputs[1].not_understood == 1);
  }
}

TEST_CASE("a carrier hint reads the input as that carrier whatever its first bytes",
          "[ingest][formats][hint]") {
  // Mostly binary: detection takes it for a trace the capture joined in the middle.
  std::string noisy;
  for (int i = 0; i < 64; ++i) noisy += static_cast<char>(0x80 + i);
  noisy += "\nI (1) app: up\n";
  REQUIRE(read_inputs({noisy}).inputs[0].carrier != "text");
  const Read r = read_inputs({noisy}, {FormatHint::text});
  CHECK(r.inputs[0].carrier == "text");
  CHECK(r.inputs[0].hint == "text");
  CHECK(r.inputs[0].lines == 2);
  CHECK(seen(r.inputs[0]) == std::vector<Seen>{{"esp-log", 1, {{2, 2}}}});
  CHECK(r.inputs[0].not_understood == 1);

  // And the other way: a text log read as a raw trace stream is bytes outside any frame.
  const Read raw = read_inputs({console}, {FormatHint::trace});
  CHECK(raw.inputs[0].carrier == "trace");
  CHECK(raw.inputs[0].bytes == console.size());
  CHECK(raw.lines.read == 0);
}
