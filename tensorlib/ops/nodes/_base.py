"""Helpers shared by the node modules.

Every backward formula is written with tensorlib ops (never with NumPy), so
it runs on any device and, under ``create_graph``, records its own graph."""
from ..._C import TensorBase
from ..indexing import where
from ...autograd.graph import Node, SavingNode  # noqa: F401  (re-exported for the node modules)


def rg(x):
    """Whether ``x`` is a tensor that requires grad."""
    return isinstance(x, TensorBase) and x._requires_grad


def needs(node, i):
    """Whether the forward input ``i`` of ``node`` wants a gradient."""
    edges = node.next_functions
    return i < len(edges) and edges[i][0] is not None


def on_input_device(node, i, g):
    """``g`` on the device of the node's input ``i``: the gradient of a copy across
    devices goes back where the copy came from (the engine moves only 0-d gradients)."""
    nxt, nr = node.next_functions[i]
    if nxt is None:
        return g
    device = nxt._meta[nr][2]
    return g if g._storage.device == device else g.to(device)


def keep(cond, g):
    """``g`` where ``cond`` holds, 0 elsewhere (0 even where ``g`` is inf/nan)."""
    return where(cond, g, 0.0)


def zeros(shape, like):
    """Zeros of ``shape`` with the dtype and device of ``like``."""
    return like.new_zeros(tuple(shape))


def norm_dims(dim, ndim):
    """``dim`` (None, an int, or a sequence) as a sorted tuple of non-negative dims."""
    if dim is None:
        return tuple(range(ndim))
    if isinstance(dim, (tuple, list)):
        if len(dim) == 0:
            return tuple(range(ndim))
        dims = dim
    else:
        dims = (dim,)
    n = max(ndim, 1)
    return tuple(sorted(int(d) % n for d in dims))


def unsqueeze_dims(g, dims, keepdim, ndim):
    """Restores the reduced ``dims`` of ``g`` as size-1 dims (undoes keepdim=False)."""
    if keepdim or ndim == 0:
        return g
    for d in dims:
        g = g.unsqueeze(d)
    return g


def numel(shape):
    n = 1
    for s in shape:
        n *= s
    return n


def value_selecting_backward(g, dim, indices, shape, keepdim):
    """The gradient of ops that select one element per slice along ``dim``
    (max/min with dim, sort, topk, median): zeros with ``g``
    scattered back at ``indices``."""
    if not keepdim and len(shape) > 0:
        g = g.unsqueeze(dim)
        indices = indices.unsqueeze(dim)
    return zeros(shape, g).scatter(dim, indices, g)


def evenly_distribute(g, self, value):
    """The gradient of a full max/min/median: shared evenly among the ties.  A NaN
    result came from the NaNs of ``self``, so they share it (``==`` never holds for NaN)."""
    mask = self.isnan() if bool(value.isnan()) else self == value
    count = mask.sum()
    return keep(mask, g.expand(self._shape) / count)
