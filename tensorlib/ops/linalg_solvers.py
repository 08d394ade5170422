"""Inverses, determinants and linear solvers of ``torch.linalg`` (inv, inv_ex,
det, slogdet, solve, solve_ex, solve_triangular, cholesky, cholesky_ex, pinv,
lstsq, matrix_rank, matrix_power) and their old ``torch.*`` names (inverse,
logdet, cholesky, pinverse).  Batched over leading dims as PyTorch; each
computes in ``backend.linalg`` and records the backward node PyTorch records
(ops/nodes/linalg_decompositions.py)."""
import math

from .. import _dtype as D
from .._type_names import not_implemented
from .. import _layout
from ..autograd.grad_mode import no_grad
from . import return_types
from ._common import warn_user
from ._linalg_common import (check_dtype, check_matrix, check_same_dtype, check_square, compute,
                             identity, raise_for_info)

_SINGULAR = ("The diagonal element {} is zero, the inversion could not be completed because the input matrix is "
             "singular.")
_SOLVER_FAILED = "The solver failed because the input matrix is singular.".format
_NOT_POSITIVE_DEFINITE = ("The factorization could not be completed because the input is not positive-definite (the "
                          "leading minor of order {} is not positive-definite).")


# ---- inverses and determinants ---------------------------------------------------------------------
def inv_ex(A, *, check_errors=False, fname="linalg.inv_ex"):
    """The inverse of each square matrix with a status instead of an error: ``info`` is 0, or the (1-based) position of
    the first zero pivot of its LU factorisation.

    Args:
        A (Tensor): a square matrix or a batch of them (leading dimensions are batch dimensions).
        check_errors (bool): raise LinAlgError for a singular matrix instead. Default: ``False``.

    Returns:
        (Tensor, Tensor): the named tuple ``(inverse, info)``, ``info`` int32.

    Example::

        >>> A = torch.tensor([[4., 2.], [2., 3.]])
        >>> torch.linalg.inv_ex(A).info
        tensor(0, dtype=torch.int32)
    """
    check_square(A, fname)
    check_dtype(A, fname)
    inverse, info = compute(A, "inv", A, dtypes={1: D.int32})
    if check_errors:
        raise_for_info(info, len(A._shape) > 2, fname, _SINGULAR.format)
    return return_types.linalg_inv_ex((A._record_result(inverse, "LinalgInvExBackward0", (A,)), info))


def inv(A):
    """The inverse of each square matrix; LinAlgError for a singular one.

    Args:
        A (Tensor): a square matrix or a batch of them (leading dimensions are batch dimensions).

    Returns:
        Tensor: the inverses, of ``A``'s shape.

    Example::

        >>> A = torch.tensor([[4., 2.], [2., 3.]])
        >>> torch.linalg.inv(A)
        tensor([[ 0.3750, -0.2500],
                [-0.2500,  0.5000]])
    """
    inverse, info = inv_ex(A, fname="linalg.inv")
    raise_for_info(info, len(A._shape) > 2, "linalg.inv", _SINGULAR.format)
    return inverse


def det(A):
    """The determinant of each square matrix.

    Args:
        A (Tensor): a square matrix or a batch of them (leading dimensions are batch dimensions).

    Returns:
        Tensor: the determinants, of the batch shape.

    Example::

        >>> A = torch.tensor([[4., 2.], [2., 3.]])
        >>> torch.linalg.det(A)
        tensor(8.)
    """
    check_square(A, "linalg.det")
    check_dtype(A, "linalg.det", low=("kernel", "lu_cpu"))
    return A._record_result(compute(A, "det", A), "LinalgDetBackward0", (A,))


