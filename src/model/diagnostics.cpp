#include "leakscope/model/diagnostics.hpp"

namespace leakscope {

std::string_view line_format_name(LineFormat format) {
  switch (format) {
    case LineFormat::boot: return "boot";
    case LineFormat::esp_idf_heap_trace: return "esp-idf-heap-trace";
    case LineFormat::mtrace: return "mtrace";
    case LineFormat::lstrace: return "lstrace";
    case LineFormat::records: return "records";
    case LineFormat::heap_telemetry: return "heap-telemetry";
    case LineFormat::esp_log: return "esp-log";
    case LineFormat::particle_log: return "particle-log";
    case LineFormat::zephyr_log: return "zephyr-log";
    case LineFormat::elf_sha256: return "elf-sha256";
    case LineFormat::crash: return "crash";
    case LineFormat::monitor: return "monitor";
  }
  return "?";
}

}  // namespace leakscope
