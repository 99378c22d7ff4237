// A line parser fed a text in tests: the events it pushed and the lines it did not claim.
//
//   const ParsedLines p = parse_lines<EspIdfHeapTraceParser>("...\n...\n");
//   CHECK(p.unclaimed.empty());
//   for (const AllocEvent& a : p.all<AllocEvent>()) ...
//
// Lines are numbered from 1 in input `input`; a parser with finish(pos, sink) is finished at
// the last line.
#pragma once

#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include "leakscope/ingest/event_sink.hpp"

namespace leakscope::testing {

struct ParsedLines {
  std::vector<Event> events;
  std::vector<std::uint64_t> unclaimed;

  template <class T>
  std::vector<T> all() const {
    std::vector<T> out;
    for (const Event& e : events)
      if (auto* p = std::get_if<T>(&e)) out.push_back(*p);
    return out;
  }
};

template <class Parser>
ParsedLines parse_lines(const std::string& text, std::uint32_t input = 0) {
  Parser parser;
  RecordingSink sink;
  ParsedLines result;
  std::istringstream in(text);
  std::uint64_t number = 0;
  for (std::string line; std::getline(in, line);) {
    ++number;
    if (!parser.feed(line, SourcePos{input, number}, sink)) result.unclaimed.push_back(number);
  }
  if constexpr (requires { parser.finish(SourcePos{}, sink); })
    parser.finish(SourcePos{input, number}, sink);
  result.events = std::move(sink.events);
  return result;
}

}  // namespace leakscope::testing
