// A user's RE2 pattern with named captures, searched anywhere in a line: the one way user
// patterns are compiled and read (heap telemetry patterns, record patterns).
//
//   auto p = NamedPattern::compile(text, {"free", "min_free", "heap"}, {"free"}, "heap pattern");
//   if (!p) fail(p.error());           // "heap pattern '...': no (?P<free>...) capture"
//   if (auto m = p->match(line)) if (auto free = m->get("free")) ...
//
// Lines are UTF-8 (the line cleaner keeps them so), and patterns match them as UTF-8: `.`
// is one character however many bytes it takes.
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
    std::vector<std::optional<std::string_view>> groups_;  // by group number
  };

  // Errors name the pattern: bad syntax, a capture name not in `names`, a required one missing.
  // what: how errors call it ("heap pattern").
  static Result<NamedPattern> compile(const std::string& text,
                                      const std::vector<std::string_view>& names,
                                      const std::vector<std::string_view>& required,
                                      std::string_view what);

  std::optional<Match> match(std::string_view line) const;
  const std::string& text() const;

 private:
  struct Compiled;
  std::shared_ptr<const Compiled> compiled_;
};

}  // namespace leakscope
