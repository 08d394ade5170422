"""Reduction nodes: sum, mean, prod, var/std, norms, max/min and the other
value-selecting reductions, cumulative ops, softmax/log_softmax."""
import math

from ...autograd.grad_mode import is_grad_enabled
from ._base import (Node, SavingNode, evenly_distribute, norm_dims, numel, unsqueeze_dims,
                    value_selecting_backward, where)
from ._fused import fused, log_softmax_backward, softmax_backward
from ..joining import cat


class _DimNode(SavingNode):
    """A reduction over ``ctx['dim']`` (None: all dims) with ``keepdim``;
    remembers the input shape and the reduced dims."""
    __slots__ = ("shape", "dims", "keepdim")

    def _dims(self, inputs, ctx):
        x = inputs[0]
        self.shape = x._shape
        self.dims = norm_dims(ctx.get("dim"), len(x._shape))
        self.keepdim = bool(ctx.get("keepdim", False)) or ctx.get("dim") is None

    def _expand(self, g):
        """``g`` (of the reduced shape) broadcast back to the input shape."""
        return unsqueeze_dims(g, self.dims, self.keepdim, len(self.shape)).expand(self.shape)

    def _unsq(self, t):
        return unsqueeze_dims(t, self.dims, self.keepdim, len(self.shape))


class SumBackward0(Node):
    """sum(): the gradient is broadcast back (nothing saved but the shape)."""
    __slots__ = ("shape",)

    def setup(self, inputs, result, ctx):
        self.shape = inputs[0]._shape

    def apply(self, grads):
        return (grads[0].expand(self.shape),)


class SumBackward1(_DimNode):
    __slots__ = ()

    def setup(self, inputs, result, ctx):
        self._dims(inputs, ctx)
        self._save()

    def apply(self, grads):
        return (self._expand(grads[0]),)


class MeanBackward0(Node):
    __slots__ = ("shape",)

    def setup(self, inputs, result, ctx):
        self.shape = inputs[0]._shape

    def apply(self, grads):
        return (grads[0].expand(self.shape) / numel(self.shape),)


class MeanBackward1(_DimNode):
    __slots__ = ()

    def setup(self, inputs, result, ctx):
        self._dims(inputs, ctx)
        self._save()

    def apply(self, grads):
        n = 1
        for d in self.dims:
            n *= self.shape[d] if self.shape else 1
        return (self._expand(grads[0]) / n,)


def _prod_except(x, dim):
    """For each element along ``dim``: the product of the others (zeros handled)."""
    n = x._shape[dim]
    if n <= 1:
        return x.new_ones(x._shape)
    ones = x.new_ones(x._shape[:dim] + (1,) + x._shape[dim + 1:])
    left = _cat([ones, x.narrow(dim, 0, n - 1).cumprod(dim)], dim)
    right = _cat([x.narrow(dim, 1, n - 1).flip(dim).cumprod(dim).flip(dim), ones], dim)
    return left * right


def _cat(tensors, dim):
    return cat(tensors, dim)


class ProdBackward0(SavingNode):
    """prod() over all elements.  Without zeros the gradient is ``result / x`` (NaN
    wherever the product is NaN or an inf meets an inf); with several zeros it is 0
    outside create_graph, as in PyTorch."""
    __slots__ = ()
    saved_names = ("self", "result")

    def setup(self, inputs, result, ctx):
        self._save(inputs[0], result)
        self._save_output(1, result)

    def apply(self, grads):
        x, result = self._unpack()
        g = grads[0]
        if x.dim() == 0:
            return (g * 1,)
        zeros = int((x == 0).sum())
        if zeros == 0:
            return (g * (result / x),)
        if zeros > 1 and not is_grad_enabled():
            return (x.new_zeros(x._shape),)
        return ((_prod_except(x.reshape(-1), 0) * g).reshape(x._shape),)


