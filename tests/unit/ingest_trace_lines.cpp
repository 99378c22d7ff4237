// Trace frames on LSTRACE text lines, mixed with the log they travel in, and how inputs of
// every carrier are told apart by content.
#include <catch2/catch.hpp>

#include "leakscope/ingest/base64.hpp"
#include "leakscope/ingest/evidence_reader.hpp"
#include "leakscope/ingest/input_carrier.hpp"
#include "leakscope/ingest/trace_bytes.hpp"
#include "leakscope/ingest/trace_ring.hpp"
#include "trace_builder.hpp"

using namespace leakscope;
using leakscope::testing::events_of;
using leakscope::testing::TraceBuilder;

namespace {

std::string line_of(const TraceBuilder& t, std::size_t first, std::size_t last) {
  return "LSTRACE:" + base64_encode(std::string_view(t.bytes).substr(
                          t.extents[first].begin, t.extents[last].end - t.extents[first].begin));
}

struct Scanned {
  std::vector<Event> events;
  LineStats lines;
  TraceStats trace;
};

Scanned scan_text(const std::string& text) {
  RecordingSink sink;
  LogScanner scanner(sink);
  auto source = string_source(text, "log", 13);
  scanner.scan(*source, 0);
  scanner.finish();
  return {std::move(sink.events), scanner.stats(), scanner.trace_stats()};
}

Carrier carrier_of(std::string bytes, std::size_t chunk = 0, bool over_time = false) {
  auto source = string_source(bytes, "in", chunk, over_time);
  InputPeek peek = peek_carrier(*source);
  // Whatever was read to decide comes back first.
  auto replay = replay_source(std::move(peek.head), *source);
  std::string all;
  char buffer[4096];
  while (std::size_t n = replay->read(buffer, sizeof buffer)) all.append(buffer, n);
  CHECK(all == bytes);
  return peek.carrier;
}

}  // namespace

TEST_CASE("LSTRACE lines inside an esp_log capture", "[ingest][trace]") {
  TraceBuilder t;
  t.header().boot().task(0x2000, "net").alloc(0x1000, 64).alloc(0x1100, 32).free(0x1000).alloc(0x1200, 16);
  const std::string cut = line_of(t, 6, 6);
  const std::string text =
      "I (31) cpu_start: Pro cpu up.\r\n" +
      line_of(t, 0, 1) + "\r\n" +                              // two frames on one line
      "\x1b[0;32mI (120) net: connected\x1b[0m\r\n" +
      "[12:00:01.250] " + line_of(t, 2, 3) + "\n" +            // a monitor timestamp before it
      "I (130) trace: " + line_of(t, 4, 4) + "\n" +            // another log's prefix before it
      "W (140) net: retry\n" +
      line_of(t, 5, 5) + "\n" +
      cut.substr(0, cut.size() - 7) + "\n" +                   // cut short by a reset
      "I (150) app: done\n";
  const Scanned s = scan_text(text);
  CHECK(s.lines.trace == 5);
  CHECK(s.lines.log == 4);
  CHECK(s.lines.not_understood == 0);
  CHECK(s.trace.frames == 6);

  const auto allocs = events_of<AllocEvent>(s.events);
  REQUIRE(allocs.size() == 2);
  CHECK(allocs[0].pos.line == 4);
  CHECK(allocs[0].pos.offset == t.extents[3].begin - t.extents[2].begin);  // second frame of its line
  CHECK(events_of<FreeEvent>(s.events).size() == 1);
  CHECK(events_of<TaskNameEvent>(s.events).size() == 1);
  const auto skips = events_of<SkipEvent>(s.events);
  REQUIRE(skips.size() == 1);
  CHECK(skips[0].kind == SkipKind::damaged_frame);
  CHECK(skips[0].pos.line == 8);
  CHECK(skips[0].detail.find("trace line whose base64 stops decoding") == 0);

  SECTION("a line hit by noise costs its frames, not the next line's") {
    std::string noisy = line_of(t, 3, 4);
    noisy[12] = '*';
    const Scanned n = scan_text(line_of(t, 0, 2) + "\n" + noisy + "\n" + line_of(t, 5, 6) + "\n");
    CHECK(n.trace.frames == 5);
    const auto losses = events_of<TraceLossEvent>(n.events);
    REQUIRE(losses.size() == 1);
    CHECK(losses[0].records == 2);
    CHECK(losses[0].pos.line == 3);
  }
}

TEST_CASE("inputs are told apart by content, on a pipe too", "[ingest][trace]") {
  TraceBuilder t;
  t.header().boot().alloc(0x1000, 64);
  CHECK(carrier_of("I (31) cpu_start: Pro cpu up.\nI (32) x: y\n") == Carrier::text);
  CHECK(carrier_of("") == Carrier::text);
  CHECK(carrier_of(t.bytes) == Carrier::trace_stream);
  CHECK(carrier_of(t.bytes, 1) == Carrier::trace_stream);
  CHECK(carrier_of(std::string(ring_magic) + std::string(12, '\0') + t.bytes, 1) == Carrier::ring_image);
  // Baud-rate garbage before the first line of a log.
  CHECK(carrier_of(std::string("\xff\x00\xe0\xf8\x1c\x80", 6) + "\nets Jun  8 2016 00:22:57\n" +
                   std::string(200, 'x') + "\n") == Carrier::text);
  // Binary that does not start at a frame: a data area if it ends soon, else a stream.
  CHECK(carrier_of(std::string(3, '\x07') + t.bytes + std::string(500, '\0')) == Carrier::ring_data);
  CHECK(carrier_of(std::string(max_ring_data + 4096, '\x01'), 65536) == Carrier::trace_stream);
  // From a pipe, the same bytes are a stream joined mid-frame, decided without waiting for
  // more (a raw UART attached to a running device); a whole short input is still a data area.
  const std::string joined = std::string(3, '\x07') + t.bytes + std::string(5000, '\0');
  CHECK(carrier_of(joined, 64, true) == Carrier::trace_stream);
  CHECK(carrier_of(std::string(3, '\x07') + t.bytes, 0, true) == Carrier::ring_data);
}

TEST_CASE("EvidenceReader reads every carrier into one capture", "[ingest][trace]") {
  TraceBuilder t;
  t.header().boot().alloc(0x1000, 64).alloc(0x1100, 32);
  TraceBuilder more = t;
  more.free(0x1000).alloc(0x1200, 8);

  RecordingSink sink;
  EvidenceReader reader(sink);
  auto raw = string_source(t.bytes, "trace.bin", 5);
  const InputSummary first = reader.read(*raw, 0);
  auto text = string_source("I (1) x: y\n" + line_of(more, 4, 5) + "\n", "log.txt");
  const InputSummary second = reader.read(*text, 1);
  reader.finish();

  CHECK(first.carrier == "trace");
  CHECK(first.bytes == t.bytes.size());
  CHECK(first.lines == 0);
  CHECK(second.carrier == "text");
  CHECK(second.lines == 2);
  CHECK(reader.trace_stats().frames == 6);
  CHECK(events_of<TraceLossEvent>(sink.events).empty());  // seq continued across the inputs
  CHECK(events_of<AllocEvent>(sink.events).size() == 3);
}
