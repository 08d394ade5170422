"""Products and distances of whole tensors: ``torch.tensordot`` and ``kron``
(composed of permute/reshape/mm/mul, differentiable through those), ``cdist``
(CdistBackward0) and ``block_diag`` (BlockDiagBackward0), with PyTorch's errors."""
import math

from .. import _dtype as D
from .. import _layout
from .._C import TensorBase
from .._device import device as _device
from .._tensor import full_tensor
from ..autograd.graph import register_nodes
from ..autograd.grad_mode import no_grad
from .broadcasting import _tensor_list
from .indexing import where
from ._linalg_common import write_out
from ._op_docs import example
from ._registry import declare
from .nodes._base import Node, SavingNode, needs


# ---- tensordot ------------------------------------------------------------------------------------
def tensordot(a, b, dims=2, out=None):
    """The sum of the products of ``a``'s and ``b``'s elements over the dimensions ``dims`` names: an int n pairs
    ``a``'s last n dimensions with ``b``'s first n; two lists pair them one by one.

    Args:
        a (Tensor): the left operand.
        b (Tensor): the right operand.
        dims (int or pair of lists of ints): the dimensions to contract. Default: ``2``.
        out (Tensor, optional): the tensor to write the result into.

    Returns:
        Tensor: the remaining dimensions of ``a`` followed by those of ``b``.

    Example::

        >>> torch.tensordot(torch.ones(2, 3), torch.ones(3, 4), dims=1).shape
        torch.Size([2, 4])
    """
    if isinstance(dims, TensorBase):
        dims = dims.tolist()
    if isinstance(dims, int):
        if dims < 0:
            raise RuntimeError(f"tensordot expects dims >= 0, but got dims={dims}")
        dims_a, dims_b = list(range(-dims, 0)), list(range(dims))
    else:
        dims_a, dims_b = ([d] if isinstance(d, int) else list(d) for d in dims)
    if len(dims_a) != len(dims_b):
        raise RuntimeError("both dimension lists should have same length")
    if a._dtype is not b._dtype:
        raise RuntimeError("both inputs should have same dtype")
    for da, db in zip(dims_a, dims_b):
        if a._shape[da] != b._shape[db]:
            raise RuntimeError(f"contracted dimensions need to match, but first has size {a._shape[da]} in dim {da} "
                               f"and second has size {b._shape[db]} in dim {db}")
    ca = [d % a.dim() for d in dims_a]
    cb = [d % b.dim() for d in dims_b]
    free_a = [d for d in range(a.dim()) if d not in ca]
    free_b = [d for d in range(b.dim()) if d not in cb]
    inner = math.prod(a._shape[d] for d in ca)
    left = a.permute(free_a + ca).reshape(-1 if inner else math.prod(a._shape[d] for d in free_a), inner)
    right = b.permute(cb + free_b).reshape(inner, math.prod(b._shape[d] for d in free_b))
    result = left.mm(right).reshape([a._shape[d] for d in free_a] + [b._shape[d] for d in free_b])
    return write_out(result, out)


# ---- kron -----------------------------------------------------------------------------------------
def kron(a, b, out=None):   # declared in the registry below
    """The Kronecker product: blocks ``a[i, j, ...] * b``."""
    nd = max(a.dim(), b.dim())
    sa = (1,) * (nd - a.dim()) + a._shape
    sb = (1,) * (nd - b.dim()) + b._shape
    interleaved_a = [s for size in sa for s in (size, 1)]
    interleaved_b = [s for size in sb for s in (1, size)]
    product = (a.reshape(interleaved_a) * b.reshape(interleaved_b)).contiguous()
    shape = tuple(x * y for x, y in zip(sa, sb))
    # the fresh product viewed in its final shape, recorded as PyTorch's _unsafe_view
    result = product._record_view(product._alias(shape, _layout.contiguous_strides(shape)), "UnsafeViewBackward0",
                                  product._shape)
    return write_out(result, out)


# ---- cdist ----------------------------------------------------------------------------------------
def cdist(x1, x2, p=2.0, compute_mode="use_mm_for_euclid_dist_if_necessary"):
    """The ``p``-norm distance between each row of ``x1`` and each row of ``x2`` (batch dimensions broadcast).

    Args:
        x1 (Tensor): the first set of vectors, ... x P x M.
        x2 (Tensor): the second set, ... x R x M.
        p (float): the order of the norm. Default: ``2.0``.
        compute_mode (str): whether Euclidean distances may go through a matrix product.

    Returns:
        Tensor: the distances, ... x P x R.

    Example::

        >>> torch.cdist(torch.tensor([[0., 0.]]), torch.tensor([[3., 4.], [1., 0.]]))
        tensor([[5., 1.]])
    """
    if x1.dim() < 2:
        raise RuntimeError(f"cdist only supports at least 2D tensors, X1 got: {x1.dim()}D")
    if x2.dim() < 2:
        raise RuntimeError(f"cdist only supports at least 2D tensors, X2 got: {x2.dim()}D")
    if not x1._dtype.is_floating_point:
        raise RuntimeError(f"cdist only supports floating-point dtypes, X1 got: {x1._dtype.short_name}")
    if not x2._dtype.is_floating_point:
        raise RuntimeError(f"cdist only supports floating-point dtypes, X2 got: {x2._dtype.short_name}")
    if x1._shape[-1] != x2._shape[-1]:
        raise RuntimeError(f"X1 and X2 must have the same number of columns. X1: {x1._shape[-1]} X2: {x2._shape[-1]}")
    if p < 0:
        raise RuntimeError("cdist only supports non-negative p values")
    if x1._dtype is not x2._dtype:
        raise RuntimeError(f"expected scalar type {x1._dtype.short_name} but found {x2._dtype.short_name}")
    with no_grad():
        result = _distances(x1.detach(), x2.detach(), float(p))
    return x1._record_result(result, "CdistBackward0", (x1, x2), p=float(p))


