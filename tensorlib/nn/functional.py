"""``nn.functional``: the stateless forms of the layers, activations and losses.

Ops that tensorlib's math layer has (addmm, matmul, relu, sigmoid...) are used
directly.  Ops it lacks are computed here from tensorlib ops on detached
operands and recorded in the graph under PyTorch's node name:

* with a node of ``tensorlib.ops.nodes`` through ``_record_result``
  (SoftmaxBackward0, LogSoftmaxBackward0, NllLossBackward0, MseLossBackward0,
  BinaryCrossEntropyBackward0);
* with a node class defined below where that package has none yet
  (ConvolutionBackward0, MaxPool2DWithIndicesBackward0, AvgPool2DBackward0,
  EmbeddingBackward0, NativeBatchNormBackward0, ConstantPadNdBackward0,
  BinaryCrossEntropyWithLogitsBackward0, NllLoss2DBackward0).

Their backward formulas are tensorlib ops too, so ``create_graph=True``
records a differentiable graph of the backward pass (higher-order gradients).

log_softmax and nll_loss, the two halves of cross_entropy, each run as one
fused backend kernel (``backend.log_softmax``, ``backend.nll_loss``) rather
than a dozen small ops; so do their nodes' backward formulas while no graph of
the backward pass is recorded (``ops/nodes/_fused.py``)."""
import math
import numbers
import warnings

import tensorlib as _tl

from .. import _creation
from .. import _dtype as D
from .._C import TensorBase
from .._scalar_conversion import (INT64_MAX, INT64_MIN, check_fits, representable_range, trunc_div,
                                 unpack_int64, wrap_int64)
from .. import _layout
from .._tensor_autograd import _edge, _mark_inference, _next_seq, _state
from ..autograd.graph import SavingNode
from ..autograd.grad_mode import no_grad
from ..ops.nodes._base import needs
from ..ops._common import backend_for, new_result, numel
from .._type_names import not_implemented
from ..ops.linalg import addmm as _addmm

__all__ = [
    "linear", "bilinear", "relu", "relu_", "relu6", "leaky_relu", "elu", "gelu", "silu", "softplus", "hardtanh",
    "sigmoid", "tanh", "logsigmoid", "softmax", "softmin", "log_softmax", "dropout", "conv2d", "max_pool2d",
    "max_pool2d_with_indices", "avg_pool2d", "pad", "embedding", "one_hot", "batch_norm", "flatten", "normalize",
    "mse_loss", "l1_loss", "smooth_l1_loss", "nll_loss", "cross_entropy", "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
]


# ---- recording nodes this module defines ---------------------------------------------------------
def _requires_grad(inputs):
    return any(isinstance(t, TensorBase) and t._requires_grad for t in inputs)


def _record(cls, out, inputs, **ctx):
    """Records node class ``cls`` as ``out``'s grad_fn with one edge per entry
    of ``inputs`` (the forward operands that may need a gradient)."""
    if not _state.enabled:
        if _state.inference:
            _mark_inference(out)
        return out
    if not _requires_grad(inputs) or not out._dtype.is_floating_point:
        return out
    node = cls.__new__(cls)
    node.next_functions = tuple(_edge(t) if isinstance(t, TensorBase) and t._requires_grad else (None, 0)
                                for t in inputs)
    node._seq = _next_seq()
    node._meta = ((out._shape, out._dtype, out._storage.device),)
    node._hk = None
    node.setup(inputs, out, ctx)
    out._grad_fn = node
    out._requires_grad = True
    return out


def _mul_scalar(t, scalar):
    """``t * scalar`` recorded as the Scalar overload (MulBackward1), as PyTorch's composites do."""
    return t._record_result(t.detach() * scalar, "MulBackward1", (t, scalar))


def _div_scalar(t, scalar):
    """``t / scalar`` recorded as the Scalar overload (DivBackward1)."""
    return t._record_result(t.detach() / scalar, "DivBackward1", (t, scalar))


def _grad_mode():
    """True while a backward formula runs with ``create_graph=True``."""
    return _state.enabled


# ---- argument helpers ------------------------------------------------------------------------------
_REDUCTIONS = ("none", "mean", "sum")


def _check_reduction(reduction):
    if reduction not in _REDUCTIONS:
        raise ValueError(f"{reduction} is not a valid value for reduction")
    return reduction


def _legacy_reduction(size_average, reduce, reduction):
    if size_average is None and reduce is None:
        return _check_reduction(reduction)
    size_average = True if size_average is None else size_average
    reduce = True if reduce is None else reduce
    result = "mean" if size_average and reduce else ("sum" if reduce else "none")
    warnings.warn(f"size_average and reduce args will be deprecated, please use reduction='{result}' instead.",
                  stacklevel=3)
    return result


def _reduce(losses, reduction):
    if reduction == "mean":
        return losses.mean()
    if reduction == "sum":
        return losses.sum()
    return losses


def _int_list(value, function, name, position=None):
    """An ``int[2]`` argument of ``function`` as PyTorch's parser reads it: an int
    stands for two copies of itself, a sequence is taken as given (its length is
    the op's to judge), and every element must be an int64."""
    where = f" (position {position})" if position else ""
    if isinstance(value, (tuple, list)):
        for index, item in enumerate(value):
            if isinstance(item, numbers.Integral):
                if not INT64_MIN <= item <= INT64_MAX:
                    raise TypeError(f"{function}(): argument '{name}' failed to unpack the object at pos {index + 1} "
                                    'with error "Overflow when unpacking long long"')
            elif index == 0:
                raise TypeError(f"{function}(): argument '{name}'{where} must be tuple of ints, but found element of "
                                f"type {type(item).__name__} at pos 0")
            else:
                raise TypeError(f"{function}(): argument '{name}' failed to unpack the object at pos {index + 1} with "
                                f'error "type must be tuple of ints,but got {type(item).__name__}"')
        return tuple(int(item) for item in value)
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{function}(): argument '{name}'{where} must be tuple of ints, not {type(value).__name__}")
    return (unpack_int64(value),) * 2


