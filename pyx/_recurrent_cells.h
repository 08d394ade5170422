/* The fused LSTM and GRU step loops of _recurrent.pyx, for one element type.

   Included once per build of the loops, with these macros defined:
     TL_RNN_T       the element type (float or double)
     TL_RNN_SUFFIX  the suffix of the functions' names (base, avx2, d)
     TL_RNN_ATTR    the functions' attributes (a target, or nothing)
     TL_RNN_FLOAT   1 to also define the float activations (a vectorisable exp: Cephes'
                    polynomial, about 1 ulp; tanh: Cephes' odd polynomial below 0.625), 0 for
                    double, which takes the C library's exp and tanh.
   The includer compiles it without trapping math, so that the selects of the float activations
   (clamps, nan) become vector blends and the row loops vectorise; the values are those of the
   same operations rounded one by one (no contraction into multiply-adds).  No two arrays a loop
   takes overlap (restrict). */
#include <math.h>
#include <stdint.h>
#include <string.h>

#if defined(_MSC_VER) && !defined(restrict)
#define restrict __restrict
#endif

#define TL_RNN_PASTE2(a, b) a##_##b
#define TL_RNN_PASTE(a, b) TL_RNN_PASTE2(a, b)
#define TL_RNN_NAME(name) TL_RNN_PASTE(name, TL_RNN_SUFFIX)
#define T TL_RNN_T

#if TL_RNN_FLOAT
/* exp(x): n = round(x / ln 2) by the 1.5 * 2^23 shift, x - n ln 2 in two parts, Cephes' degree-6
   polynomial, 2^n from the exponent field; x clamped to [-87, 88] and nan read as 0 (the callers
   keep nan themselves) */
TL_RNN_ATTR static inline float TL_RNN_NAME(tl_rnn_exp)(float x) {
    float cx = x < -87.0f ? -87.0f : (x > 88.0f ? 88.0f : (x == x ? x : 0.0f));
    float n = (cx * 1.44269504088896341f + 12582912.0f) - 12582912.0f;
    float r = cx - n * 0.693359375f;
    float p, scale;
    uint32_t bits = (uint32_t)((int32_t)n + 127) << 23;
    memcpy(&scale, &bits, 4);
    r = r + n * 2.12194440e-4f;
    p = 1.9875691500e-4f;
    p = p * r + 1.3981999507e-3f;
    p = p * r + 8.3334519073e-3f;
    p = p * r + 4.1665795894e-2f;
    p = p * r + 1.6666665459e-1f;
    p = p * r + 5.0000001201e-1f;
    p = p * (r * r) + r + 1.0f;
    return p * scale;
}

TL_RNN_ATTR static inline float TL_RNN_NAME(tl_rnn_sigmoid)(float x) {
    float s = 1.0f / (1.0f + TL_RNN_NAME(tl_rnn_exp)(-x));
    return x == x ? s : x;
}

/* |x| < 0.625: Cephes' odd polynomial; else 1 - 2 / (exp(2|x|) + 1) with x's sign */
TL_RNN_ATTR static inline float TL_RNN_NAME(tl_rnn_tanh)(float x) {
    float a = x < 0.0f ? -x : x, z = x * x, p, big;
    big = 1.0f - 2.0f / (TL_RNN_NAME(tl_rnn_exp)(2.0f * a) + 1.0f);
    big = x < 0.0f ? -big : big;
    p = -5.70498872745e-3f;
    p = p * z + 2.06390887954e-2f;
    p = p * z - 5.37397155531e-2f;
    p = p * z + 1.33314422036e-1f;
    p = p * z - 3.33332819422e-1f;
    p = p * z * x + x;
    big = x == x ? big : x;
    p = x == 0.0f ? x : p;   /* keeps the sign of a zero */
    return a < 0.625f ? p : big;
}
#else
TL_RNN_ATTR static inline double TL_RNN_NAME(tl_rnn_sigmoid)(double x) { return 1.0 / (1.0 + exp(-x)); }
TL_RNN_ATTR static inline double TL_RNN_NAME(tl_rnn_tanh)(double x) { return tanh(x); }
#endif

#define SIG TL_RNN_NAME(tl_rnn_sigmoid)
#define TANH TL_RNN_NAME(tl_rnn_tanh)

/* gates (b, 4h): pre-activations in, activations out; cell = f * cell_prev + i * g;
   hidden = o * tanh(cell) */
TL_RNN_ATTR static void TL_RNN_NAME(tl_lstm_forward)(T* restrict gates, const T* restrict cell_prev, T* restrict cell, T* restrict hidden,
                                                     Py_ssize_t b, Py_ssize_t h) {
    Py_ssize_t r, j;
    for (r = 0; r < b; r++) {
        T* g = gates + r * 4 * h;
        const T* cp = cell_prev + r * h;
        T* c = cell + r * h;
        T* o = hidden + r * h;
        for (j = 0; j < 2 * h; j++) g[j] = SIG(g[j]);
        for (j = 2 * h; j < 3 * h; j++) g[j] = TANH(g[j]);
        for (j = 3 * h; j < 4 * h; j++) g[j] = SIG(g[j]);
        for (j = 0; j < h; j++) c[j] = g[h + j] * cp[j] + g[j] * g[2 * h + j];
        for (j = 0; j < h; j++) o[j] = g[3 * h + j] * TANH(c[j]);
    }
}

