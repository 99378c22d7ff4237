// SystemView inputs (ESP-IDF host-based heap tracing): told apart by content, the JSON of
// sysviewtrace_proc.py, two one-core files paired into one capture, the golden inputs, the
// command line. Captures are tools/sysview_gen's gateway scenario.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>

#include <nlohmann/json.hpp>

#include "gateway_capture.hpp"
#include "leakscope/ingest/evidence_reader.hpp"
#include "run_cli.hpp"
#include "sysview_testing.hpp"
#include "temp_file.hpp"

using namespace leakscope;
using namespace leakscope::testing;
using leakscope::sysview_gen::CaptureLayout;
using leakscope::sysview_gen::gateway_capture;
using leakscope::sysview_gen::GeneratedCapture;
using leakscope::sysview_gen::SysviewHeaderKind;

namespace {

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

TEST_CASE("SystemView inputs are told apart by content", "[ingest][sysview]") {
  const auto carrier = [](const std::string& bytes, std::size_t chunk = 0) {
    auto source = string_source(bytes, "in", chunk);
    return peek_carrier(*source).carrier;
  };
  const GeneratedCapture c = gateway_capture(CaptureLayout::mcore);
  CHECK(carrier(c.files[0]) == Carrier::sysview);
  CHECK(carrier(c.files[0], 1) == Carrier::sysview);
  CHECK(carrier(gateway_capture(CaptureLayout::uart).files[0], 3) == Carrier::sysview);
  CHECK(carrier(c.json) == Carrier::sysview_json);
  CHECK(carrier(c.json, 7) == Carrier::sysview_json);
  CHECK(carrier("{\"type\":\"alloc\",\"seq\":1}\n{\"type\":\"free\",\"seq\":2}\n") == Carrier::text);
  CHECK(carrier(";\nI (31) boot: ESP-IDF\nI (32) x\n") == Carrier::text);
  CHECK(carrier_name(Carrier::sysview) == "sysview");
  CHECK(carrier_name(Carrier::sysview_json) == "sysview-json");
}

TEST_CASE("the JSON of sysviewtrace_proc.py gives the events the capture gives", "[ingest][sysview]") {
  const GeneratedCapture c = gateway_capture(CaptureLayout::mcore);
  const std::vector<Event> binary = decode_sysview(c.files[0]);
  const std::vector<Event> json = decode_sysview_json(c.json);

  const auto b_allocs = events_of<AllocEvent>(binary);
  const auto j_allocs = events_of<AllocEvent>(json);
  REQUIRE(b_allocs.size() == j_allocs.size());
  REQUIRE(b_allocs.size() > 50);
  for (std::size_t i = 0; i < b_allocs.size(); ++i) {
    INFO("allocation " << i);
    CHECK(b_allocs[i].address == j_allocs[i].address);
    CHECK(b_allocs[i].size == j_allocs[i].size);
    CHECK(b_allocs[i].callers == j_allocs[i].callers);
    CHECK(b_allocs[i].cpu == j_allocs[i].cpu);
    CHECK(b_allocs[i].time == j_allocs[i].time);
    CHECK(label_of(binary, b_allocs[i].task) == label_of(json, j_allocs[i].task));
    CHECK(b_allocs[i].task == j_allocs[i].task);  // TCBs unshrunk the same way
  }
  CHECK(events_of<FreeEvent>(binary).size() == events_of<FreeEvent>(json).size());
  CHECK(events_of<SkipEvent>(json).empty());
  const auto start = events_of<TraceStartEvent>(json);
  REQUIRE(start.size() == 1);
  CHECK(start[0].format == "SystemView JSON 1.0 (sysviewtrace_proc.py)");
  CHECK(start[0].firmware == "gateway sample on cortex-m3");
  // Positions are lines.
  CHECK(j_allocs[0].pos.line > 1);

  // Cut inside its events array: the events before are kept.
  const std::size_t cut_at = c.json.find("\"addr\": \"0x20001d30\"");
  REQUIRE(cut_at != std::string::npos);
  const std::vector<Event> cut = decode_sysview_json(c.json.substr(0, cut_at));
  CHECK(events_of<AllocEvent>(cut).size() == 3);  // console's first label, net's packet and reply
  CHECK(events_of<FreeEvent>(cut).size() == 2);
  REQUIRE(events_of<SkipEvent>(cut).size() == 1);
  CHECK(events_of<SkipEvent>(cut)[0].kind == SkipKind::damaged_frame);
}

TEST_CASE("JSON events that cannot be read are reported", "[ingest][sysview]") {
  const std::string doc = R"({
    "events": [
        {"addr": "0x3ffb4c08", "callers": ["0x400d1e63", "0x0"], "core_id": 0, "ctx_name": "main",
         "id": 512, "in_irq": false, "size": 64, "ts": 0.5},
        {"addr": "nowhere", "callers": [], "core_id": 0, "ctx_name": "main", "id": 512, "in_irq": false, "size": 1, "ts": 0.6},
        {"core_id": 1, "ctx_name": "IRQ_oncore1", "id": 1, "in_irq": true, "params": {"drop_cnt": 4}, "ts": 0.7},
        {"addr": "0x3ffb4c08", "callers": "x", "id": 513, "ts": "soon"},
        [1, 2],
        {"addr": "0x3ffb4d08", "callers": [], "core_id": 1, "ctx_name": "esp_timer", "id": 512, "in_irq": true, "size": 8, "ts": 0.8}
    ],
    "streams": {"heap": {"alloc": 512, "free": 513}},
    "version": "1.0"
})";
  CHECK(looks_like_sysview_json(doc));
  const std::vector<Event> events = decode_sysview_json(doc, SourcePos{2, 0, 0});
  const auto allocs = events_of<AllocEvent>(events);
  REQUIRE(allocs.size() == 2);
  CHECK(allocs[0].time == 500'000'000u);
  CHECK(allocs[0].callers == std::vector<std::uint64_t>{0x400d1e63});
  CHECK(label_of(events, allocs[0].task) == "main");  // no TASK_INFO: a context of its own
  CHECK(label_of(events, allocs[1].task) == "IRQ esp_timer");
  CHECK(allocs[1].cpu == 1u);
  CHECK(events_of<TraceLossEvent>(events).at(0).records == 4);
  const auto skips = events_of<SkipEvent>(events);
  REQUIRE(skips.size() == 3);
  CHECK(skips[0].pos.line == 5);
  CHECK(skips[0].pos.input == 2);

  CHECK(events_of<SkipEvent>(decode_sysview_json("{\"version\": \"1.0\"}")).size() == 1);
}

