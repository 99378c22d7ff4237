// golden_traces: writes the inputs of the binary-trace golden cases (tests/golden/trace-*),
// made with leakscope's own frame encoder from a scripted run of the sample gateway firmware
// (samples/gateway/): its tasks, its call stacks (return addresses of gateway.elf) and its
// ELF's SHA-256, so the reports symbolize against the sample's ELF.
//
//   leakscope_golden_traces tests/golden
//
// writes trace-raw-gateway/input.bin (raw stream: two boots, a device-side loss, a damaged
// frame, line noise, a record of a later minor version), trace-ring-wrap/ring.bin (a 4 KiB
// ring image after the ring wrapped) and trace-lstrace-log/input.log (frames as LSTRACE lines
// inside an esp_log capture, one line cut short). Deterministic: the same bytes every run.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "leakscope/ingest/base64.hpp"
#include "leakscope/ingest/trace_codec.hpp"
#include "leakscope/ingest/trace_ring.hpp"

using namespace leakscope;

namespace {

// samples/gateway/gateway.elf: the first 8 bytes of its SHA-256 (10754aa5662813c3...).
const std::string gateway_sha256_prefix("\x10\x75\x4a\xa5\x66\x28\x13\xc3", 8);
constexpr std::uint64_t net = 0x20001a04, sensor = 0x20001a20, console = 0x20001a3c;
constexpr std::uint64_t sram = 1;
constexpr std::uint64_t heap_size = 0x3a120;

// Return addresses of the sample's allocation sites, innermost first (as its heap trace dump
// prints them).
const Addresses packet_buffer{0xd1f, 0x697, 0x13d, 0x77};
const Addresses reply_buffer{0xd2f, 0x697, 0x13d, 0x77};
const Addresses session_scratch{0xc5b, 0xcdf, 0x697, 0x13d};
const Addresses session_open{0xc5b, 0xe27, 0x697, 0x13d};     // leaks: net_session_open
const Addresses uart_frame{0xeeb, 0x1003, 0x697, 0x13d};      // leaks: uart_driver_read_frame
const Addresses sample_buffer{0x1075, 0x697, 0x13d, 0x77};
const Addresses sample_grow{0x10ab, 0x697, 0x13d, 0x77};
const Addresses console_label{0x122f, 0x697, 0x13d, 0x77};   // leaks: dup_label (inlined)

// A device recorder: numbers frames, keeps time, hands out block addresses.
class Recorder {
 public:
  std::size_t add(std::uint8_t type, std::vector<TraceValue> fields) {
    const Result<std::string> frame = encode_record(TraceRecord{type, seq_++, std::move(fields), {}});
    if (!frame) throw std::runtime_error(frame.error().message);
    frames.push_back(*frame);
    return frames.size() - 1;
  }
  std::uint64_t tick(std::uint64_t ms = 3) { return time_ += ms * 1000; }

  void start(const std::string& reason, std::uint64_t boot_count) {
    seq_ = 0;
    time_ = 0;
    add(record_type::header, {1u, 0u, 1u, 4u, 1000u, std::string(), gateway_sha256_prefix,
                              std::string("gateway sample 1.0")});
    add(record_type::boot, {boot_count, 0u, reason});
    add(record_type::heap_name, {sram, std::string("SRAM")});
    for (auto [task, name] : {std::pair{net, "net"}, {sensor, "sensor"}, {console, "console"}})
      add(record_type::task, {tick(), task, 0u, std::string(name)});
  }
  std::uint64_t alloc(std::uint64_t size, std::uint64_t task, const Addresses& stack) {
    const std::uint64_t address = next_block_;
    next_block_ += (size + 15) / 16 * 16 + 16;
    add(record_type::alloc, {tick(1), address, size, task, sram, stack});
    in_use_ += size;
    return address;
  }
  void free(std::uint64_t address, std::uint64_t size, std::uint64_t task) {
    add(record_type::free, {tick(1), address, task, Addresses{}});
    in_use_ -= size;
  }
  std::uint64_t realloc(std::uint64_t old_address, std::uint64_t old_size, std::uint64_t size,
                        std::uint64_t task, const Addresses& stack) {
    const std::uint64_t address = next_block_;
    next_block_ += (size + 15) / 16 * 16 + 16;
    add(record_type::realloc, {tick(1), old_address, address, size, task, sram, stack});
    in_use_ += size - old_size;
    return address;
  }
  // The device's buffer was full: `n` records were never written, their numbers skipped.
  void drop(std::uint16_t n) {
    seq_ = static_cast<std::uint16_t>(seq_ + n);
    add(record_type::loss, {tick(), std::uint64_t{n}, std::uint64_t{n} * 14u});
  }
  void heap_sample() {
    const std::uint64_t free_bytes = heap_size - 4096 - in_use_;
    min_free_ = std::min(min_free_, free_bytes - 256);
    add(record_type::heap, {tick(), sram, free_bytes, min_free_, free_bytes - 1024, heap_size});
  }

