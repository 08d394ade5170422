# cython: cdivision=True, boundscheck=False, wraparound=False
# distutils: extra_compile_args = -fno-math-errno -fno-trapping-math
#
# GENERATED FILE -- do not edit.  The source is pyx/_elementwise.pyx.tp (Tempita);
# regenerate from the repository root with
#     python -c "from Cython.Tempita import sub; open('pyx/_elementwise.pyx', 'w').write(sub(open('pyx/_elementwise.pyx.tp').read()))"
"""Elementwise compute kernels: ``binary(op, a, b, out)`` and ``unary(op, a, out)``.

Every call runs in three steps:

1. Validation, with the GIL, before any unchecked loop: operands are ndarrays of
   one shape, ``a`` and ``b`` share a dtype, ``out`` has the result dtype and is
   writeable.  A mismatch raises ValueError; an (op, dtype) without a kernel, a
   byte-swapped or misaligned operand, or an ``out`` that partially overlaps an
   input returns False, and the caller falls back to NumPy.
2. ``build_plan`` reduces the operands' (shape, strides) to a minimal loop nest:
   size-1 dims are dropped, dims are ordered so ``out``'s smallest stride is the
   innermost loop, and neighbouring dims that step through memory as one for
   every operand are merged.  A contiguous (or same-layout) op becomes one flat
   loop; ``(1000, 1000) + (1000,)`` a 1000 x 1000 nest whose inner loop reads ``b``
   contiguously.
3. Once the op is big enough to pay for a second thread (64K elements, 8K for
   libm-heavy ops), the flat element range is cut into chunks (16K / 2K elements
   or more, up to 16 a thread) that the calling thread and the pool's helpers
   claim from a counter; each chunk walks its rows and calls the (op, dtype)
   kernel on each.  The kernels (generated per op and dtype from a C expression)
   have plain typed loops for the contiguous and scalar-broadcast cases, which
   the C compiler vectorises, and a strided loop.

The pool is pthreads, not OpenMP: the caller never waits for a helper that has
not started, so on a machine whose other core is busy a kernel takes about one
thread's time, where an OpenMP region -- whose closing barrier waits for the
descheduled thread -- measured 10-15x slower on this project's 2-core machine.
Without pthreads (or with TENSORLIB_NUM_THREADS=1) everything runs on the
calling thread.  Its size: TENSORLIB_NUM_THREADS, else OMP_NUM_THREADS, else
the CPUs this process may use; ``set_num_threads`` changes it.  The pool is
shared with ``tensorlib._reduce`` through the ``_parallel_api`` capsule.

float32 exp and sigmoid use a vectorisable exp (Cody-Waite reduction + degree-6
polynomial, < 1 ulp on |x| <= 87, libm's expf outside that range and for nan/inf),
compiled twice -- for baseline x86-64 and for AVX2+FMA -- and picked at import
from the running CPU.  Integer arithmetic wraps; integer division by zero raises
``RuntimeError("ZeroDivisionError")`` as PyTorch does.
"""
cimport numpy as cnp
from cpython.pycapsule cimport PyCapsule_New
from libc.stdint cimport int8_t, int16_t, int32_t, int64_t, uint8_t, uint16_t, uint32_t, uint64_t
from libc.string cimport memset
from libc.math cimport (INFINITY, floor, floorf, ceil, ceilf, trunc, truncf, rint, rintf,
                        fabs, fabsf, fmod, fmodf, copysign, copysignf, pow, powf, sqrt, sqrtf,
                        exp, expf, log, logf, log2, log2f, log10, log10f, log1p, log1pf,
                        expm1, expm1f, exp2, exp2f, sin, sinf, cos, cosf, tan, tanf,
                        asin, asinf, acos, acosf, atan, atanf, atan2, atan2f, hypot, hypotf,
                        sinh, sinhf, cosh, coshf, tanh, tanhf, asinh, asinhf, acosh, acoshf,
                        atanh, atanhf, erf, erff, erfc, erfcf, lgamma, lgammaf)

import os

cnp.import_array()

cdef extern from *:
    """
    #include <math.h>
    #include <stdint.h>
    #include <string.h>

    /* ---- the thread pool ----------------------------------------------------
       Work is cut into chunks that threads claim with atomic flags, each thread
       its own contiguous range first, then others' leftovers.  The caller
       claims chunks too, and when none are left it waits only for chunks that
       helpers actually claimed -- never for a helper that has not started.
       On a busy machine (another process on the second core) a fork-join region
       (OpenMP's) waits for the descheduled thread at its closing barrier, which
       measured 10-15x slower than one thread here; this pool degrades to about
       one thread's time instead.  Helpers spin briefly after a job (back-to-back
       kernels start at once), then sleep on a condition variable.  One job runs
       at a time: a second caller (another Python thread) runs its chunks alone. */
    typedef void (*tl_chunk_fn)(void* ctx, Py_ssize_t chunk);
    typedef struct {
        void (*run)(tl_chunk_fn fn, void* ctx, Py_ssize_t nchunks);
        int (*threads)(void);
    } tl_parallel_api;

    #if !defined(_WIN32) && defined(__GNUC__) && !defined(TENSORLIB_NO_THREADS)
    #define TL_HAVE_POOL 1
    #include <pthread.h>
    #include <sched.h>
    #include <signal.h>
    #include <time.h>
    #if defined(__x86_64__) || defined(__i386__)
    #include <immintrin.h>
    #define tl_cpu_relax() _mm_pause()
    #else
    #define tl_cpu_relax() ((void)0)
    #endif

    #define TL_MAX_UNITS 4096
    #define TL_SPIN_NS 50000L          /* how long an idle thread polls before sleeping */
    /* A caller that waited TL_STALL_NS (and 4x its own mean chunk time) for a
       helper's claimed chunk takes the helper for descheduled (its core is busy
       elsewhere): jobs then run on the caller alone for a while -- 2 ms,
       doubling with each stall in a row up to 32 ms, back to 2 ms after a job
       without one -- after which threading is tried again.  (Helpers never
       sched_yield while polling: on a loaded core that hands it away for a
       whole time slice.) */
    #define TL_STALL_NS 1000000L
    #define TL_BACKOFF_MIN_NS 2000000L      /* doubled by each stall in a row ... */
    #define TL_BACKOFF_MAX_NS 32000000L     /* ... up to this */

    static struct {
        pthread_mutex_t mu, busy;
        pthread_cond_t wake, idle;
        int threads;                   /* threads a job uses, the caller included */
        int started;                   /* helper threads running */
        unsigned long gen;             /* job number (atomic) */
        int open;                      /* the job takes helpers (atomic) */
        int active;                    /* helpers inside the job (atomic) */
        int joined, helpers;
        tl_chunk_fn fn;
        void* ctx;
        Py_ssize_t nchunks;
        Py_ssize_t units, group;       /* claim units of `group` consecutive chunks */
        int team;                      /* 1 + helpers: the ranges the units are dealt in */
        unsigned char claimed[TL_MAX_UNITS];   /* atomic flags */
        long backoff_until;            /* no helpers before this time (atomic) */
        long backoff_ns;               /* the next backoff's length */
        long stalls;                   /* jobs that ended in a stall, for tests and benchmarks */
    } tl_pool = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER,
                 PTHREAD_COND_INITIALIZER, PTHREAD_COND_INITIALIZER, 1};

    static long tl_now_ns(void) {
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (long)ts.tv_sec * 1000000000L + ts.tv_nsec;
    }


    /* Runs the units of the current job that `slot` can claim: first its own
       range (units slot/team .. (slot+1)/team, in order: across calls the same
       thread gets the same part of the data, which stays in its core's caches),
       then the other ranges from their far ends (a late or descheduled thread's
       share is taken over).  Returns the units it ran. */
    static Py_ssize_t tl_pool_claim(int slot) {
        Py_ssize_t u, lo, hi, c, last, done = 0;
        Py_ssize_t units = tl_pool.units, group = tl_pool.group, n = tl_pool.nchunks;
        int team = tl_pool.team, k, other;
        tl_chunk_fn fn = tl_pool.fn;
        void* ctx = tl_pool.ctx;
        for (k = 0; k < team; k++) {
            other = (slot + k) % team;
            lo = units * other / team;
            hi = units * (other + 1) / team;
            for (u = (k == 0 ? lo : hi - 1); k == 0 ? u < hi : u >= lo; u += (k == 0 ? 1 : -1)) {
                if (__atomic_load_n(&tl_pool.claimed[u], __ATOMIC_RELAXED)
                        || __atomic_exchange_n(&tl_pool.claimed[u], 1, __ATOMIC_ACQ_REL))
                    continue;
                last = (u + 1) * group < n ? (u + 1) * group : n;
                for (c = u * group; c < last; c++)
                    fn(ctx, c);
                done++;
            }
        }
        return done;
    }

    static int tl_pool_ready(unsigned long seen) {
        return tl_pool.open && tl_pool.gen != seen && tl_pool.joined < tl_pool.helpers;
    }

    static void* tl_pool_helper(void* arg) {
        unsigned long seen = (unsigned long)(uintptr_t)arg;
        Py_ssize_t c;
        long until;
        int slot;
        pthread_mutex_lock(&tl_pool.mu);
        for (;;) {
            if (!tl_pool_ready(seen)) {          /* poll a while unlocked, then sleep */
                pthread_mutex_unlock(&tl_pool.mu);
                until = tl_now_ns() + TL_SPIN_NS;
                for (c = 0; __atomic_load_n(&tl_pool.gen, __ATOMIC_ACQUIRE) == seen; c++) {
                    tl_cpu_relax();
                    if ((c & 63) == 63 && tl_now_ns() > until)
                        break;
                }
                pthread_mutex_lock(&tl_pool.mu);
                while (!tl_pool_ready(seen))
                    pthread_cond_wait(&tl_pool.wake, &tl_pool.mu);
            }
            seen = tl_pool.gen;
            slot = ++tl_pool.joined;
            __atomic_add_fetch(&tl_pool.active, 1, __ATOMIC_ACQ_REL);
            pthread_mutex_unlock(&tl_pool.mu);
            tl_pool_claim(slot);
            pthread_mutex_lock(&tl_pool.mu);
            if (__atomic_sub_fetch(&tl_pool.active, 1, __ATOMIC_ACQ_REL) == 0)
                pthread_cond_signal(&tl_pool.idle);
        }
        return NULL;
    }

    /* Starts helpers up to threads - 1 (called with mu held); fewer if the OS refuses. */
    static void tl_pool_start(void) {
        pthread_t tid;
        pthread_attr_t attr;
        sigset_t all, old;
        if (tl_pool.started >= tl_pool.threads - 1)
            return;
        sigfillset(&all);
        pthread_sigmask(SIG_SETMASK, &all, &old);   /* helpers never take signals */
        pthread_attr_init(&attr);
        pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
        while (tl_pool.started < tl_pool.threads - 1) {
            if (pthread_create(&tid, &attr, tl_pool_helper, (void*)(uintptr_t)tl_pool.gen) != 0)
                break;
            tl_pool.started++;
        }
        pthread_attr_destroy(&attr);
        pthread_sigmask(SIG_SETMASK, &old, NULL);
    }

    static void tl_parallel_run(tl_chunk_fn fn, void* ctx, Py_ssize_t nchunks) {
        Py_ssize_t c, mine = 0;
        long until, done, start;
        int stalled = 0;
        int helpers = tl_pool.threads - 1;
        if (helpers > nchunks - 1)
            helpers = (int)(nchunks - 1);
        if (helpers > 0 && __atomic_load_n(&tl_pool.backoff_until, __ATOMIC_RELAXED) > tl_now_ns())
            helpers = 0;
        if (helpers <= 0 || pthread_mutex_trylock(&tl_pool.busy) != 0) {
            for (c = 0; c < nchunks; c++)
                fn(ctx, c);
            return;
        }
        pthread_mutex_lock(&tl_pool.mu);
        tl_pool_start();
        tl_pool.fn = fn;
        tl_pool.ctx = ctx;
        tl_pool.nchunks = nchunks;
        tl_pool.group = (nchunks + TL_MAX_UNITS - 1) / TL_MAX_UNITS;
        tl_pool.units = (nchunks + tl_pool.group - 1) / tl_pool.group;
        tl_pool.team = helpers + 1;
        memset(tl_pool.claimed, 0, (size_t)tl_pool.units);
        tl_pool.joined = 0;
        tl_pool.helpers = helpers;
        tl_pool.open = 1;
        __atomic_add_fetch(&tl_pool.gen, 1, __ATOMIC_RELEASE);
        pthread_cond_broadcast(&tl_pool.wake);
        pthread_mutex_unlock(&tl_pool.mu);
        start = tl_now_ns();
        mine = tl_pool_claim(0) * tl_pool.group;
        done = tl_now_ns();
        pthread_mutex_lock(&tl_pool.mu);
        tl_pool.open = 0;                       /* late helpers stay out */
        if (tl_pool.active > 0) {               /* helpers finishing their last chunk */
            pthread_mutex_unlock(&tl_pool.mu);
            until = done + TL_SPIN_NS;
            for (c = 0; __atomic_load_n(&tl_pool.active, __ATOMIC_ACQUIRE) > 0; c++) {
                tl_cpu_relax();
                if ((c & 63) == 63 && tl_now_ns() > until)
                    break;
            }
            pthread_mutex_lock(&tl_pool.mu);
            while (tl_pool.active > 0)
                pthread_cond_wait(&tl_pool.idle, &tl_pool.mu);
            until = tl_now_ns();
            /* a helper finishing a chunk takes about a chunk's time; far longer
               means it was descheduled */
            if (until - done > TL_STALL_NS && until - done > 4 * (done - start) / (mine ? mine : 1))
                stalled = 1;
        }
        if (stalled) {
            if (tl_pool.backoff_ns < TL_BACKOFF_MIN_NS)
                tl_pool.backoff_ns = TL_BACKOFF_MIN_NS;
            __atomic_store_n(&tl_pool.backoff_until, tl_now_ns() + tl_pool.backoff_ns, __ATOMIC_RELAXED);
            if (tl_pool.backoff_ns < TL_BACKOFF_MAX_NS)
                tl_pool.backoff_ns *= 2;
            tl_pool.stalls++;
        } else if (tl_pool.joined) {
            tl_pool.backoff_ns = TL_BACKOFF_MIN_NS;
        }
        pthread_mutex_unlock(&tl_pool.mu);
        pthread_mutex_unlock(&tl_pool.busy);
    }

    static void tl_pool_after_fork_child(void) {
        /* the helpers did not survive the fork; the locks may be held by them */
        pthread_mutex_init(&tl_pool.mu, NULL);
        pthread_mutex_init(&tl_pool.busy, NULL);
        pthread_cond_init(&tl_pool.wake, NULL);
        pthread_cond_init(&tl_pool.idle, NULL);
        tl_pool.started = 0;
        tl_pool.open = 0;
        tl_pool.active = 0;
    }

    static void tl_pool_init(int threads) {
        pthread_atfork(NULL, NULL, tl_pool_after_fork_child);
        tl_pool.threads = threads;
    }

    static void tl_pool_set_threads(int threads) {
        pthread_mutex_lock(&tl_pool.busy);
        pthread_mutex_lock(&tl_pool.mu);
        tl_pool.threads = threads;             /* extra helpers just never join */
        pthread_mutex_unlock(&tl_pool.mu);
        pthread_mutex_unlock(&tl_pool.busy);
    }
    #else
    static struct { int threads; } tl_pool = {1};
    static void tl_parallel_run(tl_chunk_fn fn, void* ctx, Py_ssize_t nchunks) {
        Py_ssize_t c;
        for (c = 0; c < nchunks; c++)
            fn(ctx, c);
    }
    static void tl_pool_init(int threads) { (void)threads; }
    static void tl_pool_set_threads(int threads) { (void)threads; }
    #endif

    static int tl_pool_threads(void) { return tl_pool.threads; }
    static long tl_pool_stalls(void) {
    #ifdef TL_HAVE_POOL
        return tl_pool.stalls;
    #else
        return 0;
    #endif
    }
    static int tl_pool_available(void) {
    #ifdef TL_HAVE_POOL
        return 1;
    #else
        return 0;
    #endif
    }
    static tl_parallel_api tl_parallel_api_instance = {tl_parallel_run, tl_pool_threads};

    /* ---- float32 exp, vectorisable ------------------------------------------
       e^x = 2^n * e^r, n = round(x / ln 2), r = x - n ln 2 (ln 2 split in two so
       n * ln2_hi is exact), e^r from the Cephes expf polynomial.  With |x| <= 87,
       2^n is a normal float and the result is normal: no clamps, no special
       cases, so the compiler vectorises the loop.  Anything else (|x| > 87, inf,
       nan) goes to libm's expf, which is exact about overflow, denormals and nan. */
    static inline float tl_f32_from_bits(uint32_t u) { float f; memcpy(&f, &u, 4); return f; }
    static inline uint32_t tl_bits_of_f32(float f) { uint32_t u; memcpy(&u, &f, 4); return u; }

    static inline float tl_expf_fast(float x) {
        /* adding 1.5 * 2^23 rounds x / ln 2 to an integer held in t's low mantissa bits */
        float t = x * 1.44269504088896341f + 12582912.0f;
        float nf = t - 12582912.0f;
        float r = x - nf * 0.693359375f;
        float z, p;
        r = r - nf * -2.12194440e-4f;
        z = r * r;
        p = 1.9875691500e-4f;
        p = p * r + 1.3981999507e-3f;
        p = p * r + 8.3334519073e-3f;
        p = p * r + 4.1665795894e-2f;
        p = p * r + 1.6666665459e-1f;
        p = p * r + 5.0000001201e-1f;
        p = p * z + r + 1.0f;
        /* t's bits end in n (|n| < 2^22): shifting them up by 23 leaves n << 23, the
           exponent field of 2^n once 127 << 23 is added */
        return p * tl_f32_from_bits((tl_bits_of_f32(t) << 23) + 0x3f800000u);
    }

    static inline float tl_expf_any(float x) {
        return fabsf(x) <= 87.0f ? tl_expf_fast(x) : expf(x);   /* nan fails the test */
    }

    #define TL_EXP_BLOCK 512

    /* y[i] = exp(x[i]), i < m <= TL_EXP_BLOCK.  The fast loop also finds the block's
       largest |x| (as bits: nan sorts above inf); if that is past 87 the block is
       redone element by element, each getting the value it would get alone.  In
       place (x == y) the scan runs first, as the redo needs x. */
    static inline void tl_expf_block(const float* x, float* y, Py_ssize_t m) {
        Py_ssize_t i;
        int32_t top = 0, b;
        if (x != y) {
            for (i = 0; i < m; i++) {
                b = (int32_t)(tl_bits_of_f32(x[i]) & 0x7fffffffu);
                top = b > top ? b : top;
                y[i] = tl_expf_fast(x[i]);
            }
            if (top > 0x42ae0000)              /* bits of 87.0f */
                for (i = 0; i < m; i++)
                    y[i] = tl_expf_any(x[i]);
            return;
        }
        for (i = 0; i < m; i++) {
            b = (int32_t)(tl_bits_of_f32(x[i]) & 0x7fffffffu);
            top = b > top ? b : top;
        }
        if (top <= 0x42ae0000) {
            for (i = 0; i < m; i++)
                y[i] = tl_expf_fast(x[i]);
        } else {
            for (i = 0; i < m; i++)
                y[i] = tl_expf_any(x[i]);
        }
    }

    #define TL_DEFINE_F32_VECTOR_KERNELS(SUFFIX, ATTR)                                     \\
    ATTR static void tl_vexpf_##SUFFIX(const float* a, float* o, Py_ssize_t n) {           \\
        Py_ssize_t s;                                                                       \\
        for (s = 0; s < n; s += TL_EXP_BLOCK)                                               \\
            tl_expf_block(a + s, o + s, n - s < TL_EXP_BLOCK ? n - s : TL_EXP_BLOCK);       \\
    }                                                                                       \\
    ATTR static void tl_vsigmoidf_##SUFFIX(const float* a, float* o, Py_ssize_t n) {       \\
        float neg[TL_EXP_BLOCK];                                                            \\
        Py_ssize_t s, i, m;                                                                 \\
        for (s = 0; s < n; s += TL_EXP_BLOCK) {                                             \\
            m = n - s < TL_EXP_BLOCK ? n - s : TL_EXP_BLOCK;                                \\
            for (i = 0; i < m; i++) neg[i] = -a[s + i];                                     \\
            tl_expf_block(neg, o + s, m);                                                   \\
            for (i = 0; i < m; i++) o[s + i] = 1.0f / (1.0f + o[s + i]);                    \\
        }                                                                                   \\
    }

    TL_DEFINE_F32_VECTOR_KERNELS(base, )

    #if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
    #define TL_HAVE_AVX2_BUILD 1
    TL_DEFINE_F32_VECTOR_KERNELS(avx2, __attribute__((target("avx2,fma"))))
    #endif

    /* 1: AVX2+FMA variants, 0: baseline.  Set at import from the CPU; tests flip it. */
    static int tl_simd_level = 0;

    static int tl_detect_simd(void) {
    #ifdef TL_HAVE_AVX2_BUILD
        __builtin_cpu_init();
        return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    #else
        return 0;
    #endif
    }

    static void tl_vexpf(const float* a, float* o, Py_ssize_t n) {
    #ifdef TL_HAVE_AVX2_BUILD
        if (tl_simd_level) { tl_vexpf_avx2(a, o, n); return; }
    #endif
        tl_vexpf_base(a, o, n);
    }

    static void tl_vsigmoidf(const float* a, float* o, Py_ssize_t n) {
    #ifdef TL_HAVE_AVX2_BUILD
        if (tl_simd_level) { tl_vsigmoidf_avx2(a, o, n); return; }
    #endif
        tl_vsigmoidf_base(a, o, n);
    }
    """
    ctypedef void (*tl_chunk_fn)(void* ctx, Py_ssize_t chunk) noexcept nogil
    ctypedef struct tl_parallel_api:
        pass
    tl_parallel_api tl_parallel_api_instance
    void tl_parallel_run(tl_chunk_fn fn, void* ctx, Py_ssize_t nchunks) noexcept nogil
    int tl_pool_threads() noexcept nogil
    int tl_pool_available() noexcept nogil
    long tl_pool_stalls() noexcept nogil
    void tl_pool_init(int threads) noexcept nogil
    void tl_pool_set_threads(int threads) noexcept nogil
    int tl_simd_level
    int tl_detect_simd() noexcept nogil
    void tl_vexpf(const float* a, float* o, Py_ssize_t n) noexcept nogil
    void tl_vsigmoidf(const float* a, float* o, Py_ssize_t n) noexcept nogil
    float tl_expf_any(float x) noexcept nogil
    enum: TL_EXP_BLOCK


tl_simd_level = tl_detect_simd()


cdef enum:
    MAX_DIMS = 64
    VEC_BLOCK = TL_EXP_BLOCK
    # Elements from which a second thread pays for itself, by op cost.  A cheap op
    # on 64K float32 (768 KiB moved) runs ~20 us; waking a thread costs a few us.
    PAR_MIN_CHEAP = 65536
    PAR_MIN_COSTLY = 8192
    CHUNK_MIN_CHEAP = 16384
    CHUNK_MIN_COSTLY = 2048
    CHUNK_MAX_CHEAP = 262144
    CHUNK_MAX_COSTLY = 16384
    # Below this many elements, releasing the GIL costs more than it lets others run.
    NOGIL_MIN = 16384

cdef enum DType:
    DT_BOOL = 0
    DT_UINT8 = 1
    DT_INT8 = 2
    DT_INT16 = 3
    DT_INT32 = 4
    DT_INT64 = 5
    DT_FLOAT32 = 6
    DT_FLOAT64 = 7