TEST_CASE("two one-core files given together are one capture, merged by time", "[ingest][sysview]") {
  const GeneratedCapture files =
      gateway_capture(CaptureLayout::one_file_per_core);
  const GeneratedCapture mcore = gateway_capture(CaptureLayout::mcore);
  REQUIRE(files.files.size() == 2);

  const auto read_inputs = [](const std::vector<std::string>& inputs) {
    RecordingSink sink;
    EvidenceReader reader(sink);
    for (std::size_t i = 0; i < inputs.size(); ++i) {
      auto source = string_source(inputs[i], "input" + std::to_string(i), 4096);
      const InputSummary summary = reader.read(*source, static_cast<std::uint32_t>(i));
      CHECK(summary.bytes == inputs[i].size());
      CHECK(summary.carrier == "sysview");
    }
    reader.finish();
    return std::move(sink.events);
  };
  const std::vector<Event> pair = read_inputs(files.files);
  const std::vector<Event> single = decode_sysview(mcore.files[0]);
  CHECK(events_of<BootEvent>(pair).size() == 1);
  const auto p_allocs = events_of<AllocEvent>(pair);
  const auto s_allocs = events_of<AllocEvent>(single);
  REQUIRE(p_allocs.size() == s_allocs.size());
  for (std::size_t i = 0; i < p_allocs.size(); ++i) {
    INFO("allocation " << i);
    CHECK(p_allocs[i].address == s_allocs[i].address);
    CHECK(p_allocs[i].cpu == s_allocs[i].cpu);
    CHECK(p_allocs[i].time == s_allocs[i].time);
    CHECK(p_allocs[i].pos.input == *p_allocs[i].cpu);  // core 1's events come from the second input
    CHECK(label_of(pair, p_allocs[i].task) == label_of(single, s_allocs[i].task));
  }
  // Headerless (a UART capture): the same allocations as the file with both cores.
  CHECK(events_of<AllocEvent>(decode_sysview(gateway_capture(CaptureLayout::uart).files[0])).size() ==
        s_allocs.size());
  CHECK(events_of<TraceStartEvent>(pair).at(0).format ==
        "SystemView (SEGGER SystemViewer V2.42, a file per core)");

  // A one-core file alone, then another capture: two boots, both read as core 0.
  sysview_gen::SysviewWriter other = started_sysview(SysviewHeaderKind::one_core);
  other.at(10).heap_alloc(0, 0x3ffb5100, 32, {0x400d1e63});
  const std::vector<Event> separate = read_inputs({files.files[0], other.bytes()});
  CHECK(events_of<BootEvent>(separate).size() == 2);
  for (const AllocEvent& a : events_of<AllocEvent>(separate)) CHECK(a.cpu == 0u);
  // A one-core file before a text log is a capture of its own, emitted before the log's events.
  RecordingSink sink;
  EvidenceReader reader(sink);
  auto svdat = string_source(files.files[0], "cpu0.svdat");
  auto log = string_source("rst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\nI (31) boot: x\n", "log");
  reader.read(*svdat, 0);
  CHECK(sink.events.empty());  // held for its other core's file
  reader.read(*log, 1);
  reader.finish();
  const auto boots = events_of<BootEvent>(sink.events);
  REQUIRE(boots.size() == 2);
  CHECK(boots[0].marker == BootMarker::trace_header);
  CHECK(boots[1].marker == BootMarker::log);
}