def slogdet(A):
    """The sign and the natural logarithm of the absolute value of each square matrix's determinant (which may overflow
    where its logarithm does not).

    Args:
        A (Tensor): a square matrix or a batch of them (leading dimensions are batch dimensions).

    Returns:
        (Tensor, Tensor): the named tuple ``(sign, logabsdet)``; sign 0 and logabsdet -inf for a singular matrix.

    Example::

        >>> A = torch.tensor([[4., 2.], [2., 3.]])
        >>> torch.linalg.slogdet(A).logabsdet
        tensor(2.0794)
    """
    check_square(A, "linalg.slogdet")
    check_dtype(A, "linalg.slogdet")
    results = compute(A, "slogdet", A)
    return return_types.linalg_slogdet(A._record_results(results, "LinalgSlogdetBackward0"))


def legacy_slogdet(A):
    """``torch.slogdet``: as linalg.slogdet, a ``torch.return_types.slogdet``."""
    return return_types.slogdet(slogdet(A))


def logdet(A):
    """log(det(A)): nan for a negative determinant, -inf for a zero one."""
    check_square(A, "logdet")
    check_dtype(A, "logdet")
    sign, logabs = slogdet(A)
    return logabs.where(sign >= 0, math.nan)


# ---- solvers --------------------------------------------------------------------------------------
def _is_vector_rhs(A, B):
    """Whether B is a (batch of) vector(s) rather than matrices, by PyTorch's rule."""
    return len(B._shape) == 1 or (len(B._shape) == len(A._shape) - 1 and B._shape == A._shape[:-1])


def _system(A, B, left, fname):
    """A and B (matrices) detached and expanded to their common batch shape, after PyTorch's check
    that A X = B (X A = B when not ``left``) is an equation of matching sizes."""
    if len(B._shape) < 2 or B._shape[-2 if left else -1] != A._shape[-1]:
        shown = f"{B._shape[-2]}x{B._shape[-1]}" if len(B._shape) >= 2 else f"{B._shape[-1]}x1"
        raise RuntimeError(f"{fname}: Incompatible shapes of A and B for the equation {'AX = B' if left else 'XA = B'} "
                           f"({A._shape[-2]}x{A._shape[-1]} and {shown})")
    batch = _layout.broadcast_shapes(A._shape[:-2], B._shape[:-2])
    return A.detach().expand(batch + A._shape[-2:]), B.detach().expand(batch + B._shape[-2:]), batch


def solve_ex(A, B, *, left=True, check_errors=False, fname="linalg.solve_ex"):
    """Solves ``A @ X = B`` (``X @ A = B`` when not ``left``) with a status instead of an error: ``info`` is 0, or the
    first zero pivot of A's LU factorisation.

    Args:
        A (Tensor): a square matrix or a batch of them (leading dimensions are batch dimensions).
        B (Tensor): the right-hand sides, a vector or matrix (or a batch), broadcast with ``A``'s batch.
        left (bool): which side ``A`` multiplies ``X`` from. Default: ``True``.
        check_errors (bool): raise LinAlgError for a singular ``A`` instead. Default: ``False``.

    Returns:
        (Tensor, Tensor): the named tuple ``(result, info)``.
    """
    check_dtype(A, fname)
    check_matrix(A, fname)
    check_same_dtype(A, B, fname)
    check_square(A, fname)
    vector = left and _is_vector_rhs(A, B)
    a, b, batch = _system(A, B.unsqueeze(-1) if vector else B, left, fname)
    if left:
        x, info = compute(A, "solve", a, b, dtypes={1: D.int32})
    else:   # X A = B  <=>  A^T X^T = B^T
        x, info = compute(A, "solve", a.mT, b.mT, dtypes={1: D.int32})
        x = x.mT.contiguous()
    if vector:
        x = x.squeeze(-1)
    if check_errors:
        raise_for_info(info, len(batch) > 0, f"torch.{fname}", _SOLVER_FAILED)
    result = A._record_result(x, "LinalgSolveExBackward0", (A, B), vector=vector, left=left)
    return return_types.linalg_solve_ex((result, info))


