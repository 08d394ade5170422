"""max_pool2d/3d (MaxPool2DWithIndicesBackward0, MaxPool3DWithIndicesBackward0) and
avg_pool2d/3d (AvgPool2DBackward0, AvgPool3DBackward0), and their 1-D forms (a
2-D window of height 1, as PyTorch computes them)."""
import math
import numbers

from ... import _creation
from ... import _dtype as D
from ..._scalar_conversion import check_fits, representable_range, trunc_div
from ..._type_names import not_implemented
from ...autograd.grad_mode import no_grad
from ...autograd.graph import SavingNode
from ...ops._common import backend_for, new_result
from ...ops.nodes._fused import fused
from ._common import _grad_mode, _int_list, _record
from ._conv import _crop, _five_d, _fold, _in_3d, _kernel_route, _pad_arg, _windows
from ._padding import pad


def _window_values(values, function, what, dims, omittable=False):
    """A pooling window parameter as ``dims`` C ints (PyTorch narrows them to int)."""
    if len(values) not in ((0, 1, dims) if omittable else (1, dims)):
        raise RuntimeError(f"{function}: {what}")
    for value in values:
        check_fits(value, D.int32)
    return values * dims if len(values) == 1 else values


def _pool_window(function, kernel_size, stride, padding, dilation, dims=2):
    """(kernel, stride, padding, dilation) of max_pool2d/3d / avg_pool2d/3d (no
    dilation: None) parsed and checked in PyTorch's order.  avg_pool2d's Python
    form passes them on by name, so its type errors give no positions."""
    positions = (None,) * 4 if function == "avg_pool2d" else (2, 3, 4, 5)
    kernel = _spatial(kernel_size, function, "kernel_size", positions[0])
    stride = () if stride is None else _spatial(stride, function, "stride", positions[1])
    padding = _spatial(padding, function, "padding", positions[2])
    dilation = None if dilation is None else _spatial(dilation, function, "dilation", positions[3])
    count = {2: "two", 3: "three"}[dims]
    either = "" if function == "avg_pool3d" else "either "
    kernel = _window_values(kernel, function, f"kernel_size must {either}be a single int, or a tuple of {count} ints",
                            dims)
    stride = _window_values(stride, function, f"stride must {either}be omitted, a single int, or a tuple of {count} "
                            "ints", dims, omittable=True) or kernel
    padding = _window_values(padding, function, f"padding must {either}be a single int, or a tuple of {count} ints",
                             dims)
    dilation = (1,) * dims if dilation is None else \
        _window_values(dilation, function, f"dilation must be either a single int, or a tuple of {count} ints", dims)
    return kernel, stride, padding, dilation


def _pool_output_size(size, k, s, p, d, ceil_mode):
    """One output dim of a pooling window, with PyTorch's checks on its parameters."""
    if s == 0:
        raise RuntimeError("stride should not be zero")
    if p < 0:
        raise RuntimeError(f"pad must be non-negative, but got pad: {p}")
    if p > trunc_div((k - 1) * d + 1, 2):
        raise RuntimeError(f"pad should be at most half of effective kernel size, but got pad={p}, kernel_size={k} "
                           f"and dilation={d}")
    out = (size + 2 * p - d * (k - 1) - 1 + (s - 1 if ceil_mode else 0)) // s + 1
    if ceil_mode and (out - 1) * s >= size + p:   # the last window must start inside the input or its left padding
        out -= 1
    return out


