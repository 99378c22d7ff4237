#include "heap_options.hpp"

#include <fstream>

namespace leakscope {

Result<LogLineOptions> heap_line_options(const std::vector<std::string>& patterns,
                                         const std::vector<std::string>& pattern_files,
                                         const std::string& cycle) {
  LogLineOptions options;
  if (!cycle.empty())
    if (Status set = options.cycle.set(cycle); !set) return set.error();
  for (const std::string& p : patterns)
    if (Status added = options.heap_patterns.add(p); !added) return added.error();
  for (const std::string& file : pattern_files) {
    std::ifstream in(file);
    if (!in) return Error{file + ": cannot read heap patterns"};
    std::string line;
    for (std::size_t number = 1; std::getline(in, line); ++number) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      const std::size_t first = line.find_first_not_of(" \t");
      if (first == std::string::npos || line[first] == '#') continue;
      if (Status added = options.heap_patterns.add(line.substr(first)); !added)
        return Error{file + ":" + std::to_string(number) + ": " + added.error().message};
    }
    if (in.bad()) return Error{file + ": cannot read heap patterns"};
  }
  return options;
}

Status add_record_patterns(const std::string& file, ScanOptions& scan) {
  if (file.empty()) return Ok{};
  auto records = RecordPatterns::load(file);
  if (!records) return records.error();
  for (const std::string& pattern : records->heap_patterns())
    if (Status added = scan.log_lines.heap_patterns.add(pattern); !added) return added;
  scan.records = records.take();
  return Ok{};
}

Result<HeapOptions> heap_analysis_options(const std::string& floor) {
  HeapOptions options;
  if (!floor.empty()) {
    std::uint64_t bytes = 0;
    if (!read_byte_count(floor, bytes))
      return Error{"--heap-floor '" + floor + "': not a byte count (e.g. 15360, 15K, 12.5 KiB)"};
    options.floor_bytes = static_cast<double>(bytes);
  }
  return options;
}

}  // namespace leakscope
