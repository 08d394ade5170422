"""conv1d / conv2d / conv3d (ConvolutionBackward0, shared with the transposed
convolutions of ``_conv_transpose``) and the sliding-window views (im2col) that
pooling uses too.  Paddings travel as flat (before, after) pairs, outermost
spatial dim first."""
import math
import warnings

from ... import _creation
from ... import _dtype as D
from ..._fast_paths import FAST_PATHS
from ..._scalar_conversion import INT64_MAX, trunc_div, unpack_int64, wrap_int64
from ...autograd.grad_mode import no_grad
from ...autograd.graph import SavingNode
from ...ops._autocast import lower_precision
from ...ops._common import backend_for, new_result
from ...ops.nodes._fused import fused
from ...ops.nodes._base import needs
from ._common import _CPP_TYPE, _grad_mode, _int_list, _record, _scalar_name
from ._padding import pad


def _windows(xp, kernel, stride, dilation, out_size):
    """The (N, C, *kernel, *out_size) view of ``xp`` (N, C, *spatial) whose entry
    [n, c, i.., y..] is xp[n, c, y*stride + i*dilation ..] (no copy).  A dim of
    size 1 never steps, so a stride or dilation larger than the input costs nothing."""
    strides = xp.stride()
    spatial = strides[2:]
    sizes = tuple(xp.shape[:2]) + tuple(kernel) + tuple(out_size)
    steps = tuple(strides[:2]) + tuple(d * s for d, s in zip(dilation, spatial)) + \
        tuple(st * s for st, s in zip(stride, spatial))
    return xp.as_strided(sizes, tuple(step if size > 1 else 0 for size, step in zip(sizes, steps)),
                         xp.storage_offset())


def _fold(cols, padded_size, stride, dilation):
    """The adjoint of ``_windows``: ``cols`` (N, C, *kernel, *out_size) summed
    into an (N, C, *padded_size) tensor at the positions the windows read."""
    dims = len(padded_size)
    n, c = cols.shape[0], cols.shape[1]
    kernel, out_size = cols.shape[2:2 + dims], cols.shape[2 + dims:]
    dev = cols.device
    positions, place = None, 1
    for d in reversed(range(dims)):   # the flat offset, innermost dim first
        at_kernel, at_window = [1] * (2 * dims), [1] * (2 * dims)
        at_kernel[d], at_window[dims + d] = kernel[d], out_size[d]
        offsets = (_creation.arange(kernel[d], device=dev) * dilation[d]).view(at_kernel) + \
            (_creation.arange(out_size[d], device=dev) * stride[d]).view(at_window)
        positions = offsets * place if positions is None else positions + offsets * place
        place *= padded_size[d]
    flat = cols.new_zeros((n * c, place)).index_add(1, positions.reshape(-1), cols.reshape(n * c, positions.numel()))
    return flat.view((n, c) + tuple(padded_size))


