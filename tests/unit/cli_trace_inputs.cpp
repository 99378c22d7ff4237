// `leakscope analyze` over binary trace inputs: carriers in the report, descriptor warnings,
// positions in binary inputs, exit codes.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "leakscope/ingest/trace_ring.hpp"
#include "run_cli.hpp"
#include "temp_file.hpp"
#include "trace_builder.hpp"

using namespace leakscope;
using namespace leakscope::testing;

TEST_CASE("analyze names each input's carrier and places binary findings by byte", "[cli][trace]") {
  TraceBuilder t;
  t.header().boot().alloc(0x1000, 64).alloc(0x1100, 32).free(0x1100);
  std::string damaged = t.bytes;
  damaged[t.extents[3].begin + 6] ^= 4;
  const TempFile bin_file("stream.bin", damaged);
  std::string ring = ring_image_of(t.bytes, static_cast<std::uint32_t>(t.bytes.size() + 10));
  ring.replace(8, 4, std::string("\x3f\x42\x0f\x00", 4));  // head 999999, outside the data area: a warning
  const TempFile image_file("ring.bin", ring);
  const std::string bin = bin_file.path();
  const std::string image = image_file.path();

  const CliOutcome json = run_cli({"analyze", "--format", "json", bin, image});
  CHECK(json.code == exit_leaks);
  CHECK(json.err.empty());
  const auto report = nlohmann::json::parse(json.out);
  const auto& inputs = report["diagnostics"]["inputs"];
  CHECK(inputs[0]["carrier"] == "trace");
  CHECK(inputs[0]["bytes"] == damaged.size());
  CHECK(inputs[1]["carrier"] == "ring");
  CHECK(inputs[1]["warning"] == "head 999999 lies outside the data area: frames ordered by sequence number");
  CHECK(report["diagnostics"]["warnings"][0] == image + ": " + inputs[1]["warning"].get<std::string>());
  const auto& skipped = report["diagnostics"]["skipped"][0];
  CHECK(skipped["kind"] == "damaged_frame");
  CHECK(skipped["first"][0] == nlohmann::json::parse("{\"input\":\"" + bin + "\",\"line\":null,\"offset\":" +
                                                      std::to_string(t.extents[3].begin) + "}"));

  const CliOutcome text = run_cli({"analyze", "--color", "never", bin, image});
  CHECK(text.out.find("first: " + bin + " byte " + std::to_string(t.extents[3].begin) + ")") != std::string::npos);

  SECTION("binary input without a single frame is no evidence") {
    const TempFile noise("noise.bin", std::string(300, '\x01'));
    const CliOutcome none = run_cli({"analyze", noise.path()});
    CHECK(none.code == exit_usage_error);
    CHECK(none.err ==
          "leakscope: no heap trace or heap telemetry found in the input (0 lines and 300 binary "
          "bytes read)\n");
  }
}

TEST_CASE("a trace HEADER naming another build is refused like the log's SHA-256 line", "[cli][trace]") {
  TraceBuilder t;
  t.header(std::string("\xa7\x09\x52\xbc", 4)).boot().alloc(0x20001c40, 96, {0xc5b, 0xe27});
  const TempFile in("other-build.bin", t.bytes);
  const std::string elf = std::string(LEAKSCOPE_SOURCE_DIR) + "/samples/gateway/gateway.elf";
  const CliOutcome o = run_cli({"analyze", "--elf", elf, in.path()});
  CHECK(o.code == exit_usage_error);
  CHECK(o.err == "leakscope: boot 0 (byte 0): ELF mismatch: the trace named ELF SHA-256 a70952bc at byte 0, "
                 "but " + elf + " has SHA-256 10754aa5662813c3e75b794059aeefc51a67bb38c64c095981d5b0357c6a0124: "
                 "refused: not symbolized (--allow-elf-mismatch uses it anyway)\n");
  CHECK(run_cli({"analyze", "--elf", elf, "--allow-elf-mismatch", in.path()}).code == exit_leaks);
}
