#include "heap_key_words.hpp"

#include <string>
#include <unordered_map>

namespace leakscope {

namespace {

enum Flag : unsigned {
  kFree = 1u << 0,       // free, available, left
  kMem = 1u << 1,        // heap, memory, RAM, PSRAM
  kMin = 1u << 2,        // minimum (ever), watermark
  kMax = 1u << 3,        // largest, max
  kBlock = 1u << 4,      // block, chunk
  kAlloc = 1u << 5,      // alloc, allocatable: "max alloc heap" is the largest block
  kAllocated = 1u << 6,  // allocated, used
  kTotal = 1u << 7,      // total, capacity
  kSize = 1u << 8,
  kBytes = 1u << 9,
  kWater = 1u << 10,  // "low water mark"
  kMark = 1u << 11,
  kHigh = 1u << 12,    // "high water mark" is a peak of use, not of free
  kReject = 1u << 13,  // the number is something else: a failure, a request, a delta, a count,
                       // another resource (stack, flash, files)
};

struct Word {
  unsigned flags = 0;
  std::string_view label;
};

const std::unordered_map<std::string_view, Word>& vocabulary() {
  static const std::unordered_map<std::string_view, Word> words = [] {
    std::unordered_map<std::string_view, Word> w;
    for (auto s : {"free", "avail", "available", "remaining", "left", "unused"}) w[s] = {kFree, {}};
    for (auto s : {"heap", "mem", "memory", "ram", "sram"}) w[s] = {kMem, {}};
    for (auto s : {"psram", "spiram", "extram"}) w[s] = {kMem, "PSRAM"};
    w["external"] = {0, "PSRAM"};
    w["internal"] = {kMem, "internal"};
    w["dram"] = {kMem, "DRAM"};
    w["iram"] = {kMem, "IRAM"};
    w["dma"] = {0, "DMA"};
    for (auto s : {"min", "minimum", "lowest", "lwm", "watermark"}) w[s] = {kMin, {}};
    for (auto s : {"max", "maximum", "largest", "biggest"}) w[s] = {kMax, {}};
    for (auto s : {"block", "blk", "chunk"}) w[s] = {kBlock, {}};
    for (auto s : {"alloc", "allocatable", "allocation"}) w[s] = {kAlloc, {}};
    for (auto s : {"allocated", "alloced", "used", "usage"}) w[s] = {kAllocated, {}};
    for (auto s : {"total", "capacity"}) w[s] = {kTotal, {}};
    for (auto s : {"size", "sz"}) w[s] = {kSize, {}};
    for (auto s : {"bytes", "byte"}) w[s] = {kBytes, {}};
    w["water"] = {kWater, {}};
    w["mark"] = {kMark, {}};
    w["high"] = {kHigh, {}};
    for (auto s :
         {// failures and requests: the number is what was wanted, not what is free
          "not", "no", "failed", "fail", "fails", "failure", "error", "cannot", "cant", "unable",
          "enough", "insufficient", "need", "needs", "needed", "request", "requested", "requesting",
          "want", "wanted", "require", "required", "requires", "try", "trying", "tried", "attempt",
          "attempting", "expected", "reserve", "reserved", "threshold", "limit", "below", "above",
          "target",
          // changes: the number is a difference
          "by", "from", "to", "delta", "diff", "change", "changed", "drop", "dropped", "lost",
          "loss", "leak", "leaked", "leaking", "since", "per", "rate",
          // other resources and counts
          "stack", "stacks", "flash", "spiffs", "fatfs", "littlefs", "fs", "nvs", "disk", "sd",
          "sdcard", "sketch", "ota", "partition", "file", "files", "storage", "entries", "entry",
          "slots", "slot", "sockets", "socket", "buffers", "buffer", "pbuf", "pbufs", "blocks",
          "blks", "chunks", "items", "item", "handles", "descriptors", "count", "cnt", "num",
          "number", "tasks", "task", "queue", "queues", "percent", "pct", "frag", "fragmentation",
          "ratio", "pages", "page", "objects", "connections", "timers", "events"})
      w[s] = {kReject, {}};
    return w;
  }();
  return words;
}

// A known word, or two known words glued together ("freeheap", "minfree", "heapsize").
Word lookup(std::string_view word) {
  const auto& words = vocabulary();
  if (auto it = words.find(word); it != words.end()) return it->second;
  for (std::size_t cut = 2; word.size() >= 5 && cut + 2 <= word.size(); ++cut) {
    auto left = words.find(word.substr(0, cut));
    auto right = words.find(word.substr(cut));
    if (left != words.end() && right != words.end())
      return {left->second.flags | right->second.flags,
              left->second.label.empty() ? right->second.label : left->second.label};
  }
  return {};
}

bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_alnum(char c) { return is_lower(c) || is_upper(c) || (c >= '0' && c <= '9'); }

struct KeyWords {
  unsigned flags = 0;          // of the words outside parentheses
  std::string_view label;      // first label, inside parentheses or not
  std::size_t words = 0;       // outside parentheses
  unsigned single = 0;         // flags of the only word, when there is one
  bool only_mem_word = false;  // the key is exactly "mem"
};

// Splits `key` into words and gathers their meaning.
KeyWords read_words(std::string_view key) {
  KeyWords out;
  std::string word;
  int depth = 0;
  auto finish = [&] {
    if (word.empty()) return;
    const Word w = lookup(word);
    if (out.label.empty()) out.label = w.label;
    if (depth == 0) {
      out.flags |= w.flags;
      ++out.words;
      out.single = out.words == 1 ? w.flags : 0;
      out.only_mem_word = out.words == 1 && word == "mem";
    }
    word.clear();
  };
  for (std::size_t i = 0; i < key.size(); ++i) {
    const char c = key[i];
    if (!is_alnum(c)) {
      finish();
      if (c == '(') ++depth;
      if (c == ')' && depth > 0) --depth;
      continue;
    }
    // camelCase humps: "getFree" -> get|free; "HTTPServer" -> http|server.
    if (is_upper(c) && i > 0 && !word.empty() &&
        (is_lower(key[i - 1]) ||
         (i + 1 < key.size() && is_lower(key[i + 1]) && is_upper(key[i - 1]))))
      finish();
    word.push_back(is_upper(c) ? static_cast<char>(c - 'A' + 'a') : c);
  }
  finish();
  return out;
}

}  // namespace

HeapKeyMeaning classify_heap_key(std::string_view key, std::string_view after) {
  const KeyWords k = read_words(key);
  const unsigned f = k.flags;
  auto meaning = [&](HeapKey kind) { return HeapKeyMeaning{kind, k.label}; };
  if (f & kReject) return {};
  if ((f & kAllocated) && !(f & kFree)) return meaning(HeapKey::allocated);
  if ((f & kMax) && (f & (kBlock | kAlloc))) return meaning(HeapKey::largest);
  const bool minimum = (f & kMin) || ((f & kWater) && (f & kMark) && !(f & kHigh));
  if (minimum && (f & (kFree | kMem))) return meaning(HeapKey::min_free);
  if (f & kHigh) return {};
  if ((f & kFree) && (f & (kMem | kBytes))) return meaning(HeapKey::free);
  // "Heap: 1234 free", "mem 64448" (Particle apps printing System.freeMemory()).
  if ((f & kMem) && (lookup(after).flags & kFree)) return meaning(HeapKey::free);
  if (k.only_mem_word) return meaning(HeapKey::free);
  if (((f & kTotal) || ((f & kMem) && (f & kSize))) && !(f & kFree)) return meaning(HeapKey::total);
  if (k.words == 1 && k.single == kFree) return meaning(HeapKey::weak_free);
  return {};
}

}  // namespace leakscope
