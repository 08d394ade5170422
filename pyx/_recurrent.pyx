# cython: boundscheck=False, wraparound=False
"""The elementwise half of one time step of the LSTM and GRU cells, fused: each
gate's activation, the cell update and the new hidden state in one pass over
the rows of a step, with no temporary per gate; and whole runs of a layer over
a sequence (the step kernels between the steps' matrix products).

Every array is C-contiguous, float32 or float64, all of one dtype; ``b`` rows
(the sequences running at this step) of ``H`` hidden units.  Gate order and
formulas are PyTorch's (LSTM i, f, g, o; GRU r, z, n).

- ``lstm_forward(gates, cell_prev, cell, hidden)``: ``gates`` (b, 4H) holds the
  pre-activations and is overwritten with the activations (sigmoid i, f, o,
  tanh g), what backward needs; ``cell = f * cell_prev + i * g``,
  ``hidden = o * tanh(cell)``.
- ``lstm_backward(gates, cell_prev, cell, grad_hidden, grad_cell, grad_gates)``:
  from the activations, the gradients of the step's hidden and cell outputs
  (``grad_cell`` also carries the gradient from the step after), writes the
  gradient of the pre-activations into ``grad_gates`` (b, 4H) and replaces
  ``grad_cell`` by the gradient of ``cell_prev``.
- ``gru_forward(input_gates, hidden_gates, bias_hh, hidden_prev, hidden, saved)``:
  ``input_gates`` (b, 3H) is ``x W_ih^T + b_ih``, ``hidden_gates`` (b, 3H) is
  ``h W_hh^T`` (``bias_hh`` (3H,) is added here); writes ``hidden`` and
  ``saved`` (b, 4H): r, z, n and ``h W_hn^T + b_hn``, what backward needs.
- ``gru_backward(saved, hidden_prev, grad_hidden, grad_input_gates,
  grad_hidden_gates, grad_hidden_prev)``: the gradients of the two gate
  pre-activation blocks (b, 3H each) and the direct part ``grad_hidden * z`` of
  the previous hidden state's gradient.

Whole runs, one step after the other in C with the products through a BLAS gemm
the backend binds here (``bind``, with the addresses of MKL's ``cblas_?gemm``):
``lstm_run_forward``/``lstm_run_backward`` and ``gru_run_forward``/
``gru_run_backward`` take the steps' row counts and first rows (int64 vectors,
checked: positive, non-increasing, each step's rows after the last's) and the
arrays of ``backends/_recurrent_runs.py``'s runs.  With several threads
(``set_num_threads``) a run whose every step holds the whole batch (no packed
sequence ending early), of 16 sequences or more, goes in slices of the batch
(multiples of 8 rows), one per thread of tensorlib's pool: a sequence's steps
need only its own rows, so the slices run apart, and each step's product is
one gemm per slice.  A shape whose gemm sums a slice's rows in another order
than the whole batch's (BLAS picks its kernels by shape; tried once per shape)
runs whole, so the bits are those of one thread.  A large forward run packs
its recurrent weights once (MKL's packed products, ``bind_packed``) rather
than MKL packing them in every step's gemm, where the shape keeps the bits
(probed the same way).

Each returns False, having done nothing, for arrays it does not take (the runs
also where no gemm is bound).  The step loops are in ``_recurrent_cells.h``:
float32 runs a vectorisable exp (Cephes' polynomial, about 1 ulp) and Cephes'
tanh polynomial near 0, float64 the C library's exp and tanh."""
cimport numpy as cnp
from libc.stdint cimport int64_t
from libc.stdlib cimport free

from tensorlib._pool cimport parallel_run, pool_threads_now

cnp.import_array()

