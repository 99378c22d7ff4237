// Record payloads of the binary trace format <-> TraceRecord, by the table in trace_records.hpp.
//
//   Result<TraceRecord> r = decode_record(frame.type, frame.seq, frame.payload);
//   if (!r) report("damaged record: " + r.error().message);
//
//   Result<std::string> frame = encode_record(record);   // sync .. CRC, ready to send
//
// Decoding follows the reader's rules of the spec: an unknown type keeps its whole payload
// in `extra`; bytes after a known record's last field are kept in `extra` (a later minor
// version's fields); a payload that ends before its fields do is an error. Limits meant for
// writers (string and stack lengths) are not enforced on reading, only on encoding, which
// refuses a record a version-1 reader would not accept (and a payload over 1024 bytes).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "leakscope/ingest/trace_records.hpp"
#include "leakscope/model/result.hpp"

namespace leakscope {

Result<TraceRecord> decode_record(std::uint8_t type, std::uint16_t seq, std::string_view payload);

// The version a HEADER payload declares: its first two fields in every major version (the
// rest of a HEADER of another major version may not read as version 1's). False if cut short.
bool read_header_version(std::string_view payload, std::uint64_t& major, std::uint64_t& minor);

// The payload alone, or why the record cannot be written (values that do not match the
// record's spec, a string or stack over its limit, a payload over 1024 bytes).
Result<std::string> encode_payload(const TraceRecord& record);

// The whole frame: encode_payload() wrapped by encode_frame() (trace_frame.hpp).
Result<std::string> encode_record(const TraceRecord& record);

}  // namespace leakscope
