// analyze --live through the CLI: snapshots while the input is still coming, the report at its
// end or on a stop request, the terminal redraw, and the real binary stopped by SIGINT.
//
// Nothing here is timed: a test feeds part of the input, waits (up to a generous limit) for
// the snapshot that part must produce, and only then feeds more or stops the run.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <functional>
#include <mutex>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "leakscope/cli/stop_signal.hpp"
#include "run_cli.hpp"

namespace fs = std::filesystem;
using namespace leakscope;
using leakscope::testing::run_cli;
using nlohmann::json;

namespace {

constexpr auto patience = std::chrono::seconds(60);  // for a busy machine; never asserted

const std::string golden_v4 =
    std::string(LEAKSCOPE_SOURCE_DIR) + "/tests/golden/esp-idf-v4-leaks-mode/input.log";
const std::string gateway_dir = std::string(LEAKSCOPE_SOURCE_DIR) + "/samples/gateway/";

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The v4 capture's boot, dumped again with one more block of 64 bytes.
const char* const second_dump =
    "5 allocations trace (100 entry buffer)\n"
    "96 bytes (@ 0x3ffb8e4c) allocated CPU 0 ccount 0x2e9b7384 caller 0x400d276d:0x400d27c1\n"
    "96 bytes (@ 0x3ffb8f04) allocated CPU 0 ccount 0x3a9b7000 caller 0x400d276d:0x400d27c1\n"
    "96 bytes (@ 0x3ffb8fbc) allocated CPU 1 ccount 0x4e9b7f10 caller 0x400d276d:0x400d27c1\n"
    "20 bytes (@ 0x3ffb9074) allocated CPU 1 ccount 0x5e9b8000 caller 0x400d2e11:0x400d2f60\n"
    "64 bytes (@ 0x3ffb9100) allocated CPU 0 ccount 0x6e9b8000 caller 0x400d2e11:0x400d2f60\n"
    "372 bytes 'leaked' in trace (5 allocations)\n"
    "total allocations 420 total frees 415\n";

// Complete lines only: the run may be halfway through writing the next one.
std::vector<json> json_lines(const std::string& text) {
  std::vector<json> lines;
  std::istringstream in(text.substr(0, text.rfind('\n') + 1));
  for (std::string line; std::getline(in, line);) lines.push_back(json::parse(line));
  return lines;
}

std::function<bool(const std::string&)> snapshot_with_live_bytes(std::uint64_t bytes) {
  return [bytes](const std::string& text) {
    for (const json& line : json_lines(text))
      if (line["type"] == "snapshot" && !line["boot"].is_null() &&
          line["boot"]["live"]["bytes"] == bytes)
        return true;
    return false;
  };
}

// What a run writes, watched from another thread while the run is going.
class WatchedOutput final : public std::streambuf {
 public:
  std::ostream stream{this};

  std::string text() const {
    std::lock_guard lock(mutex_);
    return text_;
  }
  // false when the text still does not satisfy `ready` after `patience`.
  bool wait_for(const std::function<bool(const std::string&)>& ready) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, patience, [&] { return ready(text_); });
  }

 protected:
  int_type overflow(int_type c) override {
    if (!traits_type::eq_int_type(c, traits_type::eof())) {
      const char ch = traits_type::to_char_type(c);
      append(&ch, 1);
    }
    return traits_type::not_eof(c);
  }
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    append(s, static_cast<std::size_t>(n));
    return n;
  }

 private:
  void append(const char* s, std::size_t n) {
    {
      std::lock_guard lock(mutex_);
      text_.append(s, n);
    }
    changed_.notify_all();
  }

  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::string text_;
};

void write_all(int fd, const std::string& text) {
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n <= 0) return;
    done += static_cast<std::size_t>(n);
  }
}

struct LiveOutcome {
  int code = -1;
  std::string out;
  std::string err;
};

// Runs the CLI in-process with stdin from a pipe. `feed` runs in a thread of its own with the
// pipe's write end (closed after it returns, if it has not closed it: pass -1 back) and the
// run's stdout to watch.
LiveOutcome run_live_cli(const std::vector<std::string>& args,
                         const std::function<void(int& write_fd, WatchedOutput& out)>& feed,
                         testing::Terminal terminal = {}, StopSignal* stop = nullptr) {
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  WatchedOutput out;
  std::ostringstream err;
  Io io;
  io.stdin_fd = fds[0];
  io.out = &out.stream;
  io.err = &err;
  io.out_is_terminal = terminal.is_terminal;
  io.no_color = terminal.no_color;
  io.stop = stop;
  int write_fd = fds[1];
  std::thread writer([&] { feed(write_fd, out); });
  const int code = run(args, io);
  writer.join();
  if (write_fd >= 0) ::close(write_fd);
  ::close(fds[0]);
  return {code, out.text(), err.str()};
}

