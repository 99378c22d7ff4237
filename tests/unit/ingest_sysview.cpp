// ESP-IDF host-based heap traces (SEGGER SystemView): framing, fields, the core bit, heap
// events and their tasks, losses, damage. (The JSON form and how inputs pair into captures:
// ingest_sysview_inputs.cpp.) Streams are written by tools/sysview_gen's SysviewWriter, except
// the reference's own byte example.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include "leakscope/ingest/sysview_format.hpp"
#include "sysview_testing.hpp"

using namespace leakscope;
using leakscope::sysview_gen::SysviewHeaderKind;
using leakscope::sysview_gen::SysviewWriter;
using leakscope::testing::decode_sysview;
using leakscope::testing::events_of;
using leakscope::testing::label_of;
using leakscope::testing::started_sysview;
using leakscope::testing::sysview_sync;

namespace {

// device-log-formats.md §2.2: a core-0 alloc of 64 bytes at 0x3ffb4c08, depth 2, callers
// 0x400d1e63 and 0x40087834, delta 1890 ticks.
const std::string reference_alloc("\x80\x04\x10\x88\x98\xed\xff\x03\x40\xe3\xbc\xb4\x80\x04\xb4\xf0\xa1\x80\x04\xe2\x0e", 21);

struct Packets {
  SysviewHeader header;
  std::vector<SysviewPacket> packets;
  std::vector<std::string> payloads;
  std::vector<SysviewDamage> damage;
};

Packets packets_of(const std::string& bytes) {
  Packets p;
  SysviewStreamReader reader(bytes);
  p.header = reader.header();
  for (SysviewItem item; reader.next(item);) {
    if (item.damage) {
      p.damage.push_back(*item.damage);
      continue;
    }
    p.packets.push_back(item.packet);
    p.payloads.emplace_back(item.packet.payload);
  }
  return p;
}

}  // namespace

TEST_CASE("the reference's constructed alloc packet decodes exactly", "[ingest][sysview]") {
  const Packets p = packets_of(sysview_sync + reference_alloc);
  REQUIRE(p.packets.size() == 1);
  CHECK(p.damage.empty());
  CHECK_FALSE(p.header.present);
  CHECK(p.packets[0].id == 512);
  CHECK(p.packets[0].core == 0);
  CHECK(p.packets[0].offset == 10);
  CHECK(p.payloads[0].size() == 16);
  CHECK(p.packets[0].delta == 1890);

  const std::vector<Event> events = decode_sysview(sysview_sync + reference_alloc);
  const auto allocs = events_of<AllocEvent>(events);
  REQUIRE(allocs.size() == 1);
  CHECK(allocs[0].address == 0x3ffb4c08);
  CHECK(allocs[0].size == 64);
  CHECK(allocs[0].callers == std::vector<std::uint64_t>{0x400d1e63, 0x40087834});
  CHECK(allocs[0].cpu == 0u);
  CHECK(allocs[0].time == 1890u);  // no INIT: ticks
  CHECK(allocs[0].pos.offset == 10);
  CHECK(events_of<TraceStartEvent>(events).at(0).tick_ns == 0);

  // Our writer produces the same bytes, and core 1's id is 80 44.
  SysviewWriter w(SysviewHeaderKind::none);
  w.set_stack_depth(2);
  w.at(1890).heap_alloc(0, 0x3ffb4c08, 64, {0x400d1e63, 0x40087834});
  CHECK(w.bytes() == sysview_sync + reference_alloc);
  SysviewWriter core1(SysviewHeaderKind::none);
  core1.set_stack_depth(2);
  core1.at(1890).heap_alloc(1, 0x3ffb4c08, 64, {0x400d1e63, 0x40087834});
  CHECK(core1.bytes().substr(10, 2) == std::string("\x80\x44", 2));
  CHECK(events_of<AllocEvent>(decode_sysview(core1.bytes())).at(0).cpu == 1u);
}