/* from the activations and the gradients of hidden and cell (grad_cell also holding the step
   after's), the gradients of the pre-activations; grad_cell becomes cell_prev's gradient */
TL_RNN_ATTR static void TL_RNN_NAME(tl_lstm_backward)(const T* restrict gates, const T* restrict cell_prev, const T* restrict cell,
                                                      const T* restrict grad_hidden, T* restrict grad_cell, T* restrict grad_gates,
                                                      Py_ssize_t b, Py_ssize_t h) {
    Py_ssize_t r, j;
    for (r = 0; r < b; r++) {
        const T* g = gates + r * 4 * h;
        const T* cp = cell_prev + r * h;
        const T* c = cell + r * h;
        const T* dh = grad_hidden + r * h;
        T* dc = grad_cell + r * h;
        T* dg = grad_gates + r * 4 * h;
        for (j = 0; j < h; j++) {
            T i = g[j], f = g[h + j], gg = g[2 * h + j], o = g[3 * h + j];
            T tc = TANH(c[j]);
            T dct = dc[j] + dh[j] * o * ((T)1 - tc * tc);
            dg[j] = dct * gg * i * ((T)1 - i);
            dg[h + j] = dct * cp[j] * f * ((T)1 - f);
            dg[2 * h + j] = dct * i * ((T)1 - gg * gg);
            dg[3 * h + j] = dh[j] * tc * o * ((T)1 - o);
            dc[j] = dct * f;
        }
    }
}

/* input_gates = x W_ih^T + b_ih, hidden_gates = h W_hh^T (b_hh added here); saved: r, z, n and
   h W_hn^T + b_hn */
TL_RNN_ATTR static void TL_RNN_NAME(tl_gru_forward)(const T* restrict input_gates, const T* restrict hidden_gates, const T* restrict bias_hh,
                                                    const T* restrict hidden_prev, T* restrict hidden, T* restrict saved, Py_ssize_t b,
                                                    Py_ssize_t h) {
    Py_ssize_t r, j;
    for (r = 0; r < b; r++) {
        const T* gi = input_gates + r * 3 * h;
        const T* gh = hidden_gates + r * 3 * h;
        const T* hp = hidden_prev + r * h;
        T* s = saved + r * 4 * h;
        T* o = hidden + r * h;
        for (j = 0; j < 2 * h; j++) s[j] = SIG(gi[j] + (gh[j] + bias_hh[j]));
        for (j = 0; j < h; j++) s[3 * h + j] = gh[2 * h + j] + bias_hh[2 * h + j];
        for (j = 0; j < h; j++) s[2 * h + j] = TANH(gi[2 * h + j] + s[j] * s[3 * h + j]);
        for (j = 0; j < h; j++) o[j] = s[2 * h + j] + s[h + j] * (hp[j] - s[2 * h + j]);
    }
}

/* the gradients of both gate blocks' pre-activations and grad_hidden * z, the direct part of
   hidden_prev's */
TL_RNN_ATTR static void TL_RNN_NAME(tl_gru_backward)(const T* restrict saved, const T* restrict hidden_prev, const T* restrict grad_hidden,
                                                     T* restrict grad_input_gates, T* restrict grad_hidden_gates,
                                                     T* restrict grad_hidden_prev, Py_ssize_t b, Py_ssize_t h) {
    Py_ssize_t r, j;
    for (r = 0; r < b; r++) {
        const T* s = saved + r * 4 * h;
        const T* hp = hidden_prev + r * h;
        const T* dh = grad_hidden + r * h;
        T* dgi = grad_input_gates + r * 3 * h;
        T* dgh = grad_hidden_gates + r * 3 * h;
        T* dhp = grad_hidden_prev + r * h;
        for (j = 0; j < h; j++) {
            T rr = s[j], z = s[h + j], n = s[2 * h + j], hn = s[3 * h + j];
            T dn = dh[j] * ((T)1 - z) * ((T)1 - n * n);
            T dr = dn * hn * rr * ((T)1 - rr);
            T dz = dh[j] * (hp[j] - n) * z * ((T)1 - z);
            dgi[j] = dr;
            dgi[h + j] = dz;
            dgi[2 * h + j] = dn;
            dgh[j] = dr;
            dgh[h + j] = dz;
            dgh[2 * h + j] = dn * rr;
            dhp[j] = dh[j] * z;
        }
    }
}

#undef SIG
#undef TANH
#undef T
#undef TL_RNN_NAME
