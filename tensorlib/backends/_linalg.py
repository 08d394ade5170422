"""Matrix decompositions and solvers written once against an array module ``xp``
(NumPy's ``numpy.linalg`` on the CPU, ``cupy.linalg`` on CUDA).  Each backend
exposes one :class:`LinalgKernels` as ``backend.linalg``.

Every array argument is a float32/float64 array of shape ``(..., m, n)`` (the
ops layer checks shapes and dtypes and broadcasts batch dims first); every
result is a new array.  Where LAPACK reports a failure through ``info`` (a
singular matrix, a matrix that is not positive-definite) the kernel returns
that ``info`` per matrix (an int32 array of the batch shape, 0 for success)
instead of raising, so that the ``*_ex`` ops can hand it back and the others
raise PyTorch's message.  NumPy raises where CuPy returns NaN: both are
recognised, and the ``info`` is then recomputed the way LAPACK counts it."""
import numpy as np


def _batch(a):
    """``a`` as a stack of matrices ``(count, m, n)``."""
    return a.reshape((-1,) + a.shape[-2:])


class LinalgKernels:
    """The decompositions over the array module that ``xp_of()`` returns (called
    lazily: CUDA's module is resolved on first use)."""

    def __init__(self, xp_of):
        self._xp_of = xp_of

    @property
    def xp(self):
        """The array module."""
        return self._xp_of()

    def _attempt(self, fn, *arrays):
        """``fn(*arrays)``, or None when it failed or produced non-finite values from finite input."""
        xp = self.xp
        try:
            result = fn(*arrays)
        except np.linalg.LinAlgError:
            return None
        first = result[0] if isinstance(result, tuple) else result
        if not bool(xp.isfinite(first).all()) and all(bool(xp.isfinite(a).all()) for a in arrays):
            return None
        return result

    # ---- LAPACK's info -----------------------------------------------------------------------
    def lu_factor(self, a):
        """``(LU, pivots, info)``: the LU factorisation with partial pivoting of each (m, n) matrix as
        getrf gives it -- L (unit diagonal, not stored) and U packed in one matrix, the 1-based
        row swapped with row i at step i (int32, min(m, n) per matrix), and 0 or the 1-based index
        of the first zero pivot."""
        xp = self.xp
        m, n = a.shape[-2:]
        k = min(m, n)
        work = _batch(a).copy()
        count = work.shape[0]
        rows = xp.arange(count)
        pivots = xp.zeros((count, k), dtype=np.int32)
        info = xp.zeros(count, dtype=np.int32)
        for j in range(k):   # one column per step, every matrix of the batch at once
            pivot = xp.argmax(xp.abs(work[:, j:, j]), axis=1) + j
            pivots[:, j] = pivot + 1
            top = work[rows, j].copy()
            work[rows, j] = work[rows, pivot]
            work[rows, pivot] = top
            diagonal = work[:, j, j]
            zero = diagonal == 0
            info = xp.where((info == 0) & zero, j + 1, info).astype(np.int32)
            factors = work[:, j + 1:, j] / xp.where(zero, 1, diagonal)[:, None]
            factors = xp.where(zero[:, None], 0, factors)
            work[:, j + 1:, j] = factors
            work[:, j + 1:, j + 1:] -= factors[:, :, None] * work[:, j:j + 1, j + 1:]
        return work.reshape(a.shape), pivots.reshape(a.shape[:-2] + (k,)), info.reshape(a.shape[:-2])

    def lu_info(self, a):
        """Per matrix: 0, or the 1-based index of the first zero pivot of the LU factorisation
        with partial pivoting (getrf's ``info``)."""
        return self.lu_factor(a)[2]

    def permutation(self, pivots, m):
        """The row order ``perm`` (int64, (..., m)) that getrf's ``pivots`` apply: row i of P^T A is
        row perm[i] of A."""
        xp = self.xp
        flat = pivots.reshape((-1, pivots.shape[-1])).astype(np.int64) - 1
        perm = xp.broadcast_to(xp.arange(m, dtype=np.int64), (flat.shape[0], m)).copy()
        rows = xp.arange(flat.shape[0])
        for j in range(flat.shape[1]):   # the swaps in order, every matrix at once
            other = flat[:, j]
            top = perm[rows, j].copy()
            perm[rows, j] = perm[rows, other]
            perm[rows, other] = top
        return perm.reshape(pivots.shape[:-1] + (m,))

    def cholesky_info(self, a):
        """Per matrix: 0, or the order of the first leading minor that is not positive-definite
        (potrf's ``info``)."""
        xp = self.xp
        stack = _batch(a)
        info = xp.zeros(stack.shape[0], dtype=np.int32)
        for k in range(1, stack.shape[-1] + 1):
            minor = stack[:, :k, :k]
            factor = self._attempt(xp.linalg.cholesky, minor)
            if factor is None:   # find which matrices fail at this order
                failed = xp.asarray([self._attempt(xp.linalg.cholesky, m[None]) is None for m in minor])
                info = xp.where((info == 0) & failed, k, info).astype(np.int32)
        return info.reshape(a.shape[:-2])

    # ---- inverses and determinants -----------------------------------------------------------
    def inv(self, a):
        """``(inverse, info)``; the matrices whose ``info`` is non-zero hold NaN."""
        xp = self.xp
        result = self._attempt(xp.linalg.inv, a)
        if result is not None:
            return result, xp.zeros(a.shape[:-2], dtype=np.int32)
        info = self.lu_info(a)
        stack, flat_info = _batch(a), info.reshape(-1)
        inverse = xp.full(stack.shape, np.nan, dtype=a.dtype)
        ok = flat_info == 0
        if bool(ok.any()):
            inverse[ok] = xp.linalg.inv(stack[ok])
        return inverse.reshape(a.shape), info

    def det(self, a):
        """The determinant of each matrix."""
        return self.xp.asarray(self.xp.linalg.det(a))   # NumPy gives a scalar for one matrix

    def slogdet(self, a):
        """``(sign, log|det|)``."""
        xp = self.xp
        sign, logabs = xp.linalg.slogdet(a)
        return xp.asarray(sign, dtype=a.dtype), xp.asarray(logabs, dtype=a.dtype)

    def solve(self, a, b):
        """``(x, info)`` with ``a @ x = b`` (``b`` of shape ``(..., n, k)``, batch dims already
        those of ``a``); ``info`` as :meth:`inv`'s."""
        xp = self.xp
        result = self._attempt(xp.linalg.solve, a, b)
        if result is not None:
            return result, xp.zeros(a.shape[:-2], dtype=np.int32)
        info = self.lu_info(a)
        stack, rhs, flat_info = _batch(a), _batch(b), info.reshape(-1)
        x = xp.full(rhs.shape, np.nan, dtype=a.dtype)
        ok = flat_info == 0
        if bool(ok.any()):
            x[ok] = xp.linalg.solve(stack[ok], rhs[ok])
        return x.reshape(b.shape), info

    def solve_triangular(self, a, b, upper, unitriangular):
        """``x`` with ``T @ x = b``, ``T`` the upper (or lower) triangle of ``a`` (unit diagonal
        when ``unitriangular``); a zero on the diagonal gives inf/nan as substitution does."""
        xp = self.xp
        n = a.shape[-1]
        t = xp.triu(a) if upper else xp.tril(a)
        if unitriangular:
            t = t * (1 - xp.eye(n, dtype=a.dtype)) + xp.eye(n, dtype=a.dtype)
        result = self._attempt(xp.linalg.solve, t, b)
        if result is not None:
            return result
        x = xp.zeros(b.shape, dtype=a.dtype)
        order = range(n - 1, -1, -1) if upper else range(n)
        with np.errstate(all="ignore"):   # a zero pivot gives inf/nan, as in LAPACK's trsm
            for i in order:   # substitution, one row of every matrix and column at once
                known = xp.matmul(t[..., i:i + 1, :], x)
                x[..., i:i + 1, :] = (b[..., i:i + 1, :] - known) / t[..., i:i + 1, i:i + 1]
        return x

    # ---- factorisations ----------------------------------------------------------------------
    def cholesky(self, a, upper):
        """``(factor, info)``: the lower factor ``L`` (its transpose when ``upper``)."""
        xp = self.xp
        factor = self._attempt(xp.linalg.cholesky, a)
        if factor is None:
            info = self.cholesky_info(a)
            factor = xp.full(a.shape, np.nan, dtype=a.dtype)
        else:
            info = xp.zeros(a.shape[:-2], dtype=np.int32)
        return (xp.swapaxes(factor, -1, -2).copy() if upper else factor), info

    def qr(self, a, mode):
        """``(Q, R)`` for mode 'reduced' or 'complete'; ``(None, R)`` for mode 'r'."""
        xp = self.xp
        if mode == "r":
            return None, xp.linalg.qr(a, mode="r")
        q, r = xp.linalg.qr(a, mode=mode)
        return q, r

    def eigh(self, a, uplo):
        """``(eigenvalues ascending, eigenvectors)`` of the symmetric matrix in the ``uplo`` triangle."""
        w, v = self.xp.linalg.eigh(a, UPLO=uplo)
        return w, v

    def eigvalsh(self, a, uplo):
        """The eigenvalues (ascending) of the symmetric matrix in the ``uplo`` triangle."""
        return self.xp.linalg.eigvalsh(a, UPLO=uplo)

    def svd(self, a, full_matrices):
        """``(U, S, Vh)``."""
        u, s, vh = self.xp.linalg.svd(a, full_matrices=full_matrices)
        return u, s, vh

    def pinv(self, a, atol, rtol, hermitian):
        """The pseudo-inverse, singular values at most ``max(atol, rtol * largest)`` dropped
        (``atol``/``rtol`` floats or arrays of the batch shape)."""
        xp = self.xp
        if hermitian:
            w, v = xp.linalg.eigh(a)
            magnitude = xp.abs(w)
            keep = magnitude > self._tolerance(magnitude, atol, rtol)
            inverse = xp.where(keep, 1 / xp.where(keep, w, 1), 0)
            return xp.matmul(v * inverse[..., None, :], xp.swapaxes(v, -1, -2))
        u, s, vh = xp.linalg.svd(a, full_matrices=False)
        keep = s > self._tolerance(s, atol, rtol)
        inverse = xp.where(keep, 1 / xp.where(keep, s, 1), 0)
        return xp.matmul(xp.swapaxes(vh, -1, -2) * inverse[..., None, :], xp.swapaxes(u, -1, -2))

    def _tolerance(self, values, atol, rtol):
        """``max(atol, rtol * largest)`` per matrix, shaped to compare with ``values`` (..., k)."""
        xp = self.xp
        largest = values.max(axis=-1) if values.shape[-1] else xp.zeros(values.shape[:-1], dtype=values.dtype)
        tolerance = xp.maximum(xp.asarray(atol, dtype=values.dtype), xp.asarray(rtol, dtype=values.dtype) * largest)
        return tolerance[..., None]

    def cross(self, a, b, axis):
        """The cross product of the 3-vectors along ``axis``."""
        return self.xp.cross(a, b, axis=axis)
