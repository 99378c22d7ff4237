#include "leakscope/ingest/crash_line.hpp"

#include <limits>

#include "leakscope/ingest/cursor.hpp"
#include "leakscope/ingest/log_message.hpp"

namespace leakscope {

namespace {

// A "0x" hex number (either case, up to 16 digits) where the cursor is.
std::optional<std::uint64_t> hex(Cursor& c) {
  std::uint64_t value = 0;
  if (!c.hex(value)) return std::nullopt;
  return value;
}

// The cursor after `key` and spaces; nullopt when the line has no `key`.
std::optional<Cursor> after(std::string_view s, std::string_view key) {
  const std::size_t at = s.find(key);
  if (at == std::string_view::npos) return std::nullopt;
  Cursor c(s.substr(at + key.size()));
  c.spaces();
  return c;
}

// The hex number after `key` (and spaces), if the line has both.
std::optional<std::uint64_t> hex_after(std::string_view s, std::string_view key) {
  std::optional<Cursor> c = after(s, key);
  return c ? hex(*c) : std::nullopt;
}

std::optional<std::uint32_t> decimal_after(std::string_view s, std::string_view key) {
  std::optional<Cursor> c = after(s, key);
  std::uint64_t value = 0;
  if (!c || !c->number(value) || value > std::numeric_limits<std::uint32_t>::max())
    return std::nullopt;
  return static_cast<std::uint32_t>(value);
}

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '.')) s.remove_suffix(1);
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  return s;
}

CrashLine headline(CrashKind kind, std::string_view reason) {
  CrashLine c;
  c.part = CrashPart::headline;
  c.kind = kind;
  c.reason = std::string(trimmed(reason));
  return c;
}

// "Guru Meditation Error: Core  0 panic'ed (LoadProhibited). Exception was unhandled."
CrashLine guru(std::string_view rest) {
  const std::size_t open = rest.find("panic'ed (");
  const std::size_t close = open == std::string_view::npos ? open : rest.find(')', open);
  CrashLine c = headline(CrashKind::panic, close == std::string_view::npos
                                               ? rest
                                               : rest.substr(open + 10, close - open - 10));
  c.core = decimal_after(rest, "Core");
  return c;
}

// "CORRUPT HEAP: Bad tail at 0x3ffb8d30. Expected 0xbaad5678 got 0x00000000"
CrashLine corruption(std::string_view rest) {
  const std::size_t at = rest.find(" at 0x");
  const std::size_t detected = rest.find(" detected at 0x");
  CrashLine c = headline(CrashKind::heap_corruption,
                         detected != std::string_view::npos ? rest.substr(0, detected)
                         : at != std::string_view::npos     ? rest.substr(0, at)
                                                            : rest);
  if (c.reason.starts_with("Size")) c.reason = "Bad size";
  if (const std::size_t first = rest.find("0x"); first != std::string_view::npos) {
    Cursor block(rest.substr(first));
    c.block = hex(block);
  }
  c.expected = hex_after(rest, "Expected");
  if (!c.expected) c.expected = hex_after(rest, "expected <=");
  c.got = hex_after(rest, " got");
  return c;
}

// "Backtrace: 0x400d0f07:0x3ffb5850 0x400d1d39:0x3ffb5870 |<-CORRUPTED"
CrashLine backtrace(std::string_view rest) {
  CrashLine c;
  c.part = CrashPart::backtrace;
  Cursor frames(rest);
  while (true) {
    frames.spaces();
    const std::optional<std::uint64_t> pc = hex(frames);
    if (!pc) break;
    if (frames.literal(":")) hex(frames);  // the frame's SP, not code
    const std::size_t n = c.addresses.size();
    c.addresses.push_back({*pc, n == 0 ? AddressKind::exact_pc : AddressKind::return_address,
                           "frame " + std::to_string(n)});
  }
  c.backtrace_corrupted = frames.rest().find("|<-CORRUPTED") != std::string_view::npos;
  c.backtrace_continues = frames.rest().find("|<-CONTINUES") != std::string_view::npos;
  return c;
}

// A register dump line: "NAME    : 0x........  NAME    : 0x........  ...". Keeps the code
// addresses: the PC (exact) and the return address (A0 on Xtensa, RA on RISC-V).
CrashLine registers(std::string_view line) {
  CrashLine c;
  c.part = CrashPart::registers;
  for (const auto& [name, kind] : {std::pair{std::string_view("PC"), AddressKind::exact_pc},
                                   {"MEPC", AddressKind::exact_pc},
                                   {"A0", AddressKind::return_address},
                                   {"RA", AddressKind::return_address}}) {
    // The name starts the line or follows two spaces, and pads to 8 columns before ':'.
    for (std::size_t at = line.find(name); at != std::string_view::npos;
         at = line.find(name, at + 1)) {
      if (at != 0 && line[at - 1] != ' ') continue;
      Cursor value(line.substr(at + name.size()));
      value.spaces();
      if (!value.literal(":")) continue;
      value.spaces();
      if (const auto address = hex(value)) c.addresses.push_back({*address, kind, std::string(name)});
      break;
    }
  }
  return c;
}

}  // namespace

