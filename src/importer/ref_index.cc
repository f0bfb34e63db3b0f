#include "importer/ref_index.h"

namespace inbeeld {

uint64_t RefIndex::Hash(std::string_view key) {
  // FNV-1a, then a 64-bit finaliser (splitmix) to spread the bits.
  uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char c : key) {
    h ^= c;
    h *= 0x100000001b3ull;
  }
  h ^= h >> 30;
  h *= 0xbf58476d1ce4e5b9ull;
  h ^= h >> 27;
  h *= 0x94d049bb133111ebull;
  h ^= h >> 31;
  return h == 0 ? 1 : h;
}

void RefIndex::Grow() {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(old.empty() ? 1024 : old.size() * 2, Slot{});
  const size_t mask = slots_.size() - 1;
  for (const Slot& s : old) {
    if (s.hash == 0) continue;
    size_t i = s.hash & mask;
    while (slots_[i].hash != 0) i = (i + 1) & mask;
    slots_[i] = s;
  }
}

int64_t RefIndex::Insert(std::string_view key, int64_t row) {
  if ((size_ + 1) * 2 > slots_.size()) Grow();
  const uint64_t h = Hash(key);
  const size_t mask = slots_.size() - 1;
  size_t i = h & mask;
  while (slots_[i].hash != 0) {
    if (slots_[i].hash == h) return slots_[i].row;
    i = (i + 1) & mask;
  }
  slots_[i] = {h, row};
  ++size_;
  return 0;
}

int64_t RefIndex::Find(std::string_view key) const {
  if (slots_.empty()) return 0;
  const uint64_t h = Hash(key);
  const size_t mask = slots_.size() - 1;
  for (size_t i = h & mask; slots_[i].hash != 0; i = (i + 1) & mask) {
    if (slots_[i].hash == h) return slots_[i].row;
  }
  return 0;
}

}  // namespace inbeeld
