// `leakscope symbolize` in-process: option parsing, error lines and exit codes, unparsable
// tokens, stdin streaming, and --adjust return, compared with addr2line where it has an answer.
#include <CLI/CLI.hpp>
#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "cli/symbolize_command.hpp"
#include "fixtures.hpp"
#include "reference_tools.hpp"

namespace leakscope::parity {
namespace {

struct Captured {
  int exit_code = -1;
  std::string out;
  std::string err;
};

Captured run_with(const SymbolizeOptions& options, int stdin_fd = -1) {
  std::ostringstream out;
  std::ostringstream err;
  Io io;
  io.stdin_fd = stdin_fd;
  io.out = &out;
  io.err = &err;
  Captured c;
  c.exit_code = run_symbolize(options, io);
  c.out = out.str();
  c.err = err.str();
  return c;
}

std::string addr2line_text(const Fixture& fixture, const std::string& flags, const std::string& tokens) {
  return run_command(shell_quote(fixture.addr2line) + " " + flags + " -f -i -C -e " + shell_quote(fixture.elf) +
                     " " + tokens);
}

const Fixture& arm_or_first() {
  const Fixture* arm = find_fixture("arm");
  return arm != nullptr ? *arm : fixtures().front();
}

// A pipe for stdin; both ends closed on scope exit unless already closed.
struct Pipe {
  int read_end = -1;
  int write_end = -1;
  Pipe() {
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    read_end = fds[0];
    write_end = fds[1];
  }
  ~Pipe() {
    close_write();
    if (read_end >= 0) ::close(read_end);
  }
  void write(const std::string& text) const {
    REQUIRE(::write(write_end, text.data(), text.size()) == static_cast<ssize_t>(text.size()));
  }
  void close_write() {
    if (write_end >= 0) ::close(write_end);
    write_end = -1;
  }
};

// An output buffer that publishes what has been flushed so far, for the streaming test.
class FlushWatcher : public std::stringbuf {
 public:
  bool wait_for(const std::string& text, std::chrono::seconds timeout) {
    std::unique_lock<std::mutex> lock(mutex_);
    return flushed_.wait_for(lock, timeout, [&] { return visible_.find(text) != std::string::npos; });
  }

 protected:
  int sync() override {
    const std::lock_guard<std::mutex> lock(mutex_);
    visible_ = str();
    flushed_.notify_all();
    return 0;
  }