def _pool_geometry(input, kernel, stride, padding, dilation, ceil_mode):
    """The output size of a 2-D pooling of ``input`` (3-D or 4-D by now) and the
    (top, bottom, left, right) padding that puts every window inside, after
    PyTorch's checks of the window against the input."""
    (kh, kw), (sh, sw), (ph, pw), (dh, dw) = kernel, stride, padding, dilation
    planes, h, w = input.shape[-3:]
    out = (_pool_output_size(h, kh, sh, ph, dh, ceil_mode), _pool_output_size(w, kw, sw, pw, dw, ceil_mode))
    if kw <= 0 or kh <= 0:
        raise RuntimeError(f"kernel size should be greater than zero, but got kH: {kh} kW: {kw}")
    if sw <= 0 or sh <= 0:
        raise RuntimeError(f"stride should be greater than zero, but got dH: {sh} dW: {sw}")
    if dh <= 0 or dw <= 0:
        raise RuntimeError(f"dilation should be greater than zero, but got dilationH: {dh} dilationW: {dw}")
    shape = input.shape
    if not (input.dim() == 3 and 0 not in shape or input.dim() == 4 and 0 not in shape[1:]):
        raise RuntimeError(f"Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but "
                           f"got:{list(shape)}")
    if not (trunc_div(kw, 2) >= pw and trunc_div(kh, 2) >= ph):
        raise RuntimeError(f"pad should be smaller than or equal to half of kernel size, but got padW = {pw}, padH = "
                           f"{ph}, kW = {kw}, kH = {kh}")
    _check_output_size(planes, (h, w), out)
    return out, _window_pads((h, w), kernel, stride, padding, dilation, out)


def _check_output_size(planes, size, out):
    if min(out) < 1:
        raise RuntimeError(f"Given input size: ({'x'.join(map(str, (planes,) + tuple(size)))}). Calculated output "
                           f"size: ({'x'.join(map(str, (planes,) + tuple(out)))}). Output size is too small")


def _window_pads(size, kernel, stride, padding, dilation, out):
    """Flat (before, after) padding that puts every window inside: the given one,
    plus what ceil_mode reaches past it."""
    pads = []
    for n, k, s, p, d, o in zip(size, kernel, stride, padding, dilation, out):
        need = (o - 1) * s + d * (k - 1) + 1
        pads += [p, max(need - n - p, 0)]
    return tuple(pads)


