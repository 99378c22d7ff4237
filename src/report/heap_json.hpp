// A boot's heap health as JSON (boots[].heap of the report; README.md "JSON report"). Figures
// are rounded for people and stable goldens: bytes to whole bytes, rates to 0.1 B, positions
// to 1 ms (or whole lines), scores to 4 decimals.
#pragma once

#include <functional>

#include <nlohmann/json.hpp>

#include "leakscope/model/heap_report.hpp"

namespace leakscope {

// position: a SourcePos as the report spells it.
nlohmann::json boot_heap_json(const BootHeap& heap,
                              const std::function<nlohmann::json(SourcePos)>& position);

}  // namespace leakscope
