// UnitIndex: one compile unit's code scopes - out-of-line functions and inlined calls - in
// address-sorted tables, built by one walk of the unit on its first lookup.
//
//   UnitIndex unit(cu_die, /*thumb=*/false, name_cache);
//   unit.functions().for_each_containing(pc, [&](const DieRange& r) { ... r.id ... });
//   std::size_t s = unit.innermost_scope(function, pc);     // deepest inlined call holding pc
//   for (; s != no_scope; s = unit.scope(s).parent) ... unit.names(s).printed ...
//
// Why not libdw's dwarf_getscopes per address: it walks the DIE tree from the top for every
// lookup (eu-addr2line's slowness). Here each unit's outline is walked once, each function's
// body on its first lookup (reading each inlined call's origin and call site on the way); a
// lookup is binary searches and a walk up a short parent chain. Names are computed and
// demangled once per DIE, file paths joined once per file, then shared through the pool.
//
// Naming (the policy, rules 1-2; rule 3, symbols, is applied by the symbolizer):
//   1. DW_AT_linkage_name (or DW_AT_MIPS_linkage_name), demangled, found through
//      DW_AT_abstract_origin / DW_AT_specification;
//   2. otherwise DW_AT_name, qualified by the namespaces, classes, structs and unions its
//      declaration is nested in ("(anonymous namespace)::helper"); C names stay plain.
// A declaration in another unit (DW_FORM_ref_addr, LTO) is named but not qualified.
#pragma once

#include <elfutils/libdw.h>

#include <cstdint>
#include <limits>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "symbolize/die_range_index.hpp"
#include "symbolize/string_pool.hpp"

namespace leakscope::symbolize_detail {

inline constexpr std::size_t no_scope = std::numeric_limits<std::size_t>::max();
inline constexpr std::uint32_t no_file = std::numeric_limits<std::uint32_t>::max();

struct Scope {
  Dwarf_Off die = 0;
  std::size_t parent = no_scope;    // the enclosing function or inlined call; none for a function
  std::uint32_t depth = 0;          // inlined calls between it and its function (0: the function)
  bool inlined = false;
  // Inlined calls only, read by the body walk in the same pass over the DIE's attributes:
  Dwarf_Off origin = 0;             // DW_AT_abstract_origin (0: none)
  std::uint32_t call_file = no_file;
  std::uint32_t call_line = 0;
  std::uint32_t call_column = 0;
  std::uint32_t call_discriminator = 0;
};

// Where an inlined call was inlined: the caller's position.
struct CallSite {
  std::string_view file;
  std::uint32_t line = 0;
  std::uint32_t column = 0;
  std::uint32_t discriminator = 0;
};

// Text shared by all units of an ELF: interned names and paths, and each linkage name
// demangled once (the same inline function appears in many units).
struct NameCache {
  StringPool pool;
  std::unordered_map<const char*, std::string_view> demangled_names;  // keyed by .debug_str address

  std::string_view demangled(std::string_view linkage);
};

// What naming reads of one DIE (null: absent; valp null: no such link).
struct NameAttributes {
  const char* linkage = nullptr;  // DW_AT_linkage_name, else DW_AT_MIPS_linkage_name
  const char* name = nullptr;
  Dwarf_Attribute origin{};         // DW_AT_abstract_origin
  Dwarf_Attribute specification{};  // DW_AT_specification
};

struct ScopeNames {
  std::string_view printed;     // naming policy rules 1-2; empty when the DIE has no name
  std::string_view linkage;     // raw linkage name; empty without one
  std::string_view short_name;  // DW_AT_name
};

class UnitIndex {
 public:
  // thumb: the ELF is ARM; gas writes Thumb assembly functions' DW_AT_low_pc with bit 0 set,
  // shifting their range one byte up; such ranges are moved back to the symbol's address.
  UnitIndex(Dwarf_Die cu_die, bool thumb, NameCache& names);

  Dwarf_Die* cu_die() { return &cu_die_; }
  // Out-of-line function ranges; DieRange::id is the function's scope index.
  const DieRangeIndex& functions() const { return functions_; }
  const Scope& scope(std::size_t index) const { return scopes_[index]; }
  // The deepest inlined call of `function` whose range holds pc; `function` itself if none.
  // The function's inlined calls are indexed on its first lookup (scope references made
  // before may dangle).
  std::size_t innermost_scope(std::size_t function, std::uint64_t pc);
  CallSite call_site(std::size_t inlined_scope);

  const ScopeNames& names(std::size_t scope);
  // A file-table or line-table path joined with DW_AT_comp_dir (DWARF <= 4 paths are
  // relative to it), interned. `raw` may be null or empty: unknown, empty view.
  std::string_view path(const char* raw);

  // The line-table row for pc inside functions()[range]: the last row at or before pc that is
  // not an end_sequence marker and not before the range. (libdw merges a unit's sequences into
  // one table, so another sequence's end marker - one --gc-sections dropped - can come just
  // before pc, where dwarf_getsrc_die would find nothing.)
  Dwarf_Line* row_in_function(std::size_t range, std::uint64_t pc);

 private:
  struct Walk;
  // A namespace or class-like DIE: [begin, end) holds the offsets of the DIEs below it that
  // the walk visited, so the innermost one holding a declaration's offset names its scope.
  struct Qualifier {
    Dwarf_Off begin = 0;
    Dwarf_Off end = 0;
    std::size_t parent = no_scope;  // enclosing Qualifier
    std::string_view component;     // "ns", "(anonymous namespace)", "Class"
    std::string_view full;          // "outer::ns::Class", built on first use
  };
  std::string_view qualifier_of(Dwarf_Off die);
  // Naming rules 1-2 for a DIE, following its abstract_origin / specification links.
  ScopeNames names_along_links(Dwarf_Die die);
  // Rules 1-2 for the DIE at `offset`, once for all scopes it names (an abstract origin names
  // all its instances); `die` is that DIE when the caller has it (null: found by offset).
  const ScopeNames& die_names(Dwarf_Off offset, Dwarf_Die* die);

  Dwarf_Die cu_die_;
  NameCache& names_cache_;
  bool thumb_ = false;
  std::vector<Scope> scopes_;
  std::vector<const ScopeNames*> names_;  // per scope, into names_by_die_; null until asked
  std::unordered_map<Dwarf_Off, ScopeNames> names_by_die_;
  std::vector<std::string_view> file_paths_;  // by file-table index, joined once read
  bool files_read_ = false;
  DieRangeIndex functions_;
  std::unordered_map<std::size_t, DieRangeIndex> bodies_;  // function scope -> its inlined calls
  std::vector<Qualifier> qualifiers_;  // in DIE order (by begin), nested
  void read_lines();
  Dwarf_Lines* lines_ = nullptr;
  std::size_t line_count_ = 0;
  bool lines_read_ = false;
  // Per functions() range: [first, last) of its rows in lines_.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> row_windows_;
  std::unordered_map<const char*, std::string_view> paths_;  // libdw's strings live with the Dwarf
};

}  // namespace leakscope::symbolize_detail
