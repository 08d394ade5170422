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

Each returns False, having done nothing, for arrays it does not take.  float32
runs a vectorisable exp (Cephes' polynomial, about 1 ulp) and Cephes' tanh
polynomial near 0; float64 the C library's exp and tanh."""
cimport numpy as cnp

cnp.import_array()

cdef extern from *:
    """
    #include <math.h>
    #include <stdint.h>
    #include <string.h>

    static inline float tl_rnn_bits_to_float(uint32_t u) { float f; memcpy(&f, &u, 4); return f; }

    /* exp(x) for float x: n = round(x / ln 2) by the 1.5 * 2^23 shift, x - n ln 2 in two parts,
       Cephes' degree-6 polynomial, 2^n from the exponent field; x clamped to [-87, 88], nan read
       as 0 (the callers keep nan themselves; ternaries, so that loops over it vectorise) */
    #define TL_RNN_EXPF(x, out) do {                                                             \\
        float cx_ = (x) < -87.0f ? -87.0f : ((x) > 88.0f ? 88.0f : ((x) == (x) ? (x) : 0.0f));      \\
        float n_ = (cx_ * 1.44269504088896341f + 12582912.0f) - 12582912.0f;                        \\
        float r_ = cx_ - n_ * 0.693359375f;                                                         \\
        float p_;                                                                                   \\
        r_ = r_ + n_ * 2.12194440e-4f;                                                              \\
        p_ = 1.9875691500e-4f;                                                                      \\
        p_ = p_ * r_ + 1.3981999507e-3f;                                                            \\
        p_ = p_ * r_ + 8.3334519073e-3f;                                                            \\
        p_ = p_ * r_ + 4.1665795894e-2f;                                                            \\
        p_ = p_ * r_ + 1.6666665459e-1f;                                                            \\
        p_ = p_ * r_ + 5.0000001201e-1f;                                                            \\
        p_ = p_ * (r_ * r_) + r_ + 1.0f;                                                            \\
        (out) = p_ * tl_rnn_bits_to_float((uint32_t)((int32_t)n_ + 127) << 23);                    \\
    } while (0)

    #define TL_RNN_FLOAT_MATH(SUFFIX, ATTR)                                                          \\
    ATTR static inline float tl_rnn_sigmoid_##SUFFIX(float x) {                                     \\
        float e;                                                                                    \\
        TL_RNN_EXPF(-x, e);                                                                         \\
        return x == x ? 1.0f / (1.0f + e) : x;                                                      \\
    }                                                                                               \\
    /* |x| < 0.625: Cephes' odd polynomial; else 1 - 2 / (exp(2|x|) + 1); nan stays nan */          \\
    ATTR static inline float tl_rnn_tanh_##SUFFIX(float x) {                                        \\
        float a = x < 0.0f ? -x : x, z = x * x, e, p, big;                                          \\
        TL_RNN_EXPF(2.0f * a, e);                                                                   \\
        big = 1.0f - 2.0f / (e + 1.0f);                                                             \\
        big = x < 0.0f ? -big : big;                                                                \\
        p = -5.70498872745e-3f;                                                                     \\
        p = p * z + 2.06390887954e-2f;                                                              \\
        p = p * z - 5.37397155531e-2f;                                                              \\
        p = p * z + 1.33314422036e-1f;                                                              \\
        p = p * z - 3.33332819422e-1f;                                                              \\
        p = p * z * x + x;                                                                          \\
        return a < 0.625f ? p : (x == x ? big : x);                                                 \\
    }

    static inline double tl_rnn_sigmoid_d(double x) { return 1.0 / (1.0 + exp(-x)); }
    static inline double tl_rnn_tanh_d(double x) { return tanh(x); }

    /* the cell loops for element type T with the activations SIG and TANH */
    #define TL_RNN_CELLS(SUFFIX, T, SIG, TANH, ATTR)                                                 \\
    ATTR static void tl_lstm_forward_##SUFFIX(T* gates, const T* cell_prev, T* cell, T* hidden,    \\
                                              Py_ssize_t b, Py_ssize_t h) {                         \\
        Py_ssize_t r, j;                                                                            \\
        for (r = 0; r < b; r++) {                                                                   \\
            T* g = gates + r * 4 * h;                                                               \\
            const T* cp = cell_prev + r * h;                                                        \\
            T* c = cell + r * h;                                                                    \\
            T* o = hidden + r * h;                                                                  \\
            for (j = 0; j < 2 * h; j++) g[j] = SIG(g[j]);                                           \\
            for (j = 2 * h; j < 3 * h; j++) g[j] = TANH(g[j]);                                      \\
            for (j = 3 * h; j < 4 * h; j++) g[j] = SIG(g[j]);                                       \\
            for (j = 0; j < h; j++) c[j] = g[h + j] * cp[j] + g[j] * g[2 * h + j];                  \\
            for (j = 0; j < h; j++) o[j] = g[3 * h + j] * TANH(c[j]);                               \\
        }                                                                                           \\
    }                                                                                               \\
    ATTR static void tl_lstm_backward_##SUFFIX(const T* gates, const T* cell_prev, const T* cell,  \\
                                               const T* grad_hidden, T* grad_cell, T* grad_gates,  \\
                                               Py_ssize_t b, Py_ssize_t h) {                        \\
        Py_ssize_t r, j;                                                                            \\
        for (r = 0; r < b; r++) {                                                                   \\
            const T* g = gates + r * 4 * h;                                                         \\
            const T* cp = cell_prev + r * h;                                                        \\
            const T* c = cell + r * h;                                                              \\
            const T* dh = grad_hidden + r * h;                                                      \\
            T* dc = grad_cell + r * h;                                                              \\
            T* dg = grad_gates + r * 4 * h;                                                         \\
            for (j = 0; j < h; j++) {                                                               \\
                T i = g[j], f = g[h + j], gg = g[2 * h + j], o = g[3 * h + j];                      \\
                T tc = TANH(c[j]);                                                                  \\
                T dct = dc[j] + dh[j] * o * ((T)1 - tc * tc);                                       \\
                dg[j] = dct * gg * i * ((T)1 - i);                                                  \\
                dg[h + j] = dct * cp[j] * f * ((T)1 - f);                                           \\
                dg[2 * h + j] = dct * i * ((T)1 - gg * gg);                                         \\
                dg[3 * h + j] = dh[j] * tc * o * ((T)1 - o);                                        \\
                dc[j] = dct * f;                                                                    \\
            }                                                                                       \\
        }                                                                                           \\
    }                                                                                               \\
    ATTR static void tl_gru_forward_##SUFFIX(const T* input_gates, const T* hidden_gates,          \\
                                             const T* bias_hh, const T* hidden_prev, T* hidden,    \\
                                             T* saved, Py_ssize_t b, Py_ssize_t h) {                \\
        Py_ssize_t r, j;                                                                            \\
        for (r = 0; r < b; r++) {                                                                   \\
            const T* gi = input_gates + r * 3 * h;                                                  \\
            const T* gh = hidden_gates + r * 3 * h;                                                 \\
            const T* hp = hidden_prev + r * h;                                                      \\
            T* s = saved + r * 4 * h;                                                               \\
            T* o = hidden + r * h;                                                                  \\
            for (j = 0; j < 2 * h; j++) s[j] = SIG(gi[j] + (gh[j] + bias_hh[j]));                   \\
            for (j = 0; j < h; j++) {                                                               \\
                s[3 * h + j] = gh[2 * h + j] + bias_hh[2 * h + j];                                  \\
                s[2 * h + j] = TANH(gi[2 * h + j] + s[j] * s[3 * h + j]);                           \\
            }                                                                                       \\
            for (j = 0; j < h; j++) o[j] = s[2 * h + j] + s[h + j] * (hp[j] - s[2 * h + j]);        \\
        }                                                                                           \\
    }                                                                                               \\
    ATTR static void tl_gru_backward_##SUFFIX(const T* saved, const T* hidden_prev,                \\
                                              const T* grad_hidden, T* grad_input_gates,           \\
                                              T* grad_hidden_gates, T* grad_hidden_prev,           \\
                                              Py_ssize_t b, Py_ssize_t h) {                         \\
        Py_ssize_t r, j;                                                                            \\
        for (r = 0; r < b; r++) {                                                                   \\
            const T* s = saved + r * 4 * h;                                                         \\
            const T* hp = hidden_prev + r * h;                                                      \\
            const T* dh = grad_hidden + r * h;                                                      \\
            T* dgi = grad_input_gates + r * 3 * h;                                                  \\
            T* dgh = grad_hidden_gates + r * 3 * h;                                                 \\
            T* dhp = grad_hidden_prev + r * h;                                                      \\
            for (j = 0; j < h; j++) {                                                               \\
                T rr = s[j], z = s[h + j], n = s[2 * h + j], hn = s[3 * h + j];                     \\
                T dn = dh[j] * ((T)1 - z) * ((T)1 - n * n);                                         \\
                T dr = dn * hn * rr * ((T)1 - rr);                                                  \\
                T dz = dh[j] * (hp[j] - n) * z * ((T)1 - z);                                        \\
                dgi[j] = dr;                                                                        \\
                dgi[h + j] = dz;                                                                    \\
                dgi[2 * h + j] = dn;                                                                \\
                dgh[j] = dr;                                                                        \\
                dgh[h + j] = dz;                                                                    \\
                dgh[2 * h + j] = dn * rr;                                                           \\
                dhp[j] = dh[j] * z;                                                                 \\
            }                                                                                       \\
        }                                                                                           \\
    }

    TL_RNN_FLOAT_MATH(base, )
    TL_RNN_CELLS(base, float, tl_rnn_sigmoid_base, tl_rnn_tanh_base, )
    TL_RNN_CELLS(d, double, tl_rnn_sigmoid_d, tl_rnn_tanh_d, )

    #if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
    #define TL_RNN_AVX2_BUILD 1
    TL_RNN_FLOAT_MATH(avx2, __attribute__((target("avx2"))))
    TL_RNN_CELLS(avx2, float, tl_rnn_sigmoid_avx2, tl_rnn_tanh_avx2, __attribute__((target("avx2"))))
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
