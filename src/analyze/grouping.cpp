#include "leakscope/analyze/grouping.hpp"

#include <algorithm>
#include <map>
#include <tuple>

#include <fmt/format.h>

#include "leakscope/analyze/fingerprint.hpp"

namespace leakscope {

namespace {

// Orders groups: most bytes first, then most allocations, then by name for determinism.
template <class Group, class NameOf>
void sort_groups(std::vector<Group>& groups, NameOf name_of) {
  std::sort(groups.begin(), groups.end(), [&](const Group& a, const Group& b) {
    return std::forward_as_tuple(b.stats.bytes, b.stats.count, name_of(a)) <
           std::forward_as_tuple(a.stats.bytes, a.stats.count, name_of(b));
  });
}

// Task labels ordered by the bytes they hold.
std::vector<std::string> ranked_tasks(const std::map<std::string, std::uint64_t>& bytes_by_task) {
  std::vector<std::pair<std::string, std::uint64_t>> ranked(bytes_by_task.begin(),
                                                            bytes_by_task.end());
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  std::vector<std::string> names;
  for (auto& [name, bytes] : ranked) names.push_back(std::move(name));
  return names;
}

struct SiteAccumulator {
  SiteGroup group;
  std::map<std::string, std::uint64_t> task_bytes;
  std::map<std::uint32_t, std::uint64_t> stack_bytes;
};

struct StackAccumulator {
  StackGroup group;
  std::map<std::string, std::uint64_t> task_bytes;
};

}  // namespace

std::string site_key(const ResolvedStack& stack) {
  if (stack.site == ResolvedStack::no_site) return "(no callers)";
  const Frame& f = (*stack.frames)[stack.site];
  if (!f.function.empty() || !f.file.empty())
    return fmt::format("{}\n{}\n{}", f.function, f.file, f.line);
  if (!f.module.empty()) return fmt::format("{}\n{:#x}", f.module, f.address);
  return fmt::format("{:#x}", f.address);
}

LeakSummary group_leaks(const BootLedger& ledger, StackResolver& resolver, Lookup lookup) {
  std::map<std::string, SiteAccumulator> sites;
  std::map<std::uint32_t, StackAccumulator> stacks;
  std::map<std::string, TaskGroup> tasks;
  LeakSummary summary;

  for (const auto& [address, a] : ledger.live()) {
    const ResolvedStack& resolved = resolver.resolve(a.stack, lookup);
    const std::string task = ledger.task_label(a.task, a.task_generation);
    summary.bytes += a.size;
    ++summary.count;

    SiteAccumulator& site = sites[site_key(resolved)];
    if (site.group.stats.count == 0 && resolved.site != ResolvedStack::no_site) {
      const Frame& f = (*resolved.frames)[resolved.site];
      site.group.function = f.function;
      site.group.file = f.file;
      site.group.line = f.line;
      site.group.address = f.address;
      site.group.module = f.module;
    }
    site.group.stats.add(a.size, a.seq, a.pos);
    site.group.blocks.push_back({address, a.size, a.seq, a.pos});
    site.task_bytes[task] += a.size;
    site.stack_bytes[a.stack.value] += a.size;

    StackAccumulator& stack = stacks[a.stack.value];
    if (stack.group.stats.count == 0) stack.group.stack = resolved.frames;
    stack.group.stats.add(a.size, a.seq, a.pos);
    stack.task_bytes[task] += a.size;

    TaskGroup& group = tasks[task];
    group.task = task;
    group.handle = a.task;
    group.stats.add(a.size, a.seq, a.pos);
  }

  for (auto& [key, site] : sites) {
    // The representative stack: the one holding most bytes (lowest id on ties).
    std::uint32_t best = site.stack_bytes.begin()->first;
    for (const auto& [id, bytes] : site.stack_bytes)
      if (bytes > site.stack_bytes[best]) best = id;
    site.group.stack = resolver.resolve(StackId{best}, lookup).frames;
    site.group.distinct_stacks = site.stack_bytes.size();
    site.group.tasks = ranked_tasks(site.task_bytes);
    std::sort(site.group.blocks.begin(), site.group.blocks.end(),
              [](const LeakedBlock& a, const LeakedBlock& b) { return a.seq < b.seq; });
    Fingerprint fingerprint =
        site_fingerprint(site.group.function, site.group.file, site.group.address);
    site.group.fingerprint = std::move(fingerprint.id);
    site.group.fingerprint_by_address = fingerprint.by_address;
    summary.by_site.push_back(std::move(site.group));
  }
  for (auto& [id, stack] : stacks) {
    stack.group.tasks = ranked_tasks(stack.task_bytes);
    summary.by_stack.push_back(std::move(stack.group));
  }
  for (auto& [name, group] : tasks) summary.by_task.push_back(std::move(group));

  sort_groups(summary.by_site, [](const SiteGroup& g) {
    return std::tie(g.function, g.file, g.line, g.address);
  });
  sort_groups(summary.by_stack, [](const StackGroup& g) {
    std::vector<std::uint64_t> addresses;
    for (const Frame& f : *g.stack) addresses.push_back(f.address);
    return addresses;
  });
  sort_groups(summary.by_task, [](const TaskGroup& g) { return g.task; });
  return summary;
}

}  // namespace leakscope
