// trace_stream_gen: a raw binary trace (docs/trace-format.md) of N heap events on stdout, for
// the live-mode streaming benchmark (tools/bench/live, README.md).
//
//   leakscope_trace_stream_gen 10000000 > stream.bin
//
// One boot of a device with 4 tasks and 50 call stacks: about 2,000 blocks live at any time,
// one allocation in 10,000 never freed (so the live set grows by 500 blocks per 10 million
// events), a heap sample every 10,000 events. Return addresses lie in the code of
// samples/gateway/trace/gateway-trace.elf (Thumb bit set), so the run symbolizes against it.
// Deterministic: the same bytes every run.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "leakscope/ingest/trace_codec.hpp"
#include "random.hpp"

using namespace leakscope;

namespace {

class Stream {
 public:
  void add(std::uint8_t type, std::vector<TraceValue> fields) {
    const Result<std::string> frame = encode_record(TraceRecord{type, seq_++, std::move(fields), {}});
    if (!frame) {
      std::fprintf(stderr, "trace_stream_gen: %s\n", frame.error().message.c_str());
      std::exit(1);
    }
    out_ += *frame;
    if (out_.size() >= (1u << 20)) flush();
  }
  void flush() {
    std::fwrite(out_.data(), 1, out_.size(), stdout);
    out_.clear();
  }

 private:
  std::uint16_t seq_ = 0;
  std::string out_;
};

}  // namespace

int main(int argc, char** argv) {
  const std::uint64_t events = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 10'000'000;
  constexpr std::size_t live_target = 2000;
  constexpr std::uint64_t tasks[] = {0x20001a04, 0x20001a20, 0x20001a3c, 0x20001a58};
  const char* task_names[] = {"net", "sensor", "console", "ota"};
  leakscope::parity_gen::Random random(20261124);

  std::vector<Addresses> stacks;
  for (int s = 0; s < 50; ++s) {
    Addresses stack;
    for (int depth = 0; depth < 4; ++depth) stack.push_back(0x101 + 2 * random.below(0xb00));
    stacks.push_back(stack);
  }

  Stream stream;
  stream.add(record_type::header, {1u, 0u, 1u, 4u, 1000u, std::string(), std::string(), std::string("bench")});
  stream.add(record_type::boot, {1u, 1u, std::string("POWERON_RESET")});
  for (int t = 0; t < 4; ++t) stream.add(record_type::task, {0u, tasks[t], 0u, std::string(task_names[t])});

  struct Block {
    std::uint64_t address;
    std::uint64_t task;
  };
  std::vector<Block> live;
  std::vector<std::uint64_t> freed;  // addresses an allocation may get again, as on a device
  std::uint64_t next_address = 0x3ffb0000;
  std::uint64_t time = 0;
  for (std::uint64_t e = 0; e < events; ++e) {
    time += 1 + random.below(50);
    if (e % 10'000 == 0) {
      stream.add(record_type::heap, {time, 0u, 200'000u - live.size() * 64, 150'000u, 60'000u, 300'000u});
      continue;
    }
    const bool allocate = live.size() < live_target ? random.below(3) != 0 : random.below(3) == 0;
    if (allocate || live.empty()) {
      const std::uint64_t task = tasks[random.below(4)];
      const std::uint64_t size = 8 + 8 * random.below(64);
      std::uint64_t address = next_address;
      if (!freed.empty()) {
        address = freed.back();
        freed.pop_back();
      } else {
        next_address += 16 + size;
      }
      stream.add(record_type::alloc, {time, address, size, task, 0u, stacks[random.below(50)]});
      // One block in 10,000 is never freed: a leak, kept out of the pool frees are drawn from.
      if (random.below(10'000) != 0) live.push_back(Block{address, task});
    } else {
      const std::size_t i = random.below(live.size());
      stream.add(record_type::free, {time, live[i].address, live[i].task, Addresses{}});
      freed.push_back(live[i].address);
      live[i] = live.back();
      live.pop_back();
    }
  }
  stream.flush();
  return 0;
}
