"""Compiled loops of the random samplers (host arrays in, host arrays out).

What PyTorch's CPU samplers compute element by element with the C math library and
fused multiply-adds, reproduced to the last bit: glibc's double log/log1p/cos/sin/tan/exp,
single-precision Cephes log and sincos as PyTorch's AVX2 normal kernel evaluates them (with
its compiler's multiply-add fusion), explicit fma/fmaf where PyTorch's expressions are fused,
and the sequential swap loops of randperm."""
from libc.math cimport cos, exp, fma, fmaf, log, log1p, sin, sqrt, sqrtf, tan
from libc.stdint cimport int32_t, int64_t, uint32_t, uint64_t

cdef double TWO_PI = 6.283185307179586


# ---- elementwise ----------------------------------------------------------------------------
def libm(str name, const double[::1] x, double[::1] out):
    """``out[i] = name(x[i])`` with the C library's double ``log``, ``log1p``, ``tan`` or ``exp``."""
    cdef Py_ssize_t i, n = x.shape[0]
    cdef int which = ("log", "log1p", "tan", "exp").index(name)
    with nogil:
        for i in range(n):
            if which == 0:
                out[i] = log(x[i])
            elif which == 1:
                out[i] = log1p(x[i])
            elif which == 2:
                out[i] = tan(x[i])
            else:
                out[i] = exp(x[i])


def uniform_float(const uint64_t[::1] raw, float[::1] out):
    """``out[i]`` = the low 24 bits of the 32-bit draw ``raw[i]`` times 2**-24 (PyTorch's float uniform)."""
    cdef Py_ssize_t i, n = raw.shape[0]
    with nogil:
        for i in range(n):
            out[i] = <float>(raw[i] & 0xFFFFFF) * <float>5.9604644775390625e-08


def uniform_double(const uint64_t[::1] raw, double[::1] out):
    """``out[i]`` = the low 53 bits of the 64-bit draw made of ``raw[2i]`` (high half) and ``raw[2i + 1]``,
    times 2**-53 (PyTorch's double uniform)."""
    cdef Py_ssize_t i, n = out.shape[0]
    with nogil:
        for i in range(n):
            out[i] = <double>(((raw[2 * i] & 0x1FFFFF) << 32) | raw[2 * i + 1]) * 1.1102230246251565e-16


def fma64(const double[::1] x, double scale, double shift, double[::1] out):
    """``out = x * scale + shift`` rounded once (float64)."""
    cdef Py_ssize_t i, n = x.shape[0]
    with nogil:
        for i in range(n):
            out[i] = fma(x[i], scale, shift)


def fma32(const float[::1] x, float scale, float shift, float[::1] out):
    """``out = x * scale + shift`` rounded once (float32)."""
    cdef Py_ssize_t i, n = x.shape[0]
    with nogil:
        for i in range(n):
            out[i] = fused32(x[i], scale, shift)


cdef inline float fused32(float a, float b, float c) noexcept nogil:
    """fmaf(a, b, c) without the library call: the float product is exact in double, so the double sum
    rounds to the right float unless it lands exactly halfway between two floats (or is tiny), where
    fmaf decides."""
    cdef double total = <double>a * <double>b + <double>c
    cdef uint64_t bits = (<uint64_t*>&total)[0]
    if (bits & 0x1FFFFFFF) == 0x10000000 or ((bits >> 52) & 0x7FF) < 0x381:
        return fmaf(a, b, c)
    return <float>total


def box_muller(const double[::1] uniforms, double[::1] normals):
    """PyTorch's serial Box-Muller on consecutive uniform pairs (u1, u2): radius sqrt(-2 log1p(-u2)),
    angle 2 pi u1; writes radius cos(angle), radius sin(angle) in their place."""
    cdef Py_ssize_t i, n = uniforms.shape[0] // 2
    cdef double radius, theta
    with nogil:
        for i in range(n):
            radius = sqrt(-2.0 * log1p(-uniforms[2 * i + 1]))
            theta = TWO_PI * uniforms[2 * i]
            normals[2 * i] = radius * cos(theta)
            normals[2 * i + 1] = radius * sin(theta)


# ---- blocks of 16 ---------------------------------------------------------------------------
def normal_blocks64(double[::1] data, double mean, double std):
    """Turns each block of 16 uniforms into normals in place (PyTorch's contiguous float64 path):
    u1 = 1 - data[j], u2 = data[j + 8], radius sqrt(-2 log u1), angle 2 pi u2; cosines in the first
    half, sines in the second, each ``* std + mean`` fused."""
    cdef Py_ssize_t block, j, n = data.shape[0] // 16
    cdef double radius, theta
    with nogil:
        for block in range(n):
            for j in range(8):
                radius = sqrt(-2.0 * log(1.0 - data[16 * block + j]))
                theta = TWO_PI * data[16 * block + j + 8]
                data[16 * block + j] = fma(radius * cos(theta), std, mean)
                data[16 * block + j + 8] = fma(radius * sin(theta), std, mean)


