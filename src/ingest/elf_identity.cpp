#include "leakscope/ingest/elf_identity.hpp"

#include "leakscope/ingest/cursor.hpp"

namespace leakscope {

namespace {

constexpr std::string_view label = "ELF file SHA256:";
// CONFIG_APP_RETRIEVE_LEN_ELF_SHA's range; fewer digits could match builds by chance.
constexpr std::size_t min_digits = 8;
constexpr std::size_t max_digits = 64;

// `rest` is what follows the label: spaces, the digits, the app info's "...", nothing else.
void push_identity(std::string_view rest, SourcePos pos, EventSink& sink) {
  Cursor c(rest);
  const bool spaced = c.some_spaces();
  const std::string_view tail = c.rest();
  std::size_t digits = 0;
  while (digits < tail.size() && is_hex_digit(tail[digits])) ++digits;
  Cursor after(tail.substr(digits));
  after.literal("...");
  after.spaces();
  if (!spaced || !after.at_end() || digits < min_digits || digits > max_digits) {
    sink.on_event(SkipEvent{pos, SkipKind::malformed_elf_sha256,
                            "\"ELF file SHA256:\" line without 8-64 hex digits"});
    return;
  }
  std::string prefix(tail.substr(0, digits));
  for (char& ch : prefix)
    if (ch >= 'A' && ch <= 'F') ch = static_cast<char>(ch - 'A' + 'a');
  sink.on_event(ElfIdentityEvent{pos, std::move(prefix), {}});
}

}  // namespace

bool parse_elf_identity_log(const EspLogLine& log, SourcePos pos, EventSink& sink) {
  if (log.tag != "cpu_start" && log.tag != "app_init") return false;
  if (!log.message.starts_with(label)) return false;
  push_identity(log.message.substr(label.size()), pos, sink);
  return true;
}

bool parse_elf_identity_panic(std::string_view line, SourcePos pos, EventSink& sink) {
  if (!line.starts_with(label)) return false;
  push_identity(line.substr(label.size()), pos, sink);
  return true;
}

}  // namespace leakscope
