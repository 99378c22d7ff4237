#include "live_command.hpp"

#include <sys/ioctl.h>

#include <fstream>
#include <optional>
#include <sstream>

#include "leakscope/analyze/live_tracker.hpp"
#include "leakscope/cli/stop_signal.hpp"
#include "leakscope/report/live_json.hpp"
#include "leakscope/report/live_text.hpp"

#include "gate_options.hpp"
#include "live_ticker.hpp"

namespace leakscope {

namespace {

// Where snapshots and the final report go: a summary redrawn on a terminal, or JSON Lines.
class LiveOutput {
 public:
  LiveOutput(const AnalyzeOptions& o, const Io& io, std::ostream& out)
      : options_(o), io_(io), out_(out), on_screen_(io.out_is_terminal && o.output.empty()) {
    // On a terminal use_color() is --color, or auto without NO_COLOR.
    style_.color = use_color(o, io);
  }

  void snapshot(const LiveSnapshot& snapshot) {
    if (on_screen_) {
      fit_terminal();
      screen_.draw(render_live_text(snapshot, style_), out_);
    } else {
      out_ << live_snapshot_json_line(snapshot);
    }
    out_.flush();
  }

  void report(const Report& report) {
    if (on_screen_) {
      screen_.clear(out_);
      write_report(options_, io_, report, out_);
      return;
    }
    if (options_.format == "json") {
      out_ << live_report_json_line(report);
    } else {
      std::ostringstream text;
      write_report(options_, io_, report, text);
      out_ << live_text_report_json_line(text.str());
    }
    out_.flush();
  }

 private:
  // Asked at every redraw: the window may have been resized.
  void fit_terminal() {
    winsize size{};
    if (io_.out_fd < 0 || ::ioctl(io_.out_fd, TIOCGWINSZ, &size) != 0) return;
    if (size.ws_col > 0) style_.width = size.ws_col;
    if (size.ws_row > 0) style_.height = size.ws_row;
  }

  const AnalyzeOptions& options_;
  const Io& io_;
  std::ostream& out_;
  bool on_screen_;
  LiveTextStyle style_;
  LiveScreen screen_;
};

}  // namespace

int run_live(const AnalyzeOptions& o, Io& io) {
  if (o.format != "text" && o.format != "json") {
    // A page or a CI file is written once, at the end: run analyze on the capture then.
    error_line(io, "--format " + o.format + " does not go with --live (text or json)");
    return exit_usage_error;
  }
  if (!o.outputs.empty()) {
    error_line(io, "--output FORMAT=FILE does not go with --live (-o FILE)");
    return exit_usage_error;
  }
  const Stopwatch clock;
  std::optional<AnalyzeSetup> setup = prepare_analysis(o, io, clock);
  if (!setup) return exit_usage_error;
  // Opened before reading: the snapshots go there too.
  std::ofstream file;
  std::ostream* out = open_output(o, io, file);
  if (out == nullptr) return exit_usage_error;

  Analyzer analyzer(setup->build_pointers(), setup->policy, setup->plumbing, setup->heap);
  LiveTracker tracker(analyzer);
  EvidenceReader reader(tracker, setup->scan);
  LiveOutput output(o, io, *out);
  InputsRead read;

  StopSignal own_stop;
  StopSignal& stop = io.stop != nullptr ? *io.stop : own_stop;
  // Ctrl-C ends the reading, not the process: the report is still written. Only a process
  // of our own (main) has its signals taken over.
  std::optional<CatchStopSignals> signals;
  if (io.exits_after_run) signals.emplace(stop);

  const auto interval = std::chrono::duration_cast<Ticker::Clock::duration>(
      std::chrono::duration<double>(o.interval));
  Ticker ticker(interval, stop, [&] {
    LiveSnapshot snapshot = tracker.snapshot(reader.line_stats().read, clock.ms() / 1000);
    for (const InputSummary& input : read.inputs) snapshot.inputs.push_back(input.name);
    output.snapshot(snapshot);
  });
  read_inputs(o, io, reader, &ticker, clock, read);
  reader.finish();
  const bool input_error = read.error;
  const Report report =
      build_report(analyzer, reader, std::move(read), *setup, gate_policy(o), clock);
  output.report(report);
  const bool generated = write_generated_suppressions(o, io, report);
  return report_exit_code(io, report, input_error || setup->elfs.load_error || !generated);
}

}  // namespace leakscope
