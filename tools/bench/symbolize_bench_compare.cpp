// symbolize_bench_compare: do two symbolizers' answers agree, address by address?
//
//   leakscope_symbolize_bench_compare [--examples N] [--agreeing OTHER] REFERENCE CANDIDATE
//
// Both files hold `addr2line -a -f -i -C` style output: an address line ("0x..."), then a
// function line and a "file:line" line per frame, innermost first. Also read: llvm-symbolizer
// --output-style=GNU, and eu-addr2line's, whose first function line ends in " inlined at
// F:L:C in OUTER" and whose positions carry a column; both extras are dropped. A
// "(discriminator N)" suffix is dropped too: the benchmark compares what every tool prints.
//
// The first min(records) answers are compared (a peer may have answered a prefix of the
// input); their addresses must be equal. With --agreeing, only the answers where REFERENCE and
// OTHER (a second peer) agree on frames and file:line are compared: where two peers disagree,
// no candidate can match both. Prints one line on stdout:
//   <answers> <frames> <answers with another frame count> <answers with another file:line>
//   <frames with another function name> <answers skipped as the peers disagree>
// where file:line and names are compared frame by frame over answers with equal frame counts,
// and unknown positions ("??:0", "??:?", "file:?") compare as "??:0"; a lone frame at "??:0"
// is no frame (its name, if any, is compared as a name). The first N (default 3)
// answers whose frame count or file:line differ are printed on stderr, both sides in full.
// Exit status: 0 whatever the differences (the caller decides), 2 on unreadable input.
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

namespace {

struct Frame {
  std::string function;
  std::string position;  // "file:line", normalized
};

struct Answer {
  std::uint64_t address = 0;
  std::vector<Frame> frames;
  // A function name without any position ("f" at "??:0" alone): addr2line names the symbol
  // before an address even past that symbol's end (padding between functions), where the
  // others know nothing. It is a naming difference, not a frame.
  std::string name_only;
};

bool all_digits(std::string_view text) {
  if (text.empty()) return false;
  for (const char c : text) {
    if (std::isdigit(static_cast<unsigned char>(c)) == 0) return false;
  }
  return true;
}

std::string normalize_position(std::string position) {
  if (const std::size_t d = position.find(" (discriminator "); d != std::string::npos) position.erase(d);
  // "file:line:column" (eu-addr2line) -> "file:line".
  const std::size_t last = position.rfind(':');
  if (last != std::string::npos && last > 0) {
    const std::size_t before = position.rfind(':', last - 1);
    if (before != std::string::npos && all_digits(std::string_view(position).substr(last + 1)) &&
        all_digits(std::string_view(position).substr(before + 1, last - before - 1))) {
      position.erase(last);
    }
  }
  const std::size_t colon = position.rfind(':');
  const std::string_view file = std::string_view(position).substr(0, colon);
  const std::string_view line = colon == std::string::npos ? "" : std::string_view(position).substr(colon + 1);
  if (file == "??" || line == "?" || line == "0" || line.empty()) return file == "??" ? "??:0" : std::string(file) + ":0";
  return position;
}

std::string normalize_function(std::string function) {
  if (const std::size_t at = function.find(" inlined at "); at != std::string::npos) function.erase(at);
  return function;
}

bool is_address_line(const std::string& line) {
  if (line.size() < 3 || line[0] != '0' || line[1] != 'x') return false;
  for (std::size_t i = 2; i < line.size(); ++i) {
    if (std::isxdigit(static_cast<unsigned char>(line[i])) == 0) return false;
  }
  return true;
}

std::vector<Answer> read_answers(const char* path) {
  std::ifstream in(path);
  if (!in) {
    std::fprintf(stderr, "leakscope_symbolize_bench_compare: cannot read %s\n", path);
    std::exit(2);
  }
  std::vector<Answer> answers;
  std::string line;
  while (std::getline(in, line)) {
    if (is_address_line(line)) {
      answers.emplace_back().address = std::strtoull(line.c_str() + 2, nullptr, 16);
      continue;
    }
    std::string position;
    if (answers.empty() || !std::getline(in, position)) {
      std::fprintf(stderr, "leakscope_symbolize_bench_compare: %s: a function line outside an answer: %s\n", path,
                   line.c_str());
      std::exit(2);
    }
    answers.back().frames.push_back(Frame{normalize_function(line), normalize_position(position)});
  }
  // One frame at "??:0": no frame, at most a name ("??" alone means nothing known).
  for (Answer& answer : answers) {
    if (answer.frames.size() == 1 && answer.frames[0].position == "??:0") {
      if (answer.frames[0].function != "??") answer.name_only = answer.frames[0].function;
      answer.frames.clear();
    }
  }
  return answers;
}

// Same frame count and the same file:line in every frame; names aside.
bool same_frames(const Answer& a, const Answer& b) {
  if (a.frames.size() != b.frames.size()) return false;
  for (std::size_t f = 0; f < a.frames.size(); ++f) {
    if (a.frames[f].position != b.frames[f].position) return false;
  }
  return true;
}

void print_answer(const char* label, const Answer& answer) {
  std::fprintf(stderr, "  %s:\n", label);
  if (answer.frames.empty()) std::fprintf(stderr, "    %s at ??:0\n", answer.name_only.empty() ? "??" : answer.name_only.c_str());
  for (const Frame& frame : answer.frames) {
    std::fprintf(stderr, "    %s at %s\n", frame.function.c_str(), frame.position.c_str());
  }
}

}  // namespace

