#include "symbolize/clone_suffix.hpp"

#include "leakscope/symbolize/function_name.hpp"
#include "symbolize/demangle.hpp"

namespace leakscope::symbolize_detail {
namespace {

bool is_clone_word_char(char c) { return (c >= 'a' && c <= 'z') || c == '_'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Whether `rest` is a GCC clone suffix written with `separator`: one or more parts, each a
// word ("isra", "constprop", "cold", "lto_priv") or a number, each after a separator.
bool is_clone_suffix(std::string_view rest, char separator) {
  if (rest.size() < 2 || rest.front() != separator) return false;
  std::size_t i = 0;
  while (i < rest.size()) {
    if (rest[i] != separator) return false;
    const std::size_t part = ++i;
    if (i < rest.size() && is_clone_word_char(rest[i])) {
      while (i < rest.size() && (is_clone_word_char(rest[i]) || is_digit(rest[i]))) ++i;
    } else {
      while (i < rest.size() && is_digit(rest[i])) ++i;
    }
    if (i == part) return false;
  }
  return true;
}

bool is_mangled(std::string_view name) { return name.size() > 2 && name.starts_with("_Z"); }

// Whether `identifier` occurs in `text` as a whole identifier (not inside a longer one).
bool contains_identifier(std::string_view text, std::string_view identifier) {
  if (identifier.empty()) return false;
  auto is_ident = [](char c) { return is_clone_word_char(c) || is_digit(c) || (c >= 'A' && c <= 'Z'); };
  for (std::size_t at = text.find(identifier); at != std::string_view::npos;
       at = text.find(identifier, at + 1)) {
    const bool starts = at == 0 || !is_ident(text[at - 1]) || !is_ident(identifier.front());
    const std::size_t end = at + identifier.size();
    const bool ends = end == text.size() || !is_ident(text[end]) || !is_ident(identifier.back());
    if (starts && ends) return true;
  }
  return false;
}

// "fold<short unsigned int>" -> "fold": GCC's DW_AT_name spells template arguments its own way
// ("short unsigned int" where the demangler prints "unsigned short"), so only the identifier
// before them is compared. Operators keep their '<' ("operator<<").
std::string_view without_template_arguments(std::string_view name) {
  if (name.starts_with("operator")) return name;
  return name.substr(0, name.find('<'));
}

}  // namespace

SplitSymbol split_clone_suffix(std::string_view symbol) {
  for (const char separator : {'.', '$'}) {
    // Mangled names and C identifiers hold neither '.' nor '$' (GCC accepts '$' in C
    // identifiers, so a '$' part counts only when it reads as a clone suffix).
    const std::size_t at = symbol.find(separator, 1);
    if (at == std::string_view::npos || !is_clone_suffix(symbol.substr(at), separator)) continue;
    std::string suffix(symbol.substr(at));
    for (char& c : suffix) {
      if (c == '$') c = '.';
    }
    return SplitSymbol{symbol.substr(0, at), std::move(suffix)};
  }
  return SplitSymbol{symbol, {}};
}

std::string printable_symbol(std::string_view symbol) {
  const SplitSymbol split = split_clone_suffix(symbol);
  std::string dotted(split.base);
  dotted += split.suffix;
  return demangle(dotted);  // __cxa_demangle prints clone suffixes as " [clone .isra.0]"
}

std::optional<std::string> symbol_name_for_frame(const DwarfFunctionName& dwarf, std::string_view symbol) {
  const SplitSymbol split = split_clone_suffix(symbol);
  if (!dwarf.linkage.empty()) {
    // Same function only when the symbol is the linkage name; then only a suffix is news.
    if (split.base != dwarf.linkage || split.suffix.empty()) return std::nullopt;
    return printable_symbol(symbol);
  }
  if (is_mangled(split.base)) {
    // DWARF has only the short name ("answer", "operator()"); the mangled symbol of the same
    // code spells namespaces, classes and parameters, if it is about that name at all.
    const std::string demangled = demangle(split.base);
    if (demangled == split.base || !contains_identifier(demangled, without_template_arguments(dwarf.short_name))) {
      return std::nullopt;
    }
    return printable_symbol(symbol);
  }
  // A C function: only its clone suffix is news.
  if (split.base != dwarf.short_name || split.suffix.empty()) return std::nullopt;
  return std::string(split.base) + split.suffix;
}

}  // namespace leakscope::symbolize_detail

namespace leakscope {

std::string_view function_without_clone(std::string_view printed) {
  // The demangler's spelling, possibly several: "f(int) [clone .isra.0] [clone .cold]".
  while (printed.ends_with(']')) {
    const std::size_t open = printed.rfind(" [clone .");
    if (open == std::string_view::npos ||
        !symbolize_detail::is_clone_suffix(printed.substr(open + 8, printed.size() - open - 9),
                                           '.'))
      break;
    printed = printed.substr(0, open);
  }
  return symbolize_detail::split_clone_suffix(printed).base;
}

}  // namespace leakscope