std::optional<CrashLine> read_crash_line(std::string_view line) {
  std::size_t at = 0;
  auto found = [&](std::string_view text) {
    at = line.find(text);
    return at != std::string_view::npos;
  };
  if (found("Guru Meditation Error: ")) return guru(line.substr(at + 23));
  if (found("abort() was called at PC ")) {
    Cursor rest(line.substr(at + 25));
    const std::optional<std::uint64_t> pc = hex(rest);
    CrashLine c = headline(CrashKind::abort,
                           "called at PC " + std::string(line.substr(at + 25, rest.position())));
    if (pc) c.addresses.push_back({*pc, AddressKind::exact_pc, "PC"});
    c.core = decimal_after(rest.rest(), "on core");
    return c;
  }
  if (found("assert failed: ")) return headline(CrashKind::assert_failed, line.substr(at + 15));
  if (found("assertion \"") && line.find("\" failed:", at) != std::string_view::npos)
    return headline(CrashKind::assert_failed, line.substr(at));
  if (found("***ERROR*** A stack overflow in task ")) {
    std::string_view task = line.substr(at + 37);
    task = task.substr(0, task.find(" has been detected"));
    return headline(CrashKind::stack_overflow, task);
  }
  if (found("Mem alloc fail. size ")) {
    CrashLine c = headline(CrashKind::alloc_failed, "allocation failed");
    c.size = hex_after(line.substr(at), "size");
    return c;
  }
  if (found("CORRUPT HEAP: ")) return corruption(line.substr(at + 14));
  if (found(">>> ZEPHYR FATAL ERROR ")) {
    std::string_view rest = line.substr(at + 23);
    const std::size_t colon = rest.find(": ");
    rest = colon == std::string_view::npos ? rest : rest.substr(colon + 2);
    CrashLine c;
    const std::size_t on_cpu = rest.rfind(" on CPU ");
    c = headline(CrashKind::fatal_error, rest.substr(0, on_cpu));
    if (on_cpu != std::string_view::npos) c.core = decimal_after(rest.substr(on_cpu), "on CPU");
    return c;
  }
  if (found("Task watchdog got triggered")) return headline(CrashKind::task_watchdog, "task watchdog");
  if (found("Backtrace:")) return backtrace(line.substr(at + 10));
  if (found("Faulting instruction address (r15/pc):")) {
    CrashLine c;
    c.part = CrashPart::registers;
    if (const auto pc = hex_after(line.substr(at), "(r15/pc):"))
      c.addresses.push_back({*pc, AddressKind::exact_pc, "PC"});
    return c;
  }
  if (found("r14/lr:")) {
    CrashLine c;
    c.part = CrashPart::registers;
    if (const auto lr = hex_after(line.substr(at), "r14/lr:"))
      c.addresses.push_back({*lr, AddressKind::return_address, "LR"});
    return c;
  }
  Cursor indented(line);
  indented.spaces();
  const std::string_view start = indented.rest();
  if (start.starts_with("PC ") || start.starts_with("MEPC ")) {
    CrashLine c = registers(start);
    if (!c.addresses.empty()) return c;
  }
  return std::nullopt;
}

bool ends_boot(const CrashLine& crash) {
  if (crash.kind == CrashKind::heap_corruption)
    // Only MULTI_HEAP_ASSERT's "CORRUPT HEAP: multi_heap.c:315 detected at 0x..." (its reason
    // is the file:line) always aborts. The others are the heap checker's reports: fatal when
    // free() or realloc() found the damage (the assert that follows is a crash line of its
    // own), not when heap_caps_check_integrity*() did and returned false to its caller.
    return crash.part == CrashPart::headline && crash.reason.find(".c:") != std::string::npos;
  return crash.part == CrashPart::headline && crash.kind != CrashKind::task_watchdog &&
         crash.kind != CrashKind::backtrace;
}

bool is_panic_level(std::string_view line) {
  const LogMessage m = split_log_message(line);
  return m.flavor == LogFlavor::particle && m.level == "PANIC";
}

bool is_crash_line(std::string_view line) {
  if (const std::optional<CrashLine> c = read_crash_line(line)) return ends_boot(*c);
  return is_panic_level(line);
}

bool is_panic_trailer(std::string_view line) {
  if (line == "Rebooting..." || line == "CPU halted.") return true;
  constexpr std::string_view in = "Rebooting in ", seconds = " seconds...";
  if (!line.starts_with(in) || !line.ends_with(seconds) || line.size() <= in.size() + seconds.size())
    return false;
  const std::string_view n = line.substr(in.size(), line.size() - in.size() - seconds.size());
  return n.find_first_not_of("0123456789") == std::string_view::npos;
}

}  // namespace leakscope
