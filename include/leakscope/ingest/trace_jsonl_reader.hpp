// Trace records from JSON Lines (the schema report/trace_jsonl_writer.hpp writes, documented
// in docs/trace-jsonl.md), for `leakscope convert --to binary`.
//
//   Result<TraceRecord> r = parse_trace_jsonl(line);
//   if (!r) report(line_number, r.error().message);
//
// Every field of the record's type is required; keys the schema does not name are passed
// over. Addresses may be "0x..." strings (as written) or plain numbers. Values are checked
// against the writers' limits only when the record is encoded (trace_codec.hpp).
#pragma once

#include <string_view>

#include "leakscope/ingest/trace_records.hpp"
#include "leakscope/model/result.hpp"

namespace leakscope {

Result<TraceRecord> parse_trace_jsonl(std::string_view line);

// Whether an input that reads as text is JSON Lines: its first non-blank character is '{'.
bool looks_like_jsonl(std::string_view head);

}  // namespace leakscope
