"""max_pool2d (MaxPool2DWithIndicesBackward0) and avg_pool2d (AvgPool2DBackward0), and their
1-D forms (a 2-D window of height 1, as PyTorch computes them)."""
import math
import numbers

from ... import _creation
from ... import _dtype as D
from ..._C import TensorBase
from ..._scalar_conversion import check_fits, representable_range, trunc_div
from ..._type_names import not_implemented
from ...autograd.grad_mode import no_grad
from ...autograd.graph import SavingNode
from ._common import _grad_mode, _int_list, _record
from ._conv import _crop, _fold, _windows
from ._padding import pad


def _window_pair(values, function, what, omittable=False):
    """A pooling window parameter as two C ints (PyTorch narrows them to int)."""
    if len(values) not in ((0, 1, 2) if omittable else (1, 2)):
        raise RuntimeError(f"{function}: {what}")
    for value in values:
        check_fits(value, D.int32)
    return values * 2 if len(values) == 1 else values


def _pool_window(function, kernel_size, stride, padding, dilation):
    """(kernel, stride, padding, dilation) pairs of max_pool2d / avg_pool2d (no
    dilation: None) parsed and checked in PyTorch's order.  max_pool2d's Python
    form passes them on by position, avg_pool2d's by name, so only max_pool2d's
    type errors give positions."""
    positions = (2, 3, 4, 5) if function == "max_pool2d" else (None,) * 4
    kernel = _int_list(kernel_size, function, "kernel_size", positions[0])
    stride = () if stride is None else _int_list(stride, function, "stride", positions[1])
    padding = _int_list(padding, function, "padding", positions[2])
    dilation = None if dilation is None else _int_list(dilation, function, "dilation", positions[3])
    kernel = _window_pair(kernel, function, "kernel_size must either be a single int, or a tuple of two ints")
    stride = _window_pair(stride, function, "stride must either be omitted, a single int, or a tuple of two ints",
                          omittable=True) or kernel
    padding = _window_pair(padding, function, "padding must either be a single int, or a tuple of two ints")
    dilation = (1, 1) if dilation is None else \
        _window_pair(dilation, function, "dilation must be either a single int, or a tuple of two ints")
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
    if out[0] < 1 or out[1] < 1:
        raise RuntimeError(f"Given input size: ({planes}x{h}x{w}). Calculated output size: ({planes}x{out[0]}x"
                           f"{out[1]}). Output size is too small")
    # padding so that every window lies inside: the given one, plus what ceil_mode reaches past it
    pads = []
    for size, k, s, p, d, o in zip((h, w), kernel, stride, padding, dilation, out):
        need = (o - 1) * s + d * (k - 1) + 1
        pads += [p, max(need - size - p, 0)]
    return out, tuple(pads)


def _as_batched(x):
    return x if x.dim() == 4 else x.unsqueeze(0)


class MaxPool2DWithIndicesBackward0(SavingNode):
    """max_pool2d: the gradient goes to the argmax of each window (``spatial``
    dims, whose flat positions the indices hold)."""
    __slots__ = ("shape",)
    saved_names = ("indices",)
    spatial = 2

    def setup(self, inputs, result, ctx):
        self.shape = tuple(inputs[0].shape)
        self._save(ctx["indices"])

    def apply(self, grads):
        idx, = self._unpack()
        g = grads[0]
        shape = self.shape
        lead = shape[:-self.spatial]
        cells = lead + (math.prod(idx.shape[-self.spatial:]),)   # spelt out: -1 is ambiguous for an empty batch
        gz = g.new_zeros(lead + (math.prod(shape[-self.spatial:]),))
        return (gz.scatter_add(len(lead), idx.reshape(cells), g.reshape(cells)).view(shape),)


def max_pool2d_with_indices(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
                            return_indices=True):
    kernel, stride, padding, dilation = _pool_window("max_pool2d", kernel_size, stride, padding, dilation)
    if input.dim() not in (3, 4):
        raise RuntimeError("non-empty 3D or 4D (batch mode) tensor expected for input")
    out, pads = _pool_geometry(input, kernel, stride, padding, dilation, ceil_mode)
    if input.dtype is D.bool:
        raise not_implemented("max_pool2d", input.dtype)
    with no_grad():
        x = _as_batched(input.detach())
        n, c, h, w = x.shape
        top, bottom, left, right = pads
        lowest = -math.inf if x.is_floating_point() else representable_range(x.dtype)[0]
        xp = pad(x, (left, right, top, bottom), value=lowest) if any(pads) else x
        win = _windows(xp, kernel, stride, dilation, out)          # (N, C, kh, kw, oh, ow)
        win = win.permute(0, 1, 4, 5, 2, 3).reshape(n, c, out[0], out[1], kernel[0] * kernel[1])
        values, local = win.max(-1)
        dev = x.device
        ki, kj = local // kernel[1], local % kernel[1]
        rows = _creation.arange(out[0], device=dev).view(out[0], 1) * stride[0] - top + ki * dilation[0]
        cols = _creation.arange(out[1], device=dev).view(1, out[1]) * stride[1] - left + kj * dilation[1]
        indices = rows * w + cols
        if input.dim() == 3:
            values, indices = values.squeeze(0), indices.squeeze(0)
    values = _record(MaxPool2DWithIndicesBackward0, values, (input,), indices=indices)
    return values, indices


