// ingest_bench: throughput and memory of the text pipeline (scan -> analyze) on a synthetic
// ESP-IDF capture generated on the fly, so the benchmark itself holds no log in memory.
//
//   leakscope_ingest_bench [MEGABYTES...]     (default: 64 512)
//
// For each size it prints MB/s, lines/s and the process's peak RSS. The goals are in
// tools/bench/README.md; peak RSS must not grow with the input size.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "leakscope/analyze/analyzer.hpp"
#include "leakscope/ingest/log_scanner.hpp"

using namespace leakscope;

namespace {

// Repeats one "boot period": log chatter with colour and CRLF, then a v4 dump of 200 live
// records over 40 distinct stacks, then a reboot every 200 periods (about 20 MB).
class SyntheticCapture final : public ByteSource {
 public:
  explicit SyntheticCapture(std::uint64_t bytes) : remaining_(bytes) {}

  std::size_t read(char* buffer, std::size_t capacity) override {
    std::size_t written = 0;
    while (written < capacity && remaining_ > 0) {
      if (offset_ == chunk_.size()) refill();
      const std::size_t n = std::min({capacity - written, chunk_.size() - offset_,
                                      static_cast<std::size_t>(remaining_)});
      std::copy_n(chunk_.data() + offset_, n, buffer + written);
      offset_ += n;
      written += n;
      remaining_ -= n;
    }
    return written;
  }
  const std::string& error() const override { return error_; }
  const std::string& name() const override { return name_; }

 private:
  void refill() {
    chunk_.clear();
    offset_ = 0;
    if (period_ % 200 == 0)
      chunk_ += "ets Jun  8 2016 00:22:57\r\n\r\nrst:0xc (SW_CPU_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\r\n";
    for (int i = 0; i < 300; ++i)
      chunk_ += fmt::format("\x1b[0;32mI ({}) net: client {} sent {} bytes\x1b[0m\r\n",
                            period_ * 1000 + i, i % 7, 100 + i);
    // Heap telemetry once per period: from the boot's first sample on, every message is
    // masked and kept for event correlation.
    chunk_ += fmt::format("I ({}) app: free heap: {}\r\n", period_ * 1000 + 300,
                          200000 - (period_ % 200) * 16);
    chunk_ += "200 allocations trace (256 entry buffer)\r\n";
    std::uint64_t bytes = 0;
    for (int r = 0; r < 200; ++r) {
      const unsigned stack = static_cast<unsigned>(r % 40);
      chunk_ += fmt::format(
          "{} bytes (@ 0x{:x}) allocated CPU {} ccount 0x{:08x} caller "
          "0x{:x}:0x{:x}:0x{:x}:0x{:x}\r\n",
          32 + stack, 0x3ffb0000 + r * 64, r & 1, (period_ * 200 + r) * 4, 0x400d1000 + stack * 16,
          0x400d2000 + stack * 8, 0x400d3000, 0x400d4000);
      bytes += 32 + stack;
    }
    chunk_ += fmt::format("{} bytes 'leaked' in trace (200 allocations)\r\n", bytes);
    chunk_ += "total allocations 5000 total frees 4800\r\n";
    ++period_;
  }

  std::uint64_t remaining_;
  std::uint64_t period_ = 0;
  std::string chunk_;
  std::size_t offset_ = 0;
  std::string error_;
  std::string name_ = "<synthetic>";
};

long peak_rss_kib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::uint64_t> sizes_mb;
  for (int i = 1; i < argc; ++i) sizes_mb.push_back(std::strtoull(argv[i], nullptr, 10));
  if (sizes_mb.empty()) sizes_mb = {64, 512};

  auto plumbing = PlumbingFilter::create();
  fmt::print("{:>8} {:>10} {:>12} {:>8} {:>12}\n", "MB", "MB/s", "lines/s", "boots",
             "peak RSS KiB");
  for (std::uint64_t mb : sizes_mb) {
    SyntheticCapture capture(mb << 20);
    Analyzer analyzer(nullptr, *plumbing);
    LogScanner scanner(analyzer);
    const auto start = std::chrono::steady_clock::now();
    scanner.scan(capture, 0);
    scanner.finish();
    const Report report = analyzer.finish();
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    fmt::print("{:>8} {:>10.0f} {:>12.0f} {:>8} {:>12}\n", mb, static_cast<double>(mb) / seconds,
               static_cast<double>(scanner.stats().read) / seconds, report.boots.size(),
               peak_rss_kib());
  }
  return 0;
}