def _dims_except_channel(t):
    return (0,) + tuple(range(2, t.dim()))


def _channel_shape(t):
    """The shape that broadcasts a per-channel vector against ``t`` (channels in dim 1)."""
    return (1, t.shape[1]) + (1,) * (t.dim() - 2)


def _scalar_name(dtype):
    """PyTorch's ScalarType name ("Float", "Double", "Long")."""
    return dtype.legacy_name[:-len("Tensor")]


_CPP_TYPE = {"float32": "float", "float64": "double", "float16": "c10::Half", "int64": "long int", "int32": "int"}


# ---- linear ---------------------------------------------------------------------------------------------
def linear(input, weight, bias=None):
    """``input @ weight.T + bias``: addmm for 2-D input with a bias (AddmmBackward0)
    and, for other ranks, a 2-D view of the input (ViewBackward0 on top)."""
    if bias is None:
        return input.matmul(weight.t())
    if input._dtype is not weight._dtype:
        raise RuntimeError(f"mat1 and mat2 must have the same dtype, but got {_scalar_name(input.dtype)} and "
                           f"{_scalar_name(weight.dtype)}")
    if bias._dtype is not weight._dtype:
        raise RuntimeError(f"self and mat2 must have the same dtype, but got {_scalar_name(bias.dtype)} and "
                           f"{_scalar_name(weight.dtype)}")
    nd = len(input._shape)
    if nd == 2:
        return _addmm(bias, input, weight.t())
    if nd == 0:
        raise RuntimeError("both arguments to linear need to be at least 1D, but they are 0D and 2D")
    flat = input.reshape(-1, input.shape[-1])
    out = _addmm(bias, flat, weight.t())
    return out.view(tuple(input.shape[:-1]) + (out.shape[-1],))


def bilinear(input1, input2, weight, bias=None):
    """``x1^T A x2 + b`` for each output feature (composite of tensorlib ops)."""
    out = (input1.unsqueeze(-2).unsqueeze(-2).matmul(weight).squeeze(-2) * input2.unsqueeze(-2)).sum(-1)
    if bias is not None:
        out = out + bias
    return out


# ---- in-place helper ---------------------------------------------------------------------------------------
def _write_inplace(input, value):
    """Writes ``value`` into ``input`` as an in-place op does (autograd checks,
    the old value kept for the backward formula, version bump); the caller
    then records the node with ``_record_inplace``."""
    input._check_inplace()
    input._copy_from(value)
    input._version_counter.bump()


# ---- activation functions -------------------------------------------------------------------------------
def relu(input, inplace=False):
    return input.relu_() if inplace else input.relu()


def relu_(input):
    return input.relu_()


def relu6(input, inplace=False):
    return hardtanh(input, 0.0, 6.0, inplace)


def sigmoid(input):
    return input.sigmoid()


def tanh(input):
    return input.tanh()


def hardtanh(input, min_val=-1.0, max_val=1.0, inplace=False):
    """``clamp(input, min_val, max_val)`` (HardtanhBackward0)."""
    out = input.detach().clamp(min_val, max_val)
    if inplace:
        _write_inplace(input, out)
        return input._record_inplace("HardtanhBackward0", (), min_val=min_val, max_val=max_val)
    return input._record_result(out, "HardtanhBackward0", (input,), min_val=min_val, max_val=max_val)


def leaky_relu(input, negative_slope=0.01, inplace=False):
    """``max(0, x) + negative_slope * min(0, x)`` (LeakyReluBackward0)."""
    x = input.detach()
    out = _tl.where(x > 0, x, x * negative_slope)
    if inplace:
        _write_inplace(input, out)
        return input._record_inplace("LeakyReluBackward0", (), negative_slope=negative_slope)
    return input._record_result(out, "LeakyReluBackward0", (input,), negative_slope=negative_slope)


def elu(input, alpha=1.0, inplace=False):
    if inplace:
        # the graph sees ELU of a copy written back into the input, so no saved value is overwritten
        return input.copy_(elu(input.clone(), alpha))
    x = input.detach()
    out = _tl.where(x > 0, x, x.expm1() * alpha)
    return input._record_result(out, "EluBackward0", (input,), alpha=alpha)


def gelu(input, approximate="none"):
    x = input.detach()
    if approximate == "tanh":
        inner = (x + x * x * x * 0.044715) * math.sqrt(2.0 / math.pi)
        out = x * 0.5 * (inner.tanh() + 1)
    elif approximate == "none":
        out = x * 0.5 * ((x * (1.0 / math.sqrt(2.0))).erf() + 1)
    else:
        raise RuntimeError("approximate argument must be either none or tanh.")
    return input._record_result(out, "GeluBackward0", (input,), approximate=approximate)


def silu(input, inplace=False):
    x = input.detach()
    out = x * x.sigmoid()
    return input._record_result(out, "SiluBackward0", (input,))


def softplus(input, beta=1.0, threshold=20.0):
    x = input.detach()
    bx = x * beta
    soft = (bx.clamp(max=threshold).exp()).log1p() / beta
    out = _tl.where(bx > threshold, x, soft)
    return input._record_result(out, "SoftplusBackward0", (input,), beta=beta, threshold=threshold)


def logsigmoid(input):
    x = input.detach()
    # log(sigmoid(x)) = min(x, 0) - log1p(exp(-|x|))
    out = x.clamp(max=0) - (-x.abs()).exp().log1p()
    return input._record_result(out, "LogSigmoidBackward0", (input,))