TEST_CASE("SEGGER varints and strings", "[ingest][sysview]") {
  for (std::uint32_t v : {0u, 1u, 0x7fu, 0x80u, 0x3fffu, 0x4000u, 0x400d1e63u, 0xffffffffu}) {
    std::string bytes;
    sysview_gen::put_varint(bytes, v);
    sysview::SysviewFields f(bytes);
    std::uint32_t out = 1;
    CHECK(f.u32(out));
    CHECK(out == v);
    CHECK(f.at_end());
    sysview::SysviewFields cut(std::string_view(bytes).substr(0, bytes.size() - 1));
    if (bytes.size() > 1) {
      CHECK_FALSE(cut.u32(out));
      CHECK(cut.cut());
    }
  }
  std::uint32_t out = 0;
  const std::string six_bytes("\xff\xff\xff\xff\xff\x01", 6);
  const std::string over_32_bits_bytes("\xff\xff\xff\xff\x1f", 5);
  sysview::SysviewFields six(six_bytes);
  CHECK_FALSE(six.u32(out));
  CHECK_FALSE(six.cut());
  sysview::SysviewFields over_32_bits(over_32_bits_bytes);
  CHECK_FALSE(over_32_bits.u32(out));

  const std::string long_name(300, 'n');
  for (const std::string& text : {std::string("blink_task"), std::string(), long_name}) {
    std::string bytes;
    sysview_gen::put_string(bytes, text);
    CHECK(bytes.size() == text.size() + (text.size() < 255 ? 1 : 3));
    sysview::SysviewFields f(bytes);
    std::string_view read;
    CHECK(f.text(read));
    CHECK(read == text);
    CHECK(f.at_end());
  }
}

TEST_CASE("SystemView events become heap events with their task and core", "[ingest][sysview]") {
  SysviewWriter w = started_sysview();
  w.set_stack_depth(4);
  w.at(100).task_start_exec(0, 0xbb4c08);
  w.at(140).heap_alloc(0, 0x3ffb5100, 32, {0x400d1e63, 0x40087834});
  w.at(150).task_start_exec(1, 0xbb5000);
  w.at(160).heap_alloc(1, 0x3ffb5200, 16, {0x400d2000});
  w.at(170).isr_enter(1, 5);
  w.at(180).heap_free(1, 0x3ffb5100, {0x400d3000});
  w.at(190).isr_exit(1);
  w.at(200).heap_free(1, 0x3ffb5200, {});
  w.at(210).idle(0);
  w.at(220).heap_alloc(0, 0x3ffb5300, 8, {0x400d4000});
  const std::vector<Event> events = decode_sysview(w.bytes());
  const auto allocs = events_of<AllocEvent>(events);
  const auto frees = events_of<FreeEvent>(events);
  REQUIRE(allocs.size() == 3);
  REQUIRE(frees.size() == 2);

  // Task ids are shrunk: TCB = ram_base + (tid << id_shift).
  CHECK(allocs[0].task == 0x3ffb4c08u);
  CHECK(label_of(events, allocs[0].task) == "blink_task");
  CHECK(allocs[0].cpu == 0u);
  CHECK(allocs[0].callers == std::vector<std::uint64_t>{0x400d1e63, 0x40087834});  // zeros end the list
  CHECK(label_of(events, allocs[1].task) == "wifi");
  CHECK(allocs[1].cpu == 1u);
  CHECK(label_of(events, frees[0].task) == "IRQ SysTick");  // named by SYSDESC I#5=
  CHECK(label_of(events, frees[1].task) == "wifi");          // back from the interrupt
  CHECK(frees[1].callers.empty());
  CHECK(label_of(events, allocs[2].task) == "IDLE0");
  // INIT gives 40 MHz: times in nanoseconds.
  CHECK(allocs[0].time == 140u * 25);
  const auto start = events_of<TraceStartEvent>(events);
  REQUIRE(start.size() == 1);
  CHECK(start[0].tick_ns == 1);
  CHECK(start[0].format == "SystemView (SEGGER SystemViewer V2.42)");
  CHECK(start[0].firmware == "FreeRTOS Application on esp32");
  const auto boots = events_of<BootEvent>(events);
  REQUIRE(boots.size() == 1);
  CHECK(boots[0].marker == BootMarker::trace_header);
  CHECK(std::holds_alternative<BootEvent>(events.front()));
}

