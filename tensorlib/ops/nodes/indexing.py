"""Indexing nodes: advanced indexing reads and writes, gather/scatter,
index_select/index_add/index_fill/index_copy, masked_*, take/put.

The ops pass what backward needs as keyword context: ``dim=``, ``index=``,
``mask=``, ``indices=`` (advanced indices, one entry per dim of the indexed
tensor, None where a dim is not indexed), ``accumulate=``, ``alpha=``.
A node recorded without it still records (the forward never fails) and
raises at backward time, naming what is missing."""
from ... import _layout
from ..._C import TensorBase
from ..indexing import _index_put_plan
from ._base import SavingNode, keep, needs, where, zeros


def _missing(node, key):
    return RuntimeError(f"{node.name()}: the forward op did not record '{key}', which its backward needs")


def _dim(ctx, ndim):
    d = ctx.get("dim", 0)
    return d % ndim if ndim else 0


def _key(indices):
    """An indexing key equivalent to a per-dim list of advanced indices."""
    key = []
    skip = 0
    for i in indices:
        if skip:
            skip -= 1
            continue
        if i is None:
            key.append(slice(None))
        else:
            key.append(i)
            if isinstance(i, TensorBase) and i._dtype.name in ("bool", "uint8") and i.dim() > 1:
                skip = i.dim() - 1
    return tuple(key)


def accumulate_at(shape, indices, g):
    """zeros(shape) with ``g`` added at the advanced ``indices`` (duplicates add)."""
    z = zeros(shape, g)
    indices = list(indices) + [None] * (len(shape) - len(indices))
    _index_put_plan(z, indices, g, True)()
    if g._requires_grad:     # create_graph: the result is differentiable in g
        z = z._record_result(z, "IndexPutBackward0", (None, g), indices=indices, accumulate=True)
    return z


class IndexBackward0(SavingNode):
    """``x[indices]`` with advanced indices: the gradient is accumulated back
    at the indexed positions (duplicate indices add up)."""
    __slots__ = ("shape", "n_indices")
    saved_names = ()

    def setup(self, inputs, result, ctx):
        self.shape = inputs[0]._shape
        indices = ctx.get("indices")
        self.n_indices = -1 if indices is None else len(indices)
        self._save(*(indices if indices is not None else ()))

    def apply(self, grads):
        if self.n_indices < 0:
            raise _missing(self, "indices")
        return (accumulate_at(self.shape, self._unpack(), grads[0]),)


class IndexPutBackward0(SavingNode):
    """index_put(self, indices, values, accumulate) (also ``x[adv] = v``)."""
    __slots__ = ("accumulate", "n_indices")
    saved_names = ()

    def setup(self, inputs, result, ctx):
        self.accumulate = bool(ctx.get("accumulate", False))
        indices = ctx.get("indices")
        self.n_indices = -1 if indices is None else len(indices)
        self._save(*(indices if indices is not None else ()))

    def apply(self, grads):
        if self.n_indices < 0:
            raise _missing(self, "indices")
        indices = self._unpack()
        g = grads[0]
        key = _key(indices)
        gs = gv = None
        if needs(self, 0):
            if self.accumulate:
                gs = g
            else:
                gs = g.clone()
                gs[key] = 0
        if needs(self, 1):
            gv = g[key]
        return gs, gv


class IndexSelectBackward0(SavingNode):
    """index_select(self, dim, index)."""
    __slots__ = ("shape", "dim")
    saved_names = ("index",)

    def setup(self, inputs, result, ctx):
        self.shape = inputs[0]._shape
        self.dim = _dim(ctx, len(self.shape))
        self._save(ctx.get("index"))
        self.next_functions = self.next_functions[:1]

    def apply(self, grads):
        index, = self._unpack()
        if index is None:
            raise _missing(self, "index")
        g = grads[0]
        if not self.shape:
            return (g.reshape(()),)
        return (zeros(self.shape, g).index_add(self.dim, index.reshape(-1), g),)


