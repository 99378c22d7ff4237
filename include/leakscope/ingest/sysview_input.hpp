// SystemView inputs of `leakscope analyze` (ESP-IDF host-based heap tracing): how files
// become captures, each one boot.
//
//   SysviewInputs sysview(sink);
//   if (is_sysview(peek.carrier)) sysview.read(std::move(peek), source, i);
//   else { sysview.flush(); ... read the other input ... }
//   sysview.flush();                            // at the end
//
// - A capture with both cores in it (OpenOCD's header with "; ESP_Extension", or no header:
//   UART, raw RTT) and the JSON of sysviewtrace_proc.py are one capture each.
// - A dual-core capture that OpenOCD wrote as two files (`esp sysview start file://cpu0.svdat
//   file://cpu1.svdat`: headers without ESP_Extension) is given as two inputs, one after the
//   other, core 0 first, as sysviewtrace_proc.py takes them: `leakscope analyze cpu0.svdat
//   cpu1.svdat`. Such a file is held back until the next input says whether it is the other
//   core's (another one-core file with the same description and INIT); the two are merged by
//   time into one boot. A one-core file followed by anything else is a capture of its own
//   (a single-core chip). Separate captures of a single-core chip given one after the other
//   would pair up: give them to separate runs.
// Files are read whole into memory (a held one until its partner is known), then decoded a
// packet at a time.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "leakscope/ingest/byte_source.hpp"
#include "leakscope/ingest/input_carrier.hpp"
#include "leakscope/ingest/sysview_events.hpp"

namespace leakscope {

inline bool is_sysview(Carrier carrier) {
  return carrier == Carrier::sysview || carrier == Carrier::sysview_json;
}

struct SysviewRead {
  std::uint64_t bytes = 0;
  std::string warning;  // read, but not as well as it could be; empty if not
};

class SysviewInputs {
 public:
  explicit SysviewInputs(EventSink& sink) : sink_(sink) {}

  // peek: what peek_carrier() read from `source`, carrier sysview or sysview_json.
  SysviewRead read(InputPeek&& peek, ByteSource& source, std::uint32_t input);
  // Emits a file held back for its other core's: before an input of another kind, and at the end.
  void flush();

 private:
  struct Held {
    std::string bytes;
    SourcePos start;
    SysviewInfo info;
  };
  EventSink& sink_;
  std::optional<Held> held_;  // a one-core file: core 0's, if the next input is core 1's
};

}  // namespace leakscope
