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
  append_addr2line(out, symbolization, style);
  return out;
}

void append_addr2line(std::string& out, const Symbolization& symbolization, const Addr2lineStyle& style) {
  if (style.print_address) {
    const int digits = style.address_size * 2;
    fmt::format_to(std::back_inserter(out), "0x{:0{}x}{}", symbolization.address, digits,
                   style.pretty ? ": " : "\n");
  }
  if (symbolization.frames.empty()) {  // binutils' "not found" answer
    if (style.functions) out += style.pretty ? "?? " : "??\n";
    out += "??:0\n";
    return;
  }
  const std::uint32_t discriminator = symbolization.frames.front().discriminator;
  const std::size_t count = style.inlines ? symbolization.frames.size() : 1;
  for (std::size_t i = 0; i < count; ++i) {
    const SourceFrame& frame = symbolization.frames[i];
    if (i > 0 && style.pretty) out += " (inlined by) ";
    if (style.functions) {
      std::string_view name = frame.function;
      if (!style.demangle && !frame.linkage_name.empty()) name = frame.linkage_name;
      out += name.empty() ? std::string_view("??") : name;
      out += style.pretty ? " at " : "\n";
    }
    append_position(out, frame, discriminator);
  }
}

void write_addr2line(std::ostream& out, const Symbolization& symbolization, const Addr2lineStyle& style) {
  out << format_addr2line(symbolization, style);
}

}  // namespace leakscope
