#include "leakscope/ingest/esp_idf_heap_trace.hpp"

#include "leakscope/ingest/cursor.hpp"

namespace leakscope {

namespace {

constexpr std::string_view v5_terminator = "================================";

// "0x1:0x2:..." as printed by the "%p%s" loop; stops at the first token that is not an address.
// Zero entries (unused depth slots, NULL from the ROM printer) are dropped. Returns false when
// nothing matched.
bool parse_address_list(Cursor& c, std::vector<std::uint64_t>& out) {
  bool any = false;
  for (;;) {
    std::uint64_t address = 0;
    if (!c.hex(address)) break;
    any = true;
    if (address != 0) out.push_back(address);
    if (!c.literal(":")) break;
  }
  return any;
}

}  // namespace

bool EspIdfHeapTraceParser::feed(std::string_view line, SourcePos pos, EventSink& sink) {
  if (after_summary_ && !line.starts_with("(NB: ")) end_dump(pos, true, sink);
  if (parse_header(line, pos, sink)) return true;
  if (parse_record(line, pos, sink)) return true;
  if (!in_dump_) return line == "no data, heap tracing is disabled.";
  if (parse_freed_by(line, pos)) return true;
  if (parse_caller_continuation(line)) return true;
  return parse_summary(line, pos, sink);
}

bool EspIdfHeapTraceParser::parse_header(std::string_view line, SourcePos pos, EventSink& sink) {
  SnapshotBegin begin;
  begin.pos = pos;
  Cursor c(line);
  if (c.number(begin.records_declared) && c.literal(" allocations trace (") &&
      c.number(begin.capacity) && c.literal(" entry buffer)") && c.at_end()) {
    begin.layout = DumpLayout::esp_idf_v4;
  } else if (Cursor v5(line); v5.literal("====== Heap Trace: ") &&
             v5.number(begin.records_declared) && v5.literal(" records (") &&
             v5.number(begin.capacity) && v5.literal(" capacity) ======") && v5.at_end()) {
    begin.layout = DumpLayout::esp_idf_v5;
  } else {
    return false;
  }
  if (in_dump_) end_dump(pos, false, sink);  // a new dump began before the last one ended
  in_dump_ = true;
  layout_ = begin.layout;
  end_ = SnapshotEnd{};
  sink.on_event(std::move(begin));
  return true;
}

void EspIdfHeapTraceParser::begin_implicit_dump(SourcePos pos, DumpLayout layout,
                                                EventSink& sink) {
  SnapshotBegin begin;
  begin.pos = pos;
  begin.layout = layout;
  begin.header_seen = false;
  in_dump_ = true;
  layout_ = layout;
  end_ = SnapshotEnd{};
  sink.on_event(std::move(begin));
}

bool EspIdfHeapTraceParser::parse_record(std::string_view line, SourcePos pos, EventSink& sink) {
  Cursor c(line);
  c.spaces();
  const bool indented = c.position() > 0;  // v5's "%6d"
  Pending record;
  AllocEvent& alloc = record.alloc;
  alloc.pos = pos;
  if (!c.number(alloc.size) || !c.literal(" bytes (@ ")) return false;

  // From here on the line is certainly a trace record; a mismatch is a malformed record.
  auto malformed = [&](std::string_view what) {
    sink.on_event(SkipEvent{pos, SkipKind::malformed_record, std::string(what)});
    return true;
  };
  std::uint64_t cpu = 0;
  std::uint64_t ccount = 0;
  if (!c.hex(alloc.address)) return malformed("heap trace record without a block address");
  if (c.literal(",")) {
    c.spaces();
    std::string_view label;
    const std::size_t close = c.rest().find(')');
    if (close == std::string_view::npos) return malformed("heap trace record with no ')'");
    label = c.rest().substr(0, close);
    alloc.heap = std::string(label);
    c.literal(label);
  }
  if (!c.literal(") allocated CPU ") || !c.number(cpu) || !c.literal(" ccount "))
    return malformed("heap trace record without CPU/ccount fields");
  const std::size_t ccount_start = c.position();
  if (!c.hex(ccount)) return malformed("heap trace record without CPU/ccount fields");
  alloc.cpu = static_cast<std::uint32_t>(cpu);
  alloc.time = ccount;
  // ccount is always "0x%08x": fewer digits, or text that is no known field, means other
  // output cut the line. Size and address are intact, so the record is kept; its callers may
  // follow on a later line.
  const std::string_view tail = c.rest();
  if (c.position() - ccount_start != 10 ||
      !(tail.empty() || tail.starts_with(" task ") || tail.starts_with(" caller") ||
        tail == " freed")) {
    record.callers_cut = true;
    c = Cursor(std::string_view{});
  }

  std::string task_name;
  if (c.literal(" task ")) {
    std::uint64_t task = 0;
    if (!c.hex(task)) return malformed("heap trace record with a bad task handle");
    alloc.task = task;
    std::string_view rest = c.rest();
    std::size_t name_end = rest.find(" caller");
    if (name_end == std::string_view::npos) name_end = rest.size();
    if (rest.substr(0, name_end) == " freed") name_end = 0;
    if (name_end > 1 && rest[0] == ' ') {
      std::string_view name = rest.substr(1, name_end - 1);
      if (name.size() >= 2 && (name.front() == '(' || name.front() == '\'' || name.front() == '"'))
        name = name.substr(1, name.size() - 2);
      task_name = std::string(name);
      c.literal(rest.substr(0, name_end));
    }
  }
  bool freed = false;
  if (c.literal(" caller")) {
    if (c.literal(" ")) {
      const std::size_t before = alloc.callers.size();
      parse_address_list(c, alloc.callers);
      if (!c.at_end() && c.rest() != " freed") {
        // Another task's output landed inside the caller list (v4-era printf); the last
        // address may be cut short, and the rest of the list may come on a later line.
        if (alloc.callers.size() > before && c.peek() != ' ') alloc.callers.pop_back();
        record.callers_cut = true;
      }
    }
  }
  if (c.rest() == " freed") freed = true;

  if (!in_dump_) {
    begin_implicit_dump(pos, indented || !alloc.heap.empty() ? DumpLayout::esp_idf_v5
                                                             : DumpLayout::esp_idf_v4,
                        sink);
  }
  flush_record(sink);
  if (alloc.task && !task_name.empty())
    sink.on_event(TaskNameEvent{pos, *alloc.task, std::move(task_name)});
  if (freed) record.free = FreeEvent{pos, alloc.address, {}, {}, {}};
  pending_ = std::move(record);
  return true;
}

bool EspIdfHeapTraceParser::parse_freed_by(std::string_view line, SourcePos pos) {
  Cursor c(line);
  if (!pending_) return false;  // an orphan "freed by" is left to the scanner as not understood
  std::uint64_t freeing_task = 0;
  const bool freed_by = c.literal("freed by ");
  // OVMS-style "freed task 0x... by ...": the freeing task is not needed for leak analysis.
  if (!freed_by && !(c.literal("freed task ") && c.hex(freeing_task) && c.literal(" by ")))
    return false;
  FreeEvent free;
  free.pos = pos;
  free.address = pending_->alloc.address;
  parse_address_list(c, free.callers);
  pending_->free = std::move(free);
  return true;
}

bool EspIdfHeapTraceParser::parse_caller_continuation(std::string_view line) {
  if (!pending_ || !pending_->callers_cut) return false;
  Cursor c(line);
  std::vector<std::uint64_t> more;
  if (!parse_address_list(c, more)) return false;
  c.literal(" freed");
  if (!c.at_end()) return false;
  auto& callers = pending_->alloc.callers;
  callers.insert(callers.end(), more.begin(), more.end());
  pending_->callers_cut = false;
  return true;
}

bool EspIdfHeapTraceParser::parse_summary(std::string_view line, SourcePos pos,
                                          EventSink& sink) {
  Cursor c(line);
  std::uint64_t a = 0;
  std::uint64_t b = 0;
  if (line.starts_with("(NB: ")) {
    if (line.find("overflowed") != std::string_view::npos) end_.overflowed = true;
    if (line.find("duplicate") != std::string_view::npos) end_.duplicates_possible = true;
    return true;
  }
  if (line == "====== Heap Trace Summary ======" || line == "Mode: Heap Trace Leaks" ||
      line == "Mode: Heap Trace All" || line.starts_with("records: ") ||
      line.starts_with("hashmap: ")) {
    flush_record(sink);
    if (line == "Mode: Heap Trace Leaks") end_.mode = "leaks";
    if (line == "Mode: Heap Trace All") end_.mode = "all";
    return true;
  }
  if (c.number(a)) {
    std::uint64_t records = 0;
    if (c.literal(" bytes 'leaked' in trace (") && c.number(b) && c.literal(" allocations)")) {
      end_.mode = "leaks";
      end_.reported_records = b;  // in leaks mode every record is live
    } else if (Cursor all(line); all.number(a) && all.literal(" bytes alive in trace (") &&
               all.number(b) && all.literal("/") && all.number(records)) {
      end_.mode = "all";
      end_.reported_records = records;
    } else {
      return false;
    }
    flush_record(sink);
    end_.reported_bytes = a;
    end_.reported_count = b;
    return true;
  }
  if (c.literal("total allocations ") && c.number(a) && c.literal(" total frees ") &&
      c.number(b) && c.at_end()) {
    end_.total_allocations = a;
    end_.total_frees = b;
    flush_record(sink);
    after_summary_ = true;  // v4 layout: only NB lines may follow
    return true;
  }
  if (Cursor v5(line); v5.literal("total allocations: ") && v5.number(a) && v5.at_end()) {
    end_.total_allocations = a;
    return true;
  }
  if (Cursor v5(line); v5.literal("total frees: ") && v5.number(a) && v5.at_end()) {
    end_.total_frees = a;
    return true;
  }
  if (line.starts_with("Error: heap trace linked list is corrupt")) {
    end_.list_corrupt = true;
    return true;
  }
  if (line == v5_terminator) {
    end_dump(pos, true, sink);
    return true;
  }
  return false;
}

void EspIdfHeapTraceParser::flush_record(EventSink& sink) {
  if (!pending_) return;
  if (pending_->callers_cut)
    sink.on_event(SkipEvent{pending_->alloc.pos, SkipKind::damaged_record,
                            "record kept, its caller list was cut by other output"});
  std::optional<FreeEvent> free = std::move(pending_->free);
  sink.on_event(std::move(pending_->alloc));
  if (free) sink.on_event(std::move(*free));
  pending_.reset();
}

void EspIdfHeapTraceParser::end_dump(SourcePos pos, bool complete, EventSink& sink) {
  flush_record(sink);
  end_.pos = pos;
  end_.complete = complete;
  sink.on_event(std::move(end_));
  end_ = SnapshotEnd{};
  in_dump_ = false;
  after_summary_ = false;
}

void EspIdfHeapTraceParser::finish(SourcePos pos, EventSink& sink) {
  if (in_dump_) end_dump(pos, after_summary_, sink);
}

}  // namespace leakscope