ctypedef cnp.npy_intp npy_intp_t
ctypedef void (*kernel_t)(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil


# ---------------------------------------------------------------- scalar helpers
cdef inline uint8_t floordiv_uint8(uint8_t a, uint8_t b, int* bad) noexcept nogil:
    cdef uint8_t q
    if b == 0:
        bad[0] = 1
        return 0
    return a / b

cdef inline uint8_t divtrunc_uint8(uint8_t a, uint8_t b, int* bad) noexcept nogil:
    if b == 0:
        bad[0] = 1
        return 0
    return <uint8_t>(a / b)

cdef inline uint8_t remainder_uint8(uint8_t a, uint8_t b, int* bad) noexcept nogil:
    cdef uint8_t r
    if b == 0:
        bad[0] = 1
        return 0
    return a % b

cdef inline uint8_t fmod_uint8(uint8_t a, uint8_t b, int* bad) noexcept nogil:
    if b == 0:
        bad[0] = 1
        return 0
    return a % b

cdef inline uint8_t ipow_uint8(uint8_t a, uint8_t b) noexcept nogil:
    """a ** b by squaring, wrapping; b < 0 gives 1 // a ** -b as PyTorch (0 unless |a| == 1)."""
    cdef uint8_t base = <uint8_t>a, result = 1
    cdef uint8_t e = b
    while e:
        if e & 1:
            result = <uint8_t>(<uint64_t>result * <uint64_t>base)
        base = <uint8_t>(<uint64_t>base * <uint64_t>base)
        e = e >> 1
    return <uint8_t>result
cdef inline int8_t floordiv_int8(int8_t a, int8_t b, int* bad) noexcept nogil:
    cdef int8_t q
    if b == 0:
        bad[0] = 1
        return 0
    if b == -1:
        return <int8_t>(<uint8_t>0 - <uint8_t>a)    # MIN // -1 wraps to MIN instead of trapping
    q = a / b
    if (a % b != 0) and ((a < 0) != (b < 0)):
        q = q - 1
    return q

cdef inline int8_t divtrunc_int8(int8_t a, int8_t b, int* bad) noexcept nogil:
    if b == 0:
        bad[0] = 1
        return 0
    if b == -1:
        return <int8_t>(<uint8_t>0 - <uint8_t>a)
    return <int8_t>(a / b)

cdef inline int8_t remainder_int8(int8_t a, int8_t b, int* bad) noexcept nogil:
    cdef int8_t r
    if b == 0:
        bad[0] = 1
        return 0
    if b == -1:
        return 0
    r = a % b
    if r != 0 and ((r < 0) != (b < 0)):
        r = r + b
    return r

cdef inline int8_t fmod_int8(int8_t a, int8_t b, int* bad) noexcept nogil:
    if b == 0:
        bad[0] = 1
        return 0
    if b == -1:
        return 0
    return a % b

cdef inline int8_t ipow_int8(int8_t a, int8_t b) noexcept nogil:
    """a ** b by squaring, wrapping; b < 0 gives 1 // a ** -b as PyTorch (0 unless |a| == 1)."""
    cdef uint8_t base = <uint8_t>a, result = 1
    cdef int8_t e = b
    if e < 0:
        if a == 1:
            return 1
        if a == -1:
            return -1 if (e & 1) else 1
        return 0
    while e:
        if e & 1:
            result = <uint8_t>(<uint64_t>result * <uint64_t>base)
        base = <uint8_t>(<uint64_t>base * <uint64_t>base)
        e = e >> 1
    return <int8_t>result
cdef inline int16_t floordiv_int16(int16_t a, int16_t b, int* bad) noexcept nogil:
    cdef int16_t q
    if b == 0:
        bad[0] = 1
        return 0
    if b == -1:
        return <int16_t>(<uint16_t>0 - <uint16_t>a)    # MIN // -1 wraps to MIN instead of trapping
    q = a / b
    if (a % b != 0) and ((a < 0) != (b < 0)):
        q = q - 1
    return q

cdef inline int16_t divtrunc_int16(int16_t a, int16_t b, int* bad) noexcept nogil:
    if b == 0:
        bad[0] = 1
        return 0
    if b == -1:
        return <int16_t>(<uint16_t>0 - <uint16_t>a)
    return <int16_t>(a / b)

cdef inline int16_t remainder_int16(int16_t a, int16_t b, int* bad) noexcept nogil:
    cdef int16_t r
    if b == 0:
        bad[0] = 1
        return 0
    if b == -1:
        return 0
    r = a % b
    if r != 0 and ((r < 0) != (b < 0)):
        r = r + b
    return r

cdef inline int16_t fmod_int16(int16_t a, int16_t b, int* bad) noexcept nogil:
    if b == 0:
        bad[0] = 1
        return 0
    if b == -1:
        return 0
    return a % b

cdef inline int16_t ipow_int16(int16_t a, int16_t b) noexcept nogil:
    """a ** b by squaring, wrapping; b < 0 gives 1 // a ** -b as PyTorch (0 unless |a| == 1)."""
    cdef uint16_t base = <uint16_t>a, result = 1
    cdef int16_t e = b
    if e < 0:
        if a == 1:
            return 1
        if a == -1:
            return -1 if (e & 1) else 1
        return 0
    while e:
        if e & 1:
            result = <uint16_t>(<uint64_t>result * <uint64_t>base)
        base = <uint16_t>(<uint64_t>base * <uint64_t>base)
        e = e >> 1
    return <int16_t>result
cdef inline int32_t floordiv_int32(int32_t a, int32_t b, int* bad) noexcept nogil:
    cdef int32_t q
    if b == 0:
        bad[0] = 1
        return 0
    if b == -1:
        return <int32_t>(<uint32_t>0 - <uint32_t>a)    # MIN // -1 wraps to MIN instead of trapping
    q = a / b
    if (a % b != 0) and ((a < 0) != (b < 0)):
        q = q - 1
    return q

cdef inline int32_t divtrunc_int32(int32_t a, int32_t b, int* bad) noexcept nogil:
    if b == 0:
        bad[0] = 1
        return 0
    if b == -1:
        return <int32_t>(<uint32_t>0 - <uint32_t>a)
    return <int32_t>(a / b)

cdef inline int32_t remainder_int32(int32_t a, int32_t b, int* bad) noexcept nogil:
    cdef int32_t r
    if b == 0:
        bad[0] = 1
        return 0
    if b == -1:
        return 0
    r = a % b
    if r != 0 and ((r < 0) != (b < 0)):
        r = r + b
    return r

cdef inline int32_t fmod_int32(int32_t a, int32_t b, int* bad) noexcept nogil:
    if b == 0:
        bad[0] = 1
        return 0
    if b == -1:
        return 0
    return a % b

cdef inline int32_t ipow_int32(int32_t a, int32_t b) noexcept nogil:
    """a ** b by squaring, wrapping; b < 0 gives 1 // a ** -b as PyTorch (0 unless |a| == 1)."""
    cdef uint32_t base = <uint32_t>a, result = 1
    cdef int32_t e = b
    if e < 0:
        if a == 1:
            return 1
        if a == -1:
            return -1 if (e & 1) else 1
        return 0
    while e:
        if e & 1:
            result = <uint32_t>(<uint64_t>result * <uint64_t>base)
        base = <uint32_t>(<uint64_t>base * <uint64_t>base)
        e = e >> 1
    return <int32_t>result
cdef inline int64_t floordiv_int64(int64_t a, int64_t b, int* bad) noexcept nogil:
    cdef int64_t q
    if b == 0:
        bad[0] = 1
        return 0
    if b == -1:
        return <int64_t>(<uint64_t>0 - <uint64_t>a)    # MIN // -1 wraps to MIN instead of trapping
    q = a / b
    if (a % b != 0) and ((a < 0) != (b < 0)):
        q = q - 1
    return q

cdef inline int64_t divtrunc_int64(int64_t a, int64_t b, int* bad) noexcept nogil:
    if b == 0:
        bad[0] = 1
        return 0
    if b == -1:
        return <int64_t>(<uint64_t>0 - <uint64_t>a)
    return <int64_t>(a / b)

cdef inline int64_t remainder_int64(int64_t a, int64_t b, int* bad) noexcept nogil:
    cdef int64_t r
    if b == 0:
        bad[0] = 1
        return 0
    if b == -1:
        return 0
    r = a % b
    if r != 0 and ((r < 0) != (b < 0)):
        r = r + b
    return r

cdef inline int64_t fmod_int64(int64_t a, int64_t b, int* bad) noexcept nogil:
    if b == 0:
        bad[0] = 1
        return 0
    if b == -1:
        return 0
    return a % b

cdef inline int64_t ipow_int64(int64_t a, int64_t b) noexcept nogil:
    """a ** b by squaring, wrapping; b < 0 gives 1 // a ** -b as PyTorch (0 unless |a| == 1)."""
    cdef uint64_t base = <uint64_t>a, result = 1
    cdef int64_t e = b
    if e < 0:
        if a == 1:
            return 1
        if a == -1:
            return -1 if (e & 1) else 1
        return 0
    while e:
        if e & 1:
            result = <uint64_t>(<uint64_t>result * <uint64_t>base)
        base = <uint64_t>(<uint64_t>base * <uint64_t>base)
        e = e >> 1
    return <int64_t>result
cdef inline float floordiv_float32(float a, float b) noexcept nogil:
    """Python's a // b: floor of the exact quotient (via fmod, so 7. // 0.1 is 69.)."""
    cdef float mod, div, fl
    if b == 0:
        return a / b
    mod = fmodf(a, b)
    div = (a - mod) / b
    if mod != 0 and ((b < 0) != (mod < 0)):
        div = div - 1
    if div != 0:
        fl = floorf(div)
        if div - fl > <float>0.5:
            fl = fl + 1
        return fl
    return copysignf(<float>0, a / b)

cdef inline float remainder_float32(float a, float b) noexcept nogil:
    """Python's a % b: the sign of b (fmod's result moved by b when signs differ)."""
    cdef float mod = fmodf(a, b)
    if mod != 0 and ((b < 0) != (mod < 0)):
        mod = mod + b
    return mod
cdef inline double floordiv_float64(double a, double b) noexcept nogil:
    """Python's a // b: floor of the exact quotient (via fmod, so 7. // 0.1 is 69.)."""
    cdef double mod, div, fl
    if b == 0:
        return a / b
    mod = fmod(a, b)
    div = (a - mod) / b
    if mod != 0 and ((b < 0) != (mod < 0)):
        div = div - 1
    if div != 0:
        fl = floor(div)
        if div - fl > <double>0.5:
            fl = fl + 1
        return fl
    return copysign(<double>0, a / b)

cdef inline double remainder_float64(double a, double b) noexcept nogil:
    """Python's a % b: the sign of b (fmod's result moved by b when signs differ)."""
    cdef double mod = fmod(a, b)
    if mod != 0 and ((b < 0) != (mod < 0)):
        mod = mod + b
    return mod

# ---------------------------------------------------------------- kernels
# A kernel runs one row: n elements, args[k] stepping steps[k] bytes (operands, then out).
cdef void b_add_bool(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef uint8_t* a = <uint8_t*>pa
    cdef uint8_t* b = <uint8_t*>pb
    cdef uint8_t* o = <uint8_t*>po
    cdef uint8_t x, y
    cdef int bad = 0
    if so == sizeof(uint8_t) and sa == sizeof(uint8_t) and sb == sizeof(uint8_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = x | y
    elif so == sizeof(uint8_t) and sa == sizeof(uint8_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = x | y
    elif so == sizeof(uint8_t) and sa == 0 and sb == sizeof(uint8_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = x | y
    else:
        for i in range(n):
            x = (<uint8_t*>(pa + i * sa))[0]
            y = (<uint8_t*>(pb + i * sb))[0]
            (<uint8_t*>(po + i * so))[0] = x | y
    if bad:
        err[0] = 1
cdef void b_add_uint8(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef uint8_t* a = <uint8_t*>pa
    cdef uint8_t* b = <uint8_t*>pb
    cdef uint8_t* o = <uint8_t*>po
    cdef uint8_t x, y
    cdef int bad = 0
    if so == sizeof(uint8_t) and sa == sizeof(uint8_t) and sb == sizeof(uint8_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = <uint8_t>(x + y)
    elif so == sizeof(uint8_t) and sa == sizeof(uint8_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = <uint8_t>(x + y)
    elif so == sizeof(uint8_t) and sa == 0 and sb == sizeof(uint8_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = <uint8_t>(x + y)
    else:
        for i in range(n):
            x = (<uint8_t*>(pa + i * sa))[0]
            y = (<uint8_t*>(pb + i * sb))[0]
            (<uint8_t*>(po + i * so))[0] = <uint8_t>(x + y)
    if bad:
        err[0] = 1
cdef void b_add_int8(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef int8_t* a = <int8_t*>pa
    cdef int8_t* b = <int8_t*>pb
    cdef int8_t* o = <int8_t*>po
    cdef int8_t x, y
    cdef int bad = 0
    if so == sizeof(int8_t) and sa == sizeof(int8_t) and sb == sizeof(int8_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = <int8_t>(x + y)
    elif so == sizeof(int8_t) and sa == sizeof(int8_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = <int8_t>(x + y)
    elif so == sizeof(int8_t) and sa == 0 and sb == sizeof(int8_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = <int8_t>(x + y)
    else:
        for i in range(n):
            x = (<int8_t*>(pa + i * sa))[0]
            y = (<int8_t*>(pb + i * sb))[0]
            (<int8_t*>(po + i * so))[0] = <int8_t>(x + y)
    if bad:
        err[0] = 1
cdef void b_add_int16(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef int16_t* a = <int16_t*>pa
    cdef int16_t* b = <int16_t*>pb
    cdef int16_t* o = <int16_t*>po
    cdef int16_t x, y
    cdef int bad = 0
    if so == sizeof(int16_t) and sa == sizeof(int16_t) and sb == sizeof(int16_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = <int16_t>(x + y)
    elif so == sizeof(int16_t) and sa == sizeof(int16_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = <int16_t>(x + y)
    elif so == sizeof(int16_t) and sa == 0 and sb == sizeof(int16_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = <int16_t>(x + y)
    else:
        for i in range(n):
            x = (<int16_t*>(pa + i * sa))[0]
            y = (<int16_t*>(pb + i * sb))[0]
            (<int16_t*>(po + i * so))[0] = <int16_t>(x + y)
    if bad:
        err[0] = 1
cdef void b_add_int32(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef int32_t* a = <int32_t*>pa
    cdef int32_t* b = <int32_t*>pb
    cdef int32_t* o = <int32_t*>po
    cdef int32_t x, y
    cdef int bad = 0
    if so == sizeof(int32_t) and sa == sizeof(int32_t) and sb == sizeof(int32_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = <int32_t>(<uint32_t>x + <uint32_t>y)
    elif so == sizeof(int32_t) and sa == sizeof(int32_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = <int32_t>(<uint32_t>x + <uint32_t>y)
    elif so == sizeof(int32_t) and sa == 0 and sb == sizeof(int32_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = <int32_t>(<uint32_t>x + <uint32_t>y)
    else:
        for i in range(n):
            x = (<int32_t*>(pa + i * sa))[0]
            y = (<int32_t*>(pb + i * sb))[0]
            (<int32_t*>(po + i * so))[0] = <int32_t>(<uint32_t>x + <uint32_t>y)
    if bad:
        err[0] = 1
cdef void b_add_int64(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef int64_t* a = <int64_t*>pa
    cdef int64_t* b = <int64_t*>pb
    cdef int64_t* o = <int64_t*>po
    cdef int64_t x, y
    cdef int bad = 0
    if so == sizeof(int64_t) and sa == sizeof(int64_t) and sb == sizeof(int64_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = <int64_t>(<uint64_t>x + <uint64_t>y)
    elif so == sizeof(int64_t) and sa == sizeof(int64_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = <int64_t>(<uint64_t>x + <uint64_t>y)
    elif so == sizeof(int64_t) and sa == 0 and sb == sizeof(int64_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = <int64_t>(<uint64_t>x + <uint64_t>y)
    else:
        for i in range(n):
            x = (<int64_t*>(pa + i * sa))[0]
            y = (<int64_t*>(pb + i * sb))[0]
            (<int64_t*>(po + i * so))[0] = <int64_t>(<uint64_t>x + <uint64_t>y)
    if bad:
        err[0] = 1
cdef void b_add_float32(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef float* a = <float*>pa
    cdef float* b = <float*>pb
    cdef float* o = <float*>po
    cdef float x, y
    cdef int bad = 0
    if so == sizeof(float) and sa == sizeof(float) and sb == sizeof(float):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = x + y
    elif so == sizeof(float) and sa == sizeof(float) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = x + y
    elif so == sizeof(float) and sa == 0 and sb == sizeof(float):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = x + y
    else:
        for i in range(n):
            x = (<float*>(pa + i * sa))[0]
            y = (<float*>(pb + i * sb))[0]
            (<float*>(po + i * so))[0] = x + y
    if bad:
        err[0] = 1
cdef void b_add_float64(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef double* a = <double*>pa
    cdef double* b = <double*>pb
    cdef double* o = <double*>po
    cdef double x, y
    cdef int bad = 0
    if so == sizeof(double) and sa == sizeof(double) and sb == sizeof(double):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = x + y
    elif so == sizeof(double) and sa == sizeof(double) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = x + y
    elif so == sizeof(double) and sa == 0 and sb == sizeof(double):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = x + y
    else:
        for i in range(n):
            x = (<double*>(pa + i * sa))[0]
            y = (<double*>(pb + i * sb))[0]
            (<double*>(po + i * so))[0] = x + y
    if bad:
        err[0] = 1
cdef void b_sub_uint8(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef uint8_t* a = <uint8_t*>pa
    cdef uint8_t* b = <uint8_t*>pb
    cdef uint8_t* o = <uint8_t*>po
    cdef uint8_t x, y
    cdef int bad = 0
    if so == sizeof(uint8_t) and sa == sizeof(uint8_t) and sb == sizeof(uint8_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = <uint8_t>(x - y)
    elif so == sizeof(uint8_t) and sa == sizeof(uint8_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = <uint8_t>(x - y)
    elif so == sizeof(uint8_t) and sa == 0 and sb == sizeof(uint8_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = <uint8_t>(x - y)
    else:
        for i in range(n):
            x = (<uint8_t*>(pa + i * sa))[0]
            y = (<uint8_t*>(pb + i * sb))[0]
            (<uint8_t*>(po + i * so))[0] = <uint8_t>(x - y)
    if bad:
        err[0] = 1
cdef void b_sub_int8(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef int8_t* a = <int8_t*>pa
    cdef int8_t* b = <int8_t*>pb
    cdef int8_t* o = <int8_t*>po
    cdef int8_t x, y
    cdef int bad = 0
    if so == sizeof(int8_t) and sa == sizeof(int8_t) and sb == sizeof(int8_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = <int8_t>(x - y)
    elif so == sizeof(int8_t) and sa == sizeof(int8_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = <int8_t>(x - y)
    elif so == sizeof(int8_t) and sa == 0 and sb == sizeof(int8_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = <int8_t>(x - y)
    else:
        for i in range(n):
            x = (<int8_t*>(pa + i * sa))[0]
            y = (<int8_t*>(pb + i * sb))[0]
            (<int8_t*>(po + i * so))[0] = <int8_t>(x - y)
    if bad:
        err[0] = 1
cdef void b_sub_int16(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef int16_t* a = <int16_t*>pa
    cdef int16_t* b = <int16_t*>pb
    cdef int16_t* o = <int16_t*>po
    cdef int16_t x, y
    cdef int bad = 0
    if so == sizeof(int16_t) and sa == sizeof(int16_t) and sb == sizeof(int16_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = <int16_t>(x - y)
    elif so == sizeof(int16_t) and sa == sizeof(int16_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = <int16_t>(x - y)
    elif so == sizeof(int16_t) and sa == 0 and sb == sizeof(int16_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = <int16_t>(x - y)
    else:
        for i in range(n):
            x = (<int16_t*>(pa + i * sa))[0]
            y = (<int16_t*>(pb + i * sb))[0]
            (<int16_t*>(po + i * so))[0] = <int16_t>(x - y)
    if bad:
        err[0] = 1
cdef void b_sub_int32(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef int32_t* a = <int32_t*>pa
    cdef int32_t* b = <int32_t*>pb
    cdef int32_t* o = <int32_t*>po
    cdef int32_t x, y
    cdef int bad = 0
    if so == sizeof(int32_t) and sa == sizeof(int32_t) and sb == sizeof(int32_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = <int32_t>(<uint32_t>x - <uint32_t>y)
    elif so == sizeof(int32_t) and sa == sizeof(int32_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = <int32_t>(<uint32_t>x - <uint32_t>y)
    elif so == sizeof(int32_t) and sa == 0 and sb == sizeof(int32_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = <int32_t>(<uint32_t>x - <uint32_t>y)
    else:
        for i in range(n):
            x = (<int32_t*>(pa + i * sa))[0]
            y = (<int32_t*>(pb + i * sb))[0]
            (<int32_t*>(po + i * so))[0] = <int32_t>(<uint32_t>x - <uint32_t>y)
    if bad:
        err[0] = 1
cdef void b_sub_int64(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef int64_t* a = <int64_t*>pa
    cdef int64_t* b = <int64_t*>pb
    cdef int64_t* o = <int64_t*>po
    cdef int64_t x, y
    cdef int bad = 0
    if so == sizeof(int64_t) and sa == sizeof(int64_t) and sb == sizeof(int64_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = <int64_t>(<uint64_t>x - <uint64_t>y)
    elif so == sizeof(int64_t) and sa == sizeof(int64_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = <int64_t>(<uint64_t>x - <uint64_t>y)
    elif so == sizeof(int64_t) and sa == 0 and sb == sizeof(int64_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = <int64_t>(<uint64_t>x - <uint64_t>y)
    else:
        for i in range(n):
            x = (<int64_t*>(pa + i * sa))[0]
            y = (<int64_t*>(pb + i * sb))[0]
            (<int64_t*>(po + i * so))[0] = <int64_t>(<uint64_t>x - <uint64_t>y)
    if bad:
        err[0] = 1
cdef void b_sub_float32(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef float* a = <float*>pa
    cdef float* b = <float*>pb
    cdef float* o = <float*>po
    cdef float x, y
    cdef int bad = 0
    if so == sizeof(float) and sa == sizeof(float) and sb == sizeof(float):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = x - y
    elif so == sizeof(float) and sa == sizeof(float) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = x - y
    elif so == sizeof(float) and sa == 0 and sb == sizeof(float):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = x - y
    else:
        for i in range(n):
            x = (<float*>(pa + i * sa))[0]
            y = (<float*>(pb + i * sb))[0]
            (<float*>(po + i * so))[0] = x - y
    if bad:
        err[0] = 1
cdef void b_sub_float64(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef double* a = <double*>pa
    cdef double* b = <double*>pb
    cdef double* o = <double*>po
    cdef double x, y
    cdef int bad = 0
    if so == sizeof(double) and sa == sizeof(double) and sb == sizeof(double):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = x - y
    elif so == sizeof(double) and sa == sizeof(double) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = x - y
    elif so == sizeof(double) and sa == 0 and sb == sizeof(double):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = x - y
    else:
        for i in range(n):
            x = (<double*>(pa + i * sa))[0]
            y = (<double*>(pb + i * sb))[0]
            (<double*>(po + i * so))[0] = x - y
    if bad:
        err[0] = 1
cdef void b_mul_bool(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef uint8_t* a = <uint8_t*>pa
    cdef uint8_t* b = <uint8_t*>pb
    cdef uint8_t* o = <uint8_t*>po
    cdef uint8_t x, y
    cdef int bad = 0
    if so == sizeof(uint8_t) and sa == sizeof(uint8_t) and sb == sizeof(uint8_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = x & y
    elif so == sizeof(uint8_t) and sa == sizeof(uint8_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = x & y
    elif so == sizeof(uint8_t) and sa == 0 and sb == sizeof(uint8_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = x & y
    else:
        for i in range(n):
            x = (<uint8_t*>(pa + i * sa))[0]
            y = (<uint8_t*>(pb + i * sb))[0]
            (<uint8_t*>(po + i * so))[0] = x & y
    if bad:
        err[0] = 1
cdef void b_mul_uint8(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef uint8_t* a = <uint8_t*>pa
    cdef uint8_t* b = <uint8_t*>pb
    cdef uint8_t* o = <uint8_t*>po
    cdef uint8_t x, y
    cdef int bad = 0
    if so == sizeof(uint8_t) and sa == sizeof(uint8_t) and sb == sizeof(uint8_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = <uint8_t>(x * y)
    elif so == sizeof(uint8_t) and sa == sizeof(uint8_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = <uint8_t>(x * y)
    elif so == sizeof(uint8_t) and sa == 0 and sb == sizeof(uint8_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = <uint8_t>(x * y)
    else:
        for i in range(n):
            x = (<uint8_t*>(pa + i * sa))[0]
            y = (<uint8_t*>(pb + i * sb))[0]
            (<uint8_t*>(po + i * so))[0] = <uint8_t>(x * y)
    if bad:
        err[0] = 1
cdef void b_mul_int8(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef int8_t* a = <int8_t*>pa
    cdef int8_t* b = <int8_t*>pb
    cdef int8_t* o = <int8_t*>po
    cdef int8_t x, y
    cdef int bad = 0
    if so == sizeof(int8_t) and sa == sizeof(int8_t) and sb == sizeof(int8_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = <int8_t>(x * y)
    elif so == sizeof(int8_t) and sa == sizeof(int8_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = <int8_t>(x * y)
    elif so == sizeof(int8_t) and sa == 0 and sb == sizeof(int8_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = <int8_t>(x * y)
    else:
        for i in range(n):
            x = (<int8_t*>(pa + i * sa))[0]
            y = (<int8_t*>(pb + i * sb))[0]
            (<int8_t*>(po + i * so))[0] = <int8_t>(x * y)
    if bad:
        err[0] = 1
cdef void b_mul_int16(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef int16_t* a = <int16_t*>pa
    cdef int16_t* b = <int16_t*>pb
    cdef int16_t* o = <int16_t*>po
    cdef int16_t x, y
    cdef int bad = 0
    if so == sizeof(int16_t) and sa == sizeof(int16_t) and sb == sizeof(int16_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = <int16_t>(x * y)
    elif so == sizeof(int16_t) and sa == sizeof(int16_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = <int16_t>(x * y)
    elif so == sizeof(int16_t) and sa == 0 and sb == sizeof(int16_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = <int16_t>(x * y)
    else:
        for i in range(n):
            x = (<int16_t*>(pa + i * sa))[0]
            y = (<int16_t*>(pb + i * sb))[0]
            (<int16_t*>(po + i * so))[0] = <int16_t>(x * y)
    if bad:
        err[0] = 1
cdef void b_mul_int32(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef int32_t* a = <int32_t*>pa
    cdef int32_t* b = <int32_t*>pb
    cdef int32_t* o = <int32_t*>po
    cdef int32_t x, y
    cdef int bad = 0
    if so == sizeof(int32_t) and sa == sizeof(int32_t) and sb == sizeof(int32_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = <int32_t>(<uint32_t>x * <uint32_t>y)
    elif so == sizeof(int32_t) and sa == sizeof(int32_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = <int32_t>(<uint32_t>x * <uint32_t>y)
    elif so == sizeof(int32_t) and sa == 0 and sb == sizeof(int32_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = <int32_t>(<uint32_t>x * <uint32_t>y)
    else:
        for i in range(n):
            x = (<int32_t*>(pa + i * sa))[0]
            y = (<int32_t*>(pb + i * sb))[0]
            (<int32_t*>(po + i * so))[0] = <int32_t>(<uint32_t>x * <uint32_t>y)
    if bad:
        err[0] = 1
cdef void b_mul_int64(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef int64_t* a = <int64_t*>pa
    cdef int64_t* b = <int64_t*>pb
    cdef int64_t* o = <int64_t*>po
    cdef int64_t x, y
    cdef int bad = 0
    if so == sizeof(int64_t) and sa == sizeof(int64_t) and sb == sizeof(int64_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = <int64_t>(<uint64_t>x * <uint64_t>y)
    elif so == sizeof(int64_t) and sa == sizeof(int64_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = <int64_t>(<uint64_t>x * <uint64_t>y)
    elif so == sizeof(int64_t) and sa == 0 and sb == sizeof(int64_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = <int64_t>(<uint64_t>x * <uint64_t>y)
    else:
        for i in range(n):
            x = (<int64_t*>(pa + i * sa))[0]
            y = (<int64_t*>(pb + i * sb))[0]
            (<int64_t*>(po + i * so))[0] = <int64_t>(<uint64_t>x * <uint64_t>y)
    if bad:
        err[0] = 1
cdef void b_mul_float32(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef float* a = <float*>pa
    cdef float* b = <float*>pb
    cdef float* o = <float*>po
    cdef float x, y
    cdef int bad = 0
    if so == sizeof(float) and sa == sizeof(float) and sb == sizeof(float):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = x * y
    elif so == sizeof(float) and sa == sizeof(float) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = x * y
    elif so == sizeof(float) and sa == 0 and sb == sizeof(float):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = x * y
    else:
        for i in range(n):
            x = (<float*>(pa + i * sa))[0]
            y = (<float*>(pb + i * sb))[0]
            (<float*>(po + i * so))[0] = x * y
    if bad:
        err[0] = 1
cdef void b_mul_float64(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef double* a = <double*>pa
    cdef double* b = <double*>pb
    cdef double* o = <double*>po
    cdef double x, y
    cdef int bad = 0
    if so == sizeof(double) and sa == sizeof(double) and sb == sizeof(double):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = x * y
    elif so == sizeof(double) and sa == sizeof(double) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = x * y
    elif so == sizeof(double) and sa == 0 and sb == sizeof(double):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = x * y
    else:
        for i in range(n):
            x = (<double*>(pa + i * sa))[0]
            y = (<double*>(pb + i * sb))[0]
            (<double*>(po + i * so))[0] = x * y
    if bad:
        err[0] = 1
cdef void b_div_float32(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef float* a = <float*>pa
    cdef float* b = <float*>pb
    cdef float* o = <float*>po
    cdef float x, y
    cdef int bad = 0
    if so == sizeof(float) and sa == sizeof(float) and sb == sizeof(float):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = x / y
    elif so == sizeof(float) and sa == sizeof(float) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = x / y
    elif so == sizeof(float) and sa == 0 and sb == sizeof(float):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = x / y
    else:
        for i in range(n):
            x = (<float*>(pa + i * sa))[0]
            y = (<float*>(pb + i * sb))[0]
            (<float*>(po + i * so))[0] = x / y
    if bad:
        err[0] = 1
cdef void b_div_float64(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef double* a = <double*>pa
    cdef double* b = <double*>pb
    cdef double* o = <double*>po
    cdef double x, y
    cdef int bad = 0
    if so == sizeof(double) and sa == sizeof(double) and sb == sizeof(double):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = x / y
    elif so == sizeof(double) and sa == sizeof(double) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = x / y
    elif so == sizeof(double) and sa == 0 and sb == sizeof(double):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = x / y
    else:
        for i in range(n):
            x = (<double*>(pa + i * sa))[0]
            y = (<double*>(pb + i * sb))[0]
            (<double*>(po + i * so))[0] = x / y
    if bad:
        err[0] = 1
cdef void b_maximum_bool(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef uint8_t* a = <uint8_t*>pa
    cdef uint8_t* b = <uint8_t*>pb
    cdef uint8_t* o = <uint8_t*>po
    cdef uint8_t x, y
    cdef int bad = 0
    if so == sizeof(uint8_t) and sa == sizeof(uint8_t) and sb == sizeof(uint8_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = x | y
    elif so == sizeof(uint8_t) and sa == sizeof(uint8_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = x | y
    elif so == sizeof(uint8_t) and sa == 0 and sb == sizeof(uint8_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = x | y
    else:
        for i in range(n):
            x = (<uint8_t*>(pa + i * sa))[0]
            y = (<uint8_t*>(pb + i * sb))[0]
            (<uint8_t*>(po + i * so))[0] = x | y
    if bad:
        err[0] = 1
cdef void b_maximum_uint8(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef uint8_t* a = <uint8_t*>pa
    cdef uint8_t* b = <uint8_t*>pb
    cdef uint8_t* o = <uint8_t*>po
    cdef uint8_t x, y
    cdef int bad = 0
    if so == sizeof(uint8_t) and sa == sizeof(uint8_t) and sb == sizeof(uint8_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = y if x < y else x
    elif so == sizeof(uint8_t) and sa == sizeof(uint8_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = y if x < y else x
    elif so == sizeof(uint8_t) and sa == 0 and sb == sizeof(uint8_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = y if x < y else x
    else:
        for i in range(n):
            x = (<uint8_t*>(pa + i * sa))[0]
            y = (<uint8_t*>(pb + i * sb))[0]
            (<uint8_t*>(po + i * so))[0] = y if x < y else x
    if bad:
        err[0] = 1
cdef void b_maximum_int8(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef int8_t* a = <int8_t*>pa
    cdef int8_t* b = <int8_t*>pb
    cdef int8_t* o = <int8_t*>po
    cdef int8_t x, y
    cdef int bad = 0
    if so == sizeof(int8_t) and sa == sizeof(int8_t) and sb == sizeof(int8_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = y if x < y else x
    elif so == sizeof(int8_t) and sa == sizeof(int8_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = y if x < y else x
    elif so == sizeof(int8_t) and sa == 0 and sb == sizeof(int8_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = y if x < y else x
    else:
        for i in range(n):
            x = (<int8_t*>(pa + i * sa))[0]
            y = (<int8_t*>(pb + i * sb))[0]
            (<int8_t*>(po + i * so))[0] = y if x < y else x
    if bad:
        err[0] = 1
cdef void b_maximum_int16(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef int16_t* a = <int16_t*>pa
    cdef int16_t* b = <int16_t*>pb
    cdef int16_t* o = <int16_t*>po
    cdef int16_t x, y
    cdef int bad = 0
    if so == sizeof(int16_t) and sa == sizeof(int16_t) and sb == sizeof(int16_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = y if x < y else x
    elif so == sizeof(int16_t) and sa == sizeof(int16_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = y if x < y else x
    elif so == sizeof(int16_t) and sa == 0 and sb == sizeof(int16_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = y if x < y else x
    else:
        for i in range(n):
            x = (<int16_t*>(pa + i * sa))[0]
            y = (<int16_t*>(pb + i * sb))[0]
            (<int16_t*>(po + i * so))[0] = y if x < y else x
    if bad:
        err[0] = 1
cdef void b_maximum_int32(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef int32_t* a = <int32_t*>pa
    cdef int32_t* b = <int32_t*>pb
    cdef int32_t* o = <int32_t*>po
    cdef int32_t x, y
    cdef int bad = 0
    if so == sizeof(int32_t) and sa == sizeof(int32_t) and sb == sizeof(int32_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = y if x < y else x
    elif so == sizeof(int32_t) and sa == sizeof(int32_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = y if x < y else x
    elif so == sizeof(int32_t) and sa == 0 and sb == sizeof(int32_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = y if x < y else x
    else:
        for i in range(n):
            x = (<int32_t*>(pa + i * sa))[0]
            y = (<int32_t*>(pb + i * sb))[0]
            (<int32_t*>(po + i * so))[0] = y if x < y else x
    if bad:
        err[0] = 1
cdef void b_maximum_int64(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef int64_t* a = <int64_t*>pa
    cdef int64_t* b = <int64_t*>pb
    cdef int64_t* o = <int64_t*>po
    cdef int64_t x, y
    cdef int bad = 0
    if so == sizeof(int64_t) and sa == sizeof(int64_t) and sb == sizeof(int64_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = y if x < y else x
    elif so == sizeof(int64_t) and sa == sizeof(int64_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = y if x < y else x
    elif so == sizeof(int64_t) and sa == 0 and sb == sizeof(int64_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = y if x < y else x
    else:
        for i in range(n):
            x = (<int64_t*>(pa + i * sa))[0]
            y = (<int64_t*>(pb + i * sb))[0]
            (<int64_t*>(po + i * so))[0] = y if x < y else x
    if bad:
        err[0] = 1
cdef void b_maximum_float32(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef float* a = <float*>pa
    cdef float* b = <float*>pb
    cdef float* o = <float*>po
    cdef float x, y
    cdef int bad = 0
    if so == sizeof(float) and sa == sizeof(float) and sb == sizeof(float):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = y if ((x < y) | (y != y)) else x
    elif so == sizeof(float) and sa == sizeof(float) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = y if ((x < y) | (y != y)) else x
    elif so == sizeof(float) and sa == 0 and sb == sizeof(float):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = y if ((x < y) | (y != y)) else x
    else:
        for i in range(n):
            x = (<float*>(pa + i * sa))[0]
            y = (<float*>(pb + i * sb))[0]
            (<float*>(po + i * so))[0] = y if ((x < y) | (y != y)) else x
    if bad:
        err[0] = 1
cdef void b_maximum_float64(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef double* a = <double*>pa
    cdef double* b = <double*>pb
    cdef double* o = <double*>po
    cdef double x, y
    cdef int bad = 0
    if so == sizeof(double) and sa == sizeof(double) and sb == sizeof(double):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = y if ((x < y) | (y != y)) else x
    elif so == sizeof(double) and sa == sizeof(double) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = y if ((x < y) | (y != y)) else x
    elif so == sizeof(double) and sa == 0 and sb == sizeof(double):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = y if ((x < y) | (y != y)) else x
    else:
        for i in range(n):
            x = (<double*>(pa + i * sa))[0]
            y = (<double*>(pb + i * sb))[0]
            (<double*>(po + i * so))[0] = y if ((x < y) | (y != y)) else x
    if bad:
        err[0] = 1
cdef void b_minimum_bool(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef uint8_t* a = <uint8_t*>pa
    cdef uint8_t* b = <uint8_t*>pb
    cdef uint8_t* o = <uint8_t*>po
    cdef uint8_t x, y
    cdef int bad = 0
    if so == sizeof(uint8_t) and sa == sizeof(uint8_t) and sb == sizeof(uint8_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = x & y
    elif so == sizeof(uint8_t) and sa == sizeof(uint8_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = x & y
    elif so == sizeof(uint8_t) and sa == 0 and sb == sizeof(uint8_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = x & y
    else:
        for i in range(n):
            x = (<uint8_t*>(pa + i * sa))[0]
            y = (<uint8_t*>(pb + i * sb))[0]
            (<uint8_t*>(po + i * so))[0] = x & y
    if bad:
        err[0] = 1
cdef void b_minimum_uint8(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef uint8_t* a = <uint8_t*>pa
    cdef uint8_t* b = <uint8_t*>pb
    cdef uint8_t* o = <uint8_t*>po
    cdef uint8_t x, y
    cdef int bad = 0
    if so == sizeof(uint8_t) and sa == sizeof(uint8_t) and sb == sizeof(uint8_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = y if y < x else x
    elif so == sizeof(uint8_t) and sa == sizeof(uint8_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = y if y < x else x
    elif so == sizeof(uint8_t) and sa == 0 and sb == sizeof(uint8_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = y if y < x else x
    else:
        for i in range(n):
            x = (<uint8_t*>(pa + i * sa))[0]
            y = (<uint8_t*>(pb + i * sb))[0]
            (<uint8_t*>(po + i * so))[0] = y if y < x else x
    if bad:
        err[0] = 1
cdef void b_minimum_int8(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef int8_t* a = <int8_t*>pa
    cdef int8_t* b = <int8_t*>pb
    cdef int8_t* o = <int8_t*>po
    cdef int8_t x, y
    cdef int bad = 0
    if so == sizeof(int8_t) and sa == sizeof(int8_t) and sb == sizeof(int8_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = y if y < x else x
    elif so == sizeof(int8_t) and sa == sizeof(int8_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = y if y < x else x
    elif so == sizeof(int8_t) and sa == 0 and sb == sizeof(int8_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = y if y < x else x
    else:
        for i in range(n):
            x = (<int8_t*>(pa + i * sa))[0]
            y = (<int8_t*>(pb + i * sb))[0]
            (<int8_t*>(po + i * so))[0] = y if y < x else x
    if bad:
        err[0] = 1
cdef void b_minimum_int16(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef int16_t* a = <int16_t*>pa
    cdef int16_t* b = <int16_t*>pb
    cdef int16_t* o = <int16_t*>po
    cdef int16_t x, y
    cdef int bad = 0
    if so == sizeof(int16_t) and sa == sizeof(int16_t) and sb == sizeof(int16_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = y if y < x else x
    elif so == sizeof(int16_t) and sa == sizeof(int16_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = y if y < x else x
    elif so == sizeof(int16_t) and sa == 0 and sb == sizeof(int16_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = y if y < x else x
    else:
        for i in range(n):
            x = (<int16_t*>(pa + i * sa))[0]
            y = (<int16_t*>(pb + i * sb))[0]
            (<int16_t*>(po + i * so))[0] = y if y < x else x
    if bad:
        err[0] = 1
cdef void b_minimum_int32(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef int32_t* a = <int32_t*>pa
    cdef int32_t* b = <int32_t*>pb
    cdef int32_t* o = <int32_t*>po
    cdef int32_t x, y
    cdef int bad = 0
    if so == sizeof(int32_t) and sa == sizeof(int32_t) and sb == sizeof(int32_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = y if y < x else x
    elif so == sizeof(int32_t) and sa == sizeof(int32_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = y if y < x else x
    elif so == sizeof(int32_t) and sa == 0 and sb == sizeof(int32_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = y if y < x else x
    else:
        for i in range(n):
            x = (<int32_t*>(pa + i * sa))[0]
            y = (<int32_t*>(pb + i * sb))[0]
            (<int32_t*>(po + i * so))[0] = y if y < x else x
    if bad:
        err[0] = 1
cdef void b_minimum_int64(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef int64_t* a = <int64_t*>pa
    cdef int64_t* b = <int64_t*>pb
    cdef int64_t* o = <int64_t*>po
    cdef int64_t x, y
    cdef int bad = 0
    if so == sizeof(int64_t) and sa == sizeof(int64_t) and sb == sizeof(int64_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = y if y < x else x
    elif so == sizeof(int64_t) and sa == sizeof(int64_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = y if y < x else x
    elif so == sizeof(int64_t) and sa == 0 and sb == sizeof(int64_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = y if y < x else x
    else:
        for i in range(n):
            x = (<int64_t*>(pa + i * sa))[0]
            y = (<int64_t*>(pb + i * sb))[0]
            (<int64_t*>(po + i * so))[0] = y if y < x else x
    if bad:
        err[0] = 1
cdef void b_minimum_float32(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef float* a = <float*>pa
    cdef float* b = <float*>pb
    cdef float* o = <float*>po
    cdef float x, y
    cdef int bad = 0
    if so == sizeof(float) and sa == sizeof(float) and sb == sizeof(float):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = y if ((y < x) | (y != y)) else x
    elif so == sizeof(float) and sa == sizeof(float) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = y if ((y < x) | (y != y)) else x
    elif so == sizeof(float) and sa == 0 and sb == sizeof(float):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = y if ((y < x) | (y != y)) else x
    else:
        for i in range(n):
            x = (<float*>(pa + i * sa))[0]
            y = (<float*>(pb + i * sb))[0]
            (<float*>(po + i * so))[0] = y if ((y < x) | (y != y)) else x
    if bad:
        err[0] = 1
cdef void b_minimum_float64(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef double* a = <double*>pa
    cdef double* b = <double*>pb
    cdef double* o = <double*>po
    cdef double x, y
    cdef int bad = 0
    if so == sizeof(double) and sa == sizeof(double) and sb == sizeof(double):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = y if ((y < x) | (y != y)) else x
    elif so == sizeof(double) and sa == sizeof(double) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = y if ((y < x) | (y != y)) else x
    elif so == sizeof(double) and sa == 0 and sb == sizeof(double):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = y if ((y < x) | (y != y)) else x
    else:
        for i in range(n):
            x = (<double*>(pa + i * sa))[0]
            y = (<double*>(pb + i * sb))[0]
            (<double*>(po + i * so))[0] = y if ((y < x) | (y != y)) else x
    if bad:
        err[0] = 1
cdef void b_eq_bool(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef uint8_t* a = <uint8_t*>pa
    cdef uint8_t* b = <uint8_t*>pb
    cdef uint8_t* o = <uint8_t*>po
    cdef uint8_t x, y
    cdef int bad = 0
    if so == sizeof(uint8_t) and sa == sizeof(uint8_t) and sb == sizeof(uint8_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = x == y
    elif so == sizeof(uint8_t) and sa == sizeof(uint8_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = x == y
    elif so == sizeof(uint8_t) and sa == 0 and sb == sizeof(uint8_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = x == y
    else:
        for i in range(n):
            x = (<uint8_t*>(pa + i * sa))[0]
            y = (<uint8_t*>(pb + i * sb))[0]
            (<uint8_t*>(po + i * so))[0] = x == y
    if bad:
        err[0] = 1
cdef void b_eq_uint8(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef uint8_t* a = <uint8_t*>pa
    cdef uint8_t* b = <uint8_t*>pb
    cdef uint8_t* o = <uint8_t*>po
    cdef uint8_t x, y
    cdef int bad = 0
    if so == sizeof(uint8_t) and sa == sizeof(uint8_t) and sb == sizeof(uint8_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = x == y
    elif so == sizeof(uint8_t) and sa == sizeof(uint8_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = x == y
    elif so == sizeof(uint8_t) and sa == 0 and sb == sizeof(uint8_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = x == y
    else:
        for i in range(n):
            x = (<uint8_t*>(pa + i * sa))[0]
            y = (<uint8_t*>(pb + i * sb))[0]
            (<uint8_t*>(po + i * so))[0] = x == y
    if bad:
        err[0] = 1
cdef void b_eq_int8(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef int8_t* a = <int8_t*>pa
    cdef int8_t* b = <int8_t*>pb
    cdef uint8_t* o = <uint8_t*>po
    cdef int8_t x, y
    cdef int bad = 0
    if so == sizeof(uint8_t) and sa == sizeof(int8_t) and sb == sizeof(int8_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = x == y
    elif so == sizeof(uint8_t) and sa == sizeof(int8_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = x == y
    elif so == sizeof(uint8_t) and sa == 0 and sb == sizeof(int8_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = x == y
    else:
        for i in range(n):
            x = (<int8_t*>(pa + i * sa))[0]
            y = (<int8_t*>(pb + i * sb))[0]
            (<uint8_t*>(po + i * so))[0] = x == y
    if bad:
        err[0] = 1
cdef void b_eq_int16(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef int16_t* a = <int16_t*>pa
    cdef int16_t* b = <int16_t*>pb
    cdef uint8_t* o = <uint8_t*>po
    cdef int16_t x, y
    cdef int bad = 0
    if so == sizeof(uint8_t) and sa == sizeof(int16_t) and sb == sizeof(int16_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = x == y
    elif so == sizeof(uint8_t) and sa == sizeof(int16_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = x == y
    elif so == sizeof(uint8_t) and sa == 0 and sb == sizeof(int16_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = x == y
    else:
        for i in range(n):
            x = (<int16_t*>(pa + i * sa))[0]
            y = (<int16_t*>(pb + i * sb))[0]
            (<uint8_t*>(po + i * so))[0] = x == y
    if bad:
        err[0] = 1
cdef void b_eq_int32(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef int32_t* a = <int32_t*>pa
    cdef int32_t* b = <int32_t*>pb
    cdef uint8_t* o = <uint8_t*>po
    cdef int32_t x, y
    cdef int bad = 0
    if so == sizeof(uint8_t) and sa == sizeof(int32_t) and sb == sizeof(int32_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = x == y
    elif so == sizeof(uint8_t) and sa == sizeof(int32_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = x == y
    elif so == sizeof(uint8_t) and sa == 0 and sb == sizeof(int32_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = x == y
    else:
        for i in range(n):
            x = (<int32_t*>(pa + i * sa))[0]
            y = (<int32_t*>(pb + i * sb))[0]
            (<uint8_t*>(po + i * so))[0] = x == y
    if bad:
        err[0] = 1
cdef void b_eq_int64(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef int64_t* a = <int64_t*>pa
    cdef int64_t* b = <int64_t*>pb
    cdef uint8_t* o = <uint8_t*>po
    cdef int64_t x, y
    cdef int bad = 0
    if so == sizeof(uint8_t) and sa == sizeof(int64_t) and sb == sizeof(int64_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = x == y
    elif so == sizeof(uint8_t) and sa == sizeof(int64_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = x == y
    elif so == sizeof(uint8_t) and sa == 0 and sb == sizeof(int64_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = x == y
    else:
        for i in range(n):
            x = (<int64_t*>(pa + i * sa))[0]
            y = (<int64_t*>(pb + i * sb))[0]
            (<uint8_t*>(po + i * so))[0] = x == y
    if bad:
        err[0] = 1
cdef void b_eq_float32(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef float* a = <float*>pa
    cdef float* b = <float*>pb
    cdef uint8_t* o = <uint8_t*>po
    cdef float x, y
    cdef int bad = 0
    if so == sizeof(uint8_t) and sa == sizeof(float) and sb == sizeof(float):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = x == y
    elif so == sizeof(uint8_t) and sa == sizeof(float) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = x == y
    elif so == sizeof(uint8_t) and sa == 0 and sb == sizeof(float):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = x == y
    else:
        for i in range(n):
            x = (<float*>(pa + i * sa))[0]
            y = (<float*>(pb + i * sb))[0]
            (<uint8_t*>(po + i * so))[0] = x == y
    if bad:
        err[0] = 1
cdef void b_eq_float64(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef double* a = <double*>pa
    cdef double* b = <double*>pb
    cdef uint8_t* o = <uint8_t*>po
    cdef double x, y
    cdef int bad = 0
    if so == sizeof(uint8_t) and sa == sizeof(double) and sb == sizeof(double):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = x == y
    elif so == sizeof(uint8_t) and sa == sizeof(double) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = x == y
    elif so == sizeof(uint8_t) and sa == 0 and sb == sizeof(double):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = x == y
    else:
        for i in range(n):
            x = (<double*>(pa + i * sa))[0]
            y = (<double*>(pb + i * sb))[0]
            (<uint8_t*>(po + i * so))[0] = x == y
    if bad:
        err[0] = 1
cdef void b_ne_bool(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef uint8_t* a = <uint8_t*>pa
    cdef uint8_t* b = <uint8_t*>pb
    cdef uint8_t* o = <uint8_t*>po
    cdef uint8_t x, y
    cdef int bad = 0
    if so == sizeof(uint8_t) and sa == sizeof(uint8_t) and sb == sizeof(uint8_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = x != y
    elif so == sizeof(uint8_t) and sa == sizeof(uint8_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = x != y
    elif so == sizeof(uint8_t) and sa == 0 and sb == sizeof(uint8_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = x != y
    else:
        for i in range(n):
            x = (<uint8_t*>(pa + i * sa))[0]
            y = (<uint8_t*>(pb + i * sb))[0]
            (<uint8_t*>(po + i * so))[0] = x != y
    if bad:
        err[0] = 1
cdef void b_ne_uint8(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef uint8_t* a = <uint8_t*>pa
    cdef uint8_t* b = <uint8_t*>pb
    cdef uint8_t* o = <uint8_t*>po
    cdef uint8_t x, y
    cdef int bad = 0
    if so == sizeof(uint8_t) and sa == sizeof(uint8_t) and sb == sizeof(uint8_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = x != y
    elif so == sizeof(uint8_t) and sa == sizeof(uint8_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = x != y
    elif so == sizeof(uint8_t) and sa == 0 and sb == sizeof(uint8_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = x != y
    else:
        for i in range(n):
            x = (<uint8_t*>(pa + i * sa))[0]
            y = (<uint8_t*>(pb + i * sb))[0]
            (<uint8_t*>(po + i * so))[0] = x != y
    if bad:
        err[0] = 1
cdef void b_ne_int8(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef int8_t* a = <int8_t*>pa
    cdef int8_t* b = <int8_t*>pb
    cdef uint8_t* o = <uint8_t*>po
    cdef int8_t x, y
    cdef int bad = 0
    if so == sizeof(uint8_t) and sa == sizeof(int8_t) and sb == sizeof(int8_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = x != y
    elif so == sizeof(uint8_t) and sa == sizeof(int8_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = x != y
    elif so == sizeof(uint8_t) and sa == 0 and sb == sizeof(int8_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = x != y
    else:
        for i in range(n):
            x = (<int8_t*>(pa + i * sa))[0]
            y = (<int8_t*>(pb + i * sb))[0]
            (<uint8_t*>(po + i * so))[0] = x != y
    if bad:
        err[0] = 1
cdef void b_ne_int16(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef int16_t* a = <int16_t*>pa
    cdef int16_t* b = <int16_t*>pb
    cdef uint8_t* o = <uint8_t*>po
    cdef int16_t x, y
    cdef int bad = 0
    if so == sizeof(uint8_t) and sa == sizeof(int16_t) and sb == sizeof(int16_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = x != y
    elif so == sizeof(uint8_t) and sa == sizeof(int16_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = x != y
    elif so == sizeof(uint8_t) and sa == 0 and sb == sizeof(int16_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = x != y
    else:
        for i in range(n):
            x = (<int16_t*>(pa + i * sa))[0]
            y = (<int16_t*>(pb + i * sb))[0]
            (<uint8_t*>(po + i * so))[0] = x != y
    if bad:
        err[0] = 1
cdef void b_ne_int32(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef int32_t* a = <int32_t*>pa
    cdef int32_t* b = <int32_t*>pb
    cdef uint8_t* o = <uint8_t*>po
    cdef int32_t x, y
    cdef int bad = 0
    if so == sizeof(uint8_t) and sa == sizeof(int32_t) and sb == sizeof(int32_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = x != y
    elif so == sizeof(uint8_t) and sa == sizeof(int32_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = x != y
    elif so == sizeof(uint8_t) and sa == 0 and sb == sizeof(int32_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = x != y
    else:
        for i in range(n):
            x = (<int32_t*>(pa + i * sa))[0]
            y = (<int32_t*>(pb + i * sb))[0]
            (<uint8_t*>(po + i * so))[0] = x != y
    if bad:
        err[0] = 1
cdef void b_ne_int64(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef int64_t* a = <int64_t*>pa
    cdef int64_t* b = <int64_t*>pb
    cdef uint8_t* o = <uint8_t*>po
    cdef int64_t x, y
    cdef int bad = 0
    if so == sizeof(uint8_t) and sa == sizeof(int64_t) and sb == sizeof(int64_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = x != y
    elif so == sizeof(uint8_t) and sa == sizeof(int64_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = x != y
    elif so == sizeof(uint8_t) and sa == 0 and sb == sizeof(int64_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = x != y
    else:
        for i in range(n):
            x = (<int64_t*>(pa + i * sa))[0]
            y = (<int64_t*>(pb + i * sb))[0]
            (<uint8_t*>(po + i * so))[0] = x != y
    if bad:
        err[0] = 1
cdef void b_ne_float32(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef float* a = <float*>pa
    cdef float* b = <float*>pb
    cdef uint8_t* o = <uint8_t*>po
    cdef float x, y
    cdef int bad = 0
    if so == sizeof(uint8_t) and sa == sizeof(float) and sb == sizeof(float):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = x != y
    elif so == sizeof(uint8_t) and sa == sizeof(float) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = x != y
    elif so == sizeof(uint8_t) and sa == 0 and sb == sizeof(float):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = x != y
    else:
        for i in range(n):
            x = (<float*>(pa + i * sa))[0]
            y = (<float*>(pb + i * sb))[0]
            (<uint8_t*>(po + i * so))[0] = x != y
    if bad:
        err[0] = 1
cdef void b_ne_float64(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef double* a = <double*>pa
    cdef double* b = <double*>pb
    cdef uint8_t* o = <uint8_t*>po
    cdef double x, y
    cdef int bad = 0
    if so == sizeof(uint8_t) and sa == sizeof(double) and sb == sizeof(double):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = x != y
    elif so == sizeof(uint8_t) and sa == sizeof(double) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = x != y
    elif so == sizeof(uint8_t) and sa == 0 and sb == sizeof(double):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = x != y
    else:
        for i in range(n):
            x = (<double*>(pa + i * sa))[0]
            y = (<double*>(pb + i * sb))[0]
            (<uint8_t*>(po + i * so))[0] = x != y
    if bad:
        err[0] = 1
cdef void b_lt_bool(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef uint8_t* a = <uint8_t*>pa
    cdef uint8_t* b = <uint8_t*>pb
    cdef uint8_t* o = <uint8_t*>po
    cdef uint8_t x, y
    cdef int bad = 0
    if so == sizeof(uint8_t) and sa == sizeof(uint8_t) and sb == sizeof(uint8_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = x < y
    elif so == sizeof(uint8_t) and sa == sizeof(uint8_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = x < y
    elif so == sizeof(uint8_t) and sa == 0 and sb == sizeof(uint8_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = x < y
    else:
        for i in range(n):
            x = (<uint8_t*>(pa + i * sa))[0]
            y = (<uint8_t*>(pb + i * sb))[0]
            (<uint8_t*>(po + i * so))[0] = x < y
    if bad:
        err[0] = 1
cdef void b_lt_uint8(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef uint8_t* a = <uint8_t*>pa
    cdef uint8_t* b = <uint8_t*>pb
    cdef uint8_t* o = <uint8_t*>po
    cdef uint8_t x, y
    cdef int bad = 0
    if so == sizeof(uint8_t) and sa == sizeof(uint8_t) and sb == sizeof(uint8_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = x < y
    elif so == sizeof(uint8_t) and sa == sizeof(uint8_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = x < y
    elif so == sizeof(uint8_t) and sa == 0 and sb == sizeof(uint8_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = x < y
    else:
        for i in range(n):
            x = (<uint8_t*>(pa + i * sa))[0]
            y = (<uint8_t*>(pb + i * sb))[0]
            (<uint8_t*>(po + i * so))[0] = x < y
    if bad:
        err[0] = 1
cdef void b_lt_int8(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef int8_t* a = <int8_t*>pa
    cdef int8_t* b = <int8_t*>pb
    cdef uint8_t* o = <uint8_t*>po
    cdef int8_t x, y
    cdef int bad = 0
    if so == sizeof(uint8_t) and sa == sizeof(int8_t) and sb == sizeof(int8_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = x < y
    elif so == sizeof(uint8_t) and sa == sizeof(int8_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = x < y
    elif so == sizeof(uint8_t) and sa == 0 and sb == sizeof(int8_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = x < y
    else:
        for i in range(n):
            x = (<int8_t*>(pa + i * sa))[0]
            y = (<int8_t*>(pb + i * sb))[0]
            (<uint8_t*>(po + i * so))[0] = x < y
    if bad:
        err[0] = 1
cdef void b_lt_int16(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef int16_t* a = <int16_t*>pa
    cdef int16_t* b = <int16_t*>pb
    cdef uint8_t* o = <uint8_t*>po
    cdef int16_t x, y
    cdef int bad = 0
    if so == sizeof(uint8_t) and sa == sizeof(int16_t) and sb == sizeof(int16_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = x < y
    elif so == sizeof(uint8_t) and sa == sizeof(int16_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = x < y
    elif so == sizeof(uint8_t) and sa == 0 and sb == sizeof(int16_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = x < y
    else:
        for i in range(n):
            x = (<int16_t*>(pa + i * sa))[0]
            y = (<int16_t*>(pb + i * sb))[0]
            (<uint8_t*>(po + i * so))[0] = x < y
    if bad:
        err[0] = 1
cdef void b_lt_int32(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef int32_t* a = <int32_t*>pa
    cdef int32_t* b = <int32_t*>pb
    cdef uint8_t* o = <uint8_t*>po
    cdef int32_t x, y
    cdef int bad = 0
    if so == sizeof(uint8_t) and sa == sizeof(int32_t) and sb == sizeof(int32_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = x < y
    elif so == sizeof(uint8_t) and sa == sizeof(int32_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = x < y
    elif so == sizeof(uint8_t) and sa == 0 and sb == sizeof(int32_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = x < y
    else:
        for i in range(n):
            x = (<int32_t*>(pa + i * sa))[0]
            y = (<int32_t*>(pb + i * sb))[0]
            (<uint8_t*>(po + i * so))[0] = x < y
    if bad:
        err[0] = 1
cdef void b_lt_int64(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef int64_t* a = <int64_t*>pa
    cdef int64_t* b = <int64_t*>pb
    cdef uint8_t* o = <uint8_t*>po
    cdef int64_t x, y
    cdef int bad = 0
    if so == sizeof(uint8_t) and sa == sizeof(int64_t) and sb == sizeof(int64_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = x < y
    elif so == sizeof(uint8_t) and sa == sizeof(int64_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = x < y
    elif so == sizeof(uint8_t) and sa == 0 and sb == sizeof(int64_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = x < y
    else:
        for i in range(n):
            x = (<int64_t*>(pa + i * sa))[0]
            y = (<int64_t*>(pb + i * sb))[0]
            (<uint8_t*>(po + i * so))[0] = x < y
    if bad:
        err[0] = 1
cdef void b_lt_float32(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef float* a = <float*>pa
    cdef float* b = <float*>pb
    cdef uint8_t* o = <uint8_t*>po
    cdef float x, y
    cdef int bad = 0
    if so == sizeof(uint8_t) and sa == sizeof(float) and sb == sizeof(float):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = x < y
    elif so == sizeof(uint8_t) and sa == sizeof(float) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = x < y
    elif so == sizeof(uint8_t) and sa == 0 and sb == sizeof(float):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = x < y
    else:
        for i in range(n):
            x = (<float*>(pa + i * sa))[0]
            y = (<float*>(pb + i * sb))[0]
            (<uint8_t*>(po + i * so))[0] = x < y
    if bad:
        err[0] = 1
cdef void b_lt_float64(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef double* a = <double*>pa
    cdef double* b = <double*>pb
    cdef uint8_t* o = <uint8_t*>po
    cdef double x, y
    cdef int bad = 0
    if so == sizeof(uint8_t) and sa == sizeof(double) and sb == sizeof(double):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = x < y
    elif so == sizeof(uint8_t) and sa == sizeof(double) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = x < y
    elif so == sizeof(uint8_t) and sa == 0 and sb == sizeof(double):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = x < y
    else:
        for i in range(n):
            x = (<double*>(pa + i * sa))[0]
            y = (<double*>(pb + i * sb))[0]
            (<uint8_t*>(po + i * so))[0] = x < y
    if bad:
        err[0] = 1
cdef void b_le_bool(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef uint8_t* a = <uint8_t*>pa
    cdef uint8_t* b = <uint8_t*>pb
    cdef uint8_t* o = <uint8_t*>po
    cdef uint8_t x, y
    cdef int bad = 0
    if so == sizeof(uint8_t) and sa == sizeof(uint8_t) and sb == sizeof(uint8_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = x <= y
    elif so == sizeof(uint8_t) and sa == sizeof(uint8_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = x <= y
    elif so == sizeof(uint8_t) and sa == 0 and sb == sizeof(uint8_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = x <= y
    else:
        for i in range(n):
            x = (<uint8_t*>(pa + i * sa))[0]
            y = (<uint8_t*>(pb + i * sb))[0]
            (<uint8_t*>(po + i * so))[0] = x <= y
    if bad:
        err[0] = 1
cdef void b_le_uint8(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef uint8_t* a = <uint8_t*>pa
    cdef uint8_t* b = <uint8_t*>pb
    cdef uint8_t* o = <uint8_t*>po
    cdef uint8_t x, y
    cdef int bad = 0
    if so == sizeof(uint8_t) and sa == sizeof(uint8_t) and sb == sizeof(uint8_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = x <= y
    elif so == sizeof(uint8_t) and sa == sizeof(uint8_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = x <= y
    elif so == sizeof(uint8_t) and sa == 0 and sb == sizeof(uint8_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = x <= y
    else:
        for i in range(n):
            x = (<uint8_t*>(pa + i * sa))[0]
            y = (<uint8_t*>(pb + i * sb))[0]
            (<uint8_t*>(po + i * so))[0] = x <= y
    if bad:
        err[0] = 1
cdef void b_le_int8(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef int8_t* a = <int8_t*>pa
    cdef int8_t* b = <int8_t*>pb
    cdef uint8_t* o = <uint8_t*>po
    cdef int8_t x, y
    cdef int bad = 0
    if so == sizeof(uint8_t) and sa == sizeof(int8_t) and sb == sizeof(int8_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = x <= y
    elif so == sizeof(uint8_t) and sa == sizeof(int8_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = x <= y
    elif so == sizeof(uint8_t) and sa == 0 and sb == sizeof(int8_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = x <= y
    else:
        for i in range(n):
            x = (<int8_t*>(pa + i * sa))[0]
            y = (<int8_t*>(pb + i * sb))[0]
            (<uint8_t*>(po + i * so))[0] = x <= y
    if bad:
        err[0] = 1
cdef void b_le_int16(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef int16_t* a = <int16_t*>pa
    cdef int16_t* b = <int16_t*>pb
    cdef uint8_t* o = <uint8_t*>po
    cdef int16_t x, y
    cdef int bad = 0
    if so == sizeof(uint8_t) and sa == sizeof(int16_t) and sb == sizeof(int16_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = x <= y
    elif so == sizeof(uint8_t) and sa == sizeof(int16_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = x <= y
    elif so == sizeof(uint8_t) and sa == 0 and sb == sizeof(int16_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = x <= y
    else:
        for i in range(n):
            x = (<int16_t*>(pa + i * sa))[0]
            y = (<int16_t*>(pb + i * sb))[0]
            (<uint8_t*>(po + i * so))[0] = x <= y
    if bad:
        err[0] = 1
cdef void b_le_int32(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef int32_t* a = <int32_t*>pa
    cdef int32_t* b = <int32_t*>pb
    cdef uint8_t* o = <uint8_t*>po
    cdef int32_t x, y
    cdef int bad = 0
    if so == sizeof(uint8_t) and sa == sizeof(int32_t) and sb == sizeof(int32_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = x <= y
    elif so == sizeof(uint8_t) and sa == sizeof(int32_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = x <= y
    elif so == sizeof(uint8_t) and sa == 0 and sb == sizeof(int32_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = x <= y
    else:
        for i in range(n):
            x = (<int32_t*>(pa + i * sa))[0]
            y = (<int32_t*>(pb + i * sb))[0]
            (<uint8_t*>(po + i * so))[0] = x <= y
    if bad:
        err[0] = 1
cdef void b_le_int64(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef int64_t* a = <int64_t*>pa
    cdef int64_t* b = <int64_t*>pb
    cdef uint8_t* o = <uint8_t*>po
    cdef int64_t x, y
    cdef int bad = 0
    if so == sizeof(uint8_t) and sa == sizeof(int64_t) and sb == sizeof(int64_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = x <= y
    elif so == sizeof(uint8_t) and sa == sizeof(int64_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = x <= y
    elif so == sizeof(uint8_t) and sa == 0 and sb == sizeof(int64_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = x <= y
    else:
        for i in range(n):
            x = (<int64_t*>(pa + i * sa))[0]
            y = (<int64_t*>(pb + i * sb))[0]
            (<uint8_t*>(po + i * so))[0] = x <= y
    if bad:
        err[0] = 1
cdef void b_le_float32(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef float* a = <float*>pa
    cdef float* b = <float*>pb
    cdef uint8_t* o = <uint8_t*>po
    cdef float x, y
    cdef int bad = 0
    if so == sizeof(uint8_t) and sa == sizeof(float) and sb == sizeof(float):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = x <= y
    elif so == sizeof(uint8_t) and sa == sizeof(float) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = x <= y
    elif so == sizeof(uint8_t) and sa == 0 and sb == sizeof(float):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = x <= y
    else:
        for i in range(n):
            x = (<float*>(pa + i * sa))[0]
            y = (<float*>(pb + i * sb))[0]
            (<uint8_t*>(po + i * so))[0] = x <= y
    if bad:
        err[0] = 1
cdef void b_le_float64(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef double* a = <double*>pa
    cdef double* b = <double*>pb
    cdef uint8_t* o = <uint8_t*>po
    cdef double x, y
    cdef int bad = 0
    if so == sizeof(uint8_t) and sa == sizeof(double) and sb == sizeof(double):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = x <= y
    elif so == sizeof(uint8_t) and sa == sizeof(double) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = x <= y
    elif so == sizeof(uint8_t) and sa == 0 and sb == sizeof(double):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = x <= y
    else:
        for i in range(n):
            x = (<double*>(pa + i * sa))[0]
            y = (<double*>(pb + i * sb))[0]
            (<uint8_t*>(po + i * so))[0] = x <= y
    if bad:
        err[0] = 1
cdef void b_gt_bool(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef uint8_t* a = <uint8_t*>pa
    cdef uint8_t* b = <uint8_t*>pb
    cdef uint8_t* o = <uint8_t*>po
    cdef uint8_t x, y
    cdef int bad = 0
    if so == sizeof(uint8_t) and sa == sizeof(uint8_t) and sb == sizeof(uint8_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = x > y
    elif so == sizeof(uint8_t) and sa == sizeof(uint8_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = x > y
    elif so == sizeof(uint8_t) and sa == 0 and sb == sizeof(uint8_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = x > y
    else:
        for i in range(n):
            x = (<uint8_t*>(pa + i * sa))[0]
            y = (<uint8_t*>(pb + i * sb))[0]
            (<uint8_t*>(po + i * so))[0] = x > y
    if bad:
        err[0] = 1
cdef void b_gt_uint8(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef uint8_t* a = <uint8_t*>pa
    cdef uint8_t* b = <uint8_t*>pb
    cdef uint8_t* o = <uint8_t*>po
    cdef uint8_t x, y
    cdef int bad = 0
    if so == sizeof(uint8_t) and sa == sizeof(uint8_t) and sb == sizeof(uint8_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = x > y
    elif so == sizeof(uint8_t) and sa == sizeof(uint8_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = x > y
    elif so == sizeof(uint8_t) and sa == 0 and sb == sizeof(uint8_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = x > y
    else:
        for i in range(n):
            x = (<uint8_t*>(pa + i * sa))[0]
            y = (<uint8_t*>(pb + i * sb))[0]
            (<uint8_t*>(po + i * so))[0] = x > y
    if bad:
        err[0] = 1
cdef void b_gt_int8(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef int8_t* a = <int8_t*>pa
    cdef int8_t* b = <int8_t*>pb
    cdef uint8_t* o = <uint8_t*>po
    cdef int8_t x, y
    cdef int bad = 0
    if so == sizeof(uint8_t) and sa == sizeof(int8_t) and sb == sizeof(int8_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = x > y
    elif so == sizeof(uint8_t) and sa == sizeof(int8_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = x > y
    elif so == sizeof(uint8_t) and sa == 0 and sb == sizeof(int8_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = x > y
    else:
        for i in range(n):
            x = (<int8_t*>(pa + i * sa))[0]
            y = (<int8_t*>(pb + i * sb))[0]
            (<uint8_t*>(po + i * so))[0] = x > y
    if bad:
        err[0] = 1
cdef void b_gt_int16(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef int16_t* a = <int16_t*>pa
    cdef int16_t* b = <int16_t*>pb
    cdef uint8_t* o = <uint8_t*>po
    cdef int16_t x, y
    cdef int bad = 0
    if so == sizeof(uint8_t) and sa == sizeof(int16_t) and sb == sizeof(int16_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = x > y
    elif so == sizeof(uint8_t) and sa == sizeof(int16_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = x > y
    elif so == sizeof(uint8_t) and sa == 0 and sb == sizeof(int16_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = x > y
    else:
        for i in range(n):
            x = (<int16_t*>(pa + i * sa))[0]
            y = (<int16_t*>(pb + i * sb))[0]
            (<uint8_t*>(po + i * so))[0] = x > y
    if bad:
        err[0] = 1
cdef void b_gt_int32(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef int32_t* a = <int32_t*>pa
    cdef int32_t* b = <int32_t*>pb
    cdef uint8_t* o = <uint8_t*>po
    cdef int32_t x, y
    cdef int bad = 0
    if so == sizeof(uint8_t) and sa == sizeof(int32_t) and sb == sizeof(int32_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = x > y
    elif so == sizeof(uint8_t) and sa == sizeof(int32_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = x > y
    elif so == sizeof(uint8_t) and sa == 0 and sb == sizeof(int32_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = x > y
    else:
        for i in range(n):
            x = (<int32_t*>(pa + i * sa))[0]
            y = (<int32_t*>(pb + i * sb))[0]
            (<uint8_t*>(po + i * so))[0] = x > y
    if bad:
        err[0] = 1
cdef void b_gt_int64(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef int64_t* a = <int64_t*>pa
    cdef int64_t* b = <int64_t*>pb
    cdef uint8_t* o = <uint8_t*>po
    cdef int64_t x, y
    cdef int bad = 0
    if so == sizeof(uint8_t) and sa == sizeof(int64_t) and sb == sizeof(int64_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = x > y
    elif so == sizeof(uint8_t) and sa == sizeof(int64_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = x > y
    elif so == sizeof(uint8_t) and sa == 0 and sb == sizeof(int64_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = x > y
    else:
        for i in range(n):
            x = (<int64_t*>(pa + i * sa))[0]
            y = (<int64_t*>(pb + i * sb))[0]
            (<uint8_t*>(po + i * so))[0] = x > y
    if bad:
        err[0] = 1
cdef void b_gt_float32(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef float* a = <float*>pa
    cdef float* b = <float*>pb
    cdef uint8_t* o = <uint8_t*>po
    cdef float x, y
    cdef int bad = 0
    if so == sizeof(uint8_t) and sa == sizeof(float) and sb == sizeof(float):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = x > y
    elif so == sizeof(uint8_t) and sa == sizeof(float) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = x > y
    elif so == sizeof(uint8_t) and sa == 0 and sb == sizeof(float):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = x > y
    else:
        for i in range(n):
            x = (<float*>(pa + i * sa))[0]
            y = (<float*>(pb + i * sb))[0]
            (<uint8_t*>(po + i * so))[0] = x > y
    if bad:
        err[0] = 1
cdef void b_gt_float64(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef double* a = <double*>pa
    cdef double* b = <double*>pb
    cdef uint8_t* o = <uint8_t*>po
    cdef double x, y
    cdef int bad = 0
    if so == sizeof(uint8_t) and sa == sizeof(double) and sb == sizeof(double):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = x > y
    elif so == sizeof(uint8_t) and sa == sizeof(double) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = x > y
    elif so == sizeof(uint8_t) and sa == 0 and sb == sizeof(double):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = x > y
    else:
        for i in range(n):
            x = (<double*>(pa + i * sa))[0]
            y = (<double*>(pb + i * sb))[0]
            (<uint8_t*>(po + i * so))[0] = x > y
    if bad:
        err[0] = 1
cdef void b_ge_bool(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef uint8_t* a = <uint8_t*>pa
    cdef uint8_t* b = <uint8_t*>pb
    cdef uint8_t* o = <uint8_t*>po
    cdef uint8_t x, y
    cdef int bad = 0
    if so == sizeof(uint8_t) and sa == sizeof(uint8_t) and sb == sizeof(uint8_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = x >= y
    elif so == sizeof(uint8_t) and sa == sizeof(uint8_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = x >= y
    elif so == sizeof(uint8_t) and sa == 0 and sb == sizeof(uint8_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = x >= y
    else:
        for i in range(n):
            x = (<uint8_t*>(pa + i * sa))[0]
            y = (<uint8_t*>(pb + i * sb))[0]
            (<uint8_t*>(po + i * so))[0] = x >= y
    if bad:
        err[0] = 1
cdef void b_ge_uint8(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef uint8_t* a = <uint8_t*>pa
    cdef uint8_t* b = <uint8_t*>pb
    cdef uint8_t* o = <uint8_t*>po
    cdef uint8_t x, y
    cdef int bad = 0
    if so == sizeof(uint8_t) and sa == sizeof(uint8_t) and sb == sizeof(uint8_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = x >= y
    elif so == sizeof(uint8_t) and sa == sizeof(uint8_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = x >= y
    elif so == sizeof(uint8_t) and sa == 0 and sb == sizeof(uint8_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = x >= y
    else:
        for i in range(n):
            x = (<uint8_t*>(pa + i * sa))[0]
            y = (<uint8_t*>(pb + i * sb))[0]
            (<uint8_t*>(po + i * so))[0] = x >= y
    if bad:
        err[0] = 1
cdef void b_ge_int8(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef int8_t* a = <int8_t*>pa
    cdef int8_t* b = <int8_t*>pb
    cdef uint8_t* o = <uint8_t*>po
    cdef int8_t x, y
    cdef int bad = 0
    if so == sizeof(uint8_t) and sa == sizeof(int8_t) and sb == sizeof(int8_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = x >= y
    elif so == sizeof(uint8_t) and sa == sizeof(int8_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = x >= y
    elif so == sizeof(uint8_t) and sa == 0 and sb == sizeof(int8_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = x >= y
    else:
        for i in range(n):
            x = (<int8_t*>(pa + i * sa))[0]
            y = (<int8_t*>(pb + i * sb))[0]
            (<uint8_t*>(po + i * so))[0] = x >= y
    if bad:
        err[0] = 1
cdef void b_ge_int16(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef int16_t* a = <int16_t*>pa
    cdef int16_t* b = <int16_t*>pb
    cdef uint8_t* o = <uint8_t*>po
    cdef int16_t x, y
    cdef int bad = 0
    if so == sizeof(uint8_t) and sa == sizeof(int16_t) and sb == sizeof(int16_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = x >= y
    elif so == sizeof(uint8_t) and sa == sizeof(int16_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = x >= y
    elif so == sizeof(uint8_t) and sa == 0 and sb == sizeof(int16_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = x >= y
    else:
        for i in range(n):
            x = (<int16_t*>(pa + i * sa))[0]
            y = (<int16_t*>(pb + i * sb))[0]
            (<uint8_t*>(po + i * so))[0] = x >= y
    if bad:
        err[0] = 1
cdef void b_ge_int32(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef int32_t* a = <int32_t*>pa
    cdef int32_t* b = <int32_t*>pb
    cdef uint8_t* o = <uint8_t*>po
    cdef int32_t x, y
    cdef int bad = 0
    if so == sizeof(uint8_t) and sa == sizeof(int32_t) and sb == sizeof(int32_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = x >= y
    elif so == sizeof(uint8_t) and sa == sizeof(int32_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = x >= y
    elif so == sizeof(uint8_t) and sa == 0 and sb == sizeof(int32_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = x >= y
    else:
        for i in range(n):
            x = (<int32_t*>(pa + i * sa))[0]
            y = (<int32_t*>(pb + i * sb))[0]
            (<uint8_t*>(po + i * so))[0] = x >= y
    if bad:
        err[0] = 1
cdef void b_ge_int64(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef int64_t* a = <int64_t*>pa
    cdef int64_t* b = <int64_t*>pb
    cdef uint8_t* o = <uint8_t*>po
    cdef int64_t x, y
    cdef int bad = 0
    if so == sizeof(uint8_t) and sa == sizeof(int64_t) and sb == sizeof(int64_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = x >= y
    elif so == sizeof(uint8_t) and sa == sizeof(int64_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = x >= y
    elif so == sizeof(uint8_t) and sa == 0 and sb == sizeof(int64_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = x >= y
    else:
        for i in range(n):
            x = (<int64_t*>(pa + i * sa))[0]
            y = (<int64_t*>(pb + i * sb))[0]
            (<uint8_t*>(po + i * so))[0] = x >= y
    if bad:
        err[0] = 1
cdef void b_ge_float32(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef float* a = <float*>pa
    cdef float* b = <float*>pb
    cdef uint8_t* o = <uint8_t*>po
    cdef float x, y
    cdef int bad = 0
    if so == sizeof(uint8_t) and sa == sizeof(float) and sb == sizeof(float):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = x >= y
    elif so == sizeof(uint8_t) and sa == sizeof(float) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = x >= y
    elif so == sizeof(uint8_t) and sa == 0 and sb == sizeof(float):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = x >= y
    else:
        for i in range(n):
            x = (<float*>(pa + i * sa))[0]
            y = (<float*>(pb + i * sb))[0]
            (<uint8_t*>(po + i * so))[0] = x >= y
    if bad:
        err[0] = 1
cdef void b_ge_float64(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef double* a = <double*>pa
    cdef double* b = <double*>pb
    cdef uint8_t* o = <uint8_t*>po
    cdef double x, y
    cdef int bad = 0
    if so == sizeof(uint8_t) and sa == sizeof(double) and sb == sizeof(double):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = x >= y
    elif so == sizeof(uint8_t) and sa == sizeof(double) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = x >= y
    elif so == sizeof(uint8_t) and sa == 0 and sb == sizeof(double):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = x >= y
    else:
        for i in range(n):
            x = (<double*>(pa + i * sa))[0]
            y = (<double*>(pb + i * sb))[0]
            (<uint8_t*>(po + i * so))[0] = x >= y
    if bad:
        err[0] = 1
cdef void b_logical_and_bool(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef uint8_t* a = <uint8_t*>pa
    cdef uint8_t* b = <uint8_t*>pb
    cdef uint8_t* o = <uint8_t*>po
    cdef uint8_t x, y
    cdef int bad = 0
    if so == sizeof(uint8_t) and sa == sizeof(uint8_t) and sb == sizeof(uint8_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = (x != 0) & (y != 0)
    elif so == sizeof(uint8_t) and sa == sizeof(uint8_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = (x != 0) & (y != 0)
    elif so == sizeof(uint8_t) and sa == 0 and sb == sizeof(uint8_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = (x != 0) & (y != 0)
    else:
        for i in range(n):
            x = (<uint8_t*>(pa + i * sa))[0]
            y = (<uint8_t*>(pb + i * sb))[0]
            (<uint8_t*>(po + i * so))[0] = (x != 0) & (y != 0)
    if bad:
        err[0] = 1
cdef void b_logical_and_uint8(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef uint8_t* a = <uint8_t*>pa
    cdef uint8_t* b = <uint8_t*>pb
    cdef uint8_t* o = <uint8_t*>po
    cdef uint8_t x, y
    cdef int bad = 0
    if so == sizeof(uint8_t) and sa == sizeof(uint8_t) and sb == sizeof(uint8_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = (x != 0) & (y != 0)
    elif so == sizeof(uint8_t) and sa == sizeof(uint8_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = (x != 0) & (y != 0)
    elif so == sizeof(uint8_t) and sa == 0 and sb == sizeof(uint8_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = (x != 0) & (y != 0)
    else:
        for i in range(n):
            x = (<uint8_t*>(pa + i * sa))[0]
            y = (<uint8_t*>(pb + i * sb))[0]
            (<uint8_t*>(po + i * so))[0] = (x != 0) & (y != 0)
    if bad:
        err[0] = 1
cdef void b_logical_and_int8(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef int8_t* a = <int8_t*>pa
    cdef int8_t* b = <int8_t*>pb
    cdef uint8_t* o = <uint8_t*>po
    cdef int8_t x, y
    cdef int bad = 0
    if so == sizeof(uint8_t) and sa == sizeof(int8_t) and sb == sizeof(int8_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = (x != 0) & (y != 0)
    elif so == sizeof(uint8_t) and sa == sizeof(int8_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = (x != 0) & (y != 0)
    elif so == sizeof(uint8_t) and sa == 0 and sb == sizeof(int8_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = (x != 0) & (y != 0)
    else:
        for i in range(n):
            x = (<int8_t*>(pa + i * sa))[0]
            y = (<int8_t*>(pb + i * sb))[0]
            (<uint8_t*>(po + i * so))[0] = (x != 0) & (y != 0)
    if bad:
        err[0] = 1
cdef void b_logical_and_int16(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef int16_t* a = <int16_t*>pa
    cdef int16_t* b = <int16_t*>pb
    cdef uint8_t* o = <uint8_t*>po
    cdef int16_t x, y
    cdef int bad = 0
    if so == sizeof(uint8_t) and sa == sizeof(int16_t) and sb == sizeof(int16_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = (x != 0) & (y != 0)
    elif so == sizeof(uint8_t) and sa == sizeof(int16_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = (x != 0) & (y != 0)
    elif so == sizeof(uint8_t) and sa == 0 and sb == sizeof(int16_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = (x != 0) & (y != 0)
    else:
        for i in range(n):
            x = (<int16_t*>(pa + i * sa))[0]
            y = (<int16_t*>(pb + i * sb))[0]
            (<uint8_t*>(po + i * so))[0] = (x != 0) & (y != 0)
    if bad:
        err[0] = 1
cdef void b_logical_and_int32(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef int32_t* a = <int32_t*>pa
    cdef int32_t* b = <int32_t*>pb
    cdef uint8_t* o = <uint8_t*>po
    cdef int32_t x, y
    cdef int bad = 0
    if so == sizeof(uint8_t) and sa == sizeof(int32_t) and sb == sizeof(int32_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = (x != 0) & (y != 0)
    elif so == sizeof(uint8_t) and sa == sizeof(int32_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = (x != 0) & (y != 0)
    elif so == sizeof(uint8_t) and sa == 0 and sb == sizeof(int32_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = (x != 0) & (y != 0)
    else:
        for i in range(n):
            x = (<int32_t*>(pa + i * sa))[0]
            y = (<int32_t*>(pb + i * sb))[0]
            (<uint8_t*>(po + i * so))[0] = (x != 0) & (y != 0)
    if bad:
        err[0] = 1
cdef void b_logical_and_int64(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef int64_t* a = <int64_t*>pa
    cdef int64_t* b = <int64_t*>pb
    cdef uint8_t* o = <uint8_t*>po
    cdef int64_t x, y
    cdef int bad = 0
    if so == sizeof(uint8_t) and sa == sizeof(int64_t) and sb == sizeof(int64_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = (x != 0) & (y != 0)
    elif so == sizeof(uint8_t) and sa == sizeof(int64_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = (x != 0) & (y != 0)
    elif so == sizeof(uint8_t) and sa == 0 and sb == sizeof(int64_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = (x != 0) & (y != 0)
    else:
        for i in range(n):
            x = (<int64_t*>(pa + i * sa))[0]
            y = (<int64_t*>(pb + i * sb))[0]
            (<uint8_t*>(po + i * so))[0] = (x != 0) & (y != 0)
    if bad:
        err[0] = 1
cdef void b_logical_and_float32(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef float* a = <float*>pa
    cdef float* b = <float*>pb
    cdef uint8_t* o = <uint8_t*>po
    cdef float x, y
    cdef int bad = 0
    if so == sizeof(uint8_t) and sa == sizeof(float) and sb == sizeof(float):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = (x != 0) & (y != 0)
    elif so == sizeof(uint8_t) and sa == sizeof(float) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = (x != 0) & (y != 0)
    elif so == sizeof(uint8_t) and sa == 0 and sb == sizeof(float):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = (x != 0) & (y != 0)
    else:
        for i in range(n):
            x = (<float*>(pa + i * sa))[0]
            y = (<float*>(pb + i * sb))[0]
            (<uint8_t*>(po + i * so))[0] = (x != 0) & (y != 0)
    if bad:
        err[0] = 1
cdef void b_logical_and_float64(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef double* a = <double*>pa
    cdef double* b = <double*>pb
    cdef uint8_t* o = <uint8_t*>po
    cdef double x, y
    cdef int bad = 0
    if so == sizeof(uint8_t) and sa == sizeof(double) and sb == sizeof(double):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = (x != 0) & (y != 0)
    elif so == sizeof(uint8_t) and sa == sizeof(double) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = (x != 0) & (y != 0)
    elif so == sizeof(uint8_t) and sa == 0 and sb == sizeof(double):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = (x != 0) & (y != 0)
    else:
        for i in range(n):
            x = (<double*>(pa + i * sa))[0]
            y = (<double*>(pb + i * sb))[0]
            (<uint8_t*>(po + i * so))[0] = (x != 0) & (y != 0)
    if bad:
        err[0] = 1
cdef void b_logical_or_bool(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef uint8_t* a = <uint8_t*>pa
    cdef uint8_t* b = <uint8_t*>pb
    cdef uint8_t* o = <uint8_t*>po
    cdef uint8_t x, y
    cdef int bad = 0
    if so == sizeof(uint8_t) and sa == sizeof(uint8_t) and sb == sizeof(uint8_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = (x != 0) | (y != 0)
    elif so == sizeof(uint8_t) and sa == sizeof(uint8_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = (x != 0) | (y != 0)
    elif so == sizeof(uint8_t) and sa == 0 and sb == sizeof(uint8_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = (x != 0) | (y != 0)
    else:
        for i in range(n):
            x = (<uint8_t*>(pa + i * sa))[0]
            y = (<uint8_t*>(pb + i * sb))[0]
            (<uint8_t*>(po + i * so))[0] = (x != 0) | (y != 0)
    if bad:
        err[0] = 1
cdef void b_logical_or_uint8(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef uint8_t* a = <uint8_t*>pa
    cdef uint8_t* b = <uint8_t*>pb
    cdef uint8_t* o = <uint8_t*>po
    cdef uint8_t x, y
    cdef int bad = 0
    if so == sizeof(uint8_t) and sa == sizeof(uint8_t) and sb == sizeof(uint8_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = (x != 0) | (y != 0)
    elif so == sizeof(uint8_t) and sa == sizeof(uint8_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = (x != 0) | (y != 0)
    elif so == sizeof(uint8_t) and sa == 0 and sb == sizeof(uint8_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = (x != 0) | (y != 0)
    else:
        for i in range(n):
            x = (<uint8_t*>(pa + i * sa))[0]
            y = (<uint8_t*>(pb + i * sb))[0]
            (<uint8_t*>(po + i * so))[0] = (x != 0) | (y != 0)
    if bad:
        err[0] = 1
cdef void b_logical_or_int8(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef int8_t* a = <int8_t*>pa
    cdef int8_t* b = <int8_t*>pb
    cdef uint8_t* o = <uint8_t*>po
    cdef int8_t x, y
    cdef int bad = 0
    if so == sizeof(uint8_t) and sa == sizeof(int8_t) and sb == sizeof(int8_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = (x != 0) | (y != 0)
    elif so == sizeof(uint8_t) and sa == sizeof(int8_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = (x != 0) | (y != 0)
    elif so == sizeof(uint8_t) and sa == 0 and sb == sizeof(int8_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = (x != 0) | (y != 0)
    else:
        for i in range(n):
            x = (<int8_t*>(pa + i * sa))[0]
            y = (<int8_t*>(pb + i * sb))[0]
            (<uint8_t*>(po + i * so))[0] = (x != 0) | (y != 0)
    if bad:
        err[0] = 1
cdef void b_logical_or_int16(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef int16_t* a = <int16_t*>pa
    cdef int16_t* b = <int16_t*>pb
    cdef uint8_t* o = <uint8_t*>po
    cdef int16_t x, y
    cdef int bad = 0
    if so == sizeof(uint8_t) and sa == sizeof(int16_t) and sb == sizeof(int16_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = (x != 0) | (y != 0)
    elif so == sizeof(uint8_t) and sa == sizeof(int16_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = (x != 0) | (y != 0)
    elif so == sizeof(uint8_t) and sa == 0 and sb == sizeof(int16_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = (x != 0) | (y != 0)
    else:
        for i in range(n):
            x = (<int16_t*>(pa + i * sa))[0]
            y = (<int16_t*>(pb + i * sb))[0]
            (<uint8_t*>(po + i * so))[0] = (x != 0) | (y != 0)
    if bad:
        err[0] = 1
cdef void b_logical_or_int32(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef int32_t* a = <int32_t*>pa
    cdef int32_t* b = <int32_t*>pb
    cdef uint8_t* o = <uint8_t*>po
    cdef int32_t x, y
    cdef int bad = 0
    if so == sizeof(uint8_t) and sa == sizeof(int32_t) and sb == sizeof(int32_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = (x != 0) | (y != 0)
    elif so == sizeof(uint8_t) and sa == sizeof(int32_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = (x != 0) | (y != 0)
    elif so == sizeof(uint8_t) and sa == 0 and sb == sizeof(int32_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = (x != 0) | (y != 0)
    else:
        for i in range(n):
            x = (<int32_t*>(pa + i * sa))[0]
            y = (<int32_t*>(pb + i * sb))[0]
            (<uint8_t*>(po + i * so))[0] = (x != 0) | (y != 0)
    if bad:
        err[0] = 1
cdef void b_logical_or_int64(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef int64_t* a = <int64_t*>pa
    cdef int64_t* b = <int64_t*>pb
    cdef uint8_t* o = <uint8_t*>po
    cdef int64_t x, y
    cdef int bad = 0
    if so == sizeof(uint8_t) and sa == sizeof(int64_t) and sb == sizeof(int64_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = (x != 0) | (y != 0)
    elif so == sizeof(uint8_t) and sa == sizeof(int64_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = (x != 0) | (y != 0)
    elif so == sizeof(uint8_t) and sa == 0 and sb == sizeof(int64_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = (x != 0) | (y != 0)
    else:
        for i in range(n):
            x = (<int64_t*>(pa + i * sa))[0]
            y = (<int64_t*>(pb + i * sb))[0]
            (<uint8_t*>(po + i * so))[0] = (x != 0) | (y != 0)
    if bad:
        err[0] = 1
cdef void b_logical_or_float32(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef float* a = <float*>pa
    cdef float* b = <float*>pb
    cdef uint8_t* o = <uint8_t*>po
    cdef float x, y
    cdef int bad = 0
    if so == sizeof(uint8_t) and sa == sizeof(float) and sb == sizeof(float):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = (x != 0) | (y != 0)
    elif so == sizeof(uint8_t) and sa == sizeof(float) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = (x != 0) | (y != 0)
    elif so == sizeof(uint8_t) and sa == 0 and sb == sizeof(float):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = (x != 0) | (y != 0)
    else:
        for i in range(n):
            x = (<float*>(pa + i * sa))[0]
            y = (<float*>(pb + i * sb))[0]
            (<uint8_t*>(po + i * so))[0] = (x != 0) | (y != 0)
    if bad:
        err[0] = 1
cdef void b_logical_or_float64(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef double* a = <double*>pa
    cdef double* b = <double*>pb
    cdef uint8_t* o = <uint8_t*>po
    cdef double x, y
    cdef int bad = 0
    if so == sizeof(uint8_t) and sa == sizeof(double) and sb == sizeof(double):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = (x != 0) | (y != 0)
    elif so == sizeof(uint8_t) and sa == sizeof(double) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = (x != 0) | (y != 0)
    elif so == sizeof(uint8_t) and sa == 0 and sb == sizeof(double):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = (x != 0) | (y != 0)
    else:
        for i in range(n):
            x = (<double*>(pa + i * sa))[0]
            y = (<double*>(pb + i * sb))[0]
            (<uint8_t*>(po + i * so))[0] = (x != 0) | (y != 0)
    if bad:
        err[0] = 1
cdef void b_logical_xor_bool(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef uint8_t* a = <uint8_t*>pa
    cdef uint8_t* b = <uint8_t*>pb
    cdef uint8_t* o = <uint8_t*>po
    cdef uint8_t x, y
    cdef int bad = 0
    if so == sizeof(uint8_t) and sa == sizeof(uint8_t) and sb == sizeof(uint8_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = (x != 0) ^ (y != 0)
    elif so == sizeof(uint8_t) and sa == sizeof(uint8_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = (x != 0) ^ (y != 0)
    elif so == sizeof(uint8_t) and sa == 0 and sb == sizeof(uint8_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = (x != 0) ^ (y != 0)
    else:
        for i in range(n):
            x = (<uint8_t*>(pa + i * sa))[0]
            y = (<uint8_t*>(pb + i * sb))[0]
            (<uint8_t*>(po + i * so))[0] = (x != 0) ^ (y != 0)
    if bad:
        err[0] = 1
cdef void b_logical_xor_uint8(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef uint8_t* a = <uint8_t*>pa
    cdef uint8_t* b = <uint8_t*>pb
    cdef uint8_t* o = <uint8_t*>po
    cdef uint8_t x, y
    cdef int bad = 0
    if so == sizeof(uint8_t) and sa == sizeof(uint8_t) and sb == sizeof(uint8_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = (x != 0) ^ (y != 0)
    elif so == sizeof(uint8_t) and sa == sizeof(uint8_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = (x != 0) ^ (y != 0)
    elif so == sizeof(uint8_t) and sa == 0 and sb == sizeof(uint8_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = (x != 0) ^ (y != 0)
    else:
        for i in range(n):
            x = (<uint8_t*>(pa + i * sa))[0]
            y = (<uint8_t*>(pb + i * sb))[0]
            (<uint8_t*>(po + i * so))[0] = (x != 0) ^ (y != 0)
    if bad:
        err[0] = 1
cdef void b_logical_xor_int8(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef int8_t* a = <int8_t*>pa
    cdef int8_t* b = <int8_t*>pb
    cdef uint8_t* o = <uint8_t*>po
    cdef int8_t x, y
    cdef int bad = 0
    if so == sizeof(uint8_t) and sa == sizeof(int8_t) and sb == sizeof(int8_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = (x != 0) ^ (y != 0)
    elif so == sizeof(uint8_t) and sa == sizeof(int8_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = (x != 0) ^ (y != 0)
    elif so == sizeof(uint8_t) and sa == 0 and sb == sizeof(int8_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = (x != 0) ^ (y != 0)
    else:
        for i in range(n):
            x = (<int8_t*>(pa + i * sa))[0]
            y = (<int8_t*>(pb + i * sb))[0]
            (<uint8_t*>(po + i * so))[0] = (x != 0) ^ (y != 0)
    if bad:
        err[0] = 1
cdef void b_logical_xor_int16(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef int16_t* a = <int16_t*>pa
    cdef int16_t* b = <int16_t*>pb
    cdef uint8_t* o = <uint8_t*>po
    cdef int16_t x, y
    cdef int bad = 0
    if so == sizeof(uint8_t) and sa == sizeof(int16_t) and sb == sizeof(int16_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = (x != 0) ^ (y != 0)
    elif so == sizeof(uint8_t) and sa == sizeof(int16_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = (x != 0) ^ (y != 0)
    elif so == sizeof(uint8_t) and sa == 0 and sb == sizeof(int16_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = (x != 0) ^ (y != 0)
    else:
        for i in range(n):
            x = (<int16_t*>(pa + i * sa))[0]
            y = (<int16_t*>(pb + i * sb))[0]
            (<uint8_t*>(po + i * so))[0] = (x != 0) ^ (y != 0)
    if bad:
        err[0] = 1
cdef void b_logical_xor_int32(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef int32_t* a = <int32_t*>pa
    cdef int32_t* b = <int32_t*>pb
    cdef uint8_t* o = <uint8_t*>po
    cdef int32_t x, y
    cdef int bad = 0
    if so == sizeof(uint8_t) and sa == sizeof(int32_t) and sb == sizeof(int32_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = (x != 0) ^ (y != 0)
    elif so == sizeof(uint8_t) and sa == sizeof(int32_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = (x != 0) ^ (y != 0)
    elif so == sizeof(uint8_t) and sa == 0 and sb == sizeof(int32_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = (x != 0) ^ (y != 0)
    else:
        for i in range(n):
            x = (<int32_t*>(pa + i * sa))[0]
            y = (<int32_t*>(pb + i * sb))[0]
            (<uint8_t*>(po + i * so))[0] = (x != 0) ^ (y != 0)
    if bad:
        err[0] = 1
cdef void b_logical_xor_int64(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef int64_t* a = <int64_t*>pa
    cdef int64_t* b = <int64_t*>pb
    cdef uint8_t* o = <uint8_t*>po
    cdef int64_t x, y
    cdef int bad = 0
    if so == sizeof(uint8_t) and sa == sizeof(int64_t) and sb == sizeof(int64_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = (x != 0) ^ (y != 0)
    elif so == sizeof(uint8_t) and sa == sizeof(int64_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = (x != 0) ^ (y != 0)
    elif so == sizeof(uint8_t) and sa == 0 and sb == sizeof(int64_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = (x != 0) ^ (y != 0)
    else:
        for i in range(n):
            x = (<int64_t*>(pa + i * sa))[0]
            y = (<int64_t*>(pb + i * sb))[0]
            (<uint8_t*>(po + i * so))[0] = (x != 0) ^ (y != 0)
    if bad:
        err[0] = 1
cdef void b_logical_xor_float32(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef float* a = <float*>pa
    cdef float* b = <float*>pb
    cdef uint8_t* o = <uint8_t*>po
    cdef float x, y
    cdef int bad = 0
    if so == sizeof(uint8_t) and sa == sizeof(float) and sb == sizeof(float):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = (x != 0) ^ (y != 0)
    elif so == sizeof(uint8_t) and sa == sizeof(float) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = (x != 0) ^ (y != 0)
    elif so == sizeof(uint8_t) and sa == 0 and sb == sizeof(float):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = (x != 0) ^ (y != 0)
    else:
        for i in range(n):
            x = (<float*>(pa + i * sa))[0]
            y = (<float*>(pb + i * sb))[0]
            (<uint8_t*>(po + i * so))[0] = (x != 0) ^ (y != 0)
    if bad:
        err[0] = 1
cdef void b_logical_xor_float64(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef double* a = <double*>pa
    cdef double* b = <double*>pb
    cdef uint8_t* o = <uint8_t*>po
    cdef double x, y
    cdef int bad = 0
    if so == sizeof(uint8_t) and sa == sizeof(double) and sb == sizeof(double):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = (x != 0) ^ (y != 0)
    elif so == sizeof(uint8_t) and sa == sizeof(double) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = (x != 0) ^ (y != 0)
    elif so == sizeof(uint8_t) and sa == 0 and sb == sizeof(double):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = (x != 0) ^ (y != 0)
    else:
        for i in range(n):
            x = (<double*>(pa + i * sa))[0]
            y = (<double*>(pb + i * sb))[0]
            (<uint8_t*>(po + i * so))[0] = (x != 0) ^ (y != 0)
    if bad:
        err[0] = 1
cdef void b_bitwise_and_bool(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef uint8_t* a = <uint8_t*>pa
    cdef uint8_t* b = <uint8_t*>pb
    cdef uint8_t* o = <uint8_t*>po
    cdef uint8_t x, y
    cdef int bad = 0
    if so == sizeof(uint8_t) and sa == sizeof(uint8_t) and sb == sizeof(uint8_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = x & y
    elif so == sizeof(uint8_t) and sa == sizeof(uint8_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = x & y
    elif so == sizeof(uint8_t) and sa == 0 and sb == sizeof(uint8_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = x & y
    else:
        for i in range(n):
            x = (<uint8_t*>(pa + i * sa))[0]
            y = (<uint8_t*>(pb + i * sb))[0]
            (<uint8_t*>(po + i * so))[0] = x & y
    if bad:
        err[0] = 1
cdef void b_bitwise_and_uint8(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef uint8_t* a = <uint8_t*>pa
    cdef uint8_t* b = <uint8_t*>pb
    cdef uint8_t* o = <uint8_t*>po
    cdef uint8_t x, y
    cdef int bad = 0
    if so == sizeof(uint8_t) and sa == sizeof(uint8_t) and sb == sizeof(uint8_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = x & y
    elif so == sizeof(uint8_t) and sa == sizeof(uint8_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = x & y
    elif so == sizeof(uint8_t) and sa == 0 and sb == sizeof(uint8_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = x & y
    else:
        for i in range(n):
            x = (<uint8_t*>(pa + i * sa))[0]
            y = (<uint8_t*>(pb + i * sb))[0]
            (<uint8_t*>(po + i * so))[0] = x & y
    if bad:
        err[0] = 1
cdef void b_bitwise_and_int8(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef int8_t* a = <int8_t*>pa
    cdef int8_t* b = <int8_t*>pb
    cdef int8_t* o = <int8_t*>po
    cdef int8_t x, y
    cdef int bad = 0
    if so == sizeof(int8_t) and sa == sizeof(int8_t) and sb == sizeof(int8_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = x & y
    elif so == sizeof(int8_t) and sa == sizeof(int8_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = x & y
    elif so == sizeof(int8_t) and sa == 0 and sb == sizeof(int8_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = x & y
    else:
        for i in range(n):
            x = (<int8_t*>(pa + i * sa))[0]
            y = (<int8_t*>(pb + i * sb))[0]
            (<int8_t*>(po + i * so))[0] = x & y
    if bad:
        err[0] = 1
cdef void b_bitwise_and_int16(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef int16_t* a = <int16_t*>pa
    cdef int16_t* b = <int16_t*>pb
    cdef int16_t* o = <int16_t*>po
    cdef int16_t x, y
    cdef int bad = 0
    if so == sizeof(int16_t) and sa == sizeof(int16_t) and sb == sizeof(int16_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = x & y
    elif so == sizeof(int16_t) and sa == sizeof(int16_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = x & y
    elif so == sizeof(int16_t) and sa == 0 and sb == sizeof(int16_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = x & y
    else:
        for i in range(n):
            x = (<int16_t*>(pa + i * sa))[0]
            y = (<int16_t*>(pb + i * sb))[0]
            (<int16_t*>(po + i * so))[0] = x & y
    if bad:
        err[0] = 1
cdef void b_bitwise_and_int32(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef int32_t* a = <int32_t*>pa
    cdef int32_t* b = <int32_t*>pb
    cdef int32_t* o = <int32_t*>po
    cdef int32_t x, y
    cdef int bad = 0
    if so == sizeof(int32_t) and sa == sizeof(int32_t) and sb == sizeof(int32_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = x & y
    elif so == sizeof(int32_t) and sa == sizeof(int32_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = x & y
    elif so == sizeof(int32_t) and sa == 0 and sb == sizeof(int32_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = x & y
    else:
        for i in range(n):
            x = (<int32_t*>(pa + i * sa))[0]
            y = (<int32_t*>(pb + i * sb))[0]
            (<int32_t*>(po + i * so))[0] = x & y
    if bad:
        err[0] = 1
cdef void b_bitwise_and_int64(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef int64_t* a = <int64_t*>pa
    cdef int64_t* b = <int64_t*>pb
    cdef int64_t* o = <int64_t*>po
    cdef int64_t x, y
    cdef int bad = 0
    if so == sizeof(int64_t) and sa == sizeof(int64_t) and sb == sizeof(int64_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = x & y
    elif so == sizeof(int64_t) and sa == sizeof(int64_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = x & y
    elif so == sizeof(int64_t) and sa == 0 and sb == sizeof(int64_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = x & y
    else:
        for i in range(n):
            x = (<int64_t*>(pa + i * sa))[0]
            y = (<int64_t*>(pb + i * sb))[0]
            (<int64_t*>(po + i * so))[0] = x & y
    if bad:
        err[0] = 1
cdef void b_bitwise_or_bool(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef uint8_t* a = <uint8_t*>pa
    cdef uint8_t* b = <uint8_t*>pb
    cdef uint8_t* o = <uint8_t*>po
    cdef uint8_t x, y
    cdef int bad = 0
    if so == sizeof(uint8_t) and sa == sizeof(uint8_t) and sb == sizeof(uint8_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = x | y
    elif so == sizeof(uint8_t) and sa == sizeof(uint8_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = x | y
    elif so == sizeof(uint8_t) and sa == 0 and sb == sizeof(uint8_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = x | y
    else:
        for i in range(n):
            x = (<uint8_t*>(pa + i * sa))[0]
            y = (<uint8_t*>(pb + i * sb))[0]
            (<uint8_t*>(po + i * so))[0] = x | y
    if bad:
        err[0] = 1
cdef void b_bitwise_or_uint8(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef uint8_t* a = <uint8_t*>pa
    cdef uint8_t* b = <uint8_t*>pb
    cdef uint8_t* o = <uint8_t*>po
    cdef uint8_t x, y
    cdef int bad = 0
    if so == sizeof(uint8_t) and sa == sizeof(uint8_t) and sb == sizeof(uint8_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = x | y
    elif so == sizeof(uint8_t) and sa == sizeof(uint8_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = x | y
    elif so == sizeof(uint8_t) and sa == 0 and sb == sizeof(uint8_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = x | y
    else:
        for i in range(n):
            x = (<uint8_t*>(pa + i * sa))[0]
            y = (<uint8_t*>(pb + i * sb))[0]
            (<uint8_t*>(po + i * so))[0] = x | y
    if bad:
        err[0] = 1
cdef void b_bitwise_or_int8(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef int8_t* a = <int8_t*>pa
    cdef int8_t* b = <int8_t*>pb
    cdef int8_t* o = <int8_t*>po
    cdef int8_t x, y
    cdef int bad = 0
    if so == sizeof(int8_t) and sa == sizeof(int8_t) and sb == sizeof(int8_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = x | y
    elif so == sizeof(int8_t) and sa == sizeof(int8_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = x | y
    elif so == sizeof(int8_t) and sa == 0 and sb == sizeof(int8_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = x | y
    else:
        for i in range(n):
            x = (<int8_t*>(pa + i * sa))[0]
            y = (<int8_t*>(pb + i * sb))[0]
            (<int8_t*>(po + i * so))[0] = x | y
    if bad:
        err[0] = 1
cdef void b_bitwise_or_int16(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef int16_t* a = <int16_t*>pa
    cdef int16_t* b = <int16_t*>pb
    cdef int16_t* o = <int16_t*>po
    cdef int16_t x, y
    cdef int bad = 0
    if so == sizeof(int16_t) and sa == sizeof(int16_t) and sb == sizeof(int16_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = x | y
    elif so == sizeof(int16_t) and sa == sizeof(int16_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = x | y
    elif so == sizeof(int16_t) and sa == 0 and sb == sizeof(int16_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = x | y
    else:
        for i in range(n):
            x = (<int16_t*>(pa + i * sa))[0]
            y = (<int16_t*>(pb + i * sb))[0]
            (<int16_t*>(po + i * so))[0] = x | y
    if bad:
        err[0] = 1
cdef void b_bitwise_or_int32(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef int32_t* a = <int32_t*>pa
    cdef int32_t* b = <int32_t*>pb
    cdef int32_t* o = <int32_t*>po
    cdef int32_t x, y
    cdef int bad = 0
    if so == sizeof(int32_t) and sa == sizeof(int32_t) and sb == sizeof(int32_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = x | y
    elif so == sizeof(int32_t) and sa == sizeof(int32_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = x | y
    elif so == sizeof(int32_t) and sa == 0 and sb == sizeof(int32_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = x | y
    else:
        for i in range(n):
            x = (<int32_t*>(pa + i * sa))[0]
            y = (<int32_t*>(pb + i * sb))[0]
            (<int32_t*>(po + i * so))[0] = x | y
    if bad:
        err[0] = 1
cdef void b_bitwise_or_int64(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef int64_t* a = <int64_t*>pa
    cdef int64_t* b = <int64_t*>pb
    cdef int64_t* o = <int64_t*>po
    cdef int64_t x, y
    cdef int bad = 0
    if so == sizeof(int64_t) and sa == sizeof(int64_t) and sb == sizeof(int64_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = x | y
    elif so == sizeof(int64_t) and sa == sizeof(int64_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = x | y
    elif so == sizeof(int64_t) and sa == 0 and sb == sizeof(int64_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = x | y
    else:
        for i in range(n):
            x = (<int64_t*>(pa + i * sa))[0]
            y = (<int64_t*>(pb + i * sb))[0]
            (<int64_t*>(po + i * so))[0] = x | y
    if bad:
        err[0] = 1
cdef void b_bitwise_xor_bool(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef uint8_t* a = <uint8_t*>pa
    cdef uint8_t* b = <uint8_t*>pb
    cdef uint8_t* o = <uint8_t*>po
    cdef uint8_t x, y
    cdef int bad = 0
    if so == sizeof(uint8_t) and sa == sizeof(uint8_t) and sb == sizeof(uint8_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = x ^ y
    elif so == sizeof(uint8_t) and sa == sizeof(uint8_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = x ^ y
    elif so == sizeof(uint8_t) and sa == 0 and sb == sizeof(uint8_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = x ^ y
    else:
        for i in range(n):
            x = (<uint8_t*>(pa + i * sa))[0]
            y = (<uint8_t*>(pb + i * sb))[0]
            (<uint8_t*>(po + i * so))[0] = x ^ y
    if bad:
        err[0] = 1
cdef void b_bitwise_xor_uint8(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef uint8_t* a = <uint8_t*>pa
    cdef uint8_t* b = <uint8_t*>pb
    cdef uint8_t* o = <uint8_t*>po
    cdef uint8_t x, y
    cdef int bad = 0
    if so == sizeof(uint8_t) and sa == sizeof(uint8_t) and sb == sizeof(uint8_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = x ^ y
    elif so == sizeof(uint8_t) and sa == sizeof(uint8_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = x ^ y
    elif so == sizeof(uint8_t) and sa == 0 and sb == sizeof(uint8_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = x ^ y
    else:
        for i in range(n):
            x = (<uint8_t*>(pa + i * sa))[0]
            y = (<uint8_t*>(pb + i * sb))[0]
            (<uint8_t*>(po + i * so))[0] = x ^ y
    if bad:
        err[0] = 1
cdef void b_bitwise_xor_int8(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef int8_t* a = <int8_t*>pa
    cdef int8_t* b = <int8_t*>pb
    cdef int8_t* o = <int8_t*>po
    cdef int8_t x, y
    cdef int bad = 0
    if so == sizeof(int8_t) and sa == sizeof(int8_t) and sb == sizeof(int8_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = x ^ y
    elif so == sizeof(int8_t) and sa == sizeof(int8_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = x ^ y
    elif so == sizeof(int8_t) and sa == 0 and sb == sizeof(int8_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = x ^ y
    else:
        for i in range(n):
            x = (<int8_t*>(pa + i * sa))[0]
            y = (<int8_t*>(pb + i * sb))[0]
            (<int8_t*>(po + i * so))[0] = x ^ y
    if bad:
        err[0] = 1
cdef void b_bitwise_xor_int16(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef int16_t* a = <int16_t*>pa
    cdef int16_t* b = <int16_t*>pb
    cdef int16_t* o = <int16_t*>po
    cdef int16_t x, y
    cdef int bad = 0
    if so == sizeof(int16_t) and sa == sizeof(int16_t) and sb == sizeof(int16_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = x ^ y
    elif so == sizeof(int16_t) and sa == sizeof(int16_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = x ^ y
    elif so == sizeof(int16_t) and sa == 0 and sb == sizeof(int16_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = x ^ y
    else:
        for i in range(n):
            x = (<int16_t*>(pa + i * sa))[0]
            y = (<int16_t*>(pb + i * sb))[0]
            (<int16_t*>(po + i * so))[0] = x ^ y
    if bad:
        err[0] = 1
cdef void b_bitwise_xor_int32(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef int32_t* a = <int32_t*>pa
    cdef int32_t* b = <int32_t*>pb
    cdef int32_t* o = <int32_t*>po
    cdef int32_t x, y
    cdef int bad = 0
    if so == sizeof(int32_t) and sa == sizeof(int32_t) and sb == sizeof(int32_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = x ^ y
    elif so == sizeof(int32_t) and sa == sizeof(int32_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = x ^ y
    elif so == sizeof(int32_t) and sa == 0 and sb == sizeof(int32_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = x ^ y
    else:
        for i in range(n):
            x = (<int32_t*>(pa + i * sa))[0]
            y = (<int32_t*>(pb + i * sb))[0]
            (<int32_t*>(po + i * so))[0] = x ^ y
    if bad:
        err[0] = 1
cdef void b_bitwise_xor_int64(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef int64_t* a = <int64_t*>pa
    cdef int64_t* b = <int64_t*>pb
    cdef int64_t* o = <int64_t*>po
    cdef int64_t x, y
    cdef int bad = 0
    if so == sizeof(int64_t) and sa == sizeof(int64_t) and sb == sizeof(int64_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = x ^ y
    elif so == sizeof(int64_t) and sa == sizeof(int64_t) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = x ^ y
    elif so == sizeof(int64_t) and sa == 0 and sb == sizeof(int64_t):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = x ^ y
    else:
        for i in range(n):
            x = (<int64_t*>(pa + i * sa))[0]
            y = (<int64_t*>(pb + i * sb))[0]
            (<int64_t*>(po + i * so))[0] = x ^ y
    if bad:
        err[0] = 1
cdef void b_floor_divide_uint8(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef uint8_t* a = <uint8_t*>pa
    cdef uint8_t* b = <uint8_t*>pb
    cdef uint8_t* o = <uint8_t*>po
    cdef uint8_t x, y
    cdef int bad = 0
    if so == sizeof(uint8_t) and sa == sizeof(uint8_t) and sb == sizeof(uint8_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = floordiv_uint8(x, y, &bad)
    else:
        for i in range(n):
            x = (<uint8_t*>(pa + i * sa))[0]
            y = (<uint8_t*>(pb + i * sb))[0]
            (<uint8_t*>(po + i * so))[0] = floordiv_uint8(x, y, &bad)
    if bad:
        err[0] = 1
cdef void b_floor_divide_int8(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef int8_t* a = <int8_t*>pa
    cdef int8_t* b = <int8_t*>pb
    cdef int8_t* o = <int8_t*>po
    cdef int8_t x, y
    cdef int bad = 0
    if so == sizeof(int8_t) and sa == sizeof(int8_t) and sb == sizeof(int8_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = floordiv_int8(x, y, &bad)
    else:
        for i in range(n):
            x = (<int8_t*>(pa + i * sa))[0]
            y = (<int8_t*>(pb + i * sb))[0]
            (<int8_t*>(po + i * so))[0] = floordiv_int8(x, y, &bad)
    if bad:
        err[0] = 1
cdef void b_floor_divide_int16(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef int16_t* a = <int16_t*>pa
    cdef int16_t* b = <int16_t*>pb
    cdef int16_t* o = <int16_t*>po
    cdef int16_t x, y
    cdef int bad = 0
    if so == sizeof(int16_t) and sa == sizeof(int16_t) and sb == sizeof(int16_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = floordiv_int16(x, y, &bad)
    else:
        for i in range(n):
            x = (<int16_t*>(pa + i * sa))[0]
            y = (<int16_t*>(pb + i * sb))[0]
            (<int16_t*>(po + i * so))[0] = floordiv_int16(x, y, &bad)
    if bad:
        err[0] = 1
cdef void b_floor_divide_int32(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef int32_t* a = <int32_t*>pa
    cdef int32_t* b = <int32_t*>pb
    cdef int32_t* o = <int32_t*>po
    cdef int32_t x, y
    cdef int bad = 0
    if so == sizeof(int32_t) and sa == sizeof(int32_t) and sb == sizeof(int32_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = floordiv_int32(x, y, &bad)
    else:
        for i in range(n):
            x = (<int32_t*>(pa + i * sa))[0]
            y = (<int32_t*>(pb + i * sb))[0]
            (<int32_t*>(po + i * so))[0] = floordiv_int32(x, y, &bad)
    if bad:
        err[0] = 1
cdef void b_floor_divide_int64(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef int64_t* a = <int64_t*>pa
    cdef int64_t* b = <int64_t*>pb
    cdef int64_t* o = <int64_t*>po
    cdef int64_t x, y
    cdef int bad = 0
    if so == sizeof(int64_t) and sa == sizeof(int64_t) and sb == sizeof(int64_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = floordiv_int64(x, y, &bad)
    else:
        for i in range(n):
            x = (<int64_t*>(pa + i * sa))[0]
            y = (<int64_t*>(pb + i * sb))[0]
            (<int64_t*>(po + i * so))[0] = floordiv_int64(x, y, &bad)
    if bad:
        err[0] = 1
cdef void b_floor_divide_float32(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef float* a = <float*>pa
    cdef float* b = <float*>pb
    cdef float* o = <float*>po
    cdef float x, y
    cdef int bad = 0
    if so == sizeof(float) and sa == sizeof(float) and sb == sizeof(float):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = floordiv_float32(x, y)
    else:
        for i in range(n):
            x = (<float*>(pa + i * sa))[0]
            y = (<float*>(pb + i * sb))[0]
            (<float*>(po + i * so))[0] = floordiv_float32(x, y)
    if bad:
        err[0] = 1
cdef void b_floor_divide_float64(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef double* a = <double*>pa
    cdef double* b = <double*>pb
    cdef double* o = <double*>po
    cdef double x, y
    cdef int bad = 0
    if so == sizeof(double) and sa == sizeof(double) and sb == sizeof(double):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = floordiv_float64(x, y)
    else:
        for i in range(n):
            x = (<double*>(pa + i * sa))[0]
            y = (<double*>(pb + i * sb))[0]
            (<double*>(po + i * so))[0] = floordiv_float64(x, y)
    if bad:
        err[0] = 1
cdef void b_div_trunc_uint8(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef uint8_t* a = <uint8_t*>pa
    cdef uint8_t* b = <uint8_t*>pb
    cdef uint8_t* o = <uint8_t*>po
    cdef uint8_t x, y
    cdef int bad = 0
    if so == sizeof(uint8_t) and sa == sizeof(uint8_t) and sb == sizeof(uint8_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = divtrunc_uint8(x, y, &bad)
    else:
        for i in range(n):
            x = (<uint8_t*>(pa + i * sa))[0]
            y = (<uint8_t*>(pb + i * sb))[0]
            (<uint8_t*>(po + i * so))[0] = divtrunc_uint8(x, y, &bad)
    if bad:
        err[0] = 1
cdef void b_div_trunc_int8(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef int8_t* a = <int8_t*>pa
    cdef int8_t* b = <int8_t*>pb
    cdef int8_t* o = <int8_t*>po
    cdef int8_t x, y
    cdef int bad = 0
    if so == sizeof(int8_t) and sa == sizeof(int8_t) and sb == sizeof(int8_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = divtrunc_int8(x, y, &bad)
    else:
        for i in range(n):
            x = (<int8_t*>(pa + i * sa))[0]
            y = (<int8_t*>(pb + i * sb))[0]
            (<int8_t*>(po + i * so))[0] = divtrunc_int8(x, y, &bad)
    if bad:
        err[0] = 1
cdef void b_div_trunc_int16(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef int16_t* a = <int16_t*>pa
    cdef int16_t* b = <int16_t*>pb
    cdef int16_t* o = <int16_t*>po
    cdef int16_t x, y
    cdef int bad = 0
    if so == sizeof(int16_t) and sa == sizeof(int16_t) and sb == sizeof(int16_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = divtrunc_int16(x, y, &bad)
    else:
        for i in range(n):
            x = (<int16_t*>(pa + i * sa))[0]
            y = (<int16_t*>(pb + i * sb))[0]
            (<int16_t*>(po + i * so))[0] = divtrunc_int16(x, y, &bad)
    if bad:
        err[0] = 1
cdef void b_div_trunc_int32(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef int32_t* a = <int32_t*>pa
    cdef int32_t* b = <int32_t*>pb
    cdef int32_t* o = <int32_t*>po
    cdef int32_t x, y
    cdef int bad = 0
    if so == sizeof(int32_t) and sa == sizeof(int32_t) and sb == sizeof(int32_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = divtrunc_int32(x, y, &bad)
    else:
        for i in range(n):
            x = (<int32_t*>(pa + i * sa))[0]
            y = (<int32_t*>(pb + i * sb))[0]
            (<int32_t*>(po + i * so))[0] = divtrunc_int32(x, y, &bad)
    if bad:
        err[0] = 1
cdef void b_div_trunc_int64(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef int64_t* a = <int64_t*>pa
    cdef int64_t* b = <int64_t*>pb
    cdef int64_t* o = <int64_t*>po
    cdef int64_t x, y
    cdef int bad = 0
    if so == sizeof(int64_t) and sa == sizeof(int64_t) and sb == sizeof(int64_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = divtrunc_int64(x, y, &bad)
    else:
        for i in range(n):
            x = (<int64_t*>(pa + i * sa))[0]
            y = (<int64_t*>(pb + i * sb))[0]
            (<int64_t*>(po + i * so))[0] = divtrunc_int64(x, y, &bad)
    if bad:
        err[0] = 1
cdef void b_div_trunc_float32(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef float* a = <float*>pa
    cdef float* b = <float*>pb
    cdef float* o = <float*>po
    cdef float x, y
    cdef int bad = 0
    if so == sizeof(float) and sa == sizeof(float) and sb == sizeof(float):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = truncf(x / y)
    else:
        for i in range(n):
            x = (<float*>(pa + i * sa))[0]
            y = (<float*>(pb + i * sb))[0]
            (<float*>(po + i * so))[0] = truncf(x / y)
    if bad:
        err[0] = 1
cdef void b_div_trunc_float64(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef double* a = <double*>pa
    cdef double* b = <double*>pb
    cdef double* o = <double*>po
    cdef double x, y
    cdef int bad = 0
    if so == sizeof(double) and sa == sizeof(double) and sb == sizeof(double):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = trunc(x / y)
    else:
        for i in range(n):
            x = (<double*>(pa + i * sa))[0]
            y = (<double*>(pb + i * sb))[0]
            (<double*>(po + i * so))[0] = trunc(x / y)
    if bad:
        err[0] = 1
cdef void b_remainder_uint8(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef uint8_t* a = <uint8_t*>pa
    cdef uint8_t* b = <uint8_t*>pb
    cdef uint8_t* o = <uint8_t*>po
    cdef uint8_t x, y
    cdef int bad = 0
    if so == sizeof(uint8_t) and sa == sizeof(uint8_t) and sb == sizeof(uint8_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = remainder_uint8(x, y, &bad)
    else:
        for i in range(n):
            x = (<uint8_t*>(pa + i * sa))[0]
            y = (<uint8_t*>(pb + i * sb))[0]
            (<uint8_t*>(po + i * so))[0] = remainder_uint8(x, y, &bad)
    if bad:
        err[0] = 1
cdef void b_remainder_int8(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef int8_t* a = <int8_t*>pa
    cdef int8_t* b = <int8_t*>pb
    cdef int8_t* o = <int8_t*>po
    cdef int8_t x, y
    cdef int bad = 0
    if so == sizeof(int8_t) and sa == sizeof(int8_t) and sb == sizeof(int8_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = remainder_int8(x, y, &bad)
    else:
        for i in range(n):
            x = (<int8_t*>(pa + i * sa))[0]
            y = (<int8_t*>(pb + i * sb))[0]
            (<int8_t*>(po + i * so))[0] = remainder_int8(x, y, &bad)
    if bad:
        err[0] = 1
cdef void b_remainder_int16(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef int16_t* a = <int16_t*>pa
    cdef int16_t* b = <int16_t*>pb
    cdef int16_t* o = <int16_t*>po
    cdef int16_t x, y
    cdef int bad = 0
    if so == sizeof(int16_t) and sa == sizeof(int16_t) and sb == sizeof(int16_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = remainder_int16(x, y, &bad)
    else:
        for i in range(n):
            x = (<int16_t*>(pa + i * sa))[0]
            y = (<int16_t*>(pb + i * sb))[0]
            (<int16_t*>(po + i * so))[0] = remainder_int16(x, y, &bad)
    if bad:
        err[0] = 1
cdef void b_remainder_int32(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef int32_t* a = <int32_t*>pa
    cdef int32_t* b = <int32_t*>pb
    cdef int32_t* o = <int32_t*>po
    cdef int32_t x, y
    cdef int bad = 0
    if so == sizeof(int32_t) and sa == sizeof(int32_t) and sb == sizeof(int32_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = remainder_int32(x, y, &bad)
    else:
        for i in range(n):
            x = (<int32_t*>(pa + i * sa))[0]
            y = (<int32_t*>(pb + i * sb))[0]
            (<int32_t*>(po + i * so))[0] = remainder_int32(x, y, &bad)
    if bad:
        err[0] = 1
cdef void b_remainder_int64(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef int64_t* a = <int64_t*>pa
    cdef int64_t* b = <int64_t*>pb
    cdef int64_t* o = <int64_t*>po
    cdef int64_t x, y
    cdef int bad = 0
    if so == sizeof(int64_t) and sa == sizeof(int64_t) and sb == sizeof(int64_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = remainder_int64(x, y, &bad)
    else:
        for i in range(n):
            x = (<int64_t*>(pa + i * sa))[0]
            y = (<int64_t*>(pb + i * sb))[0]
            (<int64_t*>(po + i * so))[0] = remainder_int64(x, y, &bad)
    if bad:
        err[0] = 1
cdef void b_remainder_float32(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef float* a = <float*>pa
    cdef float* b = <float*>pb
    cdef float* o = <float*>po
    cdef float x, y
    cdef int bad = 0
    if so == sizeof(float) and sa == sizeof(float) and sb == sizeof(float):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = remainder_float32(x, y)
    else:
        for i in range(n):
            x = (<float*>(pa + i * sa))[0]
            y = (<float*>(pb + i * sb))[0]
            (<float*>(po + i * so))[0] = remainder_float32(x, y)
    if bad:
        err[0] = 1
cdef void b_remainder_float64(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef double* a = <double*>pa
    cdef double* b = <double*>pb
    cdef double* o = <double*>po
    cdef double x, y
    cdef int bad = 0
    if so == sizeof(double) and sa == sizeof(double) and sb == sizeof(double):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = remainder_float64(x, y)
    else:
        for i in range(n):
            x = (<double*>(pa + i * sa))[0]
            y = (<double*>(pb + i * sb))[0]
            (<double*>(po + i * so))[0] = remainder_float64(x, y)
    if bad:
        err[0] = 1
cdef void b_fmod_uint8(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef uint8_t* a = <uint8_t*>pa
    cdef uint8_t* b = <uint8_t*>pb
    cdef uint8_t* o = <uint8_t*>po
    cdef uint8_t x, y
    cdef int bad = 0
    if so == sizeof(uint8_t) and sa == sizeof(uint8_t) and sb == sizeof(uint8_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = fmod_uint8(x, y, &bad)
    else:
        for i in range(n):
            x = (<uint8_t*>(pa + i * sa))[0]
            y = (<uint8_t*>(pb + i * sb))[0]
            (<uint8_t*>(po + i * so))[0] = fmod_uint8(x, y, &bad)
    if bad:
        err[0] = 1
cdef void b_fmod_int8(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef int8_t* a = <int8_t*>pa
    cdef int8_t* b = <int8_t*>pb
    cdef int8_t* o = <int8_t*>po
    cdef int8_t x, y
    cdef int bad = 0
    if so == sizeof(int8_t) and sa == sizeof(int8_t) and sb == sizeof(int8_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = fmod_int8(x, y, &bad)
    else:
        for i in range(n):
            x = (<int8_t*>(pa + i * sa))[0]
            y = (<int8_t*>(pb + i * sb))[0]
            (<int8_t*>(po + i * so))[0] = fmod_int8(x, y, &bad)
    if bad:
        err[0] = 1
cdef void b_fmod_int16(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef int16_t* a = <int16_t*>pa
    cdef int16_t* b = <int16_t*>pb
    cdef int16_t* o = <int16_t*>po
    cdef int16_t x, y
    cdef int bad = 0
    if so == sizeof(int16_t) and sa == sizeof(int16_t) and sb == sizeof(int16_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = fmod_int16(x, y, &bad)
    else:
        for i in range(n):
            x = (<int16_t*>(pa + i * sa))[0]
            y = (<int16_t*>(pb + i * sb))[0]
            (<int16_t*>(po + i * so))[0] = fmod_int16(x, y, &bad)
    if bad:
        err[0] = 1
cdef void b_fmod_int32(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef int32_t* a = <int32_t*>pa
    cdef int32_t* b = <int32_t*>pb
    cdef int32_t* o = <int32_t*>po
    cdef int32_t x, y
    cdef int bad = 0
    if so == sizeof(int32_t) and sa == sizeof(int32_t) and sb == sizeof(int32_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = fmod_int32(x, y, &bad)
    else:
        for i in range(n):
            x = (<int32_t*>(pa + i * sa))[0]
            y = (<int32_t*>(pb + i * sb))[0]
            (<int32_t*>(po + i * so))[0] = fmod_int32(x, y, &bad)
    if bad:
        err[0] = 1
cdef void b_fmod_int64(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef int64_t* a = <int64_t*>pa
    cdef int64_t* b = <int64_t*>pb
    cdef int64_t* o = <int64_t*>po
    cdef int64_t x, y
    cdef int bad = 0
    if so == sizeof(int64_t) and sa == sizeof(int64_t) and sb == sizeof(int64_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = fmod_int64(x, y, &bad)
    else:
        for i in range(n):
            x = (<int64_t*>(pa + i * sa))[0]
            y = (<int64_t*>(pb + i * sb))[0]
            (<int64_t*>(po + i * so))[0] = fmod_int64(x, y, &bad)
    if bad:
        err[0] = 1
cdef void b_fmod_float32(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef float* a = <float*>pa
    cdef float* b = <float*>pb
    cdef float* o = <float*>po
    cdef float x, y
    cdef int bad = 0
    if so == sizeof(float) and sa == sizeof(float) and sb == sizeof(float):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = fmodf(x, y)
    else:
        for i in range(n):
            x = (<float*>(pa + i * sa))[0]
            y = (<float*>(pb + i * sb))[0]
            (<float*>(po + i * so))[0] = fmodf(x, y)
    if bad:
        err[0] = 1
cdef void b_fmod_float64(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef double* a = <double*>pa
    cdef double* b = <double*>pb
    cdef double* o = <double*>po
    cdef double x, y
    cdef int bad = 0
    if so == sizeof(double) and sa == sizeof(double) and sb == sizeof(double):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = fmod(x, y)
    else:
        for i in range(n):
            x = (<double*>(pa + i * sa))[0]
            y = (<double*>(pb + i * sb))[0]
            (<double*>(po + i * so))[0] = fmod(x, y)
    if bad:
        err[0] = 1
cdef void b_pow_uint8(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef uint8_t* a = <uint8_t*>pa
    cdef uint8_t* b = <uint8_t*>pb
    cdef uint8_t* o = <uint8_t*>po
    cdef uint8_t x, y
    cdef int bad = 0
    if so == sizeof(uint8_t) and sa == sizeof(uint8_t) and sb == sizeof(uint8_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = ipow_uint8(x, y)
    else:
        for i in range(n):
            x = (<uint8_t*>(pa + i * sa))[0]
            y = (<uint8_t*>(pb + i * sb))[0]
            (<uint8_t*>(po + i * so))[0] = ipow_uint8(x, y)
    if bad:
        err[0] = 1
cdef void b_pow_int8(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef int8_t* a = <int8_t*>pa
    cdef int8_t* b = <int8_t*>pb
    cdef int8_t* o = <int8_t*>po
    cdef int8_t x, y
    cdef int bad = 0
    if so == sizeof(int8_t) and sa == sizeof(int8_t) and sb == sizeof(int8_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = ipow_int8(x, y)
    else:
        for i in range(n):
            x = (<int8_t*>(pa + i * sa))[0]
            y = (<int8_t*>(pb + i * sb))[0]
            (<int8_t*>(po + i * so))[0] = ipow_int8(x, y)
    if bad:
        err[0] = 1
cdef void b_pow_int16(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef int16_t* a = <int16_t*>pa
    cdef int16_t* b = <int16_t*>pb
    cdef int16_t* o = <int16_t*>po
    cdef int16_t x, y
    cdef int bad = 0
    if so == sizeof(int16_t) and sa == sizeof(int16_t) and sb == sizeof(int16_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = ipow_int16(x, y)
    else:
        for i in range(n):
            x = (<int16_t*>(pa + i * sa))[0]
            y = (<int16_t*>(pb + i * sb))[0]
            (<int16_t*>(po + i * so))[0] = ipow_int16(x, y)
    if bad:
        err[0] = 1
cdef void b_pow_int32(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef int32_t* a = <int32_t*>pa
    cdef int32_t* b = <int32_t*>pb
    cdef int32_t* o = <int32_t*>po
    cdef int32_t x, y
    cdef int bad = 0
    if so == sizeof(int32_t) and sa == sizeof(int32_t) and sb == sizeof(int32_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = ipow_int32(x, y)
    else:
        for i in range(n):
            x = (<int32_t*>(pa + i * sa))[0]
            y = (<int32_t*>(pb + i * sb))[0]
            (<int32_t*>(po + i * so))[0] = ipow_int32(x, y)
    if bad:
        err[0] = 1
cdef void b_pow_int64(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef int64_t* a = <int64_t*>pa
    cdef int64_t* b = <int64_t*>pb
    cdef int64_t* o = <int64_t*>po
    cdef int64_t x, y
    cdef int bad = 0
    if so == sizeof(int64_t) and sa == sizeof(int64_t) and sb == sizeof(int64_t):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = ipow_int64(x, y)
    else:
        for i in range(n):
            x = (<int64_t*>(pa + i * sa))[0]
            y = (<int64_t*>(pb + i * sb))[0]
            (<int64_t*>(po + i * so))[0] = ipow_int64(x, y)
    if bad:
        err[0] = 1
cdef void b_pow_float32(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef float* a = <float*>pa
    cdef float* b = <float*>pb
    cdef float* o = <float*>po
    cdef float x, y
    cdef int bad = 0
    if so == sizeof(float) and sa == sizeof(float) and sb == sizeof(float):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = powf(x, y)
    else:
        for i in range(n):
            x = (<float*>(pa + i * sa))[0]
            y = (<float*>(pb + i * sb))[0]
            (<float*>(po + i * so))[0] = powf(x, y)
    if bad:
        err[0] = 1
cdef void b_pow_float64(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef double* a = <double*>pa
    cdef double* b = <double*>pb
    cdef double* o = <double*>po
    cdef double x, y
    cdef int bad = 0
    if so == sizeof(double) and sa == sizeof(double) and sb == sizeof(double):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = pow(x, y)
    else:
        for i in range(n):
            x = (<double*>(pa + i * sa))[0]
            y = (<double*>(pb + i * sb))[0]
            (<double*>(po + i * so))[0] = pow(x, y)
    if bad:
        err[0] = 1
cdef void b_atan2_float32(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef float* a = <float*>pa
    cdef float* b = <float*>pb
    cdef float* o = <float*>po
    cdef float x, y
    cdef int bad = 0
    if so == sizeof(float) and sa == sizeof(float) and sb == sizeof(float):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = atan2f(x, y)
    else:
        for i in range(n):
            x = (<float*>(pa + i * sa))[0]
            y = (<float*>(pb + i * sb))[0]
            (<float*>(po + i * so))[0] = atan2f(x, y)
    if bad:
        err[0] = 1
cdef void b_atan2_float64(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef double* a = <double*>pa
    cdef double* b = <double*>pb
    cdef double* o = <double*>po
    cdef double x, y
    cdef int bad = 0
    if so == sizeof(double) and sa == sizeof(double) and sb == sizeof(double):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = atan2(x, y)
    else:
        for i in range(n):
            x = (<double*>(pa + i * sa))[0]
            y = (<double*>(pb + i * sb))[0]
            (<double*>(po + i * so))[0] = atan2(x, y)
    if bad:
        err[0] = 1
cdef void b_hypot_float32(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef float* a = <float*>pa
    cdef float* b = <float*>pb
    cdef float* o = <float*>po
    cdef float x, y
    cdef int bad = 0
    if so == sizeof(float) and sa == sizeof(float) and sb == sizeof(float):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = hypotf(x, y)
    else:
        for i in range(n):
            x = (<float*>(pa + i * sa))[0]
            y = (<float*>(pb + i * sb))[0]
            (<float*>(po + i * so))[0] = hypotf(x, y)
    if bad:
        err[0] = 1
cdef void b_hypot_float64(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef double* a = <double*>pa
    cdef double* b = <double*>pb
    cdef double* o = <double*>po
    cdef double x, y
    cdef int bad = 0
    if so == sizeof(double) and sa == sizeof(double) and sb == sizeof(double):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = hypot(x, y)
    else:
        for i in range(n):
            x = (<double*>(pa + i * sa))[0]
            y = (<double*>(pb + i * sb))[0]
            (<double*>(po + i * so))[0] = hypot(x, y)
    if bad:
        err[0] = 1
cdef void b_copysign_float32(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef float* a = <float*>pa
    cdef float* b = <float*>pb
    cdef float* o = <float*>po
    cdef float x, y
    cdef int bad = 0
    if so == sizeof(float) and sa == sizeof(float) and sb == sizeof(float):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = copysignf(x, y)
    elif so == sizeof(float) and sa == sizeof(float) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = copysignf(x, y)
    elif so == sizeof(float) and sa == 0 and sb == sizeof(float):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = copysignf(x, y)
    else:
        for i in range(n):
            x = (<float*>(pa + i * sa))[0]
            y = (<float*>(pb + i * sb))[0]
            (<float*>(po + i * so))[0] = copysignf(x, y)
    if bad:
        err[0] = 1
cdef void b_copysign_float64(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* pb = args[1]
    cdef char* po = args[2]
    cdef Py_ssize_t sa = steps[0], sb = steps[1], so = steps[2], i
    cdef double* a = <double*>pa
    cdef double* b = <double*>pb
    cdef double* o = <double*>po
    cdef double x, y
    cdef int bad = 0
    if so == sizeof(double) and sa == sizeof(double) and sb == sizeof(double):
        for i in range(n):
            x = a[i]
            y = b[i]
            o[i] = copysign(x, y)
    elif so == sizeof(double) and sa == sizeof(double) and sb == 0:
        y = b[0]
        for i in range(n):
            x = a[i]
            o[i] = copysign(x, y)
    elif so == sizeof(double) and sa == 0 and sb == sizeof(double):
        x = a[0]
        for i in range(n):
            y = b[i]
            o[i] = copysign(x, y)
    else:
        for i in range(n):
            x = (<double*>(pa + i * sa))[0]
            y = (<double*>(pb + i * sb))[0]
            (<double*>(po + i * so))[0] = copysign(x, y)
    if bad:
        err[0] = 1
cdef void u_neg_uint8(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef uint8_t* a = <uint8_t*>pa
    cdef uint8_t* o = <uint8_t*>po
    cdef uint8_t x
    if so == sizeof(uint8_t) and sa == sizeof(uint8_t):
        for i in range(n):
            x = a[i]
            o[i] = <uint8_t>(-x)
    else:
        for i in range(n):
            x = (<uint8_t*>(pa + i * sa))[0]
            (<uint8_t*>(po + i * so))[0] = <uint8_t>(-x)
cdef void u_neg_int8(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef int8_t* a = <int8_t*>pa
    cdef int8_t* o = <int8_t*>po
    cdef int8_t x
    if so == sizeof(int8_t) and sa == sizeof(int8_t):
        for i in range(n):
            x = a[i]
            o[i] = <int8_t>(-x)
    else:
        for i in range(n):
            x = (<int8_t*>(pa + i * sa))[0]
            (<int8_t*>(po + i * so))[0] = <int8_t>(-x)
cdef void u_neg_int16(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef int16_t* a = <int16_t*>pa
    cdef int16_t* o = <int16_t*>po
    cdef int16_t x
    if so == sizeof(int16_t) and sa == sizeof(int16_t):
        for i in range(n):
            x = a[i]
            o[i] = <int16_t>(-x)
    else:
        for i in range(n):
            x = (<int16_t*>(pa + i * sa))[0]
            (<int16_t*>(po + i * so))[0] = <int16_t>(-x)
cdef void u_neg_int32(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef int32_t* a = <int32_t*>pa
    cdef int32_t* o = <int32_t*>po
    cdef int32_t x
    if so == sizeof(int32_t) and sa == sizeof(int32_t):
        for i in range(n):
            x = a[i]
            o[i] = <int32_t>(<uint32_t>0 - <uint32_t>x)
    else:
        for i in range(n):
            x = (<int32_t*>(pa + i * sa))[0]
            (<int32_t*>(po + i * so))[0] = <int32_t>(<uint32_t>0 - <uint32_t>x)
cdef void u_neg_int64(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef int64_t* a = <int64_t*>pa
    cdef int64_t* o = <int64_t*>po
    cdef int64_t x
    if so == sizeof(int64_t) and sa == sizeof(int64_t):
        for i in range(n):
            x = a[i]
            o[i] = <int64_t>(<uint64_t>0 - <uint64_t>x)
    else:
        for i in range(n):
            x = (<int64_t*>(pa + i * sa))[0]
            (<int64_t*>(po + i * so))[0] = <int64_t>(<uint64_t>0 - <uint64_t>x)
cdef void u_neg_float32(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef float* a = <float*>pa
    cdef float* o = <float*>po
    cdef float x
    if so == sizeof(float) and sa == sizeof(float):
        for i in range(n):
            x = a[i]
            o[i] = -x
    else:
        for i in range(n):
            x = (<float*>(pa + i * sa))[0]
            (<float*>(po + i * so))[0] = -x
cdef void u_neg_float64(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef double* a = <double*>pa
    cdef double* o = <double*>po
    cdef double x
    if so == sizeof(double) and sa == sizeof(double):
        for i in range(n):
            x = a[i]
            o[i] = -x
    else:
        for i in range(n):
            x = (<double*>(pa + i * sa))[0]
            (<double*>(po + i * so))[0] = -x
cdef void u_abs_uint8(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef uint8_t* a = <uint8_t*>pa
    cdef uint8_t* o = <uint8_t*>po
    cdef uint8_t x
    if so == sizeof(uint8_t) and sa == sizeof(uint8_t):
        for i in range(n):
            x = a[i]
            o[i] = x
    else:
        for i in range(n):
            x = (<uint8_t*>(pa + i * sa))[0]
            (<uint8_t*>(po + i * so))[0] = x
cdef void u_abs_int8(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef int8_t* a = <int8_t*>pa
    cdef int8_t* o = <int8_t*>po
    cdef int8_t x
    if so == sizeof(int8_t) and sa == sizeof(int8_t):
        for i in range(n):
            x = a[i]
            o[i] = (<int8_t>(-x)) if x < 0 else x
    else:
        for i in range(n):
            x = (<int8_t*>(pa + i * sa))[0]
            (<int8_t*>(po + i * so))[0] = (<int8_t>(-x)) if x < 0 else x
cdef void u_abs_int16(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef int16_t* a = <int16_t*>pa
    cdef int16_t* o = <int16_t*>po
    cdef int16_t x
    if so == sizeof(int16_t) and sa == sizeof(int16_t):
        for i in range(n):
            x = a[i]
            o[i] = (<int16_t>(-x)) if x < 0 else x
    else:
        for i in range(n):
            x = (<int16_t*>(pa + i * sa))[0]
            (<int16_t*>(po + i * so))[0] = (<int16_t>(-x)) if x < 0 else x
cdef void u_abs_int32(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef int32_t* a = <int32_t*>pa
    cdef int32_t* o = <int32_t*>po
    cdef int32_t x
    if so == sizeof(int32_t) and sa == sizeof(int32_t):
        for i in range(n):
            x = a[i]
            o[i] = (<int32_t>(<uint32_t>0 - <uint32_t>x)) if x < 0 else x
    else:
        for i in range(n):
            x = (<int32_t*>(pa + i * sa))[0]
            (<int32_t*>(po + i * so))[0] = (<int32_t>(<uint32_t>0 - <uint32_t>x)) if x < 0 else x
cdef void u_abs_int64(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef int64_t* a = <int64_t*>pa
    cdef int64_t* o = <int64_t*>po
    cdef int64_t x
    if so == sizeof(int64_t) and sa == sizeof(int64_t):
        for i in range(n):
            x = a[i]
            o[i] = (<int64_t>(<uint64_t>0 - <uint64_t>x)) if x < 0 else x
    else:
        for i in range(n):
            x = (<int64_t*>(pa + i * sa))[0]
            (<int64_t*>(po + i * so))[0] = (<int64_t>(<uint64_t>0 - <uint64_t>x)) if x < 0 else x
cdef void u_abs_float32(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef float* a = <float*>pa
    cdef float* o = <float*>po
    cdef float x
    if so == sizeof(float) and sa == sizeof(float):
        for i in range(n):
            x = a[i]
            o[i] = fabsf(x)
    else:
        for i in range(n):
            x = (<float*>(pa + i * sa))[0]
            (<float*>(po + i * so))[0] = fabsf(x)
cdef void u_abs_float64(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef double* a = <double*>pa
    cdef double* o = <double*>po
    cdef double x
    if so == sizeof(double) and sa == sizeof(double):
        for i in range(n):
            x = a[i]
            o[i] = fabs(x)
    else:
        for i in range(n):
            x = (<double*>(pa + i * sa))[0]
            (<double*>(po + i * so))[0] = fabs(x)
cdef void u_square_uint8(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef uint8_t* a = <uint8_t*>pa
    cdef uint8_t* o = <uint8_t*>po
    cdef uint8_t x
    if so == sizeof(uint8_t) and sa == sizeof(uint8_t):
        for i in range(n):
            x = a[i]
            o[i] = <uint8_t>(x * x)
    else:
        for i in range(n):
            x = (<uint8_t*>(pa + i * sa))[0]
            (<uint8_t*>(po + i * so))[0] = <uint8_t>(x * x)
cdef void u_square_int8(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef int8_t* a = <int8_t*>pa
    cdef int8_t* o = <int8_t*>po
    cdef int8_t x
    if so == sizeof(int8_t) and sa == sizeof(int8_t):
        for i in range(n):
            x = a[i]
            o[i] = <int8_t>(x * x)
    else:
        for i in range(n):
            x = (<int8_t*>(pa + i * sa))[0]
            (<int8_t*>(po + i * so))[0] = <int8_t>(x * x)
cdef void u_square_int16(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef int16_t* a = <int16_t*>pa
    cdef int16_t* o = <int16_t*>po
    cdef int16_t x
    if so == sizeof(int16_t) and sa == sizeof(int16_t):
        for i in range(n):
            x = a[i]
            o[i] = <int16_t>(x * x)
    else:
        for i in range(n):
            x = (<int16_t*>(pa + i * sa))[0]
            (<int16_t*>(po + i * so))[0] = <int16_t>(x * x)
cdef void u_square_int32(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef int32_t* a = <int32_t*>pa
    cdef int32_t* o = <int32_t*>po
    cdef int32_t x
    if so == sizeof(int32_t) and sa == sizeof(int32_t):
        for i in range(n):
            x = a[i]
            o[i] = <int32_t>(<uint32_t>x * <uint32_t>x)
    else:
        for i in range(n):
            x = (<int32_t*>(pa + i * sa))[0]
            (<int32_t*>(po + i * so))[0] = <int32_t>(<uint32_t>x * <uint32_t>x)
cdef void u_square_int64(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef int64_t* a = <int64_t*>pa
    cdef int64_t* o = <int64_t*>po
    cdef int64_t x
    if so == sizeof(int64_t) and sa == sizeof(int64_t):
        for i in range(n):
            x = a[i]
            o[i] = <int64_t>(<uint64_t>x * <uint64_t>x)
    else:
        for i in range(n):
            x = (<int64_t*>(pa + i * sa))[0]
            (<int64_t*>(po + i * so))[0] = <int64_t>(<uint64_t>x * <uint64_t>x)
cdef void u_square_float32(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef float* a = <float*>pa
    cdef float* o = <float*>po
    cdef float x
    if so == sizeof(float) and sa == sizeof(float):
        for i in range(n):
            x = a[i]
            o[i] = x * x
    else:
        for i in range(n):
            x = (<float*>(pa + i * sa))[0]
            (<float*>(po + i * so))[0] = x * x
cdef void u_square_float64(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef double* a = <double*>pa
    cdef double* o = <double*>po
    cdef double x
    if so == sizeof(double) and sa == sizeof(double):
        for i in range(n):
            x = a[i]
            o[i] = x * x
    else:
        for i in range(n):
            x = (<double*>(pa + i * sa))[0]
            (<double*>(po + i * so))[0] = x * x
cdef void u_relu_uint8(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef uint8_t* a = <uint8_t*>pa
    cdef uint8_t* o = <uint8_t*>po
    cdef uint8_t x
    if so == sizeof(uint8_t) and sa == sizeof(uint8_t):
        for i in range(n):
            x = a[i]
            o[i] = x
    else:
        for i in range(n):
            x = (<uint8_t*>(pa + i * sa))[0]
            (<uint8_t*>(po + i * so))[0] = x
cdef void u_relu_int8(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef int8_t* a = <int8_t*>pa
    cdef int8_t* o = <int8_t*>po
    cdef int8_t x
    if so == sizeof(int8_t) and sa == sizeof(int8_t):
        for i in range(n):
            x = a[i]
            o[i] = <int8_t>0 if x < 0 else x
    else:
        for i in range(n):
            x = (<int8_t*>(pa + i * sa))[0]
            (<int8_t*>(po + i * so))[0] = <int8_t>0 if x < 0 else x
cdef void u_relu_int16(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef int16_t* a = <int16_t*>pa
    cdef int16_t* o = <int16_t*>po
    cdef int16_t x
    if so == sizeof(int16_t) and sa == sizeof(int16_t):
        for i in range(n):
            x = a[i]
            o[i] = <int16_t>0 if x < 0 else x
    else:
        for i in range(n):
            x = (<int16_t*>(pa + i * sa))[0]
            (<int16_t*>(po + i * so))[0] = <int16_t>0 if x < 0 else x
cdef void u_relu_int32(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef int32_t* a = <int32_t*>pa
    cdef int32_t* o = <int32_t*>po
    cdef int32_t x
    if so == sizeof(int32_t) and sa == sizeof(int32_t):
        for i in range(n):
            x = a[i]
            o[i] = <int32_t>0 if x < 0 else x
    else:
        for i in range(n):
            x = (<int32_t*>(pa + i * sa))[0]
            (<int32_t*>(po + i * so))[0] = <int32_t>0 if x < 0 else x
cdef void u_relu_int64(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef int64_t* a = <int64_t*>pa
    cdef int64_t* o = <int64_t*>po
    cdef int64_t x
    if so == sizeof(int64_t) and sa == sizeof(int64_t):
        for i in range(n):
            x = a[i]
            o[i] = <int64_t>0 if x < 0 else x
    else:
        for i in range(n):
            x = (<int64_t*>(pa + i * sa))[0]
            (<int64_t*>(po + i * so))[0] = <int64_t>0 if x < 0 else x
cdef void u_relu_float32(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef float* a = <float*>pa
    cdef float* o = <float*>po
    cdef float x
    if so == sizeof(float) and sa == sizeof(float):
        for i in range(n):
            x = a[i]
            o[i] = <float>0 if x < 0 else x
    else:
        for i in range(n):
            x = (<float*>(pa + i * sa))[0]
            (<float*>(po + i * so))[0] = <float>0 if x < 0 else x
cdef void u_relu_float64(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef double* a = <double*>pa
    cdef double* o = <double*>po
    cdef double x
    if so == sizeof(double) and sa == sizeof(double):
        for i in range(n):
            x = a[i]
            o[i] = <double>0 if x < 0 else x
    else:
        for i in range(n):
            x = (<double*>(pa + i * sa))[0]
            (<double*>(po + i * so))[0] = <double>0 if x < 0 else x
cdef void u_sign_bool(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef uint8_t* a = <uint8_t*>pa
    cdef uint8_t* o = <uint8_t*>po
    cdef uint8_t x
    if so == sizeof(uint8_t) and sa == sizeof(uint8_t):
        for i in range(n):
            x = a[i]
            o[i] = x
    else:
        for i in range(n):
            x = (<uint8_t*>(pa + i * sa))[0]
            (<uint8_t*>(po + i * so))[0] = x
cdef void u_sign_uint8(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef uint8_t* a = <uint8_t*>pa
    cdef uint8_t* o = <uint8_t*>po
    cdef uint8_t x
    if so == sizeof(uint8_t) and sa == sizeof(uint8_t):
        for i in range(n):
            x = a[i]
            o[i] = <uint8_t>(x > 0)
    else:
        for i in range(n):
            x = (<uint8_t*>(pa + i * sa))[0]
            (<uint8_t*>(po + i * so))[0] = <uint8_t>(x > 0)
cdef void u_sign_int8(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef int8_t* a = <int8_t*>pa
    cdef int8_t* o = <int8_t*>po
    cdef int8_t x
    if so == sizeof(int8_t) and sa == sizeof(int8_t):
        for i in range(n):
            x = a[i]
            o[i] = <int8_t>((0 < x) - (x < 0))
    else:
        for i in range(n):
            x = (<int8_t*>(pa + i * sa))[0]
            (<int8_t*>(po + i * so))[0] = <int8_t>((0 < x) - (x < 0))
cdef void u_sign_int16(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef int16_t* a = <int16_t*>pa
    cdef int16_t* o = <int16_t*>po
    cdef int16_t x
    if so == sizeof(int16_t) and sa == sizeof(int16_t):
        for i in range(n):
            x = a[i]
            o[i] = <int16_t>((0 < x) - (x < 0))
    else:
        for i in range(n):
            x = (<int16_t*>(pa + i * sa))[0]
            (<int16_t*>(po + i * so))[0] = <int16_t>((0 < x) - (x < 0))
cdef void u_sign_int32(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef int32_t* a = <int32_t*>pa
    cdef int32_t* o = <int32_t*>po
    cdef int32_t x
    if so == sizeof(int32_t) and sa == sizeof(int32_t):
        for i in range(n):
            x = a[i]
            o[i] = <int32_t>((0 < x) - (x < 0))
    else:
        for i in range(n):
            x = (<int32_t*>(pa + i * sa))[0]
            (<int32_t*>(po + i * so))[0] = <int32_t>((0 < x) - (x < 0))
cdef void u_sign_int64(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef int64_t* a = <int64_t*>pa
    cdef int64_t* o = <int64_t*>po
    cdef int64_t x
    if so == sizeof(int64_t) and sa == sizeof(int64_t):
        for i in range(n):
            x = a[i]
            o[i] = <int64_t>((0 < x) - (x < 0))
    else:
        for i in range(n):
            x = (<int64_t*>(pa + i * sa))[0]
            (<int64_t*>(po + i * so))[0] = <int64_t>((0 < x) - (x < 0))
cdef void u_sign_float32(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef float* a = <float*>pa
    cdef float* o = <float*>po
    cdef float x
    if so == sizeof(float) and sa == sizeof(float):
        for i in range(n):
            x = a[i]
            o[i] = <float>((0 < x) - (x < 0))
    else:
        for i in range(n):
            x = (<float*>(pa + i * sa))[0]
            (<float*>(po + i * so))[0] = <float>((0 < x) - (x < 0))
cdef void u_sign_float64(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef double* a = <double*>pa
    cdef double* o = <double*>po
    cdef double x
    if so == sizeof(double) and sa == sizeof(double):
        for i in range(n):
            x = a[i]
            o[i] = <double>((0 < x) - (x < 0))
    else:
        for i in range(n):
            x = (<double*>(pa + i * sa))[0]
            (<double*>(po + i * so))[0] = <double>((0 < x) - (x < 0))
cdef void u_floor_uint8(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef uint8_t* a = <uint8_t*>pa
    cdef uint8_t* o = <uint8_t*>po
    cdef uint8_t x
    if so == sizeof(uint8_t) and sa == sizeof(uint8_t):
        for i in range(n):
            x = a[i]
            o[i] = x
    else:
        for i in range(n):
            x = (<uint8_t*>(pa + i * sa))[0]
            (<uint8_t*>(po + i * so))[0] = x
cdef void u_floor_int8(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef int8_t* a = <int8_t*>pa
    cdef int8_t* o = <int8_t*>po
    cdef int8_t x
    if so == sizeof(int8_t) and sa == sizeof(int8_t):
        for i in range(n):
            x = a[i]
            o[i] = x
    else:
        for i in range(n):
            x = (<int8_t*>(pa + i * sa))[0]
            (<int8_t*>(po + i * so))[0] = x
cdef void u_floor_int16(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef int16_t* a = <int16_t*>pa
    cdef int16_t* o = <int16_t*>po
    cdef int16_t x
    if so == sizeof(int16_t) and sa == sizeof(int16_t):
        for i in range(n):
            x = a[i]
            o[i] = x
    else:
        for i in range(n):
            x = (<int16_t*>(pa + i * sa))[0]
            (<int16_t*>(po + i * so))[0] = x
cdef void u_floor_int32(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef int32_t* a = <int32_t*>pa
    cdef int32_t* o = <int32_t*>po
    cdef int32_t x
    if so == sizeof(int32_t) and sa == sizeof(int32_t):
        for i in range(n):
            x = a[i]
            o[i] = x
    else:
        for i in range(n):
            x = (<int32_t*>(pa + i * sa))[0]
            (<int32_t*>(po + i * so))[0] = x
cdef void u_floor_int64(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef int64_t* a = <int64_t*>pa
    cdef int64_t* o = <int64_t*>po
    cdef int64_t x
    if so == sizeof(int64_t) and sa == sizeof(int64_t):
        for i in range(n):
            x = a[i]
            o[i] = x
    else:
        for i in range(n):
            x = (<int64_t*>(pa + i * sa))[0]
            (<int64_t*>(po + i * so))[0] = x
cdef void u_floor_float32(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef float* a = <float*>pa
    cdef float* o = <float*>po
    cdef float x
    if so == sizeof(float) and sa == sizeof(float):
        for i in range(n):
            x = a[i]
            o[i] = floorf(x)
    else:
        for i in range(n):
            x = (<float*>(pa + i * sa))[0]
            (<float*>(po + i * so))[0] = floorf(x)
cdef void u_floor_float64(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef double* a = <double*>pa
    cdef double* o = <double*>po
    cdef double x
    if so == sizeof(double) and sa == sizeof(double):
        for i in range(n):
            x = a[i]
            o[i] = floor(x)
    else:
        for i in range(n):
            x = (<double*>(pa + i * sa))[0]
            (<double*>(po + i * so))[0] = floor(x)
cdef void u_ceil_uint8(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef uint8_t* a = <uint8_t*>pa
    cdef uint8_t* o = <uint8_t*>po
    cdef uint8_t x
    if so == sizeof(uint8_t) and sa == sizeof(uint8_t):
        for i in range(n):
            x = a[i]
            o[i] = x
    else:
        for i in range(n):
            x = (<uint8_t*>(pa + i * sa))[0]
            (<uint8_t*>(po + i * so))[0] = x
cdef void u_ceil_int8(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef int8_t* a = <int8_t*>pa
    cdef int8_t* o = <int8_t*>po
    cdef int8_t x
    if so == sizeof(int8_t) and sa == sizeof(int8_t):
        for i in range(n):
            x = a[i]
            o[i] = x
    else:
        for i in range(n):
            x = (<int8_t*>(pa + i * sa))[0]
            (<int8_t*>(po + i * so))[0] = x
cdef void u_ceil_int16(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef int16_t* a = <int16_t*>pa
    cdef int16_t* o = <int16_t*>po
    cdef int16_t x
    if so == sizeof(int16_t) and sa == sizeof(int16_t):
        for i in range(n):
            x = a[i]
            o[i] = x
    else:
        for i in range(n):
            x = (<int16_t*>(pa + i * sa))[0]
            (<int16_t*>(po + i * so))[0] = x
cdef void u_ceil_int32(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef int32_t* a = <int32_t*>pa
    cdef int32_t* o = <int32_t*>po
    cdef int32_t x
    if so == sizeof(int32_t) and sa == sizeof(int32_t):
        for i in range(n):
            x = a[i]
            o[i] = x
    else:
        for i in range(n):
            x = (<int32_t*>(pa + i * sa))[0]
            (<int32_t*>(po + i * so))[0] = x
cdef void u_ceil_int64(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef int64_t* a = <int64_t*>pa
    cdef int64_t* o = <int64_t*>po
    cdef int64_t x
    if so == sizeof(int64_t) and sa == sizeof(int64_t):
        for i in range(n):
            x = a[i]
            o[i] = x
    else:
        for i in range(n):
            x = (<int64_t*>(pa + i * sa))[0]
            (<int64_t*>(po + i * so))[0] = x
cdef void u_ceil_float32(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef float* a = <float*>pa
    cdef float* o = <float*>po
    cdef float x
    if so == sizeof(float) and sa == sizeof(float):
        for i in range(n):
            x = a[i]
            o[i] = ceilf(x)
    else:
        for i in range(n):
            x = (<float*>(pa + i * sa))[0]
            (<float*>(po + i * so))[0] = ceilf(x)
cdef void u_ceil_float64(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef double* a = <double*>pa
    cdef double* o = <double*>po
    cdef double x
    if so == sizeof(double) and sa == sizeof(double):
        for i in range(n):
            x = a[i]
            o[i] = ceil(x)
    else:
        for i in range(n):
            x = (<double*>(pa + i * sa))[0]
            (<double*>(po + i * so))[0] = ceil(x)
cdef void u_trunc_uint8(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef uint8_t* a = <uint8_t*>pa
    cdef uint8_t* o = <uint8_t*>po
    cdef uint8_t x
    if so == sizeof(uint8_t) and sa == sizeof(uint8_t):
        for i in range(n):
            x = a[i]
            o[i] = x
    else:
        for i in range(n):
            x = (<uint8_t*>(pa + i * sa))[0]
            (<uint8_t*>(po + i * so))[0] = x
cdef void u_trunc_int8(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef int8_t* a = <int8_t*>pa
    cdef int8_t* o = <int8_t*>po
    cdef int8_t x
    if so == sizeof(int8_t) and sa == sizeof(int8_t):
        for i in range(n):
            x = a[i]
            o[i] = x
    else:
        for i in range(n):
            x = (<int8_t*>(pa + i * sa))[0]
            (<int8_t*>(po + i * so))[0] = x
cdef void u_trunc_int16(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef int16_t* a = <int16_t*>pa
    cdef int16_t* o = <int16_t*>po
    cdef int16_t x
    if so == sizeof(int16_t) and sa == sizeof(int16_t):
        for i in range(n):
            x = a[i]
            o[i] = x
    else:
        for i in range(n):
            x = (<int16_t*>(pa + i * sa))[0]
            (<int16_t*>(po + i * so))[0] = x
cdef void u_trunc_int32(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef int32_t* a = <int32_t*>pa
    cdef int32_t* o = <int32_t*>po
    cdef int32_t x
    if so == sizeof(int32_t) and sa == sizeof(int32_t):
        for i in range(n):
            x = a[i]
            o[i] = x
    else:
        for i in range(n):
            x = (<int32_t*>(pa + i * sa))[0]
            (<int32_t*>(po + i * so))[0] = x
cdef void u_trunc_int64(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef int64_t* a = <int64_t*>pa
    cdef int64_t* o = <int64_t*>po
    cdef int64_t x
    if so == sizeof(int64_t) and sa == sizeof(int64_t):
        for i in range(n):
            x = a[i]
            o[i] = x
    else:
        for i in range(n):
            x = (<int64_t*>(pa + i * sa))[0]
            (<int64_t*>(po + i * so))[0] = x
cdef void u_trunc_float32(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef float* a = <float*>pa
    cdef float* o = <float*>po
    cdef float x
    if so == sizeof(float) and sa == sizeof(float):
        for i in range(n):
            x = a[i]
            o[i] = truncf(x)
    else:
        for i in range(n):
            x = (<float*>(pa + i * sa))[0]
            (<float*>(po + i * so))[0] = truncf(x)
cdef void u_trunc_float64(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef double* a = <double*>pa
    cdef double* o = <double*>po
    cdef double x
    if so == sizeof(double) and sa == sizeof(double):
        for i in range(n):
            x = a[i]
            o[i] = trunc(x)
    else:
        for i in range(n):
            x = (<double*>(pa + i * sa))[0]
            (<double*>(po + i * so))[0] = trunc(x)
cdef void u_round_uint8(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef uint8_t* a = <uint8_t*>pa
    cdef uint8_t* o = <uint8_t*>po
    cdef uint8_t x
    if so == sizeof(uint8_t) and sa == sizeof(uint8_t):
        for i in range(n):
            x = a[i]
            o[i] = x
    else:
        for i in range(n):
            x = (<uint8_t*>(pa + i * sa))[0]
            (<uint8_t*>(po + i * so))[0] = x
cdef void u_round_int8(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef int8_t* a = <int8_t*>pa
    cdef int8_t* o = <int8_t*>po
    cdef int8_t x
    if so == sizeof(int8_t) and sa == sizeof(int8_t):
        for i in range(n):
            x = a[i]
            o[i] = x
    else:
        for i in range(n):
            x = (<int8_t*>(pa + i * sa))[0]
            (<int8_t*>(po + i * so))[0] = x
cdef void u_round_int16(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef int16_t* a = <int16_t*>pa
    cdef int16_t* o = <int16_t*>po
    cdef int16_t x
    if so == sizeof(int16_t) and sa == sizeof(int16_t):
        for i in range(n):
            x = a[i]
            o[i] = x
    else:
        for i in range(n):
            x = (<int16_t*>(pa + i * sa))[0]
            (<int16_t*>(po + i * so))[0] = x
cdef void u_round_int32(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef int32_t* a = <int32_t*>pa
    cdef int32_t* o = <int32_t*>po
    cdef int32_t x
    if so == sizeof(int32_t) and sa == sizeof(int32_t):
        for i in range(n):
            x = a[i]
            o[i] = x
    else:
        for i in range(n):
            x = (<int32_t*>(pa + i * sa))[0]
            (<int32_t*>(po + i * so))[0] = x
cdef void u_round_int64(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef int64_t* a = <int64_t*>pa
    cdef int64_t* o = <int64_t*>po
    cdef int64_t x
    if so == sizeof(int64_t) and sa == sizeof(int64_t):
        for i in range(n):
            x = a[i]
            o[i] = x
    else:
        for i in range(n):
            x = (<int64_t*>(pa + i * sa))[0]
            (<int64_t*>(po + i * so))[0] = x
cdef void u_round_float32(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef float* a = <float*>pa
    cdef float* o = <float*>po
    cdef float x
    if so == sizeof(float) and sa == sizeof(float):
        for i in range(n):
            x = a[i]
            o[i] = rintf(x)
    else:
        for i in range(n):
            x = (<float*>(pa + i * sa))[0]
            (<float*>(po + i * so))[0] = rintf(x)
cdef void u_round_float64(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef double* a = <double*>pa
    cdef double* o = <double*>po
    cdef double x
    if so == sizeof(double) and sa == sizeof(double):
        for i in range(n):
            x = a[i]
            o[i] = rint(x)
    else:
        for i in range(n):
            x = (<double*>(pa + i * sa))[0]
            (<double*>(po + i * so))[0] = rint(x)
cdef void u_reciprocal_float32(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef float* a = <float*>pa
    cdef float* o = <float*>po
    cdef float x
    if so == sizeof(float) and sa == sizeof(float):
        for i in range(n):
            x = a[i]
            o[i] = <float>1 / x
    else:
        for i in range(n):
            x = (<float*>(pa + i * sa))[0]
            (<float*>(po + i * so))[0] = <float>1 / x
cdef void u_reciprocal_float64(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef double* a = <double*>pa
    cdef double* o = <double*>po
    cdef double x
    if so == sizeof(double) and sa == sizeof(double):
        for i in range(n):
            x = a[i]
            o[i] = <double>1 / x
    else:
        for i in range(n):
            x = (<double*>(pa + i * sa))[0]
            (<double*>(po + i * so))[0] = <double>1 / x
cdef void u_sqrt_float32(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef float* a = <float*>pa
    cdef float* o = <float*>po
    cdef float x
    if so == sizeof(float) and sa == sizeof(float):
        for i in range(n):
            x = a[i]
            o[i] = sqrtf(x)
    else:
        for i in range(n):
            x = (<float*>(pa + i * sa))[0]
            (<float*>(po + i * so))[0] = sqrtf(x)
cdef void u_sqrt_float64(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef double* a = <double*>pa
    cdef double* o = <double*>po
    cdef double x
    if so == sizeof(double) and sa == sizeof(double):
        for i in range(n):
            x = a[i]
            o[i] = sqrt(x)
    else:
        for i in range(n):
            x = (<double*>(pa + i * sa))[0]
            (<double*>(po + i * so))[0] = sqrt(x)
cdef void u_rsqrt_float32(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef float* a = <float*>pa
    cdef float* o = <float*>po
    cdef float x
    if so == sizeof(float) and sa == sizeof(float):
        for i in range(n):
            x = a[i]
            o[i] = <float>1 / sqrtf(x)
    else:
        for i in range(n):
            x = (<float*>(pa + i * sa))[0]
            (<float*>(po + i * so))[0] = <float>1 / sqrtf(x)
cdef void u_rsqrt_float64(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef double* a = <double*>pa
    cdef double* o = <double*>po
    cdef double x
    if so == sizeof(double) and sa == sizeof(double):
        for i in range(n):
            x = a[i]
            o[i] = <double>1 / sqrt(x)
    else:
        for i in range(n):
            x = (<double*>(pa + i * sa))[0]
            (<double*>(po + i * so))[0] = <double>1 / sqrt(x)
cdef void u_isnan_bool(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef uint8_t* a = <uint8_t*>pa
    cdef uint8_t* o = <uint8_t*>po
    cdef uint8_t x
    if so == sizeof(uint8_t) and sa == sizeof(uint8_t):
        for i in range(n):
            x = a[i]
            o[i] = 0
    else:
        for i in range(n):
            x = (<uint8_t*>(pa + i * sa))[0]
            (<uint8_t*>(po + i * so))[0] = 0
cdef void u_isnan_uint8(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef uint8_t* a = <uint8_t*>pa
    cdef uint8_t* o = <uint8_t*>po
    cdef uint8_t x
    if so == sizeof(uint8_t) and sa == sizeof(uint8_t):
        for i in range(n):
            x = a[i]
            o[i] = 0
    else:
        for i in range(n):
            x = (<uint8_t*>(pa + i * sa))[0]
            (<uint8_t*>(po + i * so))[0] = 0
cdef void u_isnan_int8(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef int8_t* a = <int8_t*>pa
    cdef uint8_t* o = <uint8_t*>po
    cdef int8_t x
    if so == sizeof(uint8_t) and sa == sizeof(int8_t):
        for i in range(n):
            x = a[i]
            o[i] = 0
    else:
        for i in range(n):
            x = (<int8_t*>(pa + i * sa))[0]
            (<uint8_t*>(po + i * so))[0] = 0
cdef void u_isnan_int16(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef int16_t* a = <int16_t*>pa
    cdef uint8_t* o = <uint8_t*>po
    cdef int16_t x
    if so == sizeof(uint8_t) and sa == sizeof(int16_t):
        for i in range(n):
            x = a[i]
            o[i] = 0
    else:
        for i in range(n):
            x = (<int16_t*>(pa + i * sa))[0]
            (<uint8_t*>(po + i * so))[0] = 0
cdef void u_isnan_int32(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef int32_t* a = <int32_t*>pa
    cdef uint8_t* o = <uint8_t*>po
    cdef int32_t x
    if so == sizeof(uint8_t) and sa == sizeof(int32_t):
        for i in range(n):
            x = a[i]
            o[i] = 0
    else:
        for i in range(n):
            x = (<int32_t*>(pa + i * sa))[0]
            (<uint8_t*>(po + i * so))[0] = 0
cdef void u_isnan_int64(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef int64_t* a = <int64_t*>pa
    cdef uint8_t* o = <uint8_t*>po
    cdef int64_t x
    if so == sizeof(uint8_t) and sa == sizeof(int64_t):
        for i in range(n):
            x = a[i]
            o[i] = 0
    else:
        for i in range(n):
            x = (<int64_t*>(pa + i * sa))[0]
            (<uint8_t*>(po + i * so))[0] = 0
cdef void u_isnan_float32(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef float* a = <float*>pa
    cdef uint8_t* o = <uint8_t*>po
    cdef float x
    if so == sizeof(uint8_t) and sa == sizeof(float):
        for i in range(n):
            x = a[i]
            o[i] = x != x
    else:
        for i in range(n):
            x = (<float*>(pa + i * sa))[0]
            (<uint8_t*>(po + i * so))[0] = x != x
cdef void u_isnan_float64(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef double* a = <double*>pa
    cdef uint8_t* o = <uint8_t*>po
    cdef double x
    if so == sizeof(uint8_t) and sa == sizeof(double):
        for i in range(n):
            x = a[i]
            o[i] = x != x
    else:
        for i in range(n):
            x = (<double*>(pa + i * sa))[0]
            (<uint8_t*>(po + i * so))[0] = x != x
cdef void u_isinf_bool(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef uint8_t* a = <uint8_t*>pa
    cdef uint8_t* o = <uint8_t*>po
    cdef uint8_t x
    if so == sizeof(uint8_t) and sa == sizeof(uint8_t):
        for i in range(n):
            x = a[i]
            o[i] = 0
    else:
        for i in range(n):
            x = (<uint8_t*>(pa + i * sa))[0]
            (<uint8_t*>(po + i * so))[0] = 0
cdef void u_isinf_uint8(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef uint8_t* a = <uint8_t*>pa
    cdef uint8_t* o = <uint8_t*>po
    cdef uint8_t x
    if so == sizeof(uint8_t) and sa == sizeof(uint8_t):
        for i in range(n):
            x = a[i]
            o[i] = 0
    else:
        for i in range(n):
            x = (<uint8_t*>(pa + i * sa))[0]
            (<uint8_t*>(po + i * so))[0] = 0
cdef void u_isinf_int8(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef int8_t* a = <int8_t*>pa
    cdef uint8_t* o = <uint8_t*>po
    cdef int8_t x
    if so == sizeof(uint8_t) and sa == sizeof(int8_t):
        for i in range(n):
            x = a[i]
            o[i] = 0
    else:
        for i in range(n):
            x = (<int8_t*>(pa + i * sa))[0]
            (<uint8_t*>(po + i * so))[0] = 0
cdef void u_isinf_int16(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef int16_t* a = <int16_t*>pa
    cdef uint8_t* o = <uint8_t*>po
    cdef int16_t x
    if so == sizeof(uint8_t) and sa == sizeof(int16_t):
        for i in range(n):
            x = a[i]
            o[i] = 0
    else:
        for i in range(n):
            x = (<int16_t*>(pa + i * sa))[0]
            (<uint8_t*>(po + i * so))[0] = 0
cdef void u_isinf_int32(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef int32_t* a = <int32_t*>pa
    cdef uint8_t* o = <uint8_t*>po
    cdef int32_t x
    if so == sizeof(uint8_t) and sa == sizeof(int32_t):
        for i in range(n):
            x = a[i]
            o[i] = 0
    else:
        for i in range(n):
            x = (<int32_t*>(pa + i * sa))[0]
            (<uint8_t*>(po + i * so))[0] = 0
cdef void u_isinf_int64(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef int64_t* a = <int64_t*>pa
    cdef uint8_t* o = <uint8_t*>po
    cdef int64_t x
    if so == sizeof(uint8_t) and sa == sizeof(int64_t):
        for i in range(n):
            x = a[i]
            o[i] = 0
    else:
        for i in range(n):
            x = (<int64_t*>(pa + i * sa))[0]
            (<uint8_t*>(po + i * so))[0] = 0
cdef void u_isinf_float32(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef float* a = <float*>pa
    cdef uint8_t* o = <uint8_t*>po
    cdef float x
    if so == sizeof(uint8_t) and sa == sizeof(float):
        for i in range(n):
            x = a[i]
            o[i] = (x == INFINITY) | (x == -INFINITY)
    else:
        for i in range(n):
            x = (<float*>(pa + i * sa))[0]
            (<uint8_t*>(po + i * so))[0] = (x == INFINITY) | (x == -INFINITY)
cdef void u_isinf_float64(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef double* a = <double*>pa
    cdef uint8_t* o = <uint8_t*>po
    cdef double x
    if so == sizeof(uint8_t) and sa == sizeof(double):
        for i in range(n):
            x = a[i]
            o[i] = (x == INFINITY) | (x == -INFINITY)
    else:
        for i in range(n):
            x = (<double*>(pa + i * sa))[0]
            (<uint8_t*>(po + i * so))[0] = (x == INFINITY) | (x == -INFINITY)
cdef void u_isfinite_bool(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef uint8_t* a = <uint8_t*>pa
    cdef uint8_t* o = <uint8_t*>po
    cdef uint8_t x
    if so == sizeof(uint8_t) and sa == sizeof(uint8_t):
        for i in range(n):
            x = a[i]
            o[i] = 1
    else:
        for i in range(n):
            x = (<uint8_t*>(pa + i * sa))[0]
            (<uint8_t*>(po + i * so))[0] = 1
cdef void u_isfinite_uint8(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef uint8_t* a = <uint8_t*>pa
    cdef uint8_t* o = <uint8_t*>po
    cdef uint8_t x
    if so == sizeof(uint8_t) and sa == sizeof(uint8_t):
        for i in range(n):
            x = a[i]
            o[i] = 1
    else:
        for i in range(n):
            x = (<uint8_t*>(pa + i * sa))[0]
            (<uint8_t*>(po + i * so))[0] = 1
cdef void u_isfinite_int8(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef int8_t* a = <int8_t*>pa
    cdef uint8_t* o = <uint8_t*>po
    cdef int8_t x
    if so == sizeof(uint8_t) and sa == sizeof(int8_t):
        for i in range(n):
            x = a[i]
            o[i] = 1
    else:
        for i in range(n):
            x = (<int8_t*>(pa + i * sa))[0]
            (<uint8_t*>(po + i * so))[0] = 1
cdef void u_isfinite_int16(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef int16_t* a = <int16_t*>pa
    cdef uint8_t* o = <uint8_t*>po
    cdef int16_t x
    if so == sizeof(uint8_t) and sa == sizeof(int16_t):
        for i in range(n):
            x = a[i]
            o[i] = 1
    else:
        for i in range(n):
            x = (<int16_t*>(pa + i * sa))[0]
            (<uint8_t*>(po + i * so))[0] = 1
cdef void u_isfinite_int32(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef int32_t* a = <int32_t*>pa
    cdef uint8_t* o = <uint8_t*>po
    cdef int32_t x
    if so == sizeof(uint8_t) and sa == sizeof(int32_t):
        for i in range(n):
            x = a[i]
            o[i] = 1
    else:
        for i in range(n):
            x = (<int32_t*>(pa + i * sa))[0]
            (<uint8_t*>(po + i * so))[0] = 1
cdef void u_isfinite_int64(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef int64_t* a = <int64_t*>pa
    cdef uint8_t* o = <uint8_t*>po
    cdef int64_t x
    if so == sizeof(uint8_t) and sa == sizeof(int64_t):
        for i in range(n):
            x = a[i]
            o[i] = 1
    else:
        for i in range(n):
            x = (<int64_t*>(pa + i * sa))[0]
            (<uint8_t*>(po + i * so))[0] = 1
cdef void u_isfinite_float32(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef float* a = <float*>pa
    cdef uint8_t* o = <uint8_t*>po
    cdef float x
    if so == sizeof(uint8_t) and sa == sizeof(float):
        for i in range(n):
            x = a[i]
            o[i] = (x - x) == 0
    else:
        for i in range(n):
            x = (<float*>(pa + i * sa))[0]
            (<uint8_t*>(po + i * so))[0] = (x - x) == 0
cdef void u_isfinite_float64(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef double* a = <double*>pa
    cdef uint8_t* o = <uint8_t*>po
    cdef double x
    if so == sizeof(uint8_t) and sa == sizeof(double):
        for i in range(n):
            x = a[i]
            o[i] = (x - x) == 0
    else:
        for i in range(n):
            x = (<double*>(pa + i * sa))[0]
            (<uint8_t*>(po + i * so))[0] = (x - x) == 0
cdef void u_logical_not_bool(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef uint8_t* a = <uint8_t*>pa
    cdef uint8_t* o = <uint8_t*>po
    cdef uint8_t x
    if so == sizeof(uint8_t) and sa == sizeof(uint8_t):
        for i in range(n):
            x = a[i]
            o[i] = x == 0
    else:
        for i in range(n):
            x = (<uint8_t*>(pa + i * sa))[0]
            (<uint8_t*>(po + i * so))[0] = x == 0
cdef void u_logical_not_uint8(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef uint8_t* a = <uint8_t*>pa
    cdef uint8_t* o = <uint8_t*>po
    cdef uint8_t x
    if so == sizeof(uint8_t) and sa == sizeof(uint8_t):
        for i in range(n):
            x = a[i]
            o[i] = x == 0
    else:
        for i in range(n):
            x = (<uint8_t*>(pa + i * sa))[0]
            (<uint8_t*>(po + i * so))[0] = x == 0
cdef void u_logical_not_int8(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef int8_t* a = <int8_t*>pa
    cdef uint8_t* o = <uint8_t*>po
    cdef int8_t x
    if so == sizeof(uint8_t) and sa == sizeof(int8_t):
        for i in range(n):
            x = a[i]
            o[i] = x == 0
    else:
        for i in range(n):
            x = (<int8_t*>(pa + i * sa))[0]
            (<uint8_t*>(po + i * so))[0] = x == 0
cdef void u_logical_not_int16(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef int16_t* a = <int16_t*>pa
    cdef uint8_t* o = <uint8_t*>po
    cdef int16_t x
    if so == sizeof(uint8_t) and sa == sizeof(int16_t):
        for i in range(n):
            x = a[i]
            o[i] = x == 0
    else:
        for i in range(n):
            x = (<int16_t*>(pa + i * sa))[0]
            (<uint8_t*>(po + i * so))[0] = x == 0
cdef void u_logical_not_int32(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef int32_t* a = <int32_t*>pa
    cdef uint8_t* o = <uint8_t*>po
    cdef int32_t x
    if so == sizeof(uint8_t) and sa == sizeof(int32_t):
        for i in range(n):
            x = a[i]
            o[i] = x == 0
    else:
        for i in range(n):
            x = (<int32_t*>(pa + i * sa))[0]
            (<uint8_t*>(po + i * so))[0] = x == 0
cdef void u_logical_not_int64(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef int64_t* a = <int64_t*>pa
    cdef uint8_t* o = <uint8_t*>po
    cdef int64_t x
    if so == sizeof(uint8_t) and sa == sizeof(int64_t):
        for i in range(n):
            x = a[i]
            o[i] = x == 0
    else:
        for i in range(n):
            x = (<int64_t*>(pa + i * sa))[0]
            (<uint8_t*>(po + i * so))[0] = x == 0
cdef void u_logical_not_float32(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef float* a = <float*>pa
    cdef uint8_t* o = <uint8_t*>po
    cdef float x
    if so == sizeof(uint8_t) and sa == sizeof(float):
        for i in range(n):
            x = a[i]
            o[i] = x == 0
    else:
        for i in range(n):
            x = (<float*>(pa + i * sa))[0]
            (<uint8_t*>(po + i * so))[0] = x == 0
cdef void u_logical_not_float64(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef double* a = <double*>pa
    cdef uint8_t* o = <uint8_t*>po
    cdef double x
    if so == sizeof(uint8_t) and sa == sizeof(double):
        for i in range(n):
            x = a[i]
            o[i] = x == 0
    else:
        for i in range(n):
            x = (<double*>(pa + i * sa))[0]
            (<uint8_t*>(po + i * so))[0] = x == 0
cdef void u_bitwise_not_bool(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef uint8_t* a = <uint8_t*>pa
    cdef uint8_t* o = <uint8_t*>po
    cdef uint8_t x
    if so == sizeof(uint8_t) and sa == sizeof(uint8_t):
        for i in range(n):
            x = a[i]
            o[i] = x ^ 1
    else:
        for i in range(n):
            x = (<uint8_t*>(pa + i * sa))[0]
            (<uint8_t*>(po + i * so))[0] = x ^ 1
cdef void u_bitwise_not_uint8(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef uint8_t* a = <uint8_t*>pa
    cdef uint8_t* o = <uint8_t*>po
    cdef uint8_t x
    if so == sizeof(uint8_t) and sa == sizeof(uint8_t):
        for i in range(n):
            x = a[i]
            o[i] = <uint8_t>(~x)
    else:
        for i in range(n):
            x = (<uint8_t*>(pa + i * sa))[0]
            (<uint8_t*>(po + i * so))[0] = <uint8_t>(~x)
cdef void u_bitwise_not_int8(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef int8_t* a = <int8_t*>pa
    cdef int8_t* o = <int8_t*>po
    cdef int8_t x
    if so == sizeof(int8_t) and sa == sizeof(int8_t):
        for i in range(n):
            x = a[i]
            o[i] = <int8_t>(~x)
    else:
        for i in range(n):
            x = (<int8_t*>(pa + i * sa))[0]
            (<int8_t*>(po + i * so))[0] = <int8_t>(~x)
cdef void u_bitwise_not_int16(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef int16_t* a = <int16_t*>pa
    cdef int16_t* o = <int16_t*>po
    cdef int16_t x
    if so == sizeof(int16_t) and sa == sizeof(int16_t):
        for i in range(n):
            x = a[i]
            o[i] = <int16_t>(~x)
    else:
        for i in range(n):
            x = (<int16_t*>(pa + i * sa))[0]
            (<int16_t*>(po + i * so))[0] = <int16_t>(~x)
cdef void u_bitwise_not_int32(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef int32_t* a = <int32_t*>pa
    cdef int32_t* o = <int32_t*>po
    cdef int32_t x
    if so == sizeof(int32_t) and sa == sizeof(int32_t):
        for i in range(n):
            x = a[i]
            o[i] = <int32_t>(~x)
    else:
        for i in range(n):
            x = (<int32_t*>(pa + i * sa))[0]
            (<int32_t*>(po + i * so))[0] = <int32_t>(~x)
cdef void u_bitwise_not_int64(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef int64_t* a = <int64_t*>pa
    cdef int64_t* o = <int64_t*>po
    cdef int64_t x
    if so == sizeof(int64_t) and sa == sizeof(int64_t):
        for i in range(n):
            x = a[i]
            o[i] = <int64_t>(~x)
    else:
        for i in range(n):
            x = (<int64_t*>(pa + i * sa))[0]
            (<int64_t*>(po + i * so))[0] = <int64_t>(~x)
cdef void u_exp_float32(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef float* a = <float*>pa
    cdef float* o = <float*>po
    cdef float x
    cdef float buf[VEC_BLOCK]
    cdef float res[VEC_BLOCK]
    cdef Py_ssize_t s, m
    if so == sizeof(float) and sa == sizeof(float):
        tl_vexpf(a, o, n)
    else:
        # gather a block, run the vector kernel on it, scatter: strided data gets the
        # same values (and most of the speed) as contiguous data
        s = 0
        while s < n:
            m = n - s if n - s < VEC_BLOCK else VEC_BLOCK
            for i in range(m):
                buf[i] = (<float*>(pa + (s + i) * sa))[0]
            tl_vexpf(buf, res, m)
            for i in range(m):
                (<float*>(po + (s + i) * so))[0] = res[i]
            s += m
cdef void u_exp_float64(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef double* a = <double*>pa
    cdef double* o = <double*>po
    cdef double x
    if so == sizeof(double) and sa == sizeof(double):
        for i in range(n):
            x = a[i]
            o[i] = exp(x)
    else:
        for i in range(n):
            x = (<double*>(pa + i * sa))[0]
            (<double*>(po + i * so))[0] = exp(x)
cdef void u_sigmoid_float32(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef float* a = <float*>pa
    cdef float* o = <float*>po
    cdef float x
    cdef float buf[VEC_BLOCK]
    cdef float res[VEC_BLOCK]
    cdef Py_ssize_t s, m
    if so == sizeof(float) and sa == sizeof(float):
        tl_vsigmoidf(a, o, n)
    else:
        # gather a block, run the vector kernel on it, scatter: strided data gets the
        # same values (and most of the speed) as contiguous data
        s = 0
        while s < n:
            m = n - s if n - s < VEC_BLOCK else VEC_BLOCK
            for i in range(m):
                buf[i] = (<float*>(pa + (s + i) * sa))[0]
            tl_vsigmoidf(buf, res, m)
            for i in range(m):
                (<float*>(po + (s + i) * so))[0] = res[i]
            s += m
cdef void u_sigmoid_float64(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef double* a = <double*>pa
    cdef double* o = <double*>po
    cdef double x
    if so == sizeof(double) and sa == sizeof(double):
        for i in range(n):
            x = a[i]
            o[i] = <double>1 / (<double>1 + exp(-x))
    else:
        for i in range(n):
            x = (<double*>(pa + i * sa))[0]
            (<double*>(po + i * so))[0] = <double>1 / (<double>1 + exp(-x))
cdef void u_log_float32(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef float* a = <float*>pa
    cdef float* o = <float*>po
    cdef float x
    if so == sizeof(float) and sa == sizeof(float):
        for i in range(n):
            x = a[i]
            o[i] = logf(x)
    else:
        for i in range(n):
            x = (<float*>(pa + i * sa))[0]
            (<float*>(po + i * so))[0] = logf(x)
cdef void u_log_float64(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef double* a = <double*>pa
    cdef double* o = <double*>po
    cdef double x
    if so == sizeof(double) and sa == sizeof(double):
        for i in range(n):
            x = a[i]
            o[i] = log(x)
    else:
        for i in range(n):
            x = (<double*>(pa + i * sa))[0]
            (<double*>(po + i * so))[0] = log(x)
cdef void u_log2_float32(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef float* a = <float*>pa
    cdef float* o = <float*>po
    cdef float x
    if so == sizeof(float) and sa == sizeof(float):
        for i in range(n):
            x = a[i]
            o[i] = log2f(x)
    else:
        for i in range(n):
            x = (<float*>(pa + i * sa))[0]
            (<float*>(po + i * so))[0] = log2f(x)
cdef void u_log2_float64(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef double* a = <double*>pa
    cdef double* o = <double*>po
    cdef double x
    if so == sizeof(double) and sa == sizeof(double):
        for i in range(n):
            x = a[i]
            o[i] = log2(x)
    else:
        for i in range(n):
            x = (<double*>(pa + i * sa))[0]
            (<double*>(po + i * so))[0] = log2(x)
cdef void u_log10_float32(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef float* a = <float*>pa
    cdef float* o = <float*>po
    cdef float x
    if so == sizeof(float) and sa == sizeof(float):
        for i in range(n):
            x = a[i]
            o[i] = log10f(x)
    else:
        for i in range(n):
            x = (<float*>(pa + i * sa))[0]
            (<float*>(po + i * so))[0] = log10f(x)
cdef void u_log10_float64(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef double* a = <double*>pa
    cdef double* o = <double*>po
    cdef double x
    if so == sizeof(double) and sa == sizeof(double):
        for i in range(n):
            x = a[i]
            o[i] = log10(x)
    else:
        for i in range(n):
            x = (<double*>(pa + i * sa))[0]
            (<double*>(po + i * so))[0] = log10(x)
cdef void u_log1p_float32(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef float* a = <float*>pa
    cdef float* o = <float*>po
    cdef float x
    if so == sizeof(float) and sa == sizeof(float):
        for i in range(n):
            x = a[i]
            o[i] = log1pf(x)
    else:
        for i in range(n):
            x = (<float*>(pa + i * sa))[0]
            (<float*>(po + i * so))[0] = log1pf(x)
cdef void u_log1p_float64(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef double* a = <double*>pa
    cdef double* o = <double*>po
    cdef double x
    if so == sizeof(double) and sa == sizeof(double):
        for i in range(n):
            x = a[i]
            o[i] = log1p(x)
    else:
        for i in range(n):
            x = (<double*>(pa + i * sa))[0]
            (<double*>(po + i * so))[0] = log1p(x)
cdef void u_expm1_float32(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef float* a = <float*>pa
    cdef float* o = <float*>po
    cdef float x
    if so == sizeof(float) and sa == sizeof(float):
        for i in range(n):
            x = a[i]
            o[i] = expm1f(x)
    else:
        for i in range(n):
            x = (<float*>(pa + i * sa))[0]
            (<float*>(po + i * so))[0] = expm1f(x)
cdef void u_expm1_float64(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef double* a = <double*>pa
    cdef double* o = <double*>po
    cdef double x
    if so == sizeof(double) and sa == sizeof(double):
        for i in range(n):
            x = a[i]
            o[i] = expm1(x)
    else:
        for i in range(n):
            x = (<double*>(pa + i * sa))[0]
            (<double*>(po + i * so))[0] = expm1(x)
cdef void u_exp2_float32(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef float* a = <float*>pa
    cdef float* o = <float*>po
    cdef float x
    if so == sizeof(float) and sa == sizeof(float):
        for i in range(n):
            x = a[i]
            o[i] = exp2f(x)
    else:
        for i in range(n):
            x = (<float*>(pa + i * sa))[0]
            (<float*>(po + i * so))[0] = exp2f(x)
cdef void u_exp2_float64(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef double* a = <double*>pa
    cdef double* o = <double*>po
    cdef double x
    if so == sizeof(double) and sa == sizeof(double):
        for i in range(n):
            x = a[i]
            o[i] = exp2(x)
    else:
        for i in range(n):
            x = (<double*>(pa + i * sa))[0]
            (<double*>(po + i * so))[0] = exp2(x)
cdef void u_sin_float32(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef float* a = <float*>pa
    cdef float* o = <float*>po
    cdef float x
    if so == sizeof(float) and sa == sizeof(float):
        for i in range(n):
            x = a[i]
            o[i] = sinf(x)
    else:
        for i in range(n):
            x = (<float*>(pa + i * sa))[0]
            (<float*>(po + i * so))[0] = sinf(x)
cdef void u_sin_float64(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef double* a = <double*>pa
    cdef double* o = <double*>po
    cdef double x
    if so == sizeof(double) and sa == sizeof(double):
        for i in range(n):
            x = a[i]
            o[i] = sin(x)
    else:
        for i in range(n):
            x = (<double*>(pa + i * sa))[0]
            (<double*>(po + i * so))[0] = sin(x)
cdef void u_cos_float32(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef float* a = <float*>pa
    cdef float* o = <float*>po
    cdef float x
    if so == sizeof(float) and sa == sizeof(float):
        for i in range(n):
            x = a[i]
            o[i] = cosf(x)
    else:
        for i in range(n):
            x = (<float*>(pa + i * sa))[0]
            (<float*>(po + i * so))[0] = cosf(x)
cdef void u_cos_float64(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef double* a = <double*>pa
    cdef double* o = <double*>po
    cdef double x
    if so == sizeof(double) and sa == sizeof(double):
        for i in range(n):
            x = a[i]
            o[i] = cos(x)
    else:
        for i in range(n):
            x = (<double*>(pa + i * sa))[0]
            (<double*>(po + i * so))[0] = cos(x)
cdef void u_tan_float32(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef float* a = <float*>pa
    cdef float* o = <float*>po
    cdef float x
    if so == sizeof(float) and sa == sizeof(float):
        for i in range(n):
            x = a[i]
            o[i] = tanf(x)
    else:
        for i in range(n):
            x = (<float*>(pa + i * sa))[0]
            (<float*>(po + i * so))[0] = tanf(x)
cdef void u_tan_float64(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef double* a = <double*>pa
    cdef double* o = <double*>po
    cdef double x
    if so == sizeof(double) and sa == sizeof(double):
        for i in range(n):
            x = a[i]
            o[i] = tan(x)
    else:
        for i in range(n):
            x = (<double*>(pa + i * sa))[0]
            (<double*>(po + i * so))[0] = tan(x)
cdef void u_asin_float32(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef float* a = <float*>pa
    cdef float* o = <float*>po
    cdef float x
    if so == sizeof(float) and sa == sizeof(float):
        for i in range(n):
            x = a[i]
            o[i] = asinf(x)
    else:
        for i in range(n):
            x = (<float*>(pa + i * sa))[0]
            (<float*>(po + i * so))[0] = asinf(x)
cdef void u_asin_float64(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef double* a = <double*>pa
    cdef double* o = <double*>po
    cdef double x
    if so == sizeof(double) and sa == sizeof(double):
        for i in range(n):
            x = a[i]
            o[i] = asin(x)
    else:
        for i in range(n):
            x = (<double*>(pa + i * sa))[0]
            (<double*>(po + i * so))[0] = asin(x)
cdef void u_acos_float32(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef float* a = <float*>pa
    cdef float* o = <float*>po
    cdef float x
    if so == sizeof(float) and sa == sizeof(float):
        for i in range(n):
            x = a[i]
            o[i] = acosf(x)
    else:
        for i in range(n):
            x = (<float*>(pa + i * sa))[0]
            (<float*>(po + i * so))[0] = acosf(x)
cdef void u_acos_float64(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef double* a = <double*>pa
    cdef double* o = <double*>po
    cdef double x
    if so == sizeof(double) and sa == sizeof(double):
        for i in range(n):
            x = a[i]
            o[i] = acos(x)
    else:
        for i in range(n):
            x = (<double*>(pa + i * sa))[0]
            (<double*>(po + i * so))[0] = acos(x)
cdef void u_atan_float32(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef float* a = <float*>pa
    cdef float* o = <float*>po
    cdef float x
    if so == sizeof(float) and sa == sizeof(float):
        for i in range(n):
            x = a[i]
            o[i] = atanf(x)
    else:
        for i in range(n):
            x = (<float*>(pa + i * sa))[0]
            (<float*>(po + i * so))[0] = atanf(x)
cdef void u_atan_float64(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef double* a = <double*>pa
    cdef double* o = <double*>po
    cdef double x
    if so == sizeof(double) and sa == sizeof(double):
        for i in range(n):
            x = a[i]
            o[i] = atan(x)
    else:
        for i in range(n):
            x = (<double*>(pa + i * sa))[0]
            (<double*>(po + i * so))[0] = atan(x)
cdef void u_sinh_float32(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef float* a = <float*>pa
    cdef float* o = <float*>po
    cdef float x
    if so == sizeof(float) and sa == sizeof(float):
        for i in range(n):
            x = a[i]
            o[i] = sinhf(x)
    else:
        for i in range(n):
            x = (<float*>(pa + i * sa))[0]
            (<float*>(po + i * so))[0] = sinhf(x)
cdef void u_sinh_float64(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef double* a = <double*>pa
    cdef double* o = <double*>po
    cdef double x
    if so == sizeof(double) and sa == sizeof(double):
        for i in range(n):
            x = a[i]
            o[i] = sinh(x)
    else:
        for i in range(n):
            x = (<double*>(pa + i * sa))[0]
            (<double*>(po + i * so))[0] = sinh(x)
cdef void u_cosh_float32(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef float* a = <float*>pa
    cdef float* o = <float*>po
    cdef float x
    if so == sizeof(float) and sa == sizeof(float):
        for i in range(n):
            x = a[i]
            o[i] = coshf(x)
    else:
        for i in range(n):
            x = (<float*>(pa + i * sa))[0]
            (<float*>(po + i * so))[0] = coshf(x)
cdef void u_cosh_float64(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef double* a = <double*>pa
    cdef double* o = <double*>po
    cdef double x
    if so == sizeof(double) and sa == sizeof(double):
        for i in range(n):
            x = a[i]
            o[i] = cosh(x)
    else:
        for i in range(n):
            x = (<double*>(pa + i * sa))[0]
            (<double*>(po + i * so))[0] = cosh(x)
cdef void u_tanh_float32(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef float* a = <float*>pa
    cdef float* o = <float*>po
    cdef float x
    if so == sizeof(float) and sa == sizeof(float):
        for i in range(n):
            x = a[i]
            o[i] = tanhf(x)
    else:
        for i in range(n):
            x = (<float*>(pa + i * sa))[0]
            (<float*>(po + i * so))[0] = tanhf(x)
cdef void u_tanh_float64(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef double* a = <double*>pa
    cdef double* o = <double*>po
    cdef double x
    if so == sizeof(double) and sa == sizeof(double):
        for i in range(n):
            x = a[i]
            o[i] = tanh(x)
    else:
        for i in range(n):
            x = (<double*>(pa + i * sa))[0]
            (<double*>(po + i * so))[0] = tanh(x)
cdef void u_asinh_float32(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef float* a = <float*>pa
    cdef float* o = <float*>po
    cdef float x
    if so == sizeof(float) and sa == sizeof(float):
        for i in range(n):
            x = a[i]
            o[i] = asinhf(x)
    else:
        for i in range(n):
            x = (<float*>(pa + i * sa))[0]
            (<float*>(po + i * so))[0] = asinhf(x)
cdef void u_asinh_float64(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef double* a = <double*>pa
    cdef double* o = <double*>po
    cdef double x
    if so == sizeof(double) and sa == sizeof(double):
        for i in range(n):
            x = a[i]
            o[i] = asinh(x)
    else:
        for i in range(n):
            x = (<double*>(pa + i * sa))[0]
            (<double*>(po + i * so))[0] = asinh(x)
cdef void u_acosh_float32(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef float* a = <float*>pa
    cdef float* o = <float*>po
    cdef float x
    if so == sizeof(float) and sa == sizeof(float):
        for i in range(n):
            x = a[i]
            o[i] = acoshf(x)
    else:
        for i in range(n):
            x = (<float*>(pa + i * sa))[0]
            (<float*>(po + i * so))[0] = acoshf(x)
cdef void u_acosh_float64(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef double* a = <double*>pa
    cdef double* o = <double*>po
    cdef double x
    if so == sizeof(double) and sa == sizeof(double):
        for i in range(n):
            x = a[i]
            o[i] = acosh(x)
    else:
        for i in range(n):
            x = (<double*>(pa + i * sa))[0]
            (<double*>(po + i * so))[0] = acosh(x)
cdef void u_atanh_float32(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef float* a = <float*>pa
    cdef float* o = <float*>po
    cdef float x
    if so == sizeof(float) and sa == sizeof(float):
        for i in range(n):
            x = a[i]
            o[i] = atanhf(x)
    else:
        for i in range(n):
            x = (<float*>(pa + i * sa))[0]
            (<float*>(po + i * so))[0] = atanhf(x)
cdef void u_atanh_float64(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef double* a = <double*>pa
    cdef double* o = <double*>po
    cdef double x
    if so == sizeof(double) and sa == sizeof(double):
        for i in range(n):
            x = a[i]
            o[i] = atanh(x)
    else:
        for i in range(n):
            x = (<double*>(pa + i * sa))[0]
            (<double*>(po + i * so))[0] = atanh(x)
cdef void u_erf_float32(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef float* a = <float*>pa
    cdef float* o = <float*>po
    cdef float x
    if so == sizeof(float) and sa == sizeof(float):
        for i in range(n):
            x = a[i]
            o[i] = erff(x)
    else:
        for i in range(n):
            x = (<float*>(pa + i * sa))[0]
            (<float*>(po + i * so))[0] = erff(x)
cdef void u_erf_float64(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef double* a = <double*>pa
    cdef double* o = <double*>po
    cdef double x
    if so == sizeof(double) and sa == sizeof(double):
        for i in range(n):
            x = a[i]
            o[i] = erf(x)
    else:
        for i in range(n):
            x = (<double*>(pa + i * sa))[0]
            (<double*>(po + i * so))[0] = erf(x)
cdef void u_erfc_float32(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef float* a = <float*>pa
    cdef float* o = <float*>po
    cdef float x
    if so == sizeof(float) and sa == sizeof(float):
        for i in range(n):
            x = a[i]
            o[i] = erfcf(x)
    else:
        for i in range(n):
            x = (<float*>(pa + i * sa))[0]
            (<float*>(po + i * so))[0] = erfcf(x)
cdef void u_erfc_float64(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef double* a = <double*>pa
    cdef double* o = <double*>po
    cdef double x
    if so == sizeof(double) and sa == sizeof(double):
        for i in range(n):
            x = a[i]
            o[i] = erfc(x)
    else:
        for i in range(n):
            x = (<double*>(pa + i * sa))[0]
            (<double*>(po + i * so))[0] = erfc(x)
cdef void u_lgamma_float32(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef float* a = <float*>pa
    cdef float* o = <float*>po
    cdef float x
    if so == sizeof(float) and sa == sizeof(float):
        for i in range(n):
            x = a[i]
            o[i] = lgammaf(x)
    else:
        for i in range(n):
            x = (<float*>(pa + i * sa))[0]
            (<float*>(po + i * so))[0] = lgammaf(x)
cdef void u_lgamma_float64(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil:
    cdef char* pa = args[0]
    cdef char* po = args[1]
    cdef Py_ssize_t sa = steps[0], so = steps[1], i
    cdef double* a = <double*>pa
    cdef double* o = <double*>po
    cdef double x
    if so == sizeof(double) and sa == sizeof(double):
        for i in range(n):
            x = a[i]
            o[i] = lgamma(x)
    else:
        for i in range(n):
            x = (<double*>(pa + i * sa))[0]
            (<double*>(po + i * so))[0] = lgamma(x)

# ---------------------------------------------------------------- kernel tables

cdef kernel_t BIN_KERNELS[26][8]
cdef kernel_t UN_KERNELS[40][8]
cdef int BIN_COST[26]
cdef int UN_COST[40]
cdef bint BIN_BOOL_OUT[26]
cdef bint UN_BOOL_OUT[40]

memset(BIN_KERNELS, 0, sizeof(BIN_KERNELS))
memset(UN_KERNELS, 0, sizeof(UN_KERNELS))
BIN_COST[0] = 0
BIN_BOOL_OUT[0] = 0
BIN_KERNELS[0][0] = b_add_bool
BIN_KERNELS[0][1] = b_add_uint8
BIN_KERNELS[0][2] = b_add_int8
BIN_KERNELS[0][3] = b_add_int16
BIN_KERNELS[0][4] = b_add_int32
BIN_KERNELS[0][5] = b_add_int64
BIN_KERNELS[0][6] = b_add_float32
BIN_KERNELS[0][7] = b_add_float64
BIN_COST[1] = 0
BIN_BOOL_OUT[1] = 0
BIN_KERNELS[1][1] = b_sub_uint8
BIN_KERNELS[1][2] = b_sub_int8
BIN_KERNELS[1][3] = b_sub_int16
BIN_KERNELS[1][4] = b_sub_int32
BIN_KERNELS[1][5] = b_sub_int64
BIN_KERNELS[1][6] = b_sub_float32
BIN_KERNELS[1][7] = b_sub_float64
BIN_COST[2] = 0
BIN_BOOL_OUT[2] = 0
BIN_KERNELS[2][0] = b_mul_bool
BIN_KERNELS[2][1] = b_mul_uint8
BIN_KERNELS[2][2] = b_mul_int8
BIN_KERNELS[2][3] = b_mul_int16
BIN_KERNELS[2][4] = b_mul_int32
BIN_KERNELS[2][5] = b_mul_int64
BIN_KERNELS[2][6] = b_mul_float32
BIN_KERNELS[2][7] = b_mul_float64
BIN_COST[3] = 0
BIN_BOOL_OUT[3] = 0
BIN_KERNELS[3][6] = b_div_float32
BIN_KERNELS[3][7] = b_div_float64
BIN_COST[4] = 0
BIN_BOOL_OUT[4] = 0
BIN_KERNELS[4][0] = b_maximum_bool
BIN_KERNELS[4][1] = b_maximum_uint8
BIN_KERNELS[4][2] = b_maximum_int8
BIN_KERNELS[4][3] = b_maximum_int16
BIN_KERNELS[4][4] = b_maximum_int32
BIN_KERNELS[4][5] = b_maximum_int64
BIN_KERNELS[4][6] = b_maximum_float32
BIN_KERNELS[4][7] = b_maximum_float64
BIN_COST[5] = 0
BIN_BOOL_OUT[5] = 0
BIN_KERNELS[5][0] = b_minimum_bool
BIN_KERNELS[5][1] = b_minimum_uint8
BIN_KERNELS[5][2] = b_minimum_int8
BIN_KERNELS[5][3] = b_minimum_int16
BIN_KERNELS[5][4] = b_minimum_int32
BIN_KERNELS[5][5] = b_minimum_int64
BIN_KERNELS[5][6] = b_minimum_float32
BIN_KERNELS[5][7] = b_minimum_float64
BIN_COST[6] = 0
BIN_BOOL_OUT[6] = 1
BIN_KERNELS[6][0] = b_eq_bool
BIN_KERNELS[6][1] = b_eq_uint8
BIN_KERNELS[6][2] = b_eq_int8
BIN_KERNELS[6][3] = b_eq_int16
BIN_KERNELS[6][4] = b_eq_int32
BIN_KERNELS[6][5] = b_eq_int64
BIN_KERNELS[6][6] = b_eq_float32
BIN_KERNELS[6][7] = b_eq_float64
BIN_COST[7] = 0
BIN_BOOL_OUT[7] = 1
BIN_KERNELS[7][0] = b_ne_bool
BIN_KERNELS[7][1] = b_ne_uint8
BIN_KERNELS[7][2] = b_ne_int8
BIN_KERNELS[7][3] = b_ne_int16
BIN_KERNELS[7][4] = b_ne_int32
BIN_KERNELS[7][5] = b_ne_int64
BIN_KERNELS[7][6] = b_ne_float32
BIN_KERNELS[7][7] = b_ne_float64
BIN_COST[8] = 0
BIN_BOOL_OUT[8] = 1
BIN_KERNELS[8][0] = b_lt_bool
BIN_KERNELS[8][1] = b_lt_uint8
BIN_KERNELS[8][2] = b_lt_int8
BIN_KERNELS[8][3] = b_lt_int16
BIN_KERNELS[8][4] = b_lt_int32
BIN_KERNELS[8][5] = b_lt_int64
BIN_KERNELS[8][6] = b_lt_float32
BIN_KERNELS[8][7] = b_lt_float64
BIN_COST[9] = 0
BIN_BOOL_OUT[9] = 1
BIN_KERNELS[9][0] = b_le_bool
BIN_KERNELS[9][1] = b_le_uint8
BIN_KERNELS[9][2] = b_le_int8
BIN_KERNELS[9][3] = b_le_int16
BIN_KERNELS[9][4] = b_le_int32
BIN_KERNELS[9][5] = b_le_int64
BIN_KERNELS[9][6] = b_le_float32
BIN_KERNELS[9][7] = b_le_float64
BIN_COST[10] = 0
BIN_BOOL_OUT[10] = 1
BIN_KERNELS[10][0] = b_gt_bool
BIN_KERNELS[10][1] = b_gt_uint8
BIN_KERNELS[10][2] = b_gt_int8
BIN_KERNELS[10][3] = b_gt_int16
BIN_KERNELS[10][4] = b_gt_int32
BIN_KERNELS[10][5] = b_gt_int64
BIN_KERNELS[10][6] = b_gt_float32
BIN_KERNELS[10][7] = b_gt_float64
BIN_COST[11] = 0
BIN_BOOL_OUT[11] = 1
BIN_KERNELS[11][0] = b_ge_bool
BIN_KERNELS[11][1] = b_ge_uint8
BIN_KERNELS[11][2] = b_ge_int8
BIN_KERNELS[11][3] = b_ge_int16
BIN_KERNELS[11][4] = b_ge_int32
BIN_KERNELS[11][5] = b_ge_int64
BIN_KERNELS[11][6] = b_ge_float32
BIN_KERNELS[11][7] = b_ge_float64
BIN_COST[12] = 0
BIN_BOOL_OUT[12] = 1
BIN_KERNELS[12][0] = b_logical_and_bool
BIN_KERNELS[12][1] = b_logical_and_uint8
BIN_KERNELS[12][2] = b_logical_and_int8
BIN_KERNELS[12][3] = b_logical_and_int16
BIN_KERNELS[12][4] = b_logical_and_int32
BIN_KERNELS[12][5] = b_logical_and_int64
BIN_KERNELS[12][6] = b_logical_and_float32
BIN_KERNELS[12][7] = b_logical_and_float64
BIN_COST[13] = 0
BIN_BOOL_OUT[13] = 1
BIN_KERNELS[13][0] = b_logical_or_bool
BIN_KERNELS[13][1] = b_logical_or_uint8
BIN_KERNELS[13][2] = b_logical_or_int8
BIN_KERNELS[13][3] = b_logical_or_int16
BIN_KERNELS[13][4] = b_logical_or_int32
BIN_KERNELS[13][5] = b_logical_or_int64
BIN_KERNELS[13][6] = b_logical_or_float32
BIN_KERNELS[13][7] = b_logical_or_float64
BIN_COST[14] = 0
BIN_BOOL_OUT[14] = 1
BIN_KERNELS[14][0] = b_logical_xor_bool
BIN_KERNELS[14][1] = b_logical_xor_uint8
BIN_KERNELS[14][2] = b_logical_xor_int8
BIN_KERNELS[14][3] = b_logical_xor_int16
BIN_KERNELS[14][4] = b_logical_xor_int32
BIN_KERNELS[14][5] = b_logical_xor_int64
BIN_KERNELS[14][6] = b_logical_xor_float32
BIN_KERNELS[14][7] = b_logical_xor_float64
BIN_COST[15] = 0
BIN_BOOL_OUT[15] = 0
BIN_KERNELS[15][0] = b_bitwise_and_bool
BIN_KERNELS[15][1] = b_bitwise_and_uint8
BIN_KERNELS[15][2] = b_bitwise_and_int8
BIN_KERNELS[15][3] = b_bitwise_and_int16
BIN_KERNELS[15][4] = b_bitwise_and_int32
BIN_KERNELS[15][5] = b_bitwise_and_int64
BIN_COST[16] = 0
BIN_BOOL_OUT[16] = 0
BIN_KERNELS[16][0] = b_bitwise_or_bool
BIN_KERNELS[16][1] = b_bitwise_or_uint8
BIN_KERNELS[16][2] = b_bitwise_or_int8
BIN_KERNELS[16][3] = b_bitwise_or_int16
BIN_KERNELS[16][4] = b_bitwise_or_int32
BIN_KERNELS[16][5] = b_bitwise_or_int64
BIN_COST[17] = 0
BIN_BOOL_OUT[17] = 0
BIN_KERNELS[17][0] = b_bitwise_xor_bool
BIN_KERNELS[17][1] = b_bitwise_xor_uint8
BIN_KERNELS[17][2] = b_bitwise_xor_int8
BIN_KERNELS[17][3] = b_bitwise_xor_int16
BIN_KERNELS[17][4] = b_bitwise_xor_int32
BIN_KERNELS[17][5] = b_bitwise_xor_int64
BIN_COST[18] = 1
BIN_BOOL_OUT[18] = 0
BIN_KERNELS[18][1] = b_floor_divide_uint8
BIN_KERNELS[18][2] = b_floor_divide_int8
BIN_KERNELS[18][3] = b_floor_divide_int16
BIN_KERNELS[18][4] = b_floor_divide_int32
BIN_KERNELS[18][5] = b_floor_divide_int64
BIN_KERNELS[18][6] = b_floor_divide_float32
BIN_KERNELS[18][7] = b_floor_divide_float64
BIN_COST[19] = 1
BIN_BOOL_OUT[19] = 0
BIN_KERNELS[19][1] = b_div_trunc_uint8
BIN_KERNELS[19][2] = b_div_trunc_int8
BIN_KERNELS[19][3] = b_div_trunc_int16
BIN_KERNELS[19][4] = b_div_trunc_int32
BIN_KERNELS[19][5] = b_div_trunc_int64
BIN_KERNELS[19][6] = b_div_trunc_float32
BIN_KERNELS[19][7] = b_div_trunc_float64
BIN_COST[20] = 1
BIN_BOOL_OUT[20] = 0
BIN_KERNELS[20][1] = b_remainder_uint8
BIN_KERNELS[20][2] = b_remainder_int8
BIN_KERNELS[20][3] = b_remainder_int16
BIN_KERNELS[20][4] = b_remainder_int32
BIN_KERNELS[20][5] = b_remainder_int64
BIN_KERNELS[20][6] = b_remainder_float32
BIN_KERNELS[20][7] = b_remainder_float64
BIN_COST[21] = 1
BIN_BOOL_OUT[21] = 0
BIN_KERNELS[21][1] = b_fmod_uint8
BIN_KERNELS[21][2] = b_fmod_int8
BIN_KERNELS[21][3] = b_fmod_int16
BIN_KERNELS[21][4] = b_fmod_int32
BIN_KERNELS[21][5] = b_fmod_int64
BIN_KERNELS[21][6] = b_fmod_float32
BIN_KERNELS[21][7] = b_fmod_float64
BIN_COST[22] = 1
BIN_BOOL_OUT[22] = 0
BIN_KERNELS[22][1] = b_pow_uint8
BIN_KERNELS[22][2] = b_pow_int8
BIN_KERNELS[22][3] = b_pow_int16
BIN_KERNELS[22][4] = b_pow_int32
BIN_KERNELS[22][5] = b_pow_int64
BIN_KERNELS[22][6] = b_pow_float32
BIN_KERNELS[22][7] = b_pow_float64
BIN_COST[23] = 1
BIN_BOOL_OUT[23] = 0
BIN_KERNELS[23][6] = b_atan2_float32
BIN_KERNELS[23][7] = b_atan2_float64
BIN_COST[24] = 1
BIN_BOOL_OUT[24] = 0
BIN_KERNELS[24][6] = b_hypot_float32
BIN_KERNELS[24][7] = b_hypot_float64
BIN_COST[25] = 0
BIN_BOOL_OUT[25] = 0
BIN_KERNELS[25][6] = b_copysign_float32
BIN_KERNELS[25][7] = b_copysign_float64
UN_COST[0] = 0
UN_BOOL_OUT[0] = 0
UN_KERNELS[0][1] = u_neg_uint8
UN_KERNELS[0][2] = u_neg_int8
UN_KERNELS[0][3] = u_neg_int16
UN_KERNELS[0][4] = u_neg_int32
UN_KERNELS[0][5] = u_neg_int64
UN_KERNELS[0][6] = u_neg_float32
UN_KERNELS[0][7] = u_neg_float64
UN_COST[1] = 0
UN_BOOL_OUT[1] = 0
UN_KERNELS[1][1] = u_abs_uint8
UN_KERNELS[1][2] = u_abs_int8
UN_KERNELS[1][3] = u_abs_int16
UN_KERNELS[1][4] = u_abs_int32
UN_KERNELS[1][5] = u_abs_int64
UN_KERNELS[1][6] = u_abs_float32
UN_KERNELS[1][7] = u_abs_float64
UN_COST[2] = 0
UN_BOOL_OUT[2] = 0
UN_KERNELS[2][1] = u_square_uint8
UN_KERNELS[2][2] = u_square_int8
UN_KERNELS[2][3] = u_square_int16
UN_KERNELS[2][4] = u_square_int32
UN_KERNELS[2][5] = u_square_int64
UN_KERNELS[2][6] = u_square_float32
UN_KERNELS[2][7] = u_square_float64
UN_COST[3] = 0
UN_BOOL_OUT[3] = 0
UN_KERNELS[3][1] = u_relu_uint8
UN_KERNELS[3][2] = u_relu_int8
UN_KERNELS[3][3] = u_relu_int16
UN_KERNELS[3][4] = u_relu_int32
UN_KERNELS[3][5] = u_relu_int64
UN_KERNELS[3][6] = u_relu_float32
UN_KERNELS[3][7] = u_relu_float64
UN_COST[4] = 0
UN_BOOL_OUT[4] = 0
UN_KERNELS[4][0] = u_sign_bool
UN_KERNELS[4][1] = u_sign_uint8
UN_KERNELS[4][2] = u_sign_int8
UN_KERNELS[4][3] = u_sign_int16
UN_KERNELS[4][4] = u_sign_int32
UN_KERNELS[4][5] = u_sign_int64
UN_KERNELS[4][6] = u_sign_float32
UN_KERNELS[4][7] = u_sign_float64
UN_COST[5] = 0
UN_BOOL_OUT[5] = 0
UN_KERNELS[5][1] = u_floor_uint8
UN_KERNELS[5][2] = u_floor_int8
UN_KERNELS[5][3] = u_floor_int16
UN_KERNELS[5][4] = u_floor_int32
UN_KERNELS[5][5] = u_floor_int64
UN_KERNELS[5][6] = u_floor_float32
UN_KERNELS[5][7] = u_floor_float64
UN_COST[6] = 0
UN_BOOL_OUT[6] = 0
UN_KERNELS[6][1] = u_ceil_uint8
UN_KERNELS[6][2] = u_ceil_int8
UN_KERNELS[6][3] = u_ceil_int16
UN_KERNELS[6][4] = u_ceil_int32
UN_KERNELS[6][5] = u_ceil_int64
UN_KERNELS[6][6] = u_ceil_float32
UN_KERNELS[6][7] = u_ceil_float64
UN_COST[7] = 0
UN_BOOL_OUT[7] = 0
UN_KERNELS[7][1] = u_trunc_uint8
UN_KERNELS[7][2] = u_trunc_int8
UN_KERNELS[7][3] = u_trunc_int16
UN_KERNELS[7][4] = u_trunc_int32
UN_KERNELS[7][5] = u_trunc_int64
UN_KERNELS[7][6] = u_trunc_float32
UN_KERNELS[7][7] = u_trunc_float64
UN_COST[8] = 0
UN_BOOL_OUT[8] = 0
UN_KERNELS[8][1] = u_round_uint8
UN_KERNELS[8][2] = u_round_int8
UN_KERNELS[8][3] = u_round_int16
UN_KERNELS[8][4] = u_round_int32
UN_KERNELS[8][5] = u_round_int64
UN_KERNELS[8][6] = u_round_float32
UN_KERNELS[8][7] = u_round_float64
UN_COST[9] = 0
UN_BOOL_OUT[9] = 0
UN_KERNELS[9][6] = u_reciprocal_float32
UN_KERNELS[9][7] = u_reciprocal_float64
UN_COST[10] = 0
UN_BOOL_OUT[10] = 0
UN_KERNELS[10][6] = u_sqrt_float32
UN_KERNELS[10][7] = u_sqrt_float64
UN_COST[11] = 0
UN_BOOL_OUT[11] = 0
UN_KERNELS[11][6] = u_rsqrt_float32
UN_KERNELS[11][7] = u_rsqrt_float64
UN_COST[12] = 0
UN_BOOL_OUT[12] = 1
UN_KERNELS[12][0] = u_isnan_bool
UN_KERNELS[12][1] = u_isnan_uint8
UN_KERNELS[12][2] = u_isnan_int8
UN_KERNELS[12][3] = u_isnan_int16
UN_KERNELS[12][4] = u_isnan_int32
UN_KERNELS[12][5] = u_isnan_int64
UN_KERNELS[12][6] = u_isnan_float32
UN_KERNELS[12][7] = u_isnan_float64
UN_COST[13] = 0
UN_BOOL_OUT[13] = 1
UN_KERNELS[13][0] = u_isinf_bool
UN_KERNELS[13][1] = u_isinf_uint8
UN_KERNELS[13][2] = u_isinf_int8
UN_KERNELS[13][3] = u_isinf_int16
UN_KERNELS[13][4] = u_isinf_int32
UN_KERNELS[13][5] = u_isinf_int64
UN_KERNELS[13][6] = u_isinf_float32
UN_KERNELS[13][7] = u_isinf_float64
UN_COST[14] = 0
UN_BOOL_OUT[14] = 1
UN_KERNELS[14][0] = u_isfinite_bool
UN_KERNELS[14][1] = u_isfinite_uint8
UN_KERNELS[14][2] = u_isfinite_int8
UN_KERNELS[14][3] = u_isfinite_int16
UN_KERNELS[14][4] = u_isfinite_int32
UN_KERNELS[14][5] = u_isfinite_int64
UN_KERNELS[14][6] = u_isfinite_float32
UN_KERNELS[14][7] = u_isfinite_float64
UN_COST[15] = 0
UN_BOOL_OUT[15] = 1
UN_KERNELS[15][0] = u_logical_not_bool
UN_KERNELS[15][1] = u_logical_not_uint8
UN_KERNELS[15][2] = u_logical_not_int8
UN_KERNELS[15][3] = u_logical_not_int16
UN_KERNELS[15][4] = u_logical_not_int32
UN_KERNELS[15][5] = u_logical_not_int64
UN_KERNELS[15][6] = u_logical_not_float32
UN_KERNELS[15][7] = u_logical_not_float64
UN_COST[16] = 0
UN_BOOL_OUT[16] = 0
UN_KERNELS[16][0] = u_bitwise_not_bool
UN_KERNELS[16][1] = u_bitwise_not_uint8
UN_KERNELS[16][2] = u_bitwise_not_int8
UN_KERNELS[16][3] = u_bitwise_not_int16
UN_KERNELS[16][4] = u_bitwise_not_int32
UN_KERNELS[16][5] = u_bitwise_not_int64
UN_COST[17] = 1
UN_BOOL_OUT[17] = 0
UN_KERNELS[17][6] = u_exp_float32
UN_KERNELS[17][7] = u_exp_float64
UN_COST[18] = 1
UN_BOOL_OUT[18] = 0
UN_KERNELS[18][6] = u_sigmoid_float32
UN_KERNELS[18][7] = u_sigmoid_float64
UN_COST[19] = 1
UN_BOOL_OUT[19] = 0
UN_KERNELS[19][6] = u_log_float32
UN_KERNELS[19][7] = u_log_float64
UN_COST[20] = 1
UN_BOOL_OUT[20] = 0
UN_KERNELS[20][6] = u_log2_float32
UN_KERNELS[20][7] = u_log2_float64
UN_COST[21] = 1
UN_BOOL_OUT[21] = 0
UN_KERNELS[21][6] = u_log10_float32
UN_KERNELS[21][7] = u_log10_float64
UN_COST[22] = 1
UN_BOOL_OUT[22] = 0
UN_KERNELS[22][6] = u_log1p_float32
UN_KERNELS[22][7] = u_log1p_float64
UN_COST[23] = 1
UN_BOOL_OUT[23] = 0
UN_KERNELS[23][6] = u_expm1_float32
UN_KERNELS[23][7] = u_expm1_float64
UN_COST[24] = 1
UN_BOOL_OUT[24] = 0
UN_KERNELS[24][6] = u_exp2_float32
UN_KERNELS[24][7] = u_exp2_float64
UN_COST[25] = 1
UN_BOOL_OUT[25] = 0
UN_KERNELS[25][6] = u_sin_float32
UN_KERNELS[25][7] = u_sin_float64
UN_COST[26] = 1
UN_BOOL_OUT[26] = 0
UN_KERNELS[26][6] = u_cos_float32
UN_KERNELS[26][7] = u_cos_float64
UN_COST[27] = 1
UN_BOOL_OUT[27] = 0
UN_KERNELS[27][6] = u_tan_float32
UN_KERNELS[27][7] = u_tan_float64
UN_COST[28] = 1
UN_BOOL_OUT[28] = 0
UN_KERNELS[28][6] = u_asin_float32
UN_KERNELS[28][7] = u_asin_float64
UN_COST[29] = 1
UN_BOOL_OUT[29] = 0
UN_KERNELS[29][6] = u_acos_float32
UN_KERNELS[29][7] = u_acos_float64
UN_COST[30] = 1
UN_BOOL_OUT[30] = 0
UN_KERNELS[30][6] = u_atan_float32
UN_KERNELS[30][7] = u_atan_float64
UN_COST[31] = 1
UN_BOOL_OUT[31] = 0
UN_KERNELS[31][6] = u_sinh_float32
UN_KERNELS[31][7] = u_sinh_float64
UN_COST[32] = 1
UN_BOOL_OUT[32] = 0
UN_KERNELS[32][6] = u_cosh_float32
UN_KERNELS[32][7] = u_cosh_float64
UN_COST[33] = 1
UN_BOOL_OUT[33] = 0
UN_KERNELS[33][6] = u_tanh_float32
UN_KERNELS[33][7] = u_tanh_float64
UN_COST[34] = 1
UN_BOOL_OUT[34] = 0
UN_KERNELS[34][6] = u_asinh_float32
UN_KERNELS[34][7] = u_asinh_float64
UN_COST[35] = 1
UN_BOOL_OUT[35] = 0
UN_KERNELS[35][6] = u_acosh_float32
UN_KERNELS[35][7] = u_acosh_float64
UN_COST[36] = 1
UN_BOOL_OUT[36] = 0
UN_KERNELS[36][6] = u_atanh_float32
UN_KERNELS[36][7] = u_atanh_float64
UN_COST[37] = 1
UN_BOOL_OUT[37] = 0
UN_KERNELS[37][6] = u_erf_float32
UN_KERNELS[37][7] = u_erf_float64
UN_COST[38] = 1
UN_BOOL_OUT[38] = 0
UN_KERNELS[38][6] = u_erfc_float32
UN_KERNELS[38][7] = u_erfc_float64
UN_COST[39] = 1
UN_BOOL_OUT[39] = 0
UN_KERNELS[39][6] = u_lgamma_float32
UN_KERNELS[39][7] = u_lgamma_float64

cdef dict BIN_INDEX = { 'add': 0, 'sub': 1, 'mul': 2, 'div': 3, 'maximum': 4, 'minimum': 5, 'eq': 6, 'ne': 7, 'lt': 8, 'le': 9, 'gt': 10, 'ge': 11, 'logical_and': 12, 'logical_or': 13, 'logical_xor': 14, 'bitwise_and': 15, 'bitwise_or': 16, 'bitwise_xor': 17, 'floor_divide': 18, 'div_trunc': 19, 'remainder': 20, 'fmod': 21, 'pow': 22, 'atan2': 23, 'hypot': 24, 'copysign': 25,  }
cdef dict UN_INDEX = { 'neg': 0, 'abs': 1, 'square': 2, 'relu': 3, 'sign': 4, 'floor': 5, 'ceil': 6, 'trunc': 7, 'round': 8, 'reciprocal': 9, 'sqrt': 10, 'rsqrt': 11, 'isnan': 12, 'isinf': 13, 'isfinite': 14, 'logical_not': 15, 'bitwise_not': 16, 'exp': 17, 'sigmoid': 18, 'log': 19, 'log2': 20, 'log10': 21, 'log1p': 22, 'expm1': 23, 'exp2': 24, 'sin': 25, 'cos': 26, 'tan': 27, 'asin': 28, 'acos': 29, 'atan': 30, 'sinh': 31, 'cosh': 32, 'tanh': 33, 'asinh': 34, 'acosh': 35, 'atanh': 36, 'erf': 37, 'erfc': 38, 'lgamma': 39,  }
DTYPE_NAMES = ('bool', 'uint8', 'int8', 'int16', 'int32', 'int64', 'float32', 'float64', )


# ---------------------------------------------------------------- planning

cdef struct Plan:
    int nop                      # operands including out (the last)
    int ndim                     # >= 1 after planning
    Py_ssize_t size              # elements
    Py_ssize_t shape[MAX_DIMS]
    Py_ssize_t strides[3][MAX_DIMS]   # bytes
    char* data[3]


cdef inline int dtype_index(cnp.ndarray a) noexcept:
    """The DType of a (native int64 as 'l' and 'q' alike), or -1 when no kernel takes it."""
    cdef int tn = cnp.PyArray_TYPE(a)
    cdef Py_ssize_t size = cnp.PyArray_ITEMSIZE(a)
    if tn == cnp.NPY_BOOL:
        return DT_BOOL
    if tn == cnp.NPY_FLOAT:
        return DT_FLOAT32
    if tn == cnp.NPY_DOUBLE:
        return DT_FLOAT64
    if cnp.PyTypeNum_ISSIGNED(tn):
        if size == 1:
            return DT_INT8
        if size == 2:
            return DT_INT16
        if size == 4:
            return DT_INT32
        if size == 8:
            return DT_INT64
    if tn == cnp.NPY_UBYTE:
        return DT_UINT8
    return -1


cdef inline bint usable(cnp.ndarray a) noexcept:
    return cnp.PyArray_ISNOTSWAPPED(a) and cnp.PyArray_ISALIGNED(a)


cdef void extent(cnp.ndarray a, char** lo, char** hi) noexcept:
    """[lo, hi): the bytes a's elements occupy (a non-empty)."""
    cdef int d
    cdef npy_intp_t* shape = cnp.PyArray_DIMS(a)
    cdef npy_intp_t* strides = cnp.PyArray_STRIDES(a)
    cdef char* low = cnp.PyArray_BYTES(a)
    cdef char* high = low
    for d in range(cnp.PyArray_NDIM(a)):
        if strides[d] < 0:
            low += (shape[d] - 1) * strides[d]
        else:
            high += (shape[d] - 1) * strides[d]
    lo[0] = low
    hi[0] = high + cnp.PyArray_ITEMSIZE(a)


cdef bint bad_overlap(cnp.ndarray out, cnp.ndarray a) noexcept:
    """out shares memory with a without being a's exact alias (same data, layout, width):
    the loops would read elements they already wrote."""
    cdef char* olo
    cdef char* ohi
    cdef char* alo
    cdef char* ahi
    cdef int d
    extent(out, &olo, &ohi)
    extent(a, &alo, &ahi)
    if ohi <= alo or ahi <= olo:
        return False
    if (cnp.PyArray_BYTES(out) != cnp.PyArray_BYTES(a)
            or cnp.PyArray_ITEMSIZE(out) != cnp.PyArray_ITEMSIZE(a)):
        return True
    for d in range(cnp.PyArray_NDIM(out)):
        if (cnp.PyArray_DIMS(out)[d] > 1
                and cnp.PyArray_STRIDES(out)[d] != cnp.PyArray_STRIDES(a)[d]):
            return True
    return False


cdef void build_plan(Plan* p, int nop, int ndim, npy_intp_t* shape, npy_intp_t** strides,
                     char** data) noexcept:
    """Minimal loop nest over ``shape`` for ``nop`` operands (out last); shape non-empty."""
    cdef int d, k, j, nd = 0
    cdef Py_ssize_t s, tmp
    cdef bint merge
    p.nop = nop
    p.size = 1
    for k in range(nop):
        p.data[k] = data[k]
    for d in range(ndim):
        if shape[d] == 1:
            continue
        p.shape[nd] = shape[d]
        p.size *= shape[d]
        for k in range(nop):
            p.strides[k][nd] = strides[k][d]
        nd += 1
    # order: out's |stride| descending, so the innermost loop has the smallest (stable
    # insertion sort: equal strides keep their order)
    for d in range(1, nd):
        j = d
        while j > 0 and _abs(p.strides[nop - 1][j - 1]) < _abs(p.strides[nop - 1][j]):
            tmp = p.shape[j]
            p.shape[j] = p.shape[j - 1]
            p.shape[j - 1] = tmp
            for k in range(nop):
                tmp = p.strides[k][j]
                p.strides[k][j] = p.strides[k][j - 1]
                p.strides[k][j - 1] = tmp
            j -= 1
    # merge dim d into the kept outer one when every operand steps through both as one
    j = 0
    for d in range(1, nd):
        merge = True
        for k in range(nop):
            if p.strides[k][j] != p.strides[k][d] * p.shape[d]:
                merge = False
                break
        if merge:
            p.shape[j] *= p.shape[d]
            for k in range(nop):
                p.strides[k][j] = p.strides[k][d]
        else:
            j += 1
            p.shape[j] = p.shape[d]
            for k in range(nop):
                p.strides[k][j] = p.strides[k][d]
    if nd == 0:                  # a single element
        p.shape[0] = 1
        for k in range(nop):
            p.strides[k][0] = 0
        j = 0
    p.ndim = j + 1


cdef inline Py_ssize_t _abs(Py_ssize_t v) noexcept nogil:
    return -v if v < 0 else v


# ---------------------------------------------------------------- execution

cdef void run_range(Plan* p, kernel_t kernel, Py_ssize_t lo, Py_ssize_t hi, int* err) noexcept nogil:
    """Runs elements [lo, hi) of the plan's row-major order, a row (or part) per kernel call."""
    cdef Py_ssize_t idx[MAX_DIMS]
    cdef char* ptr[3]
    cdef Py_ssize_t steps[3]
    cdef int nd = p.ndim, nop = p.nop, d, k
    cdef Py_ssize_t rem = lo, inner = p.shape[nd - 1], count, left
    for k in range(nop):
        ptr[k] = p.data[k]
        steps[k] = p.strides[k][nd - 1]
    d = nd - 1
    while d >= 0:
        idx[d] = rem % p.shape[d]
        rem = rem // p.shape[d]
        for k in range(nop):
            ptr[k] += idx[d] * p.strides[k][d]
        d -= 1
    left = hi - lo
    while left > 0:
        count = inner - idx[nd - 1]
        if count > left:
            count = left
        kernel(ptr, count, steps, err)
        left -= count
        if left == 0:
            break
        # the row is done: back to its start, then carry into the outer dims
        for k in range(nop):
            ptr[k] -= idx[nd - 1] * steps[k]
        idx[nd - 1] = 0
        d = nd - 2
        while d >= 0:
            idx[d] += 1
            for k in range(nop):
                ptr[k] += p.strides[k][d]
            if idx[d] < p.shape[d]:
                break
            for k in range(nop):
                ptr[k] -= p.shape[d] * p.strides[k][d]
            idx[d] = 0
            d -= 1


cdef struct Job:
    Plan* plan
    kernel_t kernel
    Py_ssize_t nchunks
    int err


cdef inline Py_ssize_t chunk_start(Py_ssize_t n, Py_ssize_t c, Py_ssize_t nchunks) noexcept nogil:
    """Start of chunk c of n elements cut in nchunks, on a 64-element boundary (whole
    cache lines of out per chunk)."""
    if c >= nchunks:
        return n
    return ((n // nchunks) * c + (c if c < n % nchunks else n % nchunks)) & ~(<Py_ssize_t>63)


cdef void run_chunk(void* ctx, Py_ssize_t c) noexcept nogil:
    cdef Job* job = <Job*>ctx
    cdef int err = 0
    cdef Py_ssize_t lo = chunk_start(job.plan.size, c, job.nchunks)
    cdef Py_ssize_t hi = chunk_start(job.plan.size, c + 1, job.nchunks)
    if hi > lo:
        run_range(job.plan, job.kernel, lo, hi, &err)
        if err:
            job.err = 1      # every writer stores 1: the race is benign


cdef int execute(Plan* p, kernel_t kernel, int cost) except -1:
    cdef Job job
    cdef Py_ssize_t threads = tl_pool_threads()
    job.plan = p
    job.kernel = kernel
    job.err = 0
    job.nchunks = 1
    if threads > 1 and p.size >= (PAR_MIN_COSTLY if cost else PAR_MIN_CHEAP):
        # chunks of >= CHUNK_MIN elements, up to 16 a thread: a helper that starts
        # late still finds work, and the caller never waits on a big claimed chunk
        job.nchunks = p.size // (CHUNK_MIN_COSTLY if cost else CHUNK_MIN_CHEAP)
        if job.nchunks > 16 * threads:
            # but no chunk over CHUNK_MAX: the caller's wait for a helper's last
            # chunk stays short (and tells a descheduled helper from a busy one)
            job.nchunks = max(16 * threads, p.size // (CHUNK_MAX_COSTLY if cost else CHUNK_MAX_CHEAP))
    if job.nchunks > 1:
        with nogil:
            tl_parallel_run(run_chunk, &job, job.nchunks)
    elif p.size >= NOGIL_MIN:
        with nogil:
            run_range(p, kernel, 0, p.size, &job.err)
    else:
        run_range(p, kernel, 0, p.size, &job.err)
    if job.err:
        raise RuntimeError("ZeroDivisionError")
    return 0


cdef int check_same_shape(cnp.ndarray a, cnp.ndarray out, str what) except -1:
    cdef int d, nd = cnp.PyArray_NDIM(out)
    if cnp.PyArray_NDIM(a) != nd:
        raise ValueError(f"{what}: shape {(<object>a).shape} does not match out's shape {(<object>out).shape}")
    for d in range(nd):
        if cnp.PyArray_DIMS(a)[d] != cnp.PyArray_DIMS(out)[d]:
            raise ValueError(f"{what}: shape {(<object>a).shape} does not match out's shape {(<object>out).shape}")
    return 0


# ---------------------------------------------------------------- public API

def binary(op, cnp.ndarray a not None, cnp.ndarray b not None, cnp.ndarray out not None):
    """out[...] = op(a, b) elementwise; a, b, out of one shape (any strides, stride-0
    broadcasts included), a and b of one dtype, out of that dtype or bool
    (comparisons and logical_*).  True when done, False when this (op, dtype) or
    these arrays (byte-swapped, misaligned, out partially overlapping an input) are
    left to the caller.  Mismatched shapes or dtypes raise ValueError."""
    cdef Plan plan
    cdef npy_intp_t* strides[3]
    cdef char* data[3]
    cdef int opi, dt, want
    cdef kernel_t kernel
    check_same_shape(a, out, "binary")
    check_same_shape(b, out, "binary")
    dt = dtype_index(a)
    if dt != dtype_index(b) or (dt < 0 and a.dtype != b.dtype):
        raise ValueError(f"binary: operand dtypes differ ({a.dtype} and {b.dtype})")
    opi = BIN_INDEX.get(op, -1)
    if opi < 0 or dt < 0:
        return False
    kernel = BIN_KERNELS[opi][dt]
    if kernel == NULL:
        return False
    want = DT_BOOL if BIN_BOOL_OUT[opi] else dt
    if dtype_index(out) != want:
        raise ValueError(f"binary {op}: out has dtype {out.dtype}, expected {DTYPE_NAMES[want]}")
    if not cnp.PyArray_ISWRITEABLE(out):
        raise ValueError("binary: out is read-only")
    if cnp.PyArray_SIZE(out) == 0:
        return True
    if not (usable(a) and usable(b) and usable(out)):
        return False
    if bad_overlap(out, a) or bad_overlap(out, b):
        return False
    strides[0] = cnp.PyArray_STRIDES(a)
    strides[1] = cnp.PyArray_STRIDES(b)
    strides[2] = cnp.PyArray_STRIDES(out)
    data[0] = cnp.PyArray_BYTES(a)
    data[1] = cnp.PyArray_BYTES(b)
    data[2] = cnp.PyArray_BYTES(out)
    build_plan(&plan, 3, cnp.PyArray_NDIM(out), cnp.PyArray_DIMS(out), strides, data)
    execute(&plan, kernel, BIN_COST[opi])
    return True


def unary(op, cnp.ndarray a not None, cnp.ndarray out not None):
    """out[...] = op(a) elementwise; out of a's shape and of a's dtype, or bool for
    isnan/isinf/isfinite/logical_not.  Returns as ``binary``."""
    cdef Plan plan
    cdef npy_intp_t* strides[2]
    cdef char* data[2]
    cdef int opi, dt, want
    cdef kernel_t kernel
    check_same_shape(a, out, "unary")
    dt = dtype_index(a)
    opi = UN_INDEX.get(op, -1)
    if opi < 0 or dt < 0:
        return False
    kernel = UN_KERNELS[opi][dt]
    if kernel == NULL:
        return False
    want = DT_BOOL if UN_BOOL_OUT[opi] else dt
    if dtype_index(out) != want:
        raise ValueError(f"unary {op}: out has dtype {out.dtype}, expected {DTYPE_NAMES[want]}")
    if not cnp.PyArray_ISWRITEABLE(out):
        raise ValueError("unary: out is read-only")
    if cnp.PyArray_SIZE(out) == 0:
        return True
    if not (usable(a) and usable(out)):
        return False
    if bad_overlap(out, a):
        return False
    strides[0] = cnp.PyArray_STRIDES(a)
    strides[1] = cnp.PyArray_STRIDES(out)
    data[0] = cnp.PyArray_BYTES(a)
    data[1] = cnp.PyArray_BYTES(out)
    build_plan(&plan, 2, cnp.PyArray_NDIM(out), cnp.PyArray_DIMS(out), strides, data)
    execute(&plan, kernel, UN_COST[opi])
    return True


def binary_ops():
    """{op: (dtype names with a kernel)}."""
    return {op: tuple(DTYPE_NAMES[j] for j in range(8) if BIN_KERNELS[i][j] != NULL)
            for op, i in BIN_INDEX.items()}


def unary_ops():
    """{op: (dtype names with a kernel)}."""
    return {op: tuple(DTYPE_NAMES[j] for j in range(8) if UN_KERNELS[i][j] != NULL)
            for op, i in UN_INDEX.items()}


def get_num_threads():
    """Threads a large kernel uses, the calling thread included (1 without thread support)."""
    return tl_pool_threads()


def set_num_threads(int n):
    """Sets the threads large kernels (elementwise and reductions) use."""
    if n < 1:
        raise ValueError("set_num_threads: n must be positive")
    if tl_pool_available():
        tl_pool_set_threads(n if n < 64 else 64)


def _default_threads():
    for name in ("TENSORLIB_NUM_THREADS", "OMP_NUM_THREADS"):
        value = os.environ.get(name, "").split(",")[0].strip()
        if value.isdigit() and int(value) > 0:
            return int(value)
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


tl_pool_init(min(_default_threads(), 64) if tl_pool_available() else 1)

# the pool, for tensorlib._reduce (a tl_parallel_api struct: run(fn, ctx, nchunks), threads())
_parallel_api = PyCapsule_New(<void*>&tl_parallel_api_instance, "tensorlib._elementwise._parallel_api", NULL)


def _pool_stalls():
    """Parallel jobs so far whose caller waited > 1 ms on a descheduled helper; each
    turns threading off for 2 to 32 ms."""
    return tl_pool_stalls()


def _simd_level():
    """1 when the AVX2+FMA variants of the vector kernels run, else 0."""
    return tl_simd_level


def _set_simd_level(int level):
    """Tests: 0 forces the baseline variants; 1 selects AVX2+FMA if the CPU has them.
    Returns the level in effect."""
    global tl_simd_level
    tl_simd_level = tl_detect_simd() if level else 0
    return tl_simd_level