def solve(A, B, *, left=True):
    """Solves ``A @ X = B`` for X (``X @ A = B`` when not ``left``); LinAlgError for a singular A.

    Args:
        A (Tensor): a square matrix or a batch of them (leading dimensions are batch dimensions).
        B (Tensor): the right-hand sides, a vector or matrix (or a batch), broadcast with ``A``'s batch.
        left (bool): which side ``A`` multiplies ``X`` from. Default: ``True``.

    Returns:
        Tensor: the solution X, of ``B``'s (broadcast) shape.

    Example::

        >>> A = torch.tensor([[4., 2.], [2., 3.]])
        >>> torch.linalg.solve(A, torch.tensor([2., 1.]))
        tensor([0.5000, 0.0000])
    """
    result, info = solve_ex(A, B, left=left, fname="linalg.solve")
    raise_for_info(info, len(info._shape) > 0, "torch.linalg.solve", _SOLVER_FAILED)
    return result


def solve_triangular(A, B, *, upper, left=True, unitriangular=False):
    """Solves ``T @ X = B`` (``X @ T = B`` when not ``left``), T the upper or lower triangle of ``A`` (with ones on its
    diagonal when ``unitriangular``), by substitution.

    Args:
        A (Tensor): the matrix (or batch) whose triangle is used; the other triangle is ignored.
        B (Tensor): the right-hand sides, a matrix or a batch.
        upper (bool): whether T is the upper triangle (keyword only, required).
        left (bool): which side T multiplies X from. Default: ``True``.
        unitriangular (bool): take T's diagonal as ones. Default: ``False``.

    Returns:
        Tensor: the solution X.

    Example::

        >>> T = torch.tensor([[2., 0.], [1., 1.]])
        >>> torch.linalg.solve_triangular(T, torch.tensor([[2.], [3.]]), upper=False)
        tensor([[1.],
                [2.]])
    """
    fname = "linalg.solve_triangular"
    check_matrix(A, fname)
    check_matrix(B, fname, "B")
    check_dtype(A, fname, integers=("kernel", "triangular_solve_cpu"), low=("kernel", "triangular_solve_cpu"))
    if B._dtype is not A._dtype:
        B = B.to(A._dtype)
    check_square(A, fname)
    a, b, _ = _system(A, B, left, fname)
    if left:
        x = compute(A, "solve_triangular", a, b, upper, unitriangular)
    else:   # X T = B  <=>  T^T X^T = B^T
        x = compute(A, "solve_triangular", a.mT, b.mT, not upper, unitriangular).mT.contiguous()
    return A._record_result(x, "LinalgSolveTriangularBackward0", (A, B), upper=upper, left=left,
                            unitriangular=unitriangular)


def triangular_solve(b, A, upper=True, transpose=False, unitriangular=False):
    """``torch.triangular_solve`` (deprecated for linalg.solve_triangular; warns): ``(solution,
    cloned_coefficient)`` with ``T X = b`` (``Tᵀ X = b`` when ``transpose``)."""
    warn_user("torch.triangular_solve is deprecated in favor of torch.linalg.solve_triangularand will be removed "
              "in a future PyTorch release.\ntorch.linalg.solve_triangular has its arguments reversed and does not "
              "return a copy of one of the inputs.\nX = torch.triangular_solve(B, A).solution\nshould be replaced "
              "with\nX = torch.linalg.solve_triangular(A, B).")
    for name, t in (("b", b), ("A", A)):
        if len(t._shape) < 2:
            raise RuntimeError(f"torch.triangular_solve: Expected {name} to have at least 2 dimensions, but it has "
                               f"{len(t._shape)} dimensions instead")
    with no_grad():
        x = solve_triangular(A.detach().mT if transpose else A.detach(), b.detach(), upper=upper != transpose,
                             unitriangular=unitriangular)
    x = b._record_result(x, "TriangularSolveBackward0", (b, A), upper=upper, transpose=transpose,
                         unitriangular=unitriangular)
    return return_types.triangular_solve((x, A.clone()))