class ProdBackward1(_DimNode):
    """prod(dim, keepdim): ``result / x`` unless the input holds a zero anywhere."""
    __slots__ = ()
    saved_names = ("self", "result")

    def setup(self, inputs, result, ctx):
        self._dims(inputs, ctx)
        self._save(inputs[0], result)
        self._save_output(1, result)

    def apply(self, grads):
        x, result = self._unpack()
        if x.dim() == 0:
            return (grads[0] * 1,)
        g = self._unsq(grads[0])
        if not bool((x == 0).any()):
            return (g * (self._unsq(result) / x),)
        return (_prod_except(x, self.dims[0]) * g,)


def _correction(ctx):
    if "correction" in ctx and ctx["correction"] is not None:
        return ctx["correction"]
    unbiased = ctx.get("unbiased", True)
    return 1 if unbiased is None or unbiased else 0


class VarBackward0(_DimNode):
    """var(dim, correction, keepdim): ``2 / (n - correction) * g * (x - mean)``.  As in
    PyTorch, without degrees of freedom (n <= correction) a var over every element
    (no dim given) has the gradient ``g * (nan where x == mean, else inf)``, and one
    over dims divides by the zero or negative count."""
    __slots__ = ("correction", "whole")
    saved_names = ("self",)

    def setup(self, inputs, result, ctx):
        self._configure(inputs, ctx)
        self._save(inputs[0])

    def _configure(self, inputs, ctx):
        self._dims(inputs, ctx)
        self.correction = _correction(ctx)
        self.whole = ctx.get("dim") is None

    def _count(self):
        n = 1
        for d in self.dims:
            n *= self.shape[d] if self.shape else 1
        return n

    def _var_backward(self, x, g):
        dof = self._count() - self.correction
        if self.whole and dof <= 0:
            return g * where(x == x.mean(), math.nan, math.inf)
        scale = 2.0 / dof if dof else math.inf
        return scale * g * (x - x.mean(self.dims, keepdim=True))

    def apply(self, grads):
        x, = self._unpack()
        return (self._var_backward(x, self._unsq(grads[0])),)


class StdBackward0(VarBackward0):
    """std: the var gradient of ``g / (2 * std)`` (0 where std is 0)."""
    __slots__ = ()
    saved_names = ("self", "result")

    def setup(self, inputs, result, ctx):
        self._configure(inputs, ctx)
        self._save(inputs[0], result)
        self._save_output(1, result)

    def apply(self, grads):
        x, result = self._unpack()
        r = self._unsq(result)
        return (self._var_backward(x, where(r == 0, 0.0, self._unsq(grads[0]) / (r * 2))),)


class LinalgVectorNormBackward0(_DimNode):
    """vector norm (``x.norm()``, ``linalg.norm``) of order ``ord``/``p``."""
    __slots__ = ("ord",)
    saved_names = ("self", "result")

    def setup(self, inputs, result, ctx):
        self._dims(inputs, ctx)
        p = ctx.get("ord", ctx.get("p", 2))
        self.ord = 2.0 if p is None or p == "fro" else float(p)
        self._save(inputs[0], result)
        self._save_output(1, result)

    def apply(self, grads):
        x, result = self._unpack()
        return (_norm_backward(x, self._unsq(result), self._unsq(grads[0]), self.ord, self.dims),)


def _norm_backward(x, norm, g, p, dims=None):
    """The gradient of a p-norm, with PyTorch's formula for each range of p (they
    treat zeros, NaN and inf differently); None for p = 0, through which no gradient flows."""
    if p == 0:
        return None
    if p == 1:
        return x.sign() * g
    if p == 2:
        return g * where(norm == 0, 0.0, x / norm)
    if math.isinf(p):
        # the elements at the extreme share the gradient; a NaN is the extreme of its slice
        magnitude = x.abs()
        mask = (magnitude == norm) | magnitude.isnan()
        dims = tuple(range(x.dim())) if dims is None else dims
        count = mask.sum(dims, keepdim=True) if x.dim() else mask.sum()
        return x.sign() * (g / count * mask)
    if p < 1:
        return x.sign() * where(x == 0, 0.0, x.abs().pow(p - 1)) * g * norm.pow(1 - p)
    scale = where(norm == 0, 0.0, g / norm.pow(p - 1))
    if p < 2:
        return x.sign() * x.abs().pow(p - 1) * scale
    return x * x.abs().pow(p - 2) * scale