cdef extern from *:
    """
    #include <stdlib.h>

    #if defined(__GNUC__) && !defined(__clang__)
    #pragma GCC push_options
    #pragma GCC optimize("no-trapping-math")
    #endif

    #define TL_RNN_T float
    #define TL_RNN_FLOAT 1
    #define TL_RNN_SUFFIX base
    #define TL_RNN_ATTR
    #include "_recurrent_cells.h"
    #undef TL_RNN_SUFFIX
    #undef TL_RNN_ATTR

    #if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
    #define TL_RNN_AVX2_BUILD 1
    #define TL_RNN_SUFFIX avx2
    #define TL_RNN_ATTR __attribute__((target("avx2")))
    #include "_recurrent_cells.h"
    #undef TL_RNN_SUFFIX
    #undef TL_RNN_ATTR
    #define TL_RNN_SUFFIX avx512
    #define TL_RNN_ATTR __attribute__((target("avx512f,avx512dq,prefer-vector-width=512")))
    #include "_recurrent_cells.h"
    #undef TL_RNN_SUFFIX
    #undef TL_RNN_ATTR
    #endif

    #undef TL_RNN_T
    #undef TL_RNN_FLOAT
    #define TL_RNN_T double
    #define TL_RNN_FLOAT 0
    #define TL_RNN_SUFFIX d
    #define TL_RNN_ATTR
    #include "_recurrent_cells.h"

    #if defined(__GNUC__) && !defined(__clang__)
    #pragma GCC pop_options
    #endif

    static int tl_rnn_level = 0;

    #include "_cpu_level.h"
    static int tl_rnn_detect(void) { return tl_cpu_level(); }

    /* the float loops: the AVX-512 or AVX2 build where the processor has it (the same operations,
       so the same values: no FMA), else the baseline one */
    #ifdef TL_RNN_AVX2_BUILD
    #define TL_RNN_PICK(NAME, ARGS) do { if (tl_rnn_level == 2) NAME##_avx512 ARGS; \
                                         else if (tl_rnn_level == 1) NAME##_avx2 ARGS; \
                                         else NAME##_base ARGS; } while (0)
    #else
    #define TL_RNN_PICK(NAME, ARGS) NAME##_base ARGS
    #endif

    /* the loops by element type (wide: double), the float ones by processor */
    static void tl_lstm_forward(int wide, void* g, const void* cp, void* c, void* o, Py_ssize_t b, Py_ssize_t h) {
        if (wide) tl_lstm_forward_d(g, cp, c, o, b, h); else TL_RNN_PICK(tl_lstm_forward, (g, cp, c, o, b, h));
    }
    static void tl_lstm_backward(int wide, const void* g, const void* cp, const void* c, const void* dh, void* dc,
                                 void* dg, Py_ssize_t b, Py_ssize_t h) {
        if (wide) tl_lstm_backward_d(g, cp, c, dh, dc, dg, b, h);
        else TL_RNN_PICK(tl_lstm_backward, (g, cp, c, dh, dc, dg, b, h));
    }
    static void tl_gru_forward(int wide, const void* gi, const void* gh, const void* bias, const void* hp, void* o,
                               void* s, Py_ssize_t b, Py_ssize_t h) {
        if (wide) tl_gru_forward_d(gi, gh, bias, hp, o, s, b, h);
        else TL_RNN_PICK(tl_gru_forward, (gi, gh, bias, hp, o, s, b, h));
    }
    static void tl_gru_backward(int wide, const void* s, const void* hp, const void* dh, void* dgi, void* dgh,
                                void* dhp, Py_ssize_t b, Py_ssize_t h) {
        if (wide) tl_gru_backward_d(s, hp, dh, dgi, dgh, dhp, b, h);
        else TL_RNN_PICK(tl_gru_backward, (s, hp, dh, dgi, dgh, dhp, b, h));
    }

    /* one step kernel by number (the order of the wrappers below) over the arrays p */
    enum { TL_LSTM_FORWARD, TL_LSTM_BACKWARD, TL_GRU_FORWARD, TL_GRU_BACKWARD };
    static void tl_rnn_step(int kernel, int wide, void** p, Py_ssize_t b, Py_ssize_t h) {
        switch (kernel) {
        case TL_LSTM_FORWARD: tl_lstm_forward(wide, p[0], p[1], p[2], p[3], b, h); break;
        case TL_LSTM_BACKWARD: tl_lstm_backward(wide, p[0], p[1], p[2], p[3], p[4], p[5], b, h); break;
        case TL_GRU_FORWARD: tl_gru_forward(wide, p[0], p[1], p[2], p[3], p[4], p[5], b, h); break;
        default: tl_gru_backward(wide, p[0], p[1], p[2], p[3], p[4], p[5], b, h);
        }
    }

    /* out (m, n) = a (m, k) @ b (n, k)^T (or b (k, n) with b_plain) + beta * out, row-major, through the
       bound BLAS gemm */
    typedef void (*tl_sgemm_fn)(int, int, int, int, int, int, float, const float*, int, const float*, int, float,
                                float*, int);
    typedef void (*tl_dgemm_fn)(int, int, int, int, int, int, double, const double*, int, const double*, int,
                                double, double*, int);
    static tl_sgemm_fn tl_rnn_sgemm = NULL;
    static tl_dgemm_fn tl_rnn_dgemm = NULL;
    enum { TL_ROW_MAJOR = 101, TL_NO_TRANSPOSE = 111, TL_TRANSPOSE = 112, TL_PACKED = 151, TL_B_MATRIX = 162 };

    static void tl_rnn_gemm(int wide, const void* a, const void* b, int b_plain, void* out, Py_ssize_t m,
                            Py_ssize_t n, Py_ssize_t k, int beta) {
        int tb = b_plain ? TL_NO_TRANSPOSE : TL_TRANSPOSE;
        int ldb = b_plain ? (int)n : (int)k;
        if (wide) tl_rnn_dgemm(TL_ROW_MAJOR, TL_NO_TRANSPOSE, tb, (int)m, (int)n, (int)k, 1.0, (const double*)a,
                               (int)k, (const double*)b, ldb, (double)beta, (double*)out, (int)n);
        else tl_rnn_sgemm(TL_ROW_MAJOR, TL_NO_TRANSPOSE, tb, (int)m, (int)n, (int)k, 1.0f, (const float*)a,
                          (int)k, (const float*)b, ldb, (float)beta, (float*)out, (int)n);
    }

    /* MKL's packed products (cblas_?gemm_pack_get_size, cblas_?gemm_pack, cblas_?gemm_compute), where
       bound: a forward run's product with the recurrent weights packs them once, not at every step */
    typedef size_t (*tl_pack_size_fn)(int, int, int, int);
    typedef void (*tl_spack_fn)(int, int, int, int, int, int, float, const float*, int, float*);
    typedef void (*tl_dpack_fn)(int, int, int, int, int, int, double, const double*, int, double*);
    typedef void (*tl_scompute_fn)(int, int, int, int, int, int, const float*, int, const float*, int, float,
                                   float*, int);
    typedef void (*tl_dcompute_fn)(int, int, int, int, int, int, const double*, int, const double*, int, double,
                                   double*, int);
    static tl_pack_size_fn tl_rnn_spack_size = NULL, tl_rnn_dpack_size = NULL;
    static tl_spack_fn tl_rnn_spack = NULL;
    static tl_dpack_fn tl_rnn_dpack = NULL;
    static tl_scompute_fn tl_rnn_scompute = NULL;
    static tl_dcompute_fn tl_rnn_dcompute = NULL;

    /* b (n, k) packed as the B^T of tl_rnn_gemm's out (m, n) = a (m, k) @ b^T, for products of m rows
       (free it); NULL where packing is not bound or memory is short */
    static void* tl_rnn_pack_weight(int wide, const void* b, Py_ssize_t m, Py_ssize_t n, Py_ssize_t k) {
        void* packed;
        if (tl_rnn_spack == NULL)
            return NULL;
        packed = malloc(wide ? tl_rnn_dpack_size(TL_B_MATRIX, (int)m, (int)n, (int)k)
                             : tl_rnn_spack_size(TL_B_MATRIX, (int)m, (int)n, (int)k));
        if (packed == NULL)
            return NULL;
        if (wide) tl_rnn_dpack(TL_ROW_MAJOR, TL_B_MATRIX, TL_TRANSPOSE, (int)m, (int)n, (int)k, 1.0,
                               (const double*)b, (int)k, (double*)packed);
        else tl_rnn_spack(TL_ROW_MAJOR, TL_B_MATRIX, TL_TRANSPOSE, (int)m, (int)n, (int)k, 1.0f, (const float*)b,
                          (int)k, (float*)packed);
        return packed;
    }

    /* tl_rnn_gemm's out (m, n) = a (m, k) @ b^T + beta * out, with b packed for m rows where `packed`
       is (and the product has those rows) */
    static void tl_rnn_product(int wide, const void* a, const void* b, const void* packed, Py_ssize_t packed_rows,
                               void* out, Py_ssize_t m, Py_ssize_t n, Py_ssize_t k, int beta) {
        if (packed == NULL || m != packed_rows)
            tl_rnn_gemm(wide, a, b, 0, out, m, n, k, beta);
        else if (wide)
            tl_rnn_dcompute(TL_ROW_MAJOR, TL_NO_TRANSPOSE, TL_PACKED, (int)m, (int)n, (int)k, (const double*)a,
                            (int)k, (const double*)packed, (int)k, (double)beta, (double*)out, (int)n);
        else
            tl_rnn_scompute(TL_ROW_MAJOR, TL_NO_TRANSPOSE, TL_PACKED, (int)m, (int)n, (int)k, (const float*)a,
                            (int)k, (const float*)packed, (int)k, (float)beta, (float*)out, (int)n);
    }

    /* A whole run's steps: step t holds sizes[t] rows (non-increasing) from row offsets[t]; the step run
       before t is t - 1 (t + 1 in reverse), and the first `kept` rows of t continue from its rows, the
       others start from the initial state's rows kept..  The loops cover the batch rows [lo, hi) of
       every step: a row depends only on the same row of the step before, so slices of the batch run
       apart (on the pool's threads) */
    typedef struct {
        const int64_t* sizes;
        const int64_t* offsets;
        Py_ssize_t steps, h, lo, hi;
        int reverse, wide;
        const void* packed;   /* a forward run's weight_hh packed for hi - lo rows, or NULL */
    } TlRun;

    /* a step's first row, its previous step's first row, and the slice's rows of it: [k0, k1) continue
       from the previous step, [n0, n1) start from the initial state (empty where k0 >= k1, n0 >= n1) */
    typedef struct { Py_ssize_t o, prev, k0, k1, n0, n1; } TlStep;

    static TlStep tl_run_step(const TlRun* run, Py_ssize_t s) {
        Py_ssize_t t = run->reverse ? run->steps - 1 - s : s, p = run->reverse ? t + 1 : t - 1;
        Py_ssize_t b = run->sizes[t], kept = s == 0 ? 0 : (run->sizes[p] < b ? run->sizes[p] : b);
        Py_ssize_t end = b < run->hi ? b : run->hi;
        TlStep step;
        step.o = run->offsets[t];
        step.prev = s == 0 ? 0 : run->offsets[p];
        step.k0 = run->lo;
        step.k1 = kept < end ? kept : end;
        step.n0 = kept > run->lo ? kept : run->lo;
        step.n1 = end;
        return step;
    }

    /* element i of a row-major array of `width` hidden sizes, as a byte pointer */
    #define TL_AT(base, row, width) ((base) + (row) * (width) * run->h * (run->wide ? 8 : 4))

    /* The LSTM run: per step the recurrent product into the step's gates (which hold the input
       projection and both biases), then the step kernel; fills output and cells */
    static void tl_lstm_run_forward(const TlRun* run, char* gates, const char* hidden0, const char* cell0,
                                    const char* weight_hh, char* output, char* cells) {
        Py_ssize_t s, h = run->h;
        for (s = 0; s < run->steps; s++) {
            TlStep st = tl_run_step(run, s);
            Py_ssize_t o = st.o, prev = st.prev, k0 = st.k0, n0 = st.n0;
            if (k0 < st.k1) {
                tl_rnn_product(run->wide, TL_AT(output, prev + k0, 1), weight_hh, run->packed, run->hi - run->lo,
                               TL_AT(gates, o + k0, 4), st.k1 - k0, 4 * h, h, 1);
                tl_lstm_forward(run->wide, TL_AT(gates, o + k0, 4), TL_AT(cells, prev + k0, 1),
                                TL_AT(cells, o + k0, 1), TL_AT(output, o + k0, 1), st.k1 - k0, h);
            }
            if (n0 < st.n1) {
                tl_rnn_product(run->wide, TL_AT(hidden0, n0, 1), weight_hh, run->packed, run->hi - run->lo,
                               TL_AT(gates, o + n0, 4), st.n1 - n0, 4 * h, h, 1);
                tl_lstm_forward(run->wide, TL_AT(gates, o + n0, 4), TL_AT(cell0, n0, 1), TL_AT(cells, o + n0, 1),
                                TL_AT(output, o + n0, 1), st.n1 - n0, h);
            }
        }
    }

    /* Its backward: grad_output (in, then out) gathers the recurrent gradients, grad_cell (B, h) carries
       the cell's from step to step and ends as cell0's; writes grad_gates and grad_hidden0 */
    static void tl_lstm_run_backward(const TlRun* run, const char* gates, const char* cells, const char* cell0,
                                     const char* weight_hh, char* grad_output, char* grad_cell, char* grad_gates,
                                     char* grad_hidden0) {
        Py_ssize_t s, h = run->h;
        for (s = run->steps - 1; s >= 0; s--) {
            TlStep st = tl_run_step(run, s);
            Py_ssize_t o = st.o, prev = st.prev, k0 = st.k0, n0 = st.n0;
            if (k0 < st.k1) {
                tl_lstm_backward(run->wide, TL_AT(gates, o + k0, 4), TL_AT(cells, prev + k0, 1),
                                 TL_AT(cells, o + k0, 1), TL_AT(grad_output, o + k0, 1), TL_AT(grad_cell, k0, 1),
                                 TL_AT(grad_gates, o + k0, 4), st.k1 - k0, h);
                tl_rnn_gemm(run->wide, TL_AT(grad_gates, o + k0, 4), weight_hh, 1, TL_AT(grad_output, prev + k0, 1),
                            st.k1 - k0, h, 4 * h, 1);
            }
            if (n0 < st.n1) {
                tl_lstm_backward(run->wide, TL_AT(gates, o + n0, 4), TL_AT(cell0, n0, 1), TL_AT(cells, o + n0, 1),
                                 TL_AT(grad_output, o + n0, 1), TL_AT(grad_cell, n0, 1),
                                 TL_AT(grad_gates, o + n0, 4), st.n1 - n0, h);
                tl_rnn_gemm(run->wide, TL_AT(grad_gates, o + n0, 4), weight_hh, 1, TL_AT(grad_hidden0, n0, 1),
                            st.n1 - n0, h, 4 * h, 0);
            }
        }
    }

    /* The GRU run: per step the recurrent product into scratch (B, 3h), then the step kernel */
    static void tl_gru_run_forward(const TlRun* run, const char* input_gates, const char* hidden0,
                                   const char* weight_hh, const char* bias_hh, char* output, char* saved,
                                   char* scratch) {
        Py_ssize_t s, h = run->h;
        for (s = 0; s < run->steps; s++) {
            TlStep st = tl_run_step(run, s);
            Py_ssize_t o = st.o, prev = st.prev, k0 = st.k0, n0 = st.n0;
            if (k0 < st.k1) {
                tl_rnn_product(run->wide, TL_AT(output, prev + k0, 1), weight_hh, run->packed, run->hi - run->lo,
                               TL_AT(scratch, k0, 3), st.k1 - k0, 3 * h, h, 0);
                tl_gru_forward(run->wide, TL_AT(input_gates, o + k0, 3), TL_AT(scratch, k0, 3), bias_hh,
                               TL_AT(output, prev + k0, 1), TL_AT(output, o + k0, 1), TL_AT(saved, o + k0, 4),
                               st.k1 - k0, h);
            }
            if (n0 < st.n1) {
                tl_rnn_product(run->wide, TL_AT(hidden0, n0, 1), weight_hh, run->packed, run->hi - run->lo,
                               TL_AT(scratch, n0, 3), st.n1 - n0, 3 * h, h, 0);
                tl_gru_forward(run->wide, TL_AT(input_gates, o + n0, 3), TL_AT(scratch, n0, 3), bias_hh,
                               TL_AT(hidden0, n0, 1), TL_AT(output, o + n0, 1), TL_AT(saved, o + n0, 4),
                               st.n1 - n0, h);
            }
        }
    }

    /* Its backward, scratch (B, h) holding a step's gradient of the previous hidden state */
    static void tl_gru_run_backward(const TlRun* run, const char* saved, const char* output, const char* hidden0,
                                    const char* weight_hh, char* grad_output, char* grad_input_gates,
                                    char* grad_hidden_gates, char* grad_hidden0, char* scratch) {
        Py_ssize_t s, i, h = run->h;
        for (s = run->steps - 1; s >= 0; s--) {
            TlStep st = tl_run_step(run, s);
            Py_ssize_t o = st.o, prev = st.prev, k0 = st.k0, n0 = st.n0, lo = run->lo;
            if (st.n1 <= lo)
                continue;
            if (k0 < st.k1)
                tl_gru_backward(run->wide, TL_AT(saved, o + k0, 4), TL_AT(output, prev + k0, 1),
                                TL_AT(grad_output, o + k0, 1), TL_AT(grad_input_gates, o + k0, 3),
                                TL_AT(grad_hidden_gates, o + k0, 3), TL_AT(scratch, k0, 1), st.k1 - k0, h);
            if (n0 < st.n1)
                tl_gru_backward(run->wide, TL_AT(saved, o + n0, 4), TL_AT(hidden0, n0, 1),
                                TL_AT(grad_output, o + n0, 1), TL_AT(grad_input_gates, o + n0, 3),
                                TL_AT(grad_hidden_gates, o + n0, 3), TL_AT(scratch, n0, 1), st.n1 - n0, h);
            tl_rnn_gemm(run->wide, TL_AT(grad_hidden_gates, o + lo, 3), weight_hh, 1, TL_AT(scratch, lo, 1),
                        st.n1 - lo, h, 3 * h, 1);
            for (i = 0; k0 < st.k1 && i < (st.k1 - k0) * h; i++) {
                if (run->wide) ((double*)TL_AT(grad_output, prev + k0, 1))[i] += ((double*)TL_AT(scratch, k0, 1))[i];
                else ((float*)TL_AT(grad_output, prev + k0, 1))[i] += ((float*)TL_AT(scratch, k0, 1))[i];
            }
            if (n0 < st.n1)
                memcpy(TL_AT(grad_hidden0, n0, 1), TL_AT(scratch, n0, 1), (st.n1 - n0) * h * (run->wide ? 8 : 4));
        }
    }

    /* one of the four run loops by number, over the arrays p in its parameters' order */
    enum { TL_LSTM_RUN_FORWARD, TL_LSTM_RUN_BACKWARD, TL_GRU_RUN_FORWARD, TL_GRU_RUN_BACKWARD };
    static void tl_run_loop(int loop, const TlRun* run, char** p) {
        switch (loop) {
        case TL_LSTM_RUN_FORWARD: tl_lstm_run_forward(run, p[0], p[1], p[2], p[3], p[4], p[5]); break;
        case TL_LSTM_RUN_BACKWARD: tl_lstm_run_backward(run, p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7]); break;
        case TL_GRU_RUN_FORWARD: tl_gru_run_forward(run, p[0], p[1], p[2], p[3], p[4], p[5], p[6]); break;
        default: tl_gru_run_backward(run, p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8]);
        }
    }

    /* a run cut into slices of the batch: slice i is the rows cuts[i]..cuts[i + 1] */
    typedef struct { int loop; TlRun run; char* p[9]; const Py_ssize_t* cuts; void** packed; } TlRunJob;

    static void tl_run_slice(void* ctx, Py_ssize_t slice) {
        TlRunJob* job = (TlRunJob*)ctx;
        TlRun run = job->run;
        run.lo = job->cuts[slice];
        run.hi = job->cuts[slice + 1];
        run.packed = job->packed[slice];
        tl_run_loop(job->loop, &run, job->p);
    }

    /* Whether the products of a run cut at `cuts` (`slices` slices; 1: the whole batch) give the bits
       of tl_rnn_gemm's whole product out (m, n) = a (m, k) @ b^T (b plain: @ b) + beta * out, each
       slice's rows by a call of its own, through b packed for its rows where `packed`.  BLAS picks its
       kernels by shape, and for a few rows, some depths, or packed operands may pick ones that sum in
       another order; tried on made-up numbers, which any other order of the sums shows in */
    static int tl_rnn_slices_keep_bits(int wide, Py_ssize_t m, Py_ssize_t n, Py_ssize_t k, int b_plain, int beta,
                                       const Py_ssize_t* cuts, Py_ssize_t slices, int packed) {
        size_t item = wide ? 8 : 4, i, total = (size_t)(m * k + n * k + 2 * m * n);
        char* memory = (char*)malloc(total * item);
        char *a, *b, *whole, *sliced;
        uint32_t x = 12345u;
        int same = 1;
        if (memory == NULL)
            return 0;
        for (i = 0; i < total; i++) {
            double v;
            x = x * 1664525u + 1013904223u;
            v = (double)(x >> 8) / 8388608.0 - 1.0;
            if (wide) ((double*)memory)[i] = v; else ((float*)memory)[i] = (float)v;
        }
        a = memory;
        b = a + m * k * item;
        whole = b + n * k * item;
        sliced = whole + m * n * item;
        memcpy(sliced, whole, m * n * item);
        tl_rnn_gemm(wide, a, b, b_plain, whole, m, n, k, beta);
        for (i = 0; i < (size_t)slices; i++) {
            Py_ssize_t rows = cuts[i + 1] - cuts[i];
            void* weight = packed ? tl_rnn_pack_weight(wide, b, rows, n, k) : NULL;
            if (packed && weight == NULL)
                same = 0;
            else if (packed)
                tl_rnn_product(wide, a + cuts[i] * k * item, b, weight, rows, sliced + cuts[i] * n * item, rows, n,
                               k, beta);
            else
                tl_rnn_gemm(wide, a + cuts[i] * k * item, b, b_plain, sliced + cuts[i] * n * item, rows, n, k,
                            beta);
            free(weight);
        }
        same = same && memcmp(whole, sliced, m * n * item) == 0;
        free(memory);
        return same;
    }
    #undef TL_AT
    """
    int tl_rnn_level
    int tl_rnn_detect() noexcept nogil
    void* tl_rnn_sgemm
    void* tl_rnn_dgemm
    enum: TL_LSTM_FORWARD, TL_LSTM_BACKWARD, TL_GRU_FORWARD, TL_GRU_BACKWARD
    void tl_rnn_step(int kernel, int wide, void** p, Py_ssize_t b, Py_ssize_t h) noexcept nogil
    ctypedef struct TlRun:
        const int64_t* sizes
        const int64_t* offsets
        Py_ssize_t steps, h, lo, hi
        int reverse, wide
        const void* packed
    void tl_lstm_run_forward(const TlRun* run, char* gates, const char* hidden0, const char* cell0,
                             const char* weight_hh, char* output, char* cells) noexcept nogil
    void tl_lstm_run_backward(const TlRun* run, const char* gates, const char* cells, const char* cell0,
                              const char* weight_hh, char* grad_output, char* grad_cell, char* grad_gates,
                              char* grad_hidden0) noexcept nogil
    void tl_gru_run_forward(const TlRun* run, const char* input_gates, const char* hidden0, const char* weight_hh,
                            const char* bias_hh, char* output, char* saved, char* scratch) noexcept nogil
    void tl_gru_run_backward(const TlRun* run, const char* saved, const char* output, const char* hidden0,
                             const char* weight_hh, char* grad_output, char* grad_input_gates,
                             char* grad_hidden_gates, char* grad_hidden0, char* scratch) noexcept nogil
    enum: TL_LSTM_RUN_FORWARD, TL_LSTM_RUN_BACKWARD, TL_GRU_RUN_FORWARD, TL_GRU_RUN_BACKWARD
    void tl_run_loop(int loop, const TlRun* run, char** p) noexcept nogil
    ctypedef struct TlRunJob:
        int loop
        TlRun run
        char* p[9]
        const Py_ssize_t* cuts
        void** packed
    void tl_run_slice(void* ctx, Py_ssize_t slice) noexcept nogil
    int tl_rnn_slices_keep_bits(int wide, Py_ssize_t m, Py_ssize_t n, Py_ssize_t k, int b_plain, int beta,
                                const Py_ssize_t* cuts, Py_ssize_t slices, int packed) noexcept
    void* tl_rnn_spack_size
    void* tl_rnn_dpack_size
    void* tl_rnn_spack
    void* tl_rnn_dpack
    void* tl_rnn_scompute
    void* tl_rnn_dcompute
    void* tl_rnn_pack_weight(int wide, const void* b, Py_ssize_t m, Py_ssize_t n, Py_ssize_t k) noexcept


