#include "sysview_writer.hpp"

#include <stdexcept>

namespace leakscope::sysview_gen {

namespace {

// Predefined event ids (SEGGER_SYSVIEW.h as the reference lists them).
constexpr std::uint32_t ev_overflow = 1, ev_isr_enter = 2, ev_isr_exit = 3, ev_task_start_exec = 4,
                        ev_task_stop_exec = 5, ev_task_stop_ready = 7, ev_task_create = 8,
                        ev_task_info = 9, ev_trace_start = 10, ev_sysdesc = 14, ev_idle = 17,
                        ev_isr_to_scheduler = 18, ev_moduledesc = 22, ev_init = 24,
                        ev_nummodules = 27, ev_task_terminate = 29;

// The payload of TASK_INFO(tid, prio, name) and MODULEDESC(module, offset, desc).
std::string two_varints_and_text(std::uint32_t a, std::uint32_t b, std::string_view text);

}  // namespace

void put_varint(std::string& out, std::uint32_t value) {
  while (value >= 0x80) {
    out.push_back(static_cast<char>((value & 0x7f) | 0x80));
    value >>= 7;
  }
  out.push_back(static_cast<char>(value));
}

void put_string(std::string& out, std::string_view text) {
  if (text.size() < 0xff) {
    out.push_back(static_cast<char>(text.size()));
  } else {
    out.push_back(static_cast<char>(0xff));
    out.push_back(static_cast<char>(text.size() & 0xff));
    out.push_back(static_cast<char>((text.size() >> 8) & 0xff));
  }
  out.append(text);
}

namespace {

std::string two_varints_and_text(std::uint32_t a, std::uint32_t b, std::string_view text) {
  std::string payload;
  put_varint(payload, a);
  put_varint(payload, b);
  put_string(payload, text);
  return payload;
}

}  // namespace

SysviewWriter::SysviewWriter(SysviewHeaderKind header) {
  if (header != SysviewHeaderKind::none) {
    out_ = ";\n; Version     SEGGER SystemViewer V2.42\n; Author      Espressif Inc\n";
    if (header == SysviewHeaderKind::mcore) out_ += "; ESP_Extension\n";
    out_ += ";\n";
  }
  sync();
}

SysviewWriter& SysviewWriter::at(std::uint64_t ticks) {
  if (ticks < last_) throw std::logic_error("SystemView time cannot go back");
  now_ = ticks;
  return *this;
}

void SysviewWriter::packet(std::uint32_t id, std::uint8_t core, std::string_view fields) {
  const bool core1 = core != 0;
  if (id < 128) {
    if (core1 && id >= 64) throw std::logic_error("ids 64-127 cannot carry ESP's core bit");
    out_.push_back(static_cast<char>(id | (core1 ? 0x40u : 0u)));
  } else {
    out_.push_back(static_cast<char>((id & 0x7f) | 0x80));
    out_.push_back(static_cast<char>((id >> 7) | (core1 ? 0x40u : 0u)));
  }
  if (id >= 24) {  // the payload length: one byte, or two (low 7 bits | 0x80, then the rest)
    if (fields.size() < 0x80) {
      out_.push_back(static_cast<char>(fields.size()));
    } else {
      out_.push_back(static_cast<char>((fields.size() & 0x7f) | 0x80));
      out_.push_back(static_cast<char>(fields.size() >> 7));
    }
  }
  out_.append(fields);
  put_varint(out_, static_cast<std::uint32_t>(now_ - last_));
  last_ = now_;
}

void SysviewWriter::varint_event(std::uint32_t id, std::uint8_t core,
                                 std::initializer_list<std::uint32_t> fields) {
  std::string payload;
  for (std::uint32_t f : fields) put_varint(payload, f);
  packet(id, core, payload);
}

void SysviewWriter::trace_start() {
  packet(ev_trace_start, 0, {});
  now_ = last_ = 0;
}

void SysviewWriter::sysdesc(std::string_view text) {
  std::string payload;
  put_string(payload, text);
  packet(ev_sysdesc, 0, payload);
}

void SysviewWriter::init(std::uint32_t sys_freq, std::uint32_t cpu_freq, std::uint32_t ram_base,
                         std::uint32_t id_shift) {
  varint_event(ev_init, 0, {sys_freq, cpu_freq, ram_base, id_shift});
}

void SysviewWriter::moduledesc(std::uint32_t module, std::uint32_t event_offset, std::string_view desc) {
  packet(ev_moduledesc, 0, two_varints_and_text(module, event_offset, desc));
}

void SysviewWriter::nummodules(std::uint32_t count) { varint_event(ev_nummodules, 0, {count}); }

void SysviewWriter::task_info(std::uint32_t tid, std::uint32_t priority, std::string_view name) {
  packet(ev_task_info, 0, two_varints_and_text(tid, priority, name));
}

void SysviewWriter::task_create(std::uint8_t core, std::uint32_t tid) { varint_event(ev_task_create, core, {tid}); }
void SysviewWriter::task_terminate(std::uint8_t core, std::uint32_t tid) {
  varint_event(ev_task_terminate, core, {tid});
}
void SysviewWriter::task_start_exec(std::uint8_t core, std::uint32_t tid) {
  varint_event(ev_task_start_exec, core, {tid});
}
void SysviewWriter::task_stop_exec(std::uint8_t core) { packet(ev_task_stop_exec, core, {}); }
void SysviewWriter::task_stop_ready(std::uint8_t core, std::uint32_t tid, std::uint32_t cause) {
  varint_event(ev_task_stop_ready, core, {tid, cause});
}
void SysviewWriter::idle(std::uint8_t core) { packet(ev_idle, core, {}); }
void SysviewWriter::isr_enter(std::uint8_t core, std::uint32_t irq) { varint_event(ev_isr_enter, core, {irq}); }
void SysviewWriter::isr_exit(std::uint8_t core) { packet(ev_isr_exit, core, {}); }
void SysviewWriter::isr_to_scheduler(std::uint8_t core) { packet(ev_isr_to_scheduler, core, {}); }
void SysviewWriter::overflow(std::uint8_t core, std::uint32_t dropped) { varint_event(ev_overflow, core, {dropped}); }

void SysviewWriter::caller_fields(std::string& out, const std::vector<std::uint32_t>& callers) const {
  // The firmware sends exactly its configured depth, zeros included.
  for (std::size_t i = 0; i < depth_; ++i) put_varint(out, i < callers.size() ? callers[i] : 0);
}

void SysviewWriter::heap_alloc(std::uint8_t core, std::uint32_t address, std::uint32_t size,
                               const std::vector<std::uint32_t>& callers) {
  std::string payload;
  put_varint(payload, address);
  put_varint(payload, size);
  caller_fields(payload, callers);
  packet(heap_first_, core, payload);
}

void SysviewWriter::heap_free(std::uint8_t core, std::uint32_t address,
                              const std::vector<std::uint32_t>& callers) {
  std::string payload;
  put_varint(payload, address);
  caller_fields(payload, callers);
  packet(heap_first_ + 1, core, payload);
}

void SysviewWriter::sync() { out_.append(10, '\0'); }

void SysviewWriter::raw(std::string_view bytes) { out_.append(bytes); }

}  // namespace leakscope::sysview_gen
