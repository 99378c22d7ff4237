// Which context (task, interrupt, idle) ran on each core of a SystemView capture, followed from
// its context-switch events, so each heap event can name its task as sysviewtrace_proc.py does.
//
//   SysviewContexts contexts;
//   contexts.on_switch(core, SysviewSwitch::task_start, tcb);       // TASK_START_EXEC
//   if (auto c = contexts.context_of(core, event_index)) alloc.task = *c;   // else deferred
//   if (auto r = contexts.on_switch(...)) patch(r->events, r->context);   // a core's first switch
//
// Rules: TASK_START_EXEC makes its task current (interrupts left behind are dropped), IDLE
// the core's idle context; ISR_ENTER pushes an interrupt, ISR_EXIT and ISR_TO_SCHEDULER pop it;
// TASK_STOP_EXEC and TASK_STOP_READY leave the running context as it is (the switch completes
// with the next TASK_START_EXEC or IDLE). Events before a core's first switch are deferred and
// resolved by it as sysviewtrace_proc.py does: TASK_START_EXEC, IDLE or ISR_ENTER first: they
// ran in the idle context; ISR_EXIT or ISR_TO_SCHEDULER first: in an interrupt whose number
// is not known; TASK_STOP_READY(tid) first: in that task. TASK_STOP_EXEC first, or no switch
// at all: not known.
//
// Contexts that are no FreeRTOS task get handles above 2^32, which no 32-bit target's task
// control block has (sysview_context_label names them):
//   0xffffffff0000000c  idle context of core c                 "IDLE0", "IDLE1"
//   0xffffffff0001nnnn  interrupt n                            "IRQ <name from SYSDESC I#n=>"
//   0xffffffff0002000c  an interrupt of core c, number unknown  "IRQ on core c"
//   0xffffffff0003nnnn  a context the JSON form names only by name (sysview_json.hpp)
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace leakscope {

namespace sysview {
inline constexpr std::uint64_t context_base = 0xffffffff00000000ULL;
inline std::uint64_t idle_context(std::uint8_t core) { return context_base | core; }
inline std::uint64_t irq_context(std::uint32_t irq) { return context_base | 0x10000 | (irq & 0xffff); }
inline std::uint64_t unknown_irq_context(std::uint8_t core) { return context_base | 0x20000 | core; }
inline std::uint64_t named_context(std::uint32_t index) { return context_base | 0x30000 | (index & 0xffff); }
inline bool is_context(std::uint64_t handle) { return handle >= context_base; }
}  // namespace sysview

// The label of a context handle above 2^32 (idle or interrupt); `irq_names` from SYSDESC.
std::string sysview_context_label(std::uint64_t handle,
                                  const std::map<std::uint32_t, std::string>& irq_names);

enum class SysviewSwitch : std::uint8_t { task_start, task_stop, task_stop_ready, idle, isr_enter, isr_exit };

// Deferred events and the context they ran in (nullopt: not known).
struct SysviewResolved {
  std::vector<std::size_t> events;
  std::optional<std::uint64_t> context;
};

class SysviewContexts {
 public:
  // `value`: the task handle (task_start, task_stop_ready) or interrupt number (isr_enter).
  // Returns the events deferred on `core` when this is its first switch.
  std::optional<SysviewResolved> on_switch(std::uint8_t core, SysviewSwitch kind, std::uint64_t value = 0);

  // The context running on `core` now, once the core has switched; before that nullopt, and
  // `event` is deferred until the first switch resolves it.
  std::optional<std::optional<std::uint64_t>> context_of(std::uint8_t core, std::size_t event);

  // Whether some core has events deferred.
  bool deferring() const;

 private:
  struct Core {
    bool switched = false;
    std::optional<std::uint64_t> task;   // task or idle context
    std::vector<std::uint32_t> irqs;     // interrupts entered, innermost last
    std::vector<std::size_t> deferred;   // events before the first switch
  };
  std::map<std::uint8_t, Core> cores_;
};

}  // namespace leakscope
