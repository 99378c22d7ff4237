#include "convert_command.hpp"

#include <fstream>
#include <map>
#include <ostream>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "leakscope/ingest/input_carrier.hpp"
#include "leakscope/ingest/line_reader.hpp"
#include "leakscope/ingest/trace_codec.hpp"
#include "leakscope/ingest/trace_input.hpp"
#include "leakscope/ingest/trace_jsonl_reader.hpp"
#include "leakscope/report/trace_jsonl_writer.hpp"

namespace leakscope {

CLI::App* add_convert_command(CLI::App& parent, ConvertOptions& o) {
  CLI::App* cmd = parent.add_subcommand(
      "convert", "Convert a binary trace (raw, ring image or LSTRACE lines) to JSON Lines, and back");
  cmd->add_option("input", o.input, "Trace or JSON Lines file ('-' or none: stdin)");
  cmd->add_option("-o,--output", o.output, "Write to FILE instead of stdout");
  cmd->add_option("--to", o.to,
                  "Output format (default: jsonl for a binary trace, binary for JSON Lines)")
      ->check(CLI::IsMember({"jsonl", "binary"}));
  return cmd;
}

namespace {

// Where the input went wrong: counts per kind of problem, with the first place and detail.
class Problems {
 public:
  void add(std::string_view kind, std::string_view where, std::string_view detail) {
    Entry& e = entries_[std::string(kind)];
    if (e.count++ == 0) e.first = fmt::format("{}: {}", where, detail);
  }
  void print(std::ostream& err, const std::string& input) const {
    for (const auto& [kind, e] : entries_)
      err << fmt::format("leakscope: {}: {} {} (first at {})\n", input, e.count, kind, e.first);
  }

 private:
  struct Entry {
    std::uint64_t count = 0;
    std::string first;
  };
  std::map<std::string, Entry> entries_;
};

std::string where(SourcePos pos) {
  return pos.line > 0 ? fmt::format("line {}", pos.line) : fmt::format("byte {}", pos.offset);
}

// Writes each record as JSON Lines or as a frame; counts what could not be written.
class RecordWriter {
 public:
  RecordWriter(std::ostream& out, bool jsonl, Problems& problems)
      : out_(out), jsonl_(jsonl), problems_(problems) {}

  void write(const TraceRecord& record, SourcePos pos) {
    if (jsonl_) {
      out_ << trace_record_jsonl(record);
    } else if (Result<std::string> frame = encode_record(record); frame) {
      out_.write(frame->data(), static_cast<std::streamsize>(frame->size()));
    } else {
      problems_.add("records that cannot be encoded", where(pos), frame.error().message);
      return;
    }
    ++written_;
  }
  std::uint64_t written() const { return written_; }

 private:
  std::ostream& out_;
  bool jsonl_;
  Problems& problems_;
  std::uint64_t written_ = 0;
};

// Frames of a binary carrier -> records, with the reader's version rule: the recording after a
// HEADER of another major version is refused up to the next readable HEADER.
class FrameConverter final : public FrameSink {
 public:
  FrameConverter(RecordWriter& writer, Problems& problems) : writer_(writer), problems_(problems) {}

  void on_frame(const TraceFrame& frame) override {
    if (std::uint64_t major = 0, minor = 0;
        frame.type == record_type::header && read_header_version(frame.payload, major, minor)) {
      refused_ = major != trace_format::version_major;
      if (refused_) problems_.add("unreadable recordings", where(frame.pos), unsupported_version_text(major, minor));
    }
    if (refused_) {
      problems_.add("frames skipped in unreadable recordings", where(frame.pos), "not converted");
      return;
    }
    Result<TraceRecord> record = decode_record(frame.type, frame.seq, frame.payload);
    if (!record) {
      problems_.add("malformed records", where(frame.pos), record.error().message);
      return;
    }
    writer_.write(*record, frame.pos);
  }

  void on_damage(const FrameDamage& damage) override {
    problems_.add(damage.kind == FrameDamageKind::unsynced ? "runs of bytes outside frames" : "damaged frames",
                  where(damage.pos), damage_text(damage));
  }

 private:
  RecordWriter& writer_;
  Problems& problems_;
  bool refused_ = false;
};

// Big enough for a record of 64 addresses written with generous spacing.
constexpr std::size_t max_jsonl_line = 64 * 1024;

void convert_jsonl(ByteSource& source, RecordWriter& writer, Problems& problems) {
  LineReader reader(source, max_jsonl_line);
  RawLine line;
  while (reader.next(line)) {
    const SourcePos pos{0, line.number, 0};
    if (line.truncated) {
      problems.add("overlong lines", where(pos), fmt::format("over {} bytes", max_jsonl_line));
      continue;
    }
    if (line.bytes.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    Result<TraceRecord> record = parse_trace_jsonl(line.bytes);
    if (!record) {
      problems.add("lines that are no trace record", where(pos), record.error().message);
      continue;
    }
    writer.write(*record, pos);
  }
}

}  // namespace

int run_convert(const ConvertOptions& o, Io& io) {
  auto source = open_input(o.input, io.stdin_fd);
  if (!source) {
    *io.err << "leakscope: " << source.error().message << '\n';
    return exit_usage_error;
  }
  const std::string name = (*source)->name();
  InputPeek peek = peek_carrier(**source);
  if (peek.carrier == Carrier::sysview || peek.carrier == Carrier::sysview_json) {
    *io.err << "leakscope: " << name << ": a SystemView capture (ESP-IDF host-based heap tracing): "
                                        "`leakscope analyze` reads it; convert reads leakscope traces\n";
    return exit_usage_error;
  }
  const bool jsonl_input = peek.carrier == Carrier::text && looks_like_jsonl(peek.head);
  const std::string to = !o.to.empty() ? o.to : jsonl_input ? "binary" : "jsonl";

  std::ofstream file;
  std::ostream* out = io.out;
  if (!o.output.empty() && o.output != "-") {
    file.open(o.output, std::ios::binary | std::ios::trunc);
    if (!file) {
      *io.err << "leakscope: " << o.output << ": cannot write\n";
      return exit_usage_error;
    }
    out = &file;
  }
  Problems problems;
  RecordWriter writer(*out, to == "jsonl", problems);
  FrameConverter frames(writer, problems);
  std::string carrier(carrier_name(peek.carrier));
  if (jsonl_input) {
    carrier = "JSON Lines";
    convert_jsonl(*replay_source(std::move(peek.head), **source), writer, problems);
  } else if (peek.carrier == Carrier::text) {
    const TraceLineRead read = read_trace_lines(*replay_source(std::move(peek.head), **source), 0, frames);
    if (read.overlong > 0)
      problems.add("overlong lines", "input", fmt::format("{} lines cut at the line limit", read.overlong));
  } else if (BinaryRead read = read_binary_frames(std::move(peek), **source, {}, frames); !read.problem.empty()) {
    problems.add("ring descriptor problems", "byte 0", read.problem);
  }
  out->flush();
  problems.print(*io.err, name);

  if (!(*source)->error().empty()) {
    *io.err << "leakscope: " << name << ": " << (*source)->error() << '\n';
    return exit_usage_error;
  }
  if (writer.written() == 0) {
    *io.err << fmt::format("leakscope: {}: no trace records found (read as {})\n", name, carrier);
    return exit_usage_error;
  }
  if (!*out) {
    *io.err << "leakscope: " << (o.output.empty() ? "<stdout>" : o.output) << ": write failed\n";
    return exit_usage_error;
  }
  return exit_clean;
}

}  // namespace leakscope