def max_pool2d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False):
    """The max over each (dilated) window (MaxPool2DWithIndicesBackward0)."""
    values, indices = max_pool2d_with_indices(input, kernel_size, stride, padding, dilation, ceil_mode)
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
        g = _as_batched(grads[0]) / divisor
        n, c = g.shape[0], g.shape[1]
        gcols = g.view(n, c, 1, 1, out[0], out[1]).expand(n, c, kernel[0], kernel[1], out[0], out[1])
        top, bottom, left, right = pads
        gx = _crop(_fold(gcols, (shape[-2] + top + bottom, shape[-1] + left + right), stride, (1, 1)), pads)
        return (gx.reshape(shape),)


_AVG_POOL_DTYPES = (D.float16, D.float32, D.float64, D.int64)


def avg_pool2d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True,
               divisor_override=None):
    """The mean over each window (AvgPool2DBackward0); int64 input divides
    toward zero, as PyTorch's integer kernel does."""
    kernel, stride, padding, _ = _pool_window("avg_pool2d", kernel_size, stride, padding, None)
    if divisor_override is not None:
        if isinstance(divisor_override, bool) or not isinstance(divisor_override, numbers.Integral):
            raise TypeError(f"avg_pool2d(): argument 'divisor_override' must be int, not "
                            f"{type(divisor_override).__name__}")
        if divisor_override == 0:
            raise RuntimeError("divisor must be not zero")
    input.size(-3)   # PyTorch reads the plane count first: fewer than 3 dims is an IndexError
    out, pads = _pool_geometry(input, kernel, stride, padding, (1, 1), ceil_mode)
    if input.dtype not in _AVG_POOL_DTYPES:
        raise not_implemented("avg_pool2d", input.dtype)
    with no_grad():
        x = _as_batched(input.detach())
        n, c, h, w = x.shape
        top, bottom, left, right = pads
        xp = pad(x, (left, right, top, bottom)) if any(pads) else x
        sums = _windows(xp, kernel, stride, (1, 1), out).sum((2, 3))
        if divisor_override is not None:
            divisor = divisor_override
        else:
            counts = []
            for size, k, s, p, o in zip((h, w), kernel, stride, padding, out):
                start = _creation.arange(o, device=x.device) * s - p
                end = (start + k).clamp(max=size + p)
                if count_include_pad:
                    counts.append(end - start)
                else:
                    counts.append(end.clamp(max=size) - start.clamp(min=0))
            divisor = (counts[0].view(-1, 1) * counts[1].view(1, -1)).to(x.dtype)
        result = sums / divisor if x.is_floating_point() else sums.div(divisor, rounding_mode="trunc")
        if input.dim() == 3:
            result = result.squeeze(0)
    if not isinstance(divisor, TensorBase):
        divisor = _creation.tensor(divisor, dtype=x.dtype, device=x.device)
    return _record(AvgPool2DBackward0, result, (input,), geom=(kernel, stride, out, pads), divisor=divisor)


def _one_int(values, function, what):
    """avg_pool1d's parameter (given as a 1-sequence or int) as its int."""
    if len(values) != 1:
        raise RuntimeError(f"{function}() argument '{what}' should contain one int (got {len(values)})")
    return values[0]


def avg_pool1d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True):
    """The mean over each window of the last dim of (N, C, L) or (C, L) ``input``
    (avg_pool2d over a height of 1, as PyTorch computes it)."""
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
    """max_pool1d's values and the (last-dim) positions of the maxima."""
    kernel, stride, padding, dilation = _max_pool1d_window(input, kernel_size, stride, padding, dilation)
    values, indices = max_pool2d_with_indices(input.unsqueeze(-2), (1, kernel), (1, stride), (0, padding),
                                              (1, dilation), ceil_mode)
    return values.squeeze(-2), indices.squeeze(-2)


def max_pool1d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False):
    """The max over each (dilated) window of the last dim of (N, C, L) or (C, L)
    ``input`` (max_pool2d over a height of 1, as PyTorch computes it)."""
    if return_indices:
        return max_pool1d_with_indices(input, kernel_size, stride, padding, dilation, ceil_mode)
    kernel, stride, padding, dilation = _max_pool1d_window(input, kernel_size, stride, padding, dilation)
    size = _pool_output_size(input.shape[-1], kernel, stride, padding, dilation, ceil_mode)
    if size <= 0:
        raise RuntimeError(f"max_pool1d() Invalid computed output size: {size}")
    if not (input.requires_grad and _grad_mode()) and not input.is_floating_point():
        raise not_implemented("max_pool1d_impl", input.dtype)   # the gradient-free kernel: floating input only
    return max_pool1d_with_indices(input, kernel, stride, padding, dilation, ceil_mode)[0]
