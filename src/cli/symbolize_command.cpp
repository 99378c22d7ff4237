// `leakscope symbolize`: addr2line -f -i -C compatible lookups, from arguments or a stdin pipe.
#include "cli/symbolize_command.hpp"

#include <CLI/CLI.hpp>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <optional>
#include <ostream>
#include <string_view>

#include "leakscope/report/addr2line_writer.hpp"
#include "leakscope/symbolize/symbolizer.hpp"

namespace leakscope {
namespace {

// "0x8010", "0X8010" or "8010", as addr2line takes them. Anything else - including trailing
// garbage, which addr2line would silently truncate - is unparsable.
std::optional<std::uint64_t> parse_address(std::string_view token) {
  if (token.size() > 2 && token[0] == '0' && (token[1] == 'x' || token[1] == 'X')) token.remove_prefix(2);
  if (token.empty() || token.size() > 16) return std::nullopt;
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), value, 16);
  if (ec != std::errc() || end != token.data() + token.size()) return std::nullopt;
  return value;
}

class Answerer {
 public:
  Answerer(Symbolizer& symbolizer, const SymbolizeOptions& options, std::ostream& out)
      : symbolizer_(symbolizer), out_(out) {
    kind_ = options.return_address ? AddressKind::return_address : AddressKind::exact_pc;
    style_.pretty = options.pretty;
    style_.print_address = options.print_address;
    // -a pads addresses to the first ELF's width, as addr2line does for its one ELF.
    style_.address_size = symbolizer.elfs().front().address_size;
  }

  // One answer per token, flushed at once: in a pipe the reader waits on each line.
  void answer(std::string_view token) {
    if (const std::optional<std::uint64_t> address = parse_address(token)) {
      write_addr2line(out_, symbolizer_.symbolize(*address, kind_), style_);
    } else {
      write_addr2line(out_, Symbolization{}, style_);  // addr2line prints "??" and "??:0" and goes on
    }
    out_.flush();
  }

 private:
  Symbolizer& symbolizer_;
  std::ostream& out_;
  AddressKind kind_ = AddressKind::exact_pc;
  Addr2lineStyle style_;
};

// Splits the bytes of `fd` into whitespace-separated tokens as they arrive (read(2), not a
// buffered stream, so a token is answered as soon as the whitespace after it is read).
Status for_each_token(int fd, Answerer& answerer) {
  std::string pending;
  char buffer[4096];
  for (;;) {
    const ssize_t got = ::read(fd, buffer, sizeof buffer);
    if (got < 0) {
      if (errno == EINTR) continue;
      return Error{std::string("reading standard input: ") + std::strerror(errno)};
    }
    if (got == 0) break;
    for (ssize_t i = 0; i < got; ++i) {
      const char c = buffer[i];
      if (std::isspace(static_cast<unsigned char>(c)) == 0) {
        pending += c;
      } else if (!pending.empty()) {
        answerer.answer(pending);
        pending.clear();
      }
    }
  }
  if (!pending.empty()) answerer.answer(pending);  // last token without a trailing newline
  return Ok{};
}

}  // namespace

CLI::App* add_symbolize_command(CLI::App& parent, SymbolizeOptions& options) {
  CLI::App* command = parent.add_subcommand(
      "symbolize", "Print function, file:line and inlined callers of code addresses, like addr2line -f -i -C");
  command->add_option("-e,--elf", options.elfs, "ELF with the code; repeat for ROM or bootloader ELFs")
      ->required()
      ->allow_extra_args(false);  // one file per --elf, so "--elf fw.elf 0x8010" keeps the address
  command->add_flag("-p,--pretty", options.pretty, "One line per address: \"func at file:line\"");
  command->add_flag("-a,--addresses", options.print_address, "Print each address before its answer");
  command->add_flag("--return-address", options.return_address,
                    "Addresses are return addresses: look up the call instruction before them");
  command->add_option("ADDR", options.addresses,
                      "Hex addresses, with or without 0x (default: read them from standard input)");
  return command;
}

int run_symbolize(const SymbolizeOptions& options, Io& io) {
  if (options.elfs.empty()) {
    *io.err << "leakscope: symbolize: no ELF given (--elf FILE)\n";
    return exit_usage_error;
  }
  Symbolizer symbolizer;
  for (const std::string& path : options.elfs) {
    if (const Status loaded = symbolizer.add_elf(path); !loaded) {
      *io.err << "leakscope: " << loaded.error().message << '\n';
      return exit_usage_error;
    }
  }
  Answerer answerer(symbolizer, options, *io.out);
  if (!options.addresses.empty()) {
    for (const std::string& token : options.addresses) answerer.answer(token);
    return exit_clean;
  }
  if (const Status read = for_each_token(io.stdin_fd, answerer); !read) {
    *io.err << "leakscope: " << read.error().message << '\n';
    return exit_usage_error;
  }
  return exit_clean;
}

}  // namespace leakscope
