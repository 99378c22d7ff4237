#include "leakscope/ingest/sysview_events.hpp"

#include <algorithm>
#include <iterator>
#include <set>
#include <tuple>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "leakscope/ingest/sysview_context.hpp"
#include "leakscope/ingest/sysview_format.hpp"

namespace leakscope {

namespace {

using sysview::SysviewFields;
namespace id = sysview::event;

// Reads all varints of a payload; false when it is not exactly varints.
bool read_varints(std::string_view payload, std::vector<std::uint32_t>& out) {
  SysviewFields fields(payload);
  while (!fields.at_end()) {
    std::uint32_t v = 0;
    if (!fields.u32(v)) return false;
    out.push_back(v);
  }
  return true;
}

std::vector<std::uint64_t> callers_of(const std::vector<std::uint32_t>& values, std::size_t from) {
  std::vector<std::uint64_t> callers;
  // The firmware sends every slot of its configured depth: the first zero ends the list.
  for (std::size_t i = from; i < values.size() && values[i] != 0; ++i) callers.push_back(values[i]);
  return callers;
}

class CaptureMapper final : public SysviewPacketSink {
 public:
  CaptureMapper(SysviewCapture& capture, std::uint8_t file_core) : c_(capture), file_core_(file_core) {}

  void on_header(const SysviewHeader& header) override {
    c_.header = header;
    if (header.segger_multicore)
      c_.warning = "the header gives SEGGER's multicore offsets (\"; Offset Core\"), which this "
                   "reader does not split: the capture is read as one stream";
  }

  void on_damage(std::uint64_t offset, SkipKind kind, std::string detail) override {
    add(SkipEvent{pos(offset), kind, std::move(detail)});
  }

  void on_packet(const SysviewPacket& p) override {
    const auto core = static_cast<std::uint8_t>(file_core_ | p.core);
    if (p.id == id::trace_start) {
      ++epoch_;
      ticks_ = 0;
    } else {
      ticks_ += p.delta;
    }
    if (p.id >= id::module_offset) {
      on_module_event(p, core);
      return;
    }
    SysviewFields f(p.payload);
    std::uint32_t a = 0, b = 0;
    std::string_view text;
    switch (p.id) {
      case id::overflow:
        if (f.u32(a)) add(TraceLossEvent{pos(p.offset), LossCause::device_buffer, a, 0});
        return;
      case id::isr_enter:
        if (f.u32(a)) context_switch(core, SysviewSwitch::isr_enter, a);
        return;
      case id::isr_exit:
      case id::isr_to_scheduler: context_switch(core, SysviewSwitch::isr_exit, 0); return;
      case id::task_start_exec:
        if (f.u32(a)) context_switch(core, SysviewSwitch::task_start, task_handle(a));
        return;
      case id::task_stop_exec: context_switch(core, SysviewSwitch::task_stop, 0); return;
      case id::task_stop_ready:
        if (f.u32(a)) context_switch(core, SysviewSwitch::task_stop_ready, task_handle(a));
        return;
      case id::idle: context_switch(core, SysviewSwitch::idle, 0); return;
      case id::task_create:
        if (f.u32(a) && named_tasks_.contains(task_handle(a))) end_task(p, task_handle(a));
        return;
      case id::task_info:
        if (f.u32(a) && f.u32(b) && f.text(text)) {
          named_tasks_.insert(task_handle(a));
          add(TaskNameEvent{pos(p.offset), task_handle(a), std::string(text)});
        }
        return;
      case id::sysdesc:
        if (f.text(text)) description_.read(text);
        c_.firmware = description_.firmware();
        return;
      case id::moduledesc:
        if (f.u32(a) && f.u32(b) && f.text(text) && text.find(sysview::heap_module) != std::string_view::npos)
          heap_events_ = b;
        return;
      case id::init: on_init(p); return;
      case id::task_terminate: {
        std::vector<std::uint32_t> v;
        if (read_varints(p.payload, v) && !v.empty()) end_task(p, task_handle(v[0]));
        else malformed(p, "TASK_TERMINATE");
        return;
      }
      default: return;
    }
  }

  // Events still deferred (their core never switched) keep no task. Context names are given
  // at the end, when SYSDESC has named the interrupts.
  void finish() {
    for (std::uint64_t handle : context_handles_)
      c_.contexts[handle] = sysview_context_label(handle, description_.irq_names);
  }

 private:
  SourcePos pos(std::uint64_t offset) const { return SourcePos{c_.start.input, 0, offset}; }

  void add(Event event) { c_.events.push_back(SysviewTimedEvent{epoch_, ticks_, std::move(event)}); }

  std::uint64_t task_handle(std::uint32_t tid) const {
    return c_.ram_base + (static_cast<std::uint64_t>(tid) << c_.id_shift);
  }

  void malformed(const SysviewPacket& p, std::string_view what) {
    add(SkipEvent{pos(p.offset), SkipKind::malformed_record,
                  fmt::format("{} event (id {}) whose {}-byte payload is no list of SEGGER varints",
                              what, p.id, p.payload.size())});
  }

  void end_task(const SysviewPacket& p, std::uint64_t handle) {
    named_tasks_.erase(handle);
    add(TaskEndEvent{pos(p.offset), handle});
  }

  void note_context(const std::optional<std::uint64_t>& context) {
    if (context && sysview::is_context(*context)) context_handles_.insert(*context);
  }

