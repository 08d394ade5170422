# distutils: extra_compile_args = -fno-math-errno -fno-trapping-math
"""Float sums in PyTorch's CPU order of additions: ``cascade_sum(a, axes, out)``.

``tensorlib._reduce.reduce`` hands float32/float64 sums here, so that a sum rounds
exactly as PyTorch 2.13's CPU ``sum`` does run on one thread.  Found by observing
PyTorch (raw bits of many sums; see tests/test_arith_order_parity.py):

- Dims are ordered as PyTorch's TensorIterator orders a reduction's: the reduced
  dims first, fastest-moving first by a's strides; the kept dims after them by
  out's strides.  Neighbours that step through memory as one are merged.  The two
  innermost dims form a 2-D block, and the outer dims walk over such blocks (the
  innermost of them fastest), each block adding its results into out (zeroed
  first): several reduced dims that do not merge add up block by block.
- In a block, dim 0 is reduced.  A contiguous dim 0 of at least one vector (8
  float32 / 4 float64 lanes: PyTorch runs its AVX2 kernel even on AVX512
  machines) sums each row of vectors with ``row_sum``, then adds the scalar tail
  and the vector's lanes one by one into a scalar starting at 0.  Otherwise a
  contiguous dim 1 of at least one vector sums columns 32 (16) at a time as lanes
  of one cascade, then 8 (4) at a time with ``row_sum`` on vectors, then one at a
  time with ``row_sum``.  Otherwise dim 0 is summed per output with ``row_sum``
  when its stride is the smaller, else columns go 4 at a time as lanes of one
  cascade and the rest one at a time with ``row_sum``.
- ``row_sum`` of n elements: lanes k = 0..3 each cascade the elements 4i + k;
  the last n % 4 elements add into lane 0; then lane 0 adds lanes 1, 2, 3.
- the cascade of R rows: with p = max(4, ceil(log2 R) // 4), blocks of 2**p rows
  add into accumulator 0 in order; each full block moves accumulator 0 into 1,
  every 2**2p rows 1 moves into 2, every 2**3p rows 2 into 3; the leftover rows
  add into 0, and the result is ((acc0 + acc1) + acc2) + acc3.
- Threads: a sum over dims splits its outputs (whole blocks, or dim 1 in pieces
  of whole vectors), so every output adds as on one
  thread.  A matrix from main memory whose rows are shorter than 16 KiB a thread
  splits its rows instead: the threads take the cascade's groups of 2**2p rows,
  whose level-1 sums the cascade moves up in order, and the rows after the last
  group; one thread then adds the groups' sums up the levels.  A whole-tensor sum of at least GRAIN (32768) elements on T threads
  is PyTorch's two-pass sum: the flat walk over the dims (dim 0 fastest) cut
  into min(T, ceil(n / GRAIN)) ranges of ceil(n / ranges) elements, each range
  summed from 0 in the 2-D steps PyTorch's loop takes (the rest of a row alone,
  then whole rows of the block) into its own slot of T zeros, and those T
  partial sums then summed as a tensor of T elements.

Speed: the loops (C, in ``_cascade_sum_loops.h``) are built for AVX2 too (chosen at run time), a vector of lanes
then one register.  The pool deals out many pieces a thread where the bits
allow, so that a thread whose core is busy elsewhere hands its last pieces to
the others: row sums go 8 pieces of rows a thread, and a contiguous tensor's
ranges go as the top blocks of their cascades (2**3p rows of 4 vectors, 512 KiB
or more, each summed from 0 and added in order: ``tl_row_part``) and the rows
after them.  The column groups of a sum over a leading dim (``sum(0)``
of a matrix), where PyTorch walks one group down all the rows, make the same
additions per column in an order of memory accesses that suits the data: for
an input in the cache or in rows narrower than a strip, a block of 2**p rows at
a time across a strip of up to 4096 columns with the block's sums in registers
(4 rows at a time when rows are a multiple of 2 KiB apart and would evict each
other from L1), or PyTorch's walk once a thread's columns hold 1.5 to 8 MiB,
about its L2 cache; for an input from main memory (over 8 MiB) in rows of a
strip or more, whole rows one after another into a row of partial sums, the
columns past the last group copied aside in the same pass when the block
outgrows L2; in narrower rows, the blocks in registers with the whole vectors
past the last group summed in the same pass, their row_sums' cascades a block
of rows at a time as the rows go by (sum(1) of 215x215x216 float32: 1.42
against 1.48 ms; the rows after the last whole block go in blocks of columns
too, not a vector of columns at a time down rows not yet read).
"""
cimport numpy as cnp
from libc.stdlib cimport free, malloc
from libc.string cimport memset
from tensorlib._pool cimport parallel_run, pool_threads
from tensorlib._kernel_common cimport MAX_DIMS
from tensorlib._layout cimport dim_order

