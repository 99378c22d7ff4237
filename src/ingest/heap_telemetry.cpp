// The built-in heap telemetry scanner: numbers, their units, and the words naming them.
#include "leakscope/ingest/heap_telemetry.hpp"

#include <algorithm>
#include <cmath>

#include "heap_key_words.hpp"
#include "leakscope/ingest/log_message.hpp"

namespace leakscope {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_word_char(char c) { return is_alpha(c) || is_digit(c) || c == '_'; }
bool is_space(char c) { return c == ' ' || c == '\t'; }

std::string_view word_at(std::string_view text, std::size_t pos) {
  std::size_t end = pos;
  while (end < text.size() && is_word_char(text[end])) ++end;
  return text.substr(pos, end - pos);
}

bool equals_lower(std::string_view word, std::string_view lower) {
  if (word.size() != lower.size()) return false;
  for (std::size_t i = 0; i < word.size(); ++i) {
    const char c = word[i];
    if ((c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c) != lower[i]) return false;
  }
  return true;
}

bool lower_in(std::string_view word, std::initializer_list<std::string_view> set) {
  for (std::string_view s : set)
    if (equals_lower(word, s)) return true;
  return false;
}

// Bytes per unit; 0 when `word` is not a byte unit. "m" alone is minutes or metres, never MB.
std::uint64_t unit_multiplier(std::string_view word) {
  if (lower_in(word, {"b", "byte", "bytes"})) return 1;
  if (lower_in(word, {"k", "kb", "kib", "kbyte", "kbytes"})) return 1024;
  if (word == "M" || lower_in(word, {"mb", "mib", "mbyte", "mbytes"})) return 1024 * 1024;
  return 0;
}

// Units that make a number something other than a size: "took 3000 ms", "-67 dBm".
bool is_other_unit(std::string_view word) {
  return lower_in(
      word, {"ms",     "s",       "sec", "secs", "second", "seconds", "us",    "ns", "min", "mins",
             "minute", "minutes", "h",   "hr",   "hrs",    "hour",    "hours", "hz", "khz", "mhz",
             "c",      "v",       "mv",  "ma",   "dbm",    "db",      "times", "x",  "rpm"});
}

struct Quantity {
  std::uint64_t bytes = 0;
  std::size_t end = 0;  // after the number and its unit
};

// A byte count at text[pos], which is a digit: digits, an optional ".5" with a K or M unit, a
// unit glued on or after one space. nullopt when the number is a time, ratio, range, percentage,
// hex, or carries another unit.
std::optional<Quantity> byte_count_at(std::string_view text, std::size_t pos) {
  std::size_t p = pos;
  std::uint64_t whole = 0;
  for (std::size_t digits = 0; p < text.size() && is_digit(text[p]); ++p) {
    if (++digits > 15) return std::nullopt;  // no heap is 10^15 bytes: an id or a hash
    whole = whole * 10 + static_cast<std::uint64_t>(text[p] - '0');
  }
  double fraction = 0;
  bool has_fraction = false;
  if (p + 1 < text.size() && text[p] == '.' && is_digit(text[p + 1])) {
    has_fraction = true;
    double scale = 0.1;
    for (++p; p < text.size() && is_digit(text[p]); ++p, scale /= 10)
      fraction += (text[p] - '0') * scale;
  }
  std::uint64_t multiplier = 1;
  const bool spaced = p < text.size() && text[p] == ' ';
  const std::size_t unit_at = spaced ? p + 1 : p;
  if (const std::string_view word = word_at(text, unit_at); !word.empty()) {
    if (const std::uint64_t m = unit_multiplier(word); m > 0) {
      multiplier = m;
      p = unit_at + word.size();
    } else if (!spaced || is_other_unit(word)) {
      return std::nullopt;  // "8bit", "0x3ffb", "100ms", "3000 ms"
    }
  } else if (unit_at < text.size() && text[unit_at] == '%') {
    return std::nullopt;
  }
  if (has_fraction && multiplier == 1) return std::nullopt;    // a fraction of a byte: not a size
  if (p < text.size() && text[p] == '/') return std::nullopt;  // "1234/32768", "12 KB/s"
  if (p + 1 < text.size() && (text[p] == ':' || text[p] == '-' || text[p] == '.') &&
      is_digit(text[p + 1]))
    return std::nullopt;  // "16:55:07", "1-5", "1.2.3"
  const auto bytes =
      whole * multiplier +
      static_cast<std::uint64_t>(std::llround(fraction * static_cast<double>(multiplier)));
  return Quantity{bytes, p};
}

// Whether a number may start at text[pos]: not inside a word ("esp32", "CAP_8BIT"), not negative,
// not a denominator, decimal or the seconds of a clock.
bool starts_number(std::string_view text, std::size_t pos) {
  if (!is_digit(text[pos])) return false;
  if (pos == 0) return true;
  const char prev = text[pos - 1];
  if (is_word_char(prev) || prev == '-' || prev == '+' || prev == '/' || prev == '.' || prev == '#')
    return false;
  return !(prev == ':' && pos >= 2 && is_digit(text[pos - 2]));
}

struct Key {
  std::string_view text;
  std::size_t begin = 0;
  bool punctuated = false;  // "key: N", "key = N", "key->N" rather than "key N"
};

// Characters that may make up a key token outside parentheses.
bool is_key_char(char c) { return is_word_char(c) || c == '.' || c == '-' || c == '\''; }

// The words naming the number at msg[num]: back over a separator, then up to 8 tokens (3 when
// the separator is only a space: "mem 64448", "free 20") to the nearest delimiter.
std::optional<Key> key_before(std::string_view msg, std::size_t num) {
  std::size_t k = num;
  while (k > 0 && is_space(msg[k - 1])) --k;
  Key key;
  if (k > 0 && (msg[k - 1] == ':' || msg[k - 1] == '=')) {
    --k;
    if (k > 0 && msg[k - 1] == ':') --k;  // ":="
    key.punctuated = true;
  } else if (k >= 2 && msg[k - 1] == '>' && msg[k - 2] == '-') {
    k -= 2;
    key.punctuated = true;
  } else if (k == num) {
    return std::nullopt;  // glued to a delimiter: "(1234", "[1234"
  }
  while (k > 0 && is_space(msg[k - 1])) --k;
  const std::size_t end = k;
  const std::size_t max_tokens = key.punctuated ? 8 : 3;
  std::size_t begin = end;
  for (std::size_t tokens = 0; tokens < max_tokens && k > 0; ++tokens) {
    std::size_t t = k;
    for (int depth = 0; t > 0; --t) {
      const char c = msg[t - 1];
      if (c == ')') {
        ++depth;
      } else if (depth > 0) {
        if (c == '(') --depth;  // anything goes inside: "(MALLOC_CAP_8BIT | MALLOC_CAP_DMA)"
      } else if (!is_key_char(c)) {
        break;
      }
    }
    if (t == k || is_digit(msg[t])) break;  // a delimiter, or the previous field's value
    begin = t;
    k = t;
    while (k > 0 && is_space(msg[k - 1])) --k;
    if (k == begin) break;  // a delimiter right before the token
  }
  // "Minimum / current free heap size->%u / %u": which name goes with which number is unclear.
  if (begin > 0 && msg[begin - 1] == '/') return std::nullopt;
  if (k > 0 && k < begin && msg[k - 1] == '/') return std::nullopt;
  if (begin == end) return std::nullopt;
  key.text = msg.substr(begin, end - begin);
  key.begin = begin;
  return key;
}

struct Field {
  HeapKey kind = HeapKey::none;
  std::string_view label;
  std::uint64_t bytes = 0;
  bool whole_message = false;  // "free:   123" and nothing else (Zephyr's kernel heap command)
};

void put(HeapReading& r, const Field& f) {
  auto set = [&](std::optional<std::uint64_t>& slot) {
    if (!slot) slot = f.bytes;  // the first figure of a kind wins: later ones repeat or explain
  };
  switch (f.kind) {
    case HeapKey::free:
    case HeapKey::weak_free: set(r.free); break;
    case HeapKey::min_free: set(r.min_free); break;
    case HeapKey::largest: set(r.largest_free); break;
    case HeapKey::total: set(r.total); break;
    case HeapKey::allocated:
    case HeapKey::none: break;
  }
}

// Whether the message holds a word every reading needs (heap_key_words.cpp): a word for free
// ("free", "avail", "remaining", "left", "unused"), for memory ("heap", "mem", "...ram",
// "internal") or for the largest ("max", "largest", "biggest"). One pass that most log lines
// fail, so they skip the number-by-number reading.
bool names_heap_figure(std::string_view msg) {
  auto at = [&](std::size_t i, std::string_view stem) {
    if (i + stem.size() > msg.size()) return false;
    for (std::size_t k = 1; k < stem.size(); ++k) {
      const char c = msg[i + k];
      if ((c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c) != stem[k]) return false;
    }
    return true;
  };
  for (std::size_t i = 0; i < msg.size(); ++i) {
    const char c = msg[i];
    switch (c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c) {
      case 'f':
        if (at(i, "free")) return true;
        break;
      case 'a':
        if (at(i, "avail")) return true;
        break;
      case 'r':
        if (at(i, "remain") || at(i, "ram")) return true;
        break;
      case 'l':
        if (at(i, "left") || at(i, "largest")) return true;
        break;
      case 'u':
        if (at(i, "unused")) return true;
        break;
      case 'h':
        if (at(i, "heap")) return true;
        break;
      case 'm':
        if (at(i, "mem") || at(i, "max")) return true;
        break;
      case 'i':
        if (at(i, "internal")) return true;
        break;
      case 'b':
        if (at(i, "biggest")) return true;
        break;
      default:
        break;
    }
  }
  return false;
}

}  // namespace