# the single-precision Cephes coefficients (log; sine and cosine on [-pi/4, pi/4])
cdef float[9] LOG_P = [7.0376836292e-2, -1.1514610310e-1, 1.1676998740e-1, -1.2420140846e-1, 1.4249322787e-1,
                       -1.6668057665e-1, 2.0000714765e-1, -2.4999993993e-1, 3.3333331174e-1]
cdef float LOG_Q1 = -2.12194440e-4
cdef float LOG_Q2 = 0.693359375
cdef float SQRT_HALF = 0.707106781186547524
cdef float[3] PI4_PARTS = [-0.78515625, -2.4187564849853515625e-4, -3.77489497744594108e-8]
cdef float[3] SIN_P = [-1.9515295891e-4, 8.3321608736e-3, -1.6666654611e-1]
cdef float[3] COS_P = [2.443315711809948e-5, -1.388731625493765e-3, 4.166664568298827e-2]
cdef float FOUR_OVER_PI = 1.27323954473516
cdef float ONE = 1.0
cdef float HALF = 0.5
cdef float MINUS_TWO = -2.0


cdef inline float cephes_log(float x) noexcept nogil:
    """Natural log of x in (0, 1] as the Cephes single-precision polynomial, fused as PyTorch's build fuses it."""
    cdef uint32_t bits = (<uint32_t*>&x)[0]
    cdef float exponent = <float>(<int32_t>(bits >> 23) - 0x7f) + ONE
    cdef uint32_t mantissa_bits = (bits & ~(<uint32_t>0x7f800000)) | (<uint32_t>0x3f000000)
    cdef float m = (<float*>&mantissa_bits)[0]
    cdef float z, y, t
    cdef int k
    if m < SQRT_HALF:
        exponent = exponent - ONE
        t = (m - ONE) + m
    else:
        t = m - ONE
    z = t * t
    y = fused32(LOG_P[0], t, LOG_P[1])
    for k in range(2, 9):
        y = fused32(y, t, LOG_P[k])
    y = y * t
    y = fused32(y, z, exponent * LOG_Q1)
    y = y - z * HALF
    return fused32(exponent, LOG_Q2, t + y)


cdef inline void cephes_sincos(float x, float* sine, float* cosine) noexcept nogil:
    """Sine and cosine of x >= 0 by Cephes' octant reduction and polynomials, fused as PyTorch's build fuses them."""
    cdef int32_t j = <int32_t>(x * FOUR_OVER_PI)
    cdef float y, z, c, s
    cdef int k
    j = (j + 1) & ~1
    y = <float>j
    for k in range(3):
        x = fused32(y, PI4_PARTS[k], x)
    z = x * x
    c = fused32(COS_P[0], z, COS_P[1])
    c = fused32(c, z, COS_P[2])
    c = c * z
    c = fused32(c, z, -(z * HALF))
    c = c + ONE
    s = fused32(SIN_P[0], z, SIN_P[1])
    s = fused32(s, z, SIN_P[2])
    s = s * z
    s = fused32(s, x, x)
    if j & 2:
        c, s = s, c
    sine[0] = -s if j & 4 else s
    cosine[0] = -c if (~(j - 2)) & 4 else c


def normal_blocks32(float[::1] data, float mean, float std):
    """Turns each block of 16 uniforms into normals in place (PyTorch's contiguous float32 path, its
    AVX2 kernel, which AVX512 machines also run): u1 = 1 - data[j], u2 = data[j + 8],
    radius sqrt(-2 log u1), angle (float)(2 pi) u2 by the Cephes functions above."""
    cdef Py_ssize_t block, j, n = data.shape[0] // 16
    cdef float radius, theta, sine, cosine
    cdef float two_pi = <float>TWO_PI
    with nogil:
        for block in range(n):
            for j in range(8):
                radius = sqrtf(MINUS_TWO * cephes_log(ONE - data[16 * block + j]))
                theta = two_pi * data[16 * block + j + 8]
                cephes_sincos(theta, &sine, &cosine)
                data[16 * block + j] = fused32(radius * cosine, std, mean)
                data[16 * block + j + 8] = fused32(radius * sine, std, mean)


# ---- permutations ---------------------------------------------------------------------------
def shuffle_forward(int64_t[::1] values, const uint64_t[::1] draws):
    """Fisher-Yates from the front: swaps values[i] with values[i + draws[i] % (n - i)]."""
    cdef Py_ssize_t i, n = values.shape[0]
    cdef int64_t z, saved
    with nogil:
        for i in range(n - 1):
            z = <int64_t>(draws[i] % <uint64_t>(n - i))
            saved = values[i]
            values[i] = values[z + i]
            values[z + i] = saved


def shuffle_inside_out(int64_t[::1] values, const uint64_t[::1] draws):
    """The inside-out Fisher-Yates: for each i, values[i] = values[z], values[z] = i, z = draws[i] % (i + 1)."""
    cdef Py_ssize_t i, n = values.shape[0]
    cdef int64_t z
    with nogil:
        for i in range(n):
            z = <int64_t>(draws[i] % <uint64_t>(i + 1))
            values[i] = values[z]
            values[z] = i
