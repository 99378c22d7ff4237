#include "leakscope/ingest/named_pattern.hpp"

#include <algorithm>
#include <map>

#include <re2/re2.h>

#include "leakscope/model/utf8.hpp"

namespace leakscope {

struct NamedPattern::Compiled {
  explicit Compiled(const std::string& text) : re(text, re2::RE2::Quiet) {}
  re2::RE2 re;
  std::map<std::string, int, std::less<>> groups;  // name -> group number
};

Result<NamedPattern> NamedPattern::compile(const std::string& text,
                                           const std::vector<std::string_view>& names,
                                           const std::vector<std::string_view>& required,
                                           std::string_view what) {
  auto compiled = std::make_shared<Compiled>(text);
  const std::string quoted = std::string(what) + " '" + text + "'";
  if (!compiled->re.ok()) return Error{quoted + ": " + compiled->re.error()};
  for (const auto& [name, group] : compiled->re.NamedCapturingGroups()) {
    if (std::find(names.begin(), names.end(), name) == names.end()) {
      std::string known;
      for (std::string_view n : names) known += (known.empty() ? "" : ", ") + std::string(n);
      return Error{quoted + ": unknown capture '" + name + "' (the names are " + known + ")"};
    }
    compiled->groups.emplace(name, group);
  }
  for (std::string_view name : required)
    if (compiled->groups.find(name) == compiled->groups.end())
      return Error{quoted + ": no (?P<" + std::string(name) + ">...) capture"};
  NamedPattern p;
  p.compiled_ = std::move(compiled);
  return p;
}

NamedPattern::Line::Line(std::string_view line) : text_(line) {
  if (std::optional<std::string> text = repaired_utf8(line)) {
    repaired_ = std::make_shared<const std::string>(std::move(*text));
    text_ = *repaired_;
  }
}

std::optional<NamedPattern::Match> NamedPattern::match(const Line& line) const {
  const std::string_view text = line.text();
  const re2::RE2& re = compiled_->re;
  const int count = re.NumberOfCapturingGroups() + 1;
  std::vector<re2::StringPiece> pieces(static_cast<std::size_t>(count));
  if (!re.Match(re2::StringPiece(text.data(), text.size()), 0, text.size(), re2::RE2::UNANCHORED,
                pieces.data(), count))
    return std::nullopt;
  Match m;
  m.pattern_ = this;
  m.repaired_ = line.repaired_;
  for (const re2::StringPiece& piece : pieces)
    m.groups_.push_back(piece.data() == nullptr
                            ? std::nullopt
                            : std::optional(std::string_view(piece.data(), piece.size())));
  return m;
}

const std::string& NamedPattern::text() const { return compiled_->re.pattern(); }

std::optional<std::string_view> NamedPattern::Match::get(std::string_view name) const {
  const auto& groups = pattern_->compiled_->groups;
  const auto it = groups.find(name);
  if (it == groups.end()) return std::nullopt;
  return groups_[static_cast<std::size_t>(it->second)];
}

}  // namespace leakscope
