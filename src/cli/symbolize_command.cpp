// `leakscope symbolize`: addr2line -f -i -C compatible lookups, from arguments or a stdin pipe.
#include "cli/symbolize_command.hpp"

#include <CLI/CLI.hpp>

#include <memory>
#include <ostream>
#include <string_view>
#include <vector>

#include "leakscope/ingest/cursor.hpp"
#include "leakscope/ingest/line_cleaner.hpp"
#include "leakscope/ingest/line_reader.hpp"
#include "leakscope/report/addr2line_writer.hpp"
#include "leakscope/report/symbolization_json_writer.hpp"
#include "leakscope/symbolize/symbolizer.hpp"

namespace leakscope {
namespace {

class Answerer {
 public:
  Answerer(Symbolizer& symbolizer, const SymbolizeOptions& options, std::ostream& out)
      : symbolizer_(symbolizer), out_(out), json_(options.output_style == "JSON") {
    kind_ = options.adjust == "return" ? AddressKind::return_address : AddressKind::exact_pc;
    style_.pretty = options.pretty;
    style_.print_address = options.print_address;
    style_.functions = options.functions;
    style_.inlines = options.inlines;
    style_.demangle = options.demangle;
    // -a pads addresses to the first ELF's width, as addr2line does for its one ELF.
    style_.address_size = symbolizer.elfs().front().address_size;
  }

  void answer(std::string_view token) {
    // "0x8010", "0X8010" or "8010", as addr2line takes them; trailing garbage, which addr2line
    // would silently truncate, makes the token unparsable.
    std::uint64_t address = 0;
    const bool parsed = parse_hex_address(token, address);
    if (json_) {
      if (!parsed) {
        buffer_ += format_symbolization_json_error(token, "not a hexadecimal address");
      } else {
        const Symbolization& s = symbolizer_.symbolize(address, kind_);
        const std::string_view module = s.elf >= 0 ? std::string_view(symbolizer_.elfs()[s.elf].path) : "";
        buffer_ += format_symbolization_json(s, module, style_.inlines);
      }
    } else {
      // addr2line prints "??" and "??:0" for a token it cannot read, and goes on.
      append_addr2line(buffer_, parsed ? symbolizer_.symbolize(address, kind_) : Symbolization{}, style_);
    }
    if (buffer_.size() >= 64 * 1024) write();
  }
  void flush() {
    write();
    out_.flush();
  }

 private:
  void write() {
    out_.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
    buffer_.clear();
  }

  Symbolizer& symbolizer_;
  std::ostream& out_;
  bool json_ = false;
  AddressKind kind_ = AddressKind::exact_pc;
  Addr2lineStyle style_;
  std::string buffer_;  // answers not yet written: one write per batch, not per answer
};

// Answers the whitespace-separated tokens of stdin line by line as lines arrive, so the tool
// works at the end of a pipe.
Status for_each_token(int stdin_fd, Answerer& answerer) {
  auto source = open_input("-", stdin_fd);
  if (!source) return source.error();
  LineReader reader(**source);
  LineCleaner cleaner;  // CR line ends and stray control bytes are not part of a token
  RawLine line;
  while (reader.next(line)) {
    Cursor cursor(cleaner.clean(line.bytes).text);
    std::string_view token;
    for (cursor.spaces(); cursor.word(token); cursor.spaces()) answerer.answer(token);
    // In a pipe the writer waits for each answer: flush before waiting for more input.
    if (!reader.has_buffered_line()) answerer.flush();
  }
  answerer.flush();
  if (!(*source)->error().empty()) return Error{"reading standard input: " + (*source)->error()};
  return Ok{};
}

// Keeps `object` until the process exits, still reachable (leak checkers stay quiet). Freeing
// a symbolizer's indexes piece by piece costs ~5% of a 100,000-address run; the OS takes
// the pages back at once.
template <class T>
void leave_to_exit(std::unique_ptr<T> object) {
  static auto* kept = new std::vector<std::unique_ptr<T>>();
  kept->push_back(std::move(object));
}

}  // namespace

CLI::App* add_symbolize_command(CLI::App& parent, SymbolizeOptions& options) {
  CLI::App* command = parent.add_subcommand(
      "symbolize", "Print function, file:line and inlined callers of code addresses, like addr2line -f -i -C");
  command->add_option("-e,--elf", options.elfs, "ELF with the code; repeat for ROM or bootloader ELFs")
      ->required()
      ->allow_extra_args(false);  // one file per --elf, so "--elf fw.elf 0x8010" keeps the address
  command->add_option("--debug-dir", options.debug_dirs,
                      "Directory with separate debug files of stripped ELFs (.build-id/xx/rest.debug or "
                      "the .gnu_debuglink name); repeatable. The ELF's own directory and its .debug/ "
                      "are always searched")
      ->allow_extra_args(false)
      ->check(CLI::ExistingDirectory);
  command->add_flag("-p,--pretty-print", options.pretty, "One line per address: \"func at file:line\"");
  command->add_flag("-a,--addresses", options.print_address, "Print each address before its answer");
  command->add_flag("-f,--functions,!--no-functions", options.functions, "Print function names (default)");
  command->add_flag("-i,--inlines,!--no-inlines", options.inlines,
                    "Print the inlined callers of each address (default); without: innermost frame only");
  command->add_flag("-C,--demangle,!--no-demangle", options.demangle, "Demangle C++ names (default)");
  command->add_option("--adjust", options.adjust,
                      "return: addresses are return addresses (from backtraces): look up the call "
                      "instruction before each, by the ELF's architecture rules; none: look up as given")
      ->check(CLI::IsMember({"none", "return"}));
  command->add_option("--output-style", options.output_style,
                      "GNU: addr2line text; JSON: one object per address (llvm-symbolizer's keys)")
      ->check(CLI::IsMember({"GNU", "JSON"}));
  command->add_option("ADDR", options.addresses,
                      "Hex addresses, with or without 0x (default: read them from standard input)");
  return command;
}

int run_symbolize(const SymbolizeOptions& options, Io& io) {
  if (options.elfs.empty()) {
    *io.err << "leakscope: symbolize: no ELF given (--elf FILE)\n";
    return exit_usage_error;
  }
  auto owned = std::make_unique<Symbolizer>();
  Symbolizer& symbolizer = *owned;
  const ElfLoadOptions load{options.debug_dirs};
  for (const std::string& path : options.elfs) {
    if (const Status loaded = symbolizer.add_elf(path, load); !loaded) {
      *io.err << "leakscope: " << loaded.error().message << '\n';
      return exit_usage_error;
    }
    for (const std::string& warning : symbolizer.elfs().back().warnings) {
      *io.err << "leakscope: warning: " << warning << '\n';
    }
  }
  Answerer answerer(symbolizer, options, *io.out);
  if (!options.addresses.empty()) {
    for (const std::string& token : options.addresses) answerer.answer(token);
    answerer.flush();
    return exit_clean;
  }
  if (const Status read = for_each_token(io.stdin_fd, answerer); !read) {
    *io.err << "leakscope: " << read.error().message << '\n';
    return exit_usage_error;
  }
  if (io.exits_after_run) leave_to_exit(std::move(owned));
  return exit_clean;
}

}  // namespace leakscope
