"""The LU factorisation with partial pivoting: ``torch.linalg.lu_factor``,
``lu_factor_ex``, ``lu``, ``lu_solve`` and ``torch.lu_unpack``, ``torch.lu``,
``torch.lu_solve``, batched, with their backward nodes (LinalgLuFactorExBackward0,
LinalgLuBackward0, LuUnpackBackward0, LinalgLuSolveBackward0) written with
tensorlib ops."""
from .. import _dtype as D
from ..autograd.graph import register_nodes
from ..autograd.grad_mode import no_grad
from . import return_types
from ._common import backend_for, new_result, warn_user
from ._linalg_common import check_dtype, check_square, compute, identity
from .linalg_solvers import solve_triangular
from .nodes._base import SavingNode, needs


def _check_lu_input(A, fname):
    if len(A._shape) < 2:
        raise RuntimeError(f"torch.lu_factor: Expected tensor with 2 or more dimensions. Got size: "
                           f"{list(A._shape)} instead")
    check_dtype(A, fname, integers=("kernel", "lu_cpu"), low=("kernel", "lu_cpu"))


def _check_pivot(pivot):
    if not pivot:
        raise RuntimeError("linalg.lu_factor: LU without pivoting is not implemented on the CPU")


def lu_factor_ex(A, *, pivot=True, check_errors=False, fname="torch.linalg.lu_factor_ex"):
    """The LU factorisation with partial pivoting of each matrix, packed, with a status: L (unit diagonal, not stored)
    and U in one matrix, LAPACK's 1-based row swaps, and ``info`` 0 or the first zero pivot (1-based).

    Args:
        A (Tensor): a matrix or a batch of them (leading dimensions are batch dimensions).
        pivot (bool): must be True on the CPU. Default: ``True``.
        check_errors (bool): raise LinAlgError for a zero pivot instead. Default: ``False``.

    Returns:
        (Tensor, Tensor, Tensor): the named tuple ``(LU, pivots, info)``.
    """
    _check_lu_input(A, fname)
    _check_pivot(pivot)
    packed, pivots, info = compute(A, "lu_factor", A, dtypes={1: D.int32, 2: D.int32})
    if check_errors:
        _raise_for_zero_pivot(info, len(A._shape) > 2, fname)
    packed = A._record_result(packed, "LinalgLuFactorExBackward0", (A,), pivots=pivots)
    return return_types.linalg_lu_factor_ex((packed, pivots, info))


def _raise_for_zero_pivot(info, batched, fname):
    flat = info.reshape(-1)
    failed = flat.nonzero()
    if failed.shape[0]:
        index = int(failed[0, 0])
        step = int(flat[index])   # PyTorch names getrf's 1-based info as the index
        prefix = f"(Batch element {index}): " if batched else ""
        raise RuntimeError(f"{fname}: {prefix}U[{step},{step}] is zero and using it on lu_solve would result in a "
                          "division by zero. If you still want to perform the factorization, consider calling "
                          "linalg.lu(A, pivot) or linalg.lu_factor_ex(A, pivot)")


def lu_factor(A, *, pivot=True):
    """The LU factorisation with partial pivoting of each matrix, packed as :func:`tensorlib.linalg.lu_solve` takes it;
    an error for a zero pivot.

    Args:
        A (Tensor): a matrix or a batch of them (leading dimensions are batch dimensions).
        pivot (bool): must be True on the CPU. Default: ``True``.

    Returns:
        (Tensor, Tensor): the named tuple ``(LU, pivots)``.
    """
    packed, pivots, info = lu_factor_ex(A, pivot=pivot, fname="torch.linalg.lu_factor")
    _raise_for_zero_pivot(info, len(A._shape) > 2, "torch.linalg.lu_factor")
    return return_types.linalg_lu_factor((packed, pivots))


def _permutation(pivots, m, like):
    """P (of ``like``'s dtype) with A = P L U, from getrf's pivots."""
    device = like._storage.device
    backend = backend_for(device)
    order, array = new_result(pivots._shape[:-1] + (m,), D.int64, device, backend)
    backend.copy_into(array, backend.linalg.permutation(pivots._array(), m))
    return identity(m, like)[order].mT


