#include "leakscope/report/symbolization_json_writer.hpp"

#include <fmt/format.h>

#include <algorithm>

#include <nlohmann/json.hpp>

namespace leakscope {

std::string format_symbolization_json(const Symbolization& symbolization, std::string_view module, bool inlines) {
  nlohmann::ordered_json frames = nlohmann::ordered_json::array();
  const std::size_t count = inlines ? symbolization.frames.size() : std::min<std::size_t>(1, symbolization.frames.size());
  for (std::size_t i = 0; i < count; ++i) {
    const SourceFrame& frame = symbolization.frames[i];
    frames.push_back({{"Column", frame.column},
                      {"Discriminator", frame.discriminator},
                      {"FileName", frame.file},
                      {"FunctionName", frame.function},
                      {"Inlined", frame.inlined},
                      {"Line", frame.line},
                      {"LinkageName", frame.linkage_name}});
  }
  const nlohmann::ordered_json line = {{"Address", fmt::format("{:#x}", symbolization.address)},
                                       {"LookupPC", fmt::format("{:#x}", symbolization.lookup_pc)},
                                       {"ModuleName", module},
                                       {"Symbol", std::move(frames)}};
  // Names come from the ELF: replace invalid UTF-8 rather than throw on a damaged string table.
  return line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + '\n';
}

std::string format_symbolization_json_error(std::string_view input, std::string_view message) {
  const nlohmann::ordered_json line = {{"Error", {{"Message", message}}}, {"Input", input}};
  return line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + '\n';
}

}  // namespace leakscope
