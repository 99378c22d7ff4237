// `leakscope analyze` over binary trace inputs: carriers in the report, descriptor warnings,
// positions in binary inputs, exit codes.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "leakscope/ingest/trace_bytes.hpp"
#include "run_cli.hpp"
#include "trace_builder.hpp"

namespace fs = std::filesystem;
using namespace leakscope;
using leakscope::testing::CliOutcome;
using leakscope::testing::run_cli;
using leakscope::testing::TraceBuilder;

namespace {

std::string write_temp(std::string_view name, const std::string& bytes) {
  const fs::path path = fs::temp_directory_path() /
                        ("leakscope-trace-inputs-" + std::to_string(::getpid()) + "-" + std::string(name));
  std::ofstream(path, std::ios::binary) << bytes;
  return path.string();
}

}  // namespace

TEST_CASE("analyze names each input's carrier and places binary findings by byte", "[cli][trace]") {
  TraceBuilder t;
  t.header().boot().alloc(0x1000, 64).alloc(0x1100, 32).free(0x1100);
  std::string damaged = t.bytes;
  damaged[t.extents[3].begin + 6] ^= 4;
  const std::string bin = write_temp("stream.bin", damaged);
  ByteWriter ring;
  ring.raw("LSRB");
  ring.u32le(static_cast<std::uint32_t>(t.bytes.size()));
  ring.u32le(999999);  // head outside the data area: read by sequence number, with a warning
  ring.u32le(0);
  ring.raw(t.bytes);
  const std::string image = write_temp("ring.bin", ring.bytes());

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
    const std::string noise = write_temp("noise.bin", std::string(300, '\x01'));
    const CliOutcome none = run_cli({"analyze", noise});
    CHECK(none.code == exit_usage_error);
    CHECK(none.err == "leakscope: no heap trace found in the input (0 lines and 300 binary bytes read)\n");
    fs::remove(noise);
  }
  fs::remove(bin);
  fs::remove(image);
}
