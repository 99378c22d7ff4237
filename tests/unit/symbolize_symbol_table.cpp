// SymbolTable range rules: sorting, tie-breaking, zero-size symbols, gaps (symbol_table.hpp).
#include <catch2/catch.hpp>

#include "symbolize/symbol_table.hpp"

using leakscope::symbolize_detail::ElfSymbol;
using leakscope::symbolize_detail::SymbolCandidate;
using leakscope::symbolize_detail::SymbolTable;

namespace {

SymbolCandidate candidate(std::uint64_t start, std::uint64_t size, std::string_view name,
                          std::uint8_t binding_rank = 0, std::uint64_t section_end = 0x2000) {
  SymbolCandidate c;
  c.start = start;
  c.size = size;
  c.name = name;
  c.binding_rank = binding_rank;
  c.section_end = section_end;
  return c;
}

std::string_view name_at(const SymbolTable& table, std::uint64_t pc) {
  const ElfSymbol* s = table.containing(pc);
  return s != nullptr ? s->name : std::string_view("<none>");
}

}  // namespace

TEST_CASE("symbols cover from start to start plus size and nothing after", "[symbol_table]") {
  const SymbolTable table = SymbolTable::from_candidates(
      {candidate(0x1100, 0x20, "second"), candidate(0x1000, 0x40, "first")});  // unsorted input
  CHECK(table.size() == 2);
  CHECK(name_at(table, 0x0fff) == "<none>");
  CHECK(name_at(table, 0x1000) == "first");
  CHECK(name_at(table, 0x103f) == "first");
  CHECK(name_at(table, 0x1040) == "<none>");  // alignment padding belongs to no function
  CHECK(name_at(table, 0x10ff) == "<none>");
  CHECK(name_at(table, 0x1100) == "second");
  CHECK(name_at(table, 0x111f) == "second");
  CHECK(name_at(table, 0x1120) == "<none>");
}

TEST_CASE("same start: the largest size wins, then global over weak over local, then the name", "[symbol_table]") {
  const SymbolTable by_size = SymbolTable::from_candidates(
      {candidate(0x1000, 0x10, "alias_small"), candidate(0x1000, 0x80, "alias_big"), candidate(0x1000, 0, "label")});
  CHECK(by_size.size() == 1);
  CHECK(name_at(by_size, 0x1070) == "alias_big");

  const SymbolTable by_binding = SymbolTable::from_candidates(
      {candidate(0x1000, 0x10, "local_name", 2), candidate(0x1000, 0x10, "weak_name", 1),
       candidate(0x1000, 0x10, "global_name", 0)});
  CHECK(name_at(by_binding, 0x1000) == "global_name");

  const SymbolTable by_name =
      SymbolTable::from_candidates({candidate(0x1000, 0x10, "memcpy"), candidate(0x1000, 0x10, "__aeabi_memcpy")});
  CHECK(name_at(by_name, 0x1004) == "__aeabi_memcpy");
}

TEST_CASE("zero-size symbols reach the next symbol or the end of their section", "[symbol_table]") {
  const SymbolTable table = SymbolTable::from_candidates(
      {candidate(0x1000, 0, "_init", 0, 0x1017), candidate(0x1100, 0, "deregister_tm_clones", 2, 0x1800),
       candidate(0x1130, 0x10, "frame_dummy", 2, 0x1800)});
  CHECK(name_at(table, 0x1016) == "_init");
  CHECK(name_at(table, 0x1017) == "<none>");  // past .init: not stretched into the next section
  CHECK(name_at(table, 0x1100) == "deregister_tm_clones");
  CHECK(name_at(table, 0x112f) == "deregister_tm_clones");
  CHECK(name_at(table, 0x1130) == "frame_dummy");
}

TEST_CASE("an empty table names nothing", "[symbol_table]") {
  const SymbolTable table;
  CHECK(table.empty());
  CHECK(table.containing(0x1000) == nullptr);
}
