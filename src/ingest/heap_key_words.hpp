// What the words in front of a number say it is, for the built-in heap telemetry scanner.
//
//   classify_heap_key("Min free heap", "")                        -> min_free
//   classify_heap_key("heap_caps_get_free_size(MALLOC_CAP_SPIRAM)", "") -> free, label "PSRAM"
//   classify_heap_key("Heap", "free")    // "Heap: 1234 free"     -> free
//   classify_heap_key("malloc failed for", "")                    -> none
//
// Keys are split into lowercase words at separators and camelCase humps
// ("xPortGetFreeHeapSize" -> x port get free heap size); a word not in the vocabulary is tried
// as two glued ones ("freeheap", "minfree"). Text in parentheses only names the heap.
#pragma once

#include <cstdint>
#include <string_view>

namespace leakscope {

enum class HeapKey : std::uint8_t {
  none,
  free,
  min_free,
  largest,
  total,
  allocated,  // not a sample, but says the line is heap statistics ("allocated 10, free 20")
  weak_free,  // "free" alone: free heap only beside other heap statistics
};

struct HeapKeyMeaning {
  HeapKey kind = HeapKey::none;
  std::string_view label;  // "" or "PSRAM", "internal", "DRAM", "IRAM", "DMA"
};

// `key`: the words before the separator; `after`: the word after the number and its unit.
HeapKeyMeaning classify_heap_key(std::string_view key, std::string_view after);

}  // namespace leakscope
