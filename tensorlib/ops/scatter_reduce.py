"""``scatter_reduce``: ``src`` reduced into ``self`` at ``index`` along ``dim`` by sum, prod,
mean, amax or amin (``include_self``: whether ``self``'s values take part), declared in the
registry with its derivative (ScatterReduceBackward0)."""
import numpy as np

from .. import _dtype as D
from ..backends import backend_for
from ._common import check_inplace, check_out, compute_into, resize_out
from ._op_docs import example
from ._registry import declare
from .index_checks import _arr1d
from .indexing import _scatter_plan
from .nodes._base import where
from .nodes._formula import formula_node

_REDUCTIONS = ("sum", "prod", "mean", "amax", "amin")
_SPELLINGS = {"max": "amax", "min": "amin"}  # older names PyTorch still takes
_UFUNCS = {"sum": "add", "mean": "add", "prod": "multiply", "amax": "maximum", "amin": "minimum"}


def _identity(reduce, np_dtype):
    """The value a reduction starts from where ``self`` takes no part."""
    if reduce in ("sum", "mean"):
        return 0
    if reduce == "prod":
        return 1
    info = np.finfo(np_dtype) if np.issubdtype(np_dtype, np.floating) else np.iinfo(np_dtype)
    if np_dtype == np.bool_:
        return reduce == "amin"
    if np.issubdtype(np_dtype, np.floating):
        return -np.inf if reduce == "amax" else np.inf
    return info.min if reduce == "amax" else info.max


def _reduced(self, dim, index, src, reduce, include_self):
    """The result array: ``self``'s values reduced with ``src``'s at ``index``."""
    backend = backend_for(self.device)
    xp = backend.xp
    work = D.compute_dtype(self._dtype).numpy
    result = backend.cast(_arr1d(self), work).copy()
    idx = _arr1d(index).astype(np.int64)
    if idx.size == 0:
        return result.reshape(self._shape)
    values = backend.cast(_arr1d(src), work)[tuple(slice(0, n) for n in idx.shape)]
    key = tuple(idx if k == dim else xp.arange(n).reshape((-1,) + (1,) * (idx.ndim - k - 1))
                for k, n in enumerate(idx.shape))
    if not include_self:
        result[key] = _identity(reduce, result.dtype)
    getattr(xp, _UFUNCS[reduce]).at(result, key, values)
    if reduce == "mean":
        counts = xp.full(result.shape, 1 if include_self else 0, dtype=np.int64)
        xp.add.at(counts, key, 1)
        counts = xp.maximum(counts, 1)
        result = result / counts if np.issubdtype(work, np.floating) else result // counts
    return result.reshape(self._shape)


def _src_gradient(part, src, index):
    """``part`` (index-shaped) placed in a zero tensor of ``src``'s shape."""
    if tuple(part.shape) == tuple(src.shape):
        return part
    full = src.new_zeros(src.shape)
    full[tuple(slice(0, n) for n in index.shape)] = part
    return full


def _prod_backward(grad, self, src, src_part, dim, index, include_self, untouched):
    """Each factor's gradient is the product of the other factors of its place: with no zero
    among them, result / factor; a lone zero gets the product of the rest; otherwise 0."""
    nonzero_self = where(self == 0, self * 0 + 1, self)
    nonzero_src = where(src_part == 0, src_part * 0 + 1, src_part)
    rest = nonzero_self.scatter_reduce(dim, index, nonzero_src, "prod", include_self=include_self)
    zeros = grad.new_zeros(grad.shape).scatter_add(dim, index, (src_part == 0).to(grad.dtype))
    if include_self:
        zeros = zeros + (self == 0).to(grad.dtype)

    def share(factor, nonzero_factor, rest, zeros):
        lone_zero = where(zeros == 1, rest, rest * 0)
        return where(factor == 0, lone_zero, where(zeros == 0, rest / nonzero_factor, rest * 0))

    self_grad = grad * share(self, nonzero_self, rest, zeros) if include_self else untouched
    src_grad = grad.gather(dim, index) * share(src_part, nonzero_src, rest.gather(dim, index),
                                               zeros.gather(dim, index))
    return self_grad, _src_gradient(src_grad, src, index)


