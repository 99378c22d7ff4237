// bench_run: wall time and peak memory of a command, best of several runs.
//
//   leakscope_bench_run [--runs N] [--in FILE] [--out FILE] -- COMMAND [ARG...]
//
// Runs COMMAND (no shell) N times (default 3) with stdin from FILE (default /dev/null) and
// stdout into FILE (default /dev/null; truncated each run), stderr passed through, and prints
// one line: "<best wall seconds> <peak RSS KiB>". Wall time is measured from before fork() to
// the return of wait4(), so it includes process start and exit, what a user waits for. The
// peak RSS is the largest ru_maxrss of the runs: the command's own, as it is the child exec'd
// directly. A run that fails (non-zero exit or a signal) stops everything with exit status 1.
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

namespace {

struct RunResult {
  double seconds = 0;
  long peak_rss_kib = 0;
};

[[noreturn]] void usage() {
  std::fprintf(stderr, "usage: leakscope_bench_run [--runs N] [--in FILE] [--out FILE] -- COMMAND [ARG...]\n");
  std::exit(2);
}

// In the child: stdin and stdout redirected, then exec. Exits 127 when anything fails, as a
// shell does for a command it cannot run.
[[noreturn]] void exec_child(const std::string& in, const std::string& out, char** argv) {
  const int in_fd = ::open(in.c_str(), O_RDONLY);
  const int out_fd = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (in_fd < 0 || out_fd < 0 || ::dup2(in_fd, 0) < 0 || ::dup2(out_fd, 1) < 0) {
    std::perror("leakscope_bench_run: redirect");
    ::_exit(127);
  }
  ::close(in_fd);
  ::close(out_fd);
  ::execvp(argv[0], argv);
  std::perror(argv[0]);
  ::_exit(127);
}

bool run_once(const std::string& in, const std::string& out, char** argv, RunResult& result) {
  const auto start = std::chrono::steady_clock::now();
  const pid_t pid = ::fork();
  if (pid < 0) {
    std::perror("leakscope_bench_run: fork");
    return false;
  }
  if (pid == 0) exec_child(in, out, argv);
  int status = 0;
  rusage usage{};
  if (::wait4(pid, &status, 0, &usage) != pid) {
    std::perror("leakscope_bench_run: wait4");
    return false;
  }
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  result.peak_rss_kib = usage.ru_maxrss;
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::fprintf(stderr, "leakscope_bench_run: %s failed (%s %d)\n", argv[0],
                 WIFEXITED(status) ? "exit status" : "signal",
                 WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
    return false;
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  int runs = 3;
  std::string in = "/dev/null";
  std::string out = "/dev/null";
  int i = 1;
  for (; i < argc; ++i) {
    const std::string_view option = argv[i];
    if (option == "--") break;
    if (i + 1 >= argc) usage();
    if (option == "--runs") {
      runs = std::atoi(argv[++i]);
    } else if (option == "--in") {
      in = argv[++i];
    } else if (option == "--out") {
      out = argv[++i];
    } else {
      usage();
    }
  }
  if (i + 1 >= argc || runs < 1) usage();
  char** command = argv + i + 1;

  RunResult best;
  best.seconds = 1e300;
  for (int run = 0; run < runs; ++run) {
    RunResult result;
    if (!run_once(in, out, command, result)) return 1;
    best.seconds = std::min(best.seconds, result.seconds);
    best.peak_rss_kib = std::max(best.peak_rss_kib, result.peak_rss_kib);
  }
  std::printf("%.4f %ld\n", best.seconds, best.peak_rss_kib);
  return 0;
}
