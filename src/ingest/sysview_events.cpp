#include "leakscope/ingest/sysview_events.hpp"

#include <deque>
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

// Packets of one file -> timed model events. Events wait while a core's context is not known
// yet (before its first switch), so that they leave in order with their task set.
class SysviewMapper {
 public:
  SysviewMapper(std::string_view bytes, SourcePos start, std::uint8_t file_core)
      : reader_(bytes), start_(start), file_core_(file_core) {
    info_.header = reader_.header();
  }

  const SysviewInfo& info() const { return info_; }

  // Reads packets until an event is ready; false at the end of the file.
  bool next(SysviewTimedEvent& out) {
    SysviewItem item;
    while (ready_.empty() && !ended_) {
      if (!reader_.next(item)) {
        ended_ = true;
        release();  // events of a core that never switched keep no task
      } else if (item.damage) {
        add(SkipEvent{pos(item.damage->offset), item.damage->kind, std::move(item.damage->detail)});
      } else {
        on_packet(item.packet);
      }
    }
    if (ready_.empty()) return false;
    out = std::move(ready_.front());
    ready_.pop_front();
    return true;
  }

  // Reads packets up to the first heap event (or the end): the file's description is known.
  void read_description() {
    SysviewItem item;
    while (!heap_seen_ && reader_.next(item))
      if (!item.damage) on_packet(item.packet);
  }

 private:
  SourcePos pos(std::uint64_t offset) const { return SourcePos{start_.input, 0, offset}; }

  void add(Event event) {
    SysviewTimedEvent timed{epoch_, ticks_, std::move(event)};
    if (held_.empty())
      ready_.push_back(std::move(timed));
    else
      held_.push_back(std::move(timed));
  }

  void release() {
    for (SysviewTimedEvent& e : held_) ready_.push_back(std::move(e));
    held_.clear();
  }

  std::uint64_t task_handle(std::uint32_t tid) const {
    return info_.ram_base + (static_cast<std::uint64_t>(tid) << info_.id_shift);
  }

