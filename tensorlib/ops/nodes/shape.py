"""View nodes (the ``_record_view`` family), copies (clone, dtype conversion,
``copy_``, CopySlices) and joining/reordering ops (cat, stack, repeat, flip...)."""
import numpy as np

from ... import _dtype as D
from ... import _layout
from ..._tensor import host_tensor
from ._base import Node, needs, on_input_device, zeros
from ._fused import fused, join_pieces
from .linalg import _MatmulFormula


# ---- storage geometry helpers -----------------------------------------------------------
def may_overlap(shape, strides):
    """False when no two indices of the layout can address one element."""
    dims = sorted((abs(st), sz) for sz, st in zip(shape, strides) if sz > 1)
    reach = 0
    for stride, size in dims:
        if stride <= reach:
            return True
        reach += stride * (size - 1)
    return False


def strided_scatter(g, out_geom, in_geom):
    """The gradient w.r.t. a tensor of geometry ``in_geom`` = (shape, strides,
    offset) of a view of geometry ``out_geom`` over the same storage whose
    gradient is ``g``: every element of ``g`` is added at its storage
    location, and the input reads its elements back."""
    out_shape, out_strides, out_off = out_geom
    in_shape, in_strides, in_off = in_geom
    lo = min(out_off, in_off)
    hi = max(_layout.storage_extent(out_shape, out_strides, out_off),
             _layout.storage_extent(in_shape, in_strides, in_off))
    flat = g.new_zeros((max(hi - lo, 0),))
    # stride-0 dims of the view: sum the gradient over them first
    shape, strides = list(out_shape), list(out_strides)
    sum_dims = tuple(i for i, (sz, st) in enumerate(zip(shape, strides)) if st == 0 and sz > 1)
    if sum_dims:
        g = g.sum(sum_dims, keepdim=True)
        for i in sum_dims:
            shape[i] = 1
    shape, strides = tuple(shape), tuple(strides)
    if not may_overlap(shape, strides):
        flat.as_strided(shape, strides, out_off - lo).copy_(g)
    else:
        positions = host_tensor(np.arange(flat.numel()), D.int64, g.device).as_strided(shape, strides, out_off - lo)
        flat = flat.index_add(0, positions.reshape(-1), g.reshape(-1))
    return flat.as_strided(in_shape, in_strides, in_off - lo)


# ---- view nodes ---------------------------------------------------------------------------
class _ViewNode(Node):
    """A node recorded by ``_record_view``.  ``_view_ver`` is the version of the
    storage when it was recorded: after an in-place write through another
    alias the view's grad_fn is regenerated (AsStridedBackward0)."""
    __slots__ = ("_view_ver", "ctx")

    def setup(self, src, view, ctx):
        self.ctx = ctx


class ViewBackward0(_ViewNode):
    """ctx: the input shape."""
    __slots__ = ()

    def apply(self, grads):
        return (grads[0].reshape(self.ctx),)


class _ReshapeBack(_ViewNode):
    __slots__ = ()

    def apply(self, grads):
        return (grads[0].reshape(self.ctx),)


class ReshapeAliasBackward0(_ReshapeBack):
    """reshape's view of a tensor that is not contiguous; ctx: the input shape."""
    __slots__ = ()


class SqueezeBackward0(_ReshapeBack):
    __slots__ = ()


class SqueezeBackward1(_ReshapeBack):
    __slots__ = ()


class SqueezeBackward2(_ReshapeBack):
    __slots__ = ()


class SqueezeBackward4(_ReshapeBack):
    __slots__ = ()


class UnsqueezeBackward0(_ViewNode):
    """ctx: the inserted dim."""
    __slots__ = ()

    def apply(self, grads):
        return (grads[0].squeeze(self.ctx),)


class TransposeBackward0(_ViewNode):
    """ctx: the swapped dims (a, b)."""
    __slots__ = ()

    def apply(self, grads):
        a, b = self.ctx
        return (grads[0].transpose(a, b),)


