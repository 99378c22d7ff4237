// A log analyzed in tests as `leakscope analyze` reads a text input, without an ELF: the log
// scanner feeding the analyzer, and the report it finishes with.
//
//   const Report r = testing::analyze_text("I (100) app: starting\n...");
//   const Report s = testing::analyze_text(log, {"^my_alloc_wrapper$"});  // more plumbing
#pragma once

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "leakscope/analyze/analyzer.hpp"
#include "leakscope/ingest/byte_source.hpp"
#include "leakscope/ingest/log_scanner.hpp"

namespace leakscope::testing {

// plumbing: frames to skip besides the built-in ones (--skip-frames patterns).
inline Report analyze_text(const std::string& text, const std::vector<std::string>& plumbing = {}) {
  auto filter = PlumbingFilter::create(plumbing);
  REQUIRE(filter.ok());
  Analyzer analyzer(nullptr, *filter);
  LogScanner scanner(analyzer);
  auto source = string_source(text);
  scanner.scan(*source, 0);
  scanner.finish();
  return analyzer.finish();
}

}  // namespace leakscope::testing
