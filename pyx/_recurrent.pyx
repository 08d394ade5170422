# cython: boundscheck=False, wraparound=False
"""The elementwise half of one time step of the LSTM and GRU cells, fused: each
gate's activation, the cell update and the new hidden state in one pass over
the rows of a step, with no temporary per gate (the matrix products of a step
are the caller's, through BLAS).

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

Each returns False, having done nothing, for arrays it does not take.  The loops
are in ``_recurrent_cells.h``: float32 runs a vectorisable exp (Cephes'
polynomial, about 1 ulp) and Cephes' tanh polynomial near 0, float64 the C
library's exp and tanh."""
cimport numpy as cnp

cnp.import_array()

cdef extern from *:
    """
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

    static int tl_rnn_avx2 = 0;

    static int tl_rnn_detect(void) {
    #ifdef TL_RNN_AVX2_BUILD
        __builtin_cpu_init();
        return __builtin_cpu_supports("avx2");
    #else
        return 0;
    #endif
    }

    /* the float loops: the AVX2 build where the processor has it (the same operations, so the
       same values: no FMA), else the baseline one */
    #ifdef TL_RNN_AVX2_BUILD
    #define TL_RNN_PICK(NAME, ARGS) do { if (tl_rnn_avx2) NAME##_avx2 ARGS; else NAME##_base ARGS; } while (0)
    #else
    #define TL_RNN_PICK(NAME, ARGS) NAME##_base ARGS
    #endif

    static void tl_lstm_forward_f(float* g, const float* cp, float* c, float* o, Py_ssize_t b, Py_ssize_t h) {
        TL_RNN_PICK(tl_lstm_forward, (g, cp, c, o, b, h));
    }
    static void tl_lstm_backward_f(const float* g, const float* cp, const float* c, const float* dh, float* dc,
                                   float* dg, Py_ssize_t b, Py_ssize_t h) {
        TL_RNN_PICK(tl_lstm_backward, (g, cp, c, dh, dc, dg, b, h));
    }
    static void tl_gru_forward_f(const float* gi, const float* gh, const float* bias, const float* hp, float* o,
                                 float* s, Py_ssize_t b, Py_ssize_t h) {
        TL_RNN_PICK(tl_gru_forward, (gi, gh, bias, hp, o, s, b, h));
    }
    static void tl_gru_backward_f(const float* s, const float* hp, const float* dh, float* dgi, float* dgh,
                                  float* dhp, Py_ssize_t b, Py_ssize_t h) {
        TL_RNN_PICK(tl_gru_backward, (s, hp, dh, dgi, dgh, dhp, b, h));
    }
    """
    int tl_rnn_avx2
    int tl_rnn_detect() noexcept nogil
    void tl_lstm_forward_f(float* g, const float* cp, float* c, float* o, Py_ssize_t b, Py_ssize_t h) noexcept nogil
    void tl_lstm_forward_d(double* g, const double* cp, double* c, double* o, Py_ssize_t b,
                           Py_ssize_t h) noexcept nogil
    void tl_lstm_backward_f(const float* g, const float* cp, const float* c, const float* dh, float* dc, float* dg,
                            Py_ssize_t b, Py_ssize_t h) noexcept nogil
    void tl_lstm_backward_d(const double* g, const double* cp, const double* c, const double* dh, double* dc,
                            double* dg, Py_ssize_t b, Py_ssize_t h) noexcept nogil
    void tl_gru_forward_f(const float* gi, const float* gh, const float* bias, const float* hp, float* o, float* s,
                          Py_ssize_t b, Py_ssize_t h) noexcept nogil
    void tl_gru_forward_d(const double* gi, const double* gh, const double* bias, const double* hp, double* o,
                          double* s, Py_ssize_t b, Py_ssize_t h) noexcept nogil
    void tl_gru_backward_f(const float* s, const float* hp, const float* dh, float* dgi, float* dgh, float* dhp,
                           Py_ssize_t b, Py_ssize_t h) noexcept nogil
    void tl_gru_backward_d(const double* s, const double* hp, const double* dh, double* dgi, double* dgh,
                           double* dhp, Py_ssize_t b, Py_ssize_t h) noexcept nogil


tl_rnn_avx2 = tl_rnn_detect()


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


def lstm_forward(cnp.ndarray gates not None, cnp.ndarray cell_prev not None, cnp.ndarray cell not None,
                 cnp.ndarray hidden not None):
    """One LSTM step's activations, cell and hidden state (see the module docstring)."""
    cdef Py_ssize_t b = cell.shape[0] if cnp.PyArray_NDIM(cell) == 2 else -1
    cdef Py_ssize_t h = cell.shape[1] if b >= 0 else 0
    cdef int typenum = _common_type((gates, cell_prev, cell, hidden), b, h, (4, 1, 1, 1))
    if typenum < 0:
        return False
    if typenum == cnp.NPY_FLOAT32:
        with nogil:
            tl_lstm_forward_f(<float*>cnp.PyArray_DATA(gates), <const float*>cnp.PyArray_DATA(cell_prev),
                              <float*>cnp.PyArray_DATA(cell), <float*>cnp.PyArray_DATA(hidden), b, h)
    else:
        with nogil:
            tl_lstm_forward_d(<double*>cnp.PyArray_DATA(gates), <const double*>cnp.PyArray_DATA(cell_prev),
                              <double*>cnp.PyArray_DATA(cell), <double*>cnp.PyArray_DATA(hidden), b, h)
    return True


