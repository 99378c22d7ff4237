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
    : LogScanner(sink, ScanOptions{max_line, {}, {}}) {}

LogScanner::LogScanner(EventSink& sink, ScanOptions options)
    : sink_(sink),
      max_line_(options.max_line),
      mtrace_([this](SourcePos pos) {
        flush_pending_boot();
        end_records(pos);  // an mtrace input starts a boot of its own
      }),
      trace_events_(sink),
      trace_lines_(trace_events_),
      log_lines_(std::move(options.log_lines)) {
  if (options.records) records_.emplace(std::move(*options.records));
}

void LogScanner::scan(ByteSource& source, std::uint32_t input_index) {
  LineReader reader(source, max_line_);
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
    handle_line(cleaner_.clean(raw.bytes), pos);
  }
}

void LogScanner::handle_line(const CleanLine& line, SourcePos pos) {
  const std::string_view text = line.text;
  if (text.empty()) {
    ++stats_.blank;
    return;
  }
  if (handle_boot_line(text, pos)) {
    ++stats_.boot;
    return;
  }
  flush_pending_boot();
  // The user's record patterns first: their lines may look like anything, esp_log lines too.
  if (records_ && records_->feed(text, pos, sink_)) {
    ++stats_.records;
    return;
  }
  if (mtrace_.feed(text, pos, sink_)) {
    ++stats_.heap_trace;
    return;
  }
  if (auto trace = find_trace_text(text)) {
    ++stats_.trace;
    trace_lines_.decode(*trace, pos);
    return;
  }
  if (heap_trace_.feed(text, pos, sink_)) {
    ++stats_.heap_trace;
    return;
  }
  if (log_lines_.heap_samples(line, pos, sink_)) {
    ++stats_.heap_telemetry;
    return;
  }
  if (EspLogLine log; parse_esp_log_line(text, log)) {
    if (parse_elf_identity_log(log, pos, sink_)) {
      ++stats_.elf_sha256;
    } else {
      ++stats_.log;
      log_lines_.message(line, pos, sink_, &log);
    }
    return;
  }
  if (is_monitor_annotation(text)) {
    ++stats_.monitor;
    return;
  }
  if (parse_elf_identity_panic(text, pos, sink_)) {
    ++stats_.elf_sha256;
    return;
  }
  if (split_log_message(text).flavor != LogFlavor::none) {
    log_message(line, pos);  // Particle, Zephyr
    return;
  }
  // Still a line the device printed (panic output, a bare printf): a message all the same.
  if (log_lines_.message(line, pos, sink_))
    ++stats_.crash;
  else
    not_understood(pos);
}

void LogScanner::log_message(const CleanLine& line, SourcePos pos) {
  ++stats_.log;
  log_lines_.message(line, pos, sink_);
}

bool LogScanner::handle_boot_line(std::string_view text, SourcePos pos) {
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

void LogScanner::not_understood(SourcePos pos) {
  ++stats_.not_understood;
  if (stats_.first_not_understood.size() < LineStats::max_examples)
    stats_.first_not_understood.push_back(pos);
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