int main(int argc, char** argv) {
  int examples = 3;
  const char* agreeing = nullptr;
  int first = 1;
  for (; first + 1 < argc && argv[first][0] == '-'; first += 2) {
    const std::string_view option = argv[first];
    if (option == "--examples") {
      examples = std::atoi(argv[first + 1]);
    } else if (option == "--agreeing") {
      agreeing = argv[first + 1];
    } else {
      break;
    }
  }
  if (argc - first != 2) {
    std::fprintf(stderr,
                 "usage: leakscope_symbolize_bench_compare [--examples N] [--agreeing OTHER] REFERENCE CANDIDATE\n");
    return 2;
  }
  const char* reference_path = argv[first];
  const char* candidate_path = argv[first + 1];
  const std::vector<Answer> reference = read_answers(reference_path);
  const std::vector<Answer> candidate = read_answers(candidate_path);
  const std::vector<Answer> other = agreeing == nullptr ? std::vector<Answer>{} : read_answers(agreeing);
  std::size_t count = std::min(reference.size(), candidate.size());
  if (agreeing != nullptr) count = std::min(count, other.size());
  std::size_t frames = 0, count_differences = 0, position_differences = 0, name_differences = 0, skipped = 0;
  for (std::size_t i = 0; i < count; ++i) {
    const Answer& ref = reference[i];
    const Answer& cand = candidate[i];
    if (ref.address != cand.address || (agreeing != nullptr && other[i].address != ref.address)) {
      std::fprintf(stderr, "leakscope_symbolize_bench_compare: answer %zu is not for the same address in %s, %s%s%s\n",
                   i, reference_path, candidate_path, agreeing != nullptr ? " and " : "",
                   agreeing != nullptr ? agreeing : "");
      return 2;
    }
    if (agreeing != nullptr && !same_frames(ref, other[i])) {
      ++skipped;
      continue;
    }
    frames += ref.frames.size();
    if (ref.name_only != cand.name_only) ++name_differences;
    const bool differs = !same_frames(ref, cand);
    if (ref.frames.size() != cand.frames.size()) {
      ++count_differences;
    } else {
      if (differs) ++position_differences;
      for (std::size_t f = 0; f < ref.frames.size(); ++f) {
        if (ref.frames[f].function != cand.frames[f].function) ++name_differences;
      }
    }
    if (differs && examples-- > 0) {
      std::fprintf(stderr, "0x%llx:\n", static_cast<unsigned long long>(ref.address));
      print_answer(reference_path, ref);
      print_answer(candidate_path, cand);
    }
  }
  std::printf("%zu %zu %zu %zu %zu %zu\n", count, frames, count_differences, position_differences, name_differences,
              skipped);
  return 0;
}
