// leakscope against glibc's mtrace script (Debian's /usr/bin/mtrace, libc-dev-bin) on the
// traces the test programs wrote under the ctest fixture (README.md here). For each trace:
//   mtrace PROGRAM TRACE                                   what glibc's script says
//   leakscope analyze --elf PROGRAM --format json TRACE    what leakscope says
// must agree on the unfreed blocks (address and size), the caller line of each, and the
// anomalies (kind, block address and trace line of each; so the counts too).
//
// Caller lines: the script runs addr2line on the trace's number for the program. Where it
// could not (a classic executable: the number is relative to 0x400000, which the script does
// not add), it prints the number, and the expected line is addr2line's for the image base plus
// the number, read from the program's headers here. A caller in another object (libc's strdup)
// is not looked up by leakscope: its site must be that object with the trace's number, which
// is what the script prints too, unless libc's debug symbols are installed (then the script
// prints libc's source line, which is not compared).
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <elf.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const fs::path programs = LEAKSCOPE_MTRACE_PROGRAMS;
const std::string leakscope = std::string(LEAKSCOPE_BINARY_DIR) + "/leakscope";

struct Output {
  std::string text;
  int status = -1;
};

Output run(const std::string& command) {
  Output out;
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(::popen(command.c_str(), "r"), ::pclose);
  REQUIRE(pipe != nullptr);
  char buffer[4096];
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe.get())) > 0;)
    out.text.append(buffer, n);
  const int status = ::pclose(pipe.release());
  out.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return out;
}

std::string quoted(const fs::path& path) { return "'" + path.string() + "'"; }

// "dir/../prog.c:20 (discriminator 1)" -> "prog.c:20" with the path made normal.
std::string normal_line(const std::string& where) {
  std::string text = where.substr(0, where.find(" (discriminator "));
  const std::size_t colon = text.rfind(':');
  if (colon == std::string::npos) return text;
  return fs::path(text.substr(0, colon)).lexically_normal().string() + text.substr(colon);
}

bool is_number(const std::string& text) { return std::regex_match(text, std::regex("0x[0-9a-f]+")); }

// The anomalies of a trace: kind -> (block, trace line) of each, in trace order.
using Anomalies = std::map<std::string, std::vector<std::pair<std::uint64_t, std::uint64_t>>>;

struct ScriptReport {
  std::map<std::uint64_t, std::pair<std::uint64_t, std::string>> unfreed;  // -> size, "at ..."
  Anomalies anomalies;
};

ScriptReport script_report(const std::string& name) {
  const fs::path program = programs / name;
  const Output out = run(std::string(LEAKSCOPE_MTRACE_SCRIPT) + " " + quoted(program) + " " +
                         quoted(programs / (name + ".trace")));
  INFO(out.text);
  REQUIRE(out.status == 1);  // blocks left unfreed
  ScriptReport report;
  const std::regex row("(0x[0-9a-f]{16}) +(0x[0-9a-f]+)  at (.*)");
  const std::regex anomaly("([-+]) (0x[0-9a-f]+) (Alloc|Free|Realloc) ([0-9]+) (was never alloc'd|duplicate:).*");
  std::istringstream lines(out.text);
  for (std::string line; std::getline(lines, line);) {
    std::smatch m;
    if (std::regex_match(line, m, row)) {
      report.unfreed[std::stoull(m[1], nullptr, 16)] = {std::stoull(m[2], nullptr, 16), m[3]};
    } else if (std::regex_match(line, m, anomaly)) {
      const bool never = m[5] == "was never alloc'd";
      const std::string kind = m[3] == "Alloc"  ? "duplicate_alloc"
                               : m[3] == "Free" ? "unknown_free"
                               : never          ? "unknown_realloc"
                                                : "duplicate_realloc";
      report.anomalies[kind].emplace_back(std::stoull(m[2], nullptr, 16), std::stoull(m[4]));
    }
  }
  return report;
}

struct Site {
  std::optional<std::string> line;  // "file:line", when known
  std::string module;               // the caller's object as the trace named it
  std::uint64_t address = 0;        // the trace's number for the caller
};

struct LeakscopeReport {
  std::map<std::uint64_t, std::pair<std::uint64_t, Site>> unfreed;  // block -> size, site
  Anomalies anomalies;
};

std::uint64_t hex_value(const json& text) { return std::stoull(text.get<std::string>(), nullptr, 16); }

LeakscopeReport leakscope_report(const std::string& name) {
  const fs::path program = programs / name;
  const fs::path report_file = programs / (name + ".json");
  const Output out = run(leakscope + " analyze --format json -o " + quoted(report_file) +
                         " --elf " + quoted(program) + " " + quoted(programs / (name + ".trace")));
  REQUIRE(out.status == 1);
  std::ifstream in(report_file);
  const json report = json::parse(in);
  REQUIRE(report["boots"].size() == 1);
  const json& boot = report["boots"][0];
  CHECK(boot["trace"]["layout"] == "glibc mtrace");
  CHECK(report["diagnostics"]["lines"]["not_understood"] == 0);
  CHECK(report["diagnostics"]["skipped"].empty());
  LeakscopeReport result;
  for (const json& s : boot["leaks"]["by_site"]) {
    Site site;
    if (!s["file"].is_null())
      site.line = normal_line(s["file"].get<std::string>() + ":" + std::to_string(s["line"].get<int>()));
    site.module = s["module"].is_null() ? "" : s["module"].get<std::string>();
    site.address = hex_value(s["address"]);
    for (const json& block : s["blocks"])
      result.unfreed[hex_value(block["address"])] = {block["size"].get<std::uint64_t>(), site};
  }
  for (const json& group : boot["anomalies"]) {
    const std::uint64_t count = group["count"];
    REQUIRE(count == group["first"].size());  // few enough to see each
    for (const json& a : group["first"])
      result.anomalies[group["kind"]].emplace_back(hex_value(a["address"]),
                                                   a["seen"]["line"].get<std::uint64_t>());
  }
  return result;
}

