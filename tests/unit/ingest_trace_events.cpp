// Trace records -> model events: what each record means, sequence tracking, version refusal.
#include <catch2/catch.hpp>

#include "leakscope/ingest/trace_events.hpp"
#include "trace_builder.hpp"

using namespace leakscope;
using leakscope::testing::events_of;
using leakscope::testing::TraceBuilder;

namespace {

struct Mapped {
  std::vector<Event> events;
  TraceStats stats;
};

Mapped map_trace(std::string_view bytes) {
  RecordingSink sink;
  TraceEventMapper mapper(sink);
  FrameDecoder decoder(mapper, SourcePos{3, 0, 0});
  decoder.feed(bytes);
  decoder.finish();
  return {std::move(sink.events), mapper.stats()};
}

std::vector<std::uint64_t> lost(const std::vector<Event>& events, LossCause cause) {
  std::vector<std::uint64_t> out;
  for (const TraceLossEvent& l : events_of<TraceLossEvent>(events))
    if (l.cause == cause) out.push_back(l.records);
  return out;
}

}  // namespace

TEST_CASE("each record becomes the events the spec says", "[ingest][trace]") {
  TraceBuilder t;
  t.header(std::string("\x10\x75\x4a\xa5\x66", 5), std::string("\xab\xcd", 2)).boot("SW_CPU_RESET");
  t.heap_name(0x1800, "Internal").task(0x2000, "net").task(0x2000, "net2", 1);
  t.alloc(0x1000, 64, {0xc5b, 0xe27}, 0x2000, 0x1800).alloc(0x1100, 8, {0xa}, 0, 0x4).free(0x1000);
  t.heap(0x1800, 5000).marker(2, 12, "cycle 12 ends").loss(7, 300).task(0x2000, "", 2);
  const Mapped m = map_trace(t.bytes);
  CHECK(m.stats.frames == t.records.size());

  const auto boots = events_of<BootEvent>(m.events);
  REQUIRE(boots.size() == 2);
  CHECK(boots[0].marker == BootMarker::trace_header);
  CHECK(boots[0].pos.input == 3);
  CHECK(boots[0].pos.offset == 0);
  CHECK(boots[1].marker == BootMarker::trace_boot);
  CHECK(boots[1].reset_reason == "SW_CPU_RESET");
  CHECK(boots[1].pos.offset == t.extents[1].begin);

  const auto identity = events_of<ElfIdentityEvent>(m.events);
  REQUIRE(identity.size() == 1);
  CHECK(identity[0].sha256_prefix == "10754aa566");
  CHECK(identity[0].build_id == "abcd");
  const auto start = events_of<TraceStartEvent>(m.events);
  REQUIRE(start.size() == 1);
  CHECK(start[0].format == "leakscope-trace 1.0");
  CHECK(start[0].tick_ns == 1000);
  CHECK(start[0].firmware == "test-fw 1.0");

  const auto names = events_of<TaskNameEvent>(m.events);
  REQUIRE(names.size() == 2);
  CHECK(names[1].name == "net2");
  CHECK(events_of<TaskEndEvent>(m.events).size() == 1);

  const auto allocs = events_of<AllocEvent>(m.events);
  REQUIRE(allocs.size() == 2);
  CHECK(allocs[0].address == 0x1000);
  CHECK(allocs[0].size == 64);
  CHECK(allocs[0].task == std::optional<std::uint64_t>(0x2000));
  CHECK(allocs[0].heap == "Internal");
  CHECK(allocs[0].callers == std::vector<std::uint64_t>{0xc5b, 0xe27});
  CHECK(allocs[0].time.has_value());
  CHECK_FALSE(allocs[1].task.has_value());  // task 0: no task
  CHECK(allocs[1].heap == "0x4");           // a heap the device did not name
  CHECK(events_of<FreeEvent>(m.events).size() == 1);

  const auto samples = events_of<HeapSampleEvent>(m.events);
  REQUIRE(samples.size() == 1);
  CHECK(samples[0].heap == "Internal");
  CHECK(samples[0].free == 5000);
  CHECK_FALSE(samples[0].total.has_value());
  const auto markers = events_of<MarkerEvent>(m.events);
  REQUIRE(markers.size() == 1);
  CHECK(markers[0].kind == MarkerKind::cycle_end);
  CHECK(markers[0].number == 12);
  CHECK(lost(m.events, LossCause::device_buffer) == std::vector<std::uint64_t>{7});
  CHECK(events_of<SkipEvent>(m.events).empty());
}

TEST_CASE("REALLOC is a FREE of the old block and an ALLOC of the new", "[ingest][trace]") {
  TraceBuilder t;
  t.header().realloc(0, 0x100, 16).realloc(0x100, 0x200, 32).realloc(0x200, 0, 0).realloc(0x300, 0, 64);
  const Mapped m = map_trace(t.bytes);
  const auto allocs = events_of<AllocEvent>(m.events);
  const auto frees = events_of<FreeEvent>(m.events);
  REQUIRE(allocs.size() == 3);
  REQUIRE(frees.size() == 2);
  CHECK((allocs[0].address == 0x100 && allocs[0].size == 16));  // realloc(NULL, n): malloc
  CHECK(frees[0].address == 0x100);                              // a move
  CHECK((allocs[1].address == 0x200 && allocs[1].size == 32));
  CHECK(frees[1].address == 0x200);                              // realloc(p, 0): free
  CHECK((allocs[2].address == 0 && allocs[2].size == 64));       // failed: p stays live
}