TEST_CASE("the SystemView golden inputs are what the generator writes", "[ingest][sysview]") {
  const std::filesystem::path golden = std::filesystem::path(LEAKSCOPE_SOURCE_DIR) / "tests" / "golden";
  const GeneratedCapture files = gateway_capture(
      CaptureLayout::one_file_per_core, {.overflow = true, .cut_end = true});
  CHECK(read_file(golden / "sysview-two-files" / "cpu0.svdat") == files.files[0]);
  CHECK(read_file(golden / "sysview-two-files" / "cpu1.svdat") == files.files[1]);
  CHECK(read_file(golden / "sysview-mcore" / "input.svdat") ==
        gateway_capture(CaptureLayout::mcore).files[0]);
}

TEST_CASE("SystemView inputs at the command line", "[ingest][sysview]") {
  const GeneratedCapture c = gateway_capture(CaptureLayout::mcore);
  const TempFile capture("capture.svdat", c.files[0]);
  const TempFile json("capture.json", c.json);
  const CliOutcome binary = run_cli({"analyze", "--format", "json", capture.path()});
  const CliOutcome script = run_cli({"analyze", "--format", "json", json.path()});
  CHECK(binary.code == 1);  // leaks
  CHECK(script.code == 1);
  const auto b = nlohmann::json::parse(binary.out);
  const auto j = nlohmann::json::parse(script.out);
  CHECK(b["diagnostics"]["inputs"][0]["carrier"] == "sysview");
  CHECK(j["diagnostics"]["inputs"][0]["carrier"] == "sysview-json");
  CHECK(b["summary"]["leaked_bytes"] == 549);
  CHECK(j["summary"]["leaked_bytes"] == b["summary"]["leaked_bytes"]);
  const auto& b_tasks = b["boots"][0]["leaks"]["by_task"];
  const auto& j_tasks = j["boots"][0]["leaks"]["by_task"];
  REQUIRE(b_tasks.size() == 3);
  REQUIRE(j_tasks.size() == b_tasks.size());
  for (std::size_t i = 0; i < b_tasks.size(); ++i)
    for (const char* key : {"task", "handle", "bytes", "count"}) CHECK(j_tasks[i][key] == b_tasks[i][key]);

  // convert reads leakscope traces only: it says what the input is.
  const CliOutcome convert = run_cli({"convert", capture.path()});
  CHECK(convert.code == 2);
  CHECK(convert.err.find("a SystemView capture") != std::string::npos);

  // SEGGER's own multicore file: read as one stream, with a warning.
  const TempFile segger("segger.svdat", ";\n; Version V3.50\n; Offset Core0 0\n; Offset Core1 40\n;\n" +
                                                     c.files[0].substr(c.files[0].find(sysview_sync)));
  const CliOutcome multicore = run_cli({"analyze", "--format", "json", segger.path()});
  const auto m = nlohmann::json::parse(multicore.out);
  CHECK(m["diagnostics"]["inputs"][0]["warning"].get<std::string>().find("Offset Core") != std::string::npos);
  CHECK(m["summary"]["leaked_bytes"] == 549);
}
