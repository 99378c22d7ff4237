#include "dual_core_capture.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace leakscope::sysview_gen {

namespace {

using nlohmann::json;

constexpr std::uint32_t heap_alloc_id = 512, heap_free_id = 513;

std::string hex(std::uint32_t value) { return fmt::format("{:#x}", value); }

}  // namespace

DualCoreCapture::DualCoreCapture(CaptureLayout layout) : layout_(layout) {
  const std::size_t files = layout == CaptureLayout::one_file_per_core ? 2 : 1;
  const SysviewHeaderKind header = layout == CaptureLayout::one_file_per_core ? SysviewHeaderKind::one_core
                                   : layout == CaptureLayout::mcore         ? SysviewHeaderKind::mcore
                                                                            : SysviewHeaderKind::none;
  for (std::size_t i = 0; i < files; ++i) writers_.emplace_back(header);
  last_packet_.assign(files, 0);
  last_recorded_.assign(files, std::string::npos);
}

DualCoreCapture& DualCoreCapture::at(std::uint64_t ticks) {
  now_ = ticks;
  for (SysviewWriter& w : writers_) w.at(ticks);
  return *this;
}

SysviewWriter& DualCoreCapture::writer(std::uint8_t core) {
  const std::size_t file = writers_.size() > 1 ? core : 0;
  last_packet_[file] = writers_[file].bytes().size();
  last_recorded_[file] = std::string::npos;
  return writers_[file];
}

double DualCoreCapture::seconds() const {
  return sys_freq_ == 0 ? static_cast<double>(now_) : static_cast<double>(now_) / sys_freq_;
}

Context DualCoreCapture::current(std::uint8_t core) const {
  // The script's label when it does not know the context yet.
  return contexts_[core & 1].empty() ? Context{"None", false} : contexts_[core & 1].back();
}

void DualCoreCapture::record(std::uint8_t core, std::uint32_t id, json params) {
  const Context c = current(core);
  keep(core, json{{"core_id", core}, {"ctx_name", c.name}, {"id", id},
                  {"in_irq", c.irq}, {"params", std::move(params)}, {"ts", seconds()}});
}

void DualCoreCapture::keep(std::uint8_t core, json event) {
  const std::size_t file = writers_.size() > 1 ? core : 0;
  last_recorded_[file] = json_events_.size();
  json_events_.push_back(Recorded{now_, file, std::move(event)});
}

void DualCoreCapture::start(const SystemInfo& info) {
  sys_freq_ = 0;  // the script reads times before INIT as raw ticks
  ram_base_ = info.ram_base;
  stack_depth_ = info.stack_depth;
  id_shift_ = info.id_shift;
  for (const SystemInfo::Task& t : info.tasks) task_names_[t.tcb] = t.name;
  // OpenOCD clones these to every file; each file's copy is an event of that file's core.
  for (std::size_t file = 0; file < writers_.size(); ++file) {
    const auto core = static_cast<std::uint8_t>(file);
    SysviewWriter& w = writer(core);
    w.set_stack_depth(info.stack_depth);
    w.trace_start();
    record(core, 10, json::object());
    for (const std::string& d : info.descriptions) {
      w.sysdesc(d);
      record(core, 14, {{"desc", d}});
    }
    w.init(info.sys_freq, info.cpu_freq, info.ram_base, info.id_shift);
    record(core, 24, {{"cpu_freq", info.cpu_freq}, {"id_shift", info.id_shift}, {"ram_base", info.ram_base},
                      {"sys_freq", info.sys_freq}});
    for (const SystemInfo::Task& t : info.tasks) {
      w.task_info(tid(t.tcb), t.priority, t.name);
      record(core, 9, {{"name", t.name}, {"prio", t.priority}, {"tid", tid(t.tcb)}});
    }
    w.moduledesc(0, heap_alloc_id, info.heap_module);
    record(core, 22, {{"desc", info.heap_module}, {"evt_off", heap_alloc_id}, {"mod_id", 0}});
    w.nummodules(1);
    record(core, 27, {{"mod_cnt", 1}});
  }
  now_ = 0;
  sys_freq_ = info.sys_freq;
}

void DualCoreCapture::task_start(std::uint8_t core, std::uint32_t tcb) {
  writer(core).task_start_exec(writers_.size() > 1 ? 0 : core, tid(tcb));
  contexts_[core & 1] = {Context{task_names_[tcb], false}};
  record(core, 4, {{"tid", tid(tcb)}});
}

