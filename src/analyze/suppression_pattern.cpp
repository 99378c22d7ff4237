#include "leakscope/analyze/suppression_pattern.hpp"

#include <algorithm>
#include <cctype>

namespace leakscope {

namespace {

bool is_separator(char c) { return c == '/' || c == '\\'; }

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

bool glob_matches(std::string_view glob, std::string_view text) {
  // The classic two-cursor walk: on a mismatch, the last `*` takes one more character.
  std::size_t g = 0, t = 0;
  std::size_t star = std::string_view::npos, star_text = 0;
  while (t < text.size()) {
    if (g < glob.size() && glob[g] == '*') {
      star = g++;
      star_text = t;
    } else if (g < glob.size() && glob[g] == text[t]) {
      ++g;
      ++t;
    } else if (star != std::string_view::npos) {
      g = star + 1;
      t = ++star_text;
    } else {
      return false;
    }
  }
  while (g < glob.size() && glob[g] == '*') ++g;
  return g == glob.size();
}

Result<SuppressionPattern> SuppressionPattern::parse(std::string_view text) {
  SuppressionPattern p;
  p.text_ = std::string(text);
  std::string_view body = text;
  if (body.starts_with('^')) {
    p.at_start_ = true;
    body.remove_prefix(1);
  }
  if (body.ends_with('$')) {
    p.at_end_ = true;
    body.remove_suffix(1);
  }
  if (body.find('$') != std::string_view::npos)
    return Error{"'$' anchors the end of a name: nothing may follow it"};
  if (body.empty()) return Error{"empty pattern (it would suppress every leak)"};
  p.body_ = std::string(body);
  p.fingerprint_ = !p.at_start_ && !p.at_end_ && body.size() == 16 &&
                   std::all_of(body.begin(), body.end(),
                               [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); });
  return p;
}

bool SuppressionPattern::matches_function(std::string_view name) const {
  if (name.empty()) return false;  // as LSan: an unknown name matches nothing
  const std::string glob = (at_start_ ? "" : "*") + body_ + (at_end_ ? "" : "*");
  return glob_matches(glob, name);
}

bool SuppressionPattern::matches_path(std::string_view path) const {
  if (path.empty()) return false;
  // Every stretch of whole components: from a beginning (the path's, or after a separator)
  // to an end (the path's, or before a separator). Paths are short: trying each is cheap.
  for (std::size_t begin = 0; begin <= path.size(); ++begin) {
    if (begin > 0 && (at_start_ || !is_separator(path[begin - 1]))) continue;
    for (std::size_t end = path.size() + 1; end-- > begin;) {
      if (end < path.size() && (at_end_ || !is_separator(path[end]))) continue;
      if (glob_matches(body_, path.substr(begin, end - begin))) return true;
    }
  }
  return false;
}

bool SuppressionPattern::matches_fingerprint(std::string_view fingerprint) const {
  return fingerprint_ && equal_ignoring_case(body_, fingerprint);
}

}  // namespace leakscope
