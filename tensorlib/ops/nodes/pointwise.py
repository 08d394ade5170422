"""Elementwise nodes: arithmetic, unary maths, activations, clamp, where, losses.

Gradients of broadcast inputs are returned at the broadcast shape; the engine
reduces them to the input's shape (``sum_to``) and casts them to its dtype."""
import math

from ..._C import TensorBase
from ...autograd._recording import edge
from ._base import Node, SavingNode, keep, needs, where
from ._fused import fused, nll_loss_backward, threshold_backward
from ._fused import gelu_backward as _fused_gelu_backward


# ---- saving the input or the result ---------------------------------------------------
class _SelfNode(SavingNode):
    """A unary node that saves its input."""
    __slots__ = ()
    saved_names = ("self",)
    needs_original_self = True

    def setup(self, inputs, result, ctx):
        self._save(inputs[0])


class _ResultNode(SavingNode):
    """A unary node that saves its output."""
    __slots__ = ()
    saved_names = ("result",)

    def setup(self, inputs, result, ctx):
        self._save_result(result)


class RoundBackward1(Node):
    """round(decimals=): piecewise constant, zero gradient (one edge)."""
    __slots__ = ()

    def setup(self, inputs, result, ctx):
        self.next_functions = self.next_functions[:1]

    def apply(self, grads):
        return (grads[0] * 0,)


class FillBackward2(Node):
    """fill_(scalar) on a tensor with history: nothing flows back."""
    __slots__ = ()

    def setup(self, inputs, result, ctx):
        self.next_functions = self.next_functions[:1]

    def apply(self, grads):
        return (grads[0] * 0,)


class ZeroBackward0(FillBackward2):
    __slots__ = ()


class FillBackward3(Node):
    """fill_(0-d tensor value): the value gets the sum of the gradient."""
    __slots__ = ()

    def apply(self, grads):
        g = grads[0]
        return (g * 0 if needs(self, 0) else None), (g.sum() if needs(self, 1) else None)


# ---- binary maths ----------------------------------------------------------------------
class MaximumBackward0(SavingNode):
    """maximum(self, other): ties share the gradient.  Only a strict loss stops it, so
    where either operand is NaN (the result too) both receive the whole gradient."""
    __slots__ = ()
    saved_names = ("self", "other")
    needs_original_self = True
    pick_self_when_greater = True

    def setup(self, inputs, result, ctx):
        self._save(inputs[0], inputs[1])

    def apply(self, grads):
        g = grads[0]
        a, b = self._unpack()
        shared = where(a == b, g / 2, g)
        self_loses = (a < b) if self.pick_self_when_greater else (a > b)
        other_loses = (a > b) if self.pick_self_when_greater else (a < b)
        ga = where(self_loses, 0.0, shared) if needs(self, 0) else None
        gb = where(other_loses, 0.0, shared) if needs(self, 1) else None
        return ga, gb


class MinimumBackward0(MaximumBackward0):
    __slots__ = ()
    pick_self_when_greater = False


# ---- activations and clamping -----------------------------------------------------------
def threshold_grad(g, x, threshold):
    """PyTorch's ``x <= threshold ? 0 : g``: 0 even where ``g`` is inf/nan, ``g`` where ``x`` is nan."""
    if fused():
        return threshold_backward(g, x, threshold)
    return where(x <= threshold, 0.0, g)


class LeakyReluBackward0(_SelfNode):
    __slots__ = ("negative_slope",)

    def setup(self, inputs, result, ctx):
        self.negative_slope = ctx.get("negative_slope", 0.01)
        self._save(inputs[0])

    def apply(self, grads):
        s, = self._unpack()
        g = grads[0]
        return (where(s > 0, g, g * self.negative_slope),)


