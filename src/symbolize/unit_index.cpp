#include "symbolize/unit_index.hpp"

#include <dwarf.h>

#include <algorithm>
#include <string>

#include "symbolize/demangle.hpp"

namespace leakscope::symbolize_detail {
namespace {

// GCC's discriminator of an inlined call site; elfutils' dwarf.h does not name it.
constexpr unsigned int dw_at_gnu_discriminator = 0x2136;

const char* string_attribute(Dwarf_Die* die, unsigned int attribute) {
  Dwarf_Attribute attr;
  const char* value = dwarf_formstring(dwarf_attr(die, attribute, &attr));
  return (value != nullptr && *value != '\0') ? value : nullptr;
}

bool is_absolute(const char* path) {
  if (path[0] == '/') return true;
  // "C:/..." or "C:\...": ELFs built on Windows (ESP-IDF, STM32CubeIDE) analysed here.
  const bool drive_letter = ((path[0] >= 'A' && path[0] <= 'Z') || (path[0] >= 'a' && path[0] <= 'z'));
  return drive_letter && path[1] == ':' && (path[2] == '/' || path[2] == '\\');
}

// The name a namespace or class-like DIE adds to a qualifier, or empty to add nothing.
std::string_view scope_component(Dwarf_Die* die, int tag) {
  if (const char* name = string_attribute(die, DW_AT_name)) return name;
  return tag == DW_TAG_namespace ? std::string_view("(anonymous namespace)") : std::string_view();
}

// What an answer needs of an inlined call, taken in one pass over its attributes (dwarf_attr
// would scan them once per attribute asked for).
int read_call_attribute(Dwarf_Attribute* attr, void* scope_arg) {
  Scope& scope = *static_cast<Scope*>(scope_arg);
  Dwarf_Word value = 0;
  auto udata = [&] { return dwarf_formudata(attr, &value) == 0 ? static_cast<std::uint32_t>(value) : 0; };
  switch (dwarf_whatattr(attr)) {
    case DW_AT_abstract_origin: {
      Dwarf_Die origin;
      // Only an origin in this file: one in a dwz alternate file is found the slow way.
      if (dwarf_formref_die(attr, &origin) != nullptr &&
          dwarf_cu_getdwarf(origin.cu) == dwarf_cu_getdwarf(attr->cu)) {
        scope.origin = dwarf_dieoffset(&origin);
      }
      break;
    }
    case DW_AT_call_file:
      if (dwarf_formudata(attr, &value) == 0) scope.call_file = static_cast<std::uint32_t>(value);
      break;
    case DW_AT_call_line: scope.call_line = udata(); break;
    case DW_AT_call_column: scope.call_column = udata(); break;
    case dw_at_gnu_discriminator: scope.call_discriminator = udata(); break;
    default: break;
  }
  return DWARF_CB_OK;
}

// The attributes naming rules 1-2 read, in one pass over a DIE's attributes.
NameAttributes read_name_attributes(Dwarf_Die* die) {
  NameAttributes found;
  dwarf_getattrs(
      die,
      [](Dwarf_Attribute* attr, void* found_arg) {
        NameAttributes& a = *static_cast<NameAttributes*>(found_arg);
        auto text = [&] {
          const char* value = dwarf_formstring(attr);
          return (value != nullptr && *value != '\0') ? value : nullptr;
        };
        switch (dwarf_whatattr(attr)) {
          case DW_AT_linkage_name: a.linkage = text(); break;
          case DW_AT_MIPS_linkage_name: if (a.linkage == nullptr) a.linkage = text(); break;
          case DW_AT_name: a.name = text(); break;
          case DW_AT_abstract_origin: a.origin = *attr; break;
          case DW_AT_specification: a.specification = *attr; break;
          default: break;
        }
        return int{DWARF_CB_OK};
      },
      &found, 0);
  return found;
}

}  // namespace

// A depth-first walk, skipping what cannot hold code (variables, parameters, call sites, types
// other than namespaces and classes): those are most of a unit's DIEs. Two uses:
//   unit walk (body == nullptr): namespaces, classes and out-of-line functions, not their
//     bodies, once per unit;
//   body walk: the inlined calls inside one function, on the function's first lookup, into
//     `body`. Nothing of a body is read before then: a lookup in a large unit reads the unit's
//     outline and one function, not every function (GNU C nested functions, which live inside
//     another function's body, are therefore not indexed: their code is named by its symbol).
struct UnitIndex::Walk {
  UnitIndex& unit;
  bool thumb = false;
  DieRangeIndex* body = nullptr;
  std::size_t qualifier = no_scope;  // innermost Qualifier open around the DIEs being visited
  Dwarf_Off last_visited = 0;

