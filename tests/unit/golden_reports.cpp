// Golden-file tests of whole reports: each folder under tests/golden/ holds the arguments of
// one `leakscope analyze` run (paths relative to the repository root), the expected text and
// JSON reports, the expected exit code and, when the run says something on stderr, the
// expected stderr; some also hold expected outputs of the CI formats (expected.junit.xml,
// expected.sarif, expected.md, expected.github). Set LEAKSCOPE_UPDATE_GOLDEN=1 to rewrite them after an intended change,
// then review the diff.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "run_cli.hpp"

namespace fs = std::filesystem;
using namespace leakscope;

namespace {

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_file(const fs::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
}

std::vector<std::string> read_args(const fs::path& path) {
  std::vector<std::string> args;
  std::istringstream in(read_file(path));
  for (std::string line; std::getline(in, line);)
    if (!line.empty() && line[0] != '#') args.push_back(line);
  return args;
}

testing::CliOutcome run_in_repo(const std::vector<std::string>& args) {
  fs::current_path(LEAKSCOPE_SOURCE_DIR);  // golden files name inputs relative to the repo
  return testing::run_cli(args);
}

// Expected outputs of the CI formats, checked where a case has them.
const std::pair<const char*, const char*> ci_goldens[] = {{"junit", "expected.junit.xml"},
                                                          {"sarif", "expected.sarif"},
                                                          {"markdown", "expected.md"},
                                                          {"github", "expected.github"}};

bool updating() {
  const char* v = std::getenv("LEAKSCOPE_UPDATE_GOLDEN");
  return v != nullptr && *v != '\0' && std::string(v) != "0";
}

}  // namespace

TEST_CASE("golden reports", "[golden]") {
  const fs::path root = fs::path(LEAKSCOPE_SOURCE_DIR) / "tests" / "golden";
  std::vector<fs::path> cases;
  for (const auto& entry : fs::directory_iterator(root))
    if (fs::exists(entry.path() / "args")) cases.push_back(entry.path());
  std::sort(cases.begin(), cases.end());
  REQUIRE(cases.size() >= 4);

  for (const fs::path& dir : cases) {
    DYNAMIC_SECTION(dir.filename().string()) {
      std::vector<std::string> args = {"analyze"};
      for (std::string& a : read_args(dir / "args")) args.push_back(std::move(a));

      auto text_args = args;
      text_args.insert(text_args.end(), {"--format", "text", "--color", "never"});
      const testing::CliOutcome text = run_in_repo(text_args);
      auto json_args = args;
      json_args.insert(json_args.end(), {"--format", "json"});
      const testing::CliOutcome json = run_in_repo(json_args);
      CHECK(text.code == json.code);
      CHECK(text.err == json.err);
      const fs::path expected_err = dir / "expected.stderr";

      // The CI formats, for the cases that hold their expected file (expected.junit.xml, ...).
      for (const auto& [format, file] : ci_goldens) {
        const fs::path expected = dir / file;
        if (!fs::exists(expected)) continue;
        auto ci_args = args;
        ci_args.insert(ci_args.end(), {"--format", format});
        const testing::CliOutcome ci = run_in_repo(ci_args);
        INFO(file);
        CHECK(ci.code == json.code);
        if (updating())
          write_file(expected, ci.out);
        else
          CHECK(ci.out == read_file(expected));
      }

      if (updating()) {
        write_file(dir / "expected.txt", text.out);
        write_file(dir / "expected.json", json.out);
        write_file(dir / "expected.exit", std::to_string(json.code) + "\n");
        if (!json.err.empty() || fs::exists(expected_err)) write_file(expected_err, json.err);
        continue;
      }
      CHECK(std::to_string(json.code) + "\n" == read_file(dir / "expected.exit"));
      CHECK(json.err == (fs::exists(expected_err) ? read_file(expected_err) : std::string()));
      CHECK(text.out == read_file(dir / "expected.txt"));
      const auto expected = nlohmann::json::parse(read_file(dir / "expected.json"));
      const auto actual = nlohmann::json::parse(json.out);
      INFO("JSON patch from expected to actual:\n" << nlohmann::json::diff(expected, actual).dump(2));
      CHECK(actual == expected);
    }
  }
}
