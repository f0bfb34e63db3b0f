#include "identity/popcount_scan.h"

#include <immintrin.h>

// g++ 12's AVX-512 headers start lane extractions from _mm512_undefined and
// then warn that it may be used uninitialised: a known false positive.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

namespace inbeeld {
namespace {

void Portable(const BloomEncoding& q, const BloomEncoding* base, size_t n, uint16_t* out) {
  for (size_t i = 0; i < n; ++i) out[i] = static_cast<uint16_t>(PopcountAnd(q, base[i]));
}

__attribute__((target("popcnt"))) void Popcnt(const BloomEncoding& q, const BloomEncoding* base,
                                              size_t n, uint16_t* out) {
  for (size_t i = 0; i < n; ++i) {
    const uint64_t* r = base[i].words.data();
    uint64_t c = 0;
    for (int w = 0; w < BloomEncoding::kWords; ++w) c += _mm_popcnt_u64(q.words[w] & r[w]);
    out[i] = static_cast<uint16_t>(c);
  }
}

// Per byte: the number of set bits (0..8), by a 16-entry lookup per nibble.
__attribute__((target("avx2"), always_inline)) inline __m256i NibbleCounts(__m256i v,
                                                                           __m256i lookup,
                                                                           __m256i low) {
  __m256i lo = _mm256_and_si256(v, low);
  __m256i hi = _mm256_and_si256(_mm256_srli_epi16(v, 4), low);
  return _mm256_add_epi8(_mm256_shuffle_epi8(lookup, lo), _mm256_shuffle_epi8(lookup, hi));
}

__attribute__((target("avx2"))) void Avx2(const BloomEncoding& q, const BloomEncoding* base,
                                          size_t n, uint16_t* out) {
  const __m256i lookup = _mm256_setr_epi8(0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4,  //
                                          0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4);
  const __m256i low = _mm256_set1_epi8(0x0f);
  const __m256i* qv = reinterpret_cast<const __m256i*>(q.words.data());
  const __m256i q0 = _mm256_load_si256(qv), q1 = _mm256_load_si256(qv + 1),
                q2 = _mm256_load_si256(qv + 2), q3 = _mm256_load_si256(qv + 3);
  for (size_t i = 0; i < n; ++i) {
    const __m256i* r = reinterpret_cast<const __m256i*>(base[i].words.data());
    // At most 8 per byte per vector: the byte sums of four vectors fit in 32.
    __m256i s = _mm256_add_epi8(
        _mm256_add_epi8(NibbleCounts(_mm256_and_si256(q0, _mm256_load_si256(r)), lookup, low),
                        NibbleCounts(_mm256_and_si256(q1, _mm256_load_si256(r + 1)), lookup, low)),
        _mm256_add_epi8(NibbleCounts(_mm256_and_si256(q2, _mm256_load_si256(r + 2)), lookup, low),
                        NibbleCounts(_mm256_and_si256(q3, _mm256_load_si256(r + 3)), lookup, low)));
    __m256i sad = _mm256_sad_epu8(s, _mm256_setzero_si256());
    __m128i t = _mm_add_epi64(_mm256_castsi256_si128(sad), _mm256_extracti128_si256(sad, 1));
    t = _mm_add_epi64(t, _mm_unpackhi_epi64(t, t));
    out[i] = static_cast<uint16_t>(_mm_cvtsi128_si32(t));
  }
}

// The sum of the eight 64-bit lanes.
__attribute__((target("avx512f"), always_inline)) inline uint64_t Sum512(__m512i v) {
  __m256i s = _mm256_add_epi64(_mm512_castsi512_si256(v), _mm512_extracti64x4_epi64(v, 1));
  __m128i t = _mm_add_epi64(_mm256_castsi256_si128(s), _mm256_extracti128_si256(s, 1));
  return static_cast<uint64_t>(_mm_cvtsi128_si64(t)) +
         static_cast<uint64_t>(_mm_extract_epi64(t, 1));
}

__attribute__((target("avx512f,avx512vpopcntdq"))) void Avx512(const BloomEncoding& q,
                                                               const BloomEncoding* base, size_t n,
                                                               uint16_t* out) {
  const __m512i q0 = _mm512_load_si512(q.words.data()), q1 = _mm512_load_si512(q.words.data() + 8);
  size_t i = 0;
  // Four records at a time: their eight partial sums are reduced together.
  for (; i + 4 <= n; i += 4) {
    __m512i c[4];
    for (int j = 0; j < 4; ++j) {
      const uint64_t* r = base[i + j].words.data();
      c[j] = _mm512_add_epi64(_mm512_popcnt_epi64(_mm512_and_si512(q0, _mm512_load_si512(r))),
                              _mm512_popcnt_epi64(_mm512_and_si512(q1, _mm512_load_si512(r + 8))));
    }
    for (int j = 0; j < 4; ++j) out[i + j] = static_cast<uint16_t>(Sum512(c[j]));
  }
  for (; i < n; ++i) {
    const uint64_t* r = base[i].words.data();
    __m512i c =
        _mm512_add_epi64(_mm512_popcnt_epi64(_mm512_and_si512(q0, _mm512_load_si512(r))),
                         _mm512_popcnt_epi64(_mm512_and_si512(q1, _mm512_load_si512(r + 8))));
    out[i] = static_cast<uint16_t>(Sum512(c));
  }
}

__attribute__((target("avx512f,avx512vpopcntdq"))) void Avx512At(const BloomEncoding& q,
                                                                 const BloomEncoding* base,
                                                                 const uint32_t* pos, size_t m,
                                                                 uint16_t* out) {
  const __m512i q0 = _mm512_load_si512(q.words.data()), q1 = _mm512_load_si512(q.words.data() + 8);
  for (size_t i = 0; i < m; ++i) {
    if (i + 8 < m) {
      const char* ahead = reinterpret_cast<const char*>(&base[pos[i + 8]]);
      _mm_prefetch(ahead, _MM_HINT_T0);
      _mm_prefetch(ahead + 64, _MM_HINT_T0);
    }
    const uint64_t* r = base[pos[i]].words.data();
    __m512i c =
        _mm512_add_epi64(_mm512_popcnt_epi64(_mm512_and_si512(q0, _mm512_load_si512(r))),
                         _mm512_popcnt_epi64(_mm512_and_si512(q1, _mm512_load_si512(r + 8))));
    out[i] = static_cast<uint16_t>(Sum512(c));
  }
}

__attribute__((target("popcnt"))) void PopcntAt(const BloomEncoding& q, const BloomEncoding* base,
                                                const uint32_t* pos, size_t m, uint16_t* out) {
  for (size_t i = 0; i < m; ++i) {
    if (i + 8 < m) {
      const char* ahead = reinterpret_cast<const char*>(&base[pos[i + 8]]);
      _mm_prefetch(ahead, _MM_HINT_T0);
      _mm_prefetch(ahead + 64, _MM_HINT_T0);
    }
    const uint64_t* r = base[pos[i]].words.data();
    uint64_t c = 0;
    for (int w = 0; w < BloomEncoding::kWords; ++w) c += _mm_popcnt_u64(q.words[w] & r[w]);
    out[i] = static_cast<uint16_t>(c);
  }
}

PopcountKernel Detect() {
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vpopcntdq")) {
    return PopcountKernel::kAvx512;
  }
  if (__builtin_cpu_supports("avx2")) return PopcountKernel::kAvx2;
  if (__builtin_cpu_supports("popcnt")) return PopcountKernel::kPopcnt;
  return PopcountKernel::kPortable;
}

}  // namespace