class GatherBackward0(SavingNode):
    """gather(self, dim, index): scatter_add of the gradient."""
    __slots__ = ("shape", "dim")
    saved_names = ("index",)

    def setup(self, inputs, result, ctx):
        self.shape = inputs[0]._shape
        self.dim = _dim(ctx, len(self.shape))
        self._save(ctx.get("index"))
        self.next_functions = self.next_functions[:1]

    def apply(self, grads):
        index, = self._unpack()
        if index is None:
            raise _missing(self, "index")
        return (zeros(self.shape, grads[0]).scatter_add(self.dim, index, grads[0]),)


class MaskedSelectBackward0(SavingNode):
    """masked_select(self, mask): the gradient goes back where the (broadcast)
    mask is set; the engine reduces a broadcast self."""
    __slots__ = ("in_shape",)
    saved_names = ("mask",)

    def setup(self, inputs, result, ctx):
        self.in_shape = inputs[0]._shape
        self._save(ctx.get("mask", inputs[1] if len(inputs) > 1 else None))
        self.next_functions = self.next_functions[:1]

    def apply(self, grads):
        mask, = self._unpack()
        if mask is None:
            raise _missing(self, "mask")
        g = grads[0]
        full = _layout.broadcast_shapes(tuple(self.in_shape), tuple(mask._shape))
        return (zeros(full, g).masked_scatter(mask.expand(full), g),)


class MaskedFillBackward0(SavingNode):
    """masked_fill(self, mask, value): value a scalar, or a 0-d tensor (inputs[1])."""
    __slots__ = ()
    saved_names = ("mask",)

    def setup(self, inputs, result, ctx):
        self._save(ctx.get("mask"))

    def apply(self, grads):
        mask, = self._unpack()
        if mask is None:
            raise _missing(self, "mask")
        g = grads[0]
        gs = where(mask, 0.0, g) if needs(self, 0) else None
        gv = keep(mask, g).sum() if needs(self, 1) else None
        return gs, gv


class MaskedFillBackward1(MaskedFillBackward0):
    __slots__ = ()


class MaskedScatterBackward0(SavingNode):
    """masked_scatter(self, mask, source)."""
    __slots__ = ("source_shape",)
    saved_names = ("mask",)

    def setup(self, inputs, result, ctx):
        src = inputs[1] if len(inputs) > 1 else ctx.get("source")
        self.source_shape = src._shape if src is not None else ()
        self._save(ctx.get("mask"))

    def apply(self, grads):
        mask, = self._unpack()
        if mask is None:
            raise _missing(self, "mask")
        g = grads[0]
        gs = where(mask, 0.0, g) if needs(self, 0) else None
        gsrc = None
        if needs(self, 1):
            n = 1
            for s in self.source_shape:
                n *= s
            picked = g.masked_select(mask)
            flat = g.new_zeros((n,))
            flat.narrow(0, 0, picked.numel()).copy_(picked)
            gsrc = flat.reshape(self.source_shape)
        return gs, gsrc


class ScatterBackward0(SavingNode):
    """scatter(self, dim, index, src): src's elements replaced self's."""
    __slots__ = ("dim",)
    saved_names = ("index",)

    def setup(self, inputs, result, ctx):
        self.dim = _dim(ctx, len(inputs[0]._shape))
        self._save(ctx.get("index"))

    def apply(self, grads):
        index, = self._unpack()
        if index is None:
            raise _missing(self, "index")
        g = grads[0]
        gs = g.scatter(self.dim, index, 0.0) if needs(self, 0) else None
        gsrc = g.gather(self.dim, index) if needs(self, 1) else None
        return gs, gsrc


class ScatterBackward1(ScatterBackward0):
    """scatter(self, dim, index, scalar value)."""
    __slots__ = ()


