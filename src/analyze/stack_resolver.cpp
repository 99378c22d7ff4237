#include "leakscope/analyze/stack_resolver.hpp"

#include <filesystem>

#include "leakscope/symbolize/symbolizer.hpp"

namespace leakscope {

namespace {

// "./src/../src/net.c" -> "src/net.c": DWARF joins a relative comp dir as-is, and reports are
// read by people who click on paths.
std::string display_path(std::string_view path) {
  if (path.empty()) return {};
  std::string normal = std::filesystem::path(path).lexically_normal().generic_string();
  return normal.empty() ? std::string(path) : normal;
}

// A frame of which only the address is known.
Frame address_only(std::uint64_t address, bool in_code) {
  Frame f;
  f.address = address;
  f.in_code = in_code;
  return f;
}

}  // namespace

StackResolver::StackResolver(const StackTable& stacks, Symbolizer* symbolizer,
                             const PlumbingFilter& plumbing, const ModuleFrames* modules)
    : stacks_(stacks), symbolizer_(symbolizer), plumbing_(plumbing), modules_(modules) {}

const std::vector<Frame>& StackResolver::frames_of(std::uint64_t address) {
  auto [it, first_time] = address_frames_.try_emplace(address);
  AddressEntry& entry = it->second;
  if (!first_time) return entry.frames;
  if (const ModuleFrameEvent* module = modules_ != nullptr ? modules_->find(address) : nullptr)
    module_frames_of(*module, entry);
  else
    entry.frames = frames_at(address, AddressKind::return_address);
  return entry.frames;
}

std::vector<Frame> StackResolver::frames_at(std::uint64_t address, AddressKind kind) const {
  if (symbolizer_ == nullptr) return {address_only(address, true)};
  return frames_from(address, symbolizer_->symbolize(address, kind));
}

std::vector<Frame> StackResolver::frames_from(std::uint64_t address, const Symbolization& s) const {
  std::vector<Frame> out;
  if (s.frames.empty()) out.push_back(address_only(address, s.in_code));
  for (const SourceFrame& f : s.frames) {
    Frame& frame = out.emplace_back(address_only(address, s.in_code));
    frame.function = f.function;
    frame.file = display_path(f.file);
    frame.line = f.line;
    frame.inlined = f.inlined;
    frame.plumbing = plumbing_.is_plumbing(f.function);
  }
  return out;
}

// Frames carry the number as printed and the object it is in, found in an ELF or not.
void StackResolver::module_frames_of(const ModuleFrameEvent& module, AddressEntry& entry) {
  const Symbolization* s =
      symbolizer_ != nullptr ? symbolize_module_frame(module, *symbolizer_) : nullptr;
  if (s != nullptr) {
    entry.frames = frames_from(module.address, *s);
  } else {
    entry.frames.push_back(address_only(module.address, symbolizer_ == nullptr));
    entry.looked_up = symbolizer_ == nullptr;
  }
  for (Frame& f : entry.frames) {
    f.module = module.module;
    f.module_symbol = module.symbol;
  }
}

Arch StackResolver::arch() const {
  return symbolizer_ == nullptr ? Arch::unknown : symbolizer_->arch();
}

// Each address of the stack counts once, however many counted stacks hold it. Its frames
// say what the lookup found: all of them carry its in_code, the first its innermost function.
void StackResolver::count(StackId id) {
  for (std::uint64_t address : stacks_.at(id)) {
    AddressEntry& entry = address_frames_.at(address);
    if (entry.counted || !entry.looked_up) continue;
    entry.counted = true;
    ++stats_.addresses;
    if (symbolizer_ == nullptr) continue;
    const Frame& innermost = entry.frames.front();
    if (!innermost.in_code) ++stats_.not_in_code;
    if (innermost.function.empty()) ++stats_.unknown;
  }
}

const ResolvedStack& StackResolver::resolve(StackId id, Lookup lookup) {
  auto it = resolved_.find(id.value);
  if (it == resolved_.end()) it = resolved_.emplace(id.value, StackEntry{resolve_new(id)}).first;
  StackEntry& entry = it->second;
  if (lookup == Lookup::report && !entry.counted) {
    entry.counted = true;
    count(id);
  }
  return entry.stack;
}

ResolvedStack StackResolver::resolve_new(StackId id) {
  std::vector<Frame> frames;
  for (std::uint64_t address : stacks_.at(id)) {
    const std::vector<Frame>& more = frames_of(address);
    frames.insert(frames.end(), more.begin(), more.end());
  }
  ResolvedStack result;

  // The site is the innermost frame that is real code and not allocator plumbing. Addresses
  // outside the ELF's code (a stale caller slot, or the wrong ELF) are passed over, unless no
  // frame is in code: then the innermost non-plumbing address stands, as without an ELF. If
  // every frame is plumbing (a trace too shallow to leave the allocator), the outermost frame
  // is the best we can say.
  auto first = [&](auto&& usable) {
    for (std::size_t i = 0; i < frames.size(); ++i)
      if (usable(frames[i])) return i;
    return ResolvedStack::no_site;
  };
  const bool have_symbols = symbolizer_ != nullptr;
  result.site = first([&](const Frame& f) { return !f.plumbing && (f.in_code || !have_symbols); });
  if (result.site == ResolvedStack::no_site)
    result.site = first([](const Frame& f) { return !f.plumbing; });
  if (result.site == ResolvedStack::no_site && !frames.empty()) result.site = frames.size() - 1;
  result.frames = std::make_shared<const std::vector<Frame>>(std::move(frames));
  return result;
}

}  // namespace leakscope