class TBackward0(_ViewNode):
    __slots__ = ()

    def apply(self, grads):
        return (grads[0].t(),)


class PermuteBackward0(_ViewNode):
    """ctx: the permutation."""
    __slots__ = ()

    def apply(self, grads):
        dims = self.ctx
        inverse = [0] * len(dims)
        for i, d in enumerate(dims):
            inverse[d] = i
        return (grads[0].permute(inverse),)


class ExpandBackward0(_ViewNode):
    """ctx: the input shape; the gradient is summed over the broadcast dims."""
    __slots__ = ()

    def apply(self, grads):
        from ...autograd.engine import sum_to
        return (sum_to(grads[0], tuple(self.ctx)),)


class AliasBackward0(_ViewNode):
    __slots__ = ()

    def apply(self, grads):
        return (grads[0],)


class SliceBackward0(_ViewNode):
    """ctx: (input shape, dim, start, stop, step)."""
    __slots__ = ()

    def apply(self, grads):
        shape, d, start, stop, step = self.ctx
        g = grads[0]
        z = zeros(shape, g)
        z._slice(d, start, stop, step).copy_(g)
        return (z,)


class SelectBackward0(_ViewNode):
    """ctx: (input shape, dim, index)."""
    __slots__ = ()

    def apply(self, grads):
        shape, d, index = self.ctx
        g = grads[0]
        z = zeros(shape, g)
        z.select(d, index).copy_(g)
        return (z,)


class UnfoldBackward0(_ViewNode):
    """ctx: (input shape, dim, size, step)."""
    __slots__ = ()

    def apply(self, grads):
        shape, d, size, step = self.ctx
        g = grads[0]
        z = zeros(shape, g)
        if not shape:
            return (g.reshape(()),)
        for i in range(g._shape[d]):
            window = g.select(d, i).movedim(-1, d)
            part = z.narrow(d, i * step, size)
            part.copy_(part + window)
        return (z,)


class AsStridedBackward0(_ViewNode):
    """ctx: ((input shape, strides, offset), (output shape, strides, offset))."""
    __slots__ = ()

    def setup(self, src, view, ctx):
        self.ctx = (tuple(ctx), (view._shape, view._strides, view._offset))

    def apply(self, grads):
        in_geom, out_geom = self.ctx
        return (strided_scatter(grads[0], out_geom, in_geom),)


class _MultiViewNode(_ViewNode):
    """One node for all the pieces of unbind/split (output ``i`` is piece ``i``)."""
    __slots__ = ("n_outputs",)


class UnbindBackward0(_MultiViewNode):
    """ctx: (input shape, dim)."""
    __slots__ = ()

    def setup(self, src, views, ctx):
        self.ctx = (src._shape, ctx)
        self.n_outputs = len(views)

    def apply(self, grads):
        shape, d = self.ctx
        if fused():
            joined = join_pieces(grads, shape, d, (1,) * len(grads), keep_dim=False)
            if joined is not None:
                return (joined,)
        like = next((g for g in grads if g is not None), None)
        z = zeros(shape, like)
        for i, g in enumerate(grads):
            if g is not None:
                z.select(d, i).copy_(g)
        return (z,)


class SplitBackward0(_MultiViewNode):
    """ctx: (input shape, dim, piece lengths)."""
    __slots__ = ()

    def setup(self, src, views, ctx):
        d = ctx
        self.ctx = (src._shape, d, tuple(v._shape[d] for v in views))
        self.n_outputs = len(views)

    def apply(self, grads):
        shape, d, lengths = self.ctx
        if fused():
            joined = join_pieces(grads, shape, d, lengths, keep_dim=True)
            if joined is not None:
                return (joined,)
        like = next((g for g in grads if g is not None), None)
        z = zeros(shape, like)
        start = 0
        for g, n in zip(grads, lengths):
            if g is not None:
                z.narrow(d, start, n).copy_(g)
            start += n
        return (z,)


class SplitWithSizesBackward0(SplitBackward0):
    __slots__ = ()


