# The reduction loops of pyx/_reduce_kernels.pyx.tp, for the planning and threading of
# pyx/_reduce.pyx (see their module docstrings): the plan they share and the chunk
# functions tensorlib._reduce hands to the worker pool.
from tensorlib._kernel_common cimport MAX_DIMS

cdef enum:
    LEAF_ROWS = 8          # outer mode: rows combined in one pass
    STRIP_MAX = 2048       # outer-mode column strip (elements): accumulators stay in L1

cdef enum Op:
    OP_SUM, OP_PROD, OP_MAX, OP_MIN, OP_ALL, OP_ANY

cdef enum Conv:
    CONV_NONE, CONV_INT64, CONV_BOOL


cdef struct RPlan:
    int op, conv, out_dt, in_dt
    int outer                       # outer mode (else inner)
    int nk, nr                      # kept / reduced dims after merging (nr >= 1)
    Py_ssize_t K, R                 # outputs, elements reduced into each
    Py_ssize_t kshape[MAX_DIMS]
    Py_ssize_t ka[MAX_DIMS]         # kept dims: strides in a (bytes)
    Py_ssize_t ko[MAX_DIMS]         # kept dims: strides in out (bytes)
    Py_ssize_t rshape[MAX_DIMS]
    Py_ssize_t ra[MAX_DIMS]         # reduced dims: strides in a (bytes)
    Py_ssize_t strip                # outer mode: columns per work item
    Py_ssize_t nstrips              # outer mode: strips across the innermost kept dim
    Py_ssize_t items                # units the kept side splits into (outputs or strips)
    Py_ssize_t levels               # outer mode: scratch rows besides the accumulator row
    char* a
    char* out


cdef struct RJob:
    RPlan* p
    Py_ssize_t nchunks
    int split_r                     # chunks split the reduced range (else kept items)
    char* partial                   # split_r: nchunks x K results
    int failed                      # a chunk could not allocate its buffers


# Chunk c of the job (a chunk_fn of tensorlib/_pool.pxd; ctx is the RJob): its outputs,
# or with split_r its share of the reduced range, into job.partial.
cdef void run_chunk(void* ctx, Py_ssize_t c) noexcept nogil
# With split_r, after every chunk ran: combines the chunks' partial results into out.
cdef void finish_split(RJob* job) noexcept nogil