def _pool3d_geometry(input, kernel, stride, padding, dilation, ceil_mode, function):
    """The output size and window padding of a 3-D pooling of ``input``, after
    PyTorch's checks (avg_pool3d also wants the input at least the kernel's size)."""
    if input.dim() not in (4, 5):
        raise RuntimeError("non-empty 4D or 5D (batch mode) tensor expected for input")
    if 0 in input.shape[-4:]:
        where = "max_pool3d_with_indices_out_cpu_template" if function == "max_pool3d" else function
        raise RuntimeError(f"{where}(): Expected input's non-batch dimensions to have positive length, but input has "
                           f"a shape of {list(input.shape)} and non-batch dimension 0 has length zero!")
    planes, size = input.shape[-4], tuple(input.shape[-3:])
    out = tuple(_pool_output_size(n, k, s, p, d, ceil_mode)
                for n, k, s, p, d in zip(size, kernel, stride, padding, dilation))
    for values, what, labels in ((kernel, "kernel size", ("kT", "kH", "kW")), (stride, "stride", ("dT", "dH", "dW")),
                                 (dilation, "dilation", ("dilationT", "dilationH", "dilationW"))):
        if min(values) <= 0:
            raise RuntimeError(f"{what} should be greater than zero, but got " +
                               " ".join(f"{label}: {v}" for label, v in zip(labels, values)))
    (kt, kh, kw), (pt, ph, pw) = kernel, padding
    if not (kt // 2 >= pt and kw // 2 >= pw and kh // 2 >= ph):
        raise RuntimeError(f"pad should be smaller than or equal to half of kernel size, but got kT: {kt} kW: {kw} "
                           f"kH: {kh} padT: {pt} padW: {pw} padH: {ph}")
    if function == "avg_pool3d" and any(n < k for n, k in zip(size, kernel)):
        raise RuntimeError(f"input image (T: {size[0]} H: {size[1]} W: {size[2]}) smaller than kernel size (kT: {kt} "
                           f"kH: {kh} kW: {kw})")
    _check_output_size(planes, size, out)
    return out, _window_pads(size, kernel, stride, padding, dilation, out)


class _IndicesBackward(SavingNode):
    """A node that keeps its input's shape and the flat positions, in the last
    ``spatial`` dims, that a max pooling found (max pooling and unpooling)."""
    __slots__ = ("shape",)
    saved_names = ("indices",)
    spatial = 2

    def setup(self, inputs, result, ctx):
        self.shape = tuple(inputs[0].shape)
        self._save(ctx["indices"])

    def _flat(self, t):
        """``t`` with its last ``spatial`` dims flattened (spelt out: -1 is ambiguous for an empty batch)."""
        lead = tuple(t.shape[:t.dim() - self.spatial])
        return t.reshape(lead + (math.prod(t.shape[t.dim() - self.spatial:]),))


class MaxPool2DWithIndicesBackward0(_IndicesBackward):
    """max_pool2d: the gradient goes to the argmax of each window."""
    __slots__ = ()

    def apply(self, grads):
        idx, = self._unpack()
        g = grads[0]
        if fused() and _kernel_route(g) and idx._dtype is D.int64:
            return (_max_pool_backward_by_kernel(g, idx, self.shape, self.spatial),)
        into = self._flat(g.new_zeros(self.shape))
        return (into.scatter_add(into.dim() - 1, self._flat(idx), self._flat(g)).view(self.shape),)


class MaxPool3DWithIndicesBackward0(MaxPool2DWithIndicesBackward0):
    """max_pool3d: the gradient goes to the argmax of each window."""
    __slots__ = ()
    spatial = 3


def _max_pool_backward_by_kernel(g, indices, shape, spatial):
    """max pooling's input gradient as one scatter-add kernel of the backend's ``conv``."""
    device = g._storage.device
    backend = backend_for(device)
    result, arr = new_result(shape, g._dtype, device, backend)
    planes = math.prod(shape[:len(shape) - spatial])
    if result.numel():
        backend.conv.max_pool_backward(g._array().reshape(1, planes, -1), indices._array().reshape(1, planes, -1),
                                       arr.reshape(1, planes, -1))
    return result


def _max_pool_by_kernel(x, kernel, stride, dilation, pads, out):
    """The max of each window of batched ``x`` and its flat position, one kernel of the backend's ``conv``."""
    dims = len(kernel)
    device = x._storage.device
    backend = backend_for(device)
    shape = tuple(x._shape[:2]) + tuple(out)
    values, values_arr = new_result(shape, x._dtype, device, backend)
    indices, indices_arr = new_result(shape, D.int64, device, backend)
    if values.numel():
        backend.conv.max_pool(_five_d(x._array(), dims), _five_d(values_arr, dims), _five_d(indices_arr, dims),
                              _in_3d(kernel, 1), _in_3d(stride, 1), _in_3d(dilation, 1), _in_3d(pads[::2], 0))
    return values, indices


def _batched(x, dims):
    return x if x.dim() == dims + 2 else x.unsqueeze(0)


def _max_pool(input, kernel, stride, dilation, pads, out, node):
    """The max of each window and its flat position in the input's spatial dims."""
    dims = len(kernel)
    with no_grad():
        x = _batched(input.detach(), dims)
        compose = _max_pool_composed if not _kernel_route(x) else _max_pool_by_kernel
        values, indices = compose(x, kernel, stride, dilation, pads, out)
        if input.dim() == dims + 1:
            values, indices = values.squeeze(0), indices.squeeze(0)
    values = _record(node, values, (input,), indices=indices)
    return values, indices


def _max_pool_composed(x, kernel, stride, dilation, pads, out):
    """The max of each window of batched ``x`` and its flat position, composed of tensor ops."""
    dims = len(kernel)
    size = tuple(x.shape[2:])
    lowest = -math.inf if x.is_floating_point() else representable_range(x.dtype)[0]
    xp = pad(x, _pad_arg(pads), value=lowest) if any(pads) else x
    order = (0, 1) + tuple(range(2 + dims, 2 + 2 * dims)) + tuple(range(2, 2 + dims))

    def flat_windows(t):   # (N', C', *out, prod(kernel))
        win = _windows(t, kernel, stride, dilation, out).permute(order)
        return win.reshape(tuple(win.shape[:2 + dims]) + (math.prod(kernel),))
    win = flat_windows(xp)
    values = win.amax(-1)
    # PyTorch's choice: the first maximum inside the input (never the padding), or the last NaN
    inside = flat_windows(pad(x.new_ones((1, 1) + size, dtype=D.bool), _pad_arg(pads), value=False))
    local = ((win == values.unsqueeze(-1)) & inside).to(D.uint8).argmax(-1)
    if x.is_floating_point():
        last_nan = win.isnan().flip(-1).to(D.uint8).argmax(-1).neg().add(win.shape[-1] - 1)
        local = local.where(values == values, last_nan)
    indices, place = None, 1
    for d in reversed(range(dims)):   # the window offset of each dim, innermost first
        shape = [1] * dims
        shape[d] = out[d]
        starts = _creation.arange(out[d], device=x.device).view(shape) * stride[d] - pads[2 * d]
        position = starts + (local % kernel[d]) * dilation[d]
        local = local.div(kernel[d], rounding_mode="floor")
        indices = position * place if indices is None else indices + position * place
        place *= size[d]
    return values, indices


def max_pool2d_with_indices(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
                            return_indices=True):
    """``max_pool2d`` with ``return_indices=True``: returns ``(values, indices)``, the indices flat over the pooled
    dims.
    """
    kernel, stride, padding, dilation = _pool_window("max_pool2d", kernel_size, stride, padding, dilation)
    if input.dim() not in (3, 4):
        raise RuntimeError("non-empty 3D or 4D (batch mode) tensor expected for input")
    out, pads = _pool_geometry(input, kernel, stride, padding, dilation, ceil_mode)
    if input.dtype is D.bool:
        raise not_implemented("max_pool2d", input.dtype)
    return _max_pool(input, kernel, stride, dilation, pads, out, MaxPool2DWithIndicesBackward0)


def max_pool2d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False):
    """Takes the maximum over sliding windows of the last two dims of ``input``.

    Args:
        input (Tensor): with a batch and channel dim, or only a channel dim.
        kernel_size (int or tuple): the window size.
        stride (int or tuple, optional): step between windows. Default: ``kernel_size``.
        padding (int or tuple): implicit ``-inf`` padding on both sides. Default: ``0``.
        dilation (int or tuple): spacing between window elements. Default: ``1``.
        ceil_mode (bool): round the output size up. Default: ``False``.
        return_indices (bool): also return the flat positions of the maxima. Default: ``False``.

    Returns:
        Tensor, or ``(values, indices)`` with ``return_indices``.

    Example::

        >>> import torch.nn.functional as F
        >>> F.max_pool2d(torch.arange(16.0).reshape(1, 1, 4, 4), 2)
        tensor([[[[ 5.,  7.],
                  [13., 15.]]]])
    """
    values, indices = max_pool2d_with_indices(input, kernel_size, stride, padding, dilation, ceil_mode)
    return (values, indices) if return_indices else values


