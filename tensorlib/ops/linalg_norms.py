"""The norms of ``torch.linalg``: vector_norm (the reductions' p-norm,
LinalgVectorNormBackward0), matrix_norm (Frobenius, nuclear, spectral and the
induced 1/inf norms, composed as PyTorch composes them) and norm, which picks
one of them from ``ord`` and ``dim``."""
import math
import numbers

from .. import _dtype as D
from .. import _layout
from .linalg_factorizations import svdvals
from .linalg_solvers import inv_ex
from ._linalg_common import check_dtype, check_matrix, write_out
from .reductions import norm as _p_norm

_MATRIX_ORDERS = ("fro", "nuc", 1, -1, 2, -2, math.inf, -math.inf)


def _check_dtype_argument(x, dtype, fname):
    if dtype is not None and D.promote_types(x._dtype, dtype) is not dtype:
        raise RuntimeError(f"{fname}: the dtype of the input ({x._dtype.short_name}) should be convertible without "
                           f"narrowing to the specified dtype ({dtype.short_name})")


def vector_norm(x, ord=2, dim=None, keepdim=False, *, dtype=None, out=None):
    """``sum(|x|^ord) ^ (1/ord)`` over ``dim`` (all dims by default); ord inf/-inf: max/min ``|x|``,
    0: the count of non-zeros."""
    if not isinstance(ord, numbers.Number):
        raise TypeError(f"linalg_vector_norm(): argument 'ord' must be Number, not {type(ord).__name__}")
    _check_dtype_argument(x, dtype, "linalg.vector_norm")
    if isinstance(dim, int):
        dim = (dim,)
    return _p_norm(x, ord, dim, keepdim, dtype, out)


def matrix_norm(A, ord="fro", dim=(-2, -1), keepdim=False, *, dtype=None, out=None):
    """The matrix norm ``ord`` of the matrices of dims ``dim``."""
    check_matrix(A, "linalg.matrix_norm")
    if not A._dtype.is_floating_point or ord in ("nuc", 2, -2):   # float16 has the elementwise norms only
        check_dtype(A, "linalg.matrix_norm")
    if ord not in _MATRIX_ORDERS:
        raise RuntimeError(f"linalg.matrix_norm: Order {ord} not supported.")
    if isinstance(dim, int) or len(dim) != 2:
        raise RuntimeError(f"linalg.matrix_norm: dim must be a 2-tuple. Got {_spell_dims(dim)}")
    nd = len(A._shape)
    d0, d1 = (_layout.normalize_dim(d, nd) for d in dim)
    if d0 == d1:
        raise RuntimeError(f"linalg.matrix_norm: dims must be different. Got ({dim[0]}, {dim[1]})")
    _check_dtype_argument(A, dtype, "linalg.matrix_norm")
    if dtype is not None:
        A = A.to(dtype)
    if ord == "fro":
        return vector_norm(A, 2, (d0, d1), keepdim, out=out)
    if ord in ("nuc", 2, -2):
        values = svdvals(A.movedim((d0, d1), (-2, -1)))
        if ord == 2 and values._shape[-1] == 0:   # an empty matrix: norm 0, as PyTorch gives it
            result = values.new_zeros(values._shape[:-1])
        else:
            result = values.sum(-1) if ord == "nuc" else values.amax(-1) if ord == 2 else values.amin(-1)
        if keepdim:
            result = result.unsqueeze(-1).unsqueeze(-1).movedim((-2, -1), (d0, d1))
        return write_out(result, out)
    summed, picked = (d0, d1) if abs(ord) == 1 else (d1, d0)
    sums = A.abs().sum(summed, keepdim=keepdim)
    if not keepdim and picked > summed:
        picked -= 1
    result = sums.amax(picked, keepdim=keepdim) if ord > 0 else sums.amin(picked, keepdim=keepdim)
    return write_out(result, out)


def _spell_dims(dim):
    return dim if isinstance(dim, int) else " ".join(str(d) for d in dim)


def norm(A, ord=None, dim=None, keepdim=False, *, dtype=None, out=None):
    """A vector norm or a matrix norm, by ``ord`` and ``dim`` as PyTorch chooses: a str ``ord`` or
    two dims (or a 2-D input with an ``ord``) give a matrix norm."""
    if dim is not None:
        dims = (dim,) if isinstance(dim, int) else tuple(dim)
        if len(dims) not in (1, 2):
            raise RuntimeError(f"linalg.norm: If dim is specified, it must be of length 1 or 2. Got {list(dims)}")
        if len(dims) == 2 or isinstance(ord, str):
            return matrix_norm(A, "fro" if ord is None else ord, dim, keepdim, dtype=dtype, out=out)
        return vector_norm(A, 2 if ord is None else ord, dims, keepdim, dtype=dtype, out=out)
    if ord is None:
        return vector_norm(A, 2, None, keepdim, dtype=dtype, out=out)
    nd = len(A._shape)
    if nd not in (1, 2):
        raise RuntimeError(f"linalg.norm: If dim is not specified but ord is, the input must be 1D or 2D. Got {nd}D.")
    if nd == 2 or isinstance(ord, str):
        return matrix_norm(A, ord, (-2, -1), keepdim, dtype=dtype, out=out)
    return vector_norm(A, ord, None, keepdim, dtype=dtype, out=out)


def legacy_norm(input, p="fro", dim=None, keepdim=False, dtype=None, out=None):
    """``torch.norm`` / ``Tensor.norm``: a vector norm for a numeric ``p`` (and for 'fro' over at
    most two dims), a matrix norm otherwise, as PyTorch routes them."""
    if isinstance(p, str):
        if p == "fro" and (dim is None or isinstance(dim, int) or len(dim) <= 2):
            return vector_norm(input, 2, dim, keepdim, dtype=dtype, out=out)
        dims = tuple(range(input.dim())) if dim is None else dim
        return matrix_norm(input, p, dims, keepdim, dtype=dtype, out=out)
    return vector_norm(input, 2.0 if p is None else p, dim, keepdim, dtype=dtype, out=out)


_CONDITION_ORDERS = (None, "fro", "nuc", 1, -1, 2, -2, math.inf, -math.inf)


def cond(A, p=None):
    """The condition number of each matrix in the norm ``p``: the ratio of its extreme singular values
    for None/2/-2, ``norm(A) * norm(A⁻¹)`` otherwise (inf for a singular matrix)."""
    if p not in _CONDITION_ORDERS:
        raise RuntimeError(f"linalg.cond got an invalid norm type: {p}")
    if len(A._shape) < 2:
        raise RuntimeError("linalg.cond: The input tensor must have at least 2 dimensions.")
    if p in (None, 2, -2):
        if A.numel() == 0:   # PyTorch's condition number of empty matrices
            return A.new_zeros(A._shape[:-2])
        values = svdvals(A)
        largest, smallest = values.narrow(-1, 0, 1), values.narrow(-1, values._shape[-1] - 1, 1)
        return (smallest / largest if p == -2 else largest / smallest).squeeze(-1)
    if A._shape[-1] != A._shape[-2]:
        raise RuntimeError(f"linalg.cond(ord={p}): A must be batches of square matrices, but they are "
                           f"{A._shape[-2]} by {A._shape[-1]} matrices")
    if A.numel() == 0:
        return A.new_zeros(A._shape[:-2])
    inverse, info = inv_ex(A)
    result = matrix_norm(A, p) * matrix_norm(inverse, p)
    return result.where(info == 0, math.inf)
