// One suppression pattern (the text after "leak:" in a suppression file) and what it matches.
//
//   Result<SuppressionPattern> p = SuppressionPattern::parse("^net_*_open$");
//   p->matches_function("net_session_open");        // true
//   p->matches_path("src/net/session.c");           // by whole path components
//   p->matches_fingerprint("a1752b22dc338455");     // a pattern of exactly 16 hex digits
//
// The rules are LeakSanitizer's (compiler-rt sanitizer_suppressions, TemplateMatch), so a
// suppression file written for LSan means the same here:
// - the pattern is found anywhere in the name (a substring), unless anchored;
// - `^` as the first character anchors it to the name's beginning, `$` as the last to its end;
// - `*` stands for any run of characters, none included; every other character is itself
//   (there is no escape, as in LSan; a `^` after the first character is a plain character).
// One difference, on purpose: LSan's matcher takes the first occurrence of each literal piece
// and never goes back, so `a*b$` does not match "abab"; here `*` is a true wildcard and it does.
// A `$` before the end, which LSan takes as the end and then ignores the rest of, is refused.
//
// Source paths are matched by whole path components, not as a substring, so `session.c`
// matches "src/net/session.c" but not "src/net/mysession.c": the match must begin at the
// path's beginning or after a '/' and end at its end or before a '/'. So a file name, a path
// suffix (`net/session.c`) and a folder (`third_party`, `net/*`) all work; `^` anchors to the
// path's beginning (an absolute path), `$` to its end.
#pragma once

#include <string>
#include <string_view>

#include "leakscope/model/result.hpp"

namespace leakscope {

class SuppressionPattern {
 public:
  // Refuses an empty pattern (LSan's empty pattern matches every leak: surely a mistake) and
  // a `$` before the end, naming the problem in one phrase.
  static Result<SuppressionPattern> parse(std::string_view text);

  const std::string& text() const { return text_; }  // as written

  bool matches_function(std::string_view name) const;
  bool matches_path(std::string_view path) const;
  // Whether the pattern is exactly this fingerprint (16 hex digits, any case).
  bool matches_fingerprint(std::string_view fingerprint) const;

 private:
  std::string text_;
  std::string body_;  // without its anchors
  bool at_start_ = false, at_end_ = false;
  bool fingerprint_ = false;  // 16 hex digits, no anchors
};

// Whether `glob` (`*` any run of characters, nothing else special) matches all of `text`.
bool glob_matches(std::string_view glob, std::string_view text);

}  // namespace leakscope
