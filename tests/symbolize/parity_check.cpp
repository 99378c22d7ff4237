#include "parity_check.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

namespace leakscope::parity {
namespace {

// Our frame as the peers print its position: "??" for no file, "?" (addr2line) or "0"
// (llvm-symbolizer) for line 0.
std::string printed_file(const SourceFrame& f) { return f.file.empty() ? "??" : std::string(f.file); }
std::string printed_name(const SourceFrame& f) { return f.function.empty() ? "??" : std::string(f.function); }

// File, line and discriminator of every frame as addr2line prints them (it repeats frame 0's
// discriminator on every frame that has a line).
bool same_positions_as_addr2line(const Symbolization& ours, const RefAnswer& a2l) {
  if (ours.frames.size() != a2l.size()) return false;
  for (std::size_t i = 0; i < a2l.size(); ++i) {
    const SourceFrame& f = ours.frames[i];
    if (printed_file(f) != a2l[i].file || (f.line == 0 ? "?" : std::to_string(f.line)) != a2l[i].line) return false;
    const std::uint32_t printed_discriminator = f.line == 0 ? 0 : ours.frames[0].discriminator;
    if (printed_discriminator != a2l[i].discriminator) return false;
  }
  return true;
}

bool same_positions_as_llvm(const Symbolization& ours, const RefAnswer& llvm) {
  if (ours.frames.size() != llvm.size()) return false;
  for (std::size_t i = 0; i < llvm.size(); ++i) {
    if (printed_file(ours.frames[i]) != llvm[i].file || std::to_string(ours.frames[i].line) != llvm[i].line) {
      return false;
    }
  }
  return true;
}

bool same_names(const Symbolization& ours, const RefAnswer& ref) {
  if (ours.frames.size() != ref.size()) return false;
  for (std::size_t i = 0; i < ref.size(); ++i) {
    if (printed_name(ours.frames[i]) != ref[i].function) return false;
  }
  return true;
}

bool in_section(const std::vector<SectionRange>& sections, std::uint64_t pc, const std::string& name) {
  return std::any_of(sections.begin(), sections.end(),
                     [&](const SectionRange& s) { return pc >= s.start && pc < s.end && s.name == name; });
}

// addr2line's frames and positions, or the same but for frame 0's file where binutils 2.40
// starts a DWARF 5 line sequence in file 0, the unit's own file, though the standard says
// file 1 (binutils PR 30783, fixed in 2.42): rows before the sequence's first DW_LNS_set_file
// name the wrong file. GCC's file 1 is a header when a unit's code starts with a header's
// function. That case is counted.
bool addr2line_positions_agree(const Symbolization& ours, const RefAnswer& a2l, const ElfFacts& facts,
                               ParityTally& tally) {
  if (same_positions_as_addr2line(ours, a2l)) return true;
  if (facts.dwarf_version < 5 || a2l.empty() || ours.frames.empty()) return false;
  RefAnswer first_file_fixed = a2l;
  first_file_fixed[0].file = printed_file(ours.frames[0]);
  if (!same_positions_as_addr2line(ours, first_file_fixed)) return false;
  ++tally.causes["addr2line: DWARF 5 sequence read from file 0 (binutils PR 30783)"];
  return true;
}

enum class Peer { addr2line, llvm };

// Why `peer` names a frame `theirs` where leakscope (following the policy) prints `ours`;
// empty when no known cause explains it. Each cause is allowed only for the peer known to
// behave so (README.md, "Known divergences").
std::string naming_cause(Peer peer, const std::string& theirs, const std::string& ours, bool inlined,
                         const std::string& outermost) {
  const std::string spelled = policy_spelling(theirs);
  if (spelled == ours && theirs.find('$') != std::string::npos) return "Xtensa clone spelled $isra$N";
  if (spelled == ours && peer == Peer::llvm && theirs.find(" (.") != std::string::npos) {
    return "clone suffix spelled (.isra.N)";
  }
  if (peer == Peer::addr2line && !inlined && has_clone_suffix(ours) && spelled == without_clones(ours)) {
    return "no clone suffix";
  }
  if (peer == Peer::addr2line && inlined && bare_name(spelled) == bare_name(outermost)) {
    return "inlined function named after the enclosing symbol";
  }
  if (is_short_name(spelled) && bare_name(spelled) == bare_name(ours)) return "short DW_AT_name";
  return "";
}

// Counts the causes of every name `peer` prints differently; false when one has none.
bool classify_names(Peer peer, const Symbolization& ours, const RefAnswer& ref, ParityTally& tally,
                    std::string& failure) {
  const std::string peer_name = peer == Peer::addr2line ? "addr2line" : "llvm-symbolizer";
  std::set<std::string> causes;
  const std::string outermost(ours.frames.back().function);
  for (std::size_t i = 0; i < ref.size(); ++i) {
    const std::string mine = printed_name(ours.frames[i]);
    if (ref[i].function == mine) continue;
    const std::string cause = naming_cause(peer, ref[i].function, mine, ours.frames[i].inlined, outermost);
    if (cause.empty()) {
      failure = fmt::format("{} names frame {} '{}': no known cause", peer_name, i, ref[i].function);
      return false;
    }
    causes.insert(cause);
  }
  for (const std::string& cause : causes) ++tally.causes[peer_name + ": " + cause];
  return true;
}

void note_coverage(const Symbolization& ours, ParityTally& tally) {
  tally.deepest_chain = std::max(tally.deepest_chain, ours.frames.size());
  if (!ours.frames.empty() && ours.frames[0].discriminator != 0) ++tally.with_discriminator;
  if (ours.from_symtab) ++tally.from_symtab;
  if (!ours.frames.empty() && !ours.from_symtab) ++tally.from_dwarf;
  if (!ours.frames.empty() && has_clone_suffix(std::string(ours.frames.back().function))) ++tally.clones;
  for (const SourceFrame& f : ours.frames) tally.functions.emplace(f.function);
}

}  // namespace

std::string describe(const Symbolization& ours) {
  std::string text;
  for (const SourceFrame& f : ours.frames) {
    text += fmt::format("[{} @ {}:{} d{}{}] ", printed_name(f), printed_file(f), f.line, f.discriminator,
                        f.inlined ? " inl" : "");
  }
  return text.empty() ? "(unknown)" : text;
}

std::string describe(const RefAnswer& ref) {
  std::string text;
  for (const RefFrame& f : ref) text += fmt::format("[{} @ {}:{} d{}] ", f.function, f.file, f.line, f.discriminator);
  return text.empty() ? "(unknown)" : text;
}

std::vector<std::string> policy_names(std::uint64_t pc, const RefAnswer& a2l, const RefAnswer& llvm,
                                      const ElfFacts& facts) {
  std::vector<std::string> names;
  if (llvm.empty() || a2l.empty()) return names;
  // Inlined frames: llvm-symbolizer prints their DWARF names (rules 1 and 2 before
  // qualification); only the outermost frame is renamed by it after a symbol.
  for (std::size_t i = 0; i + 1 < llvm.size(); ++i) names.push_back(facts.names->qualify(llvm[i].function));
  // Outermost frame: a symbol over the pc that names the same function as the DWARF (which
  // addr2line prints) adds a clone suffix, parameters or scopes (rule 3); otherwise DWARF.
  // Identical-code folding can put two symbols on one body: the one whose demangled name is
  // the DWARF function's wins over one that only shares its identifier.
  const std::string dwarf = policy_spelling(a2l.back().function);
  const ElfSymbol* same_identifier = nullptr;
  for (const ElfSymbol& symbol : facts.symbols) {
    if (symbol.start > pc) break;
    if (pc >= symbol.end) continue;
    const std::string spelled = policy_spelling(symbol.name);
    if (without_clones(spelled) == without_clones(dwarf)) {
      names.push_back(spelled);
      return names;
    }
    if (same_identifier == nullptr && bare_name(spelled) == bare_name(dwarf)) same_identifier = &symbol;
  }
  names.push_back(same_identifier != nullptr ? policy_spelling(same_identifier->name) : facts.names->qualify(dwarf));
  return names;
}

void check_address(const Lookup& lookup, const Symbolization& ours, const RefAnswer& a2l, const RefAnswer& llvm,
                   const ElfFacts& facts, ParityTally& tally) {
  ++tally.checked;
  note_coverage(ours, tally);
  const std::vector<std::string> expected = policy_names(lookup.pc, a2l, llvm, facts);
  auto fail = [&](const std::string& what) {
    tally.unexplained.push_back(fmt::format("{:#x} (pc {:#x}) {}:\n  ours      {}\n  addr2line {}\n  llvm      {}\n  policy    {}",
                                            lookup.evidence, lookup.pc, what, describe(ours), describe(a2l),
                                            describe(llvm), fmt::join(expected, " | ")));
  };
  // Padding after a sized function: llvm-symbolizer (and leakscope) find no function there,
  // binutils names the preceding symbol. The positions, when DWARF has some, must still agree.
  const bool llvm_no_function = llvm.empty() || llvm.back().function == "??";
  if (llvm_no_function && !a2l.empty() && a2l.back().function != "??") {
    if (!same_names(ours, llvm)) return fail("padding: names differ from llvm-symbolizer");
    if (!ours.frames.empty() && !addr2line_positions_agree(ours, a2l, facts, tally)) return fail("padding: positions");
    ++tally.causes["addr2line: padding after a function named after it"];
    return;
  }
  // llvm-symbolizer 14 stretches a zero-size symbol (crt's _init) over the sections after it
  // (.plt, .plt.got); binutils and leakscope stop at the end of the symbol's section.
  const bool llvm_stretched = !in_section(facts.sections, lookup.pc, ".text") && ours.frames.empty() &&
                              a2l.empty() && llvm.size() == 1 && llvm[0].file == "??";
  if (llvm_stretched) ++tally.causes["llvm-symbolizer: symbol stretched over a later section"];
  if (!addr2line_positions_agree(ours, a2l, facts, tally)) return fail("frames or file:line differ from addr2line");
  if (!llvm_stretched && !same_positions_as_llvm(ours, llvm)) return fail("frames or file:line differ from llvm-symbolizer");
  if (expected.size() != ours.frames.size()) return fail("the policy names no such frames");
  for (std::size_t i = 0; i < ours.frames.size(); ++i) {
    if (printed_name(ours.frames[i]) != expected[i]) return fail(fmt::format("frame {} breaks the naming policy", i));
  }
  if (ours.frames.empty()) {
    tally.clean.push_back(lookup.evidence);
    return;
  }
  std::string failure;
  if (!classify_names(Peer::addr2line, ours, a2l, tally, failure)) return fail(failure);
  if (!llvm_stretched && !classify_names(Peer::llvm, ours, llvm, tally, failure)) return fail(failure);
  if (same_names(ours, a2l) && same_positions_as_addr2line(ours, a2l)) tally.clean.push_back(lookup.evidence);
}

std::string ParityTally::summary(const std::string& name, const std::string& sweep) const {
  std::string causes_text;
  for (const auto& [cause, count] : causes) causes_text += fmt::format("\n    {:5} {}", count, cause);
  return fmt::format("parity {} {}: {} addresses, {} unexplained{}\n", name, sweep, checked, unexplained.size(),
                     causes_text);
}

}  // namespace leakscope::parity