def _softmax_dim(name, ndim, stacklevel):
    warnings.warn(f"Implicit dimension choice for {name} has been deprecated. Change the call to include dim=X "
                  "as an argument.", stacklevel=stacklevel)
    return 0 if ndim in (0, 1, 3) else 1


def _softmax_input(input, dim, dtype, name):
    if dim is None:
        dim = _softmax_dim(name, input.dim(), 4)
    if dtype is not None:
        input = input.to(dtype)
    if not input.is_floating_point():
        kernel = "softmax_lastdim_kernel_impl" if name == "softmax" else "log_softmax_lastdim_kernel_impl"
        raise NotImplementedError(f"\"{kernel}\" not implemented for '{input.dtype.legacy_name[:-6]}'")
    ndim = max(input.dim(), 1)
    if not -ndim <= dim < ndim:
        raise IndexError(f"Dimension out of range (expected to be in range of [{-ndim}, {ndim - 1}], but got {dim})")
    return input, dim


def softmax(input, dim=None, _stacklevel=3, dtype=None):
    """``exp(x - max) / sum(exp(x - max), dim)`` (SoftmaxBackward0).  As in PyTorch the
    max is subtracted even when infinite, so a slice holding +inf, or only -inf, is NaN."""
    input, dim = _softmax_input(input, dim, dtype, "softmax")
    x = input.detach()
    if x.numel():
        e = (x - x.amax(dim, keepdim=True)).exp()
        out = e / e.sum(dim, keepdim=True)
    else:
        out = x.clone()
    return input._record_result(out, "SoftmaxBackward0", (input,), dim=dim)


def softmin(input, dim=None, _stacklevel=3, dtype=None):
    if dim is None:
        dim = _softmax_dim("softmin", input.dim(), 3)
    return softmax(-input, dim, dtype=dtype)


def _work_array(t, work, backend):
    """``t``'s elements as a backend array of the kernel dtype ``work`` (float16 runs in float32)."""
    return t._array() if t._dtype is work else backend.cast(t._array(), work.numpy)


def log_softmax(input, dim=None, _stacklevel=3, dtype=None):
    """``x - logsumexp(x, dim)``, computed stably in one backend kernel (LogSoftmaxBackward0)."""
    input, dim = _softmax_input(input, dim, dtype, "log_softmax")
    dt = input._dtype
    shape = input._shape
    device = input._storage.device
    backend = backend_for(device)
    out, arr = new_result(shape, dt, device, backend)
    if 0 not in shape:
        work = D.float32 if dt is D.float16 else dt
        a = _work_array(input, work, backend)
        res = arr if work is dt else backend.empty_array(shape, work.numpy)
        if shape:
            backend.log_softmax(a, dim % len(shape), res)
        else:
            backend.log_softmax(a.reshape(1), 0, res.reshape(1))
        if res is not arr:
            backend.copy_into(arr, res)
    return input._record_result(out, "LogSoftmaxBackward0", (input,), dim=dim)


# ---- dropout ---------------------------------------------------------------------------------------------
def dropout(input, p=0.5, training=True, inplace=False):
    """Zeroes each element with probability ``p`` (tensorlib's default
    generator) and scales the rest by ``1 / (1 - p)`` (MulBackward0)."""
    if p < 0.0 or p > 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
    if not training or p == 0 or input.numel() == 0:
        return input
    if p == 1:
        mask = input.new_zeros(tuple(input.shape))
    else:
        keep = _creation.rand(tuple(input.shape), dtype=input.dtype if input.is_floating_point() else None,
                              device=input.device) < (1 - p)
        mask = keep.to(input.dtype) / (1 - p)
    if inplace:
        return input.mul_(mask)
    return input * mask


