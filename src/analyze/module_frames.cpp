#include "leakscope/analyze/module_frames.hpp"

#include <algorithm>

#include "leakscope/symbolize/symbolizer.hpp"

namespace leakscope {

const ModuleFrameEvent* ModuleFrames::find(std::uint64_t caller) const {
  if (!is_module_frame_key(caller)) return nullptr;
  auto it = frames_.find(caller);
  return it == frames_.end() ? nullptr : &it->second;
}

std::vector<std::string> ModuleFrames::object_names() const {
  std::vector<std::string> names;
  for (const auto& [key, frame] : frames_) names.emplace_back(object_file_name(frame.module));
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

std::string_view object_file_name(std::string_view path) {
  const std::size_t slash = path.find_last_of('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

const Symbolization* symbolize_module_frame(const ModuleFrameEvent& frame, Symbolizer& symbolizer) {
  const std::string_view name = object_file_name(frame.module);
  const std::vector<ElfSummary>& elfs = symbolizer.elfs();
  for (std::size_t i = 0; i < elfs.size(); ++i) {
    if (name.empty() || object_file_name(elfs[i].path) != name) continue;
    std::vector<std::uint64_t> candidates;
    if (frame.form != ModuleAddress::absolute) candidates.push_back(elfs[i].image_base + frame.address);
    if (frame.form != ModuleAddress::offset && (candidates.empty() || candidates[0] != frame.address))
      candidates.push_back(frame.address);
    for (std::uint64_t address : candidates) {
      const Symbolization& s = symbolizer.symbolize_in(i, address, AddressKind::return_address);
      if (s.in_code) return &s;
    }
  }
  return nullptr;
}

}  // namespace leakscope