tl_rnn_level = tl_rnn_detect()


def bind(size_t sgemm, size_t dgemm):
    """Binds the BLAS ``cblas_sgemm``/``cblas_dgemm`` at these addresses for the whole-run loops."""
    global tl_rnn_sgemm, tl_rnn_dgemm
    tl_rnn_sgemm, tl_rnn_dgemm = <void*>sgemm, <void*>dgemm


def bind_packed(size_t spack_size, size_t dpack_size, size_t spack, size_t dpack, size_t scompute,
                size_t dcompute):
    """Binds MKL's ``cblas_?gemm_pack_get_size``, ``cblas_?gemm_pack`` and ``cblas_?gemm_compute``
    at these addresses (all non-zero): the forward runs then pack their recurrent weights once."""
    global tl_rnn_spack_size, tl_rnn_dpack_size, tl_rnn_spack, tl_rnn_dpack, tl_rnn_scompute, tl_rnn_dcompute
    tl_rnn_spack_size, tl_rnn_dpack_size = <void*>spack_size, <void*>dpack_size
    tl_rnn_spack, tl_rnn_dpack, tl_rnn_scompute, tl_rnn_dcompute = <void*>spack, <void*>dpack, <void*>scompute, \
        <void*>dcompute


cdef int _common_type(tuple arrays, Py_ssize_t rows, Py_ssize_t hidden, tuple widths):
    """The dtype number shared by ``arrays`` when each is C-contiguous, aligned and shaped
    (rows, width * hidden) for its entry of ``widths`` (0: a vector of 3 * hidden), else -1."""
    cdef int typenum = cnp.PyArray_TYPE(<cnp.ndarray>arrays[0])
    cdef cnp.ndarray a
    cdef Py_ssize_t width
    if typenum != cnp.NPY_FLOAT32 and typenum != cnp.NPY_FLOAT64:
        return -1
    for a, width in zip(arrays, widths):
        if cnp.PyArray_TYPE(a) != typenum or not cnp.PyArray_IS_C_CONTIGUOUS(a) or not cnp.PyArray_ISALIGNED(a):
            return -1
        if width == 0:
            if cnp.PyArray_NDIM(a) != 1 or a.shape[0] != 3 * hidden:
                return -1
        elif cnp.PyArray_NDIM(a) != 2 or a.shape[0] != rows or a.shape[1] != width * hidden:
            return -1
    return typenum


