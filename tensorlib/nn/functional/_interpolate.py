"""interpolate (nearest, nearest-exact, linear, bilinear, bicubic, trilinear,
area; antialiased bilinear, bicubic and lanczos) and the upsample forms.  Each
resampled dim is a sum of taps: the input gathered along that dim
(index_select) times a weight per output position; the backward node
(UpsampleBilinear2DBackward0 & co.) sums the gradient back with index_add.
Source positions follow PyTorch's kernels, in their precision."""
import math
import numbers
import struct
import warnings

from ... import _creation
from ... import _dtype as D
from ..._functional import where as _where
from ..._type_names import not_implemented
from ...autograd.grad_mode import no_grad
from ...autograd.graph import SavingNode
from ._adaptive_pooling import adaptive_avg_pool1d, adaptive_avg_pool2d, adaptive_avg_pool3d
from ._common import _record

_MODES = "nearest | linear | bilinear | bicubic | trilinear | lanczos | area | nearest-exact"
_CUBIC_A = -0.75
_NEEDS = {"linear": 3, "bilinear": 4, "trilinear": 5, "bicubic": 4}


def _in_precision(value, dtype):
    """``value`` rounded to ``dtype`` (float32 or float64), as the kernel holds it."""
    return struct.unpack("f", struct.pack("f", value))[0] if dtype is D.float32 else value


def _scale(in_size, out_size, align_corners, scale_factor, dtype):
    """The source step per output position."""
    if align_corners:
        value = (in_size - 1) / (out_size - 1) if out_size > 1 else 0.0
    elif scale_factor is not None and scale_factor > 0:
        value = 1.0 / scale_factor
    else:
        value = in_size / out_size
    return _in_precision(value, dtype)


def _cubic_near(x, a):
    """Keys' cubic convolution kernel with parameter ``a`` at distance ``x`` in [0, 1]."""
    return ((a + 2) * x - (a + 3)) * x * x + 1


def _cubic_far(x, a):
    """Keys' cubic convolution kernel with parameter ``a`` at distance ``x`` in [1, 2]."""
    return ((a * x - 5 * a) * x + 8 * a) * x - 4 * a


def _cubic_weights(t):
    """The four cubic-convolution weights (a = -0.75) at fractional offset ``t``."""
    return [_cubic_far(t + 1, _CUBIC_A), _cubic_near(t, _CUBIC_A), _cubic_near(1 - t, _CUBIC_A),
            _cubic_far(2 - t, _CUBIC_A)]


def _taps(mode, in_size, out_size, align_corners, scale_factor, dtype, device):
    """One dim's taps: ([indices], [weights]) with weights None for the nearest modes."""
    arange = _creation.arange(out_size, device=device)
    if mode in ("linear", "bilinear", "trilinear") and out_size == in_size:   # PyTorch copies such a dim
        return [arange], None
    if mode == "nearest" and out_size == 2 * in_size:
        return [arange.div(2, rounding_mode="floor")], None
    if mode in ("nearest", "nearest-exact"):
        scale = _scale(in_size, out_size, False, scale_factor, D.float32)
        dst = arange.to(D.float32) + (0.5 if mode == "nearest-exact" else 0.0)
        return [(dst * scale).floor().to(D.int64).clamp(max=in_size - 1)], None
    scale = _scale(in_size, out_size, align_corners, scale_factor, dtype)
    dst = arange.to(dtype)
    real = dst * scale if align_corners else (dst + 0.5) * scale - 0.5
    if mode != "bicubic" and not align_corners:
        real = real.clamp(min=0)
    first = real.floor().clamp(max=in_size - 1)
    t = (real - first).clamp(0, 1)
    first = first.to(D.int64)
    if mode == "bicubic":
        return [(first + (j - 1)).clamp(0, in_size - 1) for j in range(4)], _cubic_weights(t)
    return [first, (first + 1).clamp(max=in_size - 1)], [1 - t, t]


def _antialias_filter(mode, x):
    """The antialiasing filters (as PIL's): a triangle, Keys' cubic with a = -0.5,
    or the Lanczos-3 windowed sinc."""
    x = x.abs()
    if mode == "bilinear":
        return (1 - x).clamp(min=0)
    if mode == "lanczos":
        def sinc(t):
            return _where(t == 0, 1.0, (t * math.pi).sin() / _where(t == 0, 1.0, t * math.pi))

        return _where(x < 3, sinc(x) * sinc(x / 3), 0.0)
    return _where(x < 1, _cubic_near(x, -0.5), _where(x < 2, _cubic_far(x, -0.5), 0.0))


