# The worker pool of pyx/_pool.pyx (see its module docstring), shared by the kernel
# modules: ``from tensorlib._pool cimport parallel_run, pool_threads``.

# One chunk of a parallel job: fn(ctx, c) for each c in [0, nchunks).
ctypedef void (*chunk_fn)(void* ctx, Py_ssize_t chunk) noexcept nogil

# Runs the nchunks chunks on the pool's threads, the caller's included; returns when all are done.
cdef void parallel_run(chunk_fn fn, void* ctx, Py_ssize_t nchunks) noexcept nogil
# Threads a job may use, the caller included (1 without thread support).
cdef int pool_threads() noexcept nogil
# Threads a job started now would get: 1 while the pool keeps its helpers out after a stall (a
# descheduled helper), when a job cut for several threads would run its pieces one after another.
cdef int pool_threads_now() noexcept nogil
