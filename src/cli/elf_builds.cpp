#include "elf_builds.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <system_error>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace fs = std::filesystem;

namespace leakscope {

namespace {

bool has_elf_extension(const fs::path& path) {
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext == ".elf";
}

void log_loaded(const ElfSummary& e) {
  spdlog::debug("loaded {} ({}, {}{}{}), SHA-256 {}", e.path, arch_name(e.arch),
                e.has_dwarf ? "DWARF" : e.has_symtab ? "symbols only" : "stripped",
                e.debug_file.empty() ? "" : " from " + e.debug_file,
                e.build_id.empty() ? "" : ", build-id " + e.build_id, e.sha256);
}

}  // namespace

Result<std::vector<std::string>> find_elf_files(const std::string& dir) {
  std::vector<std::string> files;
  std::error_code ec;
  fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec);
  for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    std::error_code type_ec;
    if (has_elf_extension(it->path()) && it->is_regular_file(type_ec))
      files.push_back(it->path().string());
  }
  if (ec) return Error{fmt::format("{}: cannot read: {}", dir, ec.message())};
  if (files.empty()) return Error{fmt::format("{}: no *.elf file in it or its subfolders", dir)};
  std::sort(files.begin(), files.end());
  return files;
}

ElfBuilds load_elf_builds(const std::vector<std::string>& elfs, const std::string& elf_dir, ElfLoadOptions load,
                          const std::function<void(const std::string&)>& report) {
  ElfBuilds out;
  load.compute_sha256 = true;  // every build is matched against the boots' SHA-256 lines
  if (!elfs.empty()) {
    Symbolizer& build = out.builds.emplace_back();
    for (const std::string& elf : elfs) {
      if (auto st = build.add_elf(elf, load); !st) {
        report(st.error().message);
        out.fatal = true;
        return out;
      }
      log_loaded(build.elfs().back());
    }
  }
  if (elf_dir.empty()) return out;

  auto files = find_elf_files(elf_dir);
  if (!files) {
    report(files.error().message);
    out.fatal = true;
    return out;
  }
  for (const std::string& file : *files) {
    Symbolizer build;
    if (auto st = build.add_elf(file, load); !st) {
      // One bad file in a folder of builds should not hide the others' answers.
      report(st.error().message);
      out.load_error = true;
      continue;
    }
    log_loaded(build.elfs().back());
    out.builds.push_back(std::move(build));
  }
  if (out.builds.empty()) {
    report(fmt::format("{}: no ELF in it could be loaded", elf_dir));
    out.fatal = true;
  }
  return out;
}

}  // namespace leakscope
