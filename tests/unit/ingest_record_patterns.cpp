// Record patterns (ingest/record_patterns.hpp): the JSON file, and how lines become events.
#include <catch2/catch.hpp>

#include "leakscope/ingest/named_pattern.hpp"
#include "leakscope/ingest/record_patterns.hpp"

using namespace leakscope;

namespace {

RecordPatterns patterns(const std::string& records) {
  auto p = RecordPatterns::parse(
      R"j({"leakscope_records": 1, "name": "test", "records": )j" + records + "}", "test.json");
  REQUIRE(p.ok());
  return p.take();
}

std::string error_of(const std::string& json) {
  auto p = RecordPatterns::parse(json, "r.json");
  REQUIRE_FALSE(p.ok());
  return p.error().message;
}

const char* const monitor = R"j([
  {"kind": "alloc", "pattern": "^Aloca\\S{1,8}o #\\d+: (?P<size>\\d+) bytes em (?P<address>0x[0-9a-f]+)(?: \\(tarefa (?P<task>[^)]+)\\))?"},
  {"kind": "frame", "pattern": "^\\s*\\S \\[(?P<index>\\d+)\\] (?P<address>0x[0-9a-f]+)"},
  {"kind": "free", "pattern": "^Libera\\S+ (?P<address>0x[0-9a-f]+)"},
  {"kind": "task", "pattern": "^Tarefa (?P<handle>0x[0-9a-f]+): (?P<name>\\S+)"},
  {"kind": "heap", "pattern": "^Memoria atual: (?P<free>\\d+), Menor valor: (?P<min_free>\\d+)"}
])j";

std::vector<Event> feed(RecordReader& reader, const std::vector<std::string>& lines,
                        std::size_t* matched = nullptr) {
  RecordingSink sink;
  std::size_t n = 0;
  for (std::size_t i = 0; i < lines.size(); ++i)
    if (reader.feed(lines[i], SourcePos{0, i + 1, 0}, sink)) ++n;
  reader.reboot(sink);
  if (matched) *matched = n;
  return std::move(sink.events);
}

template <class E>
std::vector<E> all(const std::vector<Event>& events) {
  std::vector<E> out;
  for (const Event& e : events)
    if (auto* x = std::get_if<E>(&e)) out.push_back(*x);
  return out;
}

}  // namespace

