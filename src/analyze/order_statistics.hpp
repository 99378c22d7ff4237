// Selection-based order statistics for the robust trend code: O(n), reorders its input.
#pragma once

#include <cstddef>
#include <vector>

namespace leakscope {

// The value of the given rank (0-based) in sorted order; `values` is reordered. Not empty.
double select_rank(std::vector<double>& values, std::size_t rank);

// The median (mean of the two middle values for an even count); `values` is reordered. Not empty.
double median_in_place(std::vector<double>& values);

}  // namespace leakscope
