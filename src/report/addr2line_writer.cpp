#include "leakscope/report/addr2line_writer.hpp"

#include <fmt/format.h>

#include <ostream>

namespace leakscope {
namespace {

void append_position(std::string& out, const SourceFrame& frame, std::uint32_t discriminator) {
  out += frame.file.empty() ? std::string_view("??") : std::string_view(frame.file);
  out += ':';
  if (frame.line == 0) {
    out += "?\n";  // a frame was found but its line is not known (symbol-table answers)
    return;
  }
  if (discriminator != 0) {
    fmt::format_to(std::back_inserter(out), "{} (discriminator {})\n", frame.line, discriminator);
  } else {
    fmt::format_to(std::back_inserter(out), "{}\n", frame.line);
  }
}

}  // namespace

std::string format_addr2line(const Symbolization& symbolization, const Addr2lineStyle& style) {
  std::string out;
  if (style.print_address) {
    const int digits = style.address_size * 2;
    fmt::format_to(std::back_inserter(out), "0x{:0{}x}{}", symbolization.address, digits,
                   style.pretty ? ": " : "\n");
  }
  if (symbolization.frames.empty()) {
    out += style.pretty ? "?? ??:0\n" : "??\n??:0\n";  // binutils' "not found" answer
    return out;
  }
  const std::uint32_t discriminator = symbolization.frames.front().discriminator;
  bool first = true;
  for (const SourceFrame& frame : symbolization.frames) {
    if (!first && style.pretty) out += " (inlined by) ";
    first = false;
    out += frame.function.empty() ? std::string_view("??") : std::string_view(frame.function);
    out += style.pretty ? " at " : "\n";
    append_position(out, frame, discriminator);
  }
  return out;
}

void write_addr2line(std::ostream& out, const Symbolization& symbolization, const Addr2lineStyle& style) {
  out << format_addr2line(symbolization, style);
}

}  // namespace leakscope
