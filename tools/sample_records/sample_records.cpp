// sample_records: writes the captures of two samples from the gateway sample's capture
// (samples/gateway/capture.log), each dump replaced or kept as described below.
//
//   leakscope_sample_records samples/gateway/capture.log > samples/custom-records/capture.log
//   leakscope_sample_records --mixed samples/gateway/capture.log >
//       samples/mixed-evidence/capture.log
//
// samples/custom-records (docs/record-patterns.md): every ESP-IDF heap trace dump is replaced
// by the report a team's own monitor task prints, in Portuguese:
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
// samples/mixed-evidence (--mixed): every kind of evidence in one log. The first dump stays as
// ESP-IDF printed it (boot 1 keeps it, and its abort() panic and backtrace); the later ones
// are the monitor task's reports, as above. Before the last report, the monitor task's heap
// integrity check finds the last block the `net` task holds overrun: what
// heap_caps_check_integrity_all(true) prints for it (esp_rom_printf, no log prefix), then the
// monitor's own error line:
//
//   CORRUPT HEAP: Bad tail at 0x20002398. Expected 0xbaad5678 got 0x6f636572
//   E (52800) monitor: heap corrompido: heap_caps_check_integrity_all() falhou
//
// The tail canary sits right after the block's data (address + size), and holds what overran
// it: the first four bytes of a text, as a little-endian word.
#include <bit>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <string_view>
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

struct Capture {
  std::vector<Dump> dumps;
  std::map<std::uint64_t, std::string> task_names;  // by task handle

  std::string task_name(std::uint64_t task) const {
    const auto name = task_names.find(task);
    return name != task_names.end() ? name->second : fmt::format("{:#x}", task);
  }
};

// The capture's dumps and task names, as leakscope reads them.
Result<Capture> read_capture(const char* path) {
  auto source = open_input(path, -1);
  if (!source.ok()) return source.error();
  RecordingSink sink;
  LogScanner scanner(sink);
  scanner.scan(**source, 0);
  scanner.finish();

  Capture capture;
  for (Event& e : sink.events) {
    if (auto* b = std::get_if<SnapshotBegin>(&e))
      capture.dumps.push_back({b->pos.line, b->pos.line, {}});
    if (auto* t = std::get_if<TaskNameEvent>(&e)) capture.task_names[t->task] = t->name;
    if (capture.dumps.empty()) continue;
    Dump& d = capture.dumps.back();
    if (auto* a = std::get_if<AllocEvent>(&e)) {
      d.live.push_back(*a);
      d.last = a->pos.line;
    } else if (auto* f = std::get_if<FreeEvent>(&e)) {
      std::erase_if(d.live, [&](const AllocEvent& x) { return x.address == f->address; });
      d.last = std::max(d.last, f->pos.line);
    } else if (auto* end = std::get_if<SnapshotEnd>(&e)) {
      d.last = std::max(d.last, end->pos.line);
    }
  }
  return capture;
}

std::string word(std::size_t n) {
  // The three spellings of "Alocação" a capture may hold.
  if (n % 5 == 2) return "Aloca\xc3\x83\xc2\xa7\xc3\x83\xc2\xa3o";  // UTF-8 read as Latin-1
  if (n % 7 == 3) return "Aloca\xe7\xe3o";                            // Latin-1 bytes
  return "Aloca\xc3\xa7\xc3\xa3o";
}

// The monitor task's report of a dump's live allocations; `record` numbers them across reports.
void print_monitor_report(const Dump& d, const Capture& capture, std::uint64_t ms,
                          std::size_t& record) {
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
      task = capture.task_name(*a.task);
    }
    fmt::print("{} #{}: {} bytes em {:#010x}{}\r\n", word(record), record, a.size, a.address,
               task.empty() ? "" : " (tarefa " + task + ")");
    for (std::size_t i = 0; i < a.callers.size(); ++i) {
      fmt::print("  \xe2\x86\xb3 [{}] {:#010x}\r\n", i, a.callers[i]);
      if (record % 4 == 1 && i == 1)  // another task prints in the middle
        fmt::print("I ({}) sensor: leitura {}.{} C\r\n", ms + 1, 20 + record % 5, record % 10);
    }
  }
  fmt::print("I ({}) monitor: --- fim: {} bytes em {} aloca\xc3\xa7\xc3\xb5"
             "es ---\r\n", ms + 3, bytes, d.live.size());
  for (std::uint64_t t : tasks)
    if (capture.task_names.contains(t))
      fmt::print("Tarefa {:#010x}: {}\r\n", t, capture.task_name(t));
  fmt::print("Memoria atual: {}, Menor valor: {}\r\n", 48000 - bytes, 48000 - bytes - 512);
}

// The heap integrity check before the last report finds the last block of the `net` task
// overrun (nothing when the dump holds none).
void print_integrity_alert(const Dump& d, const Capture& capture, std::uint64_t ms) {
  const AllocEvent* victim = nullptr;
  for (const AllocEvent& a : d.live)
    if (a.task && capture.task_name(*a.task) == "net") victim = &a;
  if (victim == nullptr) return;
  // What overran it: a state text the net task wrote past the object's end.
  constexpr char overrun[] = "reconnecting";
  static_assert(std::endian::native == std::endian::little);  // as the device reads its words
  std::uint32_t got = 0;
  std::memcpy(&got, overrun, sizeof got);
  fmt::print("CORRUPT HEAP: Bad tail at {:#010x}. Expected 0xbaad5678 got {:#010x}\r\n",
             victim->address + victim->size, got);
  fmt::print("E ({}) monitor: heap corrompido: heap_caps_check_integrity_all() falhou\r\n", ms);
}

}  // namespace

int main(int argc, char** argv) {
  const bool mixed = argc == 3 && std::string_view(argv[1]) == "--mixed";
  if (argc != 2 && !mixed) {
    std::fprintf(stderr, "usage: leakscope_sample_records [--mixed] CAPTURE\n");
    return 2;
  }
  const char* path = argv[argc - 1];
  const Result<Capture> capture = read_capture(path);
  if (!capture.ok()) {
    std::fprintf(stderr, "%s\n", capture.error().message.c_str());
    return 2;
  }
  const std::vector<Dump>& dumps = capture->dumps;

  std::ifstream in(path, std::ios::binary);
  std::string line;
  std::size_t record = 0;
  std::uint64_t number = 0;
  std::size_t next_dump = 0;
  while (std::getline(in, line)) {
    ++number;
    if (next_dump < dumps.size() && number >= dumps[next_dump].first) {
      const Dump& d = dumps[next_dump];
      const bool kept = mixed && next_dump == 0;
      // The dump's trailing summary lines go with it.
      if (number <= d.last || line.starts_with("total allocations") || line.starts_with("(NB:")) {
        if (kept) {
          fmt::print("{}\n", line);
        } else if (number == d.first) {
          const std::uint64_t ms = 50000 + number * 10;
          if (mixed && next_dump + 1 == dumps.size()) print_integrity_alert(d, *capture, ms);
          print_monitor_report(d, *capture, ms, record);
        }
        continue;
      }
      ++next_dump;
    }
    fmt::print("{}\n", line);
  }
  return 0;
}
