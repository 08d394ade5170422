"""Compiled loops of the random samplers (host arrays in, host arrays out).

What PyTorch's CPU samplers compute element by element with the C math library and
fused multiply-adds, reproduced to the last bit: glibc's double log/log1p/cos/sin/tan/exp,
single-precision Cephes log and sincos as PyTorch's AVX2 normal kernel evaluates them (with
its compiler's multiply-add fusion; in _random_blocks.h), explicit fma/fmaf where PyTorch's
expressions are fused, and the sequential swap loops of randperm."""
from libc.math cimport cos, exp, fma, log, log1p, sin, sqrt, tan
from libc.stdint cimport int64_t, uint64_t

cdef double TWO_PI = 6.283185307179586

cdef extern from "_random_blocks.h":
    float tl_fused_soft(float a, float b, float c) nogil
    void tl_normal_blocks32(float *data, Py_ssize_t blocks, float mean, float sd) nogil


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
            out[i] = tl_fused_soft(x[i], scale, shift)


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


def normal_blocks32(float[::1] data, float mean, float std):
    """Turns each block of 16 uniforms into normals in place: PyTorch's contiguous float32 path (its
    AVX2 kernel, which AVX512 machines also run), written in _random_blocks.h."""
    if data.shape[0] >= 16:
        with nogil:
            tl_normal_blocks32(&data[0], data.shape[0] // 16, mean, std)


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
