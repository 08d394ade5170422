"""Fused kernels of the nn layer: log_softmax over contiguous rows, nll_loss summed in PyTorch's
cascade.

The composed form (max, subtract, exp, sum, log, subtract) is six passes and
six kernel calls; a classifier's logits are a few short rows, where the calls
cost more than the arithmetic.  One pass per row here, same formula:
``t = x - max(row)``, ``out = t - log(sum(exp(t)))``, so NaN and infinities
behave as in the composed form (a row with NaN, +inf, or only -inf is all NaN)."""
cimport numpy as cnp
from libc.math cimport exp, expf, log

cnp.import_array()


ctypedef fused real:
    float
    double


cdef void log_softmax_each_row(real* a, real* out, Py_ssize_t rows, Py_ssize_t cols) noexcept nogil:
    cdef Py_ssize_t r, j
    cdef real m, x, ls
    cdef double s
    for r in range(rows):
        m = a[0]
        for j in range(1, cols):
            x = a[j]
            if x > m or x != x:
                m = x
            if m != m:
                break
        s = 0.0                          # summed in double: rows of any length stay accurate
        for j in range(cols):
            if real is float:
                s += expf(a[j] - m)
            else:
                s += exp(a[j] - m)
        ls = <real>log(s)
        for j in range(cols):
            out[j] = (a[j] - m) - ls
        a += cols
        out += cols


def log_softmax_rows(cnp.ndarray a not None, cnp.ndarray out not None):
    """``out = log_softmax(a)`` along the last dim, for C-contiguous float32/float64
    ``a`` and ``out`` of one shape and dtype with a non-empty last dim.  True when
    done; False for other dtypes or layouts, or out overlapping a (left to the
    caller).  Mismatched shapes raise ValueError."""
    cdef int nd = cnp.PyArray_NDIM(a), d, typenum = cnp.PyArray_TYPE(a)
    cdef Py_ssize_t cols, rows
    if cnp.PyArray_NDIM(out) != nd:
        raise ValueError("log_softmax_rows: out's shape differs from a's")
    for d in range(nd):
        if cnp.PyArray_DIMS(out)[d] != cnp.PyArray_DIMS(a)[d]:
            raise ValueError("log_softmax_rows: out's shape differs from a's")
    if nd == 0 or cnp.PyArray_TYPE(out) != typenum or (typenum != cnp.NPY_FLOAT and typenum != cnp.NPY_DOUBLE):
        return False
    if not (cnp.PyArray_IS_C_CONTIGUOUS(a) and cnp.PyArray_IS_C_CONTIGUOUS(out) and cnp.PyArray_ISALIGNED(a)
            and cnp.PyArray_ISALIGNED(out) and cnp.PyArray_ISWRITEABLE(out)
            and cnp.PyArray_ISNOTSWAPPED(a) and cnp.PyArray_ISNOTSWAPPED(out)):
        return False
    cols = cnp.PyArray_DIMS(a)[nd - 1]
    if cols == 0 or cnp.PyArray_SIZE(a) == 0:
        return False
    rows = cnp.PyArray_SIZE(a) // cols
    cdef char* pa = cnp.PyArray_BYTES(a)
    cdef char* po = cnp.PyArray_BYTES(out)
    cdef Py_ssize_t nbytes = cnp.PyArray_NBYTES(a)
    if pa < po + nbytes and po < pa + nbytes:
        return False
    with nogil:
        if typenum == cnp.NPY_FLOAT:
            log_softmax_each_row(<float*>pa, <float*>po, rows, cols)
        else:
            log_softmax_each_row(<double*>pa, <double*>po, rows, cols)
    return True


cdef enum:
    CASCADE_LEVELS = 8
    REDUCE_NONE = 0
    REDUCE_SUM = 1
    REDUCE_MEAN = 2