def max_pool3d_with_indices(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
                            return_indices=True):
    """``max_pool3d`` with ``return_indices=True``: returns ``(values, indices)``, the indices flat over the pooled
    dims.
    """
    kernel, stride, padding, dilation = _pool_window("max_pool3d", kernel_size, stride, padding, dilation, 3)
    out, pads = _pool3d_geometry(input, kernel, stride, padding, dilation, ceil_mode, "max_pool3d")
    if input.dtype is D.bool:
        raise not_implemented("max_pool3d", input.dtype)
    return _max_pool(input, kernel, stride, dilation, pads, out, MaxPool3DWithIndicesBackward0)


def max_pool3d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False):
    """Takes the maximum over sliding windows of the last three dims of ``input``.

    Args:
        input (Tensor): with a batch and channel dim, or only a channel dim.
        kernel_size (int or tuple): the window size.
        stride (int or tuple, optional): step between windows. Default: ``kernel_size``.
        padding (int or tuple): implicit ``-inf`` padding on both sides. Default: ``0``.
        dilation (int or tuple): spacing between window elements. Default: ``1``.
        ceil_mode (bool): round the output size up. Default: ``False``.
        return_indices (bool): also return the flat positions of the maxima. Default: ``False``.

    Returns:
        Tensor, or ``(values, indices)`` with ``return_indices``.
    """
    values, indices = max_pool3d_with_indices(input, kernel_size, stride, padding, dilation, ceil_mode)
    return (values, indices) if return_indices else values


