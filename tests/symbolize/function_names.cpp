#include "function_names.hpp"

#include <cxxabi.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <stdexcept>

namespace leakscope::parity {
namespace {

std::string demangle(const std::string& mangled) {
  int status = 0;
  std::unique_ptr<char, decltype(&std::free)> text(abi::__cxa_demangle(mangled.c_str(), nullptr, nullptr, &status),
                                                  &std::free);
  return status == 0 && text ? std::string(text.get()) : mangled;
}

// ".constprop.0.isra.0" -> " [clone .constprop.0] [clone .isra.0]", as __cxa_demangle writes
// it: a part is a word and the numbers after it. (By hand, not std::regex: these run for every
// frame, and std::regex is slow in the ASan build.)
std::string clone_brackets(const std::string& suffixes) {
  std::string text;
  std::size_t start = 0;
  while (start < suffixes.size()) {
    std::size_t end = suffixes.find('.', start + 1);
    while (end != std::string::npos && end + 1 < suffixes.size() &&
           std::isdigit(static_cast<unsigned char>(suffixes[end + 1])) != 0) {
      end = suffixes.find('.', end + 1);
    }
    if (end == std::string::npos) end = suffixes.size();
    text += " [clone " + suffixes.substr(start, end - start) + "]";
    start = end;
  }
  return text;
}

// Index of the bracket opening the one that closes at `close`, scanning backwards.
std::size_t matching_open(const std::string& text, std::size_t close, char open_char, char close_char) {
  int depth = 0;
  for (std::size_t i = close + 1; i-- > 0;) {
    if (text[i] == close_char) ++depth;
    if (text[i] == open_char && --depth == 0) return i;
  }
  return std::string::npos;
}

}  // namespace

std::string policy_spelling(const std::string& name) {
  std::string text = name;
  if (text.starts_with("_Z") || text.find('(') == std::string::npos) {
    // GCC's Xtensa port writes clone suffixes with '$' (its assembler takes no '.' there).
    for (char& c : text) c = c == '$' ? '.' : c;
  }
  if (text.starts_with("_Z")) return demangle(text);
  // llvm-symbolizer: "gen::foo(unsigned int) (.constprop.0.isra.0)".
  const std::size_t open = text.rfind(" (.");
  if (open != std::string::npos && text.ends_with(')') && text.find(' ', open + 1) == std::string::npos) {
    return text.substr(0, open) + clone_brackets(text.substr(open + 2, text.size() - open - 3));
  }
  return text;
}

bool has_clone_suffix(const std::string& name) { return without_clones(name) != name; }

std::string without_clones(const std::string& name) {
  if (name.find('(') == std::string::npos) {
    const std::size_t dot = name.find('.', 1);  // C: "foo.isra.0", "foo.cold"
    return dot == std::string::npos ? name : name.substr(0, dot);
  }
  std::string text = name;
  for (std::size_t at; (at = text.find(" [clone ")) != std::string::npos;) {
    const std::size_t close = text.find(']', at);
    text.erase(at, close == std::string::npos ? std::string::npos : close + 1 - at);
  }
  return text;
}

std::string bare_name(const std::string& name) {
  std::string text = without_clones(policy_spelling(name));
  for (const char* qualifier : {" const", " volatile", " &&", " &"}) {
    if (text.ends_with(qualifier)) text.resize(text.size() - std::string(qualifier).size());
  }
  if (text.ends_with(')')) text.resize(std::min(text.size(), matching_open(text, text.size() - 1, '(', ')')));
  if (text.ends_with('>')) text.resize(std::min(text.size(), matching_open(text, text.size() - 1, '<', '>')));
  std::size_t start = text.size();
  while (start > 0 && (std::isalnum(static_cast<unsigned char>(text[start - 1])) != 0 || text[start - 1] == '_' ||
                       text[start - 1] == '~')) {
    --start;
  }
  return text.substr(start);
}

bool is_short_name(const std::string& name) {
  return name.find("::") == std::string::npos && name.find('(') == std::string::npos;
}

QualifiedNames::QualifiedNames(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    const std::size_t tab = line.find('\t');
    if (tab == std::string::npos) throw std::runtime_error(path + ": no tab in '" + line + "'");
    names_[line.substr(0, tab)] = line.substr(tab + 1);
  }
}

std::string QualifiedNames::qualify(const std::string& dwarf_name) const {
  const auto it = names_.find(dwarf_name);
  return it == names_.end() ? dwarf_name : it->second;
}

}  // namespace leakscope::parity
