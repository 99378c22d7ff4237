#include "leakscope/ingest/log_scanner.hpp"

#include "leakscope/ingest/boot_marker.hpp"
#include "leakscope/ingest/elf_identity.hpp"
#include "leakscope/ingest/line_reader.hpp"
#include "leakscope/ingest/log_line.hpp"
#include "leakscope/ingest/log_message.hpp"

namespace leakscope {

namespace {

// A reset line this close after a banner belongs to the same boot.
constexpr std::uint64_t boot_block_lines = 4;

}  // namespace

LogScanner::LogScanner(EventSink& sink, std::size_t max_line)
    : LogScanner(sink, ScanOptions{max_line, {}, {}, {}}) {}

LogScanner::LogScanner(EventSink& sink, ScanOptions options)
    : sink_(sink),
      max_line_(options.max_line),
      mtrace_([this](SourcePos pos) {
        flush_pending_boot();
        end_records(pos);  // an mtrace input starts a boot of its own
      }),
      trace_events_(sink),
      trace_lines_(trace_events_),
      log_lines_(std::move(options.log_lines)),
      hints_(std::move(options.hints)) {
  if (options.records) records_.emplace(std::move(*options.records));
}

InputLineTally LogScanner::scan(ByteSource& source, std::uint32_t input_index) {
  LineReader reader(source, max_line_);
  InputLineTally tally;
  allowed_ = allowed_line_formats(hint(input_index));
  RawLine raw;
  while (reader.next(raw)) {
    const SourcePos pos{input_index, raw.number};
    last_pos_ = pos;
    ++stats_.read;
    if (lines_since_boot_marker_ != UINT64_MAX) ++lines_since_boot_marker_;
    if (raw.truncated) {
      ++stats_.overlong;
      sink_.on_event(SkipEvent{pos, SkipKind::overlong_line,
                               "line longer than " + std::to_string(max_line_) + " bytes"});
      continue;
    }
    const CleanLine line = cleaner_.clean(raw.bytes);
    if (line.text.empty()) {
      ++stats_.blank;
    } else if (const std::optional<LineFormat> format = handle_line(line, pos)) {
      count(*format);
      tally.line(*format, pos.line);
    } else {
      ++stats_.not_understood;
      if (stats_.first_not_understood.size() < LineStats::max_examples)
        stats_.first_not_understood.push_back(pos);
      tally.not_understood(pos.line, line.text);
    }
  }
  return tally;
}

void LogScanner::count(LineFormat format) {
  switch (format) {
    case LineFormat::boot: ++stats_.boot; return;
    case LineFormat::esp_idf_heap_trace:
    case LineFormat::mtrace: ++stats_.heap_trace; return;
    case LineFormat::lstrace: ++stats_.trace; return;
    case LineFormat::records: ++stats_.records; return;
    case LineFormat::heap_telemetry: ++stats_.heap_telemetry; return;
    case LineFormat::esp_log:
    case LineFormat::particle_log:
    case LineFormat::zephyr_log: ++stats_.log; return;
    case LineFormat::elf_sha256: ++stats_.elf_sha256; return;
    case LineFormat::crash: ++stats_.crash; return;
    case LineFormat::monitor: ++stats_.monitor; return;
  }
}

std::optional<LineFormat> LogScanner::handle_line(const CleanLine& line, SourcePos pos) {
  const std::string_view text = line.text;
  const auto on = [this](LineFormat format) { return allowed_.has(format); };
  if (on(LineFormat::boot) && handle_boot_line(text, pos)) return LineFormat::boot;
  flush_pending_boot();
  // The user's record patterns first: their lines may look like anything, esp_log lines too.
  if (records_ && on(LineFormat::records) && records_->feed(text, pos, sink_))
    return LineFormat::records;
  if (on(LineFormat::mtrace) && mtrace_.feed(text, pos, sink_)) return LineFormat::mtrace;
  if (on(LineFormat::lstrace)) {
    if (auto trace = find_trace_text(text)) {
      trace_lines_.decode(*trace, pos);
      return LineFormat::lstrace;
    }
  }
  if (on(LineFormat::esp_idf_heap_trace) && heap_trace_.feed(text, pos, sink_))
    return LineFormat::esp_idf_heap_trace;
  if (on(LineFormat::heap_telemetry) && log_lines_.heap_samples(line, pos, sink_))
    return LineFormat::heap_telemetry;
  if (EspLogLine log; on(LineFormat::esp_log) && parse_esp_log_line(text, log)) {
    if (parse_elf_identity_log(log, pos, sink_)) return LineFormat::elf_sha256;
    log_lines_.message(line, pos, sink_, &log);
    return LineFormat::esp_log;
  }
  if (on(LineFormat::monitor) && is_monitor_annotation(text)) return LineFormat::monitor;
  if (on(LineFormat::elf_sha256) && parse_elf_identity_panic(text, pos, sink_))
    return LineFormat::elf_sha256;
  switch (split_log_message(text).flavor) {
    case LogFlavor::esp_idf:  // a shape parse_esp_log_line leaves to the message splitter
      if (!on(LineFormat::esp_log)) break;
      log_lines_.message(line, pos, sink_);
      return LineFormat::esp_log;
    case LogFlavor::particle:
      if (!on(LineFormat::particle_log)) break;
      log_lines_.message(line, pos, sink_);
      return LineFormat::particle_log;
    case LogFlavor::zephyr:
      if (!on(LineFormat::zephyr_log)) break;
      log_lines_.message(line, pos, sink_);
      return LineFormat::zephyr_log;
    case LogFlavor::none:
      break;
  }
  // Still a line the device printed (panic output, a bare printf): a message all the same.
  if (on(LineFormat::crash) && log_lines_.message(line, pos, sink_)) return LineFormat::crash;
  return std::nullopt;
}

bool LogScanner::handle_boot_line(std::string_view line, SourcePos pos) {
  const std::string_view text = without_reset_noise(line);
  switch (classify_boot_line(text)) {
    case BootLine::rom_banner:
      if (pending_boot_ && lines_since_boot_marker_ <= boot_block_lines) return true;  // "Build:"
      flush_pending_boot();
      end_records(pos);  // a reboot cuts any dump short
      pending_boot_ = BootEvent{pos, std::string(text), {}};
      lines_since_boot_marker_ = 0;
      return true;
    case BootLine::reset_reason:
      if (pending_boot_) {
        pending_boot_->reset_reason = std::string(reset_reason(text));
        flush_pending_boot();
      } else if (lines_since_boot_marker_ > boot_block_lines) {
        end_records(pos);
        sink_.on_event(BootEvent{pos, {}, std::string(reset_reason(text))});
      }
      lines_since_boot_marker_ = 0;
      return true;
    case BootLine::chatter:
      return true;
    case BootLine::none:
      break;
  }
  return false;
}

void LogScanner::flush_pending_boot() {
  if (!pending_boot_) return;
  sink_.on_event(std::move(*pending_boot_));
  pending_boot_.reset();
}

void LogScanner::end_records(SourcePos pos) {
  heap_trace_.finish(pos, sink_);
  if (records_) records_->reboot(sink_);
}

void LogScanner::finish() {
  flush_pending_boot();
  end_records(last_pos_);
}

}  // namespace leakscope
