#include "leakscope/ingest/trace_events.hpp"

#include <fmt/format.h>

#include "leakscope/ingest/trace_codec.hpp"

namespace leakscope {

namespace {

// A SHA-256 prefix shorter than ESP-IDF's 8 hex digits could match a build by chance.
constexpr std::size_t min_sha256_bytes = 4;
constexpr std::size_t max_sha256_bytes = 32;

std::optional<std::uint64_t> task_of(std::uint64_t task) {
  if (task == 0) return std::nullopt;  // "no task": an interrupt, or before the scheduler
  return task;
}

MarkerKind marker_kind(std::uint64_t kind) {
  switch (kind) {
    case 1: return MarkerKind::cycle_begin;
    case 2: return MarkerKind::cycle_end;
    default: return MarkerKind::note;
  }
}

}  // namespace

void TraceEventMapper::begin_capture(LossCause start_cause) {
  seen_frame_ = false;
  start_cause_ = start_cause;
  refused_ = false;
  heap_names_.clear();
}

void TraceEventMapper::skip(SourcePos pos, SkipKind kind, std::string detail) {
  sink_.on_event(SkipEvent{pos, kind, std::move(detail)});
}

void TraceEventMapper::on_damage(const FrameDamage& damage) {
  if (damage.kind == FrameDamageKind::unsynced) {
    stats_.unsynced_bytes += damage.length;
    skip(damage.pos, SkipKind::unsynced_bytes, damage_text(damage));
    return;
  }
  ++stats_.damaged_frames;
  skip(damage.pos, SkipKind::damaged_frame, damage_text(damage));
}

void TraceEventMapper::on_frame(const TraceFrame& frame) {
  ++stats_.frames;
  if (std::uint64_t major = 0, minor = 0;
      frame.type == record_type::header && read_header_version(frame.payload, major, minor)) {
    refused_ = major != trace_format::version_major;
    if (refused_) {
      seen_frame_ = false;  // the next readable recording counts its frames afresh
      skip(frame.pos, SkipKind::unsupported_version, unsupported_version_text(major, minor));
    }
    minor_version_ = minor;
  }
  if (refused_) {
    ++stats_.refused_frames;
    return;
  }
  Result<TraceRecord> record = decode_record(frame.type, frame.seq, frame.payload);
  // The records a LOSS announces were skipped in the numbering right before it.
  track_sequence(frame, record && frame.type == record_type::loss ? record->number(loss_field::records) : 0);
  if (!record) {
    ++stats_.malformed_records;
    skip(frame.pos, SkipKind::malformed_record, record.error().message);
    return;
  }
  on_record(*record, frame.pos);
}

void TraceEventMapper::track_sequence(const TraceFrame& frame, std::uint64_t dropped_by_device) {
  const bool restart = frame.type == record_type::header && frame.seq == 0;
  if (!seen_frame_) {
    seen_frame_ = true;
    // Frames 0 .. seq-1 of this recording are not in the capture.
    if (!restart) sink_.on_event(TraceLossEvent{frame.pos, start_cause_, frame.seq, 0});
  } else if (!restart && frame.seq != expected_seq_) {
    const auto gap = static_cast<std::uint16_t>(frame.seq - expected_seq_);
    if (gap > dropped_by_device)
      sink_.on_event(TraceLossEvent{frame.pos, LossCause::transit, gap - dropped_by_device, 0});
  }
  expected_seq_ = static_cast<std::uint16_t>(frame.seq + 1);
}

void TraceEventMapper::on_record(const TraceRecord& r, SourcePos pos) {
  switch (r.type) {
    case record_type::header:
      on_header(r, pos);
      return;
    case record_type::boot: {
      std::string reason = r.text(boot_field::reason);
      if (reason.empty() && r.number(boot_field::reset_reason) != 0)
        reason = fmt::format("reset reason {}", r.number(boot_field::reset_reason));
      sink_.on_event(BootEvent{pos, {}, std::move(reason), BootMarker::trace_boot});
      return;
    }
    case record_type::task:
    case record_type::alloc:
    case record_type::free:
    case record_type::realloc:
      on_memory_record(r, pos);
      return;
    default:
      on_state_record(r, pos);
      return;
  }
}

void TraceEventMapper::on_header(const TraceRecord& r, SourcePos pos) {
  heap_names_.clear();
  sink_.on_event(BootEvent{pos, {}, {}, BootMarker::trace_header});
  ElfIdentityEvent identity{pos, bytes_to_hex(r.text(header_field::elf_sha256)),
                            bytes_to_hex(r.text(header_field::build_id))};
  const std::size_t sha_bytes = identity.sha256_prefix.size() / 2;
  if (sha_bytes > 0 && (sha_bytes < min_sha256_bytes || sha_bytes > max_sha256_bytes)) {
    skip(pos, SkipKind::malformed_elf_sha256,
         fmt::format("trace HEADER with a SHA-256 prefix of {} bytes ({} to {} can be checked)",
                     sha_bytes, min_sha256_bytes, max_sha256_bytes));
    identity.sha256_prefix.clear();
  }
  if (!identity.sha256_prefix.empty() || !identity.build_id.empty())
    sink_.on_event(std::move(identity));
  sink_.on_event(TraceStartEvent{pos,
                                 fmt::format("leakscope-trace {}.{}", trace_format::version_major,
                                             minor_version_),
                                 r.number(header_field::tick_ns), r.text(header_field::firmware)});
}

void TraceEventMapper::on_memory_record(const TraceRecord& r, SourcePos pos) {
  switch (r.type) {
    case record_type::task: {
      const std::uint64_t task = r.number(task_field::task);
      if (r.number(task_field::event) == 2)
        sink_.on_event(TaskEndEvent{pos, task});
      else
        sink_.on_event(TaskNameEvent{pos, task, r.text(task_field::name)});
      return;
    }
    case record_type::alloc:
      sink_.on_event(AllocEvent{pos, r.number(alloc_field::address), r.number(alloc_field::size),
                                task_of(r.number(alloc_field::task)), std::nullopt,
                                r.number(alloc_field::time), r.stack(alloc_field::stack),
                                heap_label(r.number(alloc_field::heap))});
      return;
    case record_type::free:
      sink_.on_event(FreeEvent{pos, r.number(free_field::address), r.stack(free_field::stack),
                               task_of(r.number(free_field::task)), r.number(free_field::time)});
      return;
    case record_type::realloc: {
      // A FREE of old_address (none if 0) and an ALLOC of new_address. new_address 0 with
      // size 0 is realloc(p, 0) freeing p; with size > 0 the resize failed and p stays live.
      const std::uint64_t old_address = r.number(realloc_field::old_address);
      const std::uint64_t new_address = r.number(realloc_field::new_address);
      const std::uint64_t size = r.number(realloc_field::size);
      const std::uint64_t time = r.number(realloc_field::time);
      const auto task = task_of(r.number(realloc_field::task));
      const bool failed = new_address == 0 && size > 0;
      if (old_address != 0 && !failed)
        sink_.on_event(FreeEvent{pos, old_address, r.stack(realloc_field::stack), task, time});
      if (new_address != 0 || failed)
        sink_.on_event(AllocEvent{pos, new_address, size, task, std::nullopt, time,
                                  r.stack(realloc_field::stack),
                                  heap_label(r.number(realloc_field::heap))});
      return;
    }
    default:
      return;
  }
}

void TraceEventMapper::on_state_record(const TraceRecord& r, SourcePos pos) {
  switch (r.type) {
    case record_type::heap: {
      const std::uint64_t total = r.number(heap_field::total);
      sink_.on_event(HeapSampleEvent{
          pos, r.number(heap_field::time), std::nullopt, heap_label(r.number(heap_field::heap)),
          r.number(heap_field::free), r.number(heap_field::min_free),
          r.number(heap_field::largest_free), total == 0 ? std::nullopt : std::optional(total)});
      return;
    }
    case record_type::marker:
      sink_.on_event(
          MarkerEvent{pos, r.number(marker_field::time), marker_kind(r.number(marker_field::kind)),
                      r.number(marker_field::number), r.text(marker_field::text), std::nullopt});
      return;
    case record_type::loss:
      sink_.on_event(TraceLossEvent{pos, LossCause::device_buffer, r.number(loss_field::records),
                                    r.number(loss_field::bytes)});
      return;
    case record_type::heap_name:
      heap_names_[r.number(heap_name_field::heap)] = r.text(heap_name_field::name);
      return;
    default:
      ++stats_.unknown_types[r.type];
      skip(pos, SkipKind::unknown_record,
           fmt::format("record {} ({} payload bytes) is not in format version {}.{}: skipped",
                       record_type_label(r.type), r.extra.size(), trace_format::version_major,
                       trace_format::version_minor));
      return;
  }
}

std::string TraceEventMapper::heap_label(std::uint64_t heap) const {
  if (auto it = heap_names_.find(heap); it != heap_names_.end()) return it->second;
  return heap == 0 ? std::string() : fmt::format("{:#x}", heap);
}

}  // namespace leakscope