def _antialiased_taps(mode, in_size, out_size, align_corners, scale_factor, dtype, device):
    """One dim's antialiased taps: the filter stretched by the downscaling factor
    over the input positions it reaches, normalised per output position."""
    scale = _scale(in_size, out_size, align_corners, scale_factor, dtype)
    reach = {"bilinear": 1.0, "bicubic": 2.0, "lanczos": 3.0}[mode]
    support = reach * scale if scale >= 1.0 else reach
    stretch = 1.0 / scale if scale >= 1.0 else 1.0
    center = (_creation.arange(out_size, device=device).to(dtype) + 0.5) * scale
    first = (center - support + 0.5).to(D.int64).clamp(min=0)   # truncated, as the kernel converts
    end = (center + support + 0.5).to(D.int64).clamp(max=in_size)
    indices, weights = [], []
    for j in range(math.ceil(support) * 2 + 1):   # one tap per filter position (not per element)
        index = first + j
        weight = _antialias_filter(mode, (index.to(dtype) - center + 0.5) * stretch)
        weights.append(_where(index < end, weight, 0.0))
        indices.append(index.clamp(max=in_size - 1))
    total = sum(weights[1:], weights[0])
    total = _where(total == 0, 1.0, total)
    return indices, [weight / total for weight in weights]


def _along(x, dim, indices, weights):
    """``x`` resampled along ``dim`` by one dim's taps."""
    if weights is None:
        return x.index_select(dim, indices[0])
    shape = [1] * x.dim()
    shape[dim] = -1
    out = None
    for index, weight in zip(indices, weights):
        term = x.index_select(dim, index) * weight.view(shape)
        out = term if out is None else out + term
    return out


def _along_adjoint(g, dim, size, indices, weights):
    """The adjoint of ``_along``: ``g`` summed back into ``size`` positions of ``dim``."""
    shape = list(g.shape)
    shape[dim] = size
    out = g.new_zeros(tuple(shape))
    if weights is None:
        return out.index_add(dim, indices[0], g)
    view = [1] * g.dim()
    view[dim] = -1
    for index, weight in zip(indices, weights):
        out = out.index_add(dim, index, g * weight.view(view))
    return out


class _UpsampleBackward(SavingNode):
    """The resampling's adjoint, tap by tap."""
    __slots__ = ("taps", "sizes", "work")
    copies_gradient = False
    saved_names = ()

    def setup(self, inputs, result, ctx):
        self.taps, self.work = ctx["taps"], ctx["work"]
        self.sizes = tuple(inputs[0].shape[2:])
        self._save()

    def apply(self, grads):
        g = grads[0]
        if self.copies_gradient and tuple(g.shape[2:]) == self.sizes:
            return (g,)   # PyTorch's nearest and bicubic backward kernels copy at an unchanged size
        dtype = g.dtype
        g = g.to(self.work)
        for d, (indices, weights) in enumerate(self.taps):
            g = _along_adjoint(g, 2 + d, self.sizes[d], indices, weights)
        return (g.to(dtype),)


# PyTorch's node per (mode, resampled dims): UpsampleNearest1DBackward0 ... UpsampleBicubic2DBackward0
_NODE_NAMES = {("nearest", 1): "UpsampleNearest1D", ("nearest", 2): "UpsampleNearest2D",
               ("nearest", 3): "UpsampleNearest3D", ("nearest-exact", 1): "UpsampleNearestExact1D",
               ("nearest-exact", 2): "UpsampleNearestExact2D", ("nearest-exact", 3): "UpsampleNearestExact3D",
               ("linear", 1): "UpsampleLinear1D", ("bilinear", 2): "UpsampleBilinear2D",
               ("trilinear", 3): "UpsampleTrilinear3D", ("bicubic", 2): "UpsampleBicubic2D",
               ("bilinear-aa", 2): "UpsampleBilinear2DAa", ("bicubic-aa", 2): "UpsampleBicubic2DAa",
               ("lanczos-aa", 2): "UpsampleLanczos2DAa"}
_NODES = {key: type(f"{name}Backward0", (_UpsampleBackward,),
                    {"__slots__": (), "__module__": __name__, "__doc__": f"interpolate(mode='{key[0]}'), {key[1]}-D",
                     "copies_gradient": key[0] in ("nearest", "bicubic")})
          for key, name in _NODE_NAMES.items()}