bool read_byte_count(std::string_view text, std::uint64_t& bytes) {
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  if (text.empty() || !is_digit(text.front())) return false;
  const std::optional<Quantity> q = byte_count_at(text, 0);
  if (!q || q->end != text.size()) return false;
  bytes = q->bytes;
  return true;
}

std::vector<HeapReading> find_heap_readings(std::string_view line) {
  std::string_view msg = split_log_message(line).message;
  while (!msg.empty() && is_space(msg.front())) msg.remove_prefix(1);
  // heap_caps_print_heap_info's per-region lines (§3.4): one region each, not the heap.
  if (msg.starts_with("At 0x") || msg.find("alloc_blocks ") != std::string_view::npos) return {};
  if (!names_heap_figure(msg)) return {};

  std::vector<Field> fields;
  bool statistics = false;  // a figure other than a bare "free" says this is a heap statistics line
  for (std::size_t i = 0; i < msg.size(); ++i) {
    if (!starts_number(msg, i)) continue;
    const std::optional<Quantity> q = byte_count_at(msg, i);
    std::optional<Key> key = q ? key_before(msg, i) : std::nullopt;
    if (key) {
      std::size_t after = q->end;
      while (after < msg.size() && is_space(msg[after])) ++after;
      const HeapKeyMeaning meaning = classify_heap_key(key->text, word_at(msg, after));
      if (meaning.kind != HeapKey::none) {
        statistics |= meaning.kind != HeapKey::weak_free;
        fields.push_back({meaning.kind, meaning.label, q->bytes,
                          key->begin == 0 && key->punctuated && q->end == msg.size()});
      }
    }
    while (i + 1 < msg.size() && (is_word_char(msg[i + 1]) || msg[i + 1] == '.')) ++i;
  }

  std::vector<HeapReading> readings;
  for (const Field& f : fields) {
    if (f.kind == HeapKey::weak_free && !statistics && !f.whole_message) continue;
    auto it = std::find_if(readings.begin(), readings.end(),
                           [&](const HeapReading& r) { return r.heap == f.label; });
    if (it == readings.end()) {
      it = readings.emplace(readings.end());
      it->heap = f.label;
    }
    put(*it, f);
  }
  std::erase_if(readings,
                [](const HeapReading& r) { return !r.free && !r.min_free && !r.largest_free; });
  return readings;
}

Result<std::vector<HeapReading>> read_heap_telemetry(std::string_view line,
                                                     const HeapPatterns& user) {
  if (!user.empty()) {
    auto matched = user.match(line);
    if (!matched || !matched->empty()) return matched;
  }
  return find_heap_readings(line);
}

}  // namespace leakscope