class AvgPool2DBackward0(SavingNode):
    """avg_pool2d: each window's gradient shared out over its elements."""
    __slots__ = ("geom",)
    saved_names = ("divisor",)

    def setup(self, inputs, result, ctx):
        self.geom = (tuple(inputs[0].shape),) + ctx["geom"]
        self._save(ctx["divisor"])

    def apply(self, grads):
        divisor, = self._unpack()
        shape, kernel, stride, out, pads = self.geom
        dims = len(kernel)
        g = _batched(grads[0], dims) / divisor
        lead = tuple(g.shape[:2])
        spread = g.view(lead + (1,) * dims + tuple(out)).expand(lead + tuple(kernel) + tuple(out))
        padded = tuple(n + pads[2 * d] + pads[2 * d + 1] for d, n in enumerate(shape[-dims:]))
        return (_crop(_fold(spread, padded, stride, (1,) * dims), pads).reshape(shape),)


class AvgPool3DBackward0(AvgPool2DBackward0):
    """avg_pool3d: each window's gradient shared out over its elements."""
    __slots__ = ()


def _avg_pool(input, kernel, stride, padding, pads, out, count_include_pad, divisor_override, node):
    """The mean of each window: its sum over the divisor PyTorch uses (the window
    size, without the padding unless counted, or ``divisor_override``)."""
    dims = len(kernel)
    with no_grad():
        x = _batched(input.detach(), dims)
        xp = pad(x, _pad_arg(pads)) if any(pads) else x
        sums = _windows(xp, kernel, stride, (1,) * dims, out).sum(tuple(range(2, 2 + dims)))
        if divisor_override is not None:
            divisor = _creation.tensor(divisor_override, dtype=x.dtype, device=x.device)
        else:
            divisor = None
            for d, (size, k, s, p, o) in enumerate(zip(x.shape[2:], kernel, stride, padding, out)):
                start = _creation.arange(o, device=x.device) * s - p
                end = (start + k).clamp(max=size + p)
                count = end - start if count_include_pad else end.clamp(max=size) - start.clamp(min=0)
                shape = [1] * dims
                shape[d] = o
                divisor = count.view(shape) if divisor is None else divisor * count.view(shape)
            divisor = divisor.to(x.dtype)
        result = sums / divisor if x.is_floating_point() else sums.div(divisor, rounding_mode="trunc")
        if input.dim() == dims + 1:
            result = result.squeeze(0)
    return _record(node, result, (input,), geom=(kernel, stride, out, pads), divisor=divisor)


def _divisor_override(value, function):
    if value is not None:
        if isinstance(value, bool) or not isinstance(value, numbers.Integral):
            raise TypeError(f"{function}(): argument 'divisor_override' must be int, not {type(value).__name__}")
        if value == 0:
            raise RuntimeError("divisor must be not zero")


_AVG_POOL_DTYPES = (D.float16, D.bfloat16, D.float32, D.float64, D.int64)