def _crop(t, pads):
    """``t`` (N, C, *spatial) without the flat (before, after) ``pads``."""
    for d in range(len(pads) // 2):
        before, after = pads[2 * d], pads[2 * d + 1]
        if before or after:
            t = t.narrow(2 + d, before, t.shape[2 + d] - before - after)
    return t


def _pad_arg(pads):
    """Flat (before, after) pairs, outermost dim first, as F.pad takes them (innermost first)."""
    pairs = [pads[i:i + 2] for i in range(0, len(pads), 2)]
    return tuple(p for pair in reversed(pairs) for p in pair)


def _spatial_list(value, function, name, dims):
    """An ``int[dims]`` argument: a lone int stands for ``dims`` copies of itself."""
    values = _int_list(value, function, name)
    return values if isinstance(value, (tuple, list)) else values[:1] * dims


def _conv_param(values, name, dims):
    """A conv parameter list of one value per spatial dim (one value stands for all)."""
    if len(values) == 1:
        return values * dims
    if len(values) != dims:
        raise RuntimeError(f"expected {name} to be a single integer value or a list of {dims} values to match the "
                           f"convolution dimensions, but got {name}={list(values)}")
    return values


def _conv_geometry(input, weight, bias, stride, padding, dilation, groups, output_padding=None, nominal_dims=2):
    """Checks a convolution's operands and parameters in PyTorch's order and
    returns the per-dim (stride, padding, dilation, output_padding).  A plain
    convolution passes no ``output_padding`` (PyTorch checks a zero one of
    ``nominal_dims`` values); a transposed one passes its own."""
    transposed = output_padding is not None
    w_shape = list(weight.shape)
    if weight.dim() < 3:
        raise RuntimeError("weight should have at least three dimensions")
    if groups <= 0:
        raise RuntimeError("non-positive groups is not supported")
    dims = weight.dim() - 2
    stride, padding, dilation = (_conv_param(v, name, dims) for v, name in
                                 ((stride, "stride"), (padding, "padding"), (dilation, "dilation")))
    output_padding = _conv_param(output_padding if transposed else (0,) * nominal_dims, "output_padding", dims)
    if input.dim() != weight.dim():
        raise RuntimeError(f"Expected {weight.dim()}-dimensional input for {weight.dim()}-dimensional weight "
                           f"{w_shape}, but got {input.dim()}-dimensional input of size {list(input.shape)} instead")
    if any(p < 0 for p in padding):
        raise RuntimeError("negative padding is not supported")
    if any(p < 0 for p in output_padding):
        raise RuntimeError("negative output_padding is not supported")
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
    given = "transposed=1" if transposed else f"groups={groups}"
    in_channels = w_shape[0] if transposed else w_shape[1] * groups
    out_channels = w_shape[1] * groups if transposed else w_shape[0]
    if input.shape[1] != in_channels:
        raise RuntimeError(f"Given {given}, weight of size {w_shape}, expected input{list(input.shape)} to have "
                           f"{in_channels} channels, but got {input.shape[1]} channels instead")
    if bias is not None and (bias.dim() != 1 or bias.shape[0] != out_channels):
        raise RuntimeError(f"Given {'transposed=1, ' if transposed else ''}weight of size {w_shape}, expected bias to "
                           f"be 1-dimensional with {out_channels} elements, but got bias of size {list(bias.shape)} "
                           "instead")
    return tuple(stride), tuple(padding), tuple(dilation), tuple(output_padding)


def _conv_output_size(input, weight, stride, padding, dilation):
    """A plain convolution's output size, after PyTorch's check that the dilated
    kernel fits the padded input (sizes summed as int64, so an overflowing padding
    shows the wrapped size PyTorch shows)."""
    padded = [size + 2 * p for size, p in zip(input.shape[2:], padding)]
    kernel = [d * (k - 1) + 1 for d, k in zip(dilation, weight.shape[2:])]
    for sizes in ([wrap_int64(v) for v in padded], [wrap_int64(v) for v in kernel]), (padded, kernel):
        if any(p < k for p, k in zip(*sizes)):   # the wrapped sizes first; past int64 the true ones
            raise RuntimeError(f"Calculated padded input size per channel: ({' x '.join(map(str, sizes[0]))}). "
                               f"Kernel size: ({' x '.join(map(str, sizes[1]))}). Kernel size can't be greater "
                               "than actual input size")
    return tuple((p - k) // st + 1 for p, k, st in zip(padded, kernel, stride))


def _as_2d(values, fill):
    """A 1-D convolution's per-dim values as PyTorch's 2-D kernels see them (a leading ``fill``)."""
    return (fill,) + tuple(values) if len(values) == 1 else tuple(values)


def _check_conv_kernel(kernel, dilation):
    """The kernel (and, for a dilated convolution, the dilation) must be positive;
    PyTorch's dilated and plain kernels word this differently."""
    if any(d != 1 for d in dilation):
        if any(k <= 0 for k in kernel):
            raise RuntimeError(f"kernel size should be greater than zero, but got {list(_as_2d(kernel, 1))}")
        if any(d <= 0 for d in dilation):
            raise RuntimeError(f"dilation should be greater than zero, but got {list(_as_2d(dilation, 1))}")
    elif any(k <= 0 for k in kernel):
        if len(kernel) == 3:
            raise RuntimeError(f"kernel size should be greater than zero, but got: {' x '.join(map(str, kernel))} "
                               "(TxHxW)")
        kh, kw = _as_2d(kernel, 1)
        raise RuntimeError(f"kernel size should be greater than zero, but got kernel_height: {kh} kernel_width: {kw}")


def _same_padding(input, weight, stride, dilation, groups):
    """padding='same': (input, padding) keeping the spatial size, as PyTorch
    derives them; where the total padding is odd the extra row or column goes
    after, which takes padding the input itself."""
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
                          "copy of the input be created", UserWarning, stacklevel=4)
        input = pad(input, input_pads)
    return input, tuple(padding)


_warned_same_padding_copy = False


def _padded_windows(x, kernel, stride, dilation, pads, out_size):
    """The (N, C, *kernel, *out_size) windows of ``x`` padded by ``pads`` (differentiable tensorlib ops)."""
    return _windows(pad(x, _pad_arg(pads)) if any(pads) else x, kernel, stride, dilation, out_size)


def _unwindows(windows, stride, dilation, pads, size):
    """The adjoint of ``_padded_windows``: (N, C, *kernel, *out_size) windows
    summed into (N, C, *size) images (col2im)."""
    padded = tuple(s + pads[2 * d] + pads[2 * d + 1] for d, s in enumerate(size))
    return _crop(_fold(windows, padded, stride, dilation), pads)


# The products run per group on matrices whose columns span the whole batch, one
# large matrix product rather than one per sample: rows (G, C/G, N*L) of images,
# columns (G, C/G*prod(kernel), N*L) of windows, weights (G, O/G, C/G*prod(kernel)).
def _group_columns(windows, groups):
    """(N, C, *kernel, *out) windows as (G, C/G*prod(kernel), N*prod(out)) columns."""
    dims = (windows.dim() - 2) // 2
    order = (1,) + tuple(range(2, 2 + dims)) + (0,) + tuple(range(2 + dims, 2 + 2 * dims))
    rows = windows.shape[1] // groups * math.prod(windows.shape[2:2 + dims])
    return windows.permute(order).reshape(groups, rows, windows.shape[0] * math.prod(windows.shape[2 + dims:]))


def _ungroup_columns(cols, n, channels, kernel, out_size):
    """(G, C/G*prod(kernel), N*prod(out)) columns as (N, C, *kernel, *out) windows."""
    dims = len(kernel)
    t = cols.reshape((channels,) + tuple(kernel) + (n,) + tuple(out_size))
    return t.permute((1 + dims, 0) + tuple(range(1, 1 + dims)) + tuple(range(2 + dims, 2 + 2 * dims)))


def _group_rows(t, groups):
    """(N, C, *spatial) as (G, C/G, N*prod(spatial))."""
    return t.transpose(0, 1).reshape(groups, t.shape[1] // groups, t.shape[0] * math.prod(t.shape[2:]))


def _ungroup_rows(rows, n, spatial):
    """(G, C/G, N*prod(spatial)) as (N, C, *spatial)."""
    return rows.reshape((rows.shape[0] * rows.shape[1], n) + tuple(spatial)).transpose(0, 1)


def _group_weight(weight, groups):
    """A weight (A, B, *kernel) as (G, A/G, B*prod(kernel))."""
    return weight.reshape(groups, weight.shape[0] // groups, math.prod(weight.shape[1:]))


def _group_mm(a, b):
    """The per-group products of (G, r, k) and (G, k, c): one matrix product when G is 1."""
    return a[0].mm(b[0]).unsqueeze(0) if a.shape[0] == 1 else a.bmm(b)


def _group_mm_nt(a, b):
    """The per-group products of (G, r, k) and (G, c, k) transposed, over the long
    batch-spanning k: computed as (b a^T)^T, which BLAS runs several times faster."""
    return _group_mm(b, a.transpose(1, 2)).transpose(1, 2)


def _conv_columns(x, kernel, stride, dilation, pads, out_size, groups):
    return _group_columns(_padded_windows(x, kernel, stride, dilation, pads, out_size), groups)


# ---- the compiled route: im2col / col2im kernels of the backend's ``conv`` around one product --
_KERNEL_DTYPES = (D.float32, D.float64)


def _in_3d(values, fill):
    """Per-dim values of a 1-D or 2-D window as the kernels' (depth, height, width)."""
    return (fill,) * (3 - len(values)) + tuple(values)


def _five_d(arr, dims):
    """An (N, C, *spatial) array as the kernels' (N, C, D, H, W) view (no copy)."""
    return arr[(slice(None), slice(None)) + (None,) * (3 - dims)] if dims < 3 else arr


def _kernel_route(*tensors):
    """Whether the compiled route takes these tensors (fast paths on, float32/float64 of one dtype)."""
    dtype = tensors[0]._dtype
    return FAST_PATHS and dtype in _KERNEL_DTYPES and all(t is None or t._dtype is dtype for t in tensors)


def _columns_by_kernel(x, kernel, stride, dilation, pads, out_size, groups):
    """The (G, C/G*prod(kernel), N*prod(out)) columns of ``x`` as one kernel call (``_conv_columns``'s values)."""
    dims = len(kernel)
    device, backend = x._storage.device, backend_for(x._storage.device)
    rows = x._shape[1] * math.prod(kernel)
    cols, arr = new_result((groups, rows // groups, x._shape[0] * math.prod(out_size)), x._dtype, device, backend)
    if cols.numel():
        backend.conv.im2col(_five_d(x._array(), dims), arr.reshape(rows, -1), _in_3d(kernel, 1), _in_3d(stride, 1),
                            _in_3d(dilation, 1), _in_3d(pads[::2], 0))
    return cols


def _product_into(backend, a, b, out):
    """``out = a @ b`` per group (G, r, k) x (G, k, c), as ``_group_mm`` runs it: one product when G is 1."""
    if a.shape[0] == 1:
        backend.matmul(a[0], b[0], out[0])
    else:
        backend.matmul(a, b, out)


def _convolve_by_kernel(x, weight, bias, kernel, stride, dilation, pads, out_size, groups):
    """The convolution's result and columns through the backend kernels: the same columns and
    products as the composed route, the bias added as the rows are laid out as images."""
    n, o = x._shape[0], weight._shape[0]
    device, backend = x._storage.device, backend_for(x._storage.device)
    cols = _columns_by_kernel(x, kernel, stride, dilation, pads, out_size, groups)
    length = math.prod(out_size)
    rows = backend.empty_array((groups, o // groups, n * length), x._dtype.numpy)
    out, arr = new_result((n, o) + tuple(out_size), x._dtype, device, backend)
    if out.numel():
        w = weight._array().reshape(groups, o // groups, -1)
        _product_into(backend, w, cols._array(), rows)
        images = rows.reshape(o, n, length).transpose(1, 0, 2)
        if bias is None:
            backend.copy_into(arr.reshape(n, o, length), images)
        else:
            shifts = backend.broadcast_to(bias._array().reshape(1, o, 1), (n, o, length))
            backend.binary("add", images, shifts, arr.reshape(n, o, length))
    return out, cols


def _convolution_backward_by_kernel(node, g, x, weight, cols):
    """ConvolutionBackward0's input and weight gradients through the backend kernels (the
    composed route's products, col2im for the input)."""
    kernel, stride, dilation, pads, windows, groups, _ = node.geom
    n, o, c = x._shape[0], weight._shape[0], x._shape[1]
    length = math.prod(windows)
    device, backend = x._storage.device, backend_for(x._storage.device)
    dtype = x._dtype.numpy
    g_rows = backend.empty_array((groups, o // groups, n * length), dtype)
    backend.copy_into(g_rows.reshape(o, n, length), g._array().reshape(n, o, length).transpose(1, 0, 2))
    gx = gw = None
    w = weight._array().reshape(groups, o // groups, -1)
    if needs(node, 0):
        g_cols = backend.empty_array((groups, w.shape[2], n * length), dtype)
        _product_into(backend, w.transpose(0, 2, 1), g_rows, g_cols)
        gx, arr = new_result(x._shape, x._dtype, device, backend)
        if gx.numel():
            backend.conv.col2im(g_cols.reshape(c * math.prod(kernel), -1), _five_d(arr, len(kernel)),
                                _in_3d(kernel, 1), _in_3d(stride, 1), _in_3d(dilation, 1), _in_3d(pads[::2], 0))
    if needs(node, 1):
        per_group = backend.empty_array((groups, w.shape[2], o // groups), dtype)
        _product_into(backend, cols._array(), g_rows.transpose(0, 2, 1), per_group)
        gw, arr = new_result(weight._shape, weight._dtype, device, backend)
        backend.copy_into(arr.reshape(groups, o // groups, -1), per_group.transpose(0, 2, 1))
    return gx, gw


class ConvolutionBackward0(SavingNode):
    """convolution and transposed convolution: the input through columns
    (im2col / col2im), the weight against the columns, the bias summed."""
    __slots__ = ("geom",)
    saved_names = ("input", "weight")  # and the columns, which PyTorch's node does not keep

    def setup(self, inputs, result, ctx):
        self.geom = ctx["geom"]
        self._save(inputs[0], inputs[1], ctx["columns"])

    def apply(self, grads):
        g = grads[0]
        x, weight, cols = self._unpack()
        kernel, stride, dilation, pads, windows, groups, transposed = self.geom
        n, spatial = x.shape[0], tuple(range(2, g.dim()))
        gx = gw = gb = None
        if not transposed and fused() and _kernel_route(g, x, weight) and g.numel():
            gx, gw = _convolution_backward_by_kernel(self, g, x, weight, cols)
        elif transposed:   # the input plays the columns' product, the gradient the convolved image
            g_cols = _conv_columns(g, kernel, stride, dilation, pads, windows, groups)
            if needs(self, 0):
                gx = _ungroup_rows(_group_mm(_group_weight(weight, groups), g_cols), n, windows)
            if needs(self, 1):
                gw = _group_mm_nt(_group_rows(x, groups), g_cols).reshape(tuple(weight.shape))
        else:
            g_rows = _group_rows(g, groups)
            if needs(self, 0):
                g_cols = _group_mm(_group_weight(weight, groups).transpose(1, 2), g_rows)
                gx = _unwindows(_ungroup_columns(g_cols, n, x.shape[1], kernel, windows), stride, dilation, pads,
                                tuple(x.shape[2:]))
            if needs(self, 1):
                if _grad_mode():   # create_graph: the columns as a function of the input
                    cols = _conv_columns(x, kernel, stride, dilation, pads, windows, groups)
                gw = _group_mm_nt(g_rows, cols).reshape(tuple(weight.shape))
        if needs(self, 2):
            gb = g.sum((0,) + spatial)
        return gx, gw, gb


def _check_dtypes(input, weight, bias):
    if bias is not None and bias.dtype is not input.dtype:
        raise RuntimeError(f"Input type ({_CPP_TYPE.get(input.dtype.name, input.dtype.name)}) and bias type "
                           f"({_CPP_TYPE.get(bias.dtype.name, bias.dtype.name)}) should be the same")


def _check_input_dims(input, dims, function):
    """Unbatched (C, *spatial) or batched (N, C, *spatial) input."""
    if input.dim() not in (dims + 1, dims + 2):
        raise RuntimeError(f"Expected {dims + 1}D (unbatched) or {dims + 2}D (batched) input to {function}, but got "
                           f"input of size: {list(input.shape)}")


# The checked geometry of batched convolutions by their shapes and int arguments: a training
# loop convolves the same shapes at every step, and the checks cost more than a small convolution.
_GEOMETRIES = {}
_GEOMETRIES_KEPT = 256


def _plain_ints(value):
    """Whether ``value`` is an int or a tuple of ints (types a geometry may be remembered by)."""
    return type(value) is int or (type(value) is tuple and all(type(v) is int for v in value))


def _geometry_key(function, input, weight, bias, stride, padding, dilation, groups):
    if not all(_plain_ints(v) for v in (stride, padding, dilation, groups)):
        return None
    return (function, input._shape, weight._shape, None if bias is None else bias._shape, stride, padding, dilation,
            groups)


def _convolution(function, dims, input, weight, bias, stride, padding, dilation, groups):
    """The cross-correlation of ``dims`` spatial dims: im2col (strided views) +
    batched matmul (ConvolutionBackward0).  Every argument is checked before any
    data is touched."""
    input, weight, bias = lower_precision(input, weight, bias)
    key = _geometry_key(function, input, weight, bias, stride, padding, dilation, groups)
    known = _GEOMETRIES.get(key) if key is not None else None
    if known is None:
        return _convolve_checked(function, dims, input, weight, bias, stride, padding, dilation, groups, key)
    _check_dtypes(input, weight, bias)
    _check_weight_dtype(input, weight)
    return _convolve(input, weight, bias, *known)


def _check_weight_dtype(input, weight):
    if weight.dtype is not input.dtype:
        raise RuntimeError(f"expected scalar type {_scalar_name(input.dtype)} but found {_scalar_name(weight.dtype)}")


def _convolve_checked(function, dims, input, weight, bias, stride, padding, dilation, groups, key):
    """``_convolution`` through every check (remembering the geometry under ``key``, if any)."""
    stride, dilation = _spatial_list(stride, function, "stride", dims), _spatial_list(dilation, function, "dilation",
                                                                                        dims)
    groups = unpack_int64(groups)
    if not isinstance(padding, str):
        padding = _spatial_list(padding, function, "padding", dims)
    _check_dtypes(input, weight, bias)
    _check_input_dims(input, dims, function)
    if input.dim() == dims + 1:
        return _convolution(function, dims, input.unsqueeze(0), weight, bias, stride, padding, dilation,
                            groups).squeeze(0)
    if isinstance(padding, str):
        if padding not in ("valid", "same"):
            raise RuntimeError(f"Invalid padding string: '{padding}'")
        input, padding = _same_padding(input, weight, stride, dilation, groups) if padding == "same" \
            else (input, (0,))
    stride, padding, dilation, _ = _conv_geometry(input, weight, bias, stride, padding, dilation, groups,
                                                  nominal_dims=dims)
    out_size = _conv_output_size(input, weight, stride, padding, dilation)
    if input.shape[1] == 0:   # PyTorch's result for channel-less input: no channels either
        return input.new_zeros((input.shape[0], 0) + out_size)
    kernel = tuple(weight.shape[2:])
    _check_conv_kernel(kernel, dilation)
    _check_weight_dtype(input, weight)
    pads = tuple(p for p in padding for _ in range(2))
    if key is not None:
        if len(_GEOMETRIES) >= _GEOMETRIES_KEPT:
            _GEOMETRIES.clear()
        _GEOMETRIES[key] = (kernel, stride, dilation, pads, out_size, groups)
    return _convolve(input, weight, bias, kernel, stride, dilation, pads, out_size, groups)


def _convolve(input, weight, bias, kernel, stride, dilation, pads, out_size, groups):
    """The convolution of checked operands and geometry, recorded with its backward node."""
    n, o = input.shape[0], weight.shape[0]
    with no_grad():
        x, w = input.detach(), weight.detach()
        if _kernel_route(x, w, bias):
            out, cols = _convolve_by_kernel(x, w, bias, kernel, stride, dilation, pads, out_size, groups)
        else:
            cols = _conv_columns(x, kernel, stride, dilation, pads, out_size, groups)
            out = _ungroup_rows(_group_mm(_group_weight(w, groups), cols), n, out_size)
            if bias is not None:
                out = out + bias.detach().view((1, o) + (1,) * len(out_size))
            out = out.contiguous()
    geom = (kernel, stride, dilation, pads, out_size, groups, False)
    # the columns are kept for the weight's gradient only
    cols = cols if weight.requires_grad else None
    return _record(ConvolutionBackward0, out, (input, weight, bias), geom=geom, columns=cols)


def conv1d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """Applies a 1-D convolution (a cross-correlation) of ``input`` with the filters ``weight``.

    Args:
        input (Tensor): ``(N, C_in, L)`` or ``(C_in, L)``.
        weight (Tensor): ``(C_out, C_in / groups, k)``.
        bias (Tensor, optional): ``(C_out,)``.
        stride (int or tuple): step between windows. Default: ``1``.
        padding (int, tuple or str): zeros added on both sides, or ``'valid'`` (none) or ``'same'``
            (output as large as the input). Default: ``0``.
        dilation (int or tuple): spacing between filter taps. Default: ``1``.
        groups (int): split the channels into independent groups. Default: ``1``.

    Returns:
        Tensor: ``C_out`` channels; each spatial size
        ``floor((size + 2 * padding - dilation * (k - 1) - 1) / stride + 1)``.

    Example::

        >>> import torch.nn.functional as F
        >>> F.conv1d(torch.ones(1, 1, 5), torch.ones(1, 1, 3))
        tensor([[[3., 3., 3.]]])
    """
    return _convolution("conv1d", 1, input, weight, bias, stride, padding, dilation, groups)


def conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """Applies a 2-D convolution (a cross-correlation) of ``input`` with the filters ``weight``.

    Args:
        input (Tensor): ``(N, C_in, H, W)`` or ``(C_in, H, W)``.
        weight (Tensor): ``(C_out, C_in / groups, kh, kw)``.
        bias (Tensor, optional): ``(C_out,)``.
        stride (int or tuple): step between windows. Default: ``1``.
        padding (int, tuple or str): zeros added on both sides, or ``'valid'`` (none) or ``'same'``
            (output as large as the input). Default: ``0``.
        dilation (int or tuple): spacing between filter taps. Default: ``1``.
        groups (int): split the channels into independent groups. Default: ``1``.

    Returns:
        Tensor: ``C_out`` channels; each spatial size
        ``floor((size + 2 * padding - dilation * (k - 1) - 1) / stride + 1)``.

    Example::

        >>> import torch.nn.functional as F
        >>> F.conv2d(torch.ones(1, 1, 4, 4), torch.ones(2, 1, 3, 3), padding=1).shape
        torch.Size([1, 2, 4, 4])
    """
    return _convolution("conv2d", 2, input, weight, bias, stride, padding, dilation, groups)


def conv3d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """Applies a 3-D convolution (a cross-correlation) of ``input`` with the filters ``weight``.

    Args:
        input (Tensor): ``(N, C_in, D, H, W)`` or ``(C_in, D, H, W)``.
        weight (Tensor): ``(C_out, C_in / groups, kd, kh, kw)``.
        bias (Tensor, optional): ``(C_out,)``.
        stride (int or tuple): step between windows. Default: ``1``.
        padding (int, tuple or str): zeros added on both sides, or ``'valid'`` (none) or ``'same'``
            (output as large as the input). Default: ``0``.
        dilation (int or tuple): spacing between filter taps. Default: ``1``.
        groups (int): split the channels into independent groups. Default: ``1``.

    Returns:
        Tensor: ``C_out`` channels; each spatial size
        ``floor((size + 2 * padding - dilation * (k - 1) - 1) / stride + 1)``.
    """
    return _convolution("conv3d", 3, input, weight, bias, stride, padding, dilation, groups)
