// Writes the CI outputs of the hand-built report of tests/unit/ci_report.hpp (every site
// status, names full of characters to escape, bytes that are not UTF-8) into a folder, for
// tests/ci/validate.sh to check against the JUnit and SARIF schemas:
//   leakscope_ci_fixtures DIR   ->  DIR/awkward.junit.xml, .sarif, .md, .github
#include <fstream>
#include <iostream>
#include <string>

#include "leakscope/report/github_annotations.hpp"
#include "leakscope/report/junit_writer.hpp"
#include "leakscope/report/markdown_writer.hpp"
#include "leakscope/report/sarif_writer.hpp"
#include "unit/ci_report.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: leakscope_ci_fixtures DIR\n";
    return 2;
  }
  using namespace leakscope;
  const Report report = testing::ci_report();
  const std::string base = std::string(argv[1]) + "/awkward";
  const std::string_view root = testing::ci_source_root;
  std::ofstream junit(base + ".junit.xml"), sarif(base + ".sarif"), markdown(base + ".md"),
      github(base + ".github");
  write_junit(report, junit, root);
  write_sarif(report, sarif, root);
  MarkdownOptions options;
  options.source_root = root;
  write_markdown(report, markdown, options);
  write_github_annotations(report, github, root);
  return junit && sarif && markdown && github ? 0 : 1;
}
