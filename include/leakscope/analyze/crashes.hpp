// The crashes of one boot: its CrashEvents (ingest/crash_line.hpp) assembled into crashes as
// they stream by, symbolized when the boot is reported.
//
//   BootCrashes crashes;                       // one per boot, beside its ledger
//   crashes.on_event(event);                   // each CrashEvent, in log order
//   std::vector<Crash> list = crashes.report(resolver, ledger);
//
// Assembly. A headline opens a crash. A register dump or backtrace line joins the crash opened
// last when it comes within max_gap lines of that crash's last line; so does a later headline
// of the same burst before any backtrace (ESP-IDF prints "CORRUPT HEAP: ..." and then the
// "assert failed: ..." or abort() it triggers): it is kept as a detail, the first headline
// names the crash. A backtrace with no crash to join (esp_backtrace_print(), or output cut
// before its headline) is a crash of its own, of kind backtrace. Binary inputs have no lines:
// there each line joins the crash before it.
//
// Addresses. A register's PC is looked up as is, its return address (Xtensa A0, RISC-V RA,
// Cortex-M LR) moved back into the call. `Backtrace:` lines are ESP-IDF's: on Xtensa its panic
// handler prints each PC already moved back into its call (esp_cpu_process_stack_pc), and
// firmware on other cores that prints the same line (Cortex-M ports, our sample) follows it; only
// RISC-V's EH-frame unwinder prints raw return addresses after the first PC, so there those are
// moved back. Mode bits (Thumb, Xtensa window) are the symbolizer's.
//
// Owner. A heap corruption's block is matched against the boot's live allocations: the one
// whose data, with the poisoning head before it and the tail canary after it, holds the address
// (ESP-IDF prints the head's or the tail's address, not the data's).
//
// Memory: a boot keeps at most max_crashes crashes (a crash loop prints the same panic every
// few seconds); the rest are counted.
#pragma once

#include <cstdint>
#include <vector>

#include "leakscope/analyze/boot_ledger.hpp"
#include "leakscope/analyze/stack_resolver.hpp"
#include "leakscope/model/event.hpp"
#include "leakscope/model/report.hpp"

namespace leakscope {

class BootCrashes {
 public:
  static constexpr std::uint64_t max_gap = 60;         // lines between parts of one crash
  static constexpr std::size_t max_crashes = 100;
  static constexpr std::uint64_t poison_head = 16;     // bytes before the data it may name
  static constexpr std::uint64_t poison_tail = 8;      // and after

  void on_event(const CrashEvent& event);
  std::vector<Crash> report(StackResolver& resolver, const BootLedger& ledger) const;
  std::uint64_t dropped() const { return dropped_; }

 private:
  struct Pending {
    CrashEvent headline;
    std::vector<CrashAddress> registers;
    std::vector<CrashAddress> backtrace;
    bool corrupted = false, continues = false;
    std::vector<std::string> details;
    SourcePos last;
  };
  bool joins(const CrashEvent& event) const;

  std::vector<Pending> crashes_;
  std::uint64_t dropped_ = 0;
};

}  // namespace leakscope