def _unpack(packed, m, n):
    """(L, U) views of a packed LU (no copies of their data beyond tril/triu)."""
    k = min(m, n)
    lower = packed[..., :, :k].tril(-1) + identity(m, packed)[:, :k]
    upper = packed[..., :k, :].triu()
    return lower, upper


def lu_unpack(LU_data, LU_pivots, unpack_data=True, unpack_pivots=True):
    """Unpacks an LU factorisation from :func:`tensorlib.linalg.lu_factor` into ``P``, ``L`` and ``U`` with
    ``A = P @ L @ U`` (empty tensors for the parts not asked for).

    Args:
        LU_data (Tensor): the packed factors.
        LU_pivots (Tensor): the 1-based row swaps.
        unpack_data (bool): compute L and U. Default: ``True``.
        unpack_pivots (bool): compute P. Default: ``True``.

    Returns:
        (Tensor, Tensor, Tensor): the named tuple ``(P, L, U)``.
    """
    m, n = LU_data._shape[-2:]
    with no_grad():
        permutation = _permutation(LU_pivots, m, LU_data) if unpack_pivots else LU_data.new_zeros((0,))
    if not unpack_data:
        empty = LU_data.new_zeros((0,))
        factors = LU_data._record_results((empty, empty.clone()), "LuUnpackBackward0", shape=LU_data._shape)
        return return_types.lu_unpack((permutation,) + factors)
    with no_grad():
        lower, upper = _unpack(LU_data.detach(), m, n)
    factors = LU_data._record_results((lower, upper), "LuUnpackBackward0", shape=LU_data._shape)
    return return_types.lu_unpack((permutation,) + factors)


def lu(A, *, pivot=True):
    """The LU factorisation with partial pivoting ``A = P @ L @ U`` of each matrix: P a permutation, L lower triangular
    with a unit diagonal, U upper triangular.

    Args:
        A (Tensor): a matrix or a batch of them (leading dimensions are batch dimensions).
        pivot (bool): must be True on the CPU. Default: ``True``.

    Returns:
        (Tensor, Tensor, Tensor): the named tuple ``(P, L, U)``.

    Example::

        >>> P, L, U = torch.linalg.lu(torch.tensor([[1., 2.], [3., 4.]]))
        >>> torch.allclose(P @ L @ U, torch.tensor([[1., 2.], [3., 4.]]))
        True
    """
    _check_lu_input(A, "linalg.lu")
    _check_pivot(pivot)
    packed, pivots, _ = compute(A, "lu_factor", A, dtypes={1: D.int32, 2: D.int32})
    m, n = A._shape[-2:]
    with no_grad():
        permutation = _permutation(pivots, m, A)
        lower, upper = _unpack(packed, m, n)
    lower, upper = A._record_results((lower, upper), "LinalgLuBackward0", permutation=permutation)
    return return_types.linalg_lu((permutation, lower, upper))


def legacy_lu(A, pivot=True, get_infos=False, out=None):
    """``torch.lu``: ``(LU, pivots)``, with ``info`` when ``get_infos``."""
    packed, pivots, info = lu_factor_ex(A, pivot=pivot)
    return return_types._lu_with_info((packed, pivots, info)) if get_infos else (packed, pivots)


# ---- backward of the factorisation ---------------------------------------------------------------
def _square_backward(lower, upper, g_lower, g_upper):
    """The gradient of A = L U (square) from those of L and U: L⁻ᵀ (tril₋₁(Lᵀ Ḡl) + triu(Ḡu Uᵀ)) U⁻ᵀ."""
    phi = (lower.mT @ g_lower).tril(-1) + (g_upper @ upper.mT).triu()
    left = solve_triangular(lower.mT, phi, upper=True, unitriangular=True)
    return solve_triangular(upper.mT, left, upper=False, left=False)