  void add_ranges(DieRangeIndex& index, Dwarf_Die* die, std::size_t scope, bool is_function) {
    Dwarf_Addr base = 0;
    Dwarf_Addr start = 0;
    Dwarf_Addr end = 0;
    ptrdiff_t offset = 0;
    while ((offset = dwarf_ranges(die, offset, &base, &start, &end)) > 0) {
      if (is_function && thumb && (start & 1) != 0) {
        --start;
        --end;
      }
      index.add(start, end, scope);
    }
  }

  bool has_code(Dwarf_Die* die) {
    Dwarf_Addr base = 0;
    Dwarf_Addr start = 0;
    Dwarf_Addr end = 0;
    return dwarf_ranges(die, 0, &base, &start, &end) > 0;
  }

  std::size_t add_scope(Dwarf_Die* die, std::size_t parent) {
    Scope scope;
    scope.die = dwarf_dieoffset(die);
    scope.parent = parent;
    const std::size_t index = unit.scopes_.size();
    if (parent != no_scope) {
      scope.depth = unit.scopes_[parent].depth + 1;
      scope.inlined = true;
    }
    unit.scopes_.push_back(scope);
    return index;
  }

  // `enclosing`: the function or inlined call the children are code of; no_scope outside code.
  void visit_children(Dwarf_Die* parent, std::size_t enclosing) {
    Dwarf_Die child;
    if (dwarf_child(parent, &child) != 0) return;
    do {
      const int tag = dwarf_tag(&child);
      last_visited = dwarf_dieoffset(&child);
      switch (tag) {
        case DW_TAG_subprogram: {
          // Declarations and abstract instances hold no code.
          if (body != nullptr || !has_code(&child)) break;
          const std::size_t function = add_scope(&child, no_scope);
          add_ranges(unit.functions_, &child, function, true);
          break;
        }
        case DW_TAG_inlined_subroutine: {
          if (body == nullptr || enclosing == no_scope) break;
          // An instance whose range list is empty still encloses its children: GCC writes one
          // starting at the unit's base address as a (0, 0) first entry, which DWARF <= 4
          // readers must take as the end of the list; its children keep their own ranges.
          const std::size_t call = add_scope(&child, enclosing);
          dwarf_getattrs(&child, read_call_attribute, &unit.scopes_[call], 0);
          add_ranges(*body, &child, call, false);
          visit_children(&child, call);
          break;
        }
        case DW_TAG_lexical_block:
        case DW_TAG_try_block:
        case DW_TAG_catch_block:
          if (enclosing != no_scope) visit_children(&child, enclosing);
          break;
        case DW_TAG_namespace:
        case DW_TAG_module:
        case DW_TAG_class_type:
        case DW_TAG_structure_type:
        case DW_TAG_union_type: {
          if (body != nullptr || !dwarf_haschildren(&child)) break;  // local types hold no code
          const std::string_view component = scope_component(&child, tag);
          if (component.empty()) {  // an unnamed struct adds nothing to the names inside
            visit_children(&child, no_scope);
            break;
          }
          const std::size_t outer = qualifier;
          qualifier = unit.qualifiers_.size();
          unit.qualifiers_.push_back(Qualifier{last_visited, 0, outer, component, {}});
          visit_children(&child, no_scope);  // functions found in there are out-of-line ones
          unit.qualifiers_[qualifier].end = last_visited + 1;
          qualifier = outer;
          break;
        }
        default:
          break;
      }
    } while (dwarf_siblingof(&child, &child) == 0);
  }
};

std::string_view NameCache::demangled(std::string_view linkage) {
  auto [it, added] = demangled_names.try_emplace(linkage.data());
  if (added) it->second = pool.intern(demangle(linkage));
  return it->second;
}

UnitIndex::UnitIndex(Dwarf_Die cu_die, bool thumb, NameCache& names)
    : cu_die_(cu_die), names_cache_(names), thumb_(thumb) {
  Walk walk{*this, thumb};
  walk.visit_children(&cu_die_, no_scope);
  functions_.finish();
  names_.resize(scopes_.size());
}

std::size_t UnitIndex::innermost_scope(std::size_t function, std::uint64_t pc) {
  auto [body, first_lookup] = bodies_.try_emplace(function);
  if (first_lookup) {
    Dwarf_Die die;
    if (dwarf_offdie(dwarf_cu_getdwarf(cu_die_.cu), scopes_[function].die, &die) != nullptr) {
      Walk walk{*this, thumb_, &body->second};
      walk.visit_children(&die, function);
    }
    body->second.finish();
    names_.resize(scopes_.size());
  }
  std::size_t best = function;
  body->second.for_each_containing(pc, [&](const DieRange& r) {
    if (scopes_[r.id].depth > scopes_[best].depth) best = r.id;
  });
  return best;
}

CallSite UnitIndex::call_site(std::size_t inlined_scope) {
  const Scope& scope = scopes_[inlined_scope];
  CallSite site;
  site.line = scope.call_line;
  site.column = scope.call_column;
  site.discriminator = scope.call_discriminator;
  if (!files_read_) {
    files_read_ = true;
    Dwarf_Files* files = nullptr;
    std::size_t count = 0;
    if (dwarf_getsrcfiles(&cu_die_, &files, &count) == 0) {
      file_paths_.resize(count);
      for (std::size_t i = 0; i < count; ++i) {
        file_paths_[i] = path(dwarf_filesrc(files, i, nullptr, nullptr));
      }
    }
  }
  if (scope.call_file < file_paths_.size()) site.file = file_paths_[scope.call_file];
  return site;
}

std::string_view UnitIndex::qualifier_of(Dwarf_Off die) {
  auto after = std::upper_bound(qualifiers_.begin(), qualifiers_.end(), die,
                                [](Dwarf_Off value, const Qualifier& q) { return value < q.begin; });
  if (after == qualifiers_.begin()) return {};
  std::size_t q = static_cast<std::size_t>(after - qualifiers_.begin()) - 1;
  while (q != no_scope && die >= qualifiers_[q].end) q = qualifiers_[q].parent;
  if (q == no_scope) return {};
  if (qualifiers_[q].full.empty()) {
    // Built outermost first; each level reuses its parent's.
    std::vector<std::size_t> chain;
    for (std::size_t at = q; at != no_scope && qualifiers_[at].full.empty(); at = qualifiers_[at].parent) {
      chain.push_back(at);
    }
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
      Qualifier& level = qualifiers_[*it];
      if (level.parent == no_scope) {
        level.full = level.component;
      } else {
        level.full = names_cache_.pool.intern(std::string(qualifiers_[level.parent].full) + "::" + std::string(level.component));
      }
    }
  }
  return qualifiers_[q].full;
}

