// Trace records as JSON Lines, for `leakscope convert` (schema: docs/trace-jsonl.md):
// one object per record, "type" and "seq" first, then the spec's fields in payload order.
//
//   out << trace_record_jsonl(record);   // {"type":"alloc","seq":7,"time":1000,"address":"0x20001c40",...}\n
//
// Addresses and task ids are "0x..." strings, stacks arrays of them, `bytes` fields lowercase
// hex, numbers numbers. A record of an unknown type is {"type":"unknown","code":11,"seq":..,
// "payload":"<hex>"}; bytes after a known record's fields (a later minor version) are
// "extra":"<hex>". The ingest side (ingest/trace_jsonl_reader.hpp) reads the same schema back.
#pragma once

#include <string>

#include "leakscope/ingest/trace_records.hpp"

namespace leakscope {

// One line, '\n'-terminated. Text that is not UTF-8 is written with U+FFFD in its place.
std::string trace_record_jsonl(const TraceRecord& record);

}  // namespace leakscope