def lu_backward(permutation, lower, upper, g_lower, g_upper):
    """The gradient of A = P L U: square directly; a tall A's extra rows L₂ = A₂ U⁻¹ and a wide A's
    extra columns U₂ = L⁻¹ A₂ add their terms."""
    m, n = lower._shape[-2], upper._shape[-1]
    g_lower = lower.new_zeros(lower._shape) if g_lower is None else g_lower
    g_upper = upper.new_zeros(upper._shape) if g_upper is None else g_upper
    if m == n:
        return permutation @ _square_backward(lower, upper, g_lower, g_upper)
    from .joining import cat
    if m > n:
        top, rest = lower[..., :n, :], lower[..., n:, :]
        g_top, g_rest = g_lower[..., :n, :], g_lower[..., n:, :]
        g_rows = solve_triangular(upper.mT, g_rest, upper=False, left=False)   # Ḡl₂ U⁻ᵀ
        square = _square_backward(top, upper, g_top, g_upper - rest.mT @ g_rows)
        return permutation @ cat([square, g_rows], -2)
    left_part, rest = upper[..., :, :m], upper[..., :, m:]
    g_left, g_rest = g_upper[..., :, :m], g_upper[..., :, m:]
    g_columns = solve_triangular(lower.mT, g_rest, upper=True, unitriangular=True)   # L⁻ᵀ Ḡu₂
    square = _square_backward(lower, left_part, g_lower - g_columns @ rest.mT, g_left)
    return permutation @ cat([square, g_columns], -1)


class LinalgLuFactorExBackward0(SavingNode):
    """The packed factors' gradient split into L's (strictly lower) and U's (upper) parts."""
    __slots__ = ()
    saved_names = ("pivots", "LU")

    def setup(self, inputs, result, ctx):
        self._save(ctx["pivots"], result)
        self._save_output(1, result)

    def apply(self, grads):
        pivots, packed = self._unpack()
        m, n = packed._shape[-2:]
        k = min(m, n)
        lower, upper = _unpack(packed, m, n)
        g = grads[0]
        permutation = _permutation(pivots, m, packed)
        return (lu_backward(permutation, lower, upper, g[..., :, :k].tril(-1), g[..., :k, :].triu()),)


class LinalgLuBackward0(SavingNode):
    """A = P L U: the gradient from those of L and U."""
    __slots__ = ()
    n_outputs = 2
    saved_names = ("P", "L", "U")

    def setup(self, inputs, result, ctx):
        self._save(ctx["permutation"], *result)
        for i, factor in enumerate(result):
            self._save_output(i + 1, factor, i)

    def apply(self, grads):
        permutation, lower, upper = self._unpack()
        return (lu_backward(permutation, lower, upper, *grads),)


class LuUnpackBackward0(SavingNode):
    """L and U are the packed matrix's triangles: their gradients packed back."""
    __slots__ = ("shape",)
    n_outputs = 2

    def setup(self, inputs, result, ctx):
        self.shape = ctx["shape"]

    def apply(self, grads):
        m, n = self.shape[-2:]
        k = min(m, n)
        g_lower, g_upper = grads
        like = g_lower if g_lower is not None else g_upper
        packed = like.new_zeros(self.shape)
        if g_lower is not None and g_lower.numel():
            packed = packed + _pad(g_lower.tril(-1), self.shape, columns=k)
        if g_upper is not None and g_upper.numel():
            packed = packed + _pad(g_upper.triu(), self.shape, rows=k)
        return (packed,)


def _pad(t, shape, rows=None, columns=None):
    """``t`` placed at the top-left of zeros of ``shape``."""
    from .joining import cat
    m, n = shape[-2:]
    if columns is not None and columns < n:
        t = cat([t, t.new_zeros(t._shape[:-1] + (n - columns,))], -1)
    if rows is not None and rows < m:
        t = cat([t, t.new_zeros(t._shape[:-2] + (m - rows, n))], -2)
    return t


