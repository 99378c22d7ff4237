// `leakscope convert`: binary traces of every carrier to JSON Lines and back, byte for byte.
#include <catch2/catch.hpp>

#include <sstream>

#include <nlohmann/json.hpp>

#include "leakscope/ingest/base64.hpp"
#include "leakscope/ingest/trace_ring.hpp"
#include "run_cli.hpp"
#include "temp_file.hpp"
#include "trace_builder.hpp"

using namespace leakscope;
using namespace leakscope::testing;

namespace {

TraceBuilder every_kind_of_record() {
  TraceBuilder t;
  t.header(std::string("\x10\x75\x4a\xa5", 4), std::string("\xde\xad", 2)).boot("SW_CPU_RESET");
  t.heap_name(0x1800, "Internal").task(0x3ffb1234, "net");
  t.alloc(0x3ffb8000, 96, {0x400d276d, 0x400d27c1}, 0x3ffb1234, 0x1800).free(0x3ffb8000);
  t.realloc(0, 0x3ffb9000, 40).heap(0x1800, 4000).marker(1, 3, "cycle 3").loss(2, 30);
  t.add(0x42, {}, "\x01\x02\x03");                                  // a later minor version's record
  t.add(record_type::loss, {1u, 1u, 0u}, std::string("\x05", 1));   // ... and trailing field
  return t;
}

std::vector<nlohmann::json> json_lines(const std::string& text) {
  std::vector<nlohmann::json> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(nlohmann::json::parse(line));
  return out;
}

}  // namespace

TEST_CASE("convert writes one JSON object per record with the spec's field names", "[cli][convert]") {
  TraceBuilder t;
  t.seq = 7;
  t.add(record_type::alloc, {1000u, 0x20001c40u, 96u, 0x20001a04u, 0u, Addresses{0xc5b, 0xe27, 0x697}});
  const TempFile in("example.bin", t.bytes);
  const CliOutcome o = run_cli({"convert", in.path()});
  CHECK(o.code == exit_clean);
  CHECK(o.err.empty());
  CHECK(o.out ==
        R"({"type":"alloc","seq":7,"time":1000,"address":"0x20001c40","size":96,"task":"0x20001a04","heap":0,"stack":["0xc5b","0xe27","0x697"]})"
        "\n");
}

TEST_CASE("binary -> JSON Lines -> binary gives the same bytes", "[cli][convert]") {
  const TraceBuilder t = every_kind_of_record();
  const TempFile in("round.bin", t.bytes);
  const CliOutcome jsonl = run_cli({"convert", in.path(), "--to", "jsonl"});
  REQUIRE(jsonl.code == exit_clean);
  const auto lines = json_lines(jsonl.out);
  REQUIRE(lines.size() == t.records.size());
  CHECK(lines[0]["build_id"] == "dead");
  CHECK(lines[0]["elf_sha256"] == "10754aa5");
  CHECK(lines[10] == nlohmann::json::parse(R"({"type":"unknown","code":66,"seq":10,"payload":"010203"})"));
  CHECK(lines[11]["extra"] == "05");

  const TempFile back("round.jsonl", jsonl.out);
  const CliOutcome binary = run_cli({"convert", back.path()});  // JSON Lines in: binary by default
  CHECK(binary.code == exit_clean);
  CHECK(binary.err.empty());
  CHECK(binary.out == t.bytes);
}

TEST_CASE("convert reads every carrier", "[cli][convert]") {
  TraceBuilder t;
  t.header().boot();
  for (unsigned i = 0; i < 30; ++i) t.alloc(0x1000 + 16 * i, 16);

  SECTION("a wrapped ring image: its newest frames, oldest first") {
    const TempFile in("ring.bin", ring_image_of(t.bytes, 200));
    const CliOutcome o = run_cli({"convert", in.path()});
    CHECK(o.code == exit_clean);
    CHECK(o.err.empty());
    const auto lines = json_lines(o.out);
    REQUIRE(lines.size() > 5);
    CHECK(lines.back()["seq"] == 31);
    for (std::size_t i = 1; i < lines.size(); ++i) CHECK(lines[i]["seq"] == lines[i - 1]["seq"].get<int>() + 1);
  }
  SECTION("LSTRACE lines in a log; binary output from them") {
    std::string log = "I (1) boot: hello\n";
    for (std::size_t i = 0; i < t.extents.size(); ++i)
      log += "LSTRACE:" + base64_encode(t.bytes.substr(t.extents[i].begin, t.extents[i].end - t.extents[i].begin)) + "\n";
    const TempFile in("trace.log", log);
    const CliOutcome o = run_cli({"convert", in.path(), "--to", "binary"});
    CHECK(o.code == exit_clean);
    CHECK(o.out == t.bytes);
  }
}

TEST_CASE("convert reports damage with counts and fails only on unusable input", "[cli][convert]") {
  TraceBuilder t;
  t.header().boot().alloc(0x1000, 8).alloc(0x1100, 8).alloc(0x1200, 8);
  std::string bytes = t.bytes;
  bytes[t.extents[2].begin + 7] ^= 1;
  bytes.insert(t.extents[4].begin, "noise");
  const TempFile damaged("damaged.bin", bytes);
  const CliOutcome o = run_cli({"convert", damaged.path()});
  CHECK(o.code == exit_clean);
  CHECK(json_lines(o.out).size() == 4);
  CHECK(o.err.find("1 damaged frames (first at byte " + std::to_string(t.extents[2].begin) +
                   ": frame with a bad CRC (ALLOC, seq 2 by its header))\n") != std::string::npos);
  CHECK(o.err.find("1 runs of bytes outside frames (first at byte ") != std::string::npos);

  SECTION("JSON Lines with a line that is no record") {
    const TempFile in("bad.jsonl", "{\"type\":\"boot\",\"seq\":1,\"boot_count\":0,\"reset_reason\":0,\"reason\":\"\"}\n"
                                   "\n{\"type\":\"alloc\",\"seq\":2}\n");
    const CliOutcome bad = run_cli({"convert", in.path()});
    CHECK(bad.code == exit_clean);
    CHECK(bad.err.find("1 lines that are no trace record (first at line 3: alloc record without \"time\")") !=
          std::string::npos);
  }
  SECTION("no records at all") {
    const TempFile in("plain.log", "I (1) boot: hello\n");
    const CliOutcome none = run_cli({"convert", in.path()});
    CHECK(none.code == exit_usage_error);
    CHECK(none.err.find(": no trace records found (read as text)\n") != std::string::npos);
  }
  SECTION("no such file") { CHECK(run_cli({"convert", "no-such.bin"}).code == exit_usage_error); }
  SECTION("a version this reader cannot read") {
    TraceBuilder v2;
    v2.header({}, {}, 2).boot();
    const TempFile in("v2.bin", v2.bytes);
    const CliOutcome refused = run_cli({"convert", in.path()});
    CHECK(refused.code == exit_usage_error);
    CHECK(refused.err.find("trace format version 2.0 cannot be read: this leakscope reads version 1.x") !=
          std::string::npos);
  }
}
