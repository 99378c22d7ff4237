// A user's RE2 pattern with named captures, searched anywhere in a line: the one way user
// patterns are compiled and read (heap telemetry patterns, record patterns).
//
//   auto p = NamedPattern::compile(text, {"free", "min_free", "heap"}, {"free"}, "heap pattern");
//   if (!p) fail(p.error());           // "heap pattern '...': no (?P<free>...) capture"
//   if (auto m = p->match(line)) if (auto free = m->get("free")) ...
//
// Patterns match lines as UTF-8: `.` and `\S` are one character however many bytes it takes.
// Captures mangle text on its way (Latin-1 bytes, a baud-rate glitch): a byte that is not
// part of valid UTF-8 is read as U+FFFD, the replacement character, so `\S` and `.` still
// match it ("Aloca\xe7\xe3o" reads as "Aloca\uFFFD\uFFFDo"). Lines that are valid UTF-8,
// nearly all of them, are matched in place. A reader that tries several patterns on one line
// makes its Line once, so that the line is checked (and repaired) once:
//
//   const NamedPattern::Line text(line);
//   for (const NamedPattern& p : patterns) if (auto m = p.match(text)) ...
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "leakscope/model/result.hpp"

namespace leakscope {

class NamedPattern {
 public:
  class Match {
   public:
    // The text a named group captured; nullopt when the group took no part in the match.
    std::optional<std::string_view> get(std::string_view name) const;

   private:
    friend class NamedPattern;
    const NamedPattern* pattern_ = nullptr;
    std::shared_ptr<const std::string> repaired_;  // the line the groups point into, if repaired
    std::vector<std::optional<std::string_view>> groups_;  // by group number
  };

  // A line as patterns read it: the line itself when it is valid UTF-8 (no copy), else a copy
  // with U+FFFD for each byte outside valid UTF-8. Matches keep the copy alive.
  class Line {
   public:
    explicit Line(std::string_view line);
    std::string_view text() const { return text_; }

   private:
    friend class NamedPattern;
    std::shared_ptr<const std::string> repaired_;  // null when the line was valid
    std::string_view text_;
  };

  // Errors name the pattern: bad syntax, a capture name not in `names`, a required one missing.
  // what: how errors call it ("heap pattern").
  static Result<NamedPattern> compile(const std::string& text,
                                      const std::vector<std::string_view>& names,
                                      const std::vector<std::string_view>& required,
                                      std::string_view what);

  std::optional<Match> match(const Line& line) const;
  std::optional<Match> match(std::string_view line) const { return match(Line(line)); }
  const std::string& text() const;

 private:
  struct Compiled;
  std::shared_ptr<const Compiled> compiled_;
};

}  // namespace leakscope