void close_fd(int& fd) {
  ::close(fd);
  fd = -1;
}

}  // namespace

TEST_CASE("live mode writes JSON Lines snapshots while input still comes, then the report",
          "[cli][live]") {
  bool first_seen = false, second_seen = false;
  const LiveOutcome o = run_live_cli(
      {"analyze", "--live", "--interval", "0.05", "--format", "json"},
      [&](int& fd, WatchedOutput& out) {
        write_all(fd, read_file(golden_v4));
        first_seen = out.wait_for(snapshot_with_live_bytes(308));
        write_all(fd, second_dump);
        second_seen = out.wait_for(snapshot_with_live_bytes(372));
        close_fd(fd);
      });
  CHECK(first_seen);
  CHECK(second_seen);
  CHECK(o.code == exit_leaks);
  CHECK(o.err.empty());

  const std::vector<json> lines = json_lines(o.out);
  REQUIRE(lines.size() >= 3);
  std::uint64_t seq = 0;
  for (std::size_t i = 0; i + 1 < lines.size(); ++i) {
    const json& s = lines[i];
    CHECK(s["type"] == "snapshot");
    CHECK(s["schema_version"] == 1);
    CHECK(s["seq"] == ++seq);
    if (s["boot"].is_null() || s["boot"]["live"]["bytes"] != 372) continue;
    CHECK(s["boot"]["growth"]["bytes"] == 64);  // since the boot's first dump
    CHECK(s["boot"]["growth"]["count"] == 1);
    CHECK(s["boot"]["top_sites"][0]["address"] == "0x400d276d");
    CHECK(s["boot"]["start"]["input"] == "<stdin>");
    CHECK(s["read"]["lines"] == 33);
    CHECK(s["read"]["allocs"] == 9);
  }
  const json& report = lines.back();
  CHECK(report["type"] == "report");
  CHECK(report["format"] == "json");
  CHECK(report["summary"]["leaked_bytes"] == 372);
  CHECK(report["boots"][0]["trace"]["dumps"] == 2);
}

TEST_CASE("live mode ends with the report analyze writes, and its exit code", "[cli][live]") {
  const std::vector<std::string> inputs = {"--elf", gateway_dir + "gateway.elf",
                                           gateway_dir + "capture.log"};
  auto args = [&](std::vector<std::string> head) {
    head.insert(head.end(), inputs.begin(), inputs.end());
    return head;
  };
  SECTION("text, in JSON Lines") {
    const auto analyzed = run_cli(args({"analyze"}));
    const auto live = run_cli(args({"analyze", "--live"}));
    CHECK(live.code == analyzed.code);
    const json last = json_lines(live.out).back();
    CHECK(last["format"] == "text");
    CHECK(last["text"] == analyzed.out);
  }
  SECTION("json, in JSON Lines") {
    const auto analyzed = run_cli(args({"analyze", "--format", "json"}));
    const auto live = run_cli(args({"analyze", "--live", "--format", "json"}));
    CHECK(live.code == analyzed.code);
    json last = json_lines(live.out).back();
    CHECK(last["type"] == "report");
    last.erase("type");
    last.erase("format");
    CHECK(last == json::parse(analyzed.out));
  }
  SECTION("on a terminal: the report in place of the summary") {
    const testing::Terminal terminal{true, false};
    const auto analyzed = run_cli(args({"analyze"}), -1, terminal);
    const auto live = run_cli(args({"analyze", "--live"}), -1, terminal);
    CHECK(live.code == analyzed.code);
    CHECK(live.out.find('\x1b') != std::string::npos);
    CHECK(live.out.size() > analyzed.out.size());
    CHECK(live.out.substr(live.out.size() - analyzed.out.size()) == analyzed.out);
  }
}