def avg_pool2d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True,
               divisor_override=None):
    """Takes the mean over sliding windows of the last two dims of ``input``.

    Args:
        input (Tensor): with a batch and channel dim, or only a channel dim.
        kernel_size (int or tuple): the window size.
        stride (int or tuple, optional): step between windows. Default: ``kernel_size``.
        padding (int or tuple): implicit zero padding on both sides. Default: ``0``.
        ceil_mode (bool): round the output size up. Default: ``False``.
        count_include_pad (bool): count the padding in the divisor. Default: ``True``.
        divisor_override (int, optional): divide each window sum by this instead.

    Returns:
        Tensor: the pooled input; integer input divides toward zero.

    Example::

        >>> import torch.nn.functional as F
        >>> F.avg_pool2d(torch.arange(16.0).reshape(1, 1, 4, 4), 2)
        tensor([[[[ 2.5000,  4.5000],
                  [10.5000, 12.5000]]]])
    """
    kernel, stride, padding, _ = _pool_window("avg_pool2d", kernel_size, stride, padding, None)
    _divisor_override(divisor_override, "avg_pool2d")
    input.size(-3)   # PyTorch reads the plane count first: fewer than 3 dims is an IndexError
    out, pads = _pool_geometry(input, kernel, stride, padding, (1, 1), ceil_mode)
    if input.dtype not in _AVG_POOL_DTYPES:
        raise not_implemented("avg_pool2d", input.dtype)
    return _avg_pool(input, kernel, stride, padding, pads, out, count_include_pad, divisor_override,
                     AvgPool2DBackward0)


def avg_pool3d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True,
               divisor_override=None):
    """Takes the mean over sliding windows of the last three dims of ``input``.

    Args:
        input (Tensor): with a batch and channel dim, or only a channel dim.
        kernel_size (int or tuple): the window size.
        stride (int or tuple, optional): step between windows. Default: ``kernel_size``.
        padding (int or tuple): implicit zero padding on both sides. Default: ``0``.
        ceil_mode (bool): round the output size up. Default: ``False``.
        count_include_pad (bool): count the padding in the divisor. Default: ``True``.
        divisor_override (int, optional): divide each window sum by this instead.

    Returns:
        Tensor: the pooled input; integer input divides toward zero.
    """
    kernel, stride, padding, _ = _pool_window("avg_pool3d", kernel_size, stride, padding, None, 3)
    _divisor_override(divisor_override, "avg_pool3d")
    out, pads = _pool3d_geometry(input, kernel, stride, padding, (1, 1, 1), ceil_mode, "avg_pool3d")
    if input.dtype not in (D.float32, D.float64, D.int64):
        raise not_implemented("avg_pool3d_out_frame", input.dtype)
    return _avg_pool(input, kernel, stride, padding, pads, out, count_include_pad, divisor_override,
                     AvgPool3DBackward0)


def _one_int(values, function, what):
    """avg_pool1d's parameter (given as a 1-sequence or int) as its int."""
    if len(values) != 1:
        raise RuntimeError(f"{function}() argument '{what}' should contain one int (got {len(values)})")
    return values[0]


def avg_pool1d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True):
    """Takes the mean over sliding windows of the last dim of ``input``.

    Args:
        input (Tensor): with a batch and channel dim, or only a channel dim.
        kernel_size (int or tuple): the window size.
        stride (int or tuple, optional): step between windows. Default: ``kernel_size``.
        padding (int or tuple): implicit zero padding on both sides. Default: ``0``.
        ceil_mode (bool): round the output size up. Default: ``False``.
        count_include_pad (bool): count the padding in the divisor. Default: ``True``.

    Returns:
        Tensor: the pooled input; integer input divides toward zero.

    Example::

        >>> import torch.nn.functional as F
        >>> F.avg_pool1d(torch.arange(6.0).reshape(1, 1, 6), 2)
        tensor([[[0.5000, 2.5000, 4.5000]]])
    """
    kernel = _one_int(_spatial(kernel_size, "avg_pool1d", "kernel_size", 2), "avg_pool1d", "kernel_size")
    stride = kernel if stride is None else _one_int(_spatial(stride, "avg_pool1d", "stride", 3), "avg_pool1d",
                                                    "stride")
    padding = _one_int(_spatial(padding, "avg_pool1d", "padding", 4), "avg_pool1d", "padding")
    if input.dim() not in (2, 3):
        raise RuntimeError(f"Expected 2 to 3 dimensions, but got {input.dim()}-dimensional tensor for argument #1 "
                           "'self' (while checking arguments for avg_pool1d)")
    out = avg_pool2d(input.unsqueeze(-2), (1, kernel), (1, stride), (0, padding), ceil_mode, count_include_pad)
    return out.squeeze(-2)


