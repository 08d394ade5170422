"""conv2d (ConvolutionBackward0) and the sliding-window views (im2col) that
pooling uses too."""
import warnings

from ... import _creation
from ..._scalar_conversion import INT64_MAX, trunc_div, unpack_int64, wrap_int64
from ...autograd.grad_mode import no_grad
from ...autograd.graph import SavingNode
from ...ops._autocast import lower_precision
from ...ops.nodes._base import needs
from ._common import _CPP_TYPE, _grad_mode, _int_list, _record, _scalar_name
from ._padding import pad


def _windows(xp, kernel, stride, dilation, out_size):
    """The (N, C, kh, kw, oh, ow) view of ``xp`` (N, C, H, W) whose entry
    [n, c, i, j, y, x] is xp[n, c, y*sh + i*dh, x*sw + j*dw] (no copy).  A dim of
    size 1 never steps, so a stride or dilation larger than the input costs nothing."""
    n, c = xp.shape[0], xp.shape[1]
    (kh, kw), (sh, sw), (dh, dw), (oh, ow) = kernel, stride, dilation, out_size
    s_n, s_c, s_h, s_w = xp.stride()
    sizes = (n, c, kh, kw, oh, ow)
    steps = (s_n, s_c, dh * s_h, dw * s_w, sh * s_h, sw * s_w)
    return xp.as_strided(sizes, tuple(step if size > 1 else 0 for size, step in zip(sizes, steps)),
                         xp.storage_offset())


def _fold(cols, padded_size, stride, dilation):
    """The adjoint of ``_windows``: ``cols`` (N, C, kh, kw, oh, ow) summed into
    an (N, C, Hp, Wp) tensor at the positions the windows read."""
    n, c, kh, kw, oh, ow = cols.shape
    hp, wp = padded_size
    (sh, sw), (dh, dw) = stride, dilation
    dev = cols.device
    rows = (_creation.arange(kh, device=dev) * dh).view(kh, 1, 1, 1) + (_creation.arange(oh, device=dev) * sh).view(
        1, 1, oh, 1)
    cols_ = (_creation.arange(kw, device=dev) * dw).view(1, kw, 1, 1) + (_creation.arange(ow, device=dev) * sw).view(
        1, 1, 1, ow)
    positions = (rows * wp + cols_).reshape(-1)
    flat = cols.new_zeros((n * c, hp * wp)).index_add(1, positions, cols.reshape(n * c, kh * kw * oh * ow))
    return flat.view(n, c, hp, wp)


def _crop(t, pads):
    """``t`` (N, C, Hp, Wp) without ``pads`` = (top, bottom, left, right)."""
    top, bottom, left, right = pads
    h, w = t.shape[2] - top - bottom, t.shape[3] - left - right
    if top or bottom:
        t = t.narrow(2, top, h)
    if left or right:
        t = t.narrow(3, left, w)
    return t


def _conv_param(values, name, dims):
    """A conv parameter list of one value per spatial dim (one value stands for all)."""
    if len(values) == 1:
        return values * dims
    if len(values) != dims:
        raise RuntimeError(f"expected {name} to be a single integer value or a list of {dims} values to match the "
                           f"convolution dimensions, but got {name}={list(values)}")
    return values