  void context_switch(std::uint8_t core, SysviewSwitch kind, std::uint64_t value) {
    if (kind == SysviewSwitch::isr_enter) note_context(sysview::irq_context(static_cast<std::uint32_t>(value)));
    if (kind == SysviewSwitch::idle) note_context(sysview::idle_context(core));
    std::optional<SysviewResolved> resolved = contexts_.on_switch(core, kind, value);
    if (!resolved || !resolved->context) return;
    note_context(resolved->context);
    for (std::size_t index : resolved->events) {
      Event& e = c_.events[index].event;
      if (auto* alloc = std::get_if<AllocEvent>(&e)) alloc->task = resolved->context;
      if (auto* free = std::get_if<FreeEvent>(&e)) free->task = resolved->context;
    }
  }

  std::optional<std::uint64_t> task_now(std::uint8_t core) {
    auto context = contexts_.context_of(core, c_.events.size());
    if (!context) return std::nullopt;  // deferred: set when the core first switches
    note_context(*context);
    return *context;
  }

  void on_module_event(const SysviewPacket& p, std::uint8_t core) {
    if (p.id != heap_events_ && p.id != heap_events_ + 1) return;
    const bool alloc = p.id == heap_events_;
    std::vector<std::uint32_t> v;
    if (!read_varints(p.payload, v) || v.size() < (alloc ? 2u : 1u)) {
      malformed(p, alloc ? "heap allocation" : "heap free");
      return;
    }
    const std::optional<std::uint64_t> task = task_now(core);
    if (alloc)
      add(AllocEvent{pos(p.offset), v[0], v[1], task, core, ticks_, callers_of(v, 2), {}});
    else
      add(FreeEvent{pos(p.offset), v[0], callers_of(v, 1), task, ticks_});
  }

  void on_init(const SysviewPacket& p) {
    std::vector<std::uint32_t> v;
    if (!read_varints(p.payload, v) || v.size() < 4) {
      malformed(p, "INIT");
      return;
    }
    c_.sys_freq = v[0];
    c_.ram_base = v[2];
    c_.id_shift = std::min<std::uint32_t>(v[3], 31);
  }

  SysviewCapture& c_;
  std::uint8_t file_core_;
  std::uint64_t epoch_ = 0;
  std::uint64_t ticks_ = 0;
  std::uint32_t heap_events_ = id::module_offset;
  SysviewContexts contexts_;
  std::set<std::uint64_t> named_tasks_;
  std::set<std::uint64_t> context_handles_;
  sysview::SysviewDescription description_;
};

// Device ticks to nanoseconds, without overflow for any 64-bit tick count.
std::uint64_t to_ns(std::uint64_t ticks, std::uint32_t freq) {
  if (freq == 0) return ticks;
  return ticks / freq * 1'000'000'000ULL + ticks % freq * 1'000'000'000ULL / freq;
}

void set_time(Event& event, std::uint32_t freq) {
  if (auto* alloc = std::get_if<AllocEvent>(&event); alloc && alloc->time) alloc->time = to_ns(*alloc->time, freq);
  if (auto* free = std::get_if<FreeEvent>(&event); free && free->time) free->time = to_ns(*free->time, freq);
}

}  // namespace

SysviewCapture read_sysview_capture(std::string_view bytes, SourcePos start, std::uint8_t file_core) {
  SysviewCapture capture;
  capture.start = start;
  CaptureMapper mapper(capture, file_core);
  decode_sysview_stream(bytes, mapper);
  mapper.finish();
  return capture;
}

bool sysview_cores_pair(const SysviewCapture& core0, const SysviewCapture& core1) {
  return core0.one_core_file() && core1.one_core_file() && core0.firmware == core1.firmware &&
         core0.sys_freq == core1.sys_freq && core0.ram_base == core1.ram_base &&
         core0.id_shift == core1.id_shift;
}

void emit_sysview_capture(std::vector<SysviewCapture>&& files, EventSink& sink) {
  if (files.empty()) return;
  const SysviewCapture& first = files.front();
  std::string format = first.format;
  if (format.empty()) {  // the binary form: what its header says
    std::vector<std::string> notes;
    if (!first.header.version.empty()) notes.push_back(first.header.version);
    if (files.size() > 1) notes.push_back("a file per core");
    format = notes.empty() ? "SystemView" : fmt::format("SystemView ({})", fmt::join(notes, ", "));
  }
  sink.on_event(BootEvent{first.start, {}, {}, BootMarker::trace_header});
  sink.on_event(TraceStartEvent{first.start, format, first.sys_freq == 0 ? 0u : 1u, first.firmware});
  std::map<std::uint64_t, std::string> contexts;
  for (const SysviewCapture& f : files) contexts.insert(f.contexts.begin(), f.contexts.end());
  for (const auto& [handle, label] : contexts) sink.on_event(TaskNameEvent{first.start, handle, label});

  std::vector<SysviewTimedEvent> events = std::move(files.front().events);
  for (std::size_t i = 1; i < files.size(); ++i) {
    std::vector<SysviewTimedEvent> merged;
    merged.reserve(events.size() + files[i].events.size());
    std::merge(std::make_move_iterator(events.begin()), std::make_move_iterator(events.end()),
               std::make_move_iterator(files[i].events.begin()),
               std::make_move_iterator(files[i].events.end()), std::back_inserter(merged),
               [](const SysviewTimedEvent& a, const SysviewTimedEvent& b) {
                 return std::tie(a.epoch, a.ticks) < std::tie(b.epoch, b.ticks);
               });
    events = std::move(merged);
  }
  for (SysviewTimedEvent& e : events) {
    set_time(e.event, first.sys_freq);
    sink.on_event(std::move(e.event));
  }
}

}  // namespace leakscope