def _spatial(value, function, name, position):
    """A 1-D pooling parameter: an int or a sequence of ints (its length checked by the caller)."""
    values = _int_list(value, function, name, position)
    return values if isinstance(value, (tuple, list)) else values[:1]


def _max_pool1d_window(input, kernel_size, stride, padding, dilation):
    """max_pool1d's (kernel, stride, padding, dilation), checked in PyTorch's order."""
    sizes = ((kernel_size, "kernel_size", "must be an int, list of ints or tuple of ints", 2),
             (stride, "stride", "must be None, an int, list of ints, or tuple of ints", 3),
             (padding, "padding", "must be an int, list of ints, or tuple of ints", 4),
             (dilation, "dilation", "must be an int, list of ints or tuple of ints", 5))
    params = []
    for value, name, what, position in sizes:
        values = () if value is None else _spatial(value, "max_pool1d", name, position)
        if len(values) > 1 or (len(values) == 0 and name != "stride"):
            raise RuntimeError(f"max_pool1d() {name} {what} of size 1 but got size {len(values)}")
        params.append(values[0] if values else None)
    kernel, stride, padding, dilation = params
    stride = kernel if stride is None else stride
    if input.dim() not in (2, 3) or 0 in input.shape[-2:]:
        raise RuntimeError("max_pool1d: Expected 2D or 3D (batch mode) tensor with optional 0 dim batch size for "
                           f"input, but got:{list(input.shape)}")
    for value, name in ((kernel, "kernel_size"), (stride, "stride")):
        if value <= 0:
            raise RuntimeError(f"max_pool1d() {name} must be greater than zero, but got {value}")
    if padding < 0:
        raise RuntimeError(f"max_pool1d() padding must be non-negative, but got {padding}")
    if padding > kernel // 2:
        raise RuntimeError(f"max_pool1d() padding should be at most half of kernel size, but got padding={padding} "
                           f"and kernel_size={kernel}")
    if dilation <= 0:
        raise RuntimeError(f"max_pool1d() dilation must be greater than zero, but got {dilation}")
    return kernel, stride, padding, dilation


def max_pool1d_with_indices(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
                            return_indices=True):
    """``max_pool1d`` with ``return_indices=True``: returns ``(values, indices)``, the indices flat over the pooled
    dims.
    """
    kernel, stride, padding, dilation = _max_pool1d_window(input, kernel_size, stride, padding, dilation)
    values, indices = max_pool2d_with_indices(input.unsqueeze(-2), (1, kernel), (1, stride), (0, padding),
                                              (1, dilation), ceil_mode)
    return values.squeeze(-2), indices.squeeze(-2)


