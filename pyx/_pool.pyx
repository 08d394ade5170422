# cython: cdivision=True, boundscheck=False, wraparound=False
"""The kernels' worker pool: ``parallel_run(fn, ctx, nchunks)`` runs a job's chunks
on the calling thread and the pool's helper threads.

The pool is pthreads, not OpenMP: the caller never waits for a helper that has
not started, so on a machine whose other core is busy a kernel takes about one
thread's time, where an OpenMP region -- whose closing barrier waits for the
descheduled thread -- measured 10-15x slower on this project's 2-core machine.
Without pthreads (or with TENSORLIB_NUM_THREADS=1) everything runs on the
calling thread.  Its size: TENSORLIB_NUM_THREADS, else OMP_NUM_THREADS, else
the CPUs this process may use; ``set_num_threads`` changes it.  The kernel
modules (``tensorlib._elementwise``, ``tensorlib._copy``, ``tensorlib._reduce``)
cimport ``parallel_run`` and ``pool_threads`` (tensorlib/_pool.pxd).
"""
import os

cdef extern from *:
    """
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
       one thread's time instead.  Helpers poll for 2 ms after a job (a
       training step's next kernels start at once), then sleep on a condition
       variable.  One job runs
       at a time: a second caller (another Python thread) runs its chunks alone. */
    typedef void (*tl_chunk_fn)(void* ctx, Py_ssize_t chunk);

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
    #define TL_SPIN_NS 50000L          /* how long a caller polls for helpers' last chunks before sleeping */
    /* How long an idle helper polls for the next job before sleeping.  In a training step the
       kernels' jobs come a few tens of microseconds apart, with Python's work between them; a
       helper asleep takes a wake-up (tens of microseconds, more from a deep idle state of its
       core) to join the next one, by when the caller has often run most chunks alone.  Polling
       through such gaps -- and through an optimiser's step of small parameters, about a
       millisecond -- keeps the helpers at hand for a whole step, as OpenMP's threads poll
       (PyTorch's, for milliseconds). */
    #define TL_IDLE_SPIN_NS 2000000L
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
                until = tl_now_ns() + TL_IDLE_SPIN_NS;
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
    /* the threads a job started now would get: 1 while stalls keep the helpers out */
    static int tl_pool_threads_now(void) {
    #ifdef TL_HAVE_POOL
        if (tl_pool.threads > 1 && __atomic_load_n(&tl_pool.backoff_until, __ATOMIC_RELAXED) > tl_now_ns())
            return 1;
    #endif
        return tl_pool.threads;
    }
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
    """
    void tl_parallel_run(chunk_fn fn, void* ctx, Py_ssize_t nchunks) noexcept nogil
    int tl_pool_threads() noexcept nogil
    int tl_pool_threads_now() noexcept nogil
    int tl_pool_available() noexcept nogil
    long tl_pool_stalls() noexcept nogil
    void tl_pool_init(int threads) noexcept nogil
    void tl_pool_set_threads(int threads) noexcept nogil


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


# the pool, for the kernel modules (declared in tensorlib/_pool.pxd)
cdef void parallel_run(chunk_fn fn, void* ctx, Py_ssize_t nchunks) noexcept nogil:
    tl_parallel_run(fn, ctx, nchunks)


cdef int pool_threads() noexcept nogil:
    return tl_pool_threads()


cdef int pool_threads_now() noexcept nogil:
    return tl_pool_threads_now()


def _pool_stalls():
    """Parallel jobs so far whose caller waited > 1 ms on a descheduled helper; each
    turns threading off for 2 to 32 ms."""
    return tl_pool_stalls()