const ScopeNames& UnitIndex::names(std::size_t scope) {
  const ScopeNames*& named = names_[scope];
  if (named != nullptr) return *named;
  // An inlined call names nothing itself: its abstract origin does, once for all its
  // instances (an inline helper has hundreds).
  if (scopes_[scope].origin != 0) return *(named = &die_names(scopes_[scope].origin, nullptr));
  Dwarf_Die die;
  if (dwarf_offdie(dwarf_cu_getdwarf(cu_die_.cu), scopes_[scope].die, &die) == nullptr) {
    return *(named = &die_names(scopes_[scope].die, nullptr));
  }
  // So does a concrete out-of-line instance of an inline function.
  const NameAttributes attributes = read_name_attributes(&die);
  Dwarf_Die abstract;
  if (attributes.linkage == nullptr && attributes.name == nullptr && attributes.origin.valp != nullptr &&
      dwarf_formref_die(const_cast<Dwarf_Attribute*>(&attributes.origin), &abstract) != nullptr) {
    return *(named = &die_names(dwarf_dieoffset(&abstract), &abstract));
  }
  return *(named = &die_names(scopes_[scope].die, &die));
}

const ScopeNames& UnitIndex::die_names(Dwarf_Off offset, Dwarf_Die* die) {
  auto [cached, added] = names_by_die_.try_emplace(offset);
  if (!added) return cached->second;
  Dwarf_Die found;
  if (die == nullptr && dwarf_offdie(dwarf_cu_getdwarf(cu_die_.cu), offset, &found) != nullptr) die = &found;
  if (die != nullptr) cached->second = names_along_links(*die);
  return cached->second;
}

ScopeNames UnitIndex::names_along_links(Dwarf_Die die) {
  ScopeNames names;
  // The first of each attribute along abstract_origin / specification links: a concrete or
  // inlined instance -> its abstract function -> the declaration in its class or namespace.
  Dwarf_Off chain[8];
  int links = 0;
  while (links < 8) {
    chain[links++] = dwarf_dieoffset(&die);
    NameAttributes attributes = read_name_attributes(&die);
    if (names.linkage.empty() && attributes.linkage != nullptr) names.linkage = attributes.linkage;
    if (names.short_name.empty() && attributes.name != nullptr) names.short_name = attributes.name;
    Dwarf_Attribute* link = attributes.origin.valp != nullptr          ? &attributes.origin
                            : attributes.specification.valp != nullptr ? &attributes.specification
                                                                       : nullptr;
    if (link == nullptr || dwarf_formref_die(link, &die) == nullptr) break;
  }
  // Without a linkage name: the first DIE along the links that a namespace or class encloses.
  std::string_view qualifier;
  for (int i = 0; names.linkage.empty() && qualifier.empty() && i < links; ++i) qualifier = qualifier_of(chain[i]);
  if (!names.linkage.empty()) {
    names.printed = names_cache_.demangled(names.linkage);
  } else if (!qualifier.empty() && !names.short_name.empty()) {
    names.printed = names_cache_.pool.intern(std::string(qualifier) + "::" + std::string(names.short_name));
  } else {
    names.printed = names.short_name;
  }
  return names;
}

