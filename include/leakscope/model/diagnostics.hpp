// What ingest saw of the input: line counts per kind and where lines went unused.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "leakscope/model/event.hpp"

namespace leakscope {

struct InputSummary {
  std::string name;
  std::uint64_t lines = 0;
  std::string error;  // why the input could not be read (fully); empty when fine
  std::string carrier;  // how it was read: "text", "trace" (raw binary trace), "ring" (ring-buffer image)
  std::uint64_t bytes = 0;  // binary inputs: bytes read
  std::string warning;  // read, but not as it said it would be (a ring descriptor); empty if not
};

// What the binary trace reader saw, over all inputs (raw, ring images, LSTRACE lines).
struct TraceStats {
  std::uint64_t frames = 0;          // frames with a good CRC
  std::uint64_t damaged_frames = 0;  // CRC, length or base64 failures, frames cut off
  std::uint64_t unsynced_bytes = 0;  // bytes outside any frame
  std::uint64_t malformed_records = 0;  // good frames whose payload ends before its fields
  std::uint64_t refused_frames = 0;  // frames of a recording in an unreadable major version
  std::map<std::uint8_t, std::uint64_t> unknown_types;  // records skipped, per type
};

struct LineStats {
  static constexpr std::size_t max_examples = 10;

  std::uint64_t read = 0;
  std::uint64_t blank = 0;
  std::uint64_t heap_trace = 0;  // claimed by a heap trace parser
  std::uint64_t log = 0;         // ordinary log lines (esp_log, Particle or Zephyr prefix)
  std::uint64_t heap_telemetry = 0;  // lines printing free heap (heap samples)
  std::uint64_t boot = 0;        // ROM banner, reset reason, loader chatter
  std::uint64_t monitor = 0;     // serial monitor annotations
  std::uint64_t elf_sha256 = 0;  // "ELF file SHA256:" lines naming the running build
  std::uint64_t trace = 0;       // "LSTRACE:" lines carrying binary trace frames
  std::uint64_t records = 0;     // lines the user's record patterns read (--records)
  std::uint64_t crash = 0;       // bare panic, fault and heap-corruption output
  std::uint64_t not_understood = 0;
  std::uint64_t overlong = 0;    // cut at the reader's line limit
  std::vector<SourcePos> first_not_understood;  // the first max_examples of them
};

// One kind of skipped evidence, with a count and the first positions.
struct SkipSummary {
  SkipKind kind = SkipKind::malformed_record;
  std::uint64_t count = 0;
  std::vector<SourcePos> first;
  std::string first_detail;
};

}  // namespace leakscope