class EluBackward0(SavingNode):
    """A NaN input gets a NaN gradient, as in the vectorized body of PyTorch's CPU kernel
    (its scalar tail, in short tensors, passes the gradient unscaled)."""
    __slots__ = ("alpha",)
    saved_names = ("self",)
    needs_original_self = True

    def setup(self, inputs, result, ctx):
        self.alpha = ctx.get("alpha", 1.0)
        self._save(inputs[0])

    def apply(self, grads):
        s, = self._unpack()
        g = grads[0]
        return (where(s > 0, g, g * (s.exp() * self.alpha)),)


class GeluBackward0(SavingNode):
    __slots__ = ("approximate",)
    saved_names = ("self",)
    needs_original_self = True

    def setup(self, inputs, result, ctx):
        self.approximate = ctx.get("approximate", "none")
        self._save(inputs[0])

    def apply(self, grads):
        x, = self._unpack()
        g = grads[0]
        done = _fused_gelu_backward(g, x, self.approximate)
        if done is not None:
            return (done,)
        if self.approximate == "tanh":
            k = math.sqrt(2.0 / math.pi)
            inner = (x * x * x * 0.044715 + x) * k
            t = inner.tanh()
            d_inner = (x * x * (3 * 0.044715) + 1) * k
            return (g * ((t + 1) * 0.5 + x * 0.5 * (-(t * t) + 1) * d_inner),)
        cdf = ((x * (1 / math.sqrt(2.0))).erf() + 1) * 0.5
        pdf = (-(x * x) * 0.5).exp() * (1 / math.sqrt(2.0 * math.pi))
        return (g * (cdf + x * pdf),)


class SiluBackward0(_SelfNode):
    __slots__ = ()

    def apply(self, grads):
        x, = self._unpack()
        s = x.sigmoid()
        return (grads[0] * (s * (x * (-s + 1) + 1)),)


class SoftplusBackward0(SavingNode):
    __slots__ = ("beta", "threshold")
    saved_names = ("self",)
    needs_original_self = True

    def setup(self, inputs, result, ctx):
        self.beta = ctx.get("beta", 1.0)
        self.threshold = ctx.get("threshold", 20.0)
        self._save(inputs[0])

    def apply(self, grads):
        x, = self._unpack()
        g = grads[0]
        z = x * self.beta
        return (where(z > self.threshold, g, g * z.sigmoid()),)


class HardtanhBackward0(SavingNode):
    """0 outside (min_val, max_val), NaN inputs included: PyTorch's CPU kernel gives a NaN
    input the gradient only in the scalar tail of short tensors, 0 in its vectorized
    body, which is what every element of a large tensor sees."""
    __slots__ = ("min_val", "max_val")
    saved_names = ("self",)
    needs_original_self = True

    def setup(self, inputs, result, ctx):
        self.min_val = ctx.get("min_val", -1.0)
        self.max_val = ctx.get("max_val", 1.0)
        self._save(inputs[0])

    def apply(self, grads):
        x, = self._unpack()
        return (keep((x > self.min_val) & (x < self.max_val), grads[0]),)


class LogSigmoidBackward0(_SelfNode):
    __slots__ = ()

    def apply(self, grads):
        x, = self._unpack()
        return (grads[0] * (-x).sigmoid(),)


def _clamp_bounds(inputs, ctx):
    if "min" in ctx or "max" in ctx:
        return ctx.get("min"), ctx.get("max")
    return (inputs[1] if len(inputs) > 1 else None), (inputs[2] if len(inputs) > 2 else None)


def _bound_edge(b):
    if isinstance(b, TensorBase):
        return edge(b)
    return (None, 0)


def _clamp_mask(x, lo, hi):
    if lo is not None and hi is not None:
        return (x >= lo) & (x <= hi)
    if lo is not None:
        return x >= lo
    if hi is not None:
        return x <= hi
    return None