 private:
  std::mutex mutex_;
  std::condition_variable flushed_;
  std::string visible_;
};

}  // namespace

TEST_CASE("symbolize options: repeatable --elf, flags, positional addresses", "[cli]") {
  CLI::App app("leakscope");
  SymbolizeOptions options;
  CLI::App* command = add_symbolize_command(app, options);
  REQUIRE(command != nullptr);
  app.parse("symbolize --elf fw.elf -e rom.elf -p -a --adjust return 0x8010 8036", false);
  CHECK(options.elfs == std::vector<std::string>{"fw.elf", "rom.elf"});
  CHECK(options.addresses == std::vector<std::string>{"0x8010", "8036"});
  CHECK(options.pretty);
  CHECK(options.print_address);
  CHECK(options.adjust == "return");

  CLI::App bare("leakscope");
  SymbolizeOptions defaults;
  add_symbolize_command(bare, defaults);
  bare.parse("symbolize --elf fw.elf", false);
  CHECK(defaults.addresses.empty());
  CHECK_FALSE(defaults.pretty);
  CHECK_FALSE(defaults.print_address);
  CHECK(defaults.adjust == "none");
  CHECK(defaults.functions);
  CHECK(defaults.inlines);
  CHECK(defaults.demangle);
  CHECK(defaults.output_style == "GNU");

  CLI::App missing("leakscope");
  SymbolizeOptions no_elf;
  add_symbolize_command(missing, no_elf);
  CHECK_THROWS_AS(missing.parse("symbolize 0x8010", false), CLI::RequiredError);
}

TEST_CASE("symbolize errors: one 'leakscope:' line and exit 2", "[cli]") {
  SymbolizeOptions options;
  options.addresses = {"0x8010"};
  options.elfs = {"/nonexistent/fw.elf"};
  Captured c = run_with(options);
  CHECK(c.exit_code == exit_usage_error);
  CHECK(c.out.empty());
  CHECK(c.err == "leakscope: /nonexistent/fw.elf: cannot open: No such file or directory\n");

  const std::string source = std::string(LEAKSCOPE_SOURCE_DIR) + "/tests/symbolize/fixture/loops.c";
  options.elfs = {arm_or_first().elf, source};
  c = run_with(options);
  CHECK(c.exit_code == exit_usage_error);
  CHECK(c.out.empty());
  CHECK(c.err == "leakscope: " + source + ": not an ELF file\n");

  options.elfs.clear();
  c = run_with(options);
  CHECK(c.exit_code == exit_usage_error);
  CHECK(c.err == "leakscope: symbolize: no ELF given (--elf FILE)\n");
}

TEST_CASE("symbolize: prefixes and unparsable tokens print like addr2line", "[cli]") {
  const Fixture& fixture = arm_or_first();
  // Line-table addresses of this fixture, written three ways, around an unparsable token.
  const std::vector<std::uint64_t> rows = line_table_addresses(fixture.elf);
  REQUIRE(rows.size() > 20);
  const std::vector<std::string> tokens = {fmt::format("{:#x}", rows[3]), fmt::format("{:X}", rows[7]),
                                           fmt::format("0X{:x}", rows[11]), "zz", fmt::format("{:#x}", rows[19])};
  std::string joined;
  for (const std::string& t : tokens) joined += " " + t;
  for (const char* flags : {"", "-a", "-p", "-p -a"}) {
    SymbolizeOptions options;
    options.elfs = {fixture.elf};
    options.addresses = tokens;
    options.pretty = std::string_view(flags).find('p') != std::string_view::npos;
    options.print_address = std::string_view(flags).find('a') != std::string_view::npos;
    const Captured c = run_with(options);
    INFO("flags '" << flags << "'");
    CHECK(c.exit_code == exit_clean);
    CHECK(c.err.empty());
    CHECK(c.out == addr2line_text(fixture, flags, joined));
  }
}

TEST_CASE("symbolize reads whitespace-separated addresses from stdin", "[cli]") {
  const Fixture& fixture = arm_or_first();
  const std::vector<std::uint64_t> rows = line_table_addresses(fixture.elf);
  REQUIRE(rows.size() > 20);
  const std::string input = fmt::format("{:#x}\n\t{:x}  zz\r\n\n{:#x}", rows[2], rows[5], rows[13]);  // no final newline
  Pipe in;
  in.write(input);
  in.close_write();
  SymbolizeOptions options;
  options.elfs = {fixture.elf};
  options.print_address = true;
  const Captured c = run_with(options, in.read_end);
  CHECK(c.exit_code == exit_clean);
  CHECK(c.err.empty());
  CHECK(c.out == addr2line_text(fixture, "-a", fmt::format("{:#x} {:x} zz {:#x}", rows[2], rows[5], rows[13])));
}

TEST_CASE("symbolize answers each stdin address as it arrives (works in a pipe)", "[cli]") {
  const Fixture& fixture = arm_or_first();
  const std::vector<std::uint64_t> rows = line_table_addresses(fixture.elf);
  REQUIRE(rows.size() > 20);
  const std::string first_answer = addr2line_text(fixture, "-a", fmt::format("{:#x}", rows[4]));

  Pipe in;
  FlushWatcher watcher;
  std::ostream out(&watcher);
  std::ostringstream err;
  Io io;
  io.stdin_fd = in.read_end;
  io.out = &out;
  io.err = &err;
  SymbolizeOptions options;
  options.elfs = {fixture.elf};
  options.print_address = true;
  int exit_code = -1;
  std::thread symbolize([&] { exit_code = run_symbolize(options, io); });

  in.write(fmt::format("{:#x}\n", rows[4]));
  // The answer must be flushed while stdin is still open.
  const bool answered_before_eof = watcher.wait_for(first_answer, std::chrono::seconds(20));
  in.write(fmt::format("{:#x}\n", rows[9]));
  in.close_write();
  symbolize.join();
  CHECK(answered_before_eof);
  CHECK(exit_code == exit_clean);
  CHECK(watcher.str() == addr2line_text(fixture, "-a", fmt::format("{:#x} {:#x}", rows[4], rows[9])));
}

TEST_CASE("symbolize --adjust return steps back into the call", "[cli]") {
  for (const Fixture& fixture : fixtures()) {
    INFO(fixture.name);
    const std::vector<std::uint64_t> rows = line_table_addresses(fixture.elf);
    REQUIRE(rows.size() > 40);
    const std::uint64_t call_pc = rows[40];
    // A return address that steps back to call_pc: Xtensa steps 3 bytes (CALLn); ARM clears
    // the Thumb bit of an even return address and steps 1, landing at call_pc + 1, which is
    // inside the same (2- or 4-byte) instruction; elsewhere the step is 1.
    std::uint64_t evidence = call_pc + 1;
    if (fixture.arch == Arch::xtensa) evidence = call_pc + 3;
    if (fixture.arch == Arch::arm) evidence = (call_pc + 2) | 1;
    SymbolizeOptions options;
    options.elfs = {fixture.elf};
    options.adjust = "return";
    options.addresses = {fmt::format("{:#x}", evidence)};
    const Captured c = run_with(options);
    CHECK(c.exit_code == exit_clean);
    CHECK(c.out == addr2line_text(fixture, "", fmt::format("{:#x}", call_pc)));
    // -a prints the address as given, not the looked-up PC.
    options.print_address = true;
    const Captured with_address = run_with(options);
    CHECK(with_address.out.rfind(fmt::format("0x{:0{}x}\n", evidence, fixture.arch == Arch::x86_64 ? 16 : 8), 0) == 0);
  }
}

}  // namespace leakscope::parity