cnp.import_array()

cdef extern from "_cascade_sum_loops.h":
    ctypedef struct tl_sum_loops:
        void (*sum2d)(char* out, const char* inp, Py_ssize_t n0, Py_ssize_t n1, Py_ssize_t i0,
                      Py_ssize_t i1, Py_ssize_t o1, Py_ssize_t jlo, Py_ssize_t jhi, int kind) noexcept nogil
        Py_ssize_t (*row_parts)(Py_ssize_t n0) noexcept nogil
        void (*row_part)(const char* row, Py_ssize_t n0, Py_ssize_t part, char* res) noexcept nogil
        void (*row_join)(char* out, const char* row, Py_ssize_t n0, const char* res) noexcept nogil
        void (*wide_unit)(const char* base, Py_ssize_t r0, Py_ssize_t r1, Py_ssize_t rs, Py_ssize_t w, int p,
                          char* top, char* rest, char* gather, Py_ssize_t tail_off, Py_ssize_t tail_bytes) noexcept nogil
        void (*wide_join)(char* out, Py_ssize_t os, Py_ssize_t w, int p, Py_ssize_t groups, const char* sums,
                          char* scratch) noexcept nogil
        void (*tail_cols)(char* out, Py_ssize_t o1, const char* tail, Py_ssize_t tail_rs, Py_ssize_t tail_lo,
                          Py_ssize_t lo, Py_ssize_t j, Py_ssize_t jhi, Py_ssize_t endv, Py_ssize_t n0) noexcept nogil
    tl_sum_loops tl_sum_loops_for(int f64) noexcept nogil
    int tl_cascade_exp(Py_ssize_t nrows) noexcept nogil
    enum: TL_SUM_STRIP, TL_GATHER_MAX, TL_STREAM_ROWS, TL_STREAM_BLOCKS


cdef tl_sum_loops LOOPS_F32 = tl_sum_loops_for(0)
cdef tl_sum_loops LOOPS_F64 = tl_sum_loops_for(1)


cdef enum:
    PAR_MIN = 65536        # elements from which the pool is used (sums over dims)
    GRAIN = 32768          # PyTorch's grain: a whole-tensor sum splits from this many elements
    MAX_THREADS = 64       # the pool's largest size
    STREAM_BYTES = 8 << 20  # inputs from this size come from main memory: rows go one at a time
    MIN_STREAM_PIECE = 16384  # bytes of each row a thread streams, at least
    VECTOR_BYTES = 32      # PyTorch's vector of lanes (AVX2)
    PART_BYTES = 4 * VECTOR_BYTES  # a cascade's 4 vectors of lanes


cdef struct SumPlan:
    int nd                              # merged dims (>= 2; dim 0 reduced)
    int itemsize
    tl_sum_loops loops
    bint from_memory                    # a's bytes are over STREAM_BYTES
    bint stream                         # ... and its rows go one after another
    Py_ssize_t shape[MAX_DIMS]
    Py_ssize_t si[MAX_DIMS]             # strides in a (bytes)
    Py_ssize_t so[MAX_DIMS]             # strides in out (bytes; 0: reduced)
    Py_ssize_t outer                    # blocks the dims from 2 on walk over
    Py_ssize_t col_align                # dim-1 chunk boundaries: multiples of this
    bint split_outer                    # chunks split the blocks (else dim 1)
    Py_ssize_t nchunks
    Py_ssize_t range_len                # whole-tensor sums: elements a chunk adds (0: blocks)
    Py_ssize_t total
    char* a
    char* out
    char* partial                       # whole-tensor sums: chunk c's sum at c * itemsize
    Py_ssize_t parts_end[MAX_THREADS]   # ... of a contiguous tensor: range r's parts end there
    char* parts                         # ... and part u's 4 vectors at u * PART_BYTES


