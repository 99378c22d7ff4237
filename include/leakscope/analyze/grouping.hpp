// Grouping: a boot's live allocations -> leak groups by call site, by full stack, by task.
//
// `lookup`: Lookup::preview for a look at a boot still in progress (live mode), which leaves
// the resolver's counts to the final report.
#pragma once

#include "leakscope/analyze/boot_ledger.hpp"
#include "leakscope/analyze/stack_resolver.hpp"

namespace leakscope {

// Identity of a call site: its source position when known, else its address.
std::string site_key(const ResolvedStack& stack);

LeakSummary group_leaks(const BootLedger& ledger, StackResolver& resolver,
                        Lookup lookup = Lookup::report);

}  // namespace leakscope
