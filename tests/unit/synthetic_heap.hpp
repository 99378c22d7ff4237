// Synthetic heap logs for the trend and correlation tests, from a seeded generator.
//
// The cellular case (issue 5's first story): a Particle-style device prints its uptime and free
// memory every hour. Its modem restarts now and then; after most restarts the system fails to
// load session data and 5 KiB stay allocated for good (two restarts in one hour: 10 KiB). The
// log also carries noise lines (signal reports, pings, publishes) with changing numbers, the
// samples carry noise and transient allocations, some hourly samples are missing, and the
// device freezes when free memory falls under 15 KiB.
#pragma once

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "leakscope/analyze/theil_sen.hpp"

namespace synthetic {

// mt19937_64 is specified exactly; the std:: distributions are not, so they are avoided here to
// keep the numbers the same on every standard library.
class Random {
 public:
  explicit Random(std::uint64_t seed) : engine_(seed) {}
  double uniform() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }
  bool chance(double p) { return uniform() < p; }
  double normal(double sd) {  // Box-Muller
    const double u = 1 - uniform();
    return sd * std::sqrt(-2 * std::log(u)) * std::cos(6.283185307179586 * uniform());
  }
  int below(int n) { return static_cast<int>(uniform() * n); }

 private:
  std::mt19937_64 engine_;
};

struct Line {
  double time = 0;  // seconds since boot
  std::string text;
  bool heap_sample = false;
};

struct CellularCase {
  std::vector<leakscope::TrendPoint> samples;  // as printed: noise, transients, gaps
  std::vector<Line> lines;                     // the whole log, in time order
  std::vector<double> leak_times;
  double settled_level = 0;  // free heap after the warm-up, before any leak
  double death_time = 0;     // when it froze (the last sample is before)
  static constexpr double leak_bytes = 5120;
  static constexpr double death_level = 15 * 1024;

  // What the realisation really lost per hour between the first and last sample after warm-up.
  double realised_rate_per_hour(double from, double to) const {
    double lost = 0;
    for (double t : leak_times)
      if (t > from && t <= to) lost += leak_bytes;
    return lost / (to - from) * 3600;
  }
};

inline std::string particle_line(double t, const std::string& category, const std::string& level,
                                 const std::string& message) {
  return fmt::format("{:010} [{}] {}: {}", static_cast<std::uint64_t>(t * 1000), category, level,
                     message);
}

inline CellularCase cellular_case(std::uint64_t seed, double noise_sd = 300,
                                  double missing = 0.15) {
  Random rng(seed);
  CellularCase c;
  c.settled_level = 130 * 1024;
  double leaked = 0;
  auto level_at = [&](double t) {
    // Warm-up: 200 KiB at boot, settled after about 20 minutes.
    const double warm = t < 1200 ? 50 * 1024 * (1 - t / 1200) : 0;
    return c.settled_level + warm - leaked;
  };
  std::uint32_t publish = 0;
  for (double t = 0;; t += 60) {  // one simulated minute at a time
    const int minute = static_cast<int>(t / 60);
    if (minute % 10 == 3)
      c.lines.push_back({t + 7, particle_line(t + 7, "app", "INFO",
                                              fmt::format("rssi={} qual={}", -60 - rng.below(30),
                                                          20 + rng.below(30)))});
    if (minute % 5 == 1)
      c.lines.push_back(
          {t + 2, particle_line(t + 2, "comm.protocol", "TRACE",
                                fmt::format("Sending PING, msg id {}", rng.below(65536)))});
    if (minute % 15 == 9)
      c.lines.push_back({t + 30, particle_line(t + 30, "app", "INFO",
                                               fmt::format("publish ok, seq {}", ++publish))});
    if (rng.chance(0.01))
      c.lines.push_back(
          {t + 40, particle_line(t + 40, "app", "WARN",
                                 fmt::format("sensor timeout on bus {}", rng.below(3)))});
    // About 0.6 modem restarts an hour; three in four fail to restore the session and leak.
    if (t > 1800 && rng.chance(0.6 / 60)) {
      c.lines.push_back(
          {t + 10, particle_line(t + 10, "ncp.client", "INFO",
                                 fmt::format("Modem restarted, attempt {}", 1 + rng.below(3)))});
      if (rng.chance(0.75)) {
        c.lines.push_back(
            {t + 14, particle_line(t + 14, "system", "ERROR",
                                   fmt::format("Failed to load session data (error -{})",
                                               200 + rng.below(20)))});
        c.leak_times.push_back(t + 15);
        leaked += CellularCase::leak_bytes;
      } else {
        c.lines.push_back({t + 14, particle_line(t + 14, "comm.protocol", "INFO",
                                                 fmt::format("Session resumed, id 0x{:06x}",
                                                             rng.below(1 << 24)))});
      }
    }
    if (level_at(t) < CellularCase::death_level) {
      c.death_time = t;
      break;
    }
    // Samples: at boot, a quarter of an hour in, then hourly; some are lost on the way.
    const bool due = minute == 0 || minute == 15 || (minute % 60 == 0);
    if (due && (minute < 60 || !rng.chance(missing))) {
      double value = level_at(t) + rng.normal(noise_sd);
      if (rng.chance(0.15)) value -= 1024 + 1024 * rng.uniform();  // a buffer in flight
      const auto printed = static_cast<std::uint64_t>(std::max(0.0, value));
      c.samples.push_back({t + 50, static_cast<double>(printed)});
      c.lines.push_back(
          {t + 50,
           particle_line(t + 50, "app", "INFO",
                         fmt::format("uptime={} mem={}", static_cast<int>(t + 50), printed)),
           true});
    }
  }
  std::stable_sort(c.lines.begin(), c.lines.end(),
                   [](const Line& a, const Line& b) { return a.time < b.time; });
  return c;
}

// A device whose heap only dips: buffers are taken for a while and given back, in a sawtooth
// (a cache that grows and is flushed every few hours) plus noise. Nothing is lost.
inline std::vector<leakscope::TrendPoint> stable_sawtooth(std::uint64_t seed, int hours = 48) {
  Random rng(seed);
  std::vector<leakscope::TrendPoint> samples;
  double phase = 0;
  for (int h = 0; h < hours; ++h) {
    phase += 0.5 + rng.uniform();  // the cache fills at an uneven pace
    if (phase >= 6) phase = 0;     // flushed
    const double value = 120 * 1024 - phase * 3 * 1024 + rng.normal(300);
    samples.push_back({h * 3600.0 + 30, std::round(value)});
  }
  return samples;
}

}  // namespace synthetic
