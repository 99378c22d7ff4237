// golden_heap: writes the inputs of the heap telemetry golden cases (tests/golden/heap-*), logs
// of simulated devices whose free heap is known, from seeded generators.
//
//   leakscope_golden_heap tests/golden
//
// writes
//   heap-cellular-particle/input.log  issue 5's story: a Particle device printing uptime and
//        free memory every hour (some samples missing, noise, buffers in flight), 5 KiB lost
//        after most failed session restores following a modem restart, frozen near 15 KiB
//        (tests/unit/synthetic_heap.hpp, seed 2);
//   heap-esp-idf-reboots/input.log    an ESP32 (ESP-IDF esp_log lines, colour, CRLF) in three
//        boots: one leaking 4 KiB per failed PPP session restore until its task watchdog
//        resets it, one leaking the same way until it panics, one too short for a trend;
//   heap-stable-sawtooth/input.log    a device whose cache fills and is flushed, printing
//        "Free memory: N" with a serial monitor's wall-clock timestamps: stable;
//   heap-no-timestamps/input.log      bare printf lines without any timestamp, leaking one
//        connection's 1.5 KiB now and then: rates per 3600 lines.
// Deterministic: the same bytes every run.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "synthetic_heap.hpp"

namespace {

namespace fs = std::filesystem;

void write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
}

std::string cellular_particle() {
  const synthetic::CellularCase c = synthetic::cellular_case(2);
  std::string log;
  for (const synthetic::Line& line : c.lines) log += line.text + "\n";
  return log;
}

// One ESP32 boot: esp_log lines ("I (ms) tag: message", coloured, CRLF), a sample of free
// heap, minimum ever free and largest free block every 10 minutes (one in ten lost), chatter,
// and PPP sessions that drop: after most drops the session restore fails and 4 KiB stay
// allocated (two drops in one interval: 8 KiB). Runs until free heap falls under `end_below`
// or `minutes` pass.
struct EspBoot {
  std::uint64_t seed = 1;
  int minutes = 0;
  double end_below = 0;
  double drop_chance = 0.02;  // per minute, after the first half hour
};

std::string esp_line(char level, double seconds, std::string_view tag, const std::string& msg) {
  const char* colour = level == 'E' ? "0;31" : level == 'W' ? "0;33" : "0;32";
  return fmt::format("\x1b[{}m{} ({}) {}: {}\x1b[0m\r\n", colour, level,
                     static_cast<std::uint64_t>(seconds * 1000), tag, msg);
}

std::string esp_boot(const EspBoot& b) {
  synthetic::Random rng(b.seed);
  std::string log;
  log += esp_line('I', 0.03, "cpu_start", "Pro cpu start user code");
  log += esp_line('I', 0.29, "app_main", "gateway 2.4.1 starting");
  double leaked = 0;
  double min_free = 1e12;
  for (int minute = 0; minute < b.minutes; ++minute) {
    const double t = minute * 60.0;
    const double warm = t < 600 ? 40 * 1024 * (1 - t / 600) : 0;
    const double level = 150 * 1024 + warm - leaked;
    if (level < b.end_below) break;
    if (minute % 3 == 1)
      log += esp_line('I', t + 5, "wifi",
                      fmt::format("rssi -{} ch {}", 55 + rng.below(30), 1 + rng.below(11)));
    if (minute % 7 == 2)
      log +=
          esp_line('I', t + 20, "mqtt",
                   fmt::format("published {} messages, id {}", 1 + rng.below(5), rng.below(65536)));
    if (t > 1800 && rng.chance(b.drop_chance)) {
      log += esp_line('W', t + 30, "ppp",
                      fmt::format("session dropped, reconnecting (attempt {})", 1 + rng.below(3)));
      if (rng.chance(0.8)) {
        log +=
            esp_line('E', t + 33, "ppp",
                     fmt::format("failed to restore session (err 0x{:x})", 0x3000 + rng.below(16)));
        leaked += 4096;
      } else {
        log += esp_line(
            'I', t + 33, "ppp",
            fmt::format("session restored, ip 10.64.{}.{}", rng.below(256), rng.below(256)));
      }
    }
    if (minute % 10 == 0 && (minute < 30 || !rng.chance(0.1))) {
      const double in_flight = rng.chance(0.2) ? 512 + 1024 * rng.uniform() : 0;
      const double free = std::round(level - in_flight + rng.normal(200));
      min_free = std::min(min_free, free - 300);
      const double largest = std::round(std::min(free * 0.55, 90 * 1024.0) - 64 * rng.below(8));
      log += esp_line('I', t + 55, "sysmon",
                      fmt::format("free heap: {} bytes, min free: {}, largest block: {}", free,
                                  min_free, largest));
    }
  }
  return log;
}