  // One cycle of the firmware's work; leaks on some cycles, as the sample does.
  void cycle(std::uint64_t n) {
    add(record_type::marker, {tick(), 1u, n, fmt::format("cycle {}", n)});
    const std::uint64_t packet = alloc(48, net, packet_buffer);
    const std::uint64_t reply = alloc(119 + n, net, reply_buffer);
    free(packet, 48, net);
    free(reply, 119 + n, net);
    const std::uint64_t scratch = alloc(203, net, session_scratch);
    free(scratch, 203, net);
    if (n % 3 == 0) alloc(96, net, session_open);
    const std::uint64_t frame = alloc(48, sensor, uart_frame);
    if (n % 4 != 0) free(frame, 48, sensor);
    std::uint64_t samples = alloc(32, sensor, sample_buffer);
    samples = realloc(samples, 32, 64, sensor, sample_grow);
    free(samples, 64, sensor);
    if (n % 5 == 0) alloc(7, console, console_label);
    heap_sample();
    add(record_type::marker, {tick(), 2u, n, fmt::format("cycle {}", n)});
  }

  std::string bytes() const {
    std::string out;
    for (const std::string& f : frames) out += f;
    return out;
  }

  std::vector<std::string> frames;

 private:
  std::uint16_t seq_ = 0;
  std::uint64_t time_ = 0;
  std::uint64_t next_block_ = 0x20001c40;
  std::uint64_t in_use_ = 0;
  std::uint64_t min_free_ = heap_size;
};

void write(const std::filesystem::path& path, const std::string& bytes) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
  std::printf("%s: %zu bytes\n", path.c_str(), bytes.size());
}

// Raw stream: two boots. Boot 1 has a device-side loss, a frame damaged on the wire, line
// noise between two frames and a record type from a later minor version.
std::string raw_stream() {
  Recorder r;
  r.start("POWERON_RESET", 1);
  std::size_t damaged = 0;
  std::size_t noise_before = 0;
  for (std::uint64_t n = 1; n <= 12; ++n) {
    if (n == 6) r.drop(3);
    if (n == 7) r.add(0x0b, {});  // unknown type: a later minor version's record, skipped
    if (n == 8) damaged = r.frames.size() + 1;  // cycle 8's first ALLOC (after its marker)
    if (n == 10) noise_before = r.frames.size();
    r.cycle(n);
  }
  r.frames[damaged][9] = static_cast<char>(r.frames[damaged][9] ^ 0x20);
  r.frames[noise_before].insert(0, std::string("\r\n\xff\x00\xa5 noise\r\n", 13));
  r.start("SW_CPU_RESET", 2);
  for (std::uint64_t n = 1; n <= 5; ++n) r.cycle(n);
  return r.bytes();
}

// The recorder's ring buffer (lst_ring: "LSRB", capacity, head, wraps, data) after 30 cycles
// went through 4 KiB of it: the oldest frames, the HEADER among them, are overwritten.
std::string ring_image() {
  Recorder r;
  r.start("POWERON_RESET", 1);
  for (std::uint64_t n = 1; n <= 30; ++n) r.cycle(n);
  return ring_image_of(r.bytes(), 4096);
}

// An esp_log capture (CRLF, colour) whose firmware sends its frames as LSTRACE lines, up to
// three frames a line, some behind a serial monitor's timestamp. Two boots; in the first, one
// trace line is cut short by line noise.
std::string lstrace_log() {
  std::string log;
  auto line = [&](const std::string& text) { log += text + "\r\n"; };
  auto info = [&](int ms, const std::string& tag, const std::string& text) {
    line(fmt::format("\x1b[0;32mI ({}) {}: {}\x1b[0m", ms, tag, text));
  };
  auto frames_as_lines = [&](Recorder& r, std::size_t from, std::size_t cut_line) {
    std::size_t lines = 0;
    for (std::size_t i = from; i < r.frames.size(); i += 3) {
      std::string bytes;
      for (std::size_t k = i; k < std::min(i + 3, r.frames.size()); ++k) bytes += r.frames[k];
      std::string text = "LSTRACE:" + base64_encode(bytes);
      if (++lines == cut_line) text.resize(text.size() * 2 / 3);
      line(lines % 4 == 0 ? "[12:00:0" + std::to_string(lines % 10) + ".250] " + text : text);
    }
  };
  auto boot = [&](const std::string& reset, const std::string& reason, std::uint64_t count, int cycles,
                  std::size_t cut_line) {
    line("ets Jun  8 2016 00:22:57");
    line("");
    line("rst:" + reset + ",boot:0x13 (SPI_FAST_FLASH_BOOT)");
    info(27, "boot", "leakscope gateway sample, 2nd stage bootloader (simulated)");
    info(217, "cpu_start", "Pro cpu up.");
    Recorder r;
    r.start(reason, count);
    frames_as_lines(r, 0, 0);
    info(237, "cpu_start", "Starting scheduler on PRO CPU.");
    for (int n = 1; n <= cycles; ++n) {
      const std::size_t from = r.frames.size();
      r.cycle(static_cast<std::uint64_t>(n));
      info(240 + 350 * n, "net", fmt::format("client {} connected from 10.0.0.11:49169", n));
      frames_as_lines(r, from, n == 2 ? cut_line : 0);
      info(250 + 350 * n, "console", "> status");
    }
  };
  boot("0x1 (POWERON_RESET)", "POWERON_RESET", 1, 6, 3);
  boot("0xc (SW_CPU_RESET)", "SW_CPU_RESET", 2, 3, 0);
  return log;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: leakscope_golden_traces GOLDEN_DIR   (tests/golden)\n");
    return 2;
  }
  const std::filesystem::path root = argv[1];
  write(root / "trace-raw-gateway" / "input.bin", raw_stream());
  write(root / "trace-ring-wrap" / "ring.bin", ring_image());
  write(root / "trace-lstrace-log" / "input.log", lstrace_log());
  return 0;
}
