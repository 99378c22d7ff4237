// A file in the temporary directory for the length of a test, named after the process.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

namespace leakscope::testing {

class TempFile {
 public:
  TempFile(std::string_view name, const std::string& content)
      : path_(std::filesystem::temp_directory_path() /
              ("leakscope-test-" + std::to_string(::getpid()) + "-" + std::string(name))) {
    std::ofstream(path_, std::ios::binary) << content;
  }
  ~TempFile() { std::filesystem::remove(path_); }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  std::string path() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

}  // namespace leakscope::testing