# ---- copies -----------------------------------------------------------------------------------
class CloneBackward0(Node):
    __slots__ = ()

    def apply(self, grads):
        return (grads[0],)


class ToCopyBackward0(Node):
    """The gradient goes back to the input's device; the engine casts it to the input's dtype."""
    __slots__ = ()

    def apply(self, grads):
        return (on_input_device(self, 0, grads[0]),)


class UnsafeViewBackward0(_ViewNode):
    """``_unsafe_view`` (a reshape of a fresh result): the gradient is reshaped
    back.  Recorded either as a view (ctx: the input shape), as a result of
    one input, or -- by a batched matmul that records its whole product under
    this name -- as a result of two inputs, whose backward is matmul's."""
    __slots__ = ("matmul",)

    def setup(self, src, view, ctx):
        self.matmul = None
        if isinstance(src, tuple):          # recorded by _record_result(out, name, inputs)
            inputs = src
            if len(inputs) == 2:
                mm = _MatmulFormula.__new__(_MatmulFormula)
                mm.next_functions = self.next_functions
                mm._seq, mm._meta, mm._hk = self._seq, self._meta, None
                mm.setup(inputs, view, ctx)
                self.matmul = mm
            self.ctx = inputs[0]._shape
        else:
            self.ctx = tuple(ctx) if ctx is not None else src._shape

    def apply(self, grads):
        if self.matmul is not None:
            return self.matmul.apply(grads)
        return (grads[0].reshape(self.ctx),)

    def _release(self):
        if self.matmul is not None:
            self.matmul._release()


class CopyBackwards(Node):
    """``self.copy_(src)``: nothing flows to the old value of self; src gets the
    gradient on its own device (reduced and cast to src by the engine)."""
    __slots__ = ()

    def name(self):
        return "torch::autograd::CopyBackwards"

    def apply(self, grads):
        g = grads[0]
        return (g.mul(0) if needs(self, 0) else None), on_input_device(self, 1, g)


class CopySlices(Node):
    """An in-place op on a view, recorded on the view's base: the base's
    gradient is the incoming one with the view's region replaced by what the
    in-place op's node (``fn``) gives for its input, and the op's other inputs
    get what ``fn`` gives them."""
    __slots__ = ("fn", "base_geom", "view_geom")

    def name(self):
        return "torch::autograd::CopySlices"

    def apply(self, grads):
        g = grads[0]
        base_shape, base_strides, base_off = self.base_geom
        view_shape, view_strides, view_off = self.view_geom
        lo = min(base_off, view_off)
        hi = max(_layout.storage_extent(base_shape, base_strides, base_off),
                 _layout.storage_extent(view_shape, view_strides, view_off))
        flat = g.new_zeros((max(hi - lo, 0),))
        result = flat.as_strided(base_shape, base_strides, base_off - lo)
        result.copy_(g)
        grad_slice = flat.as_strided(view_shape, view_strides, view_off - lo)
        res = self.fn.apply([grad_slice.clone()])
        out = [None] * len(self.next_functions)
        for i, r in enumerate(res):
            if i >= len(out):
                break
            if i == 0:
                if needs(self, 0):
                    if r is None:
                        grad_slice.copy_(grad_slice.new_zeros(view_shape))
                    else:
                        grad_slice.copy_(r)
                    out[0] = result
            else:
                out[i] = r
        return out

    def _release(self):
        self.fn._release()


# ---- joining and reordering -------------------------------------------------------------------
class CatBackward0(Node):
    """cat(tensors, dim): each input gets its slice of the gradient."""
    __slots__ = ("dim", "sizes", "shapes")

    def setup(self, inputs, result, ctx):
        d = ctx.get("dim", 0)
        nd = len(result._shape)
        self.dim = d % nd if nd else 0
        self.shapes = tuple(t._shape for t in inputs)
        self.sizes = tuple((s[self.dim] if len(s) == nd else 0) for s in self.shapes)

    def apply(self, grads):
        g = grads[0]
        out = []
        start = 0
        for i, (n, shape) in enumerate(zip(self.sizes, self.shapes)):
            if not needs(self, i):
                out.append(None)
            elif len(shape) != g.dim():   # a legacy empty 1-D input
                out.append(zeros(shape, g))
            else:
                out.append(g.narrow(self.dim, start, n))
            start += n
        return out


