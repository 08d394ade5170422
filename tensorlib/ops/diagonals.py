"""Diagonals and triangles: ``diagonal`` (a view of the diagonal of two dims,
also ``torch.linalg.diagonal``), ``trace``, ``diag_embed`` (its inverse) and
``diagflat``, declared in the registry with their backward nodes; the index
factories ``tril_indices`` and ``triu_indices``."""
import numpy as np

from .. import _dtype as D
from .. import _layout
from .._tensor import host_tensor
from ..backends import resolve_device
from .._type_names import not_implemented
from ..autograd.graph import register_nodes
from ..autograd.grad_mode import no_grad
from ._op_docs import example
from ._registry import declare
from .nodes._base import Node, zeros
from .nodes.shape import _ViewNode


def _diagonal_dims(ndim, dim1, dim2):
    d1, d2 = _layout.normalize_dim(dim1, ndim), _layout.normalize_dim(dim2, ndim)
    if d1 == d2:
        raise RuntimeError(f"diagonal dimensions cannot be identical {dim1}, {dim2}")
    return d1, d2


def diagonal(x, offset=0, dim1=0, dim2=1):
    """The view of the elements ``x[..., i, ..., i + offset, ...]`` of dims ``dim1`` and
    ``dim2``, those dims removed and the diagonal appended as the last dim."""
    nd = len(x._shape)
    d1, d2 = _diagonal_dims(nd, dim1, dim2)
    rows, cols = x._shape[d1], x._shape[d2]
    offset = int(offset)
    if offset >= 0:
        length = max(0, min(rows, cols - offset))
        start = x._offset + offset * x._strides[d2]
    else:
        length = max(0, min(rows + offset, cols))
        start = x._offset - offset * x._strides[d1]
    kept = [d for d in range(nd) if d not in (d1, d2)]
    shape = tuple(x._shape[d] for d in kept) + (length,)
    strides = tuple(x._strides[d] for d in kept) + (x._strides[d1] + x._strides[d2],)
    view = x._alias(shape, strides, start if length else x._offset)
    return x._record_view(view, "DiagonalBackward0", (x._shape, offset, d1, d2))


class DiagonalBackward0(_ViewNode):
    """ctx: (input shape, offset, dim1, dim2); the gradient lands on that diagonal of zeros."""
    __slots__ = ()

    def apply(self, grads):
        shape, offset, d1, d2 = self.ctx
        z = zeros(shape, grads[0])
        z.diagonal(offset, d1, d2).copy_(grads[0])
        return (z,)


def trace(x):
    """The sum of the main diagonal of a matrix (integers sum to int64, as ``sum``)."""
    if len(x._shape) != 2:
        raise RuntimeError(f"trace: expected a matrix, but got tensor with dim {len(x._shape)}")
    if x._dtype is D.bool:
        raise not_implemented("trace", x._dtype)
    with no_grad():
        result = x.detach().diagonal().sum()
    return x._record_result(result, "TraceBackward0", (x,), shape=x._shape)


class TraceBackward0(Node):
    """The gradient lands on the main diagonal of zeros."""
    __slots__ = ("shape",)

    def setup(self, inputs, result, ctx):
        self.shape = ctx["shape"]

    def apply(self, grads):
        z = zeros(self.shape, grads[0])
        z.diagonal().copy_(grads[0].expand(z.diagonal()._shape))
        return (z,)


def diag_embed(x, offset=0, dim1=-2, dim2=-1):
    """A tensor whose diagonals ``offset`` of dims ``dim1``/``dim2`` hold the last dim of
    ``x``, zeros elsewhere (one dim more than ``x``)."""
    nd = len(x._shape) + 1
    d1, d2 = _diagonal_dims(nd, dim1, dim2)
    n = x._shape[-1] + abs(int(offset))
    batch = list(x._shape[:-1])
    for d in sorted((d1, d2)):
        batch.insert(d, n)
    result = zeros(tuple(batch), x)
    with no_grad():
        result.diagonal(offset, d1, d2).copy_(x.detach())
    return x._record_result(result, "DiagEmbedBackward0", (x,), offset=int(offset), dim1=d1, dim2=d2)


def diagflat(x, offset=0):
    """A matrix with the flattened ``x`` on diagonal ``offset``."""
    return diag_embed(x.reshape(-1), offset)