std::string esp_idf_reboots() {
  const std::string banner = "ets Jun  8 2016 00:22:57\r\n\r\n";
  const std::string chatter =
      "configsip: 0, SPIWP:0xee\r\nmode:DIO, clock div:2\r\nload:0x3fff0030,len:6940\r\n"
      "entry 0x40080400\r\n";
  std::string log =
      banner + "rst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\r\n" + chatter;
  log += esp_boot({11, 100000, 30 * 1024, 0.03});
  log += banner + "rst:0x8 (TG1WDT_SYS_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\r\n" + chatter;
  log += esp_boot({12, 60 * 12, 0, 0.03});
  log +=
      "\r\nabort() was called at PC 0x400d2f3a on core 0\r\n\r\nBacktrace: "
      "0x40081f2e:0x3ffb5a60 0x40089a6d:0x3ffb5a80\r\n\r\nRebooting...\r\n";
  log += banner + "rst:0xc (SW_CPU_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\r\n" + chatter;
  log += esp_boot({13, 25, 0, 0});
  return log;
}

std::string stable_sawtooth() {
  const std::vector<leakscope::TrendPoint> samples = synthetic::stable_sawtooth(5);
  synthetic::Random rng(6);
  std::string log;
  const std::int64_t start = 1714564800;  // 2024-05-01 12:00:00 UTC
  auto stamp = [&](double t) {
    const auto s = start + static_cast<std::int64_t>(t);
    const std::int64_t day = s / 86400 - 19844;  // days since 2024-05-01
    const std::int64_t sec = s % 86400;
    return fmt::format("[2024-05-{:02} {:02}:{:02}:{:02}.{:03}] ", 1 + day, sec / 3600,
                       sec / 60 % 60, sec % 60, static_cast<int>((t - std::floor(t)) * 1000));
  };
  for (const leakscope::TrendPoint& p : samples) {
    log += stamp(p.time - 25) + fmt::format("cache: {} entries\n", 20 + rng.below(200));
    log += stamp(p.time) + fmt::format("Free memory: {}\n", p.bytes);
    if (rng.chance(0.3)) log += stamp(p.time + 600) + "cache: flushed\n";
  }
  return log;
}

std::string no_timestamps() {
  synthetic::Random rng(21);
  std::string log;
  double leaked = 0;
  for (int i = 0; i < 600; ++i) {
    log += fmt::format("client {} connected\n", rng.below(50));
    log += fmt::format("request {} served in {} ms\n", rng.below(100000), 5 + rng.below(90));
    if (rng.chance(0.04)) {
      log += "connection reset by peer, socket not closed\n";
      leaked += 1536;
    }
    if (i % 10 == 0)
      log += fmt::format("free heap: {}\n", std::llround(90000 - leaked + rng.normal(60)));
  }
  return log;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: leakscope_golden_heap GOLDEN_DIR\n");
    return 2;
  }
  const fs::path root = argv[1];
  write(root / "heap-cellular-particle" / "input.log", cellular_particle());
  write(root / "heap-esp-idf-reboots" / "input.log", esp_idf_reboots());
  write(root / "heap-stable-sawtooth" / "input.log", stable_sawtooth());
  write(root / "heap-no-timestamps" / "input.log", no_timestamps());
  return 0;
}