class LogsumexpBackward0(_DimNode):
    __slots__ = ()
    saved_names = ("self", "result")

    def setup(self, inputs, result, ctx):
        self._dims(inputs, ctx)
        self._save(inputs[0], result)
        self._save_output(1, result)

    def apply(self, grads):
        x, result = self._unpack()
        return (self._unsq(grads[0]) * (x - self._unsq(result)).exp(),)


# ---- max / min ------------------------------------------------------------------------------------
class MaxBackward1(SavingNode):
    """max() of all elements: the gradient is shared among the maxima."""
    __slots__ = ()
    saved_names = ("self", "result")

    def setup(self, inputs, result, ctx):
        self._save(inputs[0], result)
        self._save_output(1, result)

    def apply(self, grads):
        x, result = self._unpack()
        return (evenly_distribute(grads[0], x, result),)


class MinBackward1(MaxBackward1):
    __slots__ = ()


class MedianBackward0(MaxBackward1):
    __slots__ = ()


class MaxBackward0(SavingNode):
    """max(dim, keepdim) -> (values, indices): the gradient goes to the argmax."""
    __slots__ = ("shape", "dim", "keepdim")
    saved_names = ("indices",)

    def setup(self, inputs, result, ctx):
        x = inputs[0]
        self.shape = x._shape
        self.dim = norm_dims(ctx.get("dim", 0), len(x._shape))[0] if x._shape else 0
        self.keepdim = bool(ctx.get("keepdim", False))
        self._save(ctx.get("indices"))

    def apply(self, grads):
        indices, = self._unpack()
        if indices is None:
            raise RuntimeError(f"{self.name()}: the forward op did not record 'indices', which its backward needs")
        if not self.shape:
            return (grads[0] * 1,)
        return (value_selecting_backward(grads[0], self.dim, indices, self.shape, self.keepdim),)


class MinBackward0(MaxBackward0):
    __slots__ = ()


class MedianBackward1(MaxBackward0):
    __slots__ = ()


class SortBackward0(MaxBackward0):
    """sort(dim): values keep the dim (keepdim semantics)."""
    __slots__ = ()

    def setup(self, inputs, result, ctx):
        MaxBackward0.setup(self, inputs, result, ctx)
        self.keepdim = True


class TopkBackward0(SortBackward0):
    __slots__ = ()


class AmaxBackward0(_DimNode):
    """amax/amin: the gradient is shared evenly among the ties of each slice.  A NaN
    result equals no element, so its slice gets ``g / 0 * 0``: NaN throughout, as in PyTorch."""
    __slots__ = ()
    saved_names = ("self", "result")

    def setup(self, inputs, result, ctx):
        self._dims(inputs, ctx)
        self._save(inputs[0], result)
        self._save_output(1, result)

    def apply(self, grads):
        x, result = self._unpack()
        mask = x == self._unsq(result)
        count = mask.sum(self.dims, keepdim=True) if x.dim() else mask.sum()
        return (self._unsq(grads[0]) / count * mask,)


class AminBackward0(AmaxBackward0):
    __slots__ = ()


# ---- cumulative ----------------------------------------------------------------------------------
class CumsumBackward0(Node):
    __slots__ = ("dim",)

    def setup(self, inputs, result, ctx):
        x = inputs[0]
        self.dim = norm_dims(ctx.get("dim", 0), len(x._shape))[0] if x._shape else 0

    def apply(self, grads):
        g = grads[0]
        if g.dim() == 0:
            return (g * 1,)
        return (g.flip(self.dim).cumsum(self.dim).flip(self.dim),)


