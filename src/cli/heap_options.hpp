// The heap telemetry options of `leakscope analyze` (and --live) as built objects:
//
//   --heap-pattern RE2        a pattern with named captures (heap_telemetry.hpp), repeatable
//   --heap-pattern-file FILE  patterns one per line; blank lines and lines starting with '#'
//                             are passed over; repeatable
//   --cycle RE2               a line where a cycle of work begins (log_line_events.hpp)
//
//   Result<LogLineOptions> lines = heap_line_options(patterns, files, cycle);
//   if (!lines) usage_error(lines.error().message);   // names the pattern (and FILE:LINE)
//
// Patterns from the command line come first, then each file's in order: the first that
// matches a line gives its reading.
//
//   --heap-floor BYTES        the free heap at which the device fails ("15360", "15K",
//                             "12.5 KiB"): times to exhaustion are to there
//
//   Result<HeapOptions> heap = heap_analysis_options(floor);
#pragma once

#include <string>
#include <vector>

#include "leakscope/analyze/boot_heap.hpp"
#include "leakscope/ingest/log_line_events.hpp"
#include "leakscope/ingest/log_scanner.hpp"
#include "leakscope/model/result.hpp"

namespace leakscope {

Result<LogLineOptions> heap_line_options(const std::vector<std::string>& patterns,
                                         const std::vector<std::string>& pattern_files,
                                         const std::string& cycle = {});

//   --records FILE            the firmware's own printouts (ingest/record_patterns.hpp); its heap
//                             entries join the heap patterns, after --heap-pattern's
//
//   if (Status st = add_record_patterns(file, scan); !st) usage_error(st.error().message);
Status add_record_patterns(const std::string& file, ScanOptions& scan);

// floor: --heap-floor's text, empty when not given.
Result<HeapOptions> heap_analysis_options(const std::string& floor);

}  // namespace leakscope