def _triangle_indices(name, row, col, offset, dtype, device, lower):
    if row < 0:
        raise RuntimeError(f"row must be non-negative, got{row}")
    if col < 0:
        raise RuntimeError(f"col must be non-negative, got{col}")
    if dtype not in (D.int32, D.int64):
        raise not_implemented(name, dtype)
    rows, cols = np.tril_indices(row, offset, col) if lower else np.triu_indices(row, offset, col)
    return host_tensor(np.stack([rows, cols]).reshape(2, -1), dtype, resolve_device(device))


def tril_indices(row, col, offset=0, *, dtype=D.int64, device=None, layout=None, pin_memory=False):
    """The (row, column) indices of the lower triangle of a ``row`` x ``col`` matrix: on and below the diagonal
    ``offset``, row by row.

    Args:
        row (int): the number of rows.
        col (int): the number of columns.
        offset (int): which diagonal bounds the triangle. Default: ``0``.
        dtype (dtype): the dtype of the result. Default: int64.
        device (device, optional): the device of the result.
        layout, pin_memory: accepted for PyTorch's signature.

    Returns:
        Tensor: a 2 x N tensor: the rows, then the columns.

    Example::

        >>> torch.tril_indices(3, 3)
        tensor([[0, 1, 1, 2, 2, 2],
                [0, 0, 1, 0, 1, 2]])
    """
    return _triangle_indices("tril_indices", row, col, offset, dtype, device, True)


def triu_indices(row, col, offset=0, *, dtype=D.int64, device=None, layout=None, pin_memory=False):
    """The (row, column) indices of the upper triangle of a ``row`` x ``col`` matrix: on and above the diagonal
    ``offset``, row by row.

    Args:
        row (int): the number of rows.
        col (int): the number of columns.
        offset (int): which diagonal bounds the triangle. Default: ``0``.
        dtype (dtype): the dtype of the result. Default: int64.
        device (device, optional): the device of the result.
        layout, pin_memory: accepted for PyTorch's signature.

    Returns:
        Tensor: a 2 x N tensor: the rows, then the columns.

    Example::

        >>> torch.triu_indices(2, 3, offset=1)
        tensor([[0, 0, 1],
                [1, 2, 2]])
    """
    return _triangle_indices("triu_indices", row, col, offset, dtype, device, False)


register_nodes(globals())

declare("diagonal", diagonal, "int offset=0, int dim1=0, int dim2=1", inplace=False, out=False,
    doc="""A view of the diagonal of ``input`` in the plane of ``dim1`` and ``dim2``; it becomes
    the last dimension of the result.

    Args:
        offset: which diagonal: 0 the main one, positive above it, negative below.
        dim1: the first dimension of the plane.
        dim2: the second dimension of the plane.
    """ + example(">>> torch.diagonal(torch.arange(9).reshape(3, 3))", "tensor([0, 4, 8])",
                  ">>> torch.diagonal(torch.arange(9).reshape(3, 3), offset=1)", "tensor([1, 5])"))
declare("trace", trace, "", inplace=False, out=False,
    doc="""The sum of the main diagonal of the 2-D ``input``, a 0-d tensor.""" + example(
    ">>> torch.trace(torch.arange(9.).reshape(3, 3))", "tensor(12.)"))
declare("diag_embed", diag_embed, "int offset=0, int dim1=-2, int dim2=-1", inplace=False, out=False,
    doc="""Matrices whose diagonal holds the last dimension of ``input``, zero elsewhere; the
    matrices lie in the result's dimensions ``dim1`` and ``dim2``.

    Args:
        offset: which diagonal to fill: 0 the main one, positive above it, negative below.
        dim1: the result's dimension of the matrices' rows.
        dim2: the result's dimension of the matrices' columns.
    """ + example(">>> torch.diag_embed(torch.tensor([1, 2]))", "tensor([[1, 0],", "        [0, 2]])"))
declare("diagflat", diagflat, "int offset=0", inplace=False, out=False,
    doc="""A square matrix whose ``offset`` diagonal holds the elements of ``input``, flattened.

    Args:
        offset: which diagonal to fill: 0 the main one, positive above it, negative below.
    """ + example(">>> torch.diagflat(torch.tensor([1, 2]), offset=1)",
                  "tensor([[0, 1, 0],", "        [0, 0, 2],", "        [0, 0, 0]])"))

FUNCTIONS = ("tril_indices", "triu_indices")