def _check_dtype(input, mode, dims):
    """PyTorch's refusals of a dtype, named after the kernel that refuses it."""
    dtype = input.dtype
    if dtype in (D.float16, D.float32, D.float64):
        return
    if dtype is D.uint8 and mode in ("nearest", "nearest-exact", "bilinear", "bicubic", "lanczos"):
        return
    if mode in ("nearest", "nearest-exact"):
        kernel = "upsample_nearest2d_channels_last" if dims == 2 else "compute_indices_weights_nearest"
    elif mode == "bilinear":
        kernel = "upsample_bilinear2d_channels_last"
    elif mode == "bicubic":
        kernel = "compute_indices_weights_cubic"
    else:
        kernel = "compute_indices_weights_linear"
    raise not_implemented(kernel, dtype)


def _check_sizes(input, out_size):
    dims = len(out_size)
    in_size = tuple(input.shape[2:])
    if any(s <= 0 for s in in_size + tuple(out_size)):
        labels = "DHW"[-dims:]
        given, wanted = (", ".join(f"{label}: {s}" for label, s in zip(labels, sizes)) for sizes in (in_size, out_size))
        raise RuntimeError(f"Input and output sizes should be greater than 0, but got input ({given}) "
                           f"{'and ' if dims == 1 else ''}output ({wanted})")
    if input.shape[1] == 0:
        raise RuntimeError(f"Non-empty {input.dim()}D data tensor expected but got a tensor with sizes "
                           f"{list(input.shape)}")


def _resample(input, mode, out_size, align_corners, scale_factors, antialias=False):
    """``input`` resampled to ``out_size`` (no arguments left to check but the kernel's)."""
    dims = input.dim() - 2
    _check_sizes(input, out_size)
    _check_dtype(input, mode, dims)
    nearest = mode in ("nearest", "nearest-exact")
    work = D.float64 if input.dtype is D.float64 else D.float32
    scale_factors = scale_factors or (None,) * dims
    if mode == "nearest" and dims == 2 and tuple(out_size) == tuple(input.shape[2:]):
        scale_factors = (None,) * dims   # PyTorch's 2-D nearest kernel copies at an unchanged size
    taps_of = _antialiased_taps if antialias else _taps
    taps = [taps_of(mode, size, out, align_corners, factor, work, input.device)
            for size, out, factor in zip(input.shape[2:], out_size, scale_factors)]
    with no_grad():
        out = input.detach() if nearest else input.detach().to(work)
        if antialias and tuple(out_size) == tuple(input.shape[2:]):   # PyTorch's antialiased forward copies
            out = out.clone()
        else:
            for d in reversed(range(dims)):   # innermost first, as the kernels sum
                out = _along(out, 2 + d, *taps[d])
        if out.dtype is not input.dtype:
            out = out.to(input.dtype) if input.is_floating_point() else out.round().clamp(0, 255).to(input.dtype)
    return _record(_NODES[mode + ("-aa" if antialias else ""), dims], out, (input,), taps=taps, work=work)


def _output_plan(input, size, scale_factor, recompute_scale_factor, mode):
    """(output size, scale factors to pass to the kernel or None), as PyTorch's interpolate derives them."""
    dims = input.dim() - 2
    spatial = list(input.shape[2:])
    if size is not None and scale_factor is not None:
        raise ValueError("only one of size or scale_factor should be defined")
    if size is not None:
        if isinstance(size, (list, tuple)):
            if len(size) != dims:
                raise ValueError(f"Input and output must have the same number of spatial dimensions, but got input "
                                 f"with spatial dimensions of {spatial} and output size of {size}. Please provide "
                                 "input tensor in (N, C, d1, d2, ...,dK) format and output size in (o1, o2, ...,oK) "
                                 "format.")
            sizes = list(size)
        else:
            sizes = [size] * dims
        if any(isinstance(s, bool) or not isinstance(s, numbers.Integral) for s in sizes):
            raise TypeError("expected size to be one of int or Tuple[int] or Tuple[int, int] or Tuple[int, int, int], "
                            f"but got size with types {[type(s) for s in sizes]}")
        factors = None
    elif scale_factor is not None:
        if isinstance(scale_factor, (list, tuple)):
            if len(scale_factor) != dims:
                raise ValueError(f"Input and scale_factor must have the same number of spatial dimensions, but got "
                                 f"input with spatial dimensions of {spatial} and scale_factor of shape "
                                 f"{scale_factor}. Please provide input tensor in (N, C, d1, d2, ...,dK) format and "
                                 "scale_factor in (s1, s2, ...,sK) format.")
            factors = [float(f) for f in scale_factor]
        else:
            factors = [float(scale_factor)] * dims
        sizes = [math.floor(s * f) for s, f in zip(spatial, factors)]
    else:
        raise ValueError("either size or scale_factor should be defined")
    if recompute_scale_factor and size is not None:
        raise ValueError("recompute_scale_factor is not meaningful with an explicit size.")
    if recompute_scale_factor or mode == "area":
        factors = None
    return tuple(int(s) for s in sizes), factors


