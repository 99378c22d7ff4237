// Corrupting random bytes of a binary capture costs only the damaged records, which the
// reader counts (issue 4, "Done when"). A long generated stream gets seeded random flips,
// deletions and insertions; every frame whose bytes were untouched must still be decoded,
// the records lost must be exactly the frames touched, and no frame may be made up. The
// ASan+UBSan build runs this too.
#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <set>

#include "leakscope/ingest/trace_events.hpp"
#include "trace_builder.hpp"

using namespace leakscope;
using leakscope::testing::events_of;
using leakscope::testing::FrameLog;
using leakscope::testing::TraceBuilder;

namespace {

TraceBuilder long_stream(std::mt19937& rng, int records) {
  TraceBuilder t;
  t.header(std::string("\x10\x75\x4a\xa5", 4)).boot().heap_name(1, "Internal");
  std::vector<std::uint64_t> live;
  for (int i = 0; i < records; ++i) {
    const auto kind = rng() % 10;
    const std::uint64_t address = 0x3ffb0000 + (rng() % 0x10000) * 8;
    if (kind < 5 || live.empty()) {
      Addresses stack;
      for (auto d = rng() % 12; d > 0; --d) stack.push_back(0x400d0000 + rng() % 0x10000);
      t.alloc(address, 1 + rng() % 512, stack, 0x3ffb1000 + rng() % 4 * 0x100, 1);
      live.push_back(address);
    } else if (kind < 8) {
      const std::size_t k = rng() % live.size();
      t.free(live[k]);
      live.erase(live.begin() + static_cast<std::ptrdiff_t>(k));
    } else if (kind == 8) {
      t.heap(1, rng() % 100000);
    } else {
      t.task(0x3ffb1000 + rng() % 4 * 0x100, "task" + std::to_string(rng() % 100));
    }
  }
  return t;
}

class Tee final : public FrameSink {
 public:
  Tee(FrameSink& a, FrameSink& b) : a_(a), b_(b) {}
  void on_frame(const TraceFrame& f) override {
    a_.on_frame(f);
    b_.on_frame(f);
  }
  void on_damage(const FrameDamage& d) override {
    a_.on_damage(d);
    b_.on_damage(d);
  }

 private:
  FrameSink& a_;
  FrameSink& b_;
};

struct Corruption {
  std::size_t at = 0;
  int kind = 0;  // 0 flip a byte, 1 delete a run, 2 insert garbage
  std::size_t length = 1;
};

// Applies the corruptions (positions in the original stream) and returns the frames touched.
std::set<std::size_t> corrupt(std::string& bytes, std::vector<Corruption> edits,
                              const std::vector<testing::FrameExtent>& extents, std::mt19937& rng) {
  std::set<std::size_t> touched;
  auto frame_at = [&](std::size_t offset) {
    return static_cast<std::size_t>(
        std::upper_bound(extents.begin(), extents.end(), offset,
                         [](std::size_t o, const testing::FrameExtent& e) { return o < e.begin; }) -
        extents.begin() - 1);
  };
  std::sort(edits.begin(), edits.end(), [](const Corruption& a, const Corruption& b) { return a.at > b.at; });
  for (const Corruption& c : edits) {
    switch (c.kind) {
      case 0:
        bytes[c.at] = static_cast<char>(bytes[c.at] ^ (1 + rng() % 255));
        touched.insert(frame_at(c.at));
        break;
      case 1:
        bytes.erase(c.at, c.length);
        for (std::size_t f = frame_at(c.at); f <= frame_at(c.at + c.length - 1); ++f) touched.insert(f);
        break;
      default: {
        std::string garbage;
        for (std::size_t i = 0; i < c.length; ++i) garbage += static_cast<char>(rng() & 0xff);
        bytes.insert(c.at, garbage);
        if (extents[frame_at(c.at)].begin != c.at) touched.insert(frame_at(c.at));  // between frames: none
        break;
      }
    }
  }
  return touched;
}

}  // namespace

TEST_CASE("random corruption of a long capture costs only the damaged records", "[ingest][trace][robustness]") {
  std::mt19937 rng(20261124);
  const TraceBuilder t = long_stream(rng, 4000);
  REQUIRE(t.records.size() > 4000);
  std::uint64_t corruptions = 0, lost_total = 0, damage_reports = 0;

  for (int round = 0; round < 60; ++round) {
    CAPTURE(round);
    std::vector<Corruption> edits(1 + rng() % 12);
    // The last frame stays whole, so every loss before it shows as a sequence gap.
    const std::size_t limit = t.extents.back().begin - 32;
    for (Corruption& c : edits) c = {rng() % limit, static_cast<int>(rng() % 3), 1 + rng() % 24};
    std::string bytes = t.bytes;
    const std::set<std::size_t> touched = corrupt(bytes, edits, t.extents, rng);

    RecordingSink events;
    TraceEventMapper mapper(events);
    FrameLog frames;
    Tee tee(frames, mapper);
    FrameDecoder decoder(tee, {});
    for (std::size_t i = 0; i < bytes.size();) {
      const std::size_t n = std::min<std::size_t>(1 + rng() % 2000, bytes.size() - i);
      decoder.feed(std::string_view(bytes).substr(i, n));
      i += n;
    }
    decoder.finish();

    // Every untouched frame decoded, nothing made up.
    std::set<std::size_t> decoded;
    for (const auto& f : frames.frames) {
      REQUIRE(f.seq < t.records.size());
      const TraceRecord& original = t.records[f.seq];
      CHECK(f.type == original.type);
      CHECK(encode_payload(original).take() == f.payload);
      decoded.insert(f.seq);
    }
    for (std::size_t i = 0; i < t.records.size(); ++i)
      if (!touched.contains(i)) CHECK(decoded.contains(i));
    // Damaged ones are counted, as sequence gaps (or a missing start), and reported as damage
    // where bytes remain (a deletion of exactly one whole frame leaves only the gap).
    std::uint64_t lost = 0;
    for (const TraceLossEvent& l : events_of<TraceLossEvent>(events.events)) lost += l.records;
    CHECK(lost == t.records.size() - decoded.size());
    CHECK(decoded.size() + touched.size() >= t.records.size());
    if (!touched.empty()) CHECK((lost > 0 || !frames.damage.empty()));

    corruptions += edits.size();
    lost_total += lost;
    damage_reports += frames.damage.size();
  }
  // What one corruption costs, on average: about one record (two when it straddles frames).
  CHECK(lost_total <= corruptions * 3 / 2);
  CHECK(damage_reports <= corruptions * 2);
}