# ---- convolution -----------------------------------------------------------------------------------------
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
    rows = (_tl.arange(kh, device=dev) * dh).view(kh, 1, 1, 1) + (_tl.arange(oh, device=dev) * sh).view(
        1, 1, oh, 1)
    cols_ = (_tl.arange(kw, device=dev) * dw).view(1, kw, 1, 1) + (_tl.arange(ow, device=dev) * sw).view(
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


# ---- pooling -----------------------------------------------------------------------------------------------
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
    """max_pool2d: the gradient goes to the argmax of each window."""
    __slots__ = ("shape",)
    saved_names = ("indices",)

    def setup(self, inputs, result, ctx):
        self.shape = tuple(inputs[0].shape)
        self._save(ctx["indices"])

    def apply(self, grads):
        idx, = self._unpack()
        g = grads[0]
        shape = self.shape
        lead = shape[:-2]
        flat_idx = idx.reshape(lead + (-1,))
        gz = g.new_zeros(lead + (shape[-2] * shape[-1],))
        return (gz.scatter_add(len(lead), flat_idx, g.reshape(lead + (-1,))).view(shape),)


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
        rows = _tl.arange(out[0], device=dev).view(out[0], 1) * stride[0] - top + ki * dilation[0]
        cols = _tl.arange(out[1], device=dev).view(1, out[1]) * stride[1] - left + kj * dilation[1]
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
                start = _tl.arange(o, device=x.device) * s - p
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


# ---- padding --------------------------------------------------------------------------------------------
class ConstantPadNdBackward0(SavingNode):
    """pad(input, pad, 'constant'): the gradient is the unpadded region."""
    __slots__ = ("pad",)

    def setup(self, inputs, result, ctx):
        self.pad = ctx["pad"]
        self._save()

    def apply(self, grads):
        return (_constant_pad(grads[0], tuple(-p for p in self.pad), 0.0),)


def _constant_pad(input, pads, value):
    """Pads with ``value``: negative amounts crop first (PyTorch narrows, so a crop
    past the size fails there), then the new sizes, summed as int64, must not be
    negative.  ``value`` is converted to the dtype only if something is padded."""
    ndim = input.dim()
    shape = list(input.shape)
    src, dst = [slice(None)] * ndim, [slice(None)] * ndim
    for i in range(len(pads) // 2):
        d = ndim - 1 - i
        before, after = pads[2 * i], pads[2 * i + 1]
        kept = shape[d] + min(before, 0) + min(after, 0)
        if kept < 0:
            raise RuntimeError("narrow(): length must be non-negative.")
        src[d] = slice(max(-before, 0), max(-before, 0) + kept)
        dst[d] = slice(max(before, 0), max(before, 0) + kept)
    with no_grad():
        if all(p <= 0 for p in pads):
            out = input.detach()[tuple(src)].clone()
        else:
            for i in range(len(pads) // 2):
                d = ndim - 1 - i
                before, after = pads[2 * i], pads[2 * i + 1]
                size = shape[d]
                shape[d] = wrap_int64(size + before + after)
                if shape[d] < 0:
                    raise RuntimeError(f"The input size {size}, plus negative padding {before} and {after} resulted in "
                                       f"a negative output size, which is invalid. Check dimension {d} of your input.")
            out = _creation.full(tuple(shape), value, dtype=input.dtype, device=input.device)
            if out.numel() and input.numel():
                out[tuple(dst)] = input.detach()[tuple(src)]
    return _record(ConstantPadNdBackward0, out, (input,), pad=tuple(pads))


_PAD_KERNELS = {"reflect": "reflection_pad", "replicate": "replication_pad"}


def _check_padded_sizes(mode, sizes, out, out_shape, itemsize):
    """reflect / replicate: PyTorch's refusals of the padded sizes ``out`` of the
    padded dims (outermost first; ``sizes`` before padding)."""
    spatial = len(sizes)
    if all(o < 1 for o in out):   # with one padded dim, any size below 1
        labels = [f"{label}: {size}" for label, size in zip("DHW"[-spatial:], sizes)]
        given = ", ".join([" ".join(labels[:-1]), labels[-1]]) if spatial > 1 else labels[0]
        if spatial == 2 and mode == "replicate":
            given += " "
        calculated = " ".join(f"{label}: {o}" for label, o in zip("DHW"[-spatial:], out))
        raise RuntimeError(f"input ({given}) is too small. Calculated output {calculated}")
    if spatial == 2 and mode == "reflect" and any(o < 0 for o in out):
        raise RuntimeError("numel: integer multiplication overflow")
    _layout.contiguous_nbytes(tuple(out_shape), itemsize)


def _index_pad(input, pads, mode):
    """reflect / replicate / circular padding, after PyTorch's checks for the mode,
    as index_select along each padded dim.  Circular padding crops the negative
    amounts first and wraps around what is left."""
    spatial = len(pads) // 2
    shape = list(input.shape)
    dims = [len(shape) - 1 - i for i in range(spatial)]     # dims[i] takes pads[2i], pads[2i + 1]
    amounts = [(pads[2 * i], pads[2 * i + 1]) for i in range(spatial)]
    out_shape = list(shape)
    for d, (before, after) in zip(dims, amounts):
        out_shape[d] = wrap_int64(shape[d] + before + after)
    if mode == "circular":
        for d, (before, after) in reversed(list(zip(dims, amounts))):   # the outermost padded dim first
            if before > shape[d] or after > shape[d]:
                raise RuntimeError("Padding value causes wrapping around more than once.")
            if out_shape[d] < 0:
                raise RuntimeError("Negative padding value is resulting in an empty dimension")
        _layout.contiguous_nbytes(tuple(out_shape), input.dtype.itemsize)
    else:
        if 0 in (shape[1:] if len(shape) == spatial + 2 else shape):
            raise RuntimeError(f"Expected {spatial + 1}D or {spatial + 2}D (batch mode) tensor with possibly 0 batch "
                               f"size and other non-zero dimensions for input, but got: {shape}")
        if mode == "reflect":
            for i, (d, (before, after)) in enumerate(zip(dims, amounts)):
                if before >= shape[d] or after >= shape[d]:
                    raise RuntimeError(f"Argument #{4 + 2 * i}: Padding size should be less than the corresponding "
                                       f"input dimension, but got: padding ({before}, {after}) at dimension {d} of "
                                       f"input {shape}")
        outer_first = dims[::-1]
        _check_padded_sizes(mode, [shape[d] for d in outer_first], [out_shape[d] for d in outer_first], out_shape,
                            input.dtype.itemsize)
        if input.dtype is D.bool:
            raise not_implemented(f"{_PAD_KERNELS[mode]}{spatial}d", input.dtype)
    out = input
    for d, (before, after) in zip(dims, amounts):
        size = shape[d]
        if mode == "circular":
            start, kept = max(-before, 0), size - max(-before, 0) - max(-after, 0)
            if kept == 0:   # nothing left to wrap around: PyTorch leaves these elements unwritten
                return input.new_zeros(tuple(out_shape))
            pos = _tl.arange(-max(before, 0), kept + max(after, 0), device=input.device) % kept + start
        else:
            pos = _tl.arange(-before, size + after, device=input.device)
            if mode == "replicate":
                pos = pos.clamp(0, size - 1)
            else:
                period = 2 * (size - 1) if size > 1 else 1
                pos = pos % period
                pos = _tl.where(pos >= size, period - pos, pos)
        out = out.index_select(d, pos)
    return out


_PAD_MODES = ("constant", "reflect", "replicate", "circular")


def pad(input, pad, mode="constant", value=None):
    """Pads the last ``len(pad) // 2`` dims: ``pad`` = (last_before, last_after,
    second_last_before, ...); negative amounts crop."""
    if not isinstance(pad, (tuple, list)):
        raise TypeError(f"pad(): argument 'pad' (position 2) must be tuple of ints, not {type(pad).__name__}")
    pad = _int_list(pad, "pad", "pad", 2)
    if mode not in _PAD_MODES:
        raise NotImplementedError(f"Unrecognised padding mode {mode}")
    if len(pad) % 2:
        raise RuntimeError("Padding length must be divisible by 2")
    if len(pad) // 2 > input.dim():
        raise RuntimeError("Padding length should be less than or equal to two times the input dimension but got "
                           f"padding length {len(pad)} and input of dimension {input.dim()}")
    if mode == "constant":
        return _constant_pad(input, pad, 0.0 if value is None else float(value))
    if value is not None and value != 0:
        raise RuntimeError(f'Padding mode "{mode}" doesn\'t take in value argument')
    spatial = len(pad) // 2
    if not 1 <= spatial <= 3 or input.dim() not in (spatial + 1, spatial + 2):
        raise NotImplementedError(
            f"Padding size {len(pad)} is not supported for {input.dim()}D input tensor.\n"
            "Supported combinations for non-constant padding:\n"
            "  - 2D or 3D input: padding size = 2 (pads last dimension)\n"
            "  - 3D or 4D input: padding size = 4 (pads last 2 dimensions)\n"
            "  - 4D or 5D input: padding size = 6 (pads last 3 dimensions)")
    return _index_pad(input, pad, mode)


# ---- embedding, one_hot ----------------------------------------------------------------------------------
class EmbeddingBackward0(SavingNode):
    """embedding(weight, indices): the rows of the gradient summed into the
    looked-up rows of the weight."""
    __slots__ = ("num_weights", "padding_idx", "scale_grad_by_freq")
    saved_names = ("indices",)

    def setup(self, inputs, result, ctx):
        self.num_weights = inputs[0].shape[0]
        self.padding_idx = ctx["padding_idx"]
        self.scale_grad_by_freq = ctx["scale_grad_by_freq"]
        self._save(ctx["indices"])

    def apply(self, grads):
        indices, = self._unpack()
        g = grads[0]
        idx = indices.reshape(-1)
        g2 = g.reshape(idx.shape[0], -1)
        if self.padding_idx is not None:
            g2 = g2 * (idx != self.padding_idx).to(g2.dtype).unsqueeze(1)
        if self.scale_grad_by_freq:
            counts = g2.new_zeros((self.num_weights,)).index_add(0, idx, g2.new_ones((idx.shape[0],)))
            g2 = g2 / counts.index_select(0, idx).unsqueeze(1)
        return (g2.new_zeros((self.num_weights, g2.shape[1])).index_add(0, idx, g2),)


def _embedding_renorm_(weight, indices, max_norm, norm_type):
    with no_grad():
        rows = indices.reshape(-1).unique()
        picked = weight.index_select(0, rows)
        norms = picked.norm(p=norm_type, dim=1, keepdim=True)
        scale = _tl.where(norms > max_norm, max_norm / (norms + 1e-7), 1.0)
        weight.index_copy_(0, rows, picked * scale)


def embedding(input, weight, padding_idx=None, max_norm=None, norm_type=2.0, scale_grad_by_freq=False,
              sparse=False):
    """Rows of ``weight`` looked up by the integer ``input`` (EmbeddingBackward0)."""
    if input.dtype not in (D.int64, D.int32):
        raise RuntimeError("Expected tensor for argument #1 'indices' to have one of the following scalar types: "
                           f"Long, Int; but got {input.type()} instead (while checking arguments for embedding)")
    num = weight.shape[0]
    if padding_idx is not None:
        if padding_idx > 0:
            if padding_idx >= num:
                raise AssertionError("Padding_idx must be within num_embeddings")
        elif padding_idx < 0:
            if padding_idx < -num:
                raise AssertionError("Padding_idx must be within num_embeddings")
            padding_idx = num + padding_idx
    if input.numel() and (bool((input < 0).any()) or bool((input >= num).any())):
        raise IndexError("index out of range in self")
    if max_norm is not None:
        _embedding_renorm_(weight, input.contiguous(), max_norm, norm_type)
    with no_grad():
        idx = input.reshape(-1).to(D.int64)
        out = weight.detach().index_select(0, idx).view(tuple(input.shape) + (weight.shape[1],))
    return _record(EmbeddingBackward0, out, (weight,), indices=idx, padding_idx=padding_idx,
                   scale_grad_by_freq=scale_grad_by_freq)


def one_hot(tensor, num_classes=-1):
    """int64 one-hot encoding along a new last dim."""
    if tensor.dtype is not D.int64:
        raise RuntimeError("one_hot is only applicable to index tensor of type LongTensor.")
    if num_classes == -1:
        if tensor.numel() == 0:
            raise RuntimeError("Can not infer total number of classes from empty tensor.")
        num_classes = int(tensor.max().item()) + 1
    if tensor.numel():
        if bool((tensor < 0).any()):
            raise RuntimeError("Class values must be non-negative.")
        if bool((tensor >= num_classes).any()):
            raise RuntimeError("Class values must be smaller than num_classes.")
    out = _creation.zeros(tuple(tensor.shape) + (num_classes,), dtype=D.int64, device=tensor.device)
    if tensor.numel():
        out.scatter_(-1, tensor.unsqueeze(-1), 1)
    return out


# ---- normalisation -----------------------------------------------------------------------------------------
class NativeBatchNormBackward0(SavingNode):
    """batch_norm(input, weight, bias): training mode differentiates through the
    batch statistics; eval mode uses the (constant) running statistics."""
    __slots__ = ("training", "eps")
    saved_names = ("input", "weight", "mean", "invstd")

    def setup(self, inputs, result, ctx):
        self.training = ctx["training"]
        self.eps = ctx["eps"]
        self._save(inputs[0], inputs[1], ctx["mean"], ctx["invstd"])

    def apply(self, grads):
        g = grads[0]
        x, weight, mean, invstd = self._unpack()
        dims = _dims_except_channel(x)
        shape = _channel_shape(x)
        if self.training and _grad_mode():   # create_graph: the statistics as functions of the input
            mean = x.mean(dims)
            xc = x - mean.view(shape)
            invstd = ((xc * xc).mean(dims) + self.eps).rsqrt()
        xhat = (x - mean.view(shape)) * invstd.view(shape)
        gx = gw = gb = None
        if needs(self, 0):
            scale = invstd.view(shape) if weight is None else (invstd * weight).view(shape)
            if self.training:
                gx = (g - g.mean(dims, keepdim=True) - xhat * (g * xhat).mean(dims, keepdim=True)) * scale
            else:
                gx = g * scale
        if needs(self, 1):
            gw = (g * xhat).sum(dims)
        if needs(self, 2):
            gb = g.sum(dims)
        return gx, gw, gb


def batch_norm(input, running_mean, running_var, weight=None, bias=None, training=False, momentum=0.1, eps=1e-5):
    """Normalises each channel (dim 1) by the batch statistics (``training``,
    which also updates the running ones in place) or the running statistics."""
    if input.dim() < 2:
        raise ValueError(f"Expected 2D or higher input (got {input.dim()}D input)")
    c = input.shape[1]
    dims = _dims_except_channel(input)
    count = input.numel() // max(c, 1)
    if training and count <= 1:
        raise ValueError(f"Expected more than 1 value per channel when training, got input size {input.size()}")
    for name, t in (("running_mean", running_mean), ("running_var", running_var), ("weight", weight),
                    ("bias", bias)):
        if t is not None and t.numel() != c:
            raise RuntimeError(f"{name} should contain {c} elements not {t.numel()}")
    if not training and (running_mean is None or running_var is None):
        raise RuntimeError("running_mean and running_var must be defined in evaluation mode")
    shape = _channel_shape(input)
    with no_grad():
        x = input.detach()
        if training:
            mean = x.mean(dims)
            var = (x - mean.view(shape)).square().mean(dims)
            if running_mean is not None:
                running_mean.mul_(1 - momentum).add_(mean * momentum)
            if running_var is not None:
                running_var.mul_(1 - momentum).add_(var * (momentum * count / (count - 1)))
        else:
            mean = running_mean.detach().to(x.dtype).clone()
            var = running_var.detach().to(x.dtype)
        invstd = (var + eps).rsqrt()
        out = (x - mean.view(shape)) * invstd.view(shape)
        if weight is not None:
            out = out * weight.detach().view(shape)
        if bias is not None:
            out = out + bias.detach().view(shape)
    return _record(NativeBatchNormBackward0, out, (input, weight, bias), training=training, eps=eps, mean=mean,
                   invstd=invstd)


def normalize(input, p=2.0, dim=1, eps=1e-12, out=None):
    denom = input.norm(p, dim, keepdim=True).clamp_min(eps).expand_as(input)
    return input / denom


# ---- shape ---------------------------------------------------------------------------------------------------
def flatten(input, start_dim=0, end_dim=-1):
    return input.flatten(start_dim, end_dim)


# ---- losses ------------------------------------------------------------------------------------------------------
def _broadcast_warning(input, target, stacklevel=3):
    if tuple(target.shape) != tuple(input.shape):
        warnings.warn(f"Using a target size ({target.size()}) that is different to the input size ({input.size()}). "
                      "This will likely lead to incorrect results due to broadcasting. Please ensure they have the "
                      "same size.", stacklevel=stacklevel)


def _broadcast_pair(input, target):
    from .. import _layout
    shape = _layout.broadcast_shapes(tuple(input.shape), tuple(target.shape))
    if tuple(input.shape) != shape:
        input = input.expand(shape)
    if tuple(target.shape) != shape:
        target = target.expand(shape)
    return input, target


def _weighted(losses, input, weight, reduction):
    """The ``weight=`` forms of mse_loss / l1_loss: weighted elementwise losses,
    'mean' normalised by the sum of the weights."""
    if tuple(weight.shape) != tuple(input.shape):
        raise ValueError("Weights and input must have the same size.")
    losses = losses * weight
    if reduction == "none":
        return losses
    if reduction == "sum":
        return losses.sum()
    return losses.sum() / weight.sum()


def mse_loss(input, target, size_average=None, reduce=None, reduction="mean", weight=None):
    """Mean squared error (MseLossBackward0)."""
    reduction = _legacy_reduction(size_average, reduce, reduction)
    _broadcast_warning(input, target)
    if weight is not None:   # no node for the weighted form: a composite
        return _weighted((input - target).square(), input, weight, reduction)
    input, target = _broadcast_pair(input, target)
    with no_grad():
        diff = input.detach() - target.detach()
        out = _reduce(diff * diff, reduction)
    return input._record_result(out, "MseLossBackward0", (input, target), reduction=reduction)


def l1_loss(input, target, size_average=None, reduce=None, reduction="mean", weight=None):
    """Mean absolute error (a composite: abs of the difference, then the reduction)."""
    reduction = _legacy_reduction(size_average, reduce, reduction)
    _broadcast_warning(input, target)
    if weight is not None:
        return _weighted((input - target).abs(), input, weight, reduction)
    return _reduce((input - target).abs(), reduction)


def smooth_l1_loss(input, target, size_average=None, reduce=None, reduction="mean", beta=1.0):
    reduction = _legacy_reduction(size_average, reduce, reduction)
    _broadcast_warning(input, target)
    diff = (input - target).abs()
    if beta == 0:
        losses = diff
    else:
        losses = _tl.where(diff < beta, diff * diff * (0.5 / beta), diff - 0.5 * beta)
    return _reduce(losses, reduction)


class NllLoss2DBackward0(SavingNode):
    """nll_loss for (N, C, d1, ...) input: ``-weight[t]`` at the target class of
    each position (normalised for 'mean')."""
    __slots__ = ("reduction", "ignore_index")
    saved_names = ("self", "target", "weight", "total_weight")

    def setup(self, inputs, result, ctx):
        self.reduction = ctx["reduction"]
        self.ignore_index = ctx["ignore_index"]
        self._save(inputs[0], ctx["target"], ctx["weight"], ctx["total_weight"])

    def apply(self, grads):
        x, target, weight, total = self._unpack()
        g = grads[0]
        n, c = x.shape[0], x.shape[1]
        t = target.reshape(n, -1)
        valid = t != self.ignore_index
        safe = _tl.where(valid, t, 0)
        if weight is None:
            w = valid.to(x.dtype)
        else:
            w = _tl.where(valid, weight.index_select(0, safe.reshape(-1)).view(safe.shape), 0.0)
        if self.reduction == "none":
            coef = -(w * g.reshape(n, -1))
        else:
            coef = -(w * g)
            if self.reduction == "mean":
                coef = coef / total
        gx = x.new_zeros((n, c, t.shape[1])).scatter(1, safe.unsqueeze(1), coef.unsqueeze(1))
        return (gx.view(tuple(x.shape)),)


def nll_loss(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None, reduction="mean"):
    """The negative log likelihood of class indices ``target`` under the
    log-probabilities ``input`` (C), (N, C) or (N, C, d1, ...)."""
    reduction = _legacy_reduction(size_average, reduce, reduction)
    tdt = target._dtype
    if tdt is not D.int64 and tdt is not D.uint8:
        raise RuntimeError(f"expected target dtype to be Long or Byte, but got {tdt.legacy_name[:-6]}")
    shape, tshape = input._shape, target._shape
    dim = len(shape)
    if dim < 1:
        raise ValueError(f"Expected 1 or more dimensions (got {dim})")
    if dim == 1:
        if len(tshape) > 1 or (len(tshape) == 1 and tshape[0] != 1):
            raise ValueError(f"For 1D input, 1D target must have size 1, but got target size: {target.numel()}")
    elif shape[0] != (tshape[0] if tshape else 1):
        raise ValueError(f"Expected input batch_size ({shape[0]}) to match target batch_size "
                         f"({tshape[0] if tshape else 1}).")
    if dim > 2 and tshape != (shape[0],) + shape[2:]:
        if len(tshape) != dim - 1:
            raise RuntimeError(f"only batches of spatial targets supported ({dim - 1}D tensors) but got targets of "
                               f"dimension: {len(tshape)}")
        raise RuntimeError(f"size mismatch (got input: {list(shape)} , target: {list(tshape)}")
    n_classes = shape[1] if dim > 1 else shape[0]
    if weight is not None and weight.numel() != n_classes:
        raise RuntimeError(f"weight tensor should be defined either for all {n_classes} classes or no classes but "
                           f"got weight tensor of shape: {list(weight.shape)}")
    dt = input._dtype
    if not dt.is_floating_point:
        raise not_implemented("nll_loss_out_frame" if dim <= 2 else "nll_loss2d_forward_out_frame", dt)
    if weight is not None and weight._dtype is not dt:
        raise RuntimeError(f"expected scalar type {_scalar_name(dt)} but found {_scalar_name(weight._dtype)}")
    t = target if tdt is D.int64 else target.to(D.int64)
    device = input._storage.device
    backend = backend_for(device)
    work = D.float32 if dt is D.float16 else dt
    rows = numel(tshape)
    oshape = tshape if reduction == "none" else ()
    out, arr = new_result(oshape, dt, device, backend)
    total_weight, total_arr = new_result((), dt, device, backend)
    # the kernel writes the flat result buffers (float16: float32 ones, rounded once after)
    exact = work is dt
    losses = out._storage.data if exact else backend.empty_array((numel(oshape),), work.numpy)
    total = total_weight._storage.data if exact else backend.empty_array((1,), work.numpy)
    if not rows:
        x2 = backend.empty_array((0, n_classes), work.numpy)
    else:
        x = _work_array(input, work, backend)
        if dim == 1:
            x2 = x.reshape(1, n_classes)
        elif dim == 2:
            x2 = x
        else:  # (N, C, d1, ...) -> one row per position
            x2 = x.reshape(x.shape[0], n_classes, -1).transpose(0, 2, 1).reshape(-1, n_classes)
    w = None if weight is None else _work_array(weight.detach(), work, backend)
    bad = backend.nll_loss(x2, t._array().reshape(rows), w, ignore_index, reduction, losses, total)
    if bad is not None:
        raise IndexError(f"Target {bad} is out of bounds.")
    if not exact:
        backend.copy_into(arr, losses.reshape(oshape))
        backend.copy_into(total_arr, total.reshape(()))
    if dim <= 2:
        return input._record_result(out, "NllLossBackward0", (input, t), weight=weight, reduction=reduction,
                                    ignore_index=ignore_index, total_weight=total_weight)
    return _record(NllLoss2DBackward0, out, (input,), target=t, weight=None if weight is None else weight.detach(),
                   total_weight=total_weight, reduction=reduction, ignore_index=ignore_index)


def cross_entropy(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None, reduction="mean",
                  label_smoothing=0.0):
    """log_softmax over dim 1 (dim 0 for unbatched input) then nll_loss;
    ``target`` holds class indices (integer) or class probabilities (float)."""
    reduction = _legacy_reduction(size_average, reduce, reduction)
    if not 0.0 <= label_smoothing <= 1.0:
        raise RuntimeError(f"label_smoothing must be between 0.0 and 1.0. Got: {label_smoothing}")
    class_dim = 0 if input.dim() == 1 else 1
    logp = log_softmax(input, class_dim)
    n_classes = input.shape[class_dim]
    if target.is_floating_point():
        if tuple(target.shape) != tuple(input.shape):
            raise RuntimeError(f"Expected target size {list(input.shape)}, got {list(target.shape)}")
        if label_smoothing > 0:
            target = target * (1 - label_smoothing) + label_smoothing / n_classes
        prod = logp * target
        if weight is not None:
            shape = [1] * input.dim()
            shape[class_dim] = n_classes
            prod = prod * weight.view(shape)
        if reduction == "none":
            return -prod.sum(class_dim)
        if reduction == "sum":
            return -prod.sum()
        return _div_scalar(-prod.sum(), input.numel() / n_classes)
    nll = nll_loss(logp, target, weight, None, ignore_index, None, reduction)
    if label_smoothing <= 0:
        return nll
    # label smoothing with class indices: mix in the (weighted) mean of -log p over the classes
    if weight is not None:
        shape = [1] * input.dim()
        shape[class_dim] = n_classes
        smooth = -(logp * weight.view(shape)).sum(class_dim)
    else:
        smooth = -logp.sum(class_dim)
    ignored = target == ignore_index
    smooth = _tl.where(ignored, 0.0, smooth)
    if reduction == "mean":
        if weight is not None:
            kept = target[~ignored].reshape(-1)
            smooth = smooth.sum() / weight.index_select(0, kept).sum()
        else:
            smooth = smooth.sum() / (~ignored).sum()
    elif reduction == "sum":
        smooth = smooth.sum()
    return _mul_scalar(nll, 1 - label_smoothing) + _mul_scalar(smooth, label_smoothing / n_classes)


def _check_same_size(input, target, deprecated):
    if tuple(target.shape) != tuple(input.shape):
        if deprecated:
            raise ValueError(f"Using a target size ({target.size()}) that is different to the input size "
                             f"({input.size()}) is deprecated. Please ensure they have the same size.")
        raise ValueError(f"Target size ({target.size()}) must be the same as input size ({input.size()})")


def binary_cross_entropy(input, target, weight=None, size_average=None, reduce=None, reduction="mean"):
    """``-(t log x + (1 - t) log(1 - x))`` with the logs clamped at -100
    (BinaryCrossEntropyBackward0)."""
    reduction = _legacy_reduction(size_average, reduce, reduction)
    _check_same_size(input, target, True)
    if weight is not None:
        from .. import _layout
        weight = weight.expand(_layout.broadcast_shapes(tuple(target.shape), tuple(weight.shape)))
    with no_grad():
        x, t = input.detach(), target.detach()
        if x.numel() and bool(((x < 0) | (x > 1)).any()):
            raise RuntimeError("all elements of input should be between 0 and 1")
        losses = -(t * x.log().clamp(min=-100) + (1 - t) * (1 - x).log().clamp(min=-100))
        if weight is not None:
            losses = losses * weight.detach()
        out = _reduce(losses, reduction)
    return input._record_result(out, "BinaryCrossEntropyBackward0", (input, target, weight), reduction=reduction,
                                weight=weight)


class BinaryCrossEntropyWithLogitsBackward0(SavingNode):
    """binary_cross_entropy_with_logits(self, target, weight, pos_weight)."""
    __slots__ = ("reduction",)
    saved_names = ("self", "target", "weight", "pos_weight")

    def setup(self, inputs, result, ctx):
        self.reduction = ctx["reduction"]
        self._save(inputs[0], inputs[1], ctx["weight"], ctx["pos_weight"])

    def apply(self, grads):
        x, t, weight, pos_weight = self._unpack()
        g = grads[0]
        if self.reduction == "mean":
            g = g / max(x.numel(), 1)
        gx = gt = None
        if pos_weight is None:
            if needs(self, 0):
                gx = x.sigmoid() - t
            if needs(self, 1):
                gt = -x
        else:
            lw = (pos_weight - 1) * t + 1
            if needs(self, 0):
                gx = (1 - t) - lw * (1 - x.sigmoid())
            if needs(self, 1):
                gt = (pos_weight - 1) * _softplus_neg(x) - x
        if weight is not None:
            gx = None if gx is None else gx * weight
            gt = None if gt is None else gt * weight
        return (None if gx is None else gx * g), (None if gt is None else gt * g)


def _softplus_neg(x):
    """``log(1 + exp(-x))``, stable."""
    return (-x.abs()).exp().log1p() + (-x).clamp(min=0)


def binary_cross_entropy_with_logits(input, target, weight=None, size_average=None, reduce=None, reduction="mean",
                                     pos_weight=None):
    """binary_cross_entropy of ``sigmoid(input)``, computed stably from the logits."""
    reduction = _legacy_reduction(size_average, reduce, reduction)
    _check_same_size(input, target, False)
    with no_grad():
        x, t = input.detach(), target.detach()
        w = None if weight is None else weight.detach()
        pw = None if pos_weight is None else pos_weight.detach()
        sp = _softplus_neg(x)
        if pw is None:
            losses = (1 - t) * x + sp
        else:
            losses = (1 - t) * x + ((pw - 1) * t + 1) * sp
        if w is not None:
            losses = losses * w
        out = _reduce(losses, reduction)
    return _record(BinaryCrossEntropyWithLogitsBackward0, out, (input, target), weight=w, pos_weight=pw,
                   reduction=reduction)
