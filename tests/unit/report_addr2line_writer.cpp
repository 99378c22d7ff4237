// The addr2line -f -i -C text format (report/addr2line_writer.hpp). The parity suite in
// tests/symbolize compares whole outputs with binutils; these pin the layout rules one by one.
#include <catch2/catch.hpp>

#include <sstream>

#include "leakscope/report/addr2line_writer.hpp"

using leakscope::Addr2lineStyle;
using leakscope::format_addr2line;
using leakscope::SourceFrame;
using leakscope::Symbolization;

namespace {

// Frames hold views: the names here are string literals, which outlive every test.
SourceFrame frame(std::string_view function, std::string_view file, std::uint32_t line,
                  std::uint32_t discriminator = 0, bool inlined = false) {
  SourceFrame f;
  f.function = function;
  f.file = file;
  f.line = line;
  f.discriminator = discriminator;
  f.inlined = inlined;
  return f;
}

// Answers refer to frames the Symbolizer stores; here they live in static vectors.
Symbolization answer(const std::vector<SourceFrame>& frames, std::uint64_t address = 0x8010) {
  Symbolization s;
  s.address = address;
  s.lookup_pc = address;
  s.in_code = true;
  s.frames = frames;
  return s;
}

Symbolization inlined_chain() {
  static const std::vector<SourceFrame> frames = {frame("chain_level4", "/src/inline_chain.h", 10, 3, true),
                                                  frame("chain_entry", "/src/chain.c", 8)};
  return answer(frames);
}

Addr2lineStyle style(bool pretty, bool print_address, std::uint8_t address_size = 4) {
  Addr2lineStyle st;
  st.pretty = pretty;
  st.print_address = print_address;
  st.address_size = address_size;
  return st;
}

}  // namespace

TEST_CASE("addr2line: one function/position pair per frame, innermost first", "[addr2line_writer]") {
  // binutils prints the line-table row's discriminator after every frame of the chain.
  CHECK(format_addr2line(inlined_chain(), style(false, false)) ==
        "chain_level4\n/src/inline_chain.h:10 (discriminator 3)\n"
        "chain_entry\n/src/chain.c:8 (discriminator 3)\n");
  // An outer call site's own discriminator is not printed.
  static const std::vector<SourceFrame> frames = {frame("chain_level4", "/src/inline_chain.h", 10, 0, true),
                                                  frame("chain_entry", "/src/chain.c", 8, 5)};
  CHECK(format_addr2line(answer(frames), style(false, false)) ==
        "chain_level4\n/src/inline_chain.h:10\nchain_entry\n/src/chain.c:8\n");
}

TEST_CASE("addr2line -p: 'func at file:line' and ' (inlined by) ' lines", "[addr2line_writer]") {
  CHECK(format_addr2line(inlined_chain(), style(true, false)) ==
        "chain_level4 at /src/inline_chain.h:10 (discriminator 3)\n"
        " (inlined by) chain_entry at /src/chain.c:8 (discriminator 3)\n");
}

TEST_CASE("addr2line -a: the address as given, padded to the ELF's width", "[addr2line_writer]") {
  Symbolization s = inlined_chain();
  s.address = 0x8011;  // evidence with the Thumb bit: printed as given, not as looked up
  CHECK(format_addr2line(s, style(false, true, 4)).rfind("0x00008011\nchain_level4\n", 0) == 0);
  CHECK(format_addr2line(s, style(false, true, 8)).rfind("0x0000000000008011\nchain_level4\n", 0) == 0);
  CHECK(format_addr2line(s, style(true, true, 4)).rfind("0x00008011: chain_level4 at ", 0) == 0);
}

TEST_CASE("unknown addresses print ?? and ??:0, unknown parts of a frame ?? or ?", "[addr2line_writer]") {
  Symbolization unknown;
  unknown.address = 0x9000;
  CHECK(format_addr2line(unknown, style(false, false)) == "??\n??:0\n");
  CHECK(format_addr2line(unknown, style(true, false)) == "?? ??:0\n");
  CHECK(format_addr2line(unknown, style(false, true)) == "0x00009000\n??\n??:0\n");
  CHECK(format_addr2line(unknown, style(true, true)) == "0x00009000: ?? ??:0\n");

  static const std::vector<SourceFrame> no_line = {frame("chain_entry", "", 0)};
  CHECK(format_addr2line(answer(no_line), style(false, false)) == "chain_entry\n??:?\n");
  static const std::vector<SourceFrame> crt = {frame("deregister_tm_clones", "crtstuff.c", 0)};
  CHECK(format_addr2line(answer(crt), style(true, false)) == "deregister_tm_clones at crtstuff.c:?\n");

  // DWARF has the line, no function covers the address.
  static const std::vector<SourceFrame> padding = {frame("", "/src/loops.c", 12, 2)};
  CHECK(format_addr2line(answer(padding), style(false, false)) == "??\n/src/loops.c:12 (discriminator 2)\n");
}

TEST_CASE("write_addr2line streams what format_addr2line returns", "[addr2line_writer]") {
  std::ostringstream out;
  write_addr2line(out, inlined_chain(), style(true, true));
  CHECK(out.str() == format_addr2line(inlined_chain(), style(true, true)));
}