def interpolate(input, size=None, scale_factor=None, mode="nearest", align_corners=None, recompute_scale_factor=None,
                antialias=False):
    """Resamples the spatial dims of ``input`` to ``size`` or by ``scale_factor``.

    Args:
        input (Tensor): ``(N, C, L)``, ``(N, C, H, W)`` or ``(N, C, D, H, W)``.
        size (int or tuple, optional): the output spatial size.
        scale_factor (float or tuple, optional): the multiplier of each spatial size (give this or ``size``).
        mode (str): ``'nearest'``, ``'nearest-exact'``, ``'linear'`` (3-D), ``'bilinear'``,
            ``'bicubic'`` (4-D), ``'trilinear'`` (5-D), ``'area'`` or ``'lanczos'``. Default: ``'nearest'``.
        align_corners (bool, optional): for the linear and cubic modes: map the corner pixels of
            input and output onto each other. Default: ``False``.
        recompute_scale_factor (bool, optional): compute the scale from the output size.
        antialias (bool): low-pass filter when downsampling (bilinear, bicubic, lanczos). Default: ``False``.

    Returns:
        Tensor: ``(N, C, *output_size)``.

    Example::

        >>> import torch.nn.functional as F
        >>> x = torch.tensor([[[1.0, 3.0]]])
        >>> F.interpolate(x, scale_factor=2, mode="nearest")
        tensor([[[1., 1., 3., 3.]]])
        >>> F.interpolate(x, size=3, mode="linear", align_corners=True)
        tensor([[[1., 2., 3.]]])
    """
    if mode in ("nearest", "area", "nearest-exact"):
        if align_corners is not None:
            raise ValueError("align_corners option can only be set with the interpolating modes: linear | bilinear | "
                             "bicubic | trilinear")
    elif align_corners is None:
        align_corners = False
    out_size, factors = _output_plan(input, size, scale_factor, recompute_scale_factor, mode)
    if antialias and not (mode in ("bilinear", "bicubic", "lanczos") and input.dim() == 4):
        raise ValueError("Anti-alias option is restricted to bilinear, bicubic, and lanczos modes and requires a 4-D "
                         "tensor as input")
    dims = input.dim() - 2
    if mode in _NEEDS and input.dim() in (3, 4, 5) and input.dim() != _NEEDS[mode] and \
            not (mode == "bicubic" and input.dim() == 3):
        raise NotImplementedError(f"Got {input.dim()}D input, but {mode} mode needs {_NEEDS[mode]}D input")
    if mode == "area" and dims in (1, 2, 3):
        return (adaptive_avg_pool1d, adaptive_avg_pool2d, adaptive_avg_pool3d)[dims - 1](input, out_size)
    if mode == "lanczos" and dims == 2:
        if align_corners:
            raise ValueError("Lanczos mode does not support align_corners=True")
        if not antialias:
            raise ValueError("Lanczos mode requires antialias=True")
    if (mode + ("-aa" if antialias else ""), dims) not in _NODES:
        raise NotImplementedError(f"Input Error: Only 3D, 4D and 5D input Tensors supported (got {input.dim()}D) for "
                                  f"the modes: {_MODES} (got {mode})")
    return _resample(input, mode, out_size, align_corners, factors, antialias)


def upsample(input, size=None, scale_factor=None, mode="nearest", align_corners=None):
    """Deprecated: ``interpolate`` with the same arguments (with a warning)."""
    warnings.warn("`nn.functional.upsample` is deprecated. Use `nn.functional.interpolate` instead.", stacklevel=2)
    return interpolate(input, size, scale_factor, mode, align_corners)


def upsample_nearest(input, size=None, scale_factor=None):
    """Deprecated: ``interpolate(input, size, scale_factor, mode='nearest')`` (with a warning)."""
    warnings.warn("`nn.functional.upsample_nearest` is deprecated. Use `nn.functional.interpolate` instead.",
                  stacklevel=2)
    return interpolate(input, size, scale_factor, mode="nearest")


def upsample_bilinear(input, size=None, scale_factor=None):
    """Deprecated: ``interpolate(input, size, scale_factor, mode='bilinear', align_corners=True)`` (with a warning).
    """
    warnings.warn("`nn.functional.upsample_bilinear` is deprecated. Use `nn.functional.interpolate` instead.",
                  stacklevel=2)
    return interpolate(input, size, scale_factor, mode="bilinear", align_corners=True)
