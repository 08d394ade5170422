"""Backward formulas that run as one backend kernel each, as PyTorch's
``threshold_backward``, ``_log_softmax_backward_data`` and ``nll_loss_backward``
do.

A node uses them only while no graph of the backward pass is recorded
(``fused()``): they are not differentiable, so under ``create_graph=True`` the
node runs its composed formula of tensorlib ops instead.  In float32/float64 the
results equal the composed formulas' (the kernels are built from the same
elementwise and reduction kernels); float16 and bfloat16 are computed in float32 and rounded
once."""
from ... import _dtype as D
from ..._fast_paths import FAST_PATHS
from ...autograd.grad_mode import _state
from .. import _common

_float32 = D.float32


def fused():
    """Whether a backward formula may run as a fused kernel (no create_graph, fast paths on)."""
    return FAST_PATHS and not _state.enabled


def _into_new(like, kernel, tensors, args):
    """``kernel(*arrays of tensors, *args, out)`` into a new contiguous tensor shaped as ``like``."""
    dtype = like._dtype
    device = like._storage.device
    backend = _common.backend_for(device)
    res, arr = _common.new_result(like._shape, dtype, device, backend)
    if 0 in like._shape:
        return res
    fn = getattr(backend, kernel)
    if D.compute_dtype(dtype) is not dtype:
        tmp = backend.empty_array(like._shape, _float32.numpy)
        fn(*[backend.cast(t._array(), _float32.numpy) for t in tensors], *args, tmp)
        backend.copy_into(arr, tmp)
    else:
        fn(*[t._array() for t in tensors], *args, arr)
    return res


def threshold_backward(g, x, threshold):
    """``g`` where ``x > threshold`` (or x is nan), 0 elsewhere."""
    return _into_new(g, "threshold_backward", (g, x), (threshold,))


def log_softmax_backward(g, y, dim):
    """``g - exp(y) * g.sum(dim, keepdim=True)`` for log_softmax result ``y``."""
    return _into_new(g, "log_softmax_backward", (g, y), (dim,))


def nll_loss_backward(g, x, target, weight, ignore_index, total):
    """The gradient of nll_loss on (N, C) or (C,) ``x``: ``weight[t] * -(g / total)``
    (``total`` None unless the reduction is 'mean') at the target class of each row
    not ignored, 0 elsewhere."""
    dtype = x._dtype
    device = x._storage.device
    backend = _common.backend_for(device)
    work = D.compute_dtype(dtype)
    res, arr = _common.new_result(x._shape, dtype, device, backend)
    if 0 in x._shape:
        return res

    def array(t):
        return None if t is None else (t._array() if t._dtype is work else backend.cast(t._array(), work.numpy))

    rows = x._shape if len(x._shape) == 2 else (1, x._shape[0])
    out = arr.reshape(rows) if work is dtype else backend.empty_array(rows, work.numpy)
    backend.nll_loss_backward(array(g), target._array().reshape(rows[0]), array(weight), ignore_index,
                              array(total), out)
    if work is not dtype:
        backend.copy_into(arr, out.reshape(x._shape))
    return res


def gelu_backward(g, x, approximate):
    """gelu's gradient for the incoming ``g`` as one backend kernel, for float32/float64 ``g`` and
    ``x`` of one dtype while no graph of the backward is recorded (it is not differentiable);
    None otherwise (the node composes its formula).  Not a fast path: the kernel is gelu's
    gradient, as the forward kernel is gelu."""
    dtype = x._dtype
    if _state.enabled or dtype not in _FLOATS or g._dtype is not dtype or 0 in x._shape:
        return None
    device = x._storage.device
    backend = _common.backend_for(device)
    res, arr = _common.new_result(x._shape, dtype, device, backend)
    return res if backend.gelu_backward(g._array(), x._array(), approximate, arr) else None


_FLOATS = (D.float32, D.float64)
