// DualCoreCapture: one scripted run of a dual-core target written as a SystemView capture in
// any of its layouts, and as the JSON sysviewtrace_proc.py -j would print for it.
//
//   DualCoreCapture c(CaptureLayout::one_file_per_core);
//   c.at(0).start(header_events);                 // TRACE_START, SYSDESC, INIT, ... to every file
//   c.at(2000).switch_to(0, Context::task(tid, "net"));
//   c.alloc(0, 0x20001c40, 48, {0xd1f, 0x697});
//   GeneratedCapture out = c.finish();            // out.files: 1 or 2; out.json
//
// Layouts: one file per core (OpenOCD without ESP_Extension; system events cloned to both
// files, each file with its own deltas), one file for both cores (OpenOCD's ESP_Extension), or
// no header (UART). The JSON has the events the script would report: the system events once
// per file, heap events with the context the scenario set (ctx_name, in_irq), keys sorted,
// events in time order (core 0's file first on equal times), indented by 4 as the script prints.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sysview_writer.hpp"

namespace leakscope::sysview_gen {

enum class CaptureLayout : std::uint8_t { one_file_per_core, mcore, uart };

struct GeneratedCapture {
  std::vector<std::string> files;  // the binary capture: one file, or core 0's and core 1's
  std::string json;                // sysviewtrace_proc.py -j's output for it
};

// What runs on a core, as the JSON names it.
struct Context {
  std::string name;
  bool irq = false;
};

struct SystemInfo {
  std::uint32_t sys_freq = 40'000'000;
  std::uint32_t cpu_freq = 160'000'000;
  std::uint32_t ram_base = 0;
  std::uint32_t id_shift = 0;
  std::vector<std::string> descriptions;  // SYSDESC texts
  std::string heap_module = "M=ESP32 SystemView Heap Tracing Module";
  struct Task {
    std::uint32_t tcb = 0;
    std::uint32_t priority = 0;
    std::string name;
  };
  std::vector<Task> tasks;
  std::size_t stack_depth = 6;
};

class DualCoreCapture {
 public:
  explicit DualCoreCapture(CaptureLayout layout);

  DualCoreCapture& at(std::uint64_t ticks);
  std::uint64_t now() const { return now_; }

  // TRACE_START, SYSDESC, INIT, TASK_INFO of every task, MODULEDESC, NUMMODULES: what the
  // target sends when tracing starts.
  void start(const SystemInfo& info);

  void task_start(std::uint8_t core, std::uint32_t tcb);
  void task_stop_ready(std::uint8_t core, std::uint32_t tcb);
  void idle(std::uint8_t core);
  void isr_enter(std::uint8_t core, std::uint32_t irq, const std::string& name);
  void isr_to_scheduler(std::uint8_t core);
  void os_event(std::uint8_t core, std::uint32_t id, std::uint32_t a, std::uint32_t b);
  void alloc(std::uint8_t core, std::uint32_t address, std::uint32_t size, const std::vector<std::uint32_t>& callers);
  void free(std::uint8_t core, std::uint32_t address, const std::vector<std::uint32_t>& callers);
  void overflow(std::uint8_t core, std::uint32_t dropped);

  // What runs on a core before its first context switch: the script knows, the capture does
  // not (the reader defers such events until the switch tells).
  void set_context(std::uint8_t core, Context context) { contexts_[core & 1] = {std::move(context)}; }
  // Cuts a file `bytes_into_last` bytes into its last packet (the trace stopped mid-write);
  // the JSON keeps the packets before it.
  void cut_last_packet(std::uint8_t core, std::size_t bytes_into_last);

  GeneratedCapture finish();

 private:
  SysviewWriter& writer(std::uint8_t core);
  void record(std::uint8_t core, std::uint32_t id, nlohmann::json params);
  void keep(std::uint8_t core, nlohmann::json event);
  nlohmann::json heap_json(std::uint8_t core, std::uint32_t id, std::uint32_t address, std::uint32_t size,
                           const std::vector<std::uint32_t>& callers) const;
  double seconds() const;
  Context current(std::uint8_t core) const;

  CaptureLayout layout_;
  std::vector<SysviewWriter> writers_;  // one, or one per core
  std::uint64_t now_ = 0;
  std::uint32_t sys_freq_ = 0;
  std::uint32_t ram_base_ = 0;
  std::uint32_t id_shift_ = 0;
  std::size_t stack_depth_ = 6;
  std::map<std::uint32_t, std::string> task_names_;  // by TCB
  std::vector<Context> contexts_[2];  // per core: the task, then interrupts entered
  std::uint32_t tid(std::uint32_t tcb) const { return (tcb - ram_base_) >> id_shift_; }
  struct Recorded {
    std::uint64_t ticks = 0;
    std::size_t file = 0;
    nlohmann::json event;
  };
  std::vector<Recorded> json_events_;
  std::vector<std::size_t> last_packet_;    // per writer: where its last packet starts
  std::vector<std::size_t> last_recorded_;  // per writer: its last packet's JSON event; npos if none
};

}  // namespace leakscope::sysview_gen