cdef inline void* _data(cnp.ndarray a):
    return cnp.PyArray_DATA(a)


cdef inline Py_ssize_t _rows(cnp.ndarray a):
    return a.shape[0] if cnp.PyArray_NDIM(a) == 2 else -1


cdef inline Py_ssize_t _cols(cnp.ndarray a):
    return a.shape[1] if cnp.PyArray_NDIM(a) == 2 else 0


# per step kernel: the width (in hidden sizes) of each array, and which array's shape is (b, h)
_WIDTHS = ((4, 1, 1, 1), (4, 1, 1, 1, 1, 4), (3, 3, 0, 1, 1, 4), (4, 1, 1, 3, 3, 1))
_SHAPED = (2, 2, 4, 1)


cdef bint _step(int kernel, tuple arrays):
    """Runs step kernel ``kernel`` over ``arrays`` where they fit it; whether it ran."""
    cdef cnp.ndarray shaped = arrays[_SHAPED[kernel]]
    cdef Py_ssize_t b = _rows(shaped), h = _cols(shaped)
    cdef int typenum = _common_type(arrays, b, h, _WIDTHS[kernel])
    cdef void* pointers[6]
    cdef Py_ssize_t i
    if typenum < 0:
        return False
    for i in range(len(arrays)):
        pointers[i] = _data(arrays[i])
    tl_rnn_step(kernel, typenum == cnp.NPY_FLOAT64, pointers, b, h)
    return True


