"""Backward formulas that run as one backend kernel each, as PyTorch's
``threshold_backward``, ``_log_softmax_backward_data`` and ``nll_loss_backward``
do.

A node uses them only while no graph of the backward pass is recorded
(``fused()``): they are not differentiable, so under ``create_graph=True`` the
node runs its composed formula of tensorlib ops instead.  In float32/float64 the
results equal the composed formulas' (the kernels are built from the same
elementwise and reduction kernels); float16 and bfloat16 are computed in float32 and rounded
once.  Softmax's gradient is the exception: its kernel sums as PyTorch's does, where the
composed formula's sum does not (float32 only)."""
from ... import _dtype as D
from ..._fast_paths import FAST_PATHS
from ...autograd.grad_mode import _state
from .. import _common

_float32 = D.float32
_ONE_THREAD_MAX = 65536   # elementwise kernels run on one thread below this many elements


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


def softmax_backward(g, y, dim):
    """``(g - (g * y).sum(dim, keepdim=True)) * y`` for softmax result ``y`` as one backend
    kernel, with PyTorch's float32 bits (its sum of the products in its vector lanes' order,
    which the composed formula's sum does not follow); None where the backend has no such
    kernel for these operands."""
    device = y._storage.device
    backend = _common.backend_for(device)
    kernel = getattr(backend, "softmax_backward", None)
    if kernel is None or y._dtype is not _float32 or g._dtype is not _float32 or 0 in y._shape:
        return None
    res, arr = _common.new_result(y._shape, _float32, device, backend)
    return res if kernel(g._array(), y._array(), dim, arr) else None


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


def _flat_operands(g, y):
    """``(backend, n, g's elements, y's elements)`` when ``y`` is a contiguous float32 or float64
    tensor and ``g`` of its shape, dtype and device is contiguous or one number expanded (``sum``'s
    gradient) -- layouts whose composed formula gives a contiguous result -- else None: the
    formula of tensor ops runs."""
    dtype = y._dtype
    shape = y._shape
    if g._dtype is not dtype or D.compute_dtype(dtype) is not dtype or not dtype.is_floating_point or \
            g._shape != shape or not _common.is_contiguous(shape, y._strides):
        return None
    device = y._storage.device
    n = _common.numel(shape)
    if not n or g._storage.device != device:
        return None
    backend = _common.backend_for(device)
    if _common.is_contiguous(shape, g._strides):
        gs = _common.flat_elements(g, n)
    elif not any(g._strides):
        gs = backend.strided_view(g._storage.data, (n,), (0,), g._offset)
    else:
        return None
    return backend, n, gs, _common.flat_elements(y, n)


def _flat_result(like, backend):
    """A new contiguous tensor shaped and typed as ``like`` and its flat elements."""
    res, _ = _common.new_result(like._shape, like._dtype, like._storage.device, backend)
    return res, res._storage.data


def _number(backend, value, like, n):
    """``value`` in ``like``'s dtype read as ``n`` elements (stride 0)."""
    return backend.strided_view(backend.scalar_buffer(value, like.dtype), (n,), (0,), 0)


def tanh_backward(g, y):
    """``g * (1 - y * y)`` for tanh's result ``y`` -- ``1 - y * y`` as addcmul's multiply-add
    (PyTorch's tanh_backward rounds it once) -- or None where the composed formula runs."""
    flat = _flat_operands(g, y)
    if flat is None:
        return None
    backend, n, gs, ys = flat
    res, out = _flat_result(y, backend)
    # one kernel where the backend has it, below the size the three kernels share among threads
    kernel = getattr(backend, "tanh_backward", None)
    if kernel is not None and n < _ONE_THREAD_MAX and kernel(gs, ys, out):
        return res
    backend.binary("mul", _number(backend, -1, ys, n), ys, out)
    backend.fused_multiply_add(out, ys, _number(backend, 1, ys, n), out)
    backend.binary("mul", gs, out, out)
    return res


def sigmoid_backward(g, y):
    """``g * (1 - y) * y`` for sigmoid's result ``y``, as the composed formula rounds it
    (``-y + 1``, then the two products left to right), or None where that formula runs."""
    flat = _flat_operands(g, y)
    if flat is None:
        return None
    backend, n, gs, ys = flat
    res, out = _flat_result(y, backend)
    backend.unary("neg", ys, out)
    backend.binary("add", out, _number(backend, 1, ys, n), out)
    backend.binary("mul", gs, out, out)
    backend.binary("mul", out, ys, out)
    return res


def join_pieces(grads, shape, dim, lengths, keep_dim):
    """The gradient of the input of split (``keep_dim``) or unbind: each piece's gradient copied
    to its place along ``dim`` of a new contiguous tensor of ``shape`` (zeros for a piece that got
    none), or None where the tensor formula runs (an empty input, pieces of several dtypes or
    devices).  ``lengths``: the pieces' sizes along ``dim``."""
    like = None
    for g in grads:
        if g is not None:
            if like is None:
                like = g
            elif g._dtype is not like._dtype or g._storage.device != like._storage.device:
                return None
    if not _common.numel(shape):
        return None
    dtype = like._dtype
    device = like._storage.device
    backend = _common.backend_for(device)
    res, _ = _common.new_result(shape, dtype, device, backend)
    flat = res._storage.data
    strides = res._strides
    outer, inner = shape[:dim], shape[dim + 1:]
    start = 0
    for g, n in zip(grads, lengths):
        if keep_dim:
            piece = backend.strided_view(flat, outer + (n,) + inner, strides, start * strides[dim])
        else:
            piece = backend.strided_view(flat, outer + inner, strides[:dim] + strides[dim + 1:], start * strides[dim])
        if g is None:
            backend.fill(piece, dtype.numpy.type(0))
        else:
            backend.copy_into(piece, g._array())
        start += n
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