# ---- Cholesky ------------------------------------------------------------------------------------
def cholesky_ex(A, *, upper=False, check_errors=False, fname="linalg.cholesky_ex"):
    """The Cholesky factor of each symmetric positive-definite matrix with a status instead of an error: ``info`` is 0,
    or the order of the first leading minor that is not positive-definite.

    Args:
        A (Tensor): a square matrix or a batch of them (leading dimensions are batch dimensions).
        upper (bool): return the upper factor U (``A = U^T U``) instead. Default: ``False``.
        check_errors (bool): raise LinAlgError instead. Default: ``False``.

    Returns:
        (Tensor, Tensor): the named tuple ``(L, info)``.
    """
    check_square(A, fname)
    check_dtype(A, fname, low=("kernel", "cholesky_cpu"))
    factor, info = compute(A, "cholesky", A, upper, dtypes={1: D.int32})
    if check_errors:
        raise_for_info(info, len(A._shape) > 2, fname, _NOT_POSITIVE_DEFINITE.format)
    factor = A._record_result(factor, "LinalgCholeskyExBackward0", (A,), upper=upper)
    return return_types.linalg_cholesky_ex((factor, info))


def cholesky(A, *, upper=False):
    """The Cholesky factor L of each symmetric positive-definite matrix, lower triangular with ``A = L @ L.mT``;
    LinAlgError for a matrix that is not positive-definite.

    Args:
        A (Tensor): a square matrix or a batch of them (leading dimensions are batch dimensions).
        upper (bool): return the upper factor U (``A = U^T U``) instead. Default: ``False``.

    Returns:
        Tensor: the triangular factors.

    Example::

        >>> A = torch.tensor([[4., 2.], [2., 3.]])
        >>> torch.linalg.cholesky(A)
        tensor([[2.0000, 0.0000],
                [1.0000, 1.4142]])
    """
    factor, info = cholesky_ex(A, upper=upper, fname="linalg.cholesky")
    raise_for_info(info, len(A._shape) > 2, "linalg.cholesky", _NOT_POSITIVE_DEFINITE.format)
    return factor


def legacy_cholesky(A, upper=False):
    """``torch.cholesky`` (deprecated; warns as PyTorch does), recorded as CholeskyBackward0."""
    warn_user("torch.cholesky is deprecated in favor of torch.linalg.cholesky and will be removed in a future "
              "PyTorch release.\nL = torch.cholesky(A)\nshould be replaced with\nL = torch.linalg.cholesky(A)\n"
              "and\nU = torch.cholesky(A, upper=True)\nshould be replaced with\nU = torch.linalg.cholesky(A).mH\n"
              "This transform will produce equivalent results for all valid (symmetric positive definite) inputs.")
    check_matrix(A, "cholesky")
    check_dtype(A, "cholesky", integers=("kernel", "cholesky_cpu"), low=("kernel", "cholesky_cpu"))
    check_square(A, "cholesky")
    factor, info = compute(A, "cholesky", A, upper, dtypes={1: D.int32})
    raise_for_info(info, len(A._shape) > 2, "cholesky", _NOT_POSITIVE_DEFINITE.format)
    return A._record_result(factor, "CholeskyBackward0", (A,), upper=upper)


def _triangular_factor_check(factor, kernel):
    if factor._dtype not in (D.float32, D.float64):
        raise not_implemented(kernel, factor._dtype)


def cholesky_solve(B, L, upper=False):
    """``X`` with ``A X = B`` for ``A = L Lᵀ`` (``Uᵀ U`` when ``upper``) given its Cholesky factor."""
    if len(B._shape) < 2:
        raise RuntimeError(f"b should have at least 2 dimensions, but has {len(B._shape)} dimensions instead")
    if len(L._shape) < 2:
        raise RuntimeError(f"u should have at least 2 dimensions, but has {len(L._shape)} dimensions instead")
    _triangular_factor_check(L, "cholesky_solve_cpu")
    check_same_dtype(L, B, "cholesky_solve")
    lower = L.mT if upper else L
    with no_grad():
        inner = solve_triangular(lower.detach(), B.detach(), upper=False)
        x = solve_triangular(lower.detach().mT, inner, upper=True)
    return B._record_result(x, "CholeskySolveBackward0", (B, L), upper=upper)