class StackBackward0(Node):
    """stack(tensors, dim): input ``i`` gets ``grad.select(dim, i)``."""
    __slots__ = ("dim",)

    def setup(self, inputs, result, ctx):
        nd = len(result._shape)
        self.dim = ctx.get("dim", 0) % nd

    def apply(self, grads):
        g = grads[0]
        return [g.select(self.dim, i) if needs(self, i) else None for i in range(len(self.next_functions))]


class RepeatBackward0(Node):
    """repeat(repeats): the gradient of every copy is summed."""
    __slots__ = ("shape", "repeats")

    def setup(self, inputs, result, ctx):
        self.shape = inputs[0]._shape
        self.repeats = tuple(ctx.get("repeats", ctx.get("sizes", ())))

    def apply(self, grads):
        g = grads[0]
        reps = self.repeats
        shape = (1,) * (len(reps) - len(self.shape)) + tuple(self.shape)
        split = []
        for r, s in zip(reps, shape):
            split.extend((r, s))
        g = g.reshape(split)
        g = g.sum(tuple(range(0, 2 * len(reps), 2))) if reps else g
        return (g.reshape(self.shape),)


class FlipBackward0(Node):
    __slots__ = ("dims",)

    def setup(self, inputs, result, ctx):
        self.dims = ctx.get("dims", ctx.get("dim"))

    def apply(self, grads):
        return (grads[0].flip(self.dims),)


class RollBackward0(Node):
    __slots__ = ("shifts", "dims")

    def setup(self, inputs, result, ctx):
        self.shifts = ctx.get("shifts")
        self.dims = ctx.get("dims")

    def apply(self, grads):
        s = self.shifts
        neg = tuple(-x for x in s) if isinstance(s, (tuple, list)) else -s
        return (grads[0].roll(neg, self.dims),)


class TrilBackward0(Node):
    __slots__ = ("diagonal",)

    def setup(self, inputs, result, ctx):
        self.diagonal = ctx.get("diagonal", 0)

    def apply(self, grads):
        return (grads[0].tril(self.diagonal),)


class TriuBackward0(TrilBackward0):
    __slots__ = ()

    def apply(self, grads):
        return (grads[0].triu(self.diagonal),)


def _diag_geometry(rows, cols, k):
    """(length, storage start) of diagonal ``k`` of a contiguous rows x cols matrix."""
    if k >= 0:
        return max(0, min(rows, cols - k)), k
    return max(0, min(rows + k, cols)), -k * cols


class DiagEmbedBackward0(Node):
    """diag_embed, and diag of a 1-D tensor: the input was put on diagonal ``offset`` of
    dims ``dim1``/``dim2`` (the last two unless the context names them)."""
    __slots__ = ("diagonal", "dims")

    def setup(self, inputs, result, ctx):
        self.diagonal = int(ctx.get("offset", ctx.get("diagonal", 0)))
        self.dims = (ctx.get("dim1", -2), ctx.get("dim2", -1))

    def apply(self, grads):
        return (grads[0].diagonal(self.diagonal, *self.dims),)


class DiagonalBackward0_copy(Node):
    """diag of a matrix (a copy of diagonal ``offset``)."""
    __slots__ = ("diagonal", "shape")

    def setup(self, inputs, result, ctx):
        self.diagonal = int(ctx.get("offset", ctx.get("diagonal", 0)))
        self.shape = inputs[0]._shape

    def apply(self, grads):
        g = grads[0]
        rows, cols = self.shape
        n, start = _diag_geometry(rows, cols, self.diagonal)
        z = zeros(self.shape, g)
        z.as_strided((n,), (cols + 1,), start).copy_(g)
        return (z,)
