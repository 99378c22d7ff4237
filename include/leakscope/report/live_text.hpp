// Terminal summary of `leakscope analyze --live`, redrawn in place every interval.
//
//   LiveTextStyle style{.color = true, .width = 100, .height = 30};
//   LiveScreen screen;
//   screen.draw(render_live_text(snapshot, style), std::cout);   // every tick
//   screen.clear(std::cout);                                      // before the final report
//
// The summary fits the terminal: every line is cut to width - 1 columns (a line that fills the
// last column would wrap on some terminals and break the redraw), and the lists of call sites
// and tasks shrink so the whole summary stays below `height` rows; a summary taller than the
// screen could not be moved back over. Colour is optional; the cursor movements are not.
#pragma once

#include <cstddef>
#include <iosfwd>
#include <string>
#include <vector>

#include "leakscope/model/live_snapshot.hpp"

namespace leakscope {

struct LiveTextStyle {
  bool color = false;
  std::size_t width = 80;   // terminal columns
  std::size_t height = 24;  // terminal rows
  std::size_t max_sites = 10;
  std::size_t max_tasks = 5;
};

// The summary's lines, without line ends, each at most width - 1 columns (colour codes aside).
std::vector<std::string> render_live_text(const LiveSnapshot& snapshot, const LiveTextStyle& style);

class LiveScreen {
 public:
  // Replaces what the previous draw() printed with `lines`, line by line, without a blank
  // frame in between (no flicker).
  void draw(const std::vector<std::string>& lines, std::ostream& out);
  // Erases what draw() printed; the cursor goes back to where the first draw began.
  void clear(std::ostream& out);

 private:
  void rewind(std::ostream& out) const;

  std::size_t drawn_ = 0;  // lines printed by the last draw()
};

}  // namespace leakscope