def nll_loss_rows(cnp.ndarray x not None, cnp.ndarray target not None, Py_ssize_t ignore_index, str reduction,
                  cnp.ndarray out not None, cnp.ndarray total not None):
    """The unweighted negative log likelihood of C-contiguous float32/float64 (M, C)
    ``x`` at the contiguous int64 (M,) ``target`` (rows whose target is
    ``ignore_index`` left out): per-row ``-x[i, t]`` (0 in ignored rows) into (M,)
    ``out`` for 'none', else their sum ('sum') or sum over the rows kept ('mean')
    into (1,) ``out``; (1,) ``total`` gets the number of rows kept.  Returns the
    first target outside [0, C) that is not ignored (nothing written then), None
    when done, or False for layouts and dtypes left to the caller."""
    cdef int typenum = cnp.PyArray_TYPE(x)
    cdef Py_ssize_t M, C, i, t, kept = 0
    cdef int mode = REDUCE_NONE if reduction == "none" else (REDUCE_SUM if reduction == "sum" else REDUCE_MEAN)
    if cnp.PyArray_NDIM(x) != 2 or cnp.PyArray_NDIM(target) != 1 or cnp.PyArray_TYPE(target) != cnp.NPY_INT64:
        return False
    M = cnp.PyArray_DIMS(x)[0]
    C = cnp.PyArray_DIMS(x)[1]
    if (typenum != cnp.NPY_FLOAT and typenum != cnp.NPY_DOUBLE) or cnp.PyArray_TYPE(out) != typenum \
            or cnp.PyArray_TYPE(total) != typenum or cnp.PyArray_DIMS(target)[0] != M \
            or cnp.PyArray_SIZE(out) != (M if mode == REDUCE_NONE else 1) or cnp.PyArray_SIZE(total) != 1:
        return False
    for arr in (x, target, out, total):
        if not (cnp.PyArray_IS_C_CONTIGUOUS(arr) and cnp.PyArray_ISALIGNED(arr) and cnp.PyArray_ISNOTSWAPPED(arr)):
            return False
    if not (cnp.PyArray_ISWRITEABLE(out) and cnp.PyArray_ISWRITEABLE(total)):
        return False
    cdef long long* tp = <long long*>cnp.PyArray_DATA(target)
    for i in range(M):
        t = tp[i]
        if t != ignore_index and (t < 0 or t >= C):
            return int(t)
    cdef float* xf = <float*>cnp.PyArray_DATA(x)
    cdef double* xd = <double*>cnp.PyArray_DATA(x)
    cdef float* of = <float*>cnp.PyArray_DATA(out)
    cdef double* od = <double*>cnp.PyArray_DATA(out)
    # PyTorch's cascaded sum: rows add into the first of 8 partial sums, and after each kept row
    # whose index ends in `power` zero bits, a partial sum is carried into the next one up (as
    # many levels as the index has zero groups); the partial sums are added in order at the end
    cdef float fparts[CASCADE_LEVELS]
    cdef double dparts[CASCADE_LEVELS]
    cdef int power = 4, j, ceil_log2 = 0
    cdef Py_ssize_t mask
    while (<Py_ssize_t>1 << ceil_log2) < M:
        ceil_log2 += 1
    if ceil_log2 // CASCADE_LEVELS > power:
        power = ceil_log2 // CASCADE_LEVELS
    mask = (<Py_ssize_t>1 << power) - 1
    for j in range(CASCADE_LEVELS):
        fparts[j] = 0
        dparts[j] = 0
    for i in range(M):
        t = tp[i]
        if t == ignore_index:
            if mode == REDUCE_NONE:
                if typenum == cnp.NPY_FLOAT:
                    of[i] = 0
                else:
                    od[i] = 0
            continue
        kept += 1
        if typenum == cnp.NPY_FLOAT:
            fparts[0] -= xf[i * C + t]
            if mode == REDUCE_NONE:
                of[i] = -xf[i * C + t]
        else:
            dparts[0] -= xd[i * C + t]
            if mode == REDUCE_NONE:
                od[i] = -xd[i * C + t]
        for j in range(CASCADE_LEVELS - 1):
            if i & (mask << (j * power)):
                break
            fparts[j + 1] += fparts[j]
            dparts[j + 1] += dparts[j]
            fparts[j] = 0
            dparts[j] = 0
    if typenum == cnp.NPY_FLOAT:
        (<float*>cnp.PyArray_DATA(total))[0] = <float>kept
        if mode != REDUCE_NONE:
            of[0] = 0
            for j in range(CASCADE_LEVELS):
                of[0] += fparts[j]
            if mode == REDUCE_MEAN:
                of[0] = of[0] / <float>kept
    else:
        (<double*>cnp.PyArray_DATA(total))[0] = <double>kept
        if mode != REDUCE_NONE:
            od[0] = 0
            for j in range(CASCADE_LEVELS):
                od[0] += dparts[j]
            if mode == REDUCE_MEAN:
                od[0] = od[0] / <double>kept
    return None
