// Symbolizer: picks the ELF holding an address, asks DWARF, falls back to the symbol table,
// and remembers every answer.
#include "leakscope/symbolize/symbolizer.hpp"

#include <algorithm>
#include <unordered_map>

#include "leakscope/symbolize/return_address.hpp"
#include "symbolize/dwarf_frames.hpp"
#include "symbolize/elf_image.hpp"

namespace leakscope {

using symbolize_detail::ElfImage;

namespace {

constexpr int any_elf = -1;

struct CacheKey {
  std::uint64_t address = 0;
  AddressKind kind = AddressKind::exact_pc;
  int elf = any_elf;  // symbolize_in's ELF, else any_elf
  bool operator==(const CacheKey&) const = default;
};

struct CacheKeyHash {
  std::size_t operator()(const CacheKey& key) const {
    return std::hash<std::uint64_t>{}(key.address) ^ (static_cast<std::size_t>(key.kind) << 1) ^
           (static_cast<std::size_t>(key.elf + 1) << 2);
  }
};

// The DWARF frames for pc, or none. Usually one unit holds pc. Where --gc-sections left dropped
// functions' DWARF at address 0 over live code, several do: the best evidence wins (a function
// a symbol backs, then lines alone, then a function without symbol), then the smaller function,
// then the first unit in .debug_info.
// `best` and `candidate` are reused from address to address: no allocation per lookup.
void dwarf_answer(ElfImage& image, std::uint64_t pc, symbolize_detail::DwarfAnswer& best,
                  symbolize_detail::DwarfAnswer& candidate) {
  const symbolize_detail::SymbolTable& symbols = image.symbols();
  const Arch arch = image.arch();
  const symbolize_detail::FunctionCheck backed = [&](std::uint64_t start, std::uint64_t size) {
    return symbols.empty() || symbols.backs_function(strip_mode_bits(arch, start), size);
  };
  best.frames.clear();
  for (symbolize_detail::UnitIndex* unit : image.units_containing(pc)) {
    symbolize_detail::dwarf_frames(*unit, backed, pc, candidate);
    if (candidate.frames.empty()) continue;
    if (best.frames.empty() || candidate.better_than(best)) std::swap(best, candidate);
  }
}

// The raw symbol for SourceFrame::linkage_name: set for mangled names and clones, whose
// printed form differs (demangled, '$' spelled '.').
std::string_view mangled_or_empty(std::string_view symbol) {
  return symbol.starts_with("_Z") || symbol.find_first_of(".$") != std::string_view::npos ? symbol
                                                                                          : std::string_view();
}

// Fills `out` for a pc known to lie in one of `image`'s code sections (naming rules 3 and 6 of
// symbolizer.hpp; DWARF's own names come from UnitIndex).
struct Scratch {
  symbolize_detail::DwarfAnswer best;
  symbolize_detail::DwarfAnswer candidate;
  std::vector<SourceFrame> frames;
};

void describe(ElfImage& image, std::uint64_t pc, Scratch& scratch, bool& from_symtab) {
  symbolize_detail::DwarfAnswer& dwarf = scratch.best;
  dwarf_answer(image, pc, dwarf, scratch.candidate);
  std::vector<SourceFrame>& frames = scratch.frames;
  frames.assign(dwarf.frames.begin(), dwarf.frames.end());
  const symbolize_detail::ElfSymbol* symbol = image.symbols().containing(pc);
  if (symbol == nullptr) return;  // no symbol either: whatever DWARF said, nothing is guessed
  if (frames.empty()) {
    // No DWARF for pc (stripped ELF, crt or assembly objects built without -g).
    SourceFrame frame;
    frame.function = image.printable_symbol(*symbol);
    frame.linkage_name = mangled_or_empty(symbol->name);
    frame.file = symbol->file;
    frames.push_back(frame);
    from_symtab = true;
  } else if (frames.back().function.empty()) {
    // DWARF has the line but no function (assembly built with -g): the symbol names it.
    frames.back().function = image.printable_symbol(*symbol);
    frames.back().linkage_name = mangled_or_empty(symbol->name);
    from_symtab = true;
  } else if (symbol->start == dwarf.function_start) {
    if (const std::string_view better = image.outermost_name(*symbol, dwarf.function_names); !better.empty()) {
      frames.back().function = better;
      frames.back().linkage_name = mangled_or_empty(symbol->name);
    }
  }
}

}  // namespace

// Frames of every answer, in chunks that never move: answers refer to them by span, so an
// answer costs no allocation of its own and the cache is freed chunk by chunk.
class FrameArena {
 public:
  std::span<const SourceFrame> store(const std::vector<SourceFrame>& frames) {
    if (frames.empty()) return {};
    if (frames.size() > free_) {
      const std::size_t size = std::max(chunk_frames, frames.size());
      chunks_.push_back(std::make_unique<SourceFrame[]>(size));
      next_ = chunks_.back().get();
      free_ = size;
    }
    SourceFrame* stored = next_;
    std::copy(frames.begin(), frames.end(), stored);
    next_ += frames.size();
    free_ -= frames.size();
    return {stored, frames.size()};
  }