def cholesky_inverse(L, upper=False):
    """The inverse of ``A = L Lᵀ`` (``Uᵀ U`` when ``upper``) given its Cholesky factor."""
    check_matrix(L, "cholesky_inverse")
    check_square(L, "cholesky_inverse")
    _triangular_factor_check(L, "cholesky_inverse_out_cpu")
    with no_grad():
        eye = identity(L._shape[-1], L).expand(L._shape)
        result = cholesky_solve(eye, L.detach(), upper)
    return L._record_result(result, "CholeskyInverseBackward0", (L,), upper=upper)


# ---- tensor equations ----------------------------------------------------------------------------
def tensorinv(A, ind=2):
    """The tensor whose tensordot with ``A`` over ``ind`` dimensions is the identity (the inverse of ``A`` seen as a
    matrix whose rows are its first ``ind`` dimensions).

    Args:
        A (Tensor): the tensor to invert; the product of its first ``ind`` sizes equals that of the rest.
        ind (int): how many leading dimensions form the rows. Default: ``2``.

    Returns:
        Tensor: the inverse, of shape ``A.shape[ind:] + A.shape[:ind]``.
    """
    if ind <= 0:
        raise RuntimeError(f"Expected a strictly positive integer for 'ind', but got {ind}")
    rows, cols = math.prod(A._shape[:ind]), math.prod(A._shape[ind:])
    if rows != cols:
        raise RuntimeError(f"Expected self to satisfy the requirement prod(self.shape[ind:]) == "
                           f"prod(self.shape[:ind]), but got {cols} != {rows}")
    return inv(A.reshape(rows, cols)).reshape(A._shape[ind:] + A._shape[:ind])


def tensorsolve(A, B, dims=None):
    """Solves ``tensordot(A, X, X.ndim) = B`` for X.

    Args:
        A (Tensor): the coefficients; its leading dimensions have ``B``'s shape.
        B (Tensor): the right-hand side.
        dims (tuple of ints, optional): dimensions of ``A`` moved to the end first.

    Returns:
        Tensor: X, of shape ``A.shape[B.ndim:]``.
    """
    if dims is not None:
        A = A.movedim(tuple(dims), tuple(range(A.dim() - len(dims), A.dim())))
    rows, cols = math.prod(A._shape[:B.dim()]), math.prod(A._shape[B.dim():])
    if rows != cols:
        raise RuntimeError(f"Expected self to satisfy the requirement prod(self.shape[other.ndim:]) == "
                           f"prod(self.shape[:other.ndim]), but got {cols} != {rows}")
    return solve(A.reshape(rows, cols), B.reshape(rows)).reshape(A._shape[B.dim():])


# ---- pseudo-inverse, least squares, rank ---------------------------------------------------------
def _tolerances(A, atol, rtol):
    """PyTorch's (atol, rtol): rtol defaults to eps * max(m, n) unless a positive atol is given."""
    if rtol is None:
        positive_atol = atol is not None and (hasattr(atol, "_array") or float(atol) > 0)
        rtol = 0.0 if positive_atol else _eps(A._dtype) * max(A._shape[-2:])
    return (0.0 if atol is None else atol), rtol


def _eps(dtype):
    return 2.220446049250313e-16 if dtype is D.float64 else 1.1920928955078125e-07


def _float_of(value):
    """A tolerance as the kernels take it: a float, or a tensor's array (per matrix)."""
    return value.detach()._array() if hasattr(value, "_array") else float(value)