TEST_CASE("events before a core's first switch get the context that switch tells", "[ingest][sysview]") {
  SysviewWriter w = started_sysview();
  w.at(10).heap_alloc(0, 0x3ffb5100, 32, {0x400d1e63});  // core 0: then TASK_STOP_READY(blink_task)
  w.at(20).heap_alloc(1, 0x3ffb5200, 32, {0x400d1e63});  // core 1: then ISR_EXIT
  w.at(30).task_stop_ready(0, 0xbb4c08, 2);
  w.at(40).isr_exit(1);
  w.at(50).heap_alloc(0, 0x3ffb5300, 32, {0x400d1e63});  // still blink_task: no switch yet
  w.at(60).heap_alloc(1, 0x3ffb5400, 32, {0x400d1e63});  // after the interrupt: not known
  SysviewWriter idle = started_sysview();
  idle.at(10).heap_alloc(0, 0x3ffb5100, 32, {0x400d1e63});  // then TASK_START_EXEC: was idle
  idle.at(20).task_start_exec(0, 0xbb5000);
  idle.at(30).heap_alloc(1, 0x3ffb5200, 32, {0x400d1e63});  // core 1 never switches

  const std::vector<Event> events = decode_sysview(w.bytes());
  const auto allocs = events_of<AllocEvent>(events);
  REQUIRE(allocs.size() == 4);
  CHECK(label_of(events, allocs[0].task) == "blink_task");
  CHECK(label_of(events, allocs[1].task) == "IRQ on core 1");
  CHECK(label_of(events, allocs[2].task) == "blink_task");
  CHECK_FALSE(allocs[3].task.has_value());
  const std::vector<Event> idle_events = decode_sysview(idle.bytes());
  const auto idle_allocs = events_of<AllocEvent>(idle_events);
  REQUIRE(idle_allocs.size() == 2);
  CHECK(label_of(idle_events, idle_allocs[0].task) == "IDLE0");
  CHECK_FALSE(idle_allocs[1].task.has_value());
}

TEST_CASE("events of unknown ids from 24 are skipped by their length", "[ingest][sysview]") {
  SysviewWriter w = started_sysview();
  w.set_stack_depth(2);
  w.at(5).varint_event(49, 0, {0x3ffb0000, 1});          // an OS API event
  w.at(6).varint_event(49, 1, {0x3ffb0000, 1});          // on core 1: 0x71
  w.packet(30, 0, std::string(200, '\x81'));            // two-byte length, bytes that are no varints
  w.packet(600, 1, "\x01\x02\x03");                      // another module's event
  w.packet(0x1ff, 0, std::string(3, '\0'));            // the last OS id, zero bytes inside
  w.at(7).heap_alloc(0, 0x3ffb5100, 32, {0x400d1e63});
  const Packets p = packets_of(w.bytes());
  CHECK(p.damage.empty());
  REQUIRE(p.packets.size() >= 6);
  const std::vector<Event> events = decode_sysview(w.bytes());
  REQUIRE(events_of<AllocEvent>(events).size() == 1);
  CHECK(events_of<AllocEvent>(events)[0].address == 0x3ffb5100);
  CHECK(events_of<SkipEvent>(events).empty());
}