class ClampBackward1(SavingNode):
    """clamp(self, scalar min, scalar max) (one edge)."""
    __slots__ = ("min", "max")
    saved_names = ("self",)
    needs_original_self = True

    def setup(self, inputs, result, ctx):
        self.min, self.max = _clamp_bounds(inputs, ctx)
        self._save(inputs[0])
        self.next_functions = self.next_functions[:1]

    def apply(self, grads):
        x, = self._unpack()
        mask = _clamp_mask(x, self.min, self.max)
        return (grads[0] if mask is None else keep(mask, grads[0]),)


class ClampMinBackward0(ClampBackward1):
    __slots__ = ()


class ClampMaxBackward0(ClampBackward1):
    __slots__ = ()


class ClampBackward0(SavingNode):
    """clamp(self, min tensor, max tensor) (either may be None): edges self, min, max."""
    __slots__ = ()
    saved_names = ("self", "min", "max")
    needs_original_self = True
    bound_edges = (0, 1, 2)

    def setup(self, inputs, result, ctx):
        lo, hi = _clamp_bounds(inputs, ctx)
        self._save(inputs[0], lo, hi)
        edges = (self.next_functions[0], _bound_edge(lo), _bound_edge(hi))
        self.next_functions = tuple(edges[i] for i in self.bound_edges)

    def apply(self, grads):
        g = grads[0]
        x, lo, hi = self._unpack()
        gx = glo = ghi = None
        if needs(self, 0):
            mask = _clamp_mask(x, lo, hi)
            gx = g if mask is None else keep(mask, g)
        # with both bounds, min > max makes the result max everywhere: max gets the gradient
        if lo is not None and self._wants("min"):
            glo = keep(x < lo if hi is None else (x < lo) & (lo < hi), g)
        if hi is not None and self._wants("max"):
            ghi = keep(x > hi if lo is None else (x > hi) | (hi < lo), g)
        return self._arrange(gx, glo, ghi)

    def _wants(self, which):
        i = {"min": 1, "max": 2}[which]
        return i in self.bound_edges and needs(self, self.bound_edges.index(i))

    def _arrange(self, gx, glo, ghi):
        return gx, glo, ghi


class ClampMinBackward1(ClampBackward0):
    """clamp_min(self, min tensor): edges self, min."""
    __slots__ = ()
    bound_edges = (0, 1)

    def _arrange(self, gx, glo, ghi):
        return gx, glo


class ClampMaxBackward1(ClampBackward0):
    """clamp_max(self, max tensor): edges self, max."""
    __slots__ = ()
    bound_edges = (0, 2)

    def _arrange(self, gx, glo, ghi):
        return gx, ghi


# ---- selection -----------------------------------------------------------------------------
class WhereBackward0(SavingNode):
    """where(condition, self, other): edges for self and other only."""
    __slots__ = ()
    saved_names = ("condition",)

    def setup(self, inputs, result, ctx):
        if len(inputs) == 3:   # inputs (condition, self, other): the condition is not differentiable
            self._save(inputs[0])
            self.next_functions = self.next_functions[1:]
        else:
            self._save(ctx.get("condition"))

    def apply(self, grads):
        g = grads[0]
        cond, = self._unpack()
        if cond is None:
            raise RuntimeError("WhereBackward0: the forward op did not record 'condition', which its backward "
                               "needs")
        return (keep(cond, g) if needs(self, 0) else None), (where(cond, 0.0, g) if needs(self, 1) else None)


# ---- losses --------------------------------------------------------------------------------
_REDUCTIONS = {0: "none", 1: "mean", 2: "sum"}


def _reduction(ctx):
    r = ctx.get("reduction", "mean")
    return _REDUCTIONS.get(r, r)


class MseLossBackward0(SavingNode):
    """mse_loss(self, target, reduction)."""
    __slots__ = ("reduction",)
    saved_names = ("self", "target")

    def setup(self, inputs, result, ctx):
        self.reduction = _reduction(ctx)
        self._save(inputs[0], inputs[1])

    def apply(self, grads):
        g = grads[0]
        x, t = self._unpack()
        d = (x - t) * 2
        if self.reduction == "mean":
            d = d / max(x.numel(), 1)
        d = d * g
        return (d if needs(self, 0) else None), (-d if needs(self, 1) else None)