namespace leakscope::parity {
namespace {

std::string addr2line_raw(const Fixture& fixture, const std::string& flags, const std::string& tokens) {
  return run_command(shell_quote(fixture.addr2line) + " " + flags + " -e " + shell_quote(fixture.elf) + " " + tokens);
}

std::string hex_tokens(const std::vector<std::uint64_t>& addresses) {
  std::string tokens;
  for (const std::uint64_t a : addresses) tokens += fmt::format("{:#x} ", a);
  return tokens;
}

std::vector<std::uint64_t> every_nth(const std::vector<std::uint64_t>& all, std::size_t step) {
  std::vector<std::uint64_t> picked;
  for (std::size_t i = 0; i < all.size(); i += step) picked.push_back(all[i]);
  return picked;
}

}  // namespace

TEST_CASE("symbolize without -f or -i prints what addr2line prints without them", "[cli]") {
  // Positions only: names follow leakscope's naming policy and are compared by the parity test.
  for (const Fixture& fixture : fixtures()) {
    INFO(fixture.name);
    const std::vector<std::uint64_t> rows = every_nth(line_table_addresses(fixture.elf), 7);
    REQUIRE(rows.size() > 20);
    struct Combo {
      std::string addr2line_flags;
      bool inlines;
      bool pretty;
      bool print_address;
    };
    for (const Combo& combo : {Combo{"", false, false, false}, Combo{"-i", true, false, false},
                               Combo{"-a -i", true, false, true}, Combo{"-p -i", true, true, false}}) {
      INFO(combo.addr2line_flags);
      SymbolizeOptions options;
      options.elfs = {fixture.elf};
      options.functions = false;
      options.inlines = combo.inlines;
      options.pretty = combo.pretty;
      options.print_address = combo.print_address;
      for (const std::uint64_t a : rows) options.addresses.push_back(fmt::format("{:#x}", a));
      const Captured c = run_with(options);
      CHECK(c.exit_code == exit_clean);
      CHECK(c.out == addr2line_raw(fixture, combo.addr2line_flags, hex_tokens(rows)));
    }
  }
}

TEST_CASE("symbolize --no-demangle prints the names as the ELF spells them", "[cli]") {
  const Fixture* host = find_fixture("host");
  if (host == nullptr) return;
  const std::vector<std::uint64_t> rows = line_table_addresses(host->elf);
  SymbolizeOptions options;
  options.elfs = {host->elf};
  options.inlines = false;
  for (const std::uint64_t a : rows) options.addresses.push_back(fmt::format("{:#x}", a));
  const Captured demangled = run_with(options);
  options.demangle = false;
  const Captured raw = run_with(options);
  CHECK(demangled.out.find("fixture::") != std::string::npos);
  CHECK(raw.out.find("fixture::") == std::string::npos);
  CHECK(raw.out.find("\n_ZN7fixture") != std::string::npos);
  // Where addr2line -f (no -C) and leakscope --no-demangle agree on the mangled name, the rest
  // of the line agrees too: compare those lines of both outputs.
  const std::string reference = addr2line_raw(*host, "-f", hex_tokens(rows));
  std::size_t mangled_lines = 0;
  std::istringstream ours(raw.out);
  std::istringstream theirs(reference);
  for (std::string a, b; std::getline(ours, a) && std::getline(theirs, b);) {
    if (a.rfind("_Z", 0) == 0 && b.rfind("_Z", 0) == 0) {
      ++mangled_lines;
      CHECK(a == b);
    }
  }
  CHECK(mangled_lines > 10);
}

TEST_CASE("symbolize --output-style=JSON: one object per address, llvm-symbolizer's positions", "[cli]") {
  for (const Fixture& fixture : fixtures()) {
    INFO(fixture.name);
    const std::vector<std::uint64_t> rows = every_nth(line_table_addresses(fixture.elf), 11);
    SymbolizeOptions options;
    options.elfs = {fixture.elf};
    options.output_style = "JSON";
    for (const std::uint64_t a : rows) options.addresses.push_back(fmt::format("{:#x}", a));
    options.addresses.push_back("zz");
    const Captured c = run_with(options);
    CHECK(c.exit_code == exit_clean);
    // From stdin, llvm-symbolizer prints one object per line (from arguments, one array).
    const std::string address_file = fmt::format("{}/{}.json.addresses", LEAKSCOPE_FIXTURE_DIR, fixture.name);
    write_addresses(address_file, rows);
    const std::string llvm = run_command(shell_quote(LEAKSCOPE_LLVM_SYMBOLIZER) + " --output-style=JSON --obj=" +
                                         shell_quote(fixture.elf) + " < " + shell_quote(address_file));
    std::istringstream ours(c.out);
    std::istringstream theirs(llvm);
    std::size_t compared = 0;
    std::size_t with_column = 0;
    for (const std::uint64_t a : rows) {
      std::string our_line;
      std::string their_line;
      REQUIRE(std::getline(ours, our_line));
      REQUIRE(std::getline(theirs, their_line));
      const auto mine = nlohmann::json::parse(our_line);
      const auto ref = nlohmann::json::parse(their_line);
      CHECK(mine["Address"] == fmt::format("{:#x}", a));
      CHECK(mine["ModuleName"] == fixture.elf);
      const auto& frames = mine["Symbol"];
      const auto& ref_frames = ref["Symbol"];
      // llvm-symbolizer lists one all-empty frame where it knows nothing.
      if (ref_frames.size() == 1 && ref_frames[0]["FileName"] == "" && ref_frames[0]["Line"] == 0) continue;
      REQUIRE(frames.size() == ref_frames.size());
      for (std::size_t i = 0; i < frames.size(); ++i) {
        CHECK(frames[i]["FileName"] == ref_frames[i]["FileName"]);
        CHECK(frames[i]["Line"] == ref_frames[i]["Line"]);
        CHECK(frames[i]["Column"] == ref_frames[i]["Column"]);
        CHECK(frames[i]["Discriminator"] == ref_frames[i]["Discriminator"]);
        if (frames[i]["Column"] != 0) ++with_column;
      }
      ++compared;
    }
    CHECK(compared > rows.size() / 2);
    CHECK(with_column > 0);
    std::string error_line;
    REQUIRE(std::getline(ours, error_line));
    const auto error = nlohmann::json::parse(error_line);
    CHECK(error["Input"] == "zz");
    CHECK(error["Error"]["Message"] == "not a hexadecimal address");
  }
}

}  // namespace leakscope::parity