TEST_CASE("heap event ids come from the heap module's description", "[ingest][sysview]") {
  // Another module registered first: the heap module's events start at 514.
  SysviewWriter w(SysviewHeaderKind::mcore);
  w.at(0).trace_start();
  w.moduledesc(0, 512, "M=other module");
  w.moduledesc(1, 514, "ESP32 SystemView Heap Tracing Module");  // the spelling up to v5.3
  w.set_heap_events(514);
  w.at(10).heap_alloc(0, 0x3ffb5100, 32, {0x400d1e63});
  w.at(20).packet(512, 0, "\x05");  // the other module's event
  w.at(30).heap_free(0, 0x3ffb5100, {0x400d1e63});
  const std::vector<Event> events = decode_sysview(w.bytes());
  CHECK(events_of<AllocEvent>(events).size() == 1);
  CHECK(events_of<FreeEvent>(events).size() == 1);
  CHECK(events_of<SkipEvent>(events).empty());

  // No MODULEDESC (tracing began after the module registered): 512 and 513.
  SysviewWriter bare(SysviewHeaderKind::none);
  bare.at(10).heap_alloc(0, 0x3ffb5100, 32, {0x400d1e63});
  bare.at(20).heap_free(0, 0x3ffb5100, {});
  CHECK(events_of<AllocEvent>(decode_sysview(bare.bytes())).size() == 1);
  CHECK(events_of<FreeEvent>(decode_sysview(bare.bytes())).size() == 1);

  // A heap payload that is no list of varints is reported, the stream goes on.
  SysviewWriter bad = started_sysview();
  bad.at(10).packet(512, 0, std::string("\x88\x98", 2));
  bad.at(20).heap_alloc(0, 0x3ffb5100, 32, {0x400d1e63});
  const std::vector<Event> bad_events = decode_sysview(bad.bytes());
  CHECK(events_of<AllocEvent>(bad_events).size() == 1);
  REQUIRE(events_of<SkipEvent>(bad_events).size() == 1);
  CHECK(events_of<SkipEvent>(bad_events)[0].kind == SkipKind::malformed_record);
}

TEST_CASE("task ends: TASK_TERMINATE, and a handle created again", "[ingest][sysview]") {
  SysviewWriter w = started_sysview();
  w.at(10).task_terminate(0, 0xbb5000);
  w.at(20).task_create(0, 0xbb4c08);  // blink_task's TCB reused by a new task
  w.task_info(0xbb4c08, 5, "ota");
  w.at(30).task_create(0, 0xbb6000);  // a new handle: nothing ends
  const auto ends = events_of<TaskEndEvent>(decode_sysview(w.bytes()));
  REQUIRE(ends.size() == 2);
  CHECK(ends[0].task == 0x3ffb5000);
  CHECK(ends[1].task == 0x3ffb4c08);
}

TEST_CASE("OVERFLOW is a loss of the packets the target dropped", "[ingest][sysview]") {
  SysviewWriter w = started_sysview();
  w.at(10).overflow(0, 5);
  w.at(20).overflow(1, 2);
  const auto lost = events_of<TraceLossEvent>(decode_sysview(w.bytes()));
  REQUIRE(lost.size() == 2);
  CHECK(lost[0].cause == LossCause::device_buffer);
  CHECK(lost[0].records == 5);
  CHECK(lost[1].records == 2);
}

TEST_CASE("a capture that ends inside an event ends there, with a note", "[ingest][sysview]") {
  SysviewWriter w = started_sysview();
  w.at(10).heap_alloc(0, 0x3ffb5100, 32, {0x400d1e63});
  const std::size_t last = w.bytes().size();
  w.at(20).heap_alloc(0, 0x3ffb5200, 32, {0x400d1e63});
  for (std::size_t keep : {std::size_t{1}, std::size_t{2}, std::size_t{9}, w.bytes().size() - last - 1}) {
    std::string cut = w.bytes().substr(0, last + keep);
    const std::vector<Event> events = decode_sysview(cut);
    CHECK(events_of<AllocEvent>(events).size() == 1);
    const auto skips = events_of<SkipEvent>(events);
    REQUIRE(skips.size() == 1);
    CHECK(skips[0].kind == SkipKind::damaged_frame);
    CHECK(skips[0].pos.offset == last);
    CHECK(skips[0].detail == fmt::format("the capture ends inside an event ({} bytes of it): read up to there", keep));
  }
  // Cut at a packet boundary: nothing to say.
  CHECK(events_of<SkipEvent>(decode_sysview(w.bytes().substr(0, last))).empty());
}