  void on_packet(const SysviewPacket& p) {
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
        info_.firmware = description_.firmware();
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

  void malformed(const SysviewPacket& p, std::string_view what) {
    add(SkipEvent{pos(p.offset), SkipKind::malformed_record,
                  fmt::format("{} event (id {}) whose {}-byte payload is no list of SEGGER varints",
                              what, p.id, p.payload.size())});
  }

  void end_task(const SysviewPacket& p, std::uint64_t handle) {
    named_tasks_.erase(handle);
    add(TaskEndEvent{pos(p.offset), handle});
  }

  // An idle or interrupt context is named when first used.
  void name_context(const std::optional<std::uint64_t>& context) {
    if (!context || !sysview::is_context(*context) || !named_contexts_.insert(*context).second) return;
    add(TaskNameEvent{start_, *context, sysview_context_label(*context, description_.irq_names)});
  }

  void context_switch(std::uint8_t core, SysviewSwitch kind, std::uint64_t value) {
    std::optional<SysviewResolved> resolved = contexts_.on_switch(core, kind, value);
    if (resolved && resolved->context) {
      name_context(resolved->context);
      for (std::size_t index : resolved->events) {
        Event& e = held_[index].event;
        if (auto* alloc = std::get_if<AllocEvent>(&e)) alloc->task = resolved->context;
        if (auto* free = std::get_if<FreeEvent>(&e)) free->task = resolved->context;
      }
    }
    if (!contexts_.deferring()) release();
  }

  void on_module_event(const SysviewPacket& p, std::uint8_t core) {
    if (p.id != heap_events_ && p.id != heap_events_ + 1) return;
    heap_seen_ = true;
    const bool alloc = p.id == heap_events_;
    std::vector<std::uint32_t> v;
    if (!read_varints(p.payload, v) || v.size() < (alloc ? 2u : 1u)) {
      malformed(p, alloc ? "heap allocation" : "heap free");
      return;
    }
    // Before the core's first switch its context is not known: the event waits for it, at the
    // index the contexts were given.
    const std::optional<std::optional<std::uint64_t>> context = contexts_.context_of(core, held_.size());
    const std::optional<std::uint64_t> task = context ? *context : std::nullopt;
    if (context) name_context(task);
    Event event = alloc ? Event(AllocEvent{pos(p.offset), v[0], v[1], task, core, ticks_, callers_of(v, 2), {}})
                        : Event(FreeEvent{pos(p.offset), v[0], callers_of(v, 1), task, ticks_});
    if (context)
      add(std::move(event));
    else
      held_.push_back(SysviewTimedEvent{epoch_, ticks_, std::move(event)});
  }

  void on_init(const SysviewPacket& p) {
    std::vector<std::uint32_t> v;
    if (!read_varints(p.payload, v) || v.size() < 4) {
      malformed(p, "INIT");
      return;
    }
    info_.sys_freq = v[0];
    info_.ram_base = v[2];
    info_.id_shift = std::min<std::uint32_t>(v[3], 31);
  }

  SysviewStreamReader reader_;
  SourcePos start_;
  std::uint8_t file_core_;
  SysviewInfo info_;
  std::uint64_t epoch_ = 0;
  std::uint64_t ticks_ = 0;
  std::uint32_t heap_events_ = id::module_offset;
  bool heap_seen_ = false;
  bool ended_ = false;
  SysviewContexts contexts_;
  sysview::SysviewDescription description_;
  std::set<std::uint64_t> named_tasks_;
  std::set<std::uint64_t> named_contexts_;
  std::deque<SysviewTimedEvent> ready_;
  std::vector<SysviewTimedEvent> held_;  // while a core's first switch is awaited
};

SysviewFileEvents::SysviewFileEvents(std::string_view bytes, SourcePos start, std::uint8_t file_core)
    : mapper_(std::make_unique<SysviewMapper>(bytes, start, file_core)) {}

SysviewFileEvents::~SysviewFileEvents() = default;

bool SysviewFileEvents::next(SysviewTimedEvent& event) { return mapper_->next(event); }

const SysviewInfo& SysviewFileEvents::info() const { return mapper_->info(); }

SysviewInfo read_sysview_info(std::string_view bytes) {
  SysviewMapper mapper(bytes, SourcePos{}, 0);
  mapper.read_description();
  return mapper.info();
}

bool sysview_cores_pair(const SysviewInfo& core0, const SysviewInfo& core1) {
  return core0.one_core_file() && core1.one_core_file() && core0.firmware == core1.firmware &&
         core0.sys_freq == core1.sys_freq && core0.ram_base == core1.ram_base &&
         core0.id_shift == core1.id_shift;
}

void emit_sysview_start(SourcePos pos, std::string format, bool nanoseconds, std::string firmware,
                        EventSink& sink) {
  sink.on_event(BootEvent{pos, {}, {}, BootMarker::trace_header});
  sink.on_event(TraceStartEvent{pos, std::move(format), nanoseconds ? 1u : 0u, std::move(firmware)});
}

void emit_sysview_capture(const std::vector<SysviewFile>& files, EventSink& sink) {
  if (files.empty()) return;
  const SysviewInfo info = read_sysview_info(files.front().bytes);
  std::vector<std::string> notes;
  if (!info.header.version.empty()) notes.push_back(info.header.version);
  if (files.size() > 1) notes.push_back("a file per core");
  emit_sysview_start(files.front().start,
                     notes.empty() ? "SystemView" : fmt::format("SystemView ({})", fmt::join(notes, ", ")),
                     info.sys_freq != 0, info.firmware, sink);

  // Each file's next event; the earliest goes first.
  std::vector<std::unique_ptr<SysviewFileEvents>> readers;
  std::vector<std::optional<SysviewTimedEvent>> heads(files.size());
  for (std::size_t i = 0; i < files.size(); ++i) {
    readers.push_back(std::make_unique<SysviewFileEvents>(files[i].bytes, files[i].start,
                                                          static_cast<std::uint8_t>(i)));
    if (SysviewTimedEvent e; readers[i]->next(e)) heads[i] = std::move(e);
  }
  for (;;) {
    std::optional<std::size_t> first;
    for (std::size_t i = 0; i < heads.size(); ++i)
      if (heads[i] && (!first || std::tie(heads[i]->epoch, heads[i]->ticks) <
                                     std::tie(heads[*first]->epoch, heads[*first]->ticks)))
        first = i;
    if (!first) return;
    Event event = std::move(heads[*first]->event);
    heads[*first].reset();
    if (SysviewTimedEvent e; readers[*first]->next(e)) heads[*first] = std::move(e);
    set_time(event, readers[*first]->info().sys_freq);
    sink.on_event(std::move(event));
  }
}

}  // namespace leakscope