 private:
  static constexpr std::size_t chunk_frames = 4096;
  std::vector<std::unique_ptr<SourceFrame[]>> chunks_;
  SourceFrame* next_ = nullptr;
  std::size_t free_ = 0;
};

struct Symbolizer::Impl {
  std::vector<std::unique_ptr<ElfImage>> images;
  std::vector<ElfSummary> summaries;
  // Node-based: references handed out by symbolize() survive rehashing.
  std::unordered_map<CacheKey, Symbolization, CacheKeyHash> cache;
  FrameArena frames;
  Scratch scratch;  // one answer while it is worked out

  // only: the one ELF to look in (symbolize_in), else any_elf.
  Symbolization resolve(std::uint64_t address, AddressKind kind, int only = any_elf) {
    Symbolization out;
    out.address = address;
    // The first ELF with a code section holding the pc wins (application before ROM); each
    // ELF applies its own architecture's address rules.
    for (std::size_t i = 0; i < images.size(); ++i) {
      if (only != any_elf && static_cast<int>(i) != only) continue;
      ElfImage* image = images[i].get();
      const std::uint64_t pc = lookup_pc(image->arch(), address, kind);
      if (image->code_section(pc) == nullptr) continue;
      out.lookup_pc = pc;
      out.in_code = true;
      out.elf = static_cast<int>(i);
      describe(*image, pc, scratch, out.from_symtab);
      out.frames = frames.store(scratch.frames);
      return out;
    }
    out.lookup_pc = lookup_pc(images.empty() ? Arch::unknown : images.front()->arch(), address, kind);
    return out;
  }
};

Symbolizer::Symbolizer() : impl_(std::make_unique<Impl>()) {
  impl_->cache.reserve(4096);  // backtraces repeat a few thousand addresses: no rehash for them
}
Symbolizer::~Symbolizer() = default;
Symbolizer::Symbolizer(Symbolizer&&) noexcept = default;
Symbolizer& Symbolizer::operator=(Symbolizer&&) noexcept = default;

Status Symbolizer::add_elf(const std::string& path, const ElfLoadOptions& options) {
  Result<std::unique_ptr<ElfImage>> image = ElfImage::open(path, options);
  if (!image) return image.error();
  if (options.compute_sha256) (*image)->compute_sha256();
  impl_->summaries.push_back((*image)->summary());
  impl_->images.push_back(image.take());
  // Earlier answers stay right except those no ELF held, which the new one may: redo them in
  // place so references callers hold stay valid (first ELF wins, so in-code answers keep).
  for (auto& [key, answer] : impl_->cache) {
    if (!answer.in_code && key.elf == any_elf) answer = impl_->resolve(key.address, key.kind);
  }
  return Ok{};
}

Arch Symbolizer::arch() const {
  return impl_->summaries.empty() ? Arch::unknown : impl_->summaries.front().arch;
}

const std::vector<ElfSummary>& Symbolizer::elfs() const { return impl_->summaries; }

const Symbolization& Symbolizer::symbolize(std::uint64_t address, AddressKind kind) {
  const CacheKey key{address, kind};
  auto it = impl_->cache.find(key);
  if (it == impl_->cache.end()) it = impl_->cache.emplace(key, impl_->resolve(address, kind)).first;
  return it->second;
}

const Symbolization& Symbolizer::symbolize_in(std::size_t elf, std::uint64_t address,
                                              AddressKind kind) {
  const CacheKey key{address, kind, static_cast<int>(elf)};
  auto it = impl_->cache.find(key);
  if (it == impl_->cache.end())
    it = impl_->cache.emplace(key, impl_->resolve(address, kind, key.elf)).first;
  return it->second;
}

std::size_t Symbolizer::cache_size() const { return impl_->cache.size(); }

}  // namespace leakscope
