// Crash events symbolized against real ELFs, checked with binutils addr2line: panic output as
// each core's firmware prints it, built from the fixture ELFs' own call sites and functions,
// goes through the whole text pipeline (LogScanner -> Analyzer), and every register and
// backtrace entry must name what addr2line names at the address its role means:
//   - a PC (Xtensa PC, RISC-V MEPC, Cortex-M r15/pc): the address itself;
//   - a return address (Xtensa A0, RISC-V RA, Cortex-M r14/lr with its Thumb bit): the call;
//   - `Backtrace:` entries: the first is the PC; after it, Xtensa prints call sites (PC - 3),
//     RISC-V's EH-frame unwinder raw return addresses.
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <map>
#include <string>
#include <vector>

#include "fixtures.hpp"
#include "leakscope/analyze/analyzer.hpp"
#include "leakscope/analyze/plumbing.hpp"
#include "leakscope/ingest/byte_source.hpp"
#include "leakscope/ingest/log_scanner.hpp"
#include "leakscope/symbolize/return_address.hpp"
#include "leakscope/symbolize/symbolizer.hpp"
#include "reference_tools.hpp"

namespace leakscope::parity {
namespace {

struct Entry {
  std::string role;          // "PC", "A0", "backtrace 2", ...
  std::uint64_t printed = 0;  // as the device prints it
  std::uint64_t pc = 0;      // where addr2line must look: the instruction the role means
};

struct Panic {
  std::string log;
  std::vector<Entry> registers;
  std::vector<Entry> backtrace;
};

// `count` of `values`, spread over them.
std::vector<std::uint64_t> spread(const std::vector<std::uint64_t>& values, std::size_t count) {
  std::vector<std::uint64_t> out;
  for (std::size_t i = 0; i < count && !values.empty(); ++i)
    out.push_back(values[i * values.size() / count]);
  return out;
}

// A fault PC inside a function: a few instructions past its start.
std::uint64_t fault_pc(const Fixture& f) {
  const std::vector<ElfSymbol> symbols = function_symbols(f.elf, f.arch);
  for (const ElfSymbol& s : symbols)
    if (s.end - s.start >= 16 && s.name.find("fixture") != std::string::npos) return s.start + 8;
  REQUIRE(!symbols.empty());
  return symbols.front().start;
}

std::string hex(std::uint64_t v) { return fmt::format("0x{:08x}", v); }

// ESP-IDF's panic output: the headline, a register dump whose line names the PC and the
// return address as `pc_name` and `ra_name`, and a backtrace whose entries after the PC are
// printed as `printed(return address)` and mean the instruction at `means(return address)`.
Panic esp_idf_panic(const char* reason, const char* pc_name, const char* ra_name,
                    std::uint64_t pc, const std::vector<std::uint64_t>& returns,
                    std::uint64_t (*printed)(std::uint64_t), std::uint64_t (*means)(std::uint64_t)) {
  Panic p;
  // The dump's first line as each core prints it: PC, PS, A0, A1 / MEPC, RA, SP, GP.
  const std::string second = std::string(pc_name) == "PC" ? "PS      : 0x00060530" : "";
  const std::string fourth = std::string(pc_name) == "PC" ? "A1      : 0x3ffb5850"
                                                          : "SP      : 0x3fc8f2f0  GP      : 0x3fc8a600";
  p.log = fmt::format("Guru Meditation Error: Core  0 panic'ed ({}). Exception was unhandled.\n\n"
                      "Core  0 register dump:\n"
                      "{:<8}: {}  {}{}{:<8}: {}  {}\n",
                      reason, pc_name, hex(pc), second, second.empty() ? "" : "  ", ra_name,
                      hex(returns[0]), fourth);
  p.registers = {{pc_name, pc, pc}, {ra_name, returns[0], returns[0] - 1}};
  p.log += "\nBacktrace: " + hex(pc) + ":0x3ffb5850";
  p.backtrace.push_back({"backtrace 0", pc, pc});
  for (std::size_t i = 0; i < returns.size(); ++i) {
    const std::uint64_t entry = printed(returns[i]);
    p.log += fmt::format(" {}:0x3ffb58{:02x}", hex(entry), 0x70 + 0x20 * i);
    p.backtrace.push_back({fmt::format("backtrace {}", i + 1), entry, means(returns[i])});
  }
  p.log += " |<-CORRUPTED\n\nRebooting...\n";
  return p;
}

// Xtensa prints each entry moved back into its call: CALLn/CALLXn/CALL0 are 3 bytes.
Panic xtensa_panic(std::uint64_t pc, const std::vector<std::uint64_t>& returns) {
  const auto call = [](std::uint64_t r) { return r - 3; };
  return esp_idf_panic("LoadProhibited", "PC", "A0", pc, returns, call, call);
}

// RISC-V's EH-frame unwinder prints raw return addresses: the call is the instruction before.
Panic riscv_panic(std::uint64_t pc, const std::vector<std::uint64_t>& returns) {
  return esp_idf_panic(
      "Load access fault", "MEPC", "RA", pc, returns, [](std::uint64_t r) { return r; },
      [](std::uint64_t r) { return r - 1; });
}

// Zephyr's Cortex-M fault dump: the LR carries the Thumb bit.
Panic arm_fault(std::uint64_t pc, const std::vector<std::uint64_t>& returns) {
  const std::uint64_t lr = returns[0] | 1;
  Panic p;
  const std::string prefix = "[00:00:26.158,000] <err> os: ";
  p.log = prefix + "***** USAGE FAULT *****\n" + prefix + "  Attempt to execute undefined instruction\n" +
          prefix + "r0/a1:  0x00000000  r1/a2:  0x20001000  r2/a3:  0x00000004\n" + prefix +
          fmt::format("r3/a4:  0x00000000 r12/ip:  0x00000000 r14/lr:  {}\n", hex(lr)) + prefix +
          " xpsr:  0x61000000\n" + prefix +
          fmt::format("Faulting instruction address (r15/pc): {}\n", hex(pc)) + prefix +
          ">>> ZEPHYR FATAL ERROR 0: CPU exception on CPU 0\n" + prefix + "Current thread: 0x20000a10 (main)\n";
  p.registers = {{"LR", lr, (lr & ~1ull) - 1}, {"PC", pc, pc}};
  return p;
}

const Crash& analyze_panic(const Fixture& f, const std::string& log, Report& report) {
  Symbolizer symbolizer;
  REQUIRE(symbolizer.add_elf(f.elf).ok());
  auto plumbing = PlumbingFilter::create();
  REQUIRE(plumbing.ok());
  Analyzer analyzer(&symbolizer, *plumbing);
  LogScanner scanner(analyzer);
  auto source = string_source(log, "panic.log", 7);
  scanner.scan(*source, 0);
  scanner.finish();
  report = analyzer.finish();
  REQUIRE(report.boots.size() == 1);
  REQUIRE(report.boots[0].crashes.size() == 1);
  return report.boots[0].crashes[0];
}

std::string base_name(const std::string& path) {
  const std::size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// leakscope's frames for one entry against addr2line's: the same count, and per frame the
// same file (base name; leakscope shows paths as DWARF names them) and line, and the same
// function where addr2line prints a plain C name.
void check_frames(const Entry& e, const std::vector<Frame>& ours, const RefAnswer& theirs) {
  INFO(e.role << " printed " << hex(e.printed) << ", addr2line at " << hex(e.pc));
  REQUIRE(!theirs.empty());
  REQUIRE(ours.size() == theirs.size());
  for (std::size_t i = 0; i < ours.size(); ++i) {
    INFO("frame " << i << ": " << ours[i].function << " " << ours[i].file << ":" << ours[i].line
                  << " vs " << theirs[i].function << " " << theirs[i].file << ":" << theirs[i].line);
    CHECK(ours[i].address == e.printed);
    CHECK(base_name(ours[i].file) == base_name(theirs[i].file));
    CHECK(std::to_string(ours[i].line) == theirs[i].line);
    if (theirs[i].function.find_first_of(":(<") == std::string::npos)
      CHECK(ours[i].function == theirs[i].function);
  }
}

void check_panic(const char* name, Panic (*make)(std::uint64_t, const std::vector<std::uint64_t>&)) {
  const Fixture* f = find_fixture(name);
  REQUIRE(f != nullptr);
  const std::vector<std::uint64_t> returns =
      spread(call_return_addresses(f->objdump, f->elf, f->arch), 6);
  REQUIRE(returns.size() == 6);
  const Panic panic = make(fault_pc(*f), returns);
  INFO(panic.log);
  Report report;
  const Crash& crash = analyze_panic(*f, panic.log, report);

  std::vector<std::uint64_t> pcs;
  for (const Entry& e : panic.registers) pcs.push_back(e.pc);
  for (const Entry& e : panic.backtrace) pcs.push_back(e.pc);
  const std::string address_file =
      std::string(LEAKSCOPE_PARITY_WORK_DIR) + "/crash-" + name + ".addresses";
  write_addresses(address_file, pcs);
  const std::vector<RefAnswer> a2l = addr2line_answers(f->addr2line, f->elf, address_file, pcs);

  REQUIRE(crash.registers.size() == panic.registers.size());
  for (std::size_t i = 0; i < panic.registers.size(); ++i) {
    CHECK(crash.registers[i].name == panic.registers[i].role);
    check_frames(panic.registers[i], crash.registers[i].frames, a2l[i]);
  }
  // The backtrace's frames, one address after another (inlined chains included).
  std::size_t at = 0;
  for (std::size_t i = 0; i < panic.backtrace.size(); ++i) {
    const RefAnswer& theirs = a2l[panic.registers.size() + i];
    REQUIRE(at + theirs.size() <= crash.backtrace.size());
    const std::vector<Frame> ours(crash.backtrace.begin() + static_cast<std::ptrdiff_t>(at),
                                  crash.backtrace.begin() + static_cast<std::ptrdiff_t>(at + theirs.size()));
    check_frames(panic.backtrace[i], ours, theirs);
    at += theirs.size();
  }
  CHECK(at == crash.backtrace.size());
}

}  // namespace

TEST_CASE("crash parity: an Xtensa panic's PC, A0 and backtrace name what addr2line names",
          "[parity][crash]") {
  check_panic("xtensa", xtensa_panic);
}

TEST_CASE("crash parity: a RISC-V panic's MEPC, RA and EH-frame backtrace name what addr2line names",
          "[parity][crash]") {
  check_panic("riscv", riscv_panic);
}

TEST_CASE("crash parity: a Cortex-M fault dump's PC and LR (Thumb bit set) name what addr2line names",
          "[parity][crash]") {
  check_panic("arm", arm_fault);
}

}  // namespace leakscope::parity
