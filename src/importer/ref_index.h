// RefIndex: the keys one import run has seen (household_ref, person_ref,
// BSN pseudonyms), each with the CSV row it came from, so later rows and files
// can check references and duplicates without holding millions of strings.
// Keys are kept as 64-bit hashes: two different keys colliding has a chance
// of about n^2 / 2^65 (1e-7 for 3 million keys) and would at worst reject a
// row as a duplicate, with an error naming it. Not thread-safe.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace inbeeld {

class RefIndex {
 public:
  // Adds `key` seen at `row`. Returns 0 when it is new, else the row where it
  // was first seen (the index keeps that one).
  int64_t Insert(std::string_view key, int64_t row);
  // The row where `key` was seen, or 0.
  int64_t Find(std::string_view key) const;
  size_t size() const { return size_; }

 private:
  struct Slot {
    uint64_t hash = 0;  // 0 = empty
    int64_t row = 0;
  };
  static uint64_t Hash(std::string_view key);
  void Grow();

  std::vector<Slot> slots_;
  size_t size_ = 0;
};

}  // namespace inbeeld
