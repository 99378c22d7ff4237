#include "leakscope/analyze/crashes.hpp"

#include "leakscope/analyze/fingerprint.hpp"

namespace leakscope {

bool BootCrashes::joins(const CrashEvent& event) const {
  if (crashes_.empty()) return false;
  const SourcePos& last = crashes_.back().last;
  if (event.pos.input != last.input) return false;
  if (event.pos.line == 0 || last.line == 0) return true;  // binary input: no lines to count
  return event.pos.line >= last.line && event.pos.line - last.line <= max_gap;
}

void BootCrashes::on_event(const CrashEvent& event) {
  const CrashLine& line = event.line;
  const bool join = joins(event);
  if (line.part == CrashPart::headline && join && crashes_.back().backtrace.empty() &&
      !crashes_.back().corrupted) {
    Pending& p = crashes_.back();
    const CrashKind kind = p.headline.line.kind;
    if (kind == CrashKind::task_watchdog || kind == CrashKind::backtrace) {
      // A watchdog report configured to panic: the panic names the crash.
      p.details.push_back(p.headline.text);
      p.headline = event;
    } else {
      p.details.push_back(event.text);
    }
    if (p.registers.empty()) p.registers = line.addresses;  // an abort's PC
    p.last = event.pos;
    return;
  }
  if (line.part != CrashPart::headline && join) {
    Pending& p = crashes_.back();
    auto& into = line.part == CrashPart::registers ? p.registers : p.backtrace;
    // A second backtrace (the other core's) after a complete one starts no new list: kept apart
    // it would be another crash, and merged it would read as one unwind. The first one stands.
    if (line.part == CrashPart::registers || p.backtrace.empty()) {
      into.insert(into.end(), line.addresses.begin(), line.addresses.end());
      if (line.part == CrashPart::backtrace) {
        p.corrupted = line.backtrace_corrupted;
        p.continues = line.backtrace_continues;
      }
    }
    p.last = event.pos;
    return;
  }
  if (crashes_.size() >= max_crashes) {
    ++dropped_;
    return;
  }
  Pending p{event, {}, {}, false, false, {}, event.pos};
  if (line.part == CrashPart::headline) {
    // An abort's PC, for one, is printed in its headline.
    p.registers = line.addresses;
  } else {
    p.headline.line.kind = CrashKind::backtrace;
    p.headline.line.reason = "backtrace";
    (line.part == CrashPart::registers ? p.registers : p.backtrace) = line.addresses;
    p.corrupted = line.backtrace_corrupted;
    p.continues = line.backtrace_continues;
  }
  crashes_.push_back(std::move(p));
}

namespace {

std::optional<CrashOwner> owner_of(std::uint64_t block, StackResolver& resolver,
                                   const BootLedger& ledger) {
  const LiveAllocation* best = nullptr;
  std::uint64_t best_address = 0;
  for (const auto& [address, a] : ledger.live()) {
    const std::uint64_t from = address >= BootCrashes::poison_head ? address - BootCrashes::poison_head : 0;
    if (block < from || block > address + a.size + BootCrashes::poison_tail) continue;
    // Two candidates (one block's tail next to another's head): the one whose data holds it.
    if (best == nullptr || (block >= address && block < address + a.size)) {
      best = &a;
      best_address = address;
    }
  }
  if (best == nullptr) return std::nullopt;
  const ResolvedStack& stack = resolver.resolve(best->stack);
  CrashOwner owner;
  owner.address = best_address;
  owner.size = best->size;
  owner.task = ledger.task_label(best->task, best->task_generation);
  owner.stack = stack.frames;
  if (stack.site != ResolvedStack::no_site) {
    const Frame& f = (*stack.frames)[stack.site];
    owner.function = f.function;
    owner.file = f.file;
    owner.line = f.line;
    owner.fingerprint = site_fingerprint(f.function, f.file, f.address).id;
  } else {
    owner.fingerprint = site_fingerprint({}, {}, 0).id;
  }
  return owner;
}

}  // namespace

std::vector<Crash> BootCrashes::report(StackResolver& resolver, const BootLedger& ledger) const {
  std::vector<Crash> out;
  const bool raw_returns = resolver.arch() == Arch::riscv;  // see the header
  for (const Pending& p : crashes_) {
    const CrashLine& h = p.headline.line;
    Crash c;
    c.kind = h.kind;
    c.reason = h.reason;
    c.core = h.core;
    c.at = p.headline.pos;
    c.logged_at = p.headline.logged_at;
    c.text = p.headline.text;
    c.details = p.details;
    for (const CrashAddress& r : p.registers)
      c.registers.push_back({r.role, resolver.frames_at(r.address, r.kind)});
    for (const CrashAddress& f : p.backtrace) {
      const AddressKind kind = raw_returns ? f.kind : AddressKind::exact_pc;
      std::vector<Frame> frames = resolver.frames_at(f.address, kind);
      c.backtrace.insert(c.backtrace.end(), frames.begin(), frames.end());
    }
    c.backtrace_corrupted = p.corrupted;
    c.backtrace_continues = p.continues;
    c.block = h.block;
    c.expected = h.expected;
    c.got = h.got;
    c.size = h.size;
    if (h.kind == CrashKind::heap_corruption && h.block) c.owner = owner_of(*h.block, resolver, ledger);
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace leakscope
