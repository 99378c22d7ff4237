// --format-hint of `leakscope analyze` (and --live, diff), into the scan's per-input hints:
//
//   --format-hint FORMAT         every input is read as FORMAT (ingest/format_hint.hpp)
//   --format-hint INPUT=FORMAT   that input only (named as on the command line, '-' for stdin);
//                                wins over a hint for every input; repeatable
//
//   if (Status st = add_format_hints(values, inputs, scan); !st) usage_error(st.error().message);
//
// Errors: an unknown FORMAT (the message lists the names), an INPUT that is not one of the
// inputs, two hints for one input, and `records` without --records patterns in `scan`.
#pragma once

#include <string>
#include <vector>

#include "leakscope/ingest/log_scanner.hpp"
#include "leakscope/model/result.hpp"

namespace leakscope {

// inputs: as given on the command line (none: stdin, "-").
Status add_format_hints(const std::vector<std::string>& values,
                        const std::vector<std::string>& inputs, ScanOptions& scan);

}  // namespace leakscope
