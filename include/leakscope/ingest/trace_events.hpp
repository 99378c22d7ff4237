// TraceEventMapper: decoded trace frames -> model events (docs/trace-format.md, "Records").
//
//   TraceEventMapper mapper(sink);          // sink: the analyzer, or a RecordingSink in tests
//   FrameDecoder decoder(mapper, SourcePos{input});
//   ... feed bytes ...
//   mapper.stats();                         // frames, damage, unknown types
//
// It is the one place that knows what records mean:
//  - HEADER opens a boot (BootEvent, marker trace_header), names the build (ElfIdentityEvent
//    with its build-id and SHA-256 prefix in lowercase hex) and says how the recording is
//    made (TraceStartEvent); a HEADER of another major version is refused (SkipEvent
//    unsupported_version) and the frames after it are skipped up to the next readable HEADER.
//  - BOOT is a BootEvent (marker trace_boot); TASK a TaskNameEvent or TaskEndEvent; ALLOC and
//    FREE AllocEvent and FreeEvent; REALLOC a FreeEvent of the old block and an AllocEvent of
//    the new one (an AllocEvent at address 0 when the resize failed: counted, not live);
//    HEAP a HeapSampleEvent; MARKER a MarkerEvent; LOSS a TraceLossEvent (device_buffer).
//    Heaps are named by HEAP_NAME records of the recording, else shown as their id in hex.
//  - Sequence numbers: a jump between two good frames is a TraceLossEvent (transit) of the
//    frames skipped, except at a HEADER with seq 0, which starts counting again, and except
//    the records a LOSS says the device dropped (their numbers are skipped right before it,
//    and the LOSS itself is the device_buffer loss). When the
//    first frame of a capture is not a seq-0 HEADER, the frames before it are a loss of the
//    capture's start cause (before_capture, or ring_wrap for a ring image).
//  - Damage reported by the decoder, records whose payload ends early and records of unknown
//    types are SkipEvents, counted in stats().
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "leakscope/ingest/event_sink.hpp"
#include "leakscope/ingest/trace_frame.hpp"
#include "leakscope/ingest/trace_records.hpp"
#include "leakscope/model/diagnostics.hpp"

namespace leakscope {

class TraceEventMapper final : public FrameSink {
 public:
  explicit TraceEventMapper(EventSink& sink) : sink_(sink) {}

  // A capture that does not continue the one before (a ring image): sequence counting starts
  // over, and frames missing before its first one are lost to `start_cause`.
  void begin_capture(LossCause start_cause);

  void on_frame(const TraceFrame& frame) override;
  void on_damage(const FrameDamage& damage) override;

  const TraceStats& stats() const { return stats_; }

 private:
  void track_sequence(const TraceFrame& frame, std::uint64_t dropped_by_device);
  void on_record(const TraceRecord& r, SourcePos pos);
  void on_header(const TraceRecord& r, SourcePos pos);
  void on_memory_record(const TraceRecord& r, SourcePos pos);
  void on_state_record(const TraceRecord& r, SourcePos pos);
  void skip(SourcePos pos, SkipKind kind, std::string detail);
  std::string heap_label(std::uint64_t heap) const;

  EventSink& sink_;
  TraceStats stats_;
  bool seen_frame_ = false;  // a good frame of this capture was read
  std::uint16_t expected_seq_ = 0;
  LossCause start_cause_ = LossCause::before_capture;
  bool refused_ = false;  // inside a recording of an unreadable version
  std::uint64_t minor_version_ = trace_format::version_minor;
  std::map<std::uint64_t, std::string> heap_names_;  // of the recording in progress
};

}  // namespace leakscope
