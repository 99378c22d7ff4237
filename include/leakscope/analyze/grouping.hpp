// Grouping: a boot's live allocations -> leak groups by call site, by full stack, by task.
#pragma once

#include "leakscope/analyze/boot_ledger.hpp"
#include "leakscope/analyze/stack_resolver.hpp"

namespace leakscope {

LeakSummary group_leaks(const BootLedger& ledger, StackResolver& resolver);

}  // namespace leakscope
