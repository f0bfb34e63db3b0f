// Clock: the only source of time. Tests set a FakeClock.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>

#include "core/calendar_time.h"  // LocalDateTime, ToAmsterdam, FromAmsterdam (pure)
#include "core/date.h"

namespace inbeeld {

class Clock {
 public:
  virtual ~Clock() = default;
  // Unix time in milliseconds.
  virtual int64_t NowMs() const = 0;
  int64_t NowS() const { return NowMs() / 1000; }
  // Today's civil date in Europe/Amsterdam.
  Date Today() const;
};

// "2026-11-23 14:05".
std::string FormatAmsterdam(int64_t unix_ms);

class SystemClock final : public Clock {
 public:
  int64_t NowMs() const override;
};

// A clock tests move by hand. Thread-safe.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(int64_t now_ms) : now_ms_(now_ms) {}
  int64_t NowMs() const override { return now_ms_.load(); }
  void Set(int64_t now_ms) { now_ms_ = now_ms; }
  void Advance(int64_t ms) { now_ms_ += ms; }

 private:
  std::atomic<int64_t> now_ms_;
};

}  // namespace inbeeld