def max_pool1d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False):
    """Takes the maximum over sliding windows of the last dim of ``input``.

    Args:
        input (Tensor): with a batch and channel dim, or only a channel dim.
        kernel_size (int or tuple): the window size.
        stride (int or tuple, optional): step between windows. Default: ``kernel_size``.
        padding (int or tuple): implicit ``-inf`` padding on both sides. Default: ``0``.
        dilation (int or tuple): spacing between window elements. Default: ``1``.
        ceil_mode (bool): round the output size up. Default: ``False``.
        return_indices (bool): also return the flat positions of the maxima. Default: ``False``.

    Returns:
        Tensor, or ``(values, indices)`` with ``return_indices``.

    Example::

        >>> import torch.nn.functional as F
        >>> F.max_pool1d(torch.arange(6.0).reshape(1, 1, 6), 2)
        tensor([[[1., 3., 5.]]])
    """
    if return_indices:
        return max_pool1d_with_indices(input, kernel_size, stride, padding, dilation, ceil_mode)
    kernel, stride, padding, dilation = _max_pool1d_window(input, kernel_size, stride, padding, dilation)
    size = _pool_output_size(input.shape[-1], kernel, stride, padding, dilation, ceil_mode)
    if size <= 0:
        raise RuntimeError(f"max_pool1d() Invalid computed output size: {size}")
    if not (input.requires_grad and _grad_mode()) and not input.is_floating_point():
        raise not_implemented("max_pool1d_impl", input.dtype)   # the gradient-free kernel: floating input only
    return max_pool1d_with_indices(input, kernel, stride, padding, dilation, ceil_mode)[0]


def _lp_pool(pooled, norm_type, kernel_elements):
    """The p-norm of each window from the mean of its p-th powers (PowBackward0 on
    top, as PyTorch composes it): a negative mean (odd p) is taken as zero."""
    return (pooled.sign() * pooled.abs().relu()).mul(kernel_elements).pow(1.0 / norm_type)


def lp_pool1d(input, norm_type, kernel_size, stride=None, ceil_mode=False):
    """Takes the ``p``-norm ``(sum x^p)^(1/p)`` of sliding windows of the last dim, ``p = norm_type``.

    Args:
        input (Tensor): with a batch and channel dim, or only a channel dim.
        norm_type (float): the exponent ``p``.
        kernel_size (int or tuple): the window size.
        stride (int or tuple, optional): step between windows. Default: ``kernel_size``.
        ceil_mode (bool): round the output size up. Default: ``False``.

    Returns:
        Tensor: the pooled input.
    """
    pooled = avg_pool1d(input.pow(norm_type), kernel_size, stride, 0, ceil_mode)
    return _lp_pool(pooled, norm_type, kernel_size)


def lp_pool2d(input, norm_type, kernel_size, stride=None, ceil_mode=False):
    """Takes the ``p``-norm ``(sum x^p)^(1/p)`` of sliding windows of the last two dims, ``p = norm_type``.

    Args:
        input (Tensor): with a batch and channel dim, or only a channel dim.
        norm_type (float): the exponent ``p``.
        kernel_size (int or tuple): the window size.
        stride (int or tuple, optional): step between windows. Default: ``kernel_size``.
        ceil_mode (bool): round the output size up. Default: ``False``.

    Returns:
        Tensor: the pooled input.
    """
    kh, kw = kernel_size if isinstance(kernel_size, (tuple, list)) else (kernel_size, kernel_size)
    pooled = avg_pool2d(input.pow(norm_type), kernel_size, stride, 0, ceil_mode)
    return _lp_pool(pooled, norm_type, kh * kw)


def lp_pool3d(input, norm_type, kernel_size, stride=None, ceil_mode=False):
    """Takes the ``p``-norm ``(sum x^p)^(1/p)`` of sliding windows of the last three dims, ``p = norm_type``.

    Args:
        input (Tensor): with a batch and channel dim, or only a channel dim.
        norm_type (float): the exponent ``p``.
        kernel_size (int or tuple): the window size.
        stride (int or tuple, optional): step between windows. Default: ``kernel_size``.
        ceil_mode (bool): round the output size up. Default: ``False``.

    Returns:
        Tensor: the pooled input.
    """
    kd, kh, kw = kernel_size if isinstance(kernel_size, (tuple, list)) else (kernel_size,) * 3
    pooled = avg_pool3d(input.pow(norm_type), kernel_size, stride, 0, ceil_mode)
    return _lp_pool(pooled, norm_type, kd * kh * kw)
