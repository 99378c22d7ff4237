// sample_records: writes samples/custom-records/capture.log, the sample of record patterns
// (docs/record-patterns.md): the gateway sample's capture with each ESP-IDF heap trace dump
// replaced by the report a team's own monitor task prints, in Portuguese:
//
//   I (52000) monitor: --- Relatório de memória: 3 alocações ---
//   Alocação #1: 96 bytes em 0x20001c40 (tarefa net)
//     ↳ [0] 0x00000c5b
//     ↳ [1] 0x00000e27
//   I (52001) sensor: leitura 21.5 C          <- another task prints meanwhile
//     ↳ [2] 0x00000697
//   ...
//   I (52003) monitor: --- fim: 151 bytes em 3 alocações ---
//   Tarefa 0x20001a04: net
//   Memoria atual: 47849, Menor valor: 47337
//
// The allocations are the dump's live ones (its records without a free), in order, with their
// callers as frame lines. Some lines are written as captures mangle them: "Alocação" decoded
// as Latin-1 and encoded again ("AlocaÃ§Ã£o"), or sent as Latin-1 bytes ("Aloca\xe7\xe3o").
// Every other line of the capture is copied as it is.
//
//   leakscope_sample_records samples/gateway/capture.log > samples/custom-records/capture.log
#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "leakscope/ingest/byte_source.hpp"
#include "leakscope/ingest/log_scanner.hpp"

using namespace leakscope;

namespace {

struct Dump {
  std::uint64_t first = 0, last = 0;  // lines it spans in the capture
  std::vector<AllocEvent> live;
};

std::string word(std::size_t n, std::size_t count) {
  // The three spellings of "Alocação" a capture may hold.
  if (n % 5 == 2) return "Aloca\xc3\x83\xc2\xa7\xc3\x83\xc2\xa3o";  // UTF-8 read as Latin-1
  if (n % 7 == 3) return "Aloca\xe7\xe3o";                            // Latin-1 bytes
  (void)count;
  return "Aloca\xc3\xa7\xc3\xa3o";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: leakscope_sample_records CAPTURE\n");
    return 2;
  }
  auto source = open_input(argv[1], -1);
  if (!source.ok()) {
    std::fprintf(stderr, "%s\n", source.error().message.c_str());
    return 2;
  }
  RecordingSink sink;
  LogScanner scanner(sink);
  scanner.scan(**source, 0);
  scanner.finish();

  std::vector<Dump> dumps;
  std::map<std::uint64_t, std::string> task_names;
  for (Event& e : sink.events) {
    if (auto* b = std::get_if<SnapshotBegin>(&e)) dumps.push_back({b->pos.line, b->pos.line, {}});
    if (dumps.empty()) continue;
    Dump& d = dumps.back();
    if (auto* a = std::get_if<AllocEvent>(&e)) {
      d.live.push_back(*a);
      d.last = a->pos.line;
    } else if (auto* f = std::get_if<FreeEvent>(&e)) {
      std::erase_if(d.live, [&](const AllocEvent& x) { return x.address == f->address; });
      d.last = std::max(d.last, f->pos.line);
    } else if (auto* t = std::get_if<TaskNameEvent>(&e)) {
      task_names[t->task] = t->name;
    } else if (auto* end = std::get_if<SnapshotEnd>(&e)) {
      d.last = std::max(d.last, end->pos.line);
    }
  }

  std::ifstream in(argv[1], std::ios::binary);
  std::string line;
  std::size_t record = 0;
  std::uint64_t number = 0;
  std::size_t next_dump = 0;
  while (std::getline(in, line)) {
    ++number;
    if (next_dump < dumps.size() && number >= dumps[next_dump].first) {
      const Dump& d = dumps[next_dump];
      // The dump's trailing summary lines go with it.
      if (number <= d.last || line.starts_with("total allocations") || line.starts_with("(NB:")) {
        if (number != d.first) continue;
        const std::uint64_t ms = 50000 + number * 10;
        std::uint64_t bytes = 0;
        for (const AllocEvent& a : d.live) bytes += a.size;
        fmt::print("I ({}) monitor: --- Relat\xc3\xb3rio de mem\xc3\xb3ria: {} aloca\xc3\xa7\xc3\xb5"
                   "es ---\r\n", ms, d.live.size());
        std::set<std::uint64_t> tasks;
        for (const AllocEvent& a : d.live) {
          ++record;
          std::string task;
          if (a.task) {
            tasks.insert(*a.task);
            const auto name = task_names.find(*a.task);
            task = name != task_names.end() ? name->second : fmt::format("{:#x}", *a.task);
          }
          fmt::print("{} #{}: {} bytes em {:#010x}{}\r\n", word(record, d.live.size()), record,
                     a.size, a.address, task.empty() ? "" : " (tarefa " + task + ")");
          for (std::size_t i = 0; i < a.callers.size(); ++i) {
            fmt::print("  \xe2\x86\xb3 [{}] {:#010x}\r\n", i, a.callers[i]);
            if (record % 4 == 1 && i == 1)  // another task prints in the middle
              fmt::print("I ({}) sensor: leitura {}.{} C\r\n", ms + 1, 20 + record % 5, record % 10);
          }
        }
        fmt::print("I ({}) monitor: --- fim: {} bytes em {} aloca\xc3\xa7\xc3\xb5"
                   "es ---\r\n", ms + 3, bytes, d.live.size());
        for (std::uint64_t t : tasks)
          if (auto name = task_names.find(t); name != task_names.end())
            fmt::print("Tarefa {:#010x}: {}\r\n", t, name->second);
        fmt::print("Memoria atual: {}, Menor valor: {}\r\n", 48000 - bytes, 48000 - bytes - 512);
        continue;
      }
      ++next_dump;
    }
    fmt::print("{}\n", line);
  }
  return 0;
}