TEST_CASE("bytes that are no packet are skipped up to the next sync", "[ingest][sysview]") {
  SysviewWriter w = started_sysview();
  w.at(10).heap_alloc(0, 0x3ffb5100, 32, {0x400d1e63});
  const std::size_t garbage_at = w.bytes().size();
  w.raw(std::string("\x17\x01\x02noise\x80\x7f", 10));  // id 23 (size unknown), then anything
  w.sync();
  w.at(20).heap_alloc(0, 0x3ffb5200, 32, {0x400d1e63});
  w.raw(std::string("\x85\x00\x05", 3));  // a two-byte id below 128: no encoder writes one
  const std::vector<Event> events = decode_sysview(w.bytes());
  CHECK(events_of<AllocEvent>(events).size() == 2);
  const auto skips = events_of<SkipEvent>(events);
  REQUIRE(skips.size() == 2);
  CHECK(skips[0].kind == SkipKind::unsynced_bytes);
  CHECK(skips[0].pos.offset == garbage_at);
  CHECK(skips[0].detail == "event id 23, whose size this reader cannot know: 10 bytes skipped up to the next sync");
  CHECK(skips[1].detail.ends_with("3 bytes skipped up to the end (no further sync)"));

  // Between the header and the sync.
  std::string header_noise = w.bytes();
  header_noise.insert(header_noise.find(sysview_sync), "\r\n\x01\x02");
  const auto header_skips = events_of<SkipEvent>(decode_sysview(header_noise));
  REQUIRE(header_skips.size() == 3);
  CHECK(header_skips[0].detail == "4 bytes between the header and the sync skipped");
  // No sync at all.
  const auto no_sync = events_of<SkipEvent>(decode_sysview(";\n; Version V2\n;\n\x0a\x00"));
  REQUIRE(no_sync.size() == 1);
  CHECK(no_sync[0].kind == SkipKind::damaged_frame);
}

TEST_CASE("the header says which layout the capture has", "[ingest][sysview]") {
  CHECK(packets_of(SysviewWriter(SysviewHeaderKind::mcore).bytes()).header.esp_extension);
  const SysviewHeader one = packets_of(SysviewWriter(SysviewHeaderKind::one_core).bytes()).header;
  CHECK(one.present);
  CHECK_FALSE(one.esp_extension);
  CHECK(one.version == "SEGGER SystemViewer V2.42");
  CHECK(one.sync_offset == SysviewWriter(SysviewHeaderKind::one_core).bytes().size() - 10);
  const SysviewHeader crlf = packets_of(";\r\n; Version V3\r\n; Offset Core1 100\r\n;\r\n" + sysview_sync).header;
  CHECK(crlf.version == "V3");
  CHECK(crlf.segger_multicore);
  CHECK_FALSE(packets_of(sysview_sync).header.present);

  CHECK(sysview_start(sysview_sync) == SysviewStart::yes);
  CHECK(sysview_start(std::string(4, '\0')) == SysviewStart::maybe);
  CHECK(sysview_start(";\n; Version") == SysviewStart::yes);
  CHECK(sysview_start(";\r") == SysviewStart::maybe);
  CHECK(sysview_start(";\nI (31) boot: ...") == SysviewStart::no);
  CHECK(sysview_start("; comment") == SysviewStart::no);
  CHECK(sysview_start("") == SysviewStart::no);
}
