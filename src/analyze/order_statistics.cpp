#include "order_statistics.hpp"

#include <algorithm>

namespace leakscope {

double select_rank(std::vector<double>& values, std::size_t rank) {
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(rank),
                   values.end());
  return values[rank];
}

double median_in_place(std::vector<double>& values) {
  const std::size_t mid = values.size() / 2;
  const double upper = select_rank(values, mid);
  if (values.size() % 2 == 1) return upper;
  // The lower middle is the largest of the lower half, which nth_element left before `mid`.
  return (upper +
          *std::max_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(mid))) /
         2;
}

}  // namespace leakscope