def _conv_geometry(input, weight, bias, stride, padding, dilation, groups):
    """Checks conv2d's operands and parameters in PyTorch's order and returns the
    per-dim (stride, padding, dilation) and the output size.  Sizes are summed as
    int64, so an overflowing padding shows the wrapped size PyTorch shows."""
    w_shape = list(weight.shape)
    if weight.dim() < 3:
        raise RuntimeError("weight should have at least three dimensions")
    if groups <= 0:
        raise RuntimeError("non-positive groups is not supported")
    dims = weight.dim() - 2
    stride, padding, dilation = (_conv_param(v, name, dims) for v, name in
                                 ((stride, "stride"), (padding, "padding"), (dilation, "dilation")))
    _conv_param((0, 0), "output_padding", dims)   # conv2d's (unused) transposed-output padding
    if any(p < 0 for p in padding):
        raise RuntimeError("negative padding is not supported")
    if any(st <= 0 for st in stride):
        raise RuntimeError("non-positive stride is not supported")
    if any(d < 0 for d in dilation):
        raise RuntimeError("dilation should be greater than zero")
    for dim, p in enumerate(padding):
        if p > INT64_MAX - p:
            raise RuntimeError(f"Given padding={p} at dimension {dim} , expected padding to be at most {INT64_MAX // 2}")
    if w_shape[0] < groups:
        raise RuntimeError(f"Given groups={groups}, expected weight to be at least {groups} at dimension 0, but got "
                           f"weight of size {w_shape} instead")
    if w_shape[0] % groups:
        raise RuntimeError(f"Given groups={groups}, expected weight to be divisible by {groups} at dimension 0, but "
                           f"got weight of size [{w_shape}] instead")
    if input.shape[1] != w_shape[1] * groups:
        raise RuntimeError(f"Given groups={groups}, weight of size {w_shape}, expected input{list(input.shape)} to "
                           f"have {w_shape[1] * groups} channels, but got {input.shape[1]} channels instead")
    if bias is not None and (bias.dim() != 1 or bias.shape[0] != w_shape[0]):
        raise RuntimeError(f"Given weight of size {w_shape}, expected bias to be 1-dimensional with {w_shape[0]} "
                           f"elements, but got bias of size {list(bias.shape)} instead")
    padded = [size + 2 * p for size, p in zip(input.shape[2:], padding)]
    kernel = [d * (k - 1) + 1 for d, k in zip(dilation, w_shape[2:])]
    for sizes in ([wrap_int64(v) for v in padded], [wrap_int64(v) for v in kernel]), (padded, kernel):
        if any(p < k for p, k in zip(*sizes)):   # the wrapped sizes first; past int64 the true ones
            raise RuntimeError(f"Calculated padded input size per channel: ({' x '.join(map(str, sizes[0]))}). "
                               f"Kernel size: ({' x '.join(map(str, sizes[1]))}). Kernel size can't be greater "
                               "than actual input size")
    out_size = tuple((p - k) // st + 1 for p, k, st in zip(padded, kernel, stride))
    return tuple(stride), tuple(padding), tuple(dilation), out_size


def _check_conv_kernel(kernel, dilation):
    """The kernel (and, for a dilated convolution, the dilation) must be positive;
    PyTorch's dilated and plain kernels word this differently."""
    if any(d != 1 for d in dilation):
        if any(k <= 0 for k in kernel):
            raise RuntimeError(f"kernel size should be greater than zero, but got {list(kernel)}")
        if any(d <= 0 for d in dilation):
            raise RuntimeError(f"dilation should be greater than zero, but got {list(dilation)}")
    elif any(k <= 0 for k in kernel):
        raise RuntimeError(f"kernel size should be greater than zero, but got kernel_height: {kernel[0]} "
                           f"kernel_width: {kernel[1]}")


def _same_padding(input, weight, stride, dilation, groups):
    """conv2d(padding='same'): (input, padding) keeping the spatial size, as
    PyTorch derives them; where the total padding is odd the extra row or column
    goes after, which takes padding the input itself."""
    k = weight.dim()
    if k < 3:
        raise RuntimeError("weight should have at least three dimensions")
    if groups <= 0:
        raise RuntimeError("non-positive groups is not supported")
    dims = k - 2
    if input.dim() != k:
        raise RuntimeError(f"Expected {k}-dimensional input for {k}-dimensional weight{list(weight.shape)}, but got "
                           f"{input.dim()}-dimensional input of size {list(input.shape)} instead")
    for values, name in ((stride, "stride"), (dilation, "dilation")):
        if len(values) not in (1, dims):
            raise RuntimeError(f"{name} cannot broadcast to {dims} dimensions")
    if any(st != 1 for st in stride):
        raise RuntimeError("padding='same' is not supported for strided convolutions")
    padding, input_pads = [], [0] * (2 * dims)
    for i in range(dims):
        total = _conv_param(dilation, "dilation", dims)[i] * (weight.shape[i + 2] - 1)
        before = trunc_div(total, 2)
        extra = total - 2 * before
        padding.append(before if extra >= 0 else total - before)
        input_pads[2 * (dims - 1 - i) + (1 if extra > 0 else 0)] = extra
    if any(input_pads):
        global _warned_same_padding_copy
        if not _warned_same_padding_copy:   # PyTorch warns once per process
            _warned_same_padding_copy = True
            warnings.warn("Using padding='same' with even kernel lengths and odd dilation may require a zero-padded "
                          "copy of the input be created", UserWarning, stacklevel=3)
        input = pad(input, input_pads)
    return input, tuple(padding)


_warned_same_padding_copy = False


def _im2col(x, kernel, stride, dilation, pads, out_size, groups):
    """(N*G, C/G*kh*kw, oh*ow) columns of ``x`` (differentiable tensorlib ops)."""
    top, bottom, left, right = pads
    xp = pad(x, (left, right, top, bottom)) if any(pads) else x
    n, c = x.shape[0], x.shape[1]
    win = _windows(xp, kernel, stride, dilation, out_size)
    return win.reshape(n * groups, (c // groups) * kernel[0] * kernel[1], out_size[0] * out_size[1])


def _group_weight(weight, n, groups):
    """``weight`` (O, C/G, kh, kw) as (N*G, O/G, C/G*kh*kw) for the batched products."""
    o = weight.shape[0]
    w = weight.reshape(groups, o // groups, -1)
    return w.unsqueeze(0).expand(n, groups, o // groups, w.shape[-1]).reshape(n * groups, o // groups, w.shape[-1])


class ConvolutionBackward0(SavingNode):
    """conv2d(input, weight, bias): the input through its columns (im2col), the
    weight against the columns, the bias summed."""
    __slots__ = ("geom",)
    saved_names = ("input", "weight", "columns")

    def setup(self, inputs, result, ctx):
        self.geom = ctx["geom"]
        self._save(inputs[0], inputs[1], ctx["columns"])

    def apply(self, grads):
        g = grads[0]
        x, weight, cols = self._unpack()
        kernel, stride, dilation, pads, out_size, groups = self.geom
        n, c, h, w = x.shape
        o = weight.shape[0]
        if _grad_mode():   # create_graph: the columns as a function of the input
            cols = _im2col(x, kernel, stride, dilation, pads, out_size, groups)
        g3 = g.reshape(n * groups, o // groups, out_size[0] * out_size[1])
        gx = gw = gb = None
        if needs(self, 0):
            wg = _group_weight(weight, n, groups)
            gcols = wg.transpose(1, 2).bmm(g3).view(n, c, kernel[0], kernel[1], out_size[0], out_size[1])
            top, bottom, left, right = pads
            gx = _crop(_fold(gcols, (h + top + bottom, w + left + right), stride, dilation), pads)
        if needs(self, 1):
            gw = g3.bmm(cols.transpose(1, 2)).view(n, groups, o // groups, -1).sum(0).view(tuple(weight.shape))
        if needs(self, 2):
            gb = g.sum((0, 2, 3))
        return gx, gw, gb


def conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """2-D cross-correlation of (N, C, H, W) or (C, H, W) ``input`` with
    ``weight`` (O, C/groups, kh, kw): im2col (strided views) + batched matmul
    (ConvolutionBackward0).  Every argument is checked before any data is touched."""
    input, weight, bias = lower_precision(input, weight, bias)
    stride, dilation = _int_list(stride, "conv2d", "stride"), _int_list(dilation, "conv2d", "dilation")
    groups = unpack_int64(groups)
    if not isinstance(padding, str):
        padding = _int_list(padding, "conv2d", "padding")
    if bias is not None and bias.dtype is not input.dtype:
        raise RuntimeError(f"Input type ({_CPP_TYPE.get(input.dtype.name, input.dtype.name)}) and bias type "
                           f"({_CPP_TYPE.get(bias.dtype.name, bias.dtype.name)}) should be the same")
    if input.dim() not in (3, 4):
        raise RuntimeError(f"Expected 3D (unbatched) or 4D (batched) input to conv2d, but got input of size: "
                           f"{list(input.shape)}")
    if input.dim() == 3:
        return conv2d(input.unsqueeze(0), weight, bias, stride, padding, dilation, groups).squeeze(0)
    if isinstance(padding, str):
        if padding not in ("valid", "same"):
            raise RuntimeError(f"Invalid padding string: '{padding}'")
        input, padding = _same_padding(input, weight, stride, dilation, groups) if padding == "same" \
            else (input, (0,))
    stride, padding, dilation, out_size = _conv_geometry(input, weight, bias, stride, padding, dilation, groups)
    n, o = input.shape[0], weight.shape[0]
    if input.shape[1] == 0:   # PyTorch's result for channel-less input: no channels either
        return input.new_zeros((n, 0) + out_size)
    kernel = tuple(weight.shape[2:])
    _check_conv_kernel(kernel, dilation)
    if weight.dtype is not input.dtype:
        raise RuntimeError(f"expected scalar type {_scalar_name(input.dtype)} but found {_scalar_name(weight.dtype)}")
    pads = (padding[0], padding[0], padding[1], padding[1])
    with no_grad():
        x, w = input.detach(), weight.detach()
        cols = _im2col(x, kernel, stride, dilation, pads, out_size, groups)
        out = _group_weight(w, n, groups).bmm(cols).view(n, o, out_size[0], out_size[1])
        if bias is not None:
            out = out + bias.detach().view(1, o, 1, 1)
    geom = (kernel, stride, dilation, pads, out_size, groups)
    # the columns are kept for the weight's gradient only
    cols = cols if weight.requires_grad else None
    return _record(ConvolutionBackward0, out, (input, weight, bias), geom=geom, columns=cols)