namespace {

Dwarf_Addr row_address(Dwarf_Lines* lines, std::size_t i) {
  Dwarf_Addr address = 0;
  dwarf_lineaddr(dwarf_onesrcline(lines, i), &address);
  return address;
}

}  // namespace

// Reads the line table and finds every function range's rows in one pass over it: a binary
// search of the unit's table per function would cost a cache miss per step, and a random mix
// of addresses looks up most functions of the units it touches.
void UnitIndex::read_lines() {
  lines_read_ = true;
  if (dwarf_getsrclines(&cu_die_, &lines_, &line_count_) != 0 ||
      line_count_ >= std::numeric_limits<std::uint32_t>::max()) {
    lines_ = nullptr;
    line_count_ = 0;
  }
  // (address, 2 * range + 1 for its end): each bound's row is the first at or after it.
  std::vector<std::pair<std::uint64_t, std::size_t>> bounds;
  bounds.reserve(2 * functions_.size());
  for (std::size_t r = 0; r < functions_.size(); ++r) {
    bounds.emplace_back(functions_[r].start, 2 * r);
    bounds.emplace_back(functions_[r].end, 2 * r + 1);
  }
  std::sort(bounds.begin(), bounds.end());
  row_windows_.assign(functions_.size(), {0, 0});
  std::uint32_t row = 0;
  for (const auto& [address, bound] : bounds) {
    while (row < line_count_ && row_address(lines_, row) < address) ++row;
    auto& window = row_windows_[bound / 2];
    (bound % 2 == 0 ? window.first : window.second) = row;
  }
}

Dwarf_Line* UnitIndex::row_in_function(std::size_t range, std::uint64_t pc) {
  if (!lines_read_) read_lines();
  const auto [first, last] = row_windows_[range];
  // The first row after pc, then back to the last row that is not an end marker. Rows spread
  // about evenly over a function, so the search starts where pc's share of the range points
  // and gallops from there: a row or two read instead of a binary search's cache miss per step.
  std::size_t low = first;
  std::size_t high = last;
  if (high - low > 8) {
    const DieRange& r = functions_[range];
    const auto share = static_cast<double>(pc - r.start) / static_cast<double>(r.end - r.start);
    const auto offset = static_cast<std::size_t>(share * static_cast<double>(high - low));
    const std::size_t guess = std::min(high - 1, low + offset);
    if (row_address(lines_, guess) <= pc) {
      for (std::size_t step = 1; guess + step < high; step *= 2) {
        if (row_address(lines_, guess + step) > pc) {
          high = guess + step;
          break;
        }
        low = guess + step + 1;
      }
      low = std::max(low, guess + 1);
    } else {
      high = guess;
      for (std::size_t step = 1; step <= guess - low; step *= 2) {
        if (row_address(lines_, guess - step) <= pc) {
          low = guess - step + 1;
          break;
        }
        high = guess - step;
      }
    }
  }
  while (low < high) {
    const std::size_t mid = low + (high - low) / 2;
    if (row_address(lines_, mid) <= pc) low = mid + 1; else high = mid;
  }
  for (std::size_t i = low; i-- > first;) {
    Dwarf_Line* line = dwarf_onesrcline(lines_, i);
    bool end_sequence = false;
    if (dwarf_lineendsequence(line, &end_sequence) == 0 && !end_sequence) return line;
  }
  return nullptr;
}

std::string_view UnitIndex::path(const char* raw) {
  if (raw == nullptr || *raw == '\0') return {};
  const auto known = paths_.find(raw);
  if (known != paths_.end()) return known->second;
  std::string joined;
  const char* comp_dir = string_attribute(&cu_die_, DW_AT_comp_dir);
  if (!is_absolute(raw) && comp_dir != nullptr) {
    // addr2line and llvm-symbolizer print relative paths joined with the unit's directory.
    joined = comp_dir;
    if (joined.back() != '/') joined += '/';
  }
  joined += raw;
  return paths_.emplace(raw, names_cache_.pool.intern(joined)).first->second;
}


}  // namespace leakscope::symbolize_detail
