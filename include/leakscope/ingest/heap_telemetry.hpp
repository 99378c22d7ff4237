// Heap telemetry: free-heap figures that firmware prints in ordinary log lines.
//
//   HeapPatterns user;                                   // --heap-pattern, config file
//   if (auto st = user.add(R"(heap=(?P<free>\d+))"); !st) return st.error();
//   ...
//   auto readings = read_heap_telemetry(clean.text, user);
//   if (!readings) skip(readings.error().message);       // a user capture was not a number
//   for (const HeapReading& r : *readings) ...           // usually zero or one
//
// Built-in shapes (find_heap_readings) are recognised by scanning, not by regex: each number in
// the message (after the ESP-IDF, Particle or Zephyr prefix) is read with the words naming it
// ("Free heap: 64448 bytes", "min_free 3", "mem 64448", "heap_caps_get_free_size(MALLOC_CAP_
// SPIRAM) = 4000000"), and the words decide what it is: free, minimum-ever free, largest free
// block or heap size, and for which heap ("PSRAM", "internal", ...). Words that make a number
// something else reject it: "malloc failed for 64448 bytes", "free stack", "free blocks: 3",
// "Free heap dropped by 5120", "freed 64 bytes", "SPIFFS free". A bare "free N" counts only
// beside other heap figures (heap_caps_print_heap_info's totals, Zephyr's sys_heap sample) or
// as the whole message "free:   N" (Zephyr's kernel heap shell command).
//
// Sources (shared/formats/device-log-formats.md): heap_caps_print_heap_info §3.4 (its per-region
// lines "At 0x..." are not samples, only the "Totals" line is), ESP-IDF log prefix §3.7,
// Particle System.freeMemory() and log prefix §5.1, Zephyr kernel heap shell and log prefix
// §5.2, FreeRTOS/Zephyr heap statistics §7. Application prints (esp_get_free_heap_size(),
// esp_get_minimum_free_heap_size(), heap_caps_get_largest_free_block(), xPortGetFreeHeapSize(),
// Particle "mem 64448", Zephyr sys_heap_runtime_stats_get() samples) have no fixed text: the
// shapes above are the ones common in public examples.
//
// Units: none, "B"/"byte(s)" are bytes; "K", "k", "KB", "kB", "KiB" are 1024 bytes; "M", "MB",
// "MiB" are 1024 * 1024 (firmware authors mean binary units); "12.5 KB" is allowed.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "leakscope/model/result.hpp"

namespace leakscope {

// One heap's figures in one line. At least one of free, min_free and largest_free is set.
struct HeapReading {
  std::string heap;  // "" for the (default) heap; "PSRAM", "internal", "DRAM", "IRAM", "DMA",
                     // or a user pattern's `heap` capture
  std::optional<std::uint64_t> free;
  std::optional<std::uint64_t> min_free;      // minimum ever free since boot
  std::optional<std::uint64_t> largest_free;  // largest free block
  std::optional<std::uint64_t> total;         // heap size

  bool operator==(const HeapReading&) const = default;
};

// The built-in shapes in one cleaned line; empty when it prints no heap figure.
std::vector<HeapReading> find_heap_readings(std::string_view line);

// "64448", "64448 bytes", "63 KB", "12.5kB": the whole text (spaces around allowed) as bytes.
bool read_byte_count(std::string_view text, std::uint64_t& bytes);

// User patterns: RE2, searched anywhere in the cleaned line, with named captures `free`
// (required), `min_free`, `largest`, `total` (byte counts as read_byte_count reads them) and
// `heap` (a label). Each pattern is compiled once, by add().
class HeapPatterns {
 public:
  // Errors name the pattern: bad syntax, no `free` capture, an unknown capture name.
  Status add(const std::string& pattern);
  bool empty() const { return patterns_.empty(); }
  std::size_t size() const { return patterns_.size(); }

  // One reading per pattern that matches, in the order they were added. An error when a
  // pattern matched but a capture was not a byte count: the line is malformed telemetry.
  Result<std::vector<HeapReading>> match(std::string_view line) const;

 private:
  struct Compiled;
  std::vector<std::shared_ptr<const Compiled>> patterns_;
};

// User patterns first; when none matches, the built-in shapes. A user pattern that matches
// thus overrides a built-in reading of the same line.
Result<std::vector<HeapReading>> read_heap_telemetry(std::string_view line,
                                                     const HeapPatterns& user);

}  // namespace leakscope