def lstm_forward(cnp.ndarray gates not None, cnp.ndarray cell_prev not None, cnp.ndarray cell not None,
                 cnp.ndarray hidden not None):
    """One LSTM step's activations, cell and hidden state (see the module docstring)."""
    return _step(TL_LSTM_FORWARD, (gates, cell_prev, cell, hidden))


def lstm_backward(cnp.ndarray gates not None, cnp.ndarray cell_prev not None, cnp.ndarray cell not None,
                  cnp.ndarray grad_hidden not None, cnp.ndarray grad_cell not None, cnp.ndarray grad_gates not None):
    """One LSTM step's gradients of the gate pre-activations and of the previous cell."""
    return _step(TL_LSTM_BACKWARD, (gates, cell_prev, cell, grad_hidden, grad_cell, grad_gates))


def gru_forward(cnp.ndarray input_gates not None, cnp.ndarray hidden_gates not None, cnp.ndarray bias_hh not None,
                cnp.ndarray hidden_prev not None, cnp.ndarray hidden not None, cnp.ndarray saved not None):
    """One GRU step's hidden state and the gates backward needs (see the module docstring)."""
    return _step(TL_GRU_FORWARD, (input_gates, hidden_gates, bias_hh, hidden_prev, hidden, saved))


def gru_backward(cnp.ndarray saved not None, cnp.ndarray hidden_prev not None, cnp.ndarray grad_hidden not None,
                 cnp.ndarray grad_input_gates not None, cnp.ndarray grad_hidden_gates not None,
                 cnp.ndarray grad_hidden_prev not None):
    """One GRU step's gradients of both gate blocks and the direct part of the previous hidden's."""
    return _step(TL_GRU_BACKWARD, (saved, hidden_prev, grad_hidden, grad_input_gates, grad_hidden_gates,
                                   grad_hidden_prev))


