#include "leakscope/ingest/mtrace_parser.hpp"

#include <fmt/format.h>

#include "leakscope/ingest/cursor.hpp"

namespace leakscope {

namespace {

constexpr std::string_view operations = "+-<>!";

bool is_operation(char c) { return operations.find(c) != std::string_view::npos; }

// A block pointer as glibc's "%p" prints it: "0x55d1...", or "(nil)" for NULL.
bool pointer(Cursor& c, std::uint64_t& out) {
  if (c.literal("(nil)")) {
    out = 0;
    return true;
  }
  return c.hex(out);
}

// A size as "%#lx" prints it: "0x10", and "0" for zero.
bool size(Cursor& c, std::uint64_t& out) {
  if (c.hex(out)) return true;
  out = 0;
  return c.literal("0");
}

// "[@ where ]" stripped: "<op> <block>[ <size>]", blanks allowed at the end.
struct Operation {
  char op = 0;
  std::uint64_t block = 0;  // 0: "(nil)"
  std::uint64_t size = 0;
};

std::optional<Operation> parse_operation(std::string_view text) {
  Cursor c(text);
  Operation op;
  op.op = c.peek();
  if (!is_operation(op.op) || !c.literal(text.substr(0, 1)) || !c.literal(" ") ||
      !pointer(c, op.block))
    return std::nullopt;
  const bool sized = op.op == '+' || op.op == '>' || op.op == '!';
  if (sized && !(c.literal(" ") && size(c, op.size))) return std::nullopt;
  c.spaces();
  if (!c.at_end()) return std::nullopt;
  return op;
}

// What glibc's tr_where printed: "[0xADDR]" (no object known), or "OBJECT:[0xN]",
// "OBJECT:(SYM+OFF)[0xN]" (also "-OFF": a symbol after the caller).
struct Where {
  bool in_module = false;
  std::string_view module;
  std::string_view symbol;
  std::uint64_t address = 0;
  ModuleAddress form = ModuleAddress::either;
};

// "main+17" (glibc >= 2.34: hex without 0x) or "main+0x17" (<= 2.33).
std::optional<ModuleAddress> symbol_form(std::string_view symbol) {
  const std::size_t sign = symbol.find_last_of("+-");
  if (sign == std::string_view::npos || sign == 0) return std::nullopt;
  std::uint64_t offset = 0;
  const std::string_view digits = symbol.substr(sign + 1);
  if (Cursor c(digits); c.hex(offset) && c.at_end()) return ModuleAddress::absolute;
  if (Cursor c(digits); c.bare_hex(offset) && c.at_end()) return ModuleAddress::offset;
  return std::nullopt;
}

std::optional<Where> parse_where(std::string_view where) {
  const std::size_t open = where.rfind('[');
  if (open == std::string_view::npos || !where.ends_with(']')) return std::nullopt;
  Where w;
  Cursor address(where.substr(open + 1, where.size() - open - 2));
  if (!address.hex(w.address) || !address.at_end()) return std::nullopt;
  std::string_view head = where.substr(0, open);
  if (head.ends_with(')')) {
    const std::size_t paren = head.rfind('(');
    if (paren == std::string_view::npos) return std::nullopt;
    w.symbol = head.substr(paren + 1, head.size() - paren - 2);
    const std::optional<ModuleAddress> form = symbol_form(w.symbol);
    if (!form) return std::nullopt;
    w.form = *form;
    head = head.substr(0, paren);
    w.in_module = true;  // a symbol is always printed with its object
  }
  if (head.ends_with(':')) {
    w.in_module = true;
    w.module = head.substr(0, head.size() - 1);
  } else if (!head.empty()) {
    return std::nullopt;
  }
  return w;
}

std::string_view trim_end(std::string_view text) {
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// A bare operation line of a trace: "- 0x..." or "+ (nil) ..." (no caller).
bool looks_like_bare_operation(std::string_view line) {
  return line.size() > 2 && is_operation(line[0]) && line[1] == ' ' &&
         (line.substr(2).starts_with("0x") || line.substr(2).starts_with("(nil)"));
}

}  // namespace

void MtraceParser::begin_trace(SourcePos pos, EventSink& sink) {
  if (before_trace_) before_trace_(pos);
  input_ = pos.input;
  live_.clear();
  sink.on_event(BootEvent{pos, {}, {}, BootMarker::log});
  sink.on_event(TraceStartEvent{pos, "glibc mtrace", 0, {}});
}

bool MtraceParser::feed(std::string_view line, SourcePos pos, EventSink& sink) {
  line = trim_end(line);
  if (line == "= Start") {
    // A second "= Start" in one input (mtrace() called again) continues its boot, as the
    // script reads one file as one trace.
    if (!in_trace(pos)) begin_trace(pos, sink);
    return true;
  }
  if (line == "= End") return in_trace(pos);

  std::string_view where;
  std::string_view rest = line;
  const bool has_where = line.starts_with("@ ");
  if (has_where) {
    // The object's path may hold blanks; the operation after the caller holds no "] ".
    // Without one, nothing parses below: a malformed line inside a trace.
    const std::size_t end = line.rfind("] ");
    where = end == std::string_view::npos ? std::string_view() : line.substr(2, end - 1);
    rest = end == std::string_view::npos ? std::string_view() : line.substr(end + 2);
  } else if (!in_trace(pos) || !looks_like_bare_operation(line)) {
    return false;
  }
  const std::optional<Operation> op = parse_operation(rest);
  const std::optional<Where> w = has_where ? parse_where(where) : std::optional<Where>(Where{});
  if (!op || !w) {
    if (!in_trace(pos)) return false;  // someone else's "@ ..." line
    sink.on_event(SkipEvent{pos, SkipKind::malformed_record,
                            fmt::format("glibc mtrace line that does not parse: \"{}\"",
                                        line.substr(0, 80))});
    return true;
  }
  if (!in_trace(pos)) begin_trace(pos, sink);

  std::vector<std::uint64_t> callers;
  if (has_where && !w->in_module) {
    callers.push_back(w->address);  // dladdr knew no object: an absolute address
  } else if (has_where) {
    auto it = frame_keys_.find(where);
    if (it == frame_keys_.end()) {
      it = frame_keys_.emplace(where, module_frame_key_bit | frame_keys_.size()).first;
      sink.on_event(ModuleFrameEvent{pos, it->second, std::string(w->module), w->address, w->form,
                                     std::string(w->symbol)});
    }
    callers.push_back(it->second);
  }
  apply(op->op, op->block, op->size, std::move(callers), pos, sink);
  return true;
}

void MtraceParser::apply(char op, std::uint64_t block, std::uint64_t size,
                         std::vector<std::uint64_t>&& callers, SourcePos pos, EventSink& sink) {
  auto anomaly = [&](HeapAnomalyKind kind, std::uint64_t anomaly_size) {
    sink.on_event(HeapAnomalyEvent{pos, kind, block, anomaly_size, std::move(callers)});
  };
  auto alloc = [&](std::uint64_t address) {
    AllocEvent a;
    a.pos = pos;
    a.address = address;
    a.size = size;
    a.callers = std::move(callers);
    sink.on_event(std::move(a));
  };
  if (op == '!' || ((op == '+' || op == '>') && block == 0)) {
    alloc(0);  // malloc returned NULL, or realloc failed (its old block stays as it was)
  } else if (op == '+' || op == '>') {
    if (live_.insert(block).second)
      alloc(block);
    else  // the script keeps the first allocation, and so do we
      anomaly(op == '+' ? HeapAnomalyKind::duplicate_alloc : HeapAnomalyKind::duplicate_realloc,
              size);
  } else if (live_.erase(block) > 0) {  // '-' or '<'
    FreeEvent f;
    f.pos = pos;
    f.address = block;
    f.callers = std::move(callers);
    sink.on_event(std::move(f));
  } else {
    anomaly(op == '-' ? HeapAnomalyKind::unknown_free : HeapAnomalyKind::unknown_realloc, 0);
  }
}

}  // namespace leakscope
