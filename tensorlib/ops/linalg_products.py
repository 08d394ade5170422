"""Products of ``torch.linalg`` beyond matmul: cross (LinalgCrossBackward0),
multi_dot (matmul in the cheapest order), vecdot and matrix_exp (scaling and
squaring of a Taylor polynomial, LinalgMatrixExpBackward0)."""
import math

from .. import _dtype as D
from .. import _layout
from .._type_names import not_implemented
from ..autograd.graph import register_nodes
from ..autograd.grad_mode import no_grad
from ._common import backend_for, new_result, warn_user
from ._linalg_common import check_dtype, check_square, identity
from .joining import cat
from .nodes._base import SavingNode


# ---- cross ----------------------------------------------------------------------------------------
def cross(input, other, *, dim=-1, fname="linalg.cross"):
    """The cross product of the 3-vectors of ``input`` and ``other`` along ``dim`` (batch dimensions broadcast).

    Args:
        input (Tensor): the first vectors.
        other (Tensor): the second vectors.
        dim (int): the dimension of size 3 holding the vectors. Default: ``-1``.

    Returns:
        Tensor: the cross products.

    Example::

        >>> torch.linalg.cross(torch.tensor([1., 0., 0.]), torch.tensor([0., 1., 0.]))
        tensor([0., 0., 1.])
    """
    if len(input._shape) != len(other._shape):
        raise RuntimeError(f"{fname}: inputs must have the same number of dimensions.")
    if input._dtype is not other._dtype:
        raise RuntimeError(f"expected scalar type {input._dtype.short_name} but found {other._dtype.short_name}")
    d = _layout.normalize_dim(dim, len(input._shape))
    if input._shape[d] != 3 or other._shape[d] != 3:
        raise RuntimeError(f"{fname}: inputs dimension {dim} must have length 3. Got {input._shape[d]} and "
                           f"{other._shape[d]}")
    if input._dtype is D.bool:
        raise not_implemented("cross", input._dtype)
    shape = _layout.broadcast_shapes(input._shape, other._shape)
    device = input._storage.device
    backend = backend_for(device)
    a = backend.broadcast_to(input._array(), shape)
    b = backend.broadcast_to(other._array(), shape)
    result, array = new_result(shape, input._dtype, device, backend)
    backend.copy_into(array, backend.linalg.cross(a, b, d))
    return input._record_result(result, "LinalgCrossBackward0", (input, other), dim=d)


def legacy_cross(input, other, dim=None):
    """``torch.cross``: without ``dim``, the first dim of size 3 (deprecated, warns)."""
    if dim is None:
        warn_user("Using torch.cross without specifying the dim arg is deprecated.\nPlease either pass the dim "
                  "explicitly or simply use torch.linalg.cross.\nThe default value of dim will change to agree "
                  "with that of linalg.cross in a future release.")
        shape = _layout.broadcast_shapes(input._shape, other._shape) if len(input._shape) == len(other._shape) \
            else input._shape
        dim = next((i for i, size in enumerate(shape) if size == 3), -1)
    return cross(input, other, dim=dim)


# ---- multi_dot / vecdot ---------------------------------------------------------------------------------
def multi_dot(tensors):
    """The product of two or more matrices (the first and last may be vectors), multiplied in the order that needs the
    fewest scalar multiplications.

    Args:
        tensors (sequence of Tensors): the factors, in order.

    Returns:
        Tensor: their product.

    Example::

        >>> torch.linalg.multi_dot([torch.ones(1, 2), torch.ones(2, 3), torch.ones(3, 1)])
        tensor([[6.]])
    """
    n = len(tensors)
    if n < 2:
        raise RuntimeError(f"multi_dot(): expected at least 2 tensors but got {n}")
    first, last = tensors[0], tensors[-1]
    if len(first._shape) not in (1, 2):
        raise RuntimeError(f"multi_dot(): the first tensor must be 1D or 2D but got {len(first._shape)}D")
    if len(last._shape) not in (1, 2):
        raise RuntimeError(f"multi_dot(): the last tensor must be 1D or 2D but got {len(last._shape)}D")
    for i, t in enumerate(tensors[1:-1], 1):
        if len(t._shape) != 2:
            raise RuntimeError(f"multi_dot(): tensor {i} must be 2D but got {len(t._shape)}D")
    matrices = [first.unsqueeze(0) if len(first._shape) == 1 else first] + list(tensors[1:-1]) + \
        [last.unsqueeze(1) if len(last._shape) == 1 else last]
    for i, (a, b) in enumerate(zip(matrices, matrices[1:])):
        if a._dtype is not b._dtype:
            raise RuntimeError(f"multi_dot(): all tensors must have be the same dtype but tensor 0 is "
                               f"{first._dtype.short_name.lower()} and tensor {i + 1} {b._dtype.short_name.lower()}")
        if a._shape[1] != b._shape[0]:
            raise RuntimeError(f"multi_dot(): tensors {i} and {i + 1} with shapes {list(tensors[i]._shape)} and "
                               f"{list(tensors[i + 1]._shape)} cannot be multiplied")
    result = _chain(matrices, _order([m._shape[0] for m in matrices] + [matrices[-1]._shape[1]]), 0, n - 1)
    # PyTorch ends with a view to the result's shape, even where it is the product's own
    return result.view(result._shape[len(first._shape) == 1:len(result._shape) - (len(last._shape) == 1)])


def _order(dims):
    """The split table of the cheapest parenthesisation (the classic chain-order dynamic programme)."""
    n = len(dims) - 1
    cost = [[0] * n for _ in range(n)]
    split = [[0] * n for _ in range(n)]
    for length in range(1, n):
        for i in range(n - length):
            j = i + length
            cost[i][j] = math.inf
            for k in range(i, j):
                c = cost[i][k] + cost[k + 1][j] + dims[i] * dims[k + 1] * dims[j + 1]
                if c < cost[i][j]:
                    cost[i][j], split[i][j] = c, k
    return split