def pinv(A, *, atol=None, rtol=None, hermitian=False):
    """The Moore-Penrose pseudo-inverse of each matrix, through its SVD; singular values at most
    ``max(atol, rtol * largest)`` count as zero.

    Args:
        A (Tensor): a matrix or a batch of them (leading dimensions are batch dimensions).
        atol (float or Tensor, optional): the absolute tolerance.
        rtol (float or Tensor, optional): the relative tolerance; by default the dtype's eps times the larger size when
            ``atol`` is not given.
        hermitian (bool): whether ``A`` is symmetric, for the eigendecomposition. Default: ``False``.

    Returns:
        Tensor: the pseudo-inverses, n x m for an m x n ``A``.

    Example::

        >>> torch.linalg.pinv(torch.tensor([[2., 0.], [0., 0.]]))
        tensor([[0.5000, 0.0000],
                [0.0000, 0.0000]])
    """
    if len(A._shape) < 2 or A._dtype not in (D.float32, D.float64):
        raise RuntimeError(f"linalg.pinv({A._dtype.short_name}{{{list(A._shape)}}}): expected a tensor "
                           "with 2 or more dimensions of float, double, cfloat or cdouble types")
    a_tol, r_tol = (_float_of(t) for t in _tolerances(A, atol, rtol))
    result = compute(A, "pinv", A.detach(), a_tol, r_tol, hermitian)
    return A._record_result(result, "LinalgPinvBackward0", (A,))


def pinverse(A, rcond=1e-15):
    """``torch.pinverse``: pinv with ``rtol = rcond``."""
    return pinv(A, rtol=rcond)


_FLOAT_DOUBLE_ONLY = "This function doesn't handle types other than float and double"
_DRIVERS = ("gels", "gelsy", "gelsd", "gelss")


def lstsq(A, B, rcond=None, *, driver=None):
    """The least-squares solution X of ``A @ X = B``: the X that minimises ``||A @ X - B||``.

    Args:
        A (Tensor): a matrix or a batch of them (leading dimensions are batch dimensions).
        B (Tensor): the right-hand sides, with ``A``'s number of rows.
        rcond (float, optional): singular values below ``rcond`` times the largest count as zero (the drivers that use
            it).
        driver (str, optional): the LAPACK driver, ``'gelsy'`` by default on the CPU.

    Returns:
        tuple: the named tuple ``(solution, residuals, rank, singular_values)``, filled as the driver computes them.

    Example::

        >>> A = torch.tensor([[1., 0.], [0., 1.], [1., 1.]])
        >>> torch.linalg.lstsq(A, torch.tensor([[1.], [1.], [2.]])).solution.round(decimals=4)
        tensor([[1.],
                [1.]])
    """
    check_dtype(A, "torch.linalg.lstsq", integers=_FLOAT_DOUBLE_ONLY, low=_FLOAT_DOUBLE_ONLY)
    check_matrix(A, "torch.linalg.lstsq")
    driver = "gelsy" if driver is None else driver
    if driver not in _DRIVERS:
        raise RuntimeError("torch.linalg.lstsq: parameter `driver` should be one of (gels, gelsy, gelsd, gelss)")
    check_same_dtype(A, B, "torch.linalg.lstsq")
    vector = len(B._shape) == len(A._shape) - 1
    rhs = B.unsqueeze(-1) if vector else B
    if rhs._shape[-2] != A._shape[-2]:
        raise RuntimeError("torch.linalg.lstsq: input.size(-2) should match other.size(-2)")
    m, n = A._shape[-2:]
    rtol = _eps(A._dtype) * max(m, n) if rcond is None or rcond < 0 else float(rcond)
    with no_grad():
        pseudo = compute(A, "pinv", A, 0.0, rtol, False)
    solution = A._record_result(pseudo.detach() @ rhs.detach(), "LinalgLstsqBackward0", (A, rhs), pinv=pseudo)
    if vector:
        solution = solution.squeeze(-1)
    empty = A.new_zeros((0,))
    singular = _singular_values(A) if driver in ("gelsd", "gelss") else empty
    rank = (_rank(A, 0.0, rtol) if driver != "gels" else A.new_zeros((0,), dtype=D.int64))
    full_rank = driver != "gelsy" and m > n and bool((_rank(A, 0.0, rtol) == n).all())
    residuals = ((A @ (solution.unsqueeze(-1) if vector else solution) - rhs).pow(2).sum(-2)
                 if full_rank else empty)
    return return_types.linalg_lstsq((solution, residuals, rank, singular))