PopcountKernel BestPopcountKernel() {
  static const PopcountKernel k = Detect();
  return k;
}

std::string_view KernelName(PopcountKernel k) {
  switch (k) {
    case PopcountKernel::kPortable: return "portable";
    case PopcountKernel::kPopcnt: return "popcnt";
    case PopcountKernel::kAvx2: return "avx2";
    case PopcountKernel::kAvx512: return "avx512-vpopcntdq";
  }
  return "?";
}

void AndPopcounts(const BloomEncoding& q, const BloomEncoding* base, size_t n, uint16_t* out,
                  PopcountKernel kernel) {
  switch (kernel) {
    case PopcountKernel::kAvx512: return Avx512(q, base, n, out);
    case PopcountKernel::kAvx2: return Avx2(q, base, n, out);
    case PopcountKernel::kPopcnt: return Popcnt(q, base, n, out);
    case PopcountKernel::kPortable: return Portable(q, base, n, out);
  }
}

void AndPopcountsAt(const BloomEncoding& q, const BloomEncoding* base, const uint32_t* pos,
                    size_t m, uint16_t* out, PopcountKernel kernel) {
  switch (kernel) {
    case PopcountKernel::kAvx512: return Avx512At(q, base, pos, m, out);
    case PopcountKernel::kAvx2:  // AVX2 has no popcount: the POPCNT instruction is as fast here
    case PopcountKernel::kPopcnt: return PopcntAt(q, base, pos, m, out);
    case PopcountKernel::kPortable:
      for (size_t i = 0; i < m; ++i) out[i] = static_cast<uint16_t>(PopcountAnd(q, base[pos[i]]));
      return;
  }
}

}  // namespace inbeeld
