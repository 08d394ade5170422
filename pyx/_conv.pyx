"""Compiled kernels of convolution, max pooling and batch normalisation (float32/float64).

Images are 5-D (N, C, D, H, W) arrays of any strides (a 1-D or 2-D image is the caller's view
with size-1 leading spatial dims), so a sliced, transposed or channels-last input is read where it
lies.  Convolution is ``im2col`` (the windows as columns: rows (c, kd, kh, kw), columns
(n, od, oh, ow)) followed by one matrix product; its input gradient is ``col2im``, which adds the
columns back in that same order (every image element receives its contributions in kernel order,
as an index_add over the flattened columns does).  Max pooling finds each window's value and
flat input position in one pass (the first maximum; a NaN wins and later NaNs replace it), and
its gradient is one scatter-add; relu's gradient (``threshold_backward``) is one select.  Batch
normalisation sums each channel in double: one pass for the mean, one for the variance, one to
normalise; its backward is two passes per channel."""
from libc.math cimport INFINITY, sqrt
from libc.stdint cimport int64_t


ctypedef fused real:
    float
    double


cdef inline Py_ssize_t _first_inside(Py_ssize_t offset, Py_ssize_t step, Py_ssize_t size, Py_ssize_t count,
                                     Py_ssize_t* last) noexcept nogil:
    """The range [first, last) of i in [0, count) with 0 <= offset + i * step < size."""
    cdef Py_ssize_t first = 0, end = count
    if offset < 0:
        first = (-offset + step - 1) // step
    if offset + (count - 1) * step >= size:
        end = (size - offset + step - 1) // step if size > offset else 0
    if end < first:
        end = first
    last[0] = end
    return first


cdef inline bint _empty(Py_ssize_t* shape, int dims) noexcept nogil:
    """Whether a memoryview's shape holds a zero."""
    cdef int d
    for d in range(dims):
        if shape[d] == 0:
            return True
    return False


