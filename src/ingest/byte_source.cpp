#include "leakscope/ingest/byte_source.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>

namespace leakscope {

namespace {

class FdSource final : public ByteSource {
 public:
  FdSource(int fd, bool owned, std::string name, ReadGate* gate)
      : fd_(fd), owned_(owned), name_(std::move(name)), gate_(gate) {
    struct stat st {};
    over_time_ = ::fstat(fd, &st) == 0 &&
                 (S_ISFIFO(st.st_mode) || S_ISCHR(st.st_mode) || S_ISSOCK(st.st_mode));
  }
  ~FdSource() override {
    if (owned_) ::close(fd_);
  }
  FdSource(const FdSource&) = delete;
  FdSource& operator=(const FdSource&) = delete;

  std::size_t read(char* buffer, std::size_t capacity) override {
    if (done_) return 0;
    for (;;) {
      if (gate_ != nullptr && !gate_->wait_readable(fd_)) {
        done_ = true;
        return 0;
      }
      const ssize_t n = ::read(fd_, buffer, capacity);
      if (n > 0) return static_cast<std::size_t>(n);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) error_ = std::strerror(errno);
      done_ = true;
      return 0;
    }
  }
  const std::string& error() const override { return error_; }
  const std::string& name() const override { return name_; }
  bool arrives_over_time() const override { return over_time_; }

 private:
  int fd_;
  bool owned_;
  bool over_time_ = false;
  bool done_ = false;
  std::string name_;
  ReadGate* gate_;
  std::string error_;
};

class StringSource final : public ByteSource {
 public:
  StringSource(std::string bytes, std::string name, std::size_t chunk, bool over_time)
      : bytes_(std::move(bytes)), name_(std::move(name)), chunk_(chunk), over_time_(over_time) {}

  std::size_t read(char* buffer, std::size_t capacity) override {
    std::size_t n = std::min(capacity, bytes_.size() - offset_);
    if (chunk_ > 0) n = std::min(n, chunk_);
    std::memcpy(buffer, bytes_.data() + offset_, n);
    offset_ += n;
    return n;
  }
  const std::string& error() const override { return error_; }
  const std::string& name() const override { return name_; }
  bool arrives_over_time() const override { return over_time_; }

 private:
  std::string bytes_;
  std::string name_;
  std::string error_;
  std::size_t chunk_;
  bool over_time_;
  std::size_t offset_ = 0;
};

}  // namespace

Result<std::unique_ptr<ByteSource>> open_input(const std::string& path, int stdin_fd,
                                               ReadGate* gate) {
  if (path == "-")
    return std::unique_ptr<ByteSource>(new FdSource(stdin_fd, false, "<stdin>", gate));
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Error{path + ": " + std::strerror(errno)};
  struct stat st {};
  if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    ::close(fd);
    return Error{path + ": is a directory"};
  }
  return std::unique_ptr<ByteSource>(new FdSource(fd, true, path, gate));
}

std::unique_ptr<ByteSource> string_source(std::string bytes, std::string name,
                                          std::size_t chunk_size, bool over_time) {
  return std::make_unique<StringSource>(std::move(bytes), std::move(name), chunk_size, over_time);
}

}  // namespace leakscope
