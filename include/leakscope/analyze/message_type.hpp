// Message types: a log line with what changes from one occurrence to the next masked out, so
// that every "failed to load session data (error -210)" counts as one kind of event.
//
//   MessageMasker masker;
//   masker.mask("0000063889 [system] ERROR: Failed to load session data (error -210)");
//   // -> "ERROR system: Failed to load session data (error -<n>)"
//
// The prefix (log_message.hpp) gives way to its level and tag; the timestamp goes. In the
// message: numbers become <n> (so "-210" is "-<n>" and "10.0.0.1" "<n>.<n>.<n>.<n>"), hex
// literals <hex>, words of six or more hex digits with a digit among them <id> ("3ffb4c08", a
// hash), four or more hex fields joined by ':' or '-' <id> (MAC addresses, UUIDs), digits
// ending a word <n> ("client17" -> "client<n>"), quoted text <str>. Words, punctuation and
// the tag stay ("TG1WDT_SYS_RESET" too). Runs of spaces become one; a type is cut at 200 bytes
// (Particle already cuts messages at 160).
#pragma once

#include <string>
#include <string_view>

namespace leakscope {

class MessageMasker {
 public:
  static constexpr std::size_t max_length = 200;

  // The type of a cleaned line; valid until the next call.
  std::string_view mask(std::string_view line);

 private:
  void mask_message(std::string_view message);
  std::string out_;
};

}  // namespace leakscope