TEST_CASE("sequence numbers: transit loss, restarts, wrap", "[ingest][trace]") {
  SECTION("frames missing between two good ones are counted as lost in transit") {
    TraceBuilder t;
    t.header().boot().alloc(0x1000, 8);
    t.seq = 10;
    t.alloc(0x1100, 8);
    t.seq = 65535;
    t.alloc(0x1200, 8).alloc(0x1300, 8);  // 65535, then 0: a wrap is no loss
    const Mapped m = map_trace(t.bytes);
    CHECK(lost(m.events, LossCause::transit) == std::vector<std::uint64_t>{7, 65524});
  }
  SECTION("records the device dropped are numbered before its LOSS: not lost in transit") {
    TraceBuilder t;
    t.header().boot().alloc(0x1000, 8);
    t.seq = static_cast<std::uint16_t>(t.seq + 4);
    t.loss(4);
    t.seq = static_cast<std::uint16_t>(t.seq + 2);
    t.alloc(0x1100, 8);
    const Mapped m = map_trace(t.bytes);
    CHECK(lost(m.events, LossCause::device_buffer) == std::vector<std::uint64_t>{4});
    CHECK(lost(m.events, LossCause::transit) == std::vector<std::uint64_t>{2});
  }
  SECTION("a HEADER with seq 0 starts counting again") {
    TraceBuilder t;
    t.header().boot().alloc(0x1000, 8).header().boot();
    CHECK(events_of<TraceLossEvent>(map_trace(t.bytes).events).empty());
  }
  SECTION("a capture that starts after the recording did misses its first frames") {
    TraceBuilder t;
    t.header().boot().alloc(0x1000, 8).alloc(0x1100, 8);
    const Mapped m = map_trace(std::string_view(t.bytes).substr(t.extents[2].begin));
    CHECK(lost(m.events, LossCause::before_capture) == std::vector<std::uint64_t>{2});
  }
  SECTION("a damaged frame shows as a damaged_frame skip and a gap") {
    TraceBuilder t;
    t.header().boot().alloc(0x1000, 8).alloc(0x1100, 8).alloc(0x1200, 8);
    std::string bytes = t.bytes;
    bytes[t.extents[3].begin + 7] ^= 0x40;
    const Mapped m = map_trace(bytes);
    CHECK(lost(m.events, LossCause::transit) == std::vector<std::uint64_t>{1});
    const auto skips = events_of<SkipEvent>(m.events);
    REQUIRE(skips.size() == 1);
    CHECK(skips[0].kind == SkipKind::damaged_frame);
    CHECK(skips[0].pos.offset == t.extents[3].begin);
    CHECK(m.stats.damaged_frames == 1);
  }
}

TEST_CASE("a HEADER of another major version is refused up to the next readable one", "[ingest][trace]") {
  TraceBuilder t;
  t.header({}, {}, 2).boot().alloc(0x1000, 8).alloc(0x1100, 8);
  t.header().boot().alloc(0x2000, 16);
  const Mapped m = map_trace(t.bytes);
  const auto skips = events_of<SkipEvent>(m.events);
  REQUIRE(skips.size() == 1);
  CHECK(skips[0].kind == SkipKind::unsupported_version);
  CHECK(skips[0].detail ==
        "trace format version 2.0 cannot be read: this leakscope reads version 1.x; its frames "
        "are skipped up to the next HEADER of version 1");
  CHECK(m.stats.refused_frames == 4);
  const auto allocs = events_of<AllocEvent>(m.events);
  REQUIRE(allocs.size() == 1);
  CHECK(allocs[0].address == 0x2000);
  CHECK(events_of<TraceLossEvent>(m.events).empty());
}

TEST_CASE("unknown types, short payloads and odd build identities are reported", "[ingest][trace]") {
  TraceBuilder t;
  t.header(std::string("\x10\x75", 2)).add(0x42, {}, "\x01\x02").add(0x42, {}).frame(record_type::free, "\x01");
  t.alloc(0x1000, 8);
  const Mapped m = map_trace(t.bytes);
  const auto skips = events_of<SkipEvent>(m.events);
  REQUIRE(skips.size() == 4);
  CHECK(skips[0].kind == SkipKind::malformed_elf_sha256);
  CHECK(skips[1].kind == SkipKind::unknown_record);
  CHECK(skips[1].detail == "record type 0x42 (2 payload bytes) is not in format version 1.0: skipped");
  CHECK(skips[3].kind == SkipKind::malformed_record);
  CHECK(m.stats.unknown_types.at(0x42) == 2);
  CHECK(m.stats.malformed_records == 1);
  CHECK(events_of<ElfIdentityEvent>(m.events).empty());  // a 2-byte prefix could match by chance
  CHECK(events_of<AllocEvent>(m.events).size() == 1);
  CHECK(events_of<TraceLossEvent>(m.events).empty());
}
