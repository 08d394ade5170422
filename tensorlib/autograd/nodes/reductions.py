"""Reduction nodes: sum, mean, prod, var/std, norms, max/min and the other
value-selecting reductions, cumulative ops, softmax/log_softmax."""
from ._base import (Node, SavingNode, evenly_distribute, keep, norm_dims, numel, unsqueeze_dims,
                    value_selecting_backward, where, zeros)
from ._fused import fused, log_softmax_backward


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


class NansumBackward0(_DimNode):
    __slots__ = ()
    saved_names = ("self",)

    def setup(self, inputs, result, ctx):
        self._dims(inputs, ctx)
        self._save(inputs[0])

    def apply(self, grads):
        x, = self._unpack()
        return (where(x.isnan(), 0.0, self._expand(grads[0])),)


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
    import tensorlib
    return tensorlib.cat(tensors, dim)


class ProdBackward0(SavingNode):
    """prod() over all elements."""
    __slots__ = ()
    saved_names = ("self", "result")

    def setup(self, inputs, result, ctx):
        self._save(inputs[0], result)
        self._save_output(1, result)

    def apply(self, grads):
        x, result = self._unpack()
        if x.numel() == 0:
            return (x.mul(0),)
        flat = x.reshape(-1)
        return ((_prod_except(flat, 0) * grads[0]).reshape(x._shape),)


class ProdBackward1(_DimNode):
    """prod(dim, keepdim)."""
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
        return (_prod_except(x, self.dims[0]) * self._unsq(grads[0]),)


def _correction(ctx):
    if "correction" in ctx and ctx["correction"] is not None:
        return ctx["correction"]
    unbiased = ctx.get("unbiased", True)
    return 1 if unbiased is None or unbiased else 0


class VarBackward0(_DimNode):
    """var(dim, correction, keepdim)."""
    __slots__ = ("correction",)
    saved_names = ("self",)

    def setup(self, inputs, result, ctx):
        self._dims(inputs, ctx)
        self.correction = _correction(ctx)
        self._save(inputs[0])

    def _count(self):
        n = 1
        for d in self.dims:
            n *= self.shape[d] if self.shape else 1
        return n

    def apply(self, grads):
        x, = self._unpack()
        centered = x - x.mean(self.dims, keepdim=True) if x.dim() else x * 0
        scale = 2.0 / (self._count() - self.correction)
        return (centered * self._unsq(grads[0]) * scale,)


class StdBackward0(VarBackward0):
    __slots__ = ()
    saved_names = ("self", "result")

    def setup(self, inputs, result, ctx):
        self._dims(inputs, ctx)
        self.correction = _correction(ctx)
        self._save(inputs[0], result)
        self._save_output(1, result)

    def apply(self, grads):
        x, result = self._unpack()
        centered = x - x.mean(self.dims, keepdim=True) if x.dim() else x * 0
        r = self._unsq(result)
        g = self._unsq(grads[0])
        scale = 1.0 / (self._count() - self.correction)
        return (where(r == 0, 0.0, centered * (g / r) * scale),)


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
    if p == 0:
        return x * 0
    if p == 1:
        return x.sign() * g
    if p == 2:
        return where(norm == 0, 0.0, x * (g / norm))
    if p == float("inf") or p == float("-inf"):
        mask = x.abs() == norm
        dims = tuple(range(x.dim())) if dims is None else dims
        count = mask.sum(dims, keepdim=True) if x.dim() else mask.sum()
        return x.sign() * keep(mask, g / count)
    ax = x.abs()
    return where(norm == 0, 0.0, x * ax.pow(p - 2) * (g / norm.pow(p - 1)))


class NormBackward0(LinalgVectorNormBackward0):
    __slots__ = ()


class NormBackward1(LinalgVectorNormBackward0):
    __slots__ = ()


