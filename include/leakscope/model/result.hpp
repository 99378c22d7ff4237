// Result<T>: a value or one error message, returned across module boundaries.
//
//   Result<Elf> r = open_elf(path);
//   if (!r) return Error{fmt::format("{}: {}", path, r.error().message)};
//   use(*r);
//
// GCC 12 in C++20 has no std::expected; this is the small subset we need. Errors are data: a
// caller decides whether one aborts the run (bad command line) or is counted and skipped
// (a malformed record).
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace leakscope {

struct Error {
  std::string message;
};

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
  Result(Error error) : state_(std::in_place_index<1>, std::move(error)) {}  // NOLINT

  explicit operator bool() const { return state_.index() == 0; }
  bool ok() const { return state_.index() == 0; }

  T& operator*() { return std::get<0>(state_); }
  const T& operator*() const { return std::get<0>(state_); }
  T* operator->() { return &std::get<0>(state_); }
  const T* operator->() const { return &std::get<0>(state_); }
  T take() { return std::move(std::get<0>(state_)); }

  const Error& error() const { return std::get<1>(state_); }

 private:
  std::variant<T, Error> state_;
};

// Result<void> equivalent: success carries nothing.
struct Ok {};
using Status = Result<Ok>;

}  // namespace leakscope
