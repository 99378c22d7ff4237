// `leakscope analyze --live`: the analyze run, watched while it reads.
//
// Reads stdin (or the inputs named, until their end) as it arrives and, every --interval
// seconds, shows the boot in progress: redrawn in place on a terminal (stdout, no -o), else as
// one JSON Lines snapshot per interval on stdout or -o. At the end of the input, or on Ctrl-C
// (SIGINT, SIGTERM), it writes the report `analyze` would write, in --format (in JSON Lines
// mode as one last line {"type":"report",...}), and returns analyze's exit code.
#pragma once

#include "analyze_command.hpp"

namespace leakscope {

int run_live(const AnalyzeOptions& options, Io& io);

}  // namespace leakscope
