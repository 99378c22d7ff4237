#include "leakscope/ingest/sysview_context.hpp"

#include <fmt/format.h>

namespace leakscope {

std::string sysview_context_label(std::uint64_t handle,
                                  const std::map<std::uint32_t, std::string>& irq_names) {
  const auto low = static_cast<std::uint32_t>(handle & 0xffff);
  switch ((handle >> 16) & 0xffff) {
    case 0: return fmt::format("IDLE{}", low);
    case 1:
      if (auto it = irq_names.find(low); it != irq_names.end()) return "IRQ " + it->second;
      return fmt::format("IRQ {}", low);
    case 2: return fmt::format("IRQ on core {}", low);
    default: return fmt::format("context {:#x}", handle);
  }
}

std::optional<SysviewResolved> SysviewContexts::on_switch(std::uint8_t core, SysviewSwitch kind,
                                                          std::uint64_t value) {
  Core& c = cores_[core];
  std::optional<SysviewResolved> resolved;
  if (!c.switched) {
    // What ran before the first switch, as far as the switch tells.
    resolved.emplace();
    resolved->events = std::move(c.deferred);
    c.deferred.clear();
    switch (kind) {
      case SysviewSwitch::task_start:
      case SysviewSwitch::idle:
      case SysviewSwitch::isr_enter: resolved->context = sysview::idle_context(core); break;
      case SysviewSwitch::isr_exit: resolved->context = sysview::unknown_irq_context(core); break;
      case SysviewSwitch::task_stop_ready: resolved->context = value; break;
      case SysviewSwitch::task_stop: break;
    }
    c.switched = true;
    if (kind != SysviewSwitch::isr_exit) c.task = resolved->context;
  }
  switch (kind) {
    case SysviewSwitch::task_start:
      c.task = value;
      c.irqs.clear();
      break;
    case SysviewSwitch::idle:
      c.task = sysview::idle_context(core);
      c.irqs.clear();
      break;
    case SysviewSwitch::isr_enter: c.irqs.push_back(static_cast<std::uint32_t>(value)); break;
    case SysviewSwitch::isr_exit:
      if (!c.irqs.empty()) c.irqs.pop_back();
      break;
    case SysviewSwitch::task_stop:
    case SysviewSwitch::task_stop_ready: break;
  }
  return resolved;
}

std::optional<std::optional<std::uint64_t>> SysviewContexts::context_of(std::uint8_t core,
                                                                        std::size_t event) {
  Core& c = cores_[core];
  if (!c.switched) {
    c.deferred.push_back(event);
    return std::nullopt;
  }
  if (!c.irqs.empty()) return std::optional<std::uint64_t>(sysview::irq_context(c.irqs.back()));
  return c.task;
}

bool SysviewContexts::deferring() const {
  for (const auto& [core, c] : cores_)
    if (!c.deferred.empty()) return true;
  return false;
}

}  // namespace leakscope
