// The framing of a SystemView capture (device-log-formats.md §2.2): an optional text header,
// the sync, then packets back to back: event id, payload length (ids from 24), payload,
// timestamp delta. No CRC, no packet boundary marks: a packet is only as good as the bytes
// before it.
//
//   SysviewStreamReader reader(whole_file);      // reads the header, finds the sync
//   for (SysviewItem item; reader.next(item);)
//     item.damage ? report(*item.damage) : use(item.packet);
//   if (sysview_start(first_bytes) == SysviewStart::yes) ...   // input detection
//
// Header: OpenOCD writes `;` lines ending at the second line that is `;` alone; "; Version"
// names the recorder, "; ESP_Extension" says both cores share the file (core bit in the ids);
// without it a dual-core capture is two files, one per core. UART captures and raw RTT have
// no header and start with the sync.
//
// Ids: one byte, or two when the first has bit 7 (`(b1 << 7) | (b0 & 0x7f)`). Bit 6 of the
// only (or the high) byte is ESP-IDF's core bit: set on core 1, cleared here. It is read in
// every capture: OpenOCD clears it in per-core files, and ESP-IDF sends no id that has it
// otherwise (ids 64-127 are unused).
//
// Damage: a run of 10 or more zero bytes at a packet boundary is a sync and is passed over
// (NOP packets with a zero delta look the same and mean nothing). A packet that cannot be
// read (id 23, whose size depends on its data; a varint over 5 bytes; a two-byte id below
// 128, which no encoder writes) is reported with its byte offset, and the bytes up to the
// next sync are skipped: without framing, no later byte can be trusted to start a packet. A
// capture that ends inside a packet (the trace stopped mid-write) ends there, with a note.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "leakscope/model/event.hpp"

namespace leakscope {

struct SysviewHeader {
  bool present = false;        // the capture starts with OpenOCD's text header
  bool esp_extension = false;  // "; ESP_Extension": both cores' events in this one file
  bool segger_multicore = false;  // "; Offset Core1 <n>" lines: SEGGER's own multicore file
  std::string version;         // "SEGGER SystemViewer V2.42"; empty without a header
  std::uint64_t sync_offset = 0;  // where the sync begins; the file size when none was found
};

struct SysviewPacket {
  std::uint64_t offset = 0;  // of its first byte in the capture
  std::uint32_t id = 0;      // core bit cleared
  std::uint8_t core = 0;     // 1 when the core bit was set
  std::string_view payload;  // fields (ids below 24: those of its layout); valid in on_packet only
  std::uint32_t delta = 0;   // ticks since the previous packet of the capture
};

// Bytes that were not read as packets: kind unsynced_bytes (skipped up to a sync) or
// damaged_frame (the capture ends inside a packet, or has no sync).
struct SysviewDamage {
  std::uint64_t offset = 0;
  SkipKind kind = SkipKind::unsynced_bytes;
  std::string detail;
};

struct SysviewItem {
  SysviewPacket packet;                 // when there is no damage
  std::optional<SysviewDamage> damage;
};

// Reads a capture held whole in memory (which must outlive the reader), a packet at a time.
class SysviewStreamReader {
 public:
  explicit SysviewStreamReader(std::string_view capture);

  const SysviewHeader& header() const { return header_; }
  // The next packet or damage, in the capture's order; false at its end.
  bool next(SysviewItem& item);

 private:
  std::string_view capture_;
  SysviewHeader header_;
  std::size_t pos_ = 0;
  std::optional<SysviewDamage> header_damage_;  // bytes between the header and the sync
  bool done_ = false;
};

enum class SysviewStart : std::uint8_t { no, yes, maybe };  // maybe: more bytes would tell

// Whether an input starting with `head` is a SystemView capture: a header's first two lines
// (";" alone, then a line starting ";") or the sync.
SysviewStart sysview_start(std::string_view head);

}  // namespace leakscope