TEST_CASE("a record file is checked whole, its errors named", "[ingest][records]") {
  CHECK(error_of("{") == "r.json: not a JSON object (docs/record-patterns.md)");
  CHECK(error_of(R"j({"records": []})j").find("\"leakscope_records\": 1 missing") !=
        std::string::npos);
  CHECK(error_of(R"j({"leakscope_records": 1, "records": []})j") ==
        "r.json: \"records\" must be a non-empty array");
  CHECK(error_of(R"j({"leakscope_records": 1, "records": [{"kind": "malloc", "pattern": "x"}]})j") ==
        "r.json: records[0]: unknown kind 'malloc' (alloc, frame, free, task, heap, dump_begin, "
        "dump_end)");
  CHECK(error_of(R"j({"leakscope_records": 1, "records": [{"kind": "alloc", "pattern": "(?P<size>\\d+)"}]})j") ==
        "r.json: records[0]: alloc pattern '(?P<size>\\d+)': no (?P<address>...) capture");
  CHECK(error_of(R"j({"leakscope_records": 1, "records": [{"kind": "free", "pattern": "(?P<addr>x)"}]})j")
            .find("unknown capture 'addr' (the names are address)") != std::string::npos);
  CHECK(error_of(R"j({"leakscope_records": 1, "records": [{"kind": "heap", "pattern": "(?P<min_free>\\d+)"}]})j")
            .find("no (?P<free>...) capture") != std::string::npos);
  CHECK(error_of(R"j({"leakscope_records": 1, "records": [{"kind": "alloc", "pattern": "("}]})j")
            .find("missing )") != std::string::npos);
  CHECK(patterns(monitor).heap_patterns().size() == 1);
}

TEST_CASE("an allocation takes the frames after it, other output in between",
          "[ingest][records]") {
  RecordReader reader(patterns(monitor));
  std::size_t matched = 0;
  const std::vector<Event> events = feed(reader,
                                         {"Alocação #1: 64 bytes em 0x3ffb4c08 (tarefa net)",
                                          "  ↳ [0] 0x400d1e63",
                                          "I (12) wifi: other task output",
                                          "  ↳ [1] 0x40087834",
                                          "Alocação #2: 16 bytes em 0x3ffb4d00",
                                          "Liberação 0x3ffb4c08"},
                                         &matched);
  CHECK(matched == 5);
  const auto allocs = all<AllocEvent>(events);
  REQUIRE(allocs.size() == 2);
  CHECK(allocs[0].address == 0x3ffb4c08);
  CHECK(allocs[0].size == 64);
  CHECK(allocs[0].callers == std::vector<std::uint64_t>{0x400d1e63, 0x40087834});
  REQUIRE(allocs[0].task);
  CHECK(allocs[1].callers.empty());
  CHECK_FALSE(allocs[1].task);
  const auto names = all<TaskNameEvent>(events);
  REQUIRE(names.size() == 1);
  CHECK(names[0].name == "net");
  CHECK(names[0].task == *allocs[0].task);
  REQUIRE(all<FreeEvent>(events).size() == 1);
  // The boot's first record names the format once.
  const auto starts = all<TraceStartEvent>(events);
  REQUIRE(starts.size() == 1);
  CHECK(starts[0].format == "custom records (test)");
}

TEST_CASE("mangled text still matches, and frames never join the wrong allocation",
          "[ingest][records]") {
  RecordReader reader(patterns(monitor));
  const std::vector<Event> events = feed(
      reader, {"AlocaÃ§Ã£o #1: 64 bytes em 0x3ffb4c08",  // UTF-8 read as Latin-1
               "  ↳ [0] 0x400d1e63",
               "Aloca\xe7\xe3o #2: 32 bytes em 0x3ffb4d00",  // Latin-1 bytes
               "  ↳ [0] 0x400d1111",
               "Al#ca#ao #3: 16 bytes em 0x3ffb4e00",  // past the pattern
               "  ↳ [0] 0x400d2222",
               "  ↳ [1] 0x400d3333"});
  const auto allocs = all<AllocEvent>(events);
  REQUIRE(allocs.size() == 2);
  CHECK(allocs[0].callers == std::vector<std::uint64_t>{0x400d1e63});
  CHECK(allocs[1].address == 0x3ffb4d00);
  CHECK(allocs[1].callers == std::vector<std::uint64_t>{0x400d1111});
  // #3's frames: the first restarts the numbering, the second has no allocation left.
  const auto skips = all<SkipEvent>(events);
  REQUIRE(skips.size() == 2);
  CHECK(skips[0].detail == "frame [0] starts another allocation, whose line was not read");
  CHECK(skips[0].pos.line == 6);
  CHECK(skips[1].detail == "a frame line with no allocation line before it");
}

TEST_CASE("task rows name handles, and dumps begin and end", "[ingest][records]") {
  RecordReader reader(patterns(R"j([
    {"kind": "dump_begin", "pattern": "^--- (?P<count>\\d+) blocks ---"},
    {"kind": "alloc", "pattern": "^(?P<address>[0-9a-f]+) (?P<size>\\w+) (?P<task>0x[0-9a-f]+) (?P<callers>.*)"},
    {"kind": "dump_end", "pattern": "^--- end: (?P<bytes>\\d+) bytes ---"},
    {"kind": "task", "pattern": "^task (?P<handle>\\w+) (?P<name>\\w+)"}
  ])j"));
  const std::vector<Event> events = feed(reader, {"task 3ffb1000 wifi", "--- 2 blocks ---",
                                                  "3ffb4c08 64 0x3ffb1000 0x400d1e63:0x40087834",
                                                  "3ffb4d00 xx 0x3ffb1000 0x400d1e63",
                                                  "--- end: 64 bytes ---"});
  REQUIRE(all<TaskNameEvent>(events).size() == 1);
  CHECK(all<TaskNameEvent>(events)[0].task == 0x3ffb1000);
  const auto begins = all<SnapshotBegin>(events);
  REQUIRE(begins.size() == 1);
  CHECK(begins[0].layout == DumpLayout::custom);
  CHECK(begins[0].records_declared == 2);
  const auto allocs = all<AllocEvent>(events);
  REQUIRE(allocs.size() == 1);
  CHECK(allocs[0].address == 0x3ffb4c08);  // bare hex address
  CHECK(allocs[0].task == 0x3ffb1000u);
  CHECK(allocs[0].callers == std::vector<std::uint64_t>{0x400d1e63, 0x40087834});
  const auto skips = all<SkipEvent>(events);
  REQUIRE(skips.size() == 1);
  CHECK(skips[0].detail.find("size captured 'xx', not a number") != std::string::npos);
  const auto ends = all<SnapshotEnd>(events);
  REQUIRE(ends.size() == 1);
  CHECK(ends[0].reported_bytes == 64u);
}

TEST_CASE("user patterns read invalid UTF-8 as replacement characters", "[ingest][records]") {
  auto p = NamedPattern::compile("^x(?P<a>.)y(?P<b>\\S+)$", {"a", "b"}, {}, "test pattern");
  REQUIRE(p.ok());
  const auto m = p->match("x\xffy\xc3\xa7\xe3");
  REQUIRE(m);
  CHECK(m->get("a") == "\xef\xbf\xbd");
  CHECK(m->get("b") == "\xc3\xa7\xef\xbf\xbd");  // a valid ç, then a lone byte
  CHECK(p->match("x\xc0\x80y\xed\xa0\x80") == std::nullopt);  // overlong and surrogate: 2 chars
  CHECK(p->match("xay\xf0\x9f\x98\x80"));                     // four bytes, one character
}

TEST_CASE("a line is checked for UTF-8 once for all the patterns tried on it",
          "[ingest][records]") {
  auto a = NamedPattern::compile("^x(?P<a>.)y", {"a"}, {}, "test pattern");
  auto b = NamedPattern::compile("y(?P<b>\\S+)$", {"b"}, {}, "test pattern");
  REQUIRE((a.ok() && b.ok()));
  const std::string valid = "x\xc3\xa7y\xc3\xa7";
  const NamedPattern::Line in_place(valid);
  CHECK(in_place.text().data() == valid.data());  // valid UTF-8: matched where it lies
  const std::string broken = "x\xffy\xc3\xa7\xe3";
  std::optional<NamedPattern::Match> ma, mb;
  {
    const NamedPattern::Line repaired(broken);
    CHECK(repaired.text() == "x\xef\xbf\xbdy\xc3\xa7\xef\xbf\xbd");
    ma = a->match(repaired);
    mb = b->match(repaired);
  }
  // The matches keep the repaired text alive after the line is gone, and read as a line
  // matched alone would.
  REQUIRE((ma && mb));
  CHECK(ma->get("a") == "\xef\xbf\xbd");
  CHECK(mb->get("b") == "\xc3\xa7\xef\xbf\xbd");
  CHECK(mb->get("b") == b->match(broken)->get("b"));
}