# ---- lu_solve ----------------------------------------------------------------------------------------
def lu_solve(LU, pivots, B, *, left=True, adjoint=False):
    """Solves ``A @ X = B`` (``A^T @ X = B`` when ``adjoint``; ``X @ A = B`` when not ``left``) for A given by
    :func:`tensorlib.linalg.lu_factor`'s result.

    Args:
        LU (Tensor): the packed factors.
        pivots (Tensor): the 1-based row swaps.
        B (Tensor): the right-hand sides, a matrix or a batch.
        left (bool): which side A multiplies X from. Default: ``True``.
        adjoint (bool): solve with A's transpose. Default: ``False``.

    Returns:
        Tensor: the solution X.

    Example::

        >>> LU, pivots = torch.linalg.lu_factor(torch.tensor([[4., 2.], [2., 3.]]))
        >>> torch.linalg.lu_solve(LU, pivots, torch.tensor([[2.], [1.]]))
        tensor([[0.5000],
                [0.0000]])
    """
    check_square(LU, "torch.linalg.lu_solve")
    if len(B._shape) < 2:
        raise RuntimeError("linalg.lu_solve: The input tensor B must have at least 2 dimensions.")
    n = LU._shape[-1]
    if (B._shape[-2] if left else B._shape[-1]) != n:
        equation = "AX = B" if left else "XA = B"
        raise RuntimeError(f"linalg.lu_solve: Incompatible shapes of A and B for the equation {equation} "
                           f"({n}x{n} and {B._shape[-2]}x{B._shape[-1]})")
    with no_grad():
        permutation = _permutation(pivots, n, LU)
        lower, upper = _unpack(LU.detach(), n, n)
        rhs = B.detach() if left else B.detach().mT
        x = _solve_factored(permutation, lower, upper, rhs, adjoint if left else not adjoint)
        x = x if left else x.mT.contiguous()
    return LU._record_result(x, "LinalgLuSolveBackward0", (LU, B), permutation=permutation, left=left,
                             adjoint=adjoint)


def _solve_factored(permutation, lower, upper, b, adjoint):
    """A⁻¹ b (A⁻ᵀ b when ``adjoint``) for A = P L U."""
    if adjoint:
        z = solve_triangular(upper.mT, b, upper=False)
        return permutation @ solve_triangular(lower.mT, z, upper=True, unitriangular=True)
    w = solve_triangular(lower, permutation.mT @ b, upper=False, unitriangular=True)
    return solve_triangular(upper, w, upper=True)


class LinalgLuSolveBackward0(SavingNode):
    """X = U⁻¹ L⁻¹ Pᵀ B (or its adjoint/right forms, reduced to it by transposition): the gradients of
    B and of the packed factors through each triangular solve."""
    __slots__ = ("left", "adjoint")
    saved_names = ("LU", "P", "result")

    def setup(self, inputs, result, ctx):
        self.left, self.adjoint = ctx["left"], ctx["adjoint"]
        self._save(inputs[0], ctx["permutation"], result)
        self._save_output(2, result)

    def apply(self, grads):
        packed, permutation, x = self._unpack()
        n = packed._shape[-1]
        lower, upper = _unpack(packed, n, n)
        g = grads[0]
        adjoint = self.adjoint if self.left else not self.adjoint
        if not self.left:
            x, g = x.mT, g.mT
        if adjoint:   # X = P L⁻ᵀ U⁻ᵀ B
            g_w = permutation.mT @ g
            w = permutation.mT @ x
            g_z = solve_triangular(lower, g_w, upper=False, unitriangular=True)
            z = lower.mT @ w
            g_b = solve_triangular(upper, g_z, upper=True)
            g_lower = -(w @ g_z.mT).tril(-1)
            g_upper = -(z @ g_b.mT).triu()
        else:         # X = U⁻¹ L⁻¹ Pᵀ B
            g_z = solve_triangular(upper.mT, g, upper=False)
            z = upper @ x
            g_w = solve_triangular(lower.mT, g_z, upper=True, unitriangular=True)
            g_upper = -(g_z @ x.mT).triu()
            g_lower = -(g_w @ z.mT).tril(-1)
            g_b = permutation @ g_w
        g_packed = g_lower + g_upper if needs(self, 0) else None
        return g_packed, ((g_b if self.left else g_b.mT) if needs(self, 1) else None)


def legacy_lu_solve(b, LU_data, LU_pivots, out=None):
    """``torch.lu_solve`` (deprecated for torch.linalg.lu_solve; warns)."""
    warn_user("torch.lu_solve is deprecated in favor of torch.linalg.lu_solveand will be removed in a future "
              "PyTorch release.\nNote that torch.linalg.lu_solve has its arguments reversed.\nX = torch.lu_solve(B, "
              "LU, pivots)\nshould be replaced with\nX = torch.linalg.lu_solve(LU, pivots, B)")
    return lu_solve(LU_data, LU_pivots, b)


register_nodes(globals())

FUNCTIONS = ("lu_unpack",)