def _chain(matrices, split, i, j):
    if i == j:
        return matrices[i]
    k = split[i][j]
    return _chain(matrices, split, i, k).mm(_chain(matrices, split, k + 1, j))


def vecdot(x, y, *, dim=-1):
    """The dot product of the vectors of ``x`` and ``y`` along ``dim`` (batch dimensions broadcast).

    Args:
        x (Tensor): the first vectors.
        y (Tensor): the second vectors.
        dim (int): the dimension holding the vectors. Default: ``-1``.

    Returns:
        Tensor: the dot products.

    Example::

        >>> torch.linalg.vecdot(torch.tensor([1., 2.]), torch.tensor([3., 4.]))
        tensor(11.)
    """
    if x._dtype is not y._dtype:
        raise RuntimeError(f"linalg.vecdot: Expected x and y to have the same dtype, but found x of type "
                           f"{x._dtype.short_name} and y of type {y._dtype.short_name} instead")
    check_dtype(x, "linalg.vecdot", low="float")
    return (x * y).sum(dim)


# ---- Vandermonde matrices ---------------------------------------------------------------------------
def _powers(x, n):
    """x⁰, x¹ ... xⁿ⁻¹ along a new last dim (bool counts as int64), by cumulative products."""
    if x._dtype is D.bool:
        x = x.to(D.int64)
    ones = x.new_ones(x._shape + (1,))
    if n <= 1:
        return ones[..., :n]
    return cat([ones, x.unsqueeze(-1).expand(x._shape + (n - 1,)).cumprod(-1)], -1)


def vander(x, *, N=None):
    """The Vandermonde matrix of ``x``: row i holds the increasing powers ``x[i] ** 0`` to ``x[i] ** (N-1)``.

    Args:
        x (Tensor): the values, 1-D (or a batch).
        N (int, optional): the number of powers; ``x.size(-1)`` when None.

    Returns:
        Tensor: the matrices, of shape ``x.shape + (N,)``.

    Example::

        >>> torch.linalg.vander(torch.tensor([1., 2., 3.]))
        tensor([[1., 1., 1.],
                [1., 2., 4.],
                [1., 3., 9.]])
    """
    n = (x._shape[-1] if x._shape else 0) if N is None else N
    if n <= 1:
        raise RuntimeError("N must be greater than 1.")
    return _powers(x, n)


def legacy_vander(x, N=None, increasing=False):
    """The Vandermonde matrix of the 1-D ``x``: column j holds ``x ** (N - 1 - j)``, the powers
    decreasing (increasing when ``increasing``).

    Args:
        x (Tensor): the 1-D values.
        N (int, optional): the number of columns; ``len(x)`` when None.
        increasing (bool): whether the powers increase from left to right. Default: ``False``.

    Returns:
        Tensor: the len(x) x N matrix.

    Example::

        >>> torch.vander(torch.tensor([1, 2, 3]), N=3)
        tensor([[1, 1, 1],
                [4, 2, 1],
                [9, 3, 1]])
    """
    if x.dim() != 1:
        raise RuntimeError("x must be a one-dimensional tensor.")
    n = x._shape[0] if N is None else N
    if n < 0:
        raise RuntimeError("N must be non-negative.")
    powers = _powers(x, n)
    return powers if increasing else powers.flip(-1)


# ---- matrix_exp ------------------------------------------------------------------------------------
_TAYLOR_DEGREE = 18


def matrix_exp(A):
    """The exponential of each square matrix, ``sum(A ** k / k!)``: computed as exp(A / 2^s) by its Taylor polynomial,
    squared s times.

    Args:
        A (Tensor): a square matrix or a batch of them (leading dimensions are batch dimensions).

    Returns:
        Tensor: the exponentials.

    Example::

        >>> torch.linalg.matrix_exp(torch.zeros(2, 2))
        tensor([[1., 0.],
                [0., 1.]])
    """
    check_square(A, "linalg.matrix_exp")
    if D.compute_dtype(A._dtype) is A._dtype:
        check_dtype(A, "linalg.matrix_exp", low="float")
    with no_grad():   # two-byte floats: computed in float32 and rounded once
        result = _exp(A.detach().to(D.compute_dtype(A._dtype))).to(A._dtype)
    return A._record_result(result, "LinalgMatrixExpBackward0", (A,))


def _exp(a):
    n = a._shape[-1]
    eye = identity(n, a).expand(a._shape)
    if a.numel() == 0:
        return eye.clone()
    largest = float(a.abs().sum(-2).amax())   # the 1-norm bounds every eigenvalue
    squarings = max(0, math.ceil(math.log2(largest))) + 1 if largest > 0.5 else 0
    scaled = a / (2.0 ** squarings)
    result, term = eye.clone(), eye
    for k in range(1, _TAYLOR_DEGREE + 1):
        term = (term @ scaled) / k
        result = result + term
    for _ in range(squarings):
        result = result @ result
    return result


class LinalgMatrixExpBackward0(SavingNode):
    """The gradient of exp(A) is the upper-right block of exp([[Aᵀ, G], [0, Aᵀ]])."""
    __slots__ = ()
    saved_names = ("self",)

    def setup(self, inputs, result, ctx):
        self._save(inputs[0])

    def apply(self, grads):
        (a,), g = self._unpack(), grads[0]
        n = a._shape[-1]
        block = cat([cat([a.mT, g], -1), cat([g.new_zeros(g._shape), a.mT], -1)], -2)
        return (matrix_exp(block)[..., :n, n:],)


register_nodes(globals())
