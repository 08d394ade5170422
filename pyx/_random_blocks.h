/* PyTorch's float32 normal blocks (its AVX2 kernel, which AVX512 machines also run): for each
   block of 16 uniforms, u1 = 1 - p[j] and u2 = p[j + 8] (j < 8), radius sqrt(-2 log u1) and angle
   (float)(2 pi) * u2 by the single-precision Cephes log and sincos, fused multiply-adds where
   PyTorch's build fuses them (constants rounded from double as PyTorch's are); p[j] = radius cos * std + mean, p[j + 8] = radius sin * std + mean.

   The body is written once (TL_NORMAL_BLOCKS_BODY) and compiled twice: with the processor's fused
   multiply-add where it has one (chosen at run time), else with an exact software one. */
#ifndef TL_RANDOM_BLOCKS_H
#define TL_RANDOM_BLOCKS_H

#include <math.h>
#include <stdint.h>
#include <string.h>

/* fmaf without the library call: the float product is exact in double, so the double sum rounds
   to the right float unless it lands exactly halfway between two floats (or is tiny): fmaf decides */
static inline float tl_fused_soft(float a, float b, float c) {
    double total = (double)a * (double)b + (double)c;
    uint64_t bits;
    memcpy(&bits, &total, sizeof bits);
    if ((bits & 0x1FFFFFFFull) == 0x10000000ull || ((bits >> 52) & 0x7FF) < 0x381)
        return fmaf(a, b, c);
    return (float)total;
}

#define TL_NORMAL_BLOCKS_BODY(FMA)                                                                  \
    for (Py_ssize_t block = 0; block < blocks; block++) {                                           \
        float *p = data + 16 * block;                                                               \
        for (int j = 0; j < 8; j++) {                                                               \
            /* log(1 - u): exponent and mantissa in [sqrt(1/2), sqrt(2)) */                         \
            float x = 1.0f - p[j];                                                                  \
            uint32_t bits, mantissa_bits;                                                           \
            memcpy(&bits, &x, 4);                                                                   \
            float e = (float)((int32_t)(bits >> 23) - 0x7f) + 1.0f;                                 \
            mantissa_bits = (bits & ~0x7f800000u) | 0x3f000000u;                                    \
            float m;                                                                                \
            memcpy(&m, &mantissa_bits, 4);                                                          \
            float t;                                                                                \
            if (m < (float)0.707106781186547524) { e = e - 1.0f; t = (m - 1.0f) + m; }              \
            else { t = m - 1.0f; }                                                                  \
            float z = t * t;                                                                        \
            float y = FMA((float)7.0376836292e-2, t, (float)-1.1514610310e-1);                      \
            y = FMA(y, t, (float)1.1676998740e-1);                                                  \
            y = FMA(y, t, (float)-1.2420140846e-1);                                                 \
            y = FMA(y, t, (float)1.4249322787e-1);                                                  \
            y = FMA(y, t, (float)-1.6668057665e-1);                                                 \
            y = FMA(y, t, (float)2.0000714765e-1);                                                  \
            y = FMA(y, t, (float)-2.4999993993e-1);                                                 \
            y = FMA(y, t, (float)3.3333331174e-1);                                                  \
            y = y * t;                                                                              \
            y = FMA(y, z, e * (float)-2.12194440e-4);                                               \
            y = y - z * 0.5f;                                                                       \
            float radius = sqrtf(-2.0f * FMA(e, (float)0.693359375, t + y));                        \
            /* sincos: octant j, x reduced by pi/4 in three parts, both polynomials */              \
            float a = (float)6.283185307179586 * p[j + 8];                                          \
            int32_t octant = (int32_t)(a * (float)1.27323954473516);                                \
            octant = (octant + 1) & ~1;                                                             \
            float q = (float)octant;                                                                \
            a = FMA(q, (float)-0.78515625, a);                                                      \
            a = FMA(q, (float)-2.4187564849853515625e-4, a);                                        \
            a = FMA(q, (float)-3.77489497744594108e-8, a);                                          \
            float w = a * a;                                                                        \
            float c = FMA((float)2.443315711809948e-5, w, (float)-1.388731625493765e-3);            \
            c = FMA(c, w, (float)4.166664568298827e-2);                                             \
            c = c * w;                                                                              \
            c = FMA(c, w, -(w * 0.5f));                                                             \
            c = c + 1.0f;                                                                           \
            float s = FMA((float)-1.9515295891e-4, w, (float)8.3321608736e-3);                      \
            s = FMA(s, w, (float)-1.6666654611e-1);                                                 \
            s = s * w;                                                                              \
            s = FMA(s, a, a);                                                                       \
            if (octant & 2) { float swap = c; c = s; s = swap; }                                    \
            if (octant & 4) s = -s;                                                                 \
            if ((~(octant - 2)) & 4) c = -c;                                                        \
            p[j] = FMA(radius * c, sd, mean);                                                       \
            p[j + 8] = FMA(radius * s, sd, mean);                                                   \
        }                                                                                           \
    }

static void tl_normal_blocks_soft(float *data, Py_ssize_t blocks, float mean, float sd) {
    TL_NORMAL_BLOCKS_BODY(tl_fused_soft)
}

#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
__attribute__((target("fma")))
static void tl_normal_blocks_hardware(float *data, Py_ssize_t blocks, float mean, float sd) {
    TL_NORMAL_BLOCKS_BODY(__builtin_fmaf)
}

static int tl_has_fma(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("fma");
}
#else
static void tl_normal_blocks_hardware(float *data, Py_ssize_t blocks, float mean, float sd) {
    TL_NORMAL_BLOCKS_BODY(fmaf)
}

static int tl_has_fma(void) { return 0; }
#endif

static void tl_normal_blocks32(float *data, Py_ssize_t blocks, float mean, float sd) {
    static int fma_available = -1;
    if (fma_available < 0)
        fma_available = tl_has_fma();
    if (fma_available)
        tl_normal_blocks_hardware(data, blocks, mean, sd);
    else
        tl_normal_blocks_soft(data, blocks, mean, sd);
}

#endif
