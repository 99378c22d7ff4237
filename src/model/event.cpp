#include "leakscope/model/event.hpp"

namespace leakscope {

std::string_view skip_kind_name(SkipKind kind) {
  switch (kind) {
    case SkipKind::malformed_record: return "malformed_record";
    case SkipKind::damaged_record: return "damaged_record";
    case SkipKind::overlong_line: return "overlong_line";
    case SkipKind::malformed_elf_sha256: return "malformed_elf_sha256";
    case SkipKind::damaged_frame: return "damaged_frame";
    case SkipKind::unsynced_bytes: return "unsynced_bytes";
    case SkipKind::unknown_record: return "unknown_record";
    case SkipKind::unsupported_version: return "unsupported_version";
  }
  return "unknown";
}

std::string_view time_base_name(TimeBase base) {
  switch (base) {
    case TimeBase::since_boot:
      return "since_boot";
    case TimeBase::wall_clock:
      return "wall_clock";
    case TimeBase::time_of_day:
      return "time_of_day";
    case TimeBase::date_no_year:
      return "date_no_year";
  }
  return "unknown";
}

std::string_view loss_cause_name(LossCause cause) {
  switch (cause) {
    case LossCause::device_buffer: return "device_buffer";
    case LossCause::transit: return "transit";
    case LossCause::ring_wrap: return "ring_wrap";
    case LossCause::before_capture: return "before_capture";
  }
  return "unknown";
}

std::string_view dump_layout_name(DumpLayout layout) {
  switch (layout) {
    case DumpLayout::esp_idf_v4: return "esp-idf-v4";
    case DumpLayout::esp_idf_v5: return "esp-idf-v5";
    case DumpLayout::custom: return "custom";
  }
  return "unknown";
}

std::string_view heap_anomaly_kind_name(HeapAnomalyKind kind) {
  switch (kind) {
    case HeapAnomalyKind::duplicate_alloc: return "duplicate_alloc";
    case HeapAnomalyKind::unknown_free: return "unknown_free";
    case HeapAnomalyKind::unknown_realloc: return "unknown_realloc";
    case HeapAnomalyKind::duplicate_realloc: return "duplicate_realloc";
  }
  return "unknown";
}

}  // namespace leakscope