TEST_CASE("live mode follows a streamed trace: LSTRACE lines in the log", "[cli][live]") {
  const std::string trace_dir = gateway_dir + "trace/";
  bool seen = false;
  const LiveOutcome o = run_live_cli(
      {"analyze", "--live", "--interval", "0.05", "--format", "json", "--elf",
       trace_dir + "gateway-trace.elf"},
      [&](int& fd, WatchedOutput& out) {
        write_all(fd, read_file(trace_dir + "trace-capture.log"));
        seen = out.wait_for([](const std::string& text) {
          for (const json& line : json_lines(text))
            if (line["type"] == "snapshot" && !line["boot"].is_null() && line["boot"]["index"] == 1 &&
                line["boot"]["live"]["bytes"] == 837 && !line["boot"]["heaps"].empty())
              return true;
          return false;
        });
        close_fd(fd);
      });
  CHECK(seen);
  const std::vector<json> lines = json_lines(o.out);
  for (const json& s : lines) {
    if (s["type"] != "snapshot" || s["boot"].is_null() || s["boot"]["index"] != 1) continue;
    // A stream shows the boot from its start: everything live has grown since.
    CHECK(s["boot"]["growth"]["bytes"] == s["boot"]["live"]["bytes"]);
    CHECK(s["boot"]["heaps"][0]["heap"] == "Internal");
  }
  const auto analyzed = run_cli({"analyze", "--format", "json", "--elf",
                                 trace_dir + "gateway-trace.elf", trace_dir + "trace-capture.log"});
  CHECK(o.code == analyzed.code);
  CHECK(lines.back()["summary"] == json::parse(analyzed.out)["summary"]);
}

TEST_CASE("a stop request ends live mode with the final report", "[cli][live]") {
  StopSignal stop;
  bool seen = false;
  const LiveOutcome o = run_live_cli(
      {"analyze", "--live", "--interval", "0.05", "--format", "json"},
      [&](int& fd, WatchedOutput& out) {
        write_all(fd, read_file(golden_v4));
        seen = out.wait_for(snapshot_with_live_bytes(308));
        stop.request();  // the pipe stays open: only the request can end the run
      },
      {}, &stop);
  CHECK(seen);
  CHECK(o.code == exit_leaks);
  const json report = json_lines(o.out).back();
  CHECK(report["type"] == "report");
  CHECK(report["summary"]["leaked_bytes"] == 308);
  CHECK(report["diagnostics"]["inputs"][0]["lines"] == 25);
}

TEST_CASE("on a terminal the summary is redrawn in place, then replaced by the report",
          "[cli][live]") {
  for (const bool no_color : {false, true}) {
    CAPTURE(no_color);
    const LiveOutcome o = run_live_cli(
        {"analyze", "--live", "--interval", "0.05"},
        [&](int& fd, WatchedOutput& out) {
          write_all(fd, read_file(golden_v4));
          out.wait_for([](const std::string& text) {
            return text.find("live 308 bytes in 4 allocations") != std::string::npos;
          });
          close_fd(fd);
        },
        {true, no_color});
    CHECK(o.code == exit_leaks);
    CHECK(o.out.find("leakscope live · ") != std::string::npos);
    CHECK(o.out.find("0x400d276d  [unknown]") != std::string::npos);
    CHECK(o.out.find("\x1b[K\n") != std::string::npos);  // redrawn line by line
    CHECK((o.out.find("\x1b[1mleakscope live") != std::string::npos) == !no_color);
    // The same report as from the file, but for the input's name (the pipe is <stdin>).
    const auto analyzed = run_cli({"analyze", golden_v4}, -1, {true, no_color});
    std::string expected = analyzed.out;
    const std::size_t name = expected.find("input " + golden_v4 + ":");
    REQUIRE(name != std::string::npos);
    expected.replace(name + 6, golden_v4.size(), "<stdin>");
    CHECK(o.out.substr(o.out.size() - expected.size()) == expected);
  }
}

TEST_CASE("with -o, snapshots and the report go to the file, even from a terminal",
          "[cli][live]") {
  const fs::path file =
      fs::temp_directory_path() / ("leakscope-live-" + std::to_string(::getpid()) + ".jsonl");
  fs::remove(file);
  bool seen = false;
  const LiveOutcome o = run_live_cli(
      {"analyze", "--live", "--interval", "0.05", "-o", file.string()},
      [&](int& fd, WatchedOutput&) {
        write_all(fd, read_file(golden_v4));
        const auto give_up = std::chrono::steady_clock::now() + patience;
        while (!(seen = snapshot_with_live_bytes(308)(read_file(file.string()))) &&
               std::chrono::steady_clock::now() < give_up)
          std::this_thread::sleep_for(std::chrono::milliseconds(10));
        close_fd(fd);
      },
      {true, false});
  CHECK(seen);
  CHECK(o.code == exit_leaks);
  CHECK(o.out.empty());
  const json report = json_lines(read_file(file.string())).back();
  CHECK(report["type"] == "report");
  CHECK(report["format"] == "text");
  CHECK(report["text"].get<std::string>().find('\x1b') == std::string::npos);
  fs::remove(file);
}