def _singular_values(A):
    with no_grad():
        return compute(A, "svd", A.detach(), False)[1]


def _rank(A, atol, rtol, hermitian=False):
    """The number of singular values (eigenvalue magnitudes) above ``max(atol, rtol * largest)``."""
    with no_grad():
        if hermitian:
            values = compute(A, "eigvalsh", A.detach(), "L").abs()
        else:
            values = _singular_values(A)
        if values._shape[-1] == 0:
            return values.new_zeros(values._shape[:-1], dtype=D.int64)
        largest = values.amax(-1, keepdim=True)
        tol = largest * rtol
        tol = tol.maximum(atol.unsqueeze(-1)) if hasattr(atol, "_array") else tol.clamp_min(float(atol))
        return (values > tol).sum(-1)


def matrix_rank(A, *, atol=None, rtol=None, hermitian=False, tol=None):
    """The numerical rank of each matrix: how many of its singular values exceed the tolerance.

    Args:
        A (Tensor): a matrix or a batch of them (leading dimensions are batch dimensions).
        atol (float or Tensor, optional): the absolute tolerance.
        rtol (float or Tensor, optional): the relative tolerance (of the largest singular value).
        hermitian (bool): whether ``A`` is symmetric. Default: ``False``.
        tol (float, optional): the older spelling of ``atol``.

    Returns:
        Tensor: the int64 ranks.

    Example::

        >>> torch.linalg.matrix_rank(torch.tensor([[1., 2.], [2., 4.]]))
        tensor(1)
    """
    check_dtype(A, "linalg.matrix_rank", integers=_FLOAT_DOUBLE_ONLY, low=_FLOAT_DOUBLE_ONLY)
    check_matrix(A, "linalg.matrix_rank")
    atol, rtol = _tolerances(A, tol, 0.0) if tol is not None else _tolerances(A, atol, rtol)
    if hasattr(atol, "_array"):
        atol = atol.detach()
    if hasattr(rtol, "_array"):
        rtol = rtol.detach().unsqueeze(-1)
    return _rank(A, atol, rtol, hermitian)


# ---- powers ------------------------------------------------------------------------------------------
def matrix_power(A, n):
    """Each square matrix multiplied by itself ``n`` times, by repeated squaring; the identity for ``n = 0`` and powers
    of the inverse for negative ``n``.

    Args:
        A (Tensor): a square matrix or a batch of them (leading dimensions are batch dimensions).
        n (int): the exponent.

    Returns:
        Tensor: the powers, of ``A``'s shape.

    Example::

        >>> A = torch.tensor([[4., 2.], [2., 3.]])
        >>> torch.linalg.matrix_power(A, 0)
        tensor([[1., 0.],
                [0., 1.]])
    """
    check_square(A, "linalg.matrix_power")
    n = int(n)
    if n == 0:   # PyTorch writes the identity over a copy of A (CopyBackwards: a zero gradient)
        return A.clone().copy_(identity(A._shape[-1], A).expand(A._shape))
    if n < 0:
        A = inv(A)
        n = -n
    if n == 1:
        return A.clone()
    if n == 3:   # PyTorch's order for a cube (it shows in the rounding of two-byte floats)
        return (A @ A) @ A
    result, power = None, A
    while n:
        if n & 1:
            result = power if result is None else result @ power
        n >>= 1
        if n:
            power = power @ power
    return result