cdef bint _run(TlRun* run, cnp.ndarray sizes, cnp.ndarray offsets, tuple arrays, tuple shapes, Py_ssize_t hidden,
               char** pointers) except -1:
    """Checks a whole run's arguments and fills ``run`` and the arrays' ``pointers``: ``sizes`` and
    ``offsets`` int64 vectors of the steps (sizes positive, non-increasing, the rows of each
    step following the last), ``arrays`` of one float dtype, each C-contiguous and (rows, width *
    hidden) for its entry (rows, width) of ``shapes``, rows -1 for a whole run's rows, 0 for the
    batch (the first step's size), 3 for 3 * hidden; False where BLAS is not bound or anything
    does not fit."""
    cdef Py_ssize_t steps, t, rows = 0, height, width
    cdef const int64_t* size_data
    cdef const int64_t* offset_data
    cdef int typenum
    cdef cnp.ndarray vector
    if tl_rnn_sgemm == NULL or hidden <= 0 or 4 * hidden > 2147483647:
        return False
    for vector in (sizes, offsets):
        if cnp.PyArray_TYPE(vector) != cnp.NPY_INT64 or cnp.PyArray_NDIM(vector) != 1 or \
                not cnp.PyArray_IS_C_CONTIGUOUS(vector) or not cnp.PyArray_ISALIGNED(vector):
            return False
    steps = sizes.shape[0]
    if steps == 0 or offsets.shape[0] != steps:
        return False
    size_data, offset_data = <const int64_t*>cnp.PyArray_DATA(sizes), <const int64_t*>cnp.PyArray_DATA(offsets)
    for t in range(steps):
        if size_data[t] <= 0 or offset_data[t] != rows or (t and size_data[t] > size_data[t - 1]):
            return False
        rows += size_data[t]
    if rows > 2147483647:
        return False
    typenum = cnp.PyArray_TYPE(<cnp.ndarray>arrays[0])
    for index, (height, width) in enumerate(shapes):
        height = rows if height == -1 else (size_data[0] if height == 0 else height * hidden)
        if _common_type((arrays[index],), height, hidden, (width,)) != typenum or typenum < 0:
            return False
        pointers[index] = <char*>_data(arrays[index])
    run.sizes, run.offsets, run.steps, run.h = size_data, offset_data, steps, hidden
    run.lo, run.hi, run.packed = 0, size_data[0], NULL
    run.wide = typenum == cnp.NPY_FLOAT64
    return True