def im2col(const real[:, :, :, :, :] x, real[:, ::1] cols, kernel, stride, dilation, padding):
    """``cols[(c, a, b, e), (n, i, j, k)] = x[n, c, i*sd - pd + a*dd, j*sh - ph + b*dh, k*sw - pw + e*dw]``,
    0 where that falls in the padding (the output size follows from the geometry)."""
    cdef Py_ssize_t kd = kernel[0], kh = kernel[1], kw = kernel[2]
    cdef Py_ssize_t sd = stride[0], sh = stride[1], sw = stride[2]
    cdef Py_ssize_t dd = dilation[0], dh = dilation[1], dw = dilation[2]
    cdef Py_ssize_t pd = padding[0], ph = padding[1], pw = padding[2]
    cdef Py_ssize_t n_ = x.shape[0], channels = x.shape[1], depth = x.shape[2], height = x.shape[3], width = x.shape[4]
    cdef Py_ssize_t od = (depth + 2 * pd - dd * (kd - 1) - 1) // sd + 1
    cdef Py_ssize_t oh = (height + 2 * ph - dh * (kh - 1) - 1) // sh + 1
    cdef Py_ssize_t ow = (width + 2 * pw - dw * (kw - 1) - 1) // sw + 1
    cdef Py_ssize_t c, a, b, e, n, i, j, k, z, y, k0, k1, step
    cdef Py_ssize_t x0, x1, x2, x3, x4
    cdef const real* src
    cdef real* dst
    if cols.shape[0] != channels * kd * kh * kw or cols.shape[1] != n_ * od * oh * ow:
        raise ValueError("im2col: the columns do not match the geometry")
    if _empty(x.shape, 5) or cols.shape[1] == 0:
        return
    x0, x1, x2, x3, x4 = (x.strides[0] // sizeof(real), x.strides[1] // sizeof(real), x.strides[2] // sizeof(real),
                          x.strides[3] // sizeof(real), x.strides[4] // sizeof(real))
    with nogil:
        dst = &cols[0, 0]
        step = sw * x4
        for c in range(channels):
            for a in range(kd):
                for b in range(kh):
                    for e in range(kw):
                        k0 = _first_inside(e * dw - pw, sw, width, ow, &k1)
                        for n in range(n_):
                            for i in range(od):
                                z = i * sd - pd + a * dd
                                for j in range(oh):
                                    y = j * sh - ph + b * dh
                                    if z < 0 or z >= depth or y < 0 or y >= height:
                                        for k in range(ow):
                                            dst[k] = 0
                                    else:
                                        src = &x[n, c, z, y, 0] + (e * dw - pw) * x4
                                        for k in range(k0):
                                            dst[k] = 0
                                        for k in range(k0, k1):
                                            dst[k] = src[k * step]
                                        for k in range(k1, ow):
                                            dst[k] = 0
                                    dst += ow


def col2im(const real[:, ::1] cols, real[:, :, :, :, ::1] out, kernel, stride, dilation, padding):
    """The adjoint of ``im2col``: ``out`` (N, C, D, H, W), zeroed here, receives each column
    entry at the position ``im2col`` read it from (padding positions dropped)."""
    cdef Py_ssize_t kd = kernel[0], kh = kernel[1], kw = kernel[2]
    cdef Py_ssize_t sd = stride[0], sh = stride[1], sw = stride[2]
    cdef Py_ssize_t dd = dilation[0], dh = dilation[1], dw = dilation[2]
    cdef Py_ssize_t pd = padding[0], ph = padding[1], pw = padding[2]
    cdef Py_ssize_t n_ = out.shape[0], channels = out.shape[1], depth = out.shape[2], height = out.shape[3]
    cdef Py_ssize_t width = out.shape[4]
    cdef Py_ssize_t od = (depth + 2 * pd - dd * (kd - 1) - 1) // sd + 1
    cdef Py_ssize_t oh = (height + 2 * ph - dh * (kh - 1) - 1) // sh + 1
    cdef Py_ssize_t ow = (width + 2 * pw - dw * (kw - 1) - 1) // sw + 1
    cdef Py_ssize_t c, a, b, e, n, i, j, k, z, y, k0, k1
    cdef const real* src
    cdef real* dst
    if cols.shape[0] != channels * kd * kh * kw or cols.shape[1] != n_ * od * oh * ow:
        raise ValueError("col2im: the columns do not match the geometry")
    if _empty(out.shape, 5):
        return
    out[...] = 0
    if cols.shape[1] == 0:
        return
    with nogil:
        src = &cols[0, 0]
        for c in range(channels):
            for a in range(kd):
                for b in range(kh):
                    for e in range(kw):
                        k0 = _first_inside(e * dw - pw, sw, width, ow, &k1)
                        for n in range(n_):
                            for i in range(od):
                                z = i * sd - pd + a * dd
                                for j in range(oh):
                                    y = j * sh - ph + b * dh
                                    if 0 <= z < depth and 0 <= y < height:
                                        dst = &out[n, c, z, y, 0] + (e * dw - pw)
                                        for k in range(k0, k1):
                                            dst[k * sw] += src[k]
                                    src += ow


cdef inline Py_ssize_t _window_start(Py_ssize_t start, Py_ssize_t dilation) noexcept nogil:
    """The first position of a dilated window starting at ``start`` that is not before 0."""
    if start < 0:
        start += ((-start + dilation - 1) // dilation) * dilation
    return start


def max_pool(const real[:, :, :, :, :] x, real[:, :, :, :, ::1] values, int64_t[:, :, :, :, ::1] indices,
             kernel, stride, dilation, padding):
    """Each window's maximum into ``values`` and its flat (D*H*W) input position into
    ``indices`` (both (N, C, od, oh, ow)); a window reads only positions inside the input."""
    cdef Py_ssize_t kd = kernel[0], kh = kernel[1], kw = kernel[2]
    cdef Py_ssize_t sd = stride[0], sh = stride[1], sw = stride[2]
    cdef Py_ssize_t dd = dilation[0], dh = dilation[1], dw = dilation[2]
    cdef Py_ssize_t pd = padding[0], ph = padding[1], pw = padding[2]
    cdef Py_ssize_t n_ = x.shape[0], channels = x.shape[1], depth = x.shape[2], height = x.shape[3], width = x.shape[4]
    cdef Py_ssize_t od = values.shape[2], oh = values.shape[3], ow = values.shape[4]
    cdef Py_ssize_t n, c, i, j, k, z0, z1, y0, y1, w0, w1, z, y, w, best_at
    cdef Py_ssize_t x2, x3, x4
    cdef const real* plane
    cdef real* value_at
    cdef int64_t* index_at
    cdef real v, best
    cdef bint take
    if _empty(values.shape, 5):
        return
    x2, x3, x4 = x.strides[2] // sizeof(real), x.strides[3] // sizeof(real), x.strides[4] // sizeof(real)
    with nogil:
        value_at = &values[0, 0, 0, 0, 0]
        index_at = &indices[0, 0, 0, 0, 0]
        for n in range(n_):
            for c in range(channels):
                plane = &x[n, c, 0, 0, 0]
                for i in range(od):
                    z0 = _window_start(i * sd - pd, dd)
                    z1 = min(i * sd - pd + (kd - 1) * dd + 1, depth)
                    for j in range(oh):
                        y0 = _window_start(j * sh - ph, dh)
                        y1 = min(j * sh - ph + (kh - 1) * dh + 1, height)
                        for k in range(ow):
                            w0 = _window_start(k * sw - pw, dw)
                            w1 = min(k * sw - pw + (kw - 1) * dw + 1, width)
                            best = -INFINITY
                            best_at = (z0 * height + y0) * width + w0
                            z = z0
                            while z < z1:
                                y = y0
                                while y < y1:
                                    w = w0
                                    while w < w1:
                                        v = plane[z * x2 + y * x3 + w * x4]
                                        take = (v > best) | (v != v)   # branch-free: random data mispredicts
                                        best = v if take else best
                                        best_at = ((z * height + y) * width + w) if take else best_at
                                        w += dw
                                    y += dh
                                z += dd
                            value_at[0] = best
                            index_at[0] = best_at
                            value_at += 1
                            index_at += 1


def max_pool_backward(const real[:, :, :] g, const int64_t[:, :, ::1] indices, real[:, :, ::1] out):
    """``out`` (N, C, L), zeroed here, with each ``g[n, c, o]`` added at ``indices[n, c, o]``
    (in order of o)."""
    cdef Py_ssize_t n, c, o
    with nogil:
        out[...] = 0
        for n in range(g.shape[0]):
            for c in range(g.shape[1]):
                for o in range(g.shape[2]):
                    out[n, c, indices[n, c, o]] += g[n, c, o]


def batch_norm_statistics(const real[:, :, :] x, real[:] mean, real[:] variance, real[:] invstd, double eps):
    """Per channel of (N, C, L) ``x``: the mean, the biased variance and 1 / sqrt(variance + eps),
    summed in double (two passes: the variance from the deviations)."""
    cdef Py_ssize_t n, c, l, count = x.shape[0] * x.shape[2]
    cdef double total, m, d
    with nogil:
        for c in range(x.shape[1]):
            total = 0
            for n in range(x.shape[0]):
                for l in range(x.shape[2]):
                    total += x[n, c, l]
            m = total / count
            total = 0
            for n in range(x.shape[0]):
                for l in range(x.shape[2]):
                    d = x[n, c, l] - m
                    total += d * d
            mean[c] = <real>m
            variance[c] = <real>(total / count)
            invstd[c] = <real>(1 / sqrt(total / count + eps))


def batch_norm_normalize(const real[:, :, :] x, const real[:] mean, const real[:] invstd, weight, bias,
                         real[:, :, ::1] out):
    """``out = (x - mean) * invstd * weight + bias`` per channel of (N, C, L) ``x``, rounded at each
    step (``weight``/``bias``: (C,) arrays or None)."""
    cdef const real[:] w = weight if weight is not None else mean
    cdef const real[:] b = bias if bias is not None else mean
    cdef bint has_w = weight is not None, has_b = bias is not None
    cdef Py_ssize_t n, c, l
    cdef real m, s, v
    with nogil:
        for n in range(x.shape[0]):
            for c in range(x.shape[1]):
                m = mean[c]
                s = invstd[c]
                for l in range(x.shape[2]):
                    v = (x[n, c, l] - m) * s
                    if has_w:
                        v = v * w[c]
                    if has_b:
                        v = v + b[c]
                    out[n, c, l] = v


def batch_norm_backward(const real[:, :, :] g, const real[:, :, :] x, const real[:] mean,
                        const real[:] invstd, weight, grad_input, real[:] grad_weight, real[:] grad_bias):
    """The training-mode gradients of batch normalisation per channel of (N, C, L) ``x``:
    ``grad_bias = sum(g)``, ``grad_weight = sum(g * xhat)`` (xhat = (x - mean) * invstd, summed in
    double) and, where ``grad_input`` is an (N, C, L) array,
    ``(g - mean(g) - xhat * mean(g * xhat)) * invstd * weight``."""
    cdef const real[:] w = weight if weight is not None else mean
    cdef real[:, :, ::1] gx
    cdef bint has_w = weight is not None, has_gx = grad_input is not None
    cdef Py_ssize_t n, c, l, count = x.shape[0] * x.shape[2]
    cdef double sum_g, sum_gx, m, s, scale, mean_g, mean_gx, xhat
    if has_gx:
        gx = grad_input
    with nogil:
        for c in range(x.shape[1]):
            m = mean[c]
            s = invstd[c]
            sum_g = 0
            sum_gx = 0
            for n in range(x.shape[0]):
                for l in range(x.shape[2]):
                    sum_g += g[n, c, l]
                    sum_gx += g[n, c, l] * ((x[n, c, l] - m) * s)
            grad_bias[c] = <real>sum_g
            grad_weight[c] = <real>sum_gx
            if has_gx:
                scale = s * w[c] if has_w else s
                mean_g = sum_g / count
                mean_gx = sum_gx / count
                for n in range(x.shape[0]):
                    for l in range(x.shape[2]):
                        xhat = (x[n, c, l] - m) * s
                        gx[n, c, l] = <real>((g[n, c, l] - mean_g - xhat * mean_gx) * scale)


def threshold_backward(const real[::1] g, const real[::1] x, double threshold, real[::1] out):
    """``out = x <= threshold ? 0 : g`` elementwise over contiguous arrays of one length (``g``
    passes where ``x`` is NaN)."""
    cdef Py_ssize_t i
    cdef real t = <real>threshold
    with nogil:
        for i in range(out.shape[0]):
            out[i] = 0 if x[i] <= t else g[i]