def _difference(x1, x2):
    return x1.unsqueeze(-2) - x2.unsqueeze(-3)


def _distances(x1, x2, p):
    magnitude = _difference(x1, x2).abs()
    if p == 0:
        return (magnitude != 0).sum(-1).to(x1._dtype)
    if p == math.inf:
        return magnitude.amax(-1) if magnitude._shape[-1] else magnitude.sum(-1)
    if p == 1:
        return magnitude.sum(-1)
    if p == 2:
        return (magnitude * magnitude).sum(-1).sqrt()
    return magnitude.pow(p).sum(-1).pow(1 / p)


class CdistBackward0(SavingNode):
    """d dist / d x1 = sign(d) |d|^(p-1) / dist^(p-1) per pair (0 where dist is 0); x2's is its negative."""
    __slots__ = ("p",)
    saved_names = ("x1", "x2", "result")

    def setup(self, inputs, result, ctx):
        self.p = ctx["p"]
        self._save(inputs[0], inputs[1], result)
        self._save_output(2, result)

    def apply(self, grads):
        x1, x2, dist = self._unpack()
        g = grads[0]
        diff = _difference(x1, x2)
        d = dist.unsqueeze(-1)
        p = self.p
        if p == 0:
            slope = diff * 0
        elif p == 1:
            slope = diff.sign()
        elif p == math.inf:
            slope = where(diff.abs() == d, diff.sign(), 0.0)
        else:
            safe = where(d == 0, 1.0, d)
            slope = where(d == 0, 0.0, diff.sign() * diff.abs().pow(p - 1) / safe.pow(p - 1))
        weighted = g.unsqueeze(-1) * slope
        return (weighted.sum(-2) if needs(self, 0) else None, -weighted.sum(-3) if needs(self, 1) else None)


# ---- block_diag ----------------------------------------------------------------------------------------
def block_diag(*tensors):
    """A block-diagonal matrix of the tensors (0-d, 1-D as one row, or 2-D), zeros elsewhere.

    Args:
        tensors (Tensor...): the blocks, in order down the diagonal.

    Returns:
        Tensor: the matrix.

    Example::

        >>> torch.block_diag(torch.tensor([[1, 2]]), torch.tensor([[3], [4]]))
        tensor([[1, 2, 0],
                [0, 0, 3],
                [0, 0, 4]])
    """
    tensors = _tensor_list(tensors)
    blocks = []
    for i, t in enumerate(tensors):
        if t.dim() > 2:
            raise RuntimeError(f"torch.block_diag: Input tensors must have 2 or fewer dimensions. Input {i} has "
                               f"{t.dim()} dimensions")
        blocks.append(t.reshape(1, 1) if t.dim() == 0 else t.reshape(1, -1) if t.dim() == 1 else t)
    dtype = tensors[0]._dtype if tensors else None
    for t in tensors[1:]:
        dtype = D.promote_types(dtype, t._dtype)
    rows = sum(b._shape[0] for b in blocks)
    cols = sum(b._shape[1] for b in blocks)
    if not tensors:
        return full_tensor((1, 0), 0, D.get_default_dtype(), _device("cpu"))
    result = tensors[0].new_zeros((rows, cols), dtype=dtype)
    corners, r, c = [], 0, 0
    with no_grad():
        for b in blocks:
            result[r:r + b._shape[0], c:c + b._shape[1]] = b.detach()
            corners.append((r, c, b._shape))
            r, c = r + b._shape[0], c + b._shape[1]
    return tensors[0]._record_result(result, "BlockDiagBackward0", tuple(tensors), corners=corners,
                                     shapes=[t._shape for t in tensors], dtypes=[t._dtype for t in tensors])


class BlockDiagBackward0(Node):
    """Each input's gradient is its block of the gradient."""
    __slots__ = ("corners", "shapes", "dtypes")

    def setup(self, inputs, result, ctx):
        self.corners, self.shapes, self.dtypes = ctx["corners"], ctx["shapes"], ctx["dtypes"]

    def apply(self, grads):
        g = grads[0]
        return tuple(g[r:r + block[0], c:c + block[1]].reshape(shape).to(dtype) if needs(self, i) else None
                     for i, ((r, c, block), shape, dtype) in enumerate(zip(self.corners, self.shapes, self.dtypes)))


register_nodes(globals())

declare("kron", kron, "Tensor other", inplace=False,
    doc="""The Kronecker product of ``input`` and ``other``: each element of ``input`` times the
    whole of ``other``, laid out block by block.""" + example(
    ">>> torch.kron(torch.tensor([[1, 2], [3, 4]]), torch.ones(2, 2, dtype=torch.int64))",
    "tensor([[1, 1, 2, 2],", "        [1, 1, 2, 2],", "        [3, 3, 4, 4],", "        [3, 3, 4, 4]])"))

FUNCTIONS = ("tensordot", "cdist", "block_diag")