cdef inline int stream_kind(SumPlan* p) noexcept nogil:
    return TL_STREAM_ROWS if p.stream else (TL_STREAM_BLOCKS if p.from_memory else 0)


cdef inline void run_block(SumPlan* p, Py_ssize_t b, Py_ssize_t jlo, Py_ssize_t jhi) noexcept nogil:
    """Block b (flat over dims 2.., dim 2 fastest), columns [jlo, jhi)."""
    cdef Py_ssize_t ia = 0, io = 0, i
    cdef int d = 2
    while d < p.nd and b:
        i = b % p.shape[d]
        ia += i * p.si[d]
        io += i * p.so[d]
        b //= p.shape[d]
        d += 1
    p.loops.sum2d(p.out + io, p.a + ia, p.shape[0], p.shape[1], p.si[0], p.si[1], p.so[1], jlo, jhi, stream_kind(p))


cdef inline Py_ssize_t chunk_start(Py_ssize_t n, Py_ssize_t c, Py_ssize_t nchunks) noexcept nogil:
    return (n // nchunks) * c + (c if c < n % nchunks else n % nchunks)


cdef void run_range(SumPlan* p, Py_ssize_t begin, Py_ssize_t end, char* out) noexcept nogil:
    """The elements [begin, end) of the flat walk over the plan's dims (dim 0 fastest)
    summed into out, in the 2-D steps PyTorch's loop takes over a range: the rest of a
    row on its own, then as many whole rows of the block as the range holds."""
    cdef Py_ssize_t at = begin, rest, ia, row, rows, pos
    cdef int d
    while at < end:
        pos = at
        ia = 0
        for d in range(p.nd):
            ia += (pos % p.shape[d]) * p.si[d]
            pos //= p.shape[d]
        row = at % p.shape[0]
        rows = 1
        if row == 0 and end - at >= p.shape[0]:
            rest = p.shape[1] - (at // p.shape[0]) % p.shape[1]
            rows = (end - at) // p.shape[0]
            if rows > rest:
                rows = rest
            row = p.shape[0]
        else:
            row = min(p.shape[0] - row, end - at)
        p.loops.sum2d(out, p.a + ia, row, rows, p.si[0], p.si[1], 0, 0, rows, stream_kind(p))
        at += row * rows


cdef void run_chunk(void* ctx, Py_ssize_t c) noexcept nogil:
    cdef SumPlan* p = <SumPlan*>ctx
    cdef Py_ssize_t b, units, lo, hi
    if p.range_len:
        run_range(p, c * p.range_len, min(p.total, (c + 1) * p.range_len), p.partial + c * p.itemsize)
        return
    if p.split_outer:
        for b in range(chunk_start(p.outer, c, p.nchunks), chunk_start(p.outer, c + 1, p.nchunks)):
            run_block(p, b, 0, p.shape[1])
        return
    # dim 1 in aligned pieces: a piece's columns take the same path as in one pass
    units = (p.shape[1] + p.col_align - 1) // p.col_align
    lo = chunk_start(units, c, p.nchunks) * p.col_align
    hi = chunk_start(units, c + 1, p.nchunks) * p.col_align
    if hi > p.shape[1]:
        hi = p.shape[1]
    for b in range(p.outer):
        run_block(p, b, lo, hi)


cdef void sum_in_ranges(SumPlan* p, Py_ssize_t threads) noexcept nogil:
    """A whole-tensor sum on several threads, as PyTorch splits one: the flat walk in
    ``threads`` ranges of equal length (fewer when a range would hold under GRAIN
    elements), each summed from 0 into its own slot of a zeroed buffer of ``threads``
    slots, and then the buffer summed into out like a tensor of its own."""
    cdef double partial[MAX_THREADS]
    cdef Py_ssize_t ranges = min(threads, (p.total + GRAIN - 1) // GRAIN)
    memset(partial, 0, sizeof(partial))
    p.partial = <char*>partial
    p.range_len = (p.total + ranges - 1) // ranges
    ranges = (p.total + p.range_len - 1) // p.range_len
    if not sum_ranges_in_parts(p, ranges):
        parallel_run(run_chunk, p, ranges)
    p.loops.sum2d(p.out, p.partial, threads, 1, p.itemsize, 0, 0, 0, 1, stream_kind(p))


cdef inline Py_ssize_t range_elements(SumPlan* p, Py_ssize_t r) noexcept nogil:
    return min(p.total, (r + 1) * p.range_len) - r * p.range_len


cdef bint sum_ranges_in_parts(SumPlan* p, Py_ssize_t ranges) noexcept nogil:
    """The ranges of a contiguous tensor (one row each) cut into the top blocks of their
    cascades and the rest (tl_row_part), which the pool deals out many to a thread: a
    thread that falls behind (its core busy elsewhere) hands its last parts to the
    others instead of holding them up with whole ranges.  False (nothing done) for other
    layouts, or without memory."""
    cdef Py_ssize_t r, units = 0
    if p.nd != 2 or p.shape[1] != 1 or p.si[0] != p.itemsize:
        return False
    for r in range(ranges):
        if range_elements(p, r) < VECTOR_BYTES // p.itemsize:
            return False
        units += p.loops.row_parts(range_elements(p, r))
        p.parts_end[r] = units
    p.parts = <char*>malloc(units * PART_BYTES)
    if p.parts == NULL:
        return False
    parallel_run(run_part, p, units)
    for r in range(ranges):
        p.loops.row_join(p.partial + r * p.itemsize, p.a + r * p.range_len * p.itemsize, range_elements(p, r),
                         p.parts + (p.parts_end[r - 1] if r else 0) * PART_BYTES)
    free(p.parts)
    return True


cdef void run_part(void* ctx, Py_ssize_t u) noexcept nogil:
    cdef SumPlan* p = <SumPlan*>ctx
    cdef Py_ssize_t r = 0
    while p.parts_end[r] <= u:
        r += 1
    p.loops.row_part(p.a + r * p.range_len * p.itemsize, range_elements(p, r),
                     u - (p.parts_end[r - 1] if r else 0), p.parts + u * PART_BYTES)


cdef struct RowGroups:
    SumPlan* plan
    int exp                             # the cascade's p
    Py_ssize_t w                        # columns in the groups of 4 vectors
    Py_ssize_t tail_bytes               # bytes of a row right of them
    char* sums                          # unit u's top and rest at 2 * u * w elements
    char* gather                        # the rows' tail_bytes, packed (NULL: read in place)


cdef bint sums_by_row_groups(SumPlan* p) noexcept nogil:
    """A matrix summed over its leading dim, from main memory, whose rows are too short for
    threads to share their columns, with at least one whole group of rows (tl_wide_unit)."""
    return (p.outer == 1 and p.stream and p.so[0] == 0 and p.so[1] != 0 and p.si[1] == p.itemsize
            and p.shape[1] >= PART_BYTES // p.itemsize
            and p.shape[0] >> (2 * tl_cascade_exp(p.shape[0])) >= 1)


cdef bint sum_in_row_groups(SumPlan* p) noexcept nogil:
    """The sum by threads taking the cascade's groups of rows (tl_wide_unit), joined in order
    (tl_wide_join), then the columns right of the groups of 4 vectors on this thread from the
    copy the units made of them.  False (nothing done) without memory."""
    cdef RowGroups g
    cdef Py_ssize_t n0 = p.shape[0], n1 = p.shape[1], sz = p.itemsize, vl = VECTOR_BYTES // p.itemsize
    cdef Py_ssize_t units, endv
    cdef bint gathered
    g.plan = p
    g.exp = tl_cascade_exp(n0)
    g.w = (n1 // (4 * vl)) * 4 * vl
    g.tail_bytes = (n1 - g.w) * sz
    units = (n0 >> (2 * g.exp)) + 1
    g.sums = <char*>malloc((2 * units + 2) * g.w * sz)
    g.gather = NULL
    gathered = g.tail_bytes and n0 * g.tail_bytes <= TL_GATHER_MAX
    if gathered:
        g.gather = <char*>malloc(n0 * g.tail_bytes)
    if g.sums == NULL or (gathered and g.gather == NULL):
        free(g.sums)
        free(g.gather)
        return False
    parallel_run(run_row_group, &g, units)
    p.loops.wide_join(p.out, p.so[1], g.w, g.exp, units - 1, g.sums, g.sums + 2 * units * g.w * sz)
    if g.tail_bytes:
        endv = g.w + ((n1 - g.w) // vl) * vl
        if g.gather != NULL:
            p.loops.tail_cols(p.out, p.so[1], g.gather, g.tail_bytes, g.w, g.w, g.w, n1, endv, n0)
        else:
            p.loops.tail_cols(p.out, p.so[1], p.a + g.w * sz, p.si[0], g.w, 0, g.w, n1, endv, n0)
    free(g.sums)
    free(g.gather)
    return True


cdef void run_row_group(void* ctx, Py_ssize_t u) noexcept nogil:
    cdef RowGroups* g = <RowGroups*>ctx
    cdef SumPlan* p = g.plan
    cdef Py_ssize_t size = g.w * p.itemsize
    p.loops.wide_unit(p.a, u << (2 * g.exp), min(p.shape[0], (u + 1) << (2 * g.exp)), p.si[0], g.w, g.exp,
                      g.sums + 2 * u * size, g.sums + (2 * u + 1) * size, g.gather, size, g.tail_bytes)


cdef int should_swap(Py_ssize_t* shape, Py_ssize_t* si, Py_ssize_t* so, int d0, int d1) noexcept:
    """TensorIterator's dim order for a reduction: reduced dims (out's stride 0) in front,
    then by out's strides and a's (1 when d1 belongs before d0, -1 when not, 0 undecided)."""
    cdef Py_ssize_t* votes[2]
    if (so[d0] == 0) != (so[d1] == 0):
        return 1 if so[d1] == 0 else -1
    votes[0] = so
    votes[1] = si
    return dim_order(d0, d1, votes, 2, shape)


def cascade_sum(cnp.ndarray a not None, tuple axes not None, cnp.ndarray out not None):
    """out (a's shape, ``axes`` set to 1; float32 or float64 like a, not overlapping a)
    = the sum of a over ``axes`` (sorted, distinct, valid: tensorlib._reduce checks),
    added in the order of PyTorch 2.13's CPU kernel on one thread (see the module
    docstring).  Aligned, native-order arrays only."""
    cdef SumPlan p
    cdef int nd = cnp.PyArray_NDIM(a), d, n = 0, i, j, k, c
    cdef int perm[MAX_DIMS]
    cdef Py_ssize_t shape[MAX_DIMS]
    cdef Py_ssize_t si[MAX_DIMS]
    cdef Py_ssize_t so[MAX_DIMS]
    cdef bint reduced[MAX_DIMS]
    cdef Py_ssize_t threads, total = cnp.PyArray_SIZE(a)
    cdef bint done
    p.itemsize = cnp.PyArray_ITEMSIZE(a)
    p.loops = LOOPS_F64 if cnp.PyArray_TYPE(a) == cnp.NPY_DOUBLE else LOOPS_F32
    p.from_memory = cnp.PyArray_NBYTES(a) > STREAM_BYTES
    p.stream = p.from_memory
    for d in range(nd):
        reduced[d] = False
    for ax in axes:
        reduced[<int>ax] = True
    # dims of size 1 change nothing; out's stride is 0 along a reduced dim
    for d in range(nd):
        if cnp.PyArray_DIMS(a)[d] == 1:
            continue
        shape[n] = cnp.PyArray_DIMS(a)[d]
        si[n] = cnp.PyArray_STRIDES(a)[d]
        so[n] = 0 if reduced[d] else cnp.PyArray_STRIDES(out)[d]
        n += 1
    if all_kept(so, n):
        # nothing reduced: PyTorch adds each element to a zeroed out (-0. becomes 0.)
        (<object>out)[...] = (<object>a).reshape((<object>out).shape) + (<object>a).dtype.type(0)
        return
    # TensorIterator's order: start from the innermost dim, insertion-sort
    for d in range(n):
        perm[d] = n - 1 - d
    for i in range(1, n):
        j = i
        for k in range(i - 1, -1, -1):
            c = should_swap(shape, si, so, perm[k], perm[j])
            if c > 0:
                perm[k], perm[j] = perm[j], perm[k]
                j = k
            elif c < 0:
                break
    # merge neighbours that step as one in both a and out
    p.nd = 0
    for i in range(n):
        d = perm[i]
        if p.nd and si[d] == p.shape[p.nd - 1] * p.si[p.nd - 1] and so[d] == p.shape[p.nd - 1] * p.so[p.nd - 1]:
            p.shape[p.nd - 1] *= shape[d]
        else:
            p.shape[p.nd] = shape[d]
            p.si[p.nd] = si[d]
            p.so[p.nd] = so[d]
            p.nd += 1
    while p.nd < 2:
        p.shape[p.nd] = 1
        p.si[p.nd] = 0
        p.so[p.nd] = 0
        p.nd += 1
    if p.stream and p.so[0] == 0 and p.so[1] != 0 and p.si[1] == p.itemsize and p.shape[1] < TL_SUM_STRIP:
        # rows narrower than a strip sum faster as blocks in registers, from main memory too
        # (sum(0) of 40000x250 float32: 1.9 against 2.7 ms; of 4000x2500: 1.42 against 1.55)
        p.stream = False
    p.outer = 1
    for d in range(2, p.nd):
        p.outer *= p.shape[d]
    p.a = cnp.PyArray_BYTES(a)
    p.out = cnp.PyArray_BYTES(out)
    if cnp.PyArray_IS_C_CONTIGUOUS(out):
        memset(p.out, 0, cnp.PyArray_NBYTES(out))
    else:
        (<object>out)[...] = 0
    # chunks for the pool: whole blocks when they write apart, else pieces of dim 1
    threads = pool_threads()
    p.nchunks = 1
    p.split_outer = True
    p.col_align = 1
    p.range_len = 0
    p.total = total
    if threads > 1 and total >= GRAIN and all_reduced(p.so, p.nd):
        with nogil:
            sum_in_ranges(&p, min(threads, MAX_THREADS))
        return
    if threads > 1 and total >= PAR_MIN:
        if p.outer >= 2 * threads and all_kept(p.so + 2, p.nd - 2):
            p.nchunks = min(p.outer, 8 * threads)
        elif p.so[1] != 0 and p.shape[1] >= 2 and not (
                p.stream and p.si[1] == p.itemsize and p.shape[1] * p.itemsize < MIN_STREAM_PIECE * threads):
            # (threads streaming pieces of rows shorter than that defeat the prefetchers:
            # slower than one thread reading whole rows)
            p.split_outer = False
            # the vectorised column paths take whole vectors (or 4 columns at a time)
            p.col_align = VECTOR_BYTES // p.itemsize if p.si[1] == p.itemsize else 4
            p.nchunks = min((p.shape[1] + p.col_align - 1) // p.col_align, threads)
            if p.si[0] == p.itemsize and p.shape[0] >= VECTOR_BYTES // p.itemsize:
                # whole rows (row sums): many pieces a thread, so that a thread that falls
                # behind (its core busy elsewhere) hands its last pieces to the others
                p.nchunks = min((p.shape[1] + p.col_align - 1) // p.col_align, 8 * threads)
        elif sums_by_row_groups(&p):
            with nogil:
                done = sum_in_row_groups(&p)
            if done:
                return
    if p.nchunks > 1:
        with nogil:
            parallel_run(run_chunk, &p, p.nchunks)
    elif total >= 16384:
        with nogil:
            run_chunk(&p, 0)
    else:
        run_chunk(&p, 0)


cdef bint all_reduced(Py_ssize_t* so, int n) noexcept:
    cdef int d
    for d in range(n):
        if so[d] != 0:
            return False
    return True


cdef bint all_kept(Py_ssize_t* so, int n) noexcept:
    cdef int d
    for d in range(n):
        if so[d] == 0:
            return False
    return True