TEST_CASE("the interval is a positive number of seconds, with --live only", "[cli][live]") {
  CHECK(run_cli({"analyze", "--interval", "1", golden_v4}).code == exit_usage_error);
  CHECK(run_cli({"analyze", "--live", "--interval", "0", golden_v4}).code == exit_usage_error);
  CHECK(run_cli({"analyze", "--live", "--interval", "-1", golden_v4}).code == exit_usage_error);
  CHECK(run_cli({"analyze", "--live", "--interval", "0.25", golden_v4}).code == exit_leaks);
}

namespace {

// The leakscope binary of this build, with stdin and stdout on pipes we hold.
struct Child {
  pid_t pid = -1;
  int in = -1;   // its stdin
  int out = -1;  // its stdout

  explicit Child(const std::vector<std::string>& args) {
    int to_child[2], from_child[2];
    REQUIRE(::pipe2(to_child, O_CLOEXEC) == 0);
    REQUIRE(::pipe2(from_child, O_CLOEXEC) == 0);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, to_child[0], STDIN_FILENO);
    posix_spawn_file_actions_adddup2(&actions, from_child[1], STDOUT_FILENO);
    // The signals it is sent must reach it, even if the test runner ignores them.
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    sigset_t defaults;
    sigemptyset(&defaults);
    sigaddset(&defaults, SIGINT);
    sigaddset(&defaults, SIGTERM);
    posix_spawnattr_setsigdefault(&attributes, &defaults);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGDEF);
    const std::string binary = std::string(LEAKSCOPE_BINARY_DIR) + "/leakscope";
    std::vector<char*> argv{const_cast<char*>(binary.c_str())};
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    const int spawned =
        ::posix_spawn(&pid, binary.c_str(), &actions, &attributes, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    ::close(to_child[0]);
    ::close(from_child[1]);
    in = to_child[1];
    out = from_child[0];
    REQUIRE(spawned == 0);
  }
  ~Child() {
    if (in >= 0) ::close(in);
    ::close(out);
  }

  // Reads its stdout until `ready` holds or the output ends (ready: nothing, read to the end).
  // false when `ready` does not hold in the end, or after `patience`.
  bool read_until(std::string& text, const std::function<bool(const std::string&)>& ready) {
    const auto give_up = std::chrono::steady_clock::now() + patience;
    while (!(ready && ready(text)) && std::chrono::steady_clock::now() < give_up) {
      pollfd p{out, POLLIN, 0};
      if (::poll(&p, 1, 100) <= 0) continue;
      char buffer[4096];
      const ssize_t n = ::read(out, buffer, sizeof buffer);
      if (n <= 0) return !ready;
      text.append(buffer, static_cast<std::size_t>(n));
    }
    return ready && ready(text);
  }

  // Its exit status; one still running after `patience` is killed, and the test fails.
  int wait() {
    int status = 0;
    const auto give_up = std::chrono::steady_clock::now() + patience;
    while (::waitpid(pid, &status, WNOHANG) == 0) {
      if (std::chrono::steady_clock::now() > give_up) {
        ::kill(pid, SIGKILL);
        ::waitpid(pid, &status, 0);
        FAIL("leakscope did not exit");
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return status;
  }
};

}  // namespace

TEST_CASE("the leakscope binary ends cleanly on SIGINT, with the report", "[cli][live]") {
  Child child({"analyze", "--live", "--interval", "0.05", "--format", "json"});
  write_all(child.in, read_file(golden_v4));  // stdin stays open, as a serial monitor's would
  std::string text;
  CHECK(child.read_until(text, snapshot_with_live_bytes(308)));
  REQUIRE(::kill(child.pid, SIGINT) == 0);
  CHECK(child.read_until(text, nullptr));  // to the end: its stdout closes when it exits
  const int status = child.wait();
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == exit_leaks);
  const json report = json_lines(text).back();
  CHECK(report["type"] == "report");
  CHECK(report["summary"]["leaked_bytes"] == 308);
}