void DualCoreCapture::task_stop_ready(std::uint8_t core, std::uint32_t tcb) {
  writer(core).task_stop_ready(writers_.size() > 1 ? 0 : core, tid(tcb), 0);
  record(core, 7, {{"cause", 0}, {"tid", tid(tcb)}});
}

void DualCoreCapture::idle(std::uint8_t core) {
  writer(core).idle(writers_.size() > 1 ? 0 : core);
  contexts_[core & 1] = {Context{fmt::format("IDLE{}", core), false}};
  record(core, 17, json::object());
}

void DualCoreCapture::isr_enter(std::uint8_t core, std::uint32_t irq, const std::string& name) {
  writer(core).isr_enter(writers_.size() > 1 ? 0 : core, irq);
  contexts_[core & 1].push_back(Context{name, true});
  record(core, 2, {{"irq_num", irq}});
}

void DualCoreCapture::isr_to_scheduler(std::uint8_t core) {
  writer(core).isr_to_scheduler(writers_.size() > 1 ? 0 : core);
  if (contexts_[core & 1].size() > 1) contexts_[core & 1].pop_back();
  record(core, 18, json::object());
}

void DualCoreCapture::os_event(std::uint8_t core, std::uint32_t id, std::uint32_t a, std::uint32_t b) {
  // An OS API event (SYSVIEW_FreeRTOS.txt): skipped by its length; the script lists it too.
  writer(core).varint_event(id, writers_.size() > 1 ? 0 : core, {a, b});
  record(core, id, {{"a", a}, {"b", b}});
}

void DualCoreCapture::alloc(std::uint8_t core, std::uint32_t address, std::uint32_t size,
                            const std::vector<std::uint32_t>& callers) {
  writer(core).heap_alloc(writers_.size() > 1 ? 0 : core, address, size, callers);
  keep(core, heap_json(core, heap_alloc_id, address, size, callers));
}

void DualCoreCapture::free(std::uint8_t core, std::uint32_t address, const std::vector<std::uint32_t>& callers) {
  writer(core).heap_free(writers_.size() > 1 ? 0 : core, address, callers);
  keep(core, heap_json(core, heap_free_id, address, 0, callers));
}

// As the script's encoder writes a heap event: every caller slot, zeros too; size 0 for a free.
json DualCoreCapture::heap_json(std::uint8_t core, std::uint32_t id, std::uint32_t address,
                                std::uint32_t size, const std::vector<std::uint32_t>& callers) const {
  json list = json::array();
  for (std::size_t i = 0; i < std::max(stack_depth_, callers.size()); ++i)
    list.push_back(hex(i < callers.size() ? callers[i] : 0));
  const Context c = current(core);
  return {{"addr", hex(address)}, {"callers", list}, {"core_id", core}, {"ctx_name", c.name},
          {"id", id}, {"in_irq", c.irq}, {"size", size}, {"ts", seconds()}};
}

void DualCoreCapture::overflow(std::uint8_t core, std::uint32_t dropped) {
  writer(core).overflow(writers_.size() > 1 ? 0 : core, dropped);
  record(core, 1, {{"drop_cnt", dropped}});
}

void DualCoreCapture::cut_last_packet(std::uint8_t core, std::size_t bytes_into_last) {
  const std::size_t file = writers_.size() > 1 ? core : 0;
  writers_[file].truncate(last_packet_[file] + bytes_into_last);
  if (last_recorded_[file] != std::string::npos)
    json_events_.erase(json_events_.begin() + static_cast<std::ptrdiff_t>(last_recorded_[file]));
  last_recorded_[file] = std::string::npos;
}

GeneratedCapture DualCoreCapture::finish() {
  GeneratedCapture out;
  for (const SysviewWriter& w : writers_) out.files.push_back(w.bytes());
  // The script reads each file in turn, then sorts all events by time (a stable sort).
  std::stable_sort(json_events_.begin(), json_events_.end(),
                   [](const Recorded& a, const Recorded& b) { return a.file < b.file; });
  std::stable_sort(json_events_.begin(), json_events_.end(),
                   [](const Recorded& a, const Recorded& b) { return a.ticks < b.ticks; });
  json events = json::array();
  for (Recorded& r : json_events_) events.push_back(std::move(r.event));
  const json doc = {{"events", std::move(events)},
                    {"streams", {{"heap", {{"alloc", heap_alloc_id}, {"free", heap_free_id}}},
                                 {"log", {{"print", 26}}},
                                 {"system", {{"SYS_OVERFLOW", 1}, {"SYS_TASK_INFO", 9}, {"SYS_INIT", 24}}}}},
                    {"version", "1.0"}};
  out.json = doc.dump(4) + "\n";
  return out;
}

}  // namespace leakscope::sysview_gen
