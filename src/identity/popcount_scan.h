// The hot loop of linkage: popcount(query AND record) over many encodings,
// with the widest popcount the CPU has, chosen once at run time
// (__builtin_cpu_supports): AVX-512 VPOPCNTDQ, AVX2 (nibble lookup with
// vpshufb), the POPCNT instruction, or portable C++. The build stays plain
// x86-64: g++ 12 with -march=native made a plain popcount loop slower here.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "identity/bloom_encoding.h"

namespace inbeeld {

enum class PopcountKernel { kPortable, kPopcnt, kAvx2, kAvx512 };

// The best kernel this CPU supports.
PopcountKernel BestPopcountKernel();
std::string_view KernelName(PopcountKernel k);

// out[i] = popcount(q & base[i]) for i in [0, n). `kernel` must be supported
// by this CPU (BestPopcountKernel() or below).
void AndPopcounts(const BloomEncoding& q, const BloomEncoding* base, size_t n, uint16_t* out,
                  PopcountKernel kernel);
inline void AndPopcounts(const BloomEncoding& q, const BloomEncoding* base, size_t n,
                         uint16_t* out) {
  AndPopcounts(q, base, n, out, BestPopcountKernel());
}

// out[i] = popcount(q & base[pos[i]]) for i in [0, m): the blocked candidates,
// prefetched a few ahead (they are scattered over the index).
void AndPopcountsAt(const BloomEncoding& q, const BloomEncoding* base, const uint32_t* pos,
                    size_t m, uint16_t* out, PopcountKernel kernel);

}  // namespace inbeeld