def _reversed_cumsum(t, dim):
    return t.flip(dim).cumsum(dim).flip(dim)


class CumprodBackward0(SavingNode):
    """cumprod along ``dim``, in PyTorch's three regimes, whose NaN and inf results
    differ: without a zero in the input, ``reversed_cumsum(g * result) / x``; with
    zeros, outside create_graph, the same up to each slice's first zero, a product
    formula at that zero and 0 after it; under create_graph, sums of the products
    that omit each element (differentiable again)."""
    __slots__ = ("dim",)
    saved_names = ("self", "result")

    def setup(self, inputs, result, ctx):
        x = inputs[0]
        self.dim = norm_dims(ctx.get("dim", 0), len(x._shape))[0] if x._shape else 0
        self._save(x, result)
        self._save_output(1, result)

    def apply(self, grads):
        x, result = self._unpack()
        g = grads[0]
        d = self.dim
        if x.numel() <= 1 or x._shape[d] == 1:
            return (g * 1,)
        is_zero = x == 0
        if not bool(is_zero.any()):
            return (_reversed_cumsum(result * g, d) / x,)
        if is_grad_enabled():
            return (_cumprod_omitted_products_backward(x, g, d),)
        return (_cumprod_first_zero_backward(x, g, result, is_zero, d),)


def _cumprod_first_zero_backward(x, g, result, is_zero, d):
    """The O(n) gradient of cumprod for an input holding zeros: only the elements up
    to each slice's first zero z get one (the later ones multiply that zero)."""
    zeros_so_far = is_zero.cumsum(d)
    before_zero = zeros_so_far == 0
    grad = where(before_zero, _reversed_cumsum(where(before_zero, result * g, 0.0), d) / x, 0.0)
    # at z: prod(x[:z]) * sum over j in [z, next zero) of g[j] * prod(x[z+1:j+1])
    up_to_next_zero = zeros_so_far == 1
    after_zero = up_to_next_zero & ~is_zero
    tail = (where(after_zero, x, 1.0).cumprod(d) * where(up_to_next_zero, g, 0.0)).sum(d, keepdim=True)
    count_before = before_zero.sum(d, keepdim=True)
    head = where(count_before == 0, 1.0, result.gather(d, (count_before - 1).clamp(min=0)))
    return where(is_zero & up_to_next_zero, tail * head, grad)


def _cumprod_omitted_products_backward(x, g, d):
    """The O(n^2) gradient of cumprod: for each k, sum_j g[j] * prod(x[:j+1] without x[k])."""
    n = x._shape[d]
    ones = x.new_ones(x.narrow(d, 0, 1)._shape)
    parts = []
    for k in range(n):
        omitted = x.narrow(d, 0, k).prod(d, keepdim=True) if k else ones
        if k < n - 1:
            omitted = _cat([omitted, omitted * x.narrow(d, k + 1, n - k - 1).cumprod(d)], d)
        parts.append((g.narrow(d, k, n - k) * omitted).sum(d, keepdim=True))
    return _cat(parts, d)


# ---- softmax family ---------------------------------------------------------------------------
class SoftmaxBackward0(SavingNode):
    __slots__ = ("dim",)
    saved_names = ("result",)

    def setup(self, inputs, result, ctx):
        nd = len(inputs[0]._shape)
        self.dim = ctx.get("dim", -1) % nd if nd else 0   # an int the forward checked
        self._save_result(result)

    def apply(self, grads):
        y, = self._unpack()
        g = grads[0]
        if fused() and y.dim():
            result = softmax_backward(g, y, self.dim)
            if result is not None:
                return (result,)
        return (y * (g - (g * y).sum(self.dim, keepdim=True)),)


class LogSoftmaxBackward0(SoftmaxBackward0):
    __slots__ = ()

    def apply(self, grads):
        y, = self._unpack()
        g = grads[0]
        if fused() and y.dim():
            return (log_softmax_backward(g, y, self.dim),)
        return (g - y.exp() * g.sum(self.dim, keepdim=True),)
