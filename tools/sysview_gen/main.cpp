// leakscope_sysview_gen: writes the inputs of the SystemView golden cases (tests/golden/sysview-*),
// and any capture of the gateway scenario (gateway_capture.hpp) in any layout.
//
//   leakscope_sysview_gen tests/golden
//       sysview-two-files/cpu0.svdat, cpu1.svdat: one file per core, an OVERFLOW on core 0,
//       core 1's file cut inside its last event; sysview-mcore/input.svdat: both cores in one
//       file (ESP_Extension), undamaged
//   leakscope_sysview_gen --layout files|mcore|uart [--overflow] [--cut] [--json] OUT
//       OUT.svdat (or OUT-cpu0.svdat and OUT-cpu1.svdat), and OUT.json with --json
//
// Deterministic: the same bytes every run.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "gateway_capture.hpp"

using namespace leakscope::sysview_gen;

namespace {

void write(const std::filesystem::path& path, const std::string& bytes) {
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
  std::printf("%s: %zu bytes\n", path.c_str(), bytes.size());
}

int usage() {
  std::fprintf(stderr,
               "usage: leakscope_sysview_gen GOLDEN_DIR   (tests/golden)\n"
               "       leakscope_sysview_gen --layout files|mcore|uart [--overflow] [--cut] [--json] OUT\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  if (args.size() == 1 && !args[0].starts_with("-")) {
    const std::filesystem::path root = args[0];
    const GeneratedCapture files =
        gateway_capture(CaptureLayout::one_file_per_core, {.overflow = true, .cut_end = true});
    write(root / "sysview-two-files" / "cpu0.svdat", files.files[0]);
    write(root / "sysview-two-files" / "cpu1.svdat", files.files[1]);
    write(root / "sysview-mcore" / "input.svdat", gateway_capture(CaptureLayout::mcore).files[0]);
    return 0;
  }
  CaptureLayout layout = CaptureLayout::mcore;
  GatewayDamage damage;
  bool json = false;
  std::string out;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--layout" && i + 1 < args.size()) {
      const std::string& l = args[++i];
      if (l == "files") layout = CaptureLayout::one_file_per_core;
      else if (l == "mcore") layout = CaptureLayout::mcore;
      else if (l == "uart") layout = CaptureLayout::uart;
      else return usage();
    } else if (a == "--overflow") {
      damage.overflow = true;
    } else if (a == "--cut") {
      damage.cut_end = true;
    } else if (a == "--json") {
      json = true;
    } else if (!a.starts_with("-") && out.empty()) {
      out = a;
    } else {
      return usage();
    }
  }
  if (out.empty()) return usage();
  const GeneratedCapture capture = gateway_capture(layout, damage);
  if (capture.files.size() == 1) {
    write(out + ".svdat", capture.files[0]);
  } else {
    write(out + "-cpu0.svdat", capture.files[0]);
    write(out + "-cpu1.svdat", capture.files[1]);
  }
  if (json) write(out + ".json", capture.json);
  return 0;
}