cdef enum:
    # the least rows of a slice: fewer, and BLAS takes other kernels (other bits) for the product
    SLICE_ROWS = 8
    # from this many multiply-adds in a run's recurrent products a run may go in slices on the pool's
    # threads (below it their start costs more) and pack its weights (below it packing costs more)
    LARGE_RUN = 1 << 20
    MAX_SLICES = 64

# (dtype, rows, product, slices, packed): whether a run so cut and packed keeps that product's bits
cdef dict _keeps_bits = {}


cdef bint _product_keeps_bits(TlRun* run, tuple product, Py_ssize_t* cuts, Py_ssize_t count, bint packed):
    n, k, b_plain, beta = product
    key = (run.wide, run.sizes[0], n * run.h, k * run.h, b_plain, beta, tuple(cuts[i] for i in range(count + 1)),
           packed)
    if key not in _keeps_bits:
        _keeps_bits[key] = bool(tl_rnn_slices_keep_bits(run.wide, run.sizes[0], n * run.h, k * run.h, b_plain, beta,
                                                        cuts, count, packed))
    return _keeps_bits[key]


cdef Py_ssize_t _plan(TlRun* run, tuple products, bint pack, Py_ssize_t* cuts, bint* packed):
    """How many slices of the batch ``run`` goes in, one per pool thread, filling ``cuts``, and
    whether (``pack``: a forward run may) its weights are packed: a large run is cut where there
    are several threads (and the pool is not keeping its helpers out: slices one after another
    cost more than the whole batch) and every step holds the whole batch (slices of a packed
    batch would shrink below SLICE_ROWS), and packed where MKL's packing is bound, as far as
    every one of ``products`` (gates n, gates k, b plain, beta: ``tl_rnn_gemm``'s product of
    n * H columns over k * H) keeps the bits of one whole gemm; else 1, unpacked."""
    cdef Py_ssize_t batch = run.sizes[0], h = run.h, count, i
    packed[0] = False
    cuts[0], cuts[1] = 0, batch
    if any(run.steps * batch * n * k * h * h < LARGE_RUN for n, k, _, _ in products):
        return 1
    count = min(pool_threads_now(), batch // SLICE_ROWS, MAX_SLICES) if run.sizes[run.steps - 1] == batch else 1
    for count in sorted({count, 1}, reverse=True):
        for i in range(count):
            cuts[i] = i * (batch // SLICE_ROWS) // count * SLICE_ROWS
        cuts[count] = batch
        for packing in [True, False] if pack and tl_rnn_spack != NULL else [False]:
            if count == 1 and not packing:
                return 1
            if all(_product_keeps_bits(run, product, cuts, count, packing) for product in products):
                packed[0] = packing
                return count
    return 1


cdef void _go(int loop, TlRun* run, char** pointers, tuple products, int packed_weight=-1):
    """Runs ``loop`` over the whole batch, in slices on the pool's threads as ``_plan`` cuts it,
    ``pointers[packed_weight]`` (the product's b, when not -1) packed for each slice as it plans."""
    cdef TlRunJob job
    cdef Py_ssize_t cuts[MAX_SLICES + 1]
    cdef void* packed[MAX_SLICES]
    cdef bint packing
    cdef Py_ssize_t count = _plan(run, products, packed_weight >= 0, cuts, &packing), i
    cdef Py_ssize_t n = products[0][0] * run.h, k = products[0][1] * run.h
    for i in range(count):
        packed[i] = tl_rnn_pack_weight(run.wide, pointers[packed_weight], cuts[i + 1] - cuts[i], n, k) \
            if packing else NULL
    if packing and not all(packed[i] != NULL for i in range(count)):   # short of memory: one whole gemm a step
        for i in range(count):
            free(packed[i])
            packed[i] = NULL
        count, cuts[1] = 1, run.sizes[0]
    job.loop, job.run, job.cuts, job.packed = loop, run[0], cuts, packed
    for i in range(9):
        job.p[i] = pointers[i]
    with nogil:
        if count > 1:
            parallel_run(tl_run_slice, &job, count)
        else:
            job.run.packed = packed[0]
            tl_run_loop(loop, &job.run, pointers)
    for i in range(count):
        free(packed[i])


def lstm_run_forward(cnp.ndarray sizes not None, cnp.ndarray offsets not None, bint reverse,
                     cnp.ndarray gates not None, cnp.ndarray hidden0 not None, cnp.ndarray cell0 not None,
                     cnp.ndarray weight_hh not None, cnp.ndarray output not None, cnp.ndarray cells not None):
    """A whole LSTM run (``backends/_recurrent_runs.py``'s ``lstm_forward`` without the final
    states): ``gates`` (N, 4H) holding the input projections and both biases turns into the
    activations; fills ``output``/``cells`` (N, H).  False, having done nothing, without a bound
    BLAS or for arguments it does not take."""
    cdef TlRun run
    cdef char* p[9]
    if not _run(&run, sizes, offsets, (gates, hidden0, cell0, weight_hh, output, cells),
                ((-1, 4), (0, 1), (0, 1), (4, 1), (-1, 1), (-1, 1)), _cols(hidden0), p):
        return False
    run.reverse = reverse
    _go(TL_LSTM_RUN_FORWARD, &run, p, ((4, 1, False, 1),), 3)
    return True


def lstm_run_backward(cnp.ndarray sizes not None, cnp.ndarray offsets not None, bint reverse,
                      cnp.ndarray gates not None, cnp.ndarray cells not None, cnp.ndarray cell0 not None,
                      cnp.ndarray weight_hh not None, cnp.ndarray grad_output not None, cnp.ndarray grad_cell not None,
                      cnp.ndarray grad_gates not None, cnp.ndarray grad_hidden0 not None):
    """The backward of ``lstm_run_forward``: ``grad_output`` gathers the recurrent gradients,
    ``grad_cell`` (B, H) enters as the final cells' gradient and ends as ``cell0``'s; writes
    ``grad_gates`` (N, 4H) and ``grad_hidden0``.  False as ``lstm_run_forward``."""
    cdef TlRun run
    cdef char* p[9]
    if not _run(&run, sizes, offsets, (gates, cells, cell0, weight_hh, grad_output, grad_cell, grad_gates,
                                       grad_hidden0),
                ((-1, 4), (-1, 1), (0, 1), (4, 1), (-1, 1), (0, 1), (-1, 4), (0, 1)), _cols(cell0), p):
        return False
    run.reverse = reverse
    _go(TL_LSTM_RUN_BACKWARD, &run, p, ((1, 4, True, 1), (1, 4, True, 0)))
    return True


def gru_run_forward(cnp.ndarray sizes not None, cnp.ndarray offsets not None, bint reverse,
                    cnp.ndarray input_gates not None, cnp.ndarray hidden0 not None, cnp.ndarray weight_hh not None,
                    cnp.ndarray bias_hh not None, cnp.ndarray output not None, cnp.ndarray saved not None,
                    cnp.ndarray scratch not None):
    """A whole GRU run (``gru_forward`` of ``backends/_recurrent_runs.py`` without the final
    state), ``scratch`` (B, 3H); False as ``lstm_run_forward``."""
    cdef TlRun run
    cdef char* p[9]
    if not _run(&run, sizes, offsets, (input_gates, hidden0, weight_hh, bias_hh, output, saved, scratch),
                ((-1, 3), (0, 1), (3, 1), (0, 0), (-1, 1), (-1, 4), (0, 3)), _cols(hidden0), p):
        return False
    run.reverse = reverse
    _go(TL_GRU_RUN_FORWARD, &run, p, ((3, 1, False, 0),), 2)
    return True


def gru_run_backward(cnp.ndarray sizes not None, cnp.ndarray offsets not None, bint reverse,
                     cnp.ndarray saved not None, cnp.ndarray output not None, cnp.ndarray hidden0 not None,
                     cnp.ndarray weight_hh not None, cnp.ndarray grad_output not None,
                     cnp.ndarray grad_input_gates not None, cnp.ndarray grad_hidden_gates not None,
                     cnp.ndarray grad_hidden0 not None, cnp.ndarray scratch not None):
    """The backward of ``gru_run_forward``: ``grad_output`` gathers the recurrent gradients;
    writes both gate blocks' gradients (N, 3H) and ``grad_hidden0``; ``scratch`` (B, H)."""
    cdef TlRun run
    cdef char* p[9]
    if not _run(&run, sizes, offsets, (saved, output, hidden0, weight_hh, grad_output, grad_input_gates,
                                       grad_hidden_gates, grad_hidden0, scratch),
                ((-1, 4), (-1, 1), (0, 1), (3, 1), (-1, 1), (-1, 3), (-1, 3), (0, 1), (0, 1)), _cols(hidden0), p):
        return False
    run.reverse = reverse
    _go(TL_GRU_RUN_BACKWARD, &run, p, ((1, 3, True, 1),))
    return True