// Link-time address of the program's first page (lowest PT_LOAD, 4 KiB pages): glibc's load
// base for module-relative numbers. Read here rather than asked of leakscope.
std::uint64_t image_base(const fs::path& program) {
  std::ifstream in(program, std::ios::binary);
  Elf64_Ehdr header{};
  REQUIRE(in.read(reinterpret_cast<char*>(&header), sizeof header));
  REQUIRE(header.e_ident[EI_CLASS] == ELFCLASS64);
  std::optional<std::uint64_t> lowest;
  for (unsigned i = 0; i < header.e_phnum; ++i) {
    Elf64_Phdr segment{};
    in.seekg(static_cast<std::streamoff>(header.e_phoff + i * header.e_phentsize));
    REQUIRE(in.read(reinterpret_cast<char*>(&segment), sizeof segment));
    if (segment.p_type == PT_LOAD && (!lowest || segment.p_vaddr < *lowest)) lowest = segment.p_vaddr;
  }
  REQUIRE(lowest);
  return *lowest & ~std::uint64_t{0xfff};
}

std::string addr2line(const fs::path& program, std::uint64_t address) {
  char hex[32];
  std::snprintf(hex, sizeof hex, "%#llx", static_cast<unsigned long long>(address));
  Output out = run(std::string(LEAKSCOPE_ADDR2LINE) + " -e " + quoted(program) + " " + hex);
  REQUIRE(out.status == 0);
  return normal_line(out.text.substr(0, out.text.find('\n')));
}

struct Comparison {
  std::size_t program_lines = 0;   // callers the script named by file:line
  std::size_t base_added = 0;      // callers the script printed as numbers, in the program
  std::size_t other_objects = 0;   // callers in another object (libc)
  std::size_t anomalies = 0;
};

// Both reports of one trace, compared as the file's header says.
Comparison compare(const std::string& name) {
  const fs::path program = programs / name;
  const ScriptReport script = script_report(name);
  const LeakscopeReport ours = leakscope_report(name);
  Comparison c;
  REQUIRE_FALSE(script.unfreed.empty());
  std::map<std::uint64_t, std::uint64_t> script_blocks, our_blocks;
  for (const auto& [address, entry] : script.unfreed) script_blocks[address] = entry.first;
  for (const auto& [address, entry] : ours.unfreed) our_blocks[address] = entry.first;
  CHECK(our_blocks == script_blocks);

  for (const auto& [address, entry] : script.unfreed) {
    const std::string& caller = entry.second;
    auto it = ours.unfreed.find(address);
    if (it == ours.unfreed.end()) continue;  // reported by the check above
    const Site& site = it->second.second;
    INFO("block " << std::hex << address << ": the script says at " << caller << "; leakscope: "
                  << site.line.value_or("?") << " in " << site.module << " at " << site.address);
    if (fs::path(site.module).filename() != program.filename()) {
      // Another object: leakscope keeps its number; the script prints the same number, or
      // libc's line when its debug symbols are installed.
      CHECK_FALSE(site.line);
      if (is_number(caller)) CHECK(std::stoull(caller, nullptr, 16) == site.address);
      ++c.other_objects;
    } else if (is_number(caller)) {
      CHECK(std::stoull(caller, nullptr, 16) == site.address);
      CHECK(site.line == addr2line(program, image_base(program) + site.address));
      ++c.base_added;
    } else {
      CHECK(site.line == normal_line(caller));
      ++c.program_lines;
    }
  }

  CHECK(ours.anomalies == script.anomalies);
  for (const auto& [kind, list] : script.anomalies) c.anomalies += list.size();
  return c;
}

}  // namespace

TEST_CASE("mtrace: leaks in a helper function, as glibc's script sees them", "[mtrace]") {
  const Comparison c = compare("leaks_in_helper");
  CHECK(c.program_lines == 4);  // 3 labels from make_label, 1 table from main
  CHECK(c.base_added == 0);
  CHECK(c.other_objects == 1);  // strdup's copy
  CHECK(c.anomalies == 0);
}

TEST_CASE("mtrace: realloc chains and the script's anomalies", "[mtrace]") {
  const Comparison c = compare("realloc_chains");
  CHECK(c.program_lines == 4);
  // The double free of an unknown block (2), the realloc of one, the block handed out twice.
  CHECK(c.anomalies == 4);
}

TEST_CASE("mtrace: a classic executable, whose callers need the image base", "[mtrace]") {
  const Comparison c = compare("leaks_in_helper_no_pie");
  CHECK(c.program_lines == 0);  // the script cannot name them
  CHECK(c.base_added == 4);
  CHECK(c.other_objects == 1);
}
