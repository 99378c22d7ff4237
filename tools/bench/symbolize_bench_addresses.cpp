// symbolize_bench_addresses: the two address lists of the symbolizer benchmark.
//
//   objdump -d --no-show-raw-insn -j .text ELF |
//     leakscope_symbolize_bench_addresses --text START:END [--count N] [--distinct D]
//                                         [--align A] --returns FILE --random FILE
//
// Reads the disassembly on stdin and writes, one hex address a line:
// - FILE of --returns: N lookups over D distinct call sites (default 100000 over 2000), each
//   repeated N/D times in random order, as backtraces repeat their callers. Each line is the
//   return address minus one (the address after a call instruction, found as the next
//   instruction in the listing, minus one): the byte every tool must look up to answer for the
//   call itself. It is what `leakscope symbolize --adjust return` looks up for the return
//   address on x86-64 and ARM, but here every tool gets the same, already adjusted PCs.
// - FILE of --random: N addresses drawn uniformly from [START, END) (the .text section, hex),
//   rounded down to a multiple of A (default 1; 2 for Thumb code).
// Both lists are the same for the same input and options (fixed seeds, portable random source).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "generator/random.hpp"  // the parity generator's splitmix64: portable sequences

namespace {

using Rng = leakscope::parity_gen::Random;

struct Options {
  std::uint64_t text_start = 0;
  std::uint64_t text_end = 0;
  std::size_t count = 100000;
  std::size_t distinct = 2000;
  std::uint64_t align = 1;
  std::string returns_path;
  std::string random_path;
};

[[noreturn]] void usage() {
  std::fprintf(stderr,
               "usage: leakscope_symbolize_bench_addresses --text START:END [--count N] [--distinct D] "
               "[--align A] --returns FILE --random FILE < objdump-listing\n");
  std::exit(2);
}

Options parse_options(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; i += 2) {
    if (i + 1 >= argc) usage();
    const std::string_view option = argv[i];
    const std::string value = argv[i + 1];
    if (option == "--text") {
      const std::size_t colon = value.find(':');
      if (colon == std::string::npos) usage();
      options.text_start = std::stoull(value.substr(0, colon), nullptr, 16);
      options.text_end = std::stoull(value.substr(colon + 1), nullptr, 16);
    } else if (option == "--count") {
      options.count = std::stoull(value);
    } else if (option == "--distinct") {
      options.distinct = std::stoull(value);
    } else if (option == "--align") {
      options.align = std::stoull(value);
    } else if (option == "--returns") {
      options.returns_path = value;
    } else if (option == "--random") {
      options.random_path = value;
    } else {
      usage();
    }
  }
  if (options.text_end <= options.text_start || options.returns_path.empty() || options.random_path.empty() ||
      options.count == 0 || options.distinct == 0 || options.align == 0) {
    usage();
  }
  return options;
}

// "  401136:\tcall   401020 <f>" -> address 0x401136, mnemonic "call"; false for other lines.
bool parse_instruction(const std::string& line, std::uint64_t& address, std::string_view& mnemonic) {
  const std::size_t colon = line.find(":\t");
  if (colon == std::string::npos) return false;
  const std::size_t first = line.find_first_not_of(' ');
  if (first >= colon) return false;
  char* end = nullptr;
  address = std::strtoull(line.c_str() + first, &end, 16);
  if (end != line.c_str() + colon) return false;
  const std::size_t start = colon + 2;
  const std::size_t stop = line.find_first_of(" \t", start);
  mnemonic = std::string_view(line).substr(start, stop == std::string::npos ? std::string::npos : stop - start);
  return true;
}

bool is_call(std::string_view mnemonic) {
  return mnemonic == "call" || mnemonic == "callq" || mnemonic == "bl" || mnemonic == "blx";
}

// The address of the instruction after each call: what a backtrace holds for that call.
std::vector<std::uint64_t> return_addresses(std::istream& listing) {
  std::vector<std::uint64_t> returns;
  bool after_call = false;
  std::string line;
  while (std::getline(listing, line)) {
    std::uint64_t address = 0;
    std::string_view mnemonic;
    if (!parse_instruction(line, address, mnemonic)) continue;
    if (after_call) returns.push_back(address);
    after_call = is_call(mnemonic);
  }
  return returns;
}

void write_addresses(const std::string& path, const std::vector<std::uint64_t>& addresses) {
  std::FILE* out = std::fopen(path.c_str(), "w");
  if (out == nullptr) {
    std::perror(path.c_str());
    std::exit(1);
  }
  for (const std::uint64_t address : addresses) std::fprintf(out, "0x%llx\n", static_cast<unsigned long long>(address));
  if (std::fclose(out) != 0) {
    std::perror(path.c_str());
    std::exit(1);
  }
}

template <typename T>
void shuffle(std::vector<T>& items, Rng& rng) {
  for (std::size_t i = items.size(); i > 1; --i) std::swap(items[i - 1], items[rng.below(i)]);
}

}  // namespace

int main(int argc, char** argv) {
  const Options options = parse_options(argc, argv);
  std::vector<std::uint64_t> sites = return_addresses(std::cin);
  if (sites.empty()) {
    std::fprintf(stderr, "leakscope_symbolize_bench_addresses: no call instruction in the listing\n");
    return 1;
  }
  // Distinct sites, chosen at random; fewer if the ELF has fewer calls.
  Rng pick(0xca11);
  shuffle(sites, pick);
  std::vector<std::uint64_t> chosen;
  std::set<std::uint64_t> seen;
  for (const std::uint64_t site : sites) {
    if (chosen.size() == options.distinct) break;
    if (seen.insert(site).second) chosen.push_back(site - 1);
  }
  std::vector<std::uint64_t> lookups;
  lookups.reserve(options.count);
  for (std::size_t i = 0; i < options.count; ++i) lookups.push_back(chosen[i % chosen.size()]);
  Rng order(0x0de5);
  shuffle(lookups, order);
  write_addresses(options.returns_path, lookups);

  Rng uniform(0x7e47);
  std::vector<std::uint64_t> random;
  random.reserve(options.count);
  const std::uint64_t span = options.text_end - options.text_start;
  for (std::size_t i = 0; i < options.count; ++i) {
    const std::uint64_t address = options.text_start + uniform.below(span);
    random.push_back(address - address % options.align);
  }
  write_addresses(options.random_path, random);
  std::fprintf(stderr, "%zu call sites, %zu distinct return addresses used\n", sites.size(), chosen.size());
  return 0;
}