class BinaryCrossEntropyBackward0(SavingNode):
    """binary_cross_entropy(self, target, weight, reduction)."""
    __slots__ = ("reduction",)
    saved_names = ("self", "target", "weight")

    def setup(self, inputs, result, ctx):
        self.reduction = _reduction(ctx)
        weight = ctx.get("weight", inputs[2] if len(inputs) > 2 else None)
        self._save(inputs[0], inputs[1], weight)

    def apply(self, grads):
        x, t, w = self._unpack()
        g = grads[0]
        if w is not None:
            g = g * w
        if self.reduction == "mean":
            g = g / max(x.numel(), 1)
        d = (x - t) / ((-x + 1) * x).clamp(min=1e-12) * g
        if len(self.next_functions) < 2 or self.next_functions[1][0] is None:
            return (d,)
        return (d, ((-x).log1p() - x.log()) * g)


class NllLossBackward0(SavingNode):
    """nll_loss(self, target, weight, reduction, ignore_index, total_weight); self is (N, C) or (C,)."""
    __slots__ = ("reduction", "ignore_index")
    saved_names = ("self", "target", "weight", "total_weight")

    def setup(self, inputs, result, ctx):
        self.reduction = _reduction(ctx)
        self.ignore_index = ctx.get("ignore_index", -100)
        weight = ctx.get("weight", inputs[2] if len(inputs) > 2 and not isinstance(inputs[2], (int, float))
                         else None)
        target = ctx.get("target", inputs[1] if len(inputs) > 1 else None)
        total = ctx.get("total_weight")
        if total is None:
            valid = target != self.ignore_index
            if weight is None:
                total = valid.sum().to(inputs[0].dtype)
            else:
                total = where(valid, weight.detach()[where(valid, target, 0)], 0.0).sum()
        self._save(inputs[0], target, weight, total)
        self.next_functions = self.next_functions[:1]

    def apply(self, grads):
        x, target, weight, total = self._unpack()
        g = grads[0]
        mean = self.reduction == "mean"
        if fused():
            return (nll_loss_backward(g, x, target, weight, self.ignore_index, total if mean else None),)
        batched = x.dim() > 1
        t = target if batched else target.reshape(1)
        xs = x if batched else x.reshape(1, -1)
        valid = t != self.ignore_index
        safe_t = where(valid, t, 0)
        w = weight[safe_t] if weight is not None else valid.to(x.dtype)
        grad = -(g / total) if mean else -g
        coef = keep(valid, w * (grad.reshape(-1) if self.reduction == "none" else grad))
        out = xs.new_zeros(xs._shape).scatter(1, safe_t.unsqueeze(1), coef.unsqueeze(1))
        return (out if batched else out.reshape(x._shape),)


class MishBackward0(_SelfNode):
    """mish(x) = x * tanh(softplus(x))."""
    __slots__ = ()

    def apply(self, grads):
        x, = self._unpack()
        t = x.exp().log1p().tanh()
        return (grads[0] * (t + x * x.sigmoid() * (-(t * t) + 1)),)


class HardswishBackward0(_SelfNode):
    """0 up to -3, x / 3 + 1/2 between, 1 from 3 on."""
    __slots__ = ()

    def apply(self, grads):
        x, = self._unpack()
        g = grads[0]
        return (where(x <= -3, g * 0, where(x < 3, g * (x / 3 + 0.5), g)),)


class HardsigmoidBackward0(_SelfNode):
    """1/6 strictly between -3 and 3, 0 elsewhere."""
    __slots__ = ()

    def apply(self, grads):
        x, = self._unpack()
        return (keep((x > -3) & (x < 3), grads[0] / 6),)
