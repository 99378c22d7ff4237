#include "reference_tools.hpp"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <stdexcept>

namespace leakscope::parity {
namespace {

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::uint64_t parse_hex(const std::string& text) {
  return std::stoull(text, nullptr, 16);  // accepts an optional 0x
}

// "file:line" or "file:line (discriminator N)" as addr2line prints it.
// (Parsed by hand, like the objdump lines below: std::regex over a few thousand lines per ELF
// is most of the suite's time in the ASan build.)
RefFrame gnu_frame(const std::string& function, std::string position) {
  RefFrame frame;
  frame.function = function;
  static const std::string discriminator = " (discriminator ";
  const std::size_t at = position.rfind(discriminator);
  if (at != std::string::npos && position.ends_with(')')) {
    frame.discriminator = static_cast<std::uint32_t>(std::stoul(position.substr(at + discriminator.size())));
    position.erase(at);
  }
  const std::size_t colon = position.rfind(':');
  if (colon == std::string::npos) throw std::runtime_error("addr2line: no ':' in '" + position + "'");
  frame.file = position.substr(0, colon);
  frame.line = position.substr(colon + 1);
  return frame;
}

// "file:line:column" as llvm-symbolizer prints it.
RefFrame llvm_frame(const std::string& function, const std::string& position) {
  const std::size_t column_colon = position.rfind(':');
  const std::size_t line_colon = column_colon == std::string::npos || column_colon == 0
                                     ? std::string::npos
                                     : position.rfind(':', column_colon - 1);
  if (line_colon == std::string::npos) throw std::runtime_error("llvm-symbolizer: bad '" + position + "'");
  RefFrame frame;
  frame.function = function;
  frame.file = position.substr(0, line_colon);
  frame.line = position.substr(line_colon + 1, column_colon - line_colon - 1);
  return frame;
}

// Both tools print one frame "??" at "??:0" for an address they know nothing about.
RefAnswer normalize_unknown(RefAnswer answer) {
  if (answer.size() == 1 && answer[0].function == "??" && answer[0].file == "??" &&
      answer[0].line == "0") {
    answer.clear();
  }
  return answer;
}

}  // namespace

std::string shell_quote(const std::string& text) {
  std::string quoted = "'";
  for (const char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

std::string run_command(const std::string& command) {
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) throw std::runtime_error("cannot run: " + command);
  std::string output;
  char buffer[65536];
  for (std::size_t got; (got = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) output.append(buffer, got);
  const int status = ::pclose(pipe);
  if (status != 0) throw std::runtime_error("failed (status " + std::to_string(status) + "): " + command);
  return output;
}

void write_addresses(const std::string& path, const std::vector<std::uint64_t>& addresses) {
  std::ofstream out(path);
  for (const std::uint64_t a : addresses) out << "0x" << std::hex << a << '\n';
  if (!out) throw std::runtime_error("cannot write " + path);
}

std::vector<RefAnswer> addr2line_answers(const std::string& tool, const std::string& elf,
                                         const std::string& address_file,
                                         const std::vector<std::uint64_t>& addresses) {
  const std::vector<std::string> lines = split_lines(
      run_command(shell_quote(tool) + " -a -f -i -C -e " + shell_quote(elf) + " < " + shell_quote(address_file)));
  std::vector<RefAnswer> answers;
  std::size_t i = 0;
  while (i < lines.size()) {
    // -a puts each address on a line of its own before the answer's function/position pairs.
    if (lines[i].rfind("0x", 0) != 0) throw std::runtime_error("addr2line: expected an address: " + lines[i]);
    if (answers.size() >= addresses.size() || parse_hex(lines[i]) != addresses[answers.size()]) {
      throw std::runtime_error("addr2line: answer out of step at " + lines[i]);
    }
    RefAnswer answer;
    for (++i; i < lines.size() && lines[i].rfind("0x", 0) != 0; i += 2) {
      if (i + 1 >= lines.size()) throw std::runtime_error("addr2line: odd output at " + lines[i]);
      answer.push_back(gnu_frame(lines[i], lines[i + 1]));
    }
    answers.push_back(normalize_unknown(std::move(answer)));
  }
  if (answers.size() != addresses.size()) throw std::runtime_error("addr2line: missing answers for " + elf);
  return answers;
}

std::vector<RefAnswer> llvm_answers(const std::string& elf, const std::string& address_file,
                                    const std::vector<std::uint64_t>& addresses) {
  const std::vector<std::string> lines = split_lines(
      // LLVM 14 complains on stderr about RISC-V .debug_aranges sets holding a (0, 0) entry
      // before their end; it then reads the units' own ranges, so the answers stand.
      run_command(shell_quote(LEAKSCOPE_LLVM_SYMBOLIZER) + " --obj=" + shell_quote(elf) +
                  " --functions=linkage --demangle --inlining --print-address < " + shell_quote(address_file) +
                  " 2> " + shell_quote(address_file + ".llvm-stderr")));
  std::vector<RefAnswer> answers;
  std::size_t i = 0;
  while (i < lines.size()) {
    // A block per address: the address, function/position pairs, an empty line.
    if (answers.size() >= addresses.size() || parse_hex(lines[i]) != addresses[answers.size()]) {
      throw std::runtime_error("llvm-symbolizer: answer out of step at " + lines[i]);
    }
    RefAnswer answer;
    for (++i; i < lines.size() && !lines[i].empty(); i += 2) {
      if (i + 1 >= lines.size()) throw std::runtime_error("llvm-symbolizer: odd output at " + lines[i]);
      answer.push_back(llvm_frame(lines[i], lines[i + 1]));
    }
    ++i;  // the empty line
    answers.push_back(normalize_unknown(std::move(answer)));
  }
  if (answers.size() != addresses.size()) throw std::runtime_error("llvm-symbolizer: missing answers for " + elf);
  return answers;
}

std::vector<SectionRange> executable_sections(const std::string& elf) {
  // "  [14] .text  PROGBITS  0000000000001040 001040 000613 00  AX  0   0 16"
  static const std::regex row(
      R"(\]\s+(\S+)\s+(\S+)\s+([0-9a-f]+)\s+[0-9a-f]+\s+([0-9a-f]+)\s+[0-9a-f]+\s+(\S+))");
  std::vector<SectionRange> sections;
  for (const std::string& line : split_lines(run_command(std::string(LEAKSCOPE_READELF) + " -SW " + shell_quote(elf)))) {
    std::smatch m;
    if (!std::regex_search(line, m, row)) continue;
    if (m[2].str() == "NOBITS" || m[5].str().find('X') == std::string::npos) continue;
    const std::uint64_t start = parse_hex(m[3].str());
    const std::uint64_t size = parse_hex(m[4].str());
    if (size > 0) sections.push_back(SectionRange{m[1].str(), start, start + size});
  }
  return sections;
}

std::vector<std::uint64_t> line_table_addresses(const std::string& elf) {
  // Rows look like "0x0000000000008000      7     34      1   0             0  is_stmt".
  std::set<std::uint64_t> rows;
  for (const std::string& line :
       // llvm-dwarfdump 14 warns "No available targets are compatible with triple" on Xtensa
       // (LLVM has no Xtensa backend) but reads the line table fine; keep the noise out.
       split_lines(run_command(std::string(LEAKSCOPE_LLVM_DWARFDUMP) + " --debug-line " + shell_quote(elf) +
                               " 2>/dev/null"))) {
    if (line.rfind("0x", 0) != 0 || line.find("end_sequence") != std::string::npos) continue;
    std::istringstream fields(line);
    std::string address;
    std::string line_number;
    if (fields >> address >> line_number) rows.insert(parse_hex(address));
  }
  return {rows.begin(), rows.end()};
}

unsigned dwarf_version(const std::string& elf) {
  // "   Version:       5" in the first unit header; --dwarf-depth=1 keeps the dump to the headers.
  static const std::regex version(R"(^\s*Version:\s+(\d+)$)");
  for (const std::string& line : split_lines(run_command(std::string(LEAKSCOPE_READELF) +
                                                         " --debug-dump=info --dwarf-depth=1 " + shell_quote(elf)))) {
    std::smatch m;
    if (std::regex_search(line, m, version)) return static_cast<unsigned>(std::stoul(m[1].str()));
  }
  return 0;
}

std::vector<ElfSymbol> function_symbols(const std::string& elf, Arch arch) {
  // "    42: 0000806d    24 FUNC    LOCAL  DEFAULT    2 c0_isra0.constprop.0"
  static const std::regex row(R"(^\s*\d+:\s+([0-9a-f]+)\s+(\S+)\s+FUNC\s+\S+\s+\S+\s+\d+\s+(\S+)$)");
  std::vector<ElfSymbol> symbols;
  for (const std::string& line : split_lines(run_command(std::string(LEAKSCOPE_READELF) + " -sW " + shell_quote(elf)))) {
    std::smatch m;
    if (!std::regex_search(line, m, row)) continue;
    const std::uint64_t size = std::stoull(m[2].str(), nullptr, 0);  // decimal, or 0x... when large
    if (size == 0) continue;
    std::uint64_t start = parse_hex(m[1].str());
    if (arch == Arch::arm) start &= ~std::uint64_t{1};  // the Thumb bit of a Thumb function
    symbols.push_back(ElfSymbol{m[3].str(), start, start + size});
  }
  std::sort(symbols.begin(), symbols.end(), [](const ElfSymbol& a, const ElfSymbol& b) { return a.start < b.start; });
  return symbols;
}

namespace {

bool is_call(Arch arch, std::string_view mnemonic, std::string_view operands) {
  static const std::set<std::string_view> arm_conditions = {"",   "eq", "ne", "cs", "cc", "mi", "pl", "vs",
                                                            "vc", "hi", "ls", "ge", "lt", "gt", "le", "al"};
  static const std::set<std::string_view> xtensa_calls = {"call0",  "call4",  "call8",  "call12",
                                                          "callx0", "callx4", "callx8", "callx12"};
  switch (arch) {
    case Arch::x86_64:
      return mnemonic == "call";
    case Arch::arm:
      // bl, blx, with a condition inside an IT block, with a .w/.n width: "blxne", "bl.w".
      if (!mnemonic.starts_with("bl")) return false;
      mnemonic.remove_prefix(mnemonic.starts_with("blx") ? 3 : 2);
      if (mnemonic.ends_with(".w") || mnemonic.ends_with(".n")) mnemonic.remove_suffix(2);
      return arm_conditions.count(mnemonic) == 1;
    case Arch::xtensa:
      return xtensa_calls.count(mnemonic) == 1;
    case Arch::riscv:
      // objdump prints `jal target` / `jalr reg` when they link ra, and `j`/`jr` when not;
      // an explicit other link register shows as `jal t0,...`, `jal zero,...`.
      return (mnemonic == "jal" || mnemonic == "jalr") && operands.find(',') == std::string_view::npos;
    case Arch::unknown:
      break;
  }
  return false;
}

}  // namespace

std::vector<std::uint64_t> call_return_addresses(const std::string& objdump, const std::string& elf, Arch arch) {
  // "    8024:\tf000 f802 \tbl\t802c <gen_main>": address, bytes, mnemonic (x86-64 may put a
  // "notrack " or "bnd " prefix before it), operands; one instruction a line with -w.
  std::set<std::uint64_t> returns;
  bool after_call = false;
  for (const std::string& line : split_lines(run_command(shell_quote(objdump) + " -d -w " + shell_quote(elf)))) {
    const std::size_t colon = line.find(":\t");
    const std::size_t bytes_end = colon == std::string::npos ? colon : line.find('\t', colon + 2);
    if (bytes_end == std::string::npos) {
      // A symbol header or blank line; a section change ends the "next instruction" chain.
      if (line.find("Disassembly of section") != std::string::npos) after_call = false;
      continue;
    }
    if (after_call) returns.insert(parse_hex(line.substr(0, colon)));
    std::string_view instruction = std::string_view(line).substr(bytes_end + 1);
    for (const std::string_view prefix : {"notrack ", "bnd "}) {
      if (instruction.starts_with(prefix)) instruction.remove_prefix(prefix.size());
    }
    const std::size_t space = instruction.find_first_of(" \t");
    const std::string_view mnemonic = instruction.substr(0, space);
    const std::string_view operands = space == std::string_view::npos ? "" : instruction.substr(space + 1);
    after_call = is_call(arch, mnemonic, operands);
  }
  return {returns.begin(), returns.end()};
}

}  // namespace leakscope::parity