class DistBackward0(SavingNode):
    """dist(self, other, p)."""
    __slots__ = ("p",)
    saved_names = ("self", "other", "result")

    def setup(self, inputs, result, ctx):
        self.p = float(ctx.get("p", inputs[2] if len(inputs) > 2 else 2))
        self._save(inputs[0], inputs[1], result)
        self._save_output(2, result)
        self.next_functions = self.next_functions[:2]

    def apply(self, grads):
        a, b, result = self._unpack()
        d = _norm_backward(a - b, result, grads[0], self.p)
        return d, -d


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


class NanmedianBackward0(MaxBackward1):
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


class NanmedianBackward1(MaxBackward0):
    __slots__ = ()


class KthvalueBackward0(MaxBackward0):
    __slots__ = ()


class ModeBackward0(MaxBackward0):
    __slots__ = ()


class SortBackward0(MaxBackward0):
    """sort(dim): values keep the dim (keepdim semantics)."""
    __slots__ = ()

    def setup(self, inputs, result, ctx):
        MaxBackward0.setup(self, inputs, result, ctx)
        self.keepdim = True


class TopkBackward0(SortBackward0):
    __slots__ = ()


class CummaxBackward0(SortBackward0):
    """cummax/cummin: several outputs may take their value from one input."""
    __slots__ = ()

    def apply(self, grads):
        indices, = self._unpack()
        if not self.shape:
            return (grads[0] * 1,)
        return (zeros(self.shape, grads[0]).scatter_add(self.dim, indices, grads[0]),)


class CumminBackward0(CummaxBackward0):
    __slots__ = ()


class AmaxBackward0(_DimNode):
    """amax/amin: the gradient is shared evenly among the ties of each slice."""
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
        return (keep(mask, self._unsq(grads[0]) / count),)


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


class CumprodBackward0(SavingNode):
    """cumprod (inputs without zeros take the fast path)."""
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
        if x.dim() == 0:
            return (g * 1,)
        d = self.dim
        if not bool((x == 0).any()):
            return ((g * result).flip(d).cumsum(d).flip(d) / x,)
        # with zeros: d out_j / d x_i = prod_{k<=j, k!=i} x_k, summed over j >= i
        n = x._shape[d]
        parts = []
        for i in range(n):
            xi = x.narrow(d, i, 1)
            rest = x.narrow(d, i + 1, n - i - 1)
            before = result.narrow(d, i - 1, 1) if i > 0 else xi * 0 + 1
            after = rest.cumprod(d) if n - i - 1 > 0 else None
            total = g.narrow(d, i, 1) * before
            if after is not None:
                total = total + (g.narrow(d, i + 1, n - i - 1) * after * before).sum(d, keepdim=True)
            parts.append(total)
        from .reductions import _cat as cat
        return (cat(parts, d),)


class LogcumsumexpBackward0(SavingNode):
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
        if x.dim() == 0:
            return (g * 1,)
        # d/dx_i sum_j g_j exp(x_i - r_j) over j >= i
        w = (g * (-result).exp()).flip(d).cumsum(d).flip(d)
        return (w * x.exp(),)


# ---- softmax family ---------------------------------------------------------------------------
class SoftmaxBackward0(SavingNode):
    __slots__ = ("dim",)
    saved_names = ("result",)

    def setup(self, inputs, result, ctx):
        nd = len(inputs[0]._shape)
        self.dim = ctx.get("dim", -1) % nd if nd else 0   # an int the forward checked
        self._save(result)
        self._save_output(0, result)

    def apply(self, grads):
        y, = self._unpack()
        g = grads[0]
        if y.dim() == 0:
            return (g * 0,)
        return (y * (g - (g * y).sum(self.dim, keepdim=True)),)


class LogSoftmaxBackward0(SoftmaxBackward0):
    __slots__ = ()

    def apply(self, grads):
        y, = self._unpack()
        g = grads[0]
        if y.dim() == 0:
            return (g * 0,)
        if fused():
            return (log_softmax_backward(g, y, self.dim),)
        return (g - y.exp() * g.sum(self.dim, keepdim=True),)
