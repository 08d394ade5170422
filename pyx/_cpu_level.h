/* Which of the extra builds of the compiled loops this processor runs, detected once:
   0 baseline x86-64, 1 AVX2 with FMA, 2 AVX-512 (F and DQ) as well.  Every build of a loop
   performs the same float operations in the same order, so the level changes speed, never
   values.  Modules that build their loops only up to AVX2 compare against 1. */
#ifndef TL_CPU_LEVEL_H
#define TL_CPU_LEVEL_H
#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
static int tl_cpu_level(void) {
    static int level = -1;
    if (level < 0) {
        __builtin_cpu_init();
        level = !(__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) ? 0
                : __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") ? 2 : 1;
    }
    return level;
}
#else
static int tl_cpu_level(void) { return 0; }
#endif
#endif