def _backward(grad, self, src, result, dim, index, reduce, include_self):
    src_part = src[tuple(slice(0, n) for n in index.shape)] if tuple(src.shape) != tuple(index.shape) else src
    contributions = grad.new_zeros(grad.shape).scatter_add(dim, index, grad.new_ones(index.shape))
    untouched = where(contributions > 0, grad * 0, grad)
    if reduce == "sum":
        return (grad if include_self else untouched), _src_gradient(grad.gather(dim, index), src, index)
    if reduce == "mean":
        count = contributions + 1 if include_self else contributions.clamp(min=1)
        share = grad / count
        return (share if include_self else untouched), _src_gradient(share.gather(dim, index), src, index)
    if reduce == "prod":
        return _prod_backward(grad, self, src, src_part, dim, index, include_self, untouched)
    # amax / amin: the gradient is shared equally by the values that reached the result (as in
    # PyTorch, a tie of self counts in the share even where self took no part)
    src_hits = (src_part == result.gather(dim, index)).to(grad.dtype)
    self_hits = (self == result).to(grad.dtype)
    count = (self_hits + grad.new_zeros(grad.shape).scatter_add(dim, index, src_hits)).clamp(min=1)
    share = grad / count
    self_grad = share * self_hits if include_self else untouched
    return self_grad, _src_gradient(share.gather(dim, index) * src_hits, src, index)


formula_node("ScatterReduceBackward0", _backward, ("self", "src"))


def scatter_reduce(self, dim, index, src, reduce, include_self=True, out=None, inplace=False):
    """``self`` with ``src``'s values reduced in at ``index`` along ``dim`` (see the module)."""
    reduce = _SPELLINGS.get(reduce, reduce)
    if reduce not in _REDUCTIONS:
        raise RuntimeError(f"reduce argument must be either sum, prod, mean, amax or amin, got {reduce}")
    # scatter's checks (in place: of self itself; else of a fresh result, as self is not written)
    _scatter_plan(self if inplace else self.new_empty(self._shape), dim, index, src, None, None, warn=False)
    d = dim % max(self.dim(), 1)
    values = _reduced(self, d, index, src, reduce, include_self)
    dtype, shape = self._dtype, self._shape
    backend = backend_for(self.device)
    if out is not None:
        check_out(out, "scatter_reduce", (self, index, src))
        resize_out(out, shape)
        target = out
    elif inplace:
        check_inplace(self, shape, dtype, (src,))
        target = self
    else:
        target = self.new_empty(shape)
    compute_into(target, dtype, shape, backend, lambda array: backend.copy_into(array, values))
    context = {"dim": d, "index": index, "reduce": reduce, "include_self": include_self}
    if inplace:
        return self._record_inplace("ScatterReduceBackward0", (src,), **context)
    if out is not None:
        return out
    return self._record_result(target, "ScatterReduceBackward0", (self, src), **context)


declare("scatter_reduce", scatter_reduce, "int dim, Tensor index, Tensor src, str reduce, *, bool include_self=True",
    doc="""Reduces the elements of ``src`` into a copy of ``input`` at the positions ``index``
    gives along ``dim``: ``out[index[i][j]][j] = reduce(out[index[i][j]][j], src[i][j])`` for ``dim=0``.

    Args:
        dim: the dimension to index along.
        index: where each element of ``src`` goes (an int64 tensor of ``src``'s dimensions).
        src: the values to reduce in.
        reduce: ``"sum"``, ``"prod"``, ``"mean"``, ``"amax"`` or ``"amin"``.
        include_self: whether the elements of ``input`` take part in the reduction.
    """ + example(">>> index, src = torch.tensor([0, 0, 2]), torch.tensor([1., 2., 3.])",
                  ">>> torch.scatter_reduce(torch.zeros(3), 0, index, src, reduce='sum')", "tensor([3., 0., 3.])",
                  ">>> torch.scatter_reduce(torch.zeros(3), 0, index, src, reduce='amax', include_self=False)",
                  "tensor([2., 0., 3.])"))
