// SEGGER SystemView as ESP-IDF's host-based heap tracing writes it: event ids, the field
// layouts of the predefined events, and the reader of SEGGER's field encodings.
// (shared formats reference, device-log-formats.md §2; the stream's framing is in
// sysview_stream.hpp, what the events mean in sysview_events.hpp.)
//
//   SysviewFields f(packet.payload);
//   std::uint32_t tid = 0; std::string_view name;
//   if (f.u32(tid) && f.u32(prio) && f.text(name)) ...
//
// Fields are SEGGER varints (7 bits a byte, least significant group first, bit 7 set on all
// but the last; a 32-bit value takes at most 5 bytes) and strings (a length byte, 0xFF
// followed by a 16-bit little-endian length for 255 bytes and more, then the bytes).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace leakscope::sysview {

inline constexpr std::size_t sync_length = 10;  // the stream starts after 10 zero bytes

// Predefined events below 24 carry no length: their size follows from their layout. From 24
// up every event carries its payload length, so events whose layout we do not know (the
// OS's API events, other modules' events) are skipped by it.
namespace event {
inline constexpr std::uint32_t nop = 0;
inline constexpr std::uint32_t overflow = 1;  // drop count: packets the target could not send
inline constexpr std::uint32_t isr_enter = 2;
inline constexpr std::uint32_t isr_exit = 3;
inline constexpr std::uint32_t task_start_exec = 4;
inline constexpr std::uint32_t task_stop_exec = 5;
inline constexpr std::uint32_t task_start_ready = 6;
inline constexpr std::uint32_t task_stop_ready = 7;
inline constexpr std::uint32_t task_create = 8;
inline constexpr std::uint32_t task_info = 9;
inline constexpr std::uint32_t trace_start = 10;
inline constexpr std::uint32_t trace_stop = 11;
inline constexpr std::uint32_t systime_cycles = 12;
inline constexpr std::uint32_t systime_us = 13;
inline constexpr std::uint32_t sysdesc = 14;
inline constexpr std::uint32_t idle = 17;
inline constexpr std::uint32_t isr_to_scheduler = 18;
inline constexpr std::uint32_t moduledesc = 22;
inline constexpr std::uint32_t data_sample = 23;  // newer SEGGER; its size depends on its data
inline constexpr std::uint32_t first_with_length = 24;
inline constexpr std::uint32_t init = 24;  // sys_freq, cpu_freq, ram_base, id_shift
inline constexpr std::uint32_t task_terminate = 29;
inline constexpr std::uint32_t module_offset = 512;  // the first module's first event
}  // namespace event

// The heap tracing module's description in its MODULEDESC (ESP-IDF up to v5.3; from v5.4 it
// is prefixed "M="). Its first event is the allocation, the next one the free.
inline constexpr std::string_view heap_module = "ESP32 SystemView Heap Tracing Module";

// The fields of a predefined event below 24, one letter each: 'u' a varint, 's' a string;
// nullopt for an id whose layout is not fixed (23, data sample).
std::optional<std::string_view> predefined_layout(std::uint32_t id);

// What SYSDESC events say, comma-separated: "N=FreeRTOS Application,D=esp32,C=Xtensa,O=FreeRTOS"
// names the application and the device, "I#5=SysTick" an interrupt.
struct SysviewDescription {
  std::string name;
  std::string device;
  std::map<std::uint32_t, std::string> irq_names;

  void read(std::string_view desc);
  std::string firmware() const;  // "FreeRTOS Application on esp32"; what is known of it
};

class SysviewFields {
 public:
  explicit SysviewFields(std::string_view bytes) : bytes_(bytes) {}

  // Each consumes its field and returns true, or returns false when the bytes end inside it
  // (cut()) or the field is no valid encoding (a varint over 5 bytes or above 32 bits).
  bool u32(std::uint32_t& out);
  bool text(std::string_view& out);
  // Skips the fields of a layout ("uus").
  bool skip(std::string_view layout);

  bool at_end() const { return pos_ >= bytes_.size(); }
  std::size_t used() const { return pos_; }
  bool cut() const { return cut_; }  // the last failure was the end of the bytes

 private:
  std::string_view bytes_;
  std::size_t pos_ = 0;
  bool cut_ = false;
};

}  // namespace leakscope::sysview
