#include "importer/progress_bar.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>

namespace inbeeld {

ProgressBar::ProgressBar(bool wanted, std::string label, int64_t total_bytes)
    : enabled_(wanted && isatty(STDERR_FILENO) == 1),
      label_(std::move(label)),
      total_(total_bytes),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {}

void ProgressBar::Update(int64_t bytes, int64_t rows) {
  if (!enabled_) return;
  last_bytes_ = bytes;
  last_rows_ = rows;
  const auto now = std::chrono::steady_clock::now();
  if (now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  Draw(bytes, rows);
}

void ProgressBar::Draw(int64_t bytes, int64_t rows) {
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const double rate = secs > 0 ? static_cast<double>(rows) / secs : 0;
  char bar[31] = {};
  const double frac = total_ > 0 ? std::min(1.0, static_cast<double>(bytes) / total_) : 0;
  const int filled = static_cast<int>(frac * 30);
  for (int i = 0; i < 30; ++i) bar[i] = i < filled ? '#' : '.';
  std::fprintf(stderr, "\r%-18s [%s] %3d%%  %10lld rijen  %8.0f rijen/s", label_.c_str(), bar,
               static_cast<int>(frac * 100), static_cast<long long>(rows), rate);
  std::fflush(stderr);
}

void ProgressBar::Finish() {
  if (!enabled_ || finished_) return;
  finished_ = true;
  Draw(total_ > 0 ? total_ : last_bytes_, last_rows_);
  std::fputc('\n', stderr);
}

}  // namespace inbeeld
