// ProgressBar: one line on stderr, redrawn at most ten times a second, only
// when stderr is a terminal (isatty) and the caller asked for it; otherwise
// every call does nothing. Not thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace inbeeld {

class ProgressBar {
 public:
  // `total_bytes` <= 0: unknown size (no percentage).
  ProgressBar(bool wanted, std::string label, int64_t total_bytes);
  ~ProgressBar() { Finish(); }
  void Update(int64_t bytes, int64_t rows);
  // Draws the final state and ends the line.
  void Finish();

 private:
  void Draw(int64_t bytes, int64_t rows);

  bool enabled_;
  std::string label_;
  int64_t total_;
  int64_t last_bytes_ = 0, last_rows_ = 0;
  std::chrono::steady_clock::time_point start_, last_draw_;
  bool finished_ = false;
};

}  // namespace inbeeld