class ScatterAddBackward0(ScatterBackward0):
    __slots__ = ()

    def apply(self, grads):
        index, = self._unpack()
        if index is None:
            raise _missing(self, "index")
        g = grads[0]
        return g, (g.gather(self.dim, index) if needs(self, 1) else None)


class IndexAddBackward0(SavingNode):
    """index_add(self, dim, index, source, alpha)."""
    __slots__ = ("dim", "alpha", "source_dim")
    saved_names = ("index",)

    def setup(self, inputs, result, ctx):
        self.dim = _dim(ctx, len(inputs[0]._shape))
        self.alpha = ctx.get("alpha", 1)
        src = inputs[1] if len(inputs) > 1 else ctx.get("source")
        self.source_dim = src.dim() if src is not None else 1
        self._save(ctx.get("index"))

    def apply(self, grads):
        index, = self._unpack()
        g = grads[0]
        gsrc = None
        if needs(self, 1):
            if index is None:
                raise _missing(self, "index")
            gsrc = g.index_select(self.dim, index.reshape(-1)) if g.dim() else g
            if self.alpha != 1:
                gsrc = gsrc * self.alpha
            if self.source_dim == 0:
                gsrc = gsrc.reshape(())
        return g, gsrc


class IndexCopyBackward0(IndexAddBackward0):
    """index_copy(self, dim, index, source)."""
    __slots__ = ()

    def apply(self, grads):
        index, = self._unpack()
        if index is None:
            raise _missing(self, "index")
        g = grads[0]
        gs = g.index_fill(self.dim, index.reshape(-1), 0.0) if needs(self, 0) else None
        gsrc = None
        if needs(self, 1):
            gsrc = g.index_select(self.dim, index.reshape(-1)) if g.dim() else g
            if self.source_dim == 0:
                gsrc = gsrc.reshape(())
        return gs, gsrc


class IndexFillBackward0(SavingNode):
    """index_fill(self, dim, index, value): value a scalar or a 0-d tensor."""
    __slots__ = ("dim",)
    saved_names = ("index",)

    def setup(self, inputs, result, ctx):
        self.dim = _dim(ctx, len(inputs[0]._shape))
        self._save(ctx.get("index"))

    def apply(self, grads):
        index, = self._unpack()
        if index is None:
            raise _missing(self, "index")
        g = grads[0]
        idx = index.reshape(-1)
        gs = g.index_fill(self.dim, idx, 0.0) if needs(self, 0) else None
        gv = (g.index_select(self.dim, idx).sum() if g.dim() else g) if needs(self, 1) else None
        return gs, gv


class IndexFillBackward1(IndexFillBackward0):
    __slots__ = ()


class TakeBackward0(SavingNode):
    """take(self, index): flat indices into self."""
    __slots__ = ("shape",)
    saved_names = ("index",)

    def setup(self, inputs, result, ctx):
        self.shape = inputs[0]._shape
        self._save(ctx.get("index"))
        self.next_functions = self.next_functions[:1]

    def apply(self, grads):
        index, = self._unpack()
        if index is None:
            raise _missing(self, "index")
        g = grads[0]
        n = 1
        for s in self.shape:
            n *= s
        flat = g.new_zeros((n,)).index_add(0, (index.reshape(-1) + n) % max(n, 1), g.reshape(-1))
        return (flat.reshape(self.shape),)


class PutBackward0(SavingNode):
    """put(self, index, source, accumulate)."""
    __slots__ = ("accumulate",)
    saved_names = ("index",)

    def setup(self, inputs, result, ctx):
        self.accumulate = bool(ctx.get("accumulate", False))
        self._save(ctx.get("index"))

    def apply(self, grads):
        index, = self._unpack()
        if index is None:
            raise _missing(self, "index")
        g = grads[0]
        gs = None
        if needs(self, 0):
            gs = g if self.accumulate else g.put(index, g.new_zeros(index._shape))
        gsrc = g.take(index) if needs(self, 1) else None
        return gs, gsrc
