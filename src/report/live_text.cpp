#include "leakscope/report/live_text.hpp"

#include <algorithm>
#include <ostream>

#include <fmt/format.h>

namespace leakscope {

namespace {

// ANSI select-graphic-rendition codes, one per kind of line.
constexpr const char* plain = "";
constexpr const char* bold = "1";
constexpr const char* dim = "2";
constexpr const char* warn = "33";

struct Line {
  std::string text;
  const char* sgr = plain;
};

// The first `columns` characters (UTF-8 code points; a device's names are mostly ASCII).
std::string cut(const std::string& text, std::size_t columns) {
  std::size_t seen = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool starts_char = (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
    if (starts_char && seen++ == columns) return text.substr(0, i);
  }
  return text;
}

std::string uptime(double seconds) {
  const auto s = static_cast<std::uint64_t>(std::max(seconds, 0.0));
  return fmt::format("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
}

std::string plural(std::uint64_t n, std::string_view one, std::string_view many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

// "function file:line", degrading to what is known.
std::string site_name(const SiteGroup& site) {
  if (site.address == 0 && site.stack->empty()) return "(no callers recorded)";
  if (site.function.empty() && site.file.empty()) return fmt::format("{:#010x}", site.address);
  const std::string function = site.function.empty() ? "??" : site.function;
  if (site.file.empty()) return function;
  return fmt::format("{} {}:{}", function, site.file, site.line);
}

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

std::string heap_line(const LiveHeap& heap) {
  const HeapSampleEvent& h = heap.last;
  std::string text = fmt::format("heap {}:", h.heap.empty() ? "(default)" : h.heap);
  if (h.free) text += fmt::format(" {} free", *h.free);
  if (heap.free_change != 0) text += fmt::format(" ({:+})", heap.free_change);
  if (h.min_free) text += fmt::format("{} min {}", h.free ? "," : "", *h.min_free);
  if (h.largest_free) text += fmt::format(", largest block {}", *h.largest_free);
  if (h.total) text += fmt::format(" of {}", *h.total);
  return text;
}

std::string marker_line(const MarkerEvent& m) {
  switch (m.kind) {
    case MarkerKind::cycle_begin: return fmt::format("marker: cycle {} begins {}", m.number, m.text);
    case MarkerKind::cycle_end: return fmt::format("marker: cycle {} ends {}", m.number, m.text);
    case MarkerKind::note: break;
  }
  return "marker: " + m.text;
}

// Lines above the lists: which boot, how much is live, heaps, what is wrong.
std::vector<Line> head(const LiveSnapshot& s) {
  std::vector<Line> lines;
  std::string title = "leakscope live · " + uptime(s.uptime_seconds);
  if (!s.boot) {
    lines.push_back({title + " · waiting for heap trace evidence", bold});
    return lines;
  }
  const BootReport& b = *s.boot;
  title += fmt::format(" · boot {}", b.index);
  if (!b.reset_reason.empty()) title += " · " + b.reset_reason;
  if (b.elf.match != ElfMatch::none) title += fmt::format(" · ELF {}", elf_match_name(b.elf.match));
  lines.push_back({title, bold});
  lines.push_back({fmt::format("live {} in {} · since boot start {:+} bytes, {:+} allocations",
                               plural(b.leaks.bytes, "byte", "bytes"),
                               plural(b.leaks.count, "allocation", "allocations"), s.growth_bytes,
                               s.growth_count)});
  for (const LiveHeap& heap : s.heaps) lines.push_back({heap_line(heap)});
  if (s.last_marker) lines.push_back({marker_line(*s.last_marker)});
  if (s.dump_in_progress)
    lines.push_back({"reading a heap trace dump: figures are the previous dump's", warn});
  if (s.lost_records > 0)
    lines.push_back({plural(s.lost_records, "trace record lost", "trace records lost"), warn});
  for (const std::string& reason : b.incomplete_reasons) lines.push_back({"! " + reason, warn});
  return lines;
}

Line footer(const LiveSnapshot& s) {
  return {fmt::format("read {} · {} · {} · {} skipped", plural(s.read.lines, "line", "lines"),
                      plural(s.read.allocs, "alloc", "allocs"), plural(s.read.frees, "free", "frees"),
                      s.read.skipped),
          dim};
}

// How many of `items` a list shows in `room` rows: it needs a blank line and a header, and a
// "more" line when it cannot show them all.
std::size_t shown(std::size_t items, std::size_t cap, std::size_t room) {
  if (items == 0 || room < 3) return 0;
  std::size_t n = std::min({items, cap, room - 2});
  if (n < items && n + 3 > room) --n;
  return n;
}

std::size_t rows_of(std::size_t items, std::size_t n) {
  if (n == 0) return 0;
  return 2 + n + (n < items ? 1 : 0);
}

template <class Group, class Describe>
void list(std::vector<Line>& lines, const std::vector<Group>& groups, std::size_t n,
          const char* title, const char* more, Describe describe) {
  if (n == 0) return;
  lines.push_back({});
  lines.push_back({fmt::format("{:>9} {:>6}  {}", "BYTES", "COUNT", title), dim});
  for (std::size_t i = 0; i < n; ++i) {
    const Group& g = groups[i];
    lines.push_back({fmt::format("{:>9} {:>6}  {}", g.stats.bytes, g.stats.count, describe(g))});
  }
  if (n < groups.size())
    lines.push_back({fmt::format("{:>9} {:>6}  +{} more {}", "", "", groups.size() - n, more), dim});
}

}  // namespace

std::vector<std::string> render_live_text(const LiveSnapshot& s, const LiveTextStyle& style) {
  std::vector<Line> lines = head(s);
  if (s.boot) {
    const LeakSummary& leaks = s.boot->leaks;
    // The last row stays free for the cursor; sites get the room tasks leave them.
    const std::size_t rows = std::max<std::size_t>(style.height, 2) - 1;
    const std::size_t used = lines.size() + 1;
    const std::size_t room = rows > used ? rows - used : 0;
    const std::size_t n_sites = leaks.by_site.size();
    const std::size_t n_tasks = leaks.by_task.size();
    const bool both_fit = rows_of(n_sites, std::min(n_sites, style.max_sites)) +
                              rows_of(n_tasks, std::min(n_tasks, style.max_tasks)) <= room;
    const std::size_t tasks = shown(n_tasks, style.max_tasks, both_fit ? room : room / 3);
    const std::size_t sites = shown(n_sites, style.max_sites, room - rows_of(n_tasks, tasks));
    list(lines, leaks.by_site, sites, "CALL SITE  [TASKS]", "call sites", [](const SiteGroup& g) {
      return site_name(g) + "  [" + joined(g.tasks) + "]";
    });
    list(lines, leaks.by_task, tasks, "TASK", "tasks", [](const TaskGroup& g) { return g.task; });
  }
  lines.push_back(footer(s));

  const std::size_t columns = std::max<std::size_t>(style.width, 2) - 1;
  std::vector<std::string> out;
  for (const Line& line : lines) {
    std::string text = cut(line.text, columns);
    if (style.color && *line.sgr != '\0') text = fmt::format("\x1b[{}m{}\x1b[0m", line.sgr, text);
    out.push_back(std::move(text));
  }
  if (out.size() >= style.height && style.height > 1) out.resize(style.height - 1);
  return out;
}

// Back to the first line drawn: the cursor sits at the start of the line below the last one
// (or after a "^C" the terminal echoed there).
void LiveScreen::rewind(std::ostream& out) const {
  out << '\r';
  if (drawn_ > 0) out << "\x1b[" << drawn_ << 'A';
}

void LiveScreen::draw(const std::vector<std::string>& lines, std::ostream& out) {
  rewind(out);
  for (const std::string& line : lines) out << line << "\x1b[K\n";  // clear what remains of the old line
  out << "\x1b[J";  // and the old lines below, when the new summary is shorter
  drawn_ = lines.size();
}

void LiveScreen::clear(std::ostream& out) {
  rewind(out);
  out << "\x1b[J";
  drawn_ = 0;
}

}  // namespace leakscope
