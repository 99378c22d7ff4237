// Recognisers for the lines where ESP-IDF names the running build by its ELF file's SHA-256
// (formats reference, section 3.6):
//
//   app info, an esp_log line with TAG cpu_start (v3.3-v5.2) or app_init (v5.3+), two spaces,
//   16 hex digits and "...":      I (31) cpu_start: ELF file SHA256:  0123456789abcdef...
//   panic output, no log prefix, 16 digits (v4.1-v5.2), 64 (v3.x-v4.0) or
//   CONFIG_APP_RETRIEVE_LEN_ELF_SHA (8-64, default 9; v5.3+):      ELF file SHA256: 012345678
//
// Each becomes an ElfIdentityEvent with the digits in lowercase. A line that starts like one
// but does not hold 8-64 hex digits is a SkipEvent (malformed_elf_sha256) with its position.
//
//   EspLogLine log;
//   if (parse_esp_log_line(text, log) && parse_elf_identity_log(log, pos, sink)) ...
//   else if (parse_elf_identity_panic(text, pos, sink)) ...
#pragma once

#include <string_view>

#include "leakscope/ingest/event_sink.hpp"
#include "leakscope/ingest/log_line.hpp"

namespace leakscope {

// The app-info line. False (nothing pushed) for any other log line.
bool parse_elf_identity_log(const EspLogLine& log, SourcePos pos, EventSink& sink);

// The panic line. False (nothing pushed) for any other line.
bool parse_elf_identity_panic(std::string_view line, SourcePos pos, EventSink& sink);

}  // namespace leakscope
