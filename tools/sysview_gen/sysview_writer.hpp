// SysviewWriter: writes SEGGER SystemView streams as ESP-IDF's host-based heap tracing and
// OpenOCD produce them, for tests and golden inputs. Written from the byte-level description
// of the shared formats reference (device-log-formats.md §2), independently of the reader in
// src/ingest/sysview_*, so each checks the other.
//
//   SysviewWriter w(SysviewHeaderKind::mcore);       // OpenOCD header with ESP_Extension, sync
//   w.at(0).trace_start();
//   w.init(40'000'000, 160'000'000, 0x3f400000, 0);
//   w.moduledesc(0, 512, "M=ESP32 SystemView Heap Tracing Module");
//   w.task_info(0x2a, 5, "blink_task");
//   w.at(1890).task_start_exec(1, 0x2a);             // on core 1
//   w.heap_alloc(1, 0x3ffb4c08, 64, {0x400d1e63});   // callers padded with zeros to the depth
//   std::string bytes = w.bytes();
//
// Packets: event id (one byte below 128, else two: low 7 bits | 0x80, then the rest), ESP's
// core bit (bit 6 of the only or the high byte) for core 1, the payload length for ids from
// 24, the payload (SEGGER varints and strings), the timestamp delta in ticks since the
// previous packet of this stream. at() sets the time of the packets that follow; TRACE_START
// restarts the time at 0.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace leakscope::sysview_gen {

// SEGGER's encodings: a varint of 7-bit groups, least significant first; a string as a length
// byte (0xFF and a 16-bit little-endian length from 255 bytes) and its bytes.
void put_varint(std::string& out, std::uint32_t value);
void put_string(std::string& out, std::string_view text);

enum class SysviewHeaderKind : std::uint8_t {
  none,      // UART or raw RTT capture: the sync first
  one_core,  // OpenOCD's header: one core per file
  mcore,     // OpenOCD's header with "; ESP_Extension": both cores, core bit in the ids
};

class SysviewWriter {
 public:
  explicit SysviewWriter(SysviewHeaderKind header = SysviewHeaderKind::mcore);

  SysviewWriter& at(std::uint64_t ticks);  // time of the next packets, since TRACE_START
  std::uint64_t now() const { return now_; }
  void set_stack_depth(std::size_t depth) { depth_ = depth; }       // CONFIG_HEAP_TRACING_STACK_DEPTH
  void set_heap_events(std::uint32_t first) { heap_first_ = first; }  // the heap module's offset

  // Any event: `fields` is its payload.
  void packet(std::uint32_t id, std::uint8_t core, std::string_view fields);
  // An event of varint fields (an OS API event, say).
  void varint_event(std::uint32_t id, std::uint8_t core, std::initializer_list<std::uint32_t> fields);

  void trace_start();
  void sysdesc(std::string_view text);
  void init(std::uint32_t sys_freq, std::uint32_t cpu_freq, std::uint32_t ram_base, std::uint32_t id_shift);
  void moduledesc(std::uint32_t module, std::uint32_t event_offset, std::string_view desc);
  void nummodules(std::uint32_t count);
  void task_info(std::uint32_t tid, std::uint32_t priority, std::string_view name);
  void task_create(std::uint8_t core, std::uint32_t tid);
  void task_terminate(std::uint8_t core, std::uint32_t tid);
  void task_start_exec(std::uint8_t core, std::uint32_t tid);
  void task_stop_exec(std::uint8_t core);
  void task_stop_ready(std::uint8_t core, std::uint32_t tid, std::uint32_t cause);
  void idle(std::uint8_t core);
  void isr_enter(std::uint8_t core, std::uint32_t irq);
  void isr_exit(std::uint8_t core);
  void isr_to_scheduler(std::uint8_t core);
  void overflow(std::uint8_t core, std::uint32_t dropped);
  void heap_alloc(std::uint8_t core, std::uint32_t address, std::uint32_t size,
                  const std::vector<std::uint32_t>& callers);
  void heap_free(std::uint8_t core, std::uint32_t address, const std::vector<std::uint32_t>& callers);

  void sync();                          // 10 zero bytes, as at the start
  void raw(std::string_view bytes);     // anything: damage, line noise
  void truncate(std::size_t size) { out_.resize(size); }
  const std::string& bytes() const { return out_; }

 private:
  void caller_fields(std::string& out, const std::vector<std::uint32_t>& callers) const;

  std::string out_;
  std::uint64_t now_ = 0;
  std::uint64_t last_ = 0;
  std::size_t depth_ = 6;
  std::uint32_t heap_first_ = 512;
};

}  // namespace leakscope::sysview_gen