def lstm_backward(cnp.ndarray gates not None, cnp.ndarray cell_prev not None, cnp.ndarray cell not None,
                  cnp.ndarray grad_hidden not None, cnp.ndarray grad_cell not None, cnp.ndarray grad_gates not None):
    """One LSTM step's gradients of the gate pre-activations and of the previous cell."""
    cdef Py_ssize_t b = cell.shape[0] if cnp.PyArray_NDIM(cell) == 2 else -1
    cdef Py_ssize_t h = cell.shape[1] if b >= 0 else 0
    cdef int typenum = _common_type((gates, cell_prev, cell, grad_hidden, grad_cell, grad_gates), b, h,
                                    (4, 1, 1, 1, 1, 4))
    if typenum < 0:
        return False
    if typenum == cnp.NPY_FLOAT32:
        with nogil:
            tl_lstm_backward_f(<const float*>cnp.PyArray_DATA(gates), <const float*>cnp.PyArray_DATA(cell_prev),
                               <const float*>cnp.PyArray_DATA(cell), <const float*>cnp.PyArray_DATA(grad_hidden),
                               <float*>cnp.PyArray_DATA(grad_cell), <float*>cnp.PyArray_DATA(grad_gates), b, h)
    else:
        with nogil:
            tl_lstm_backward_d(<const double*>cnp.PyArray_DATA(gates), <const double*>cnp.PyArray_DATA(cell_prev),
                               <const double*>cnp.PyArray_DATA(cell), <const double*>cnp.PyArray_DATA(grad_hidden),
                               <double*>cnp.PyArray_DATA(grad_cell), <double*>cnp.PyArray_DATA(grad_gates), b, h)
    return True


def gru_forward(cnp.ndarray input_gates not None, cnp.ndarray hidden_gates not None, cnp.ndarray bias_hh not None,
                cnp.ndarray hidden_prev not None, cnp.ndarray hidden not None, cnp.ndarray saved not None):
    """One GRU step's hidden state and the gates backward needs (see the module docstring)."""
    cdef Py_ssize_t b = hidden.shape[0] if cnp.PyArray_NDIM(hidden) == 2 else -1
    cdef Py_ssize_t h = hidden.shape[1] if b >= 0 else 0
    cdef int typenum = _common_type((input_gates, hidden_gates, bias_hh, hidden_prev, hidden, saved), b, h,
                                    (3, 3, 0, 1, 1, 4))
    if typenum < 0:
        return False
    if typenum == cnp.NPY_FLOAT32:
        with nogil:
            tl_gru_forward_f(<const float*>cnp.PyArray_DATA(input_gates),
                             <const float*>cnp.PyArray_DATA(hidden_gates), <const float*>cnp.PyArray_DATA(bias_hh),
                             <const float*>cnp.PyArray_DATA(hidden_prev), <float*>cnp.PyArray_DATA(hidden),
                             <float*>cnp.PyArray_DATA(saved), b, h)
    else:
        with nogil:
            tl_gru_forward_d(<const double*>cnp.PyArray_DATA(input_gates),
                             <const double*>cnp.PyArray_DATA(hidden_gates), <const double*>cnp.PyArray_DATA(bias_hh),
                             <const double*>cnp.PyArray_DATA(hidden_prev), <double*>cnp.PyArray_DATA(hidden),
                             <double*>cnp.PyArray_DATA(saved), b, h)
    return True


def gru_backward(cnp.ndarray saved not None, cnp.ndarray hidden_prev not None, cnp.ndarray grad_hidden not None,
                 cnp.ndarray grad_input_gates not None, cnp.ndarray grad_hidden_gates not None,
                 cnp.ndarray grad_hidden_prev not None):
    """One GRU step's gradients of both gate blocks and the direct part of the previous hidden's."""
    cdef Py_ssize_t b = hidden_prev.shape[0] if cnp.PyArray_NDIM(hidden_prev) == 2 else -1
    cdef Py_ssize_t h = hidden_prev.shape[1] if b >= 0 else 0
    cdef int typenum = _common_type((saved, hidden_prev, grad_hidden, grad_input_gates, grad_hidden_gates,
                                     grad_hidden_prev), b, h, (4, 1, 1, 3, 3, 1))
    if typenum < 0:
        return False
    if typenum == cnp.NPY_FLOAT32:
        with nogil:
            tl_gru_backward_f(<const float*>cnp.PyArray_DATA(saved), <const float*>cnp.PyArray_DATA(hidden_prev),
                              <const float*>cnp.PyArray_DATA(grad_hidden), <float*>cnp.PyArray_DATA(grad_input_gates),
                              <float*>cnp.PyArray_DATA(grad_hidden_gates), <float*>cnp.PyArray_DATA(grad_hidden_prev),
                              b, h)
    else:
        with nogil:
            tl_gru_backward_d(<const double*>cnp.PyArray_DATA(saved), <const double*>cnp.PyArray_DATA(hidden_prev),
                              <const double*>cnp.PyArray_DATA(grad_hidden),
                              <double*>cnp.PyArray_DATA(grad_input_gates),
                              <double*>cnp.PyArray_DATA(grad_hidden_gates),
                              <double*>cnp.PyArray_DATA(grad_hidden_prev), b, h)
    return True
