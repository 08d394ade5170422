"""grid_sample (GridSampler2DBackward0, GridSampler3DBackward0) and affine_grid
(AffineGridGeneratorBackward0): the input read at the (x, y[, z]) locations of a
grid in [-1, 1], bilinearly, at the nearest pixel or bicubically (2-D), with
zeros, border or reflection padding.  Each tap is a gather of the flattened
input; the backward formulas (input through scatter_add, grid through the
weights' derivatives) are tensorlib ops, so create_graph works."""
import itertools
import math
import warnings

from ... import _creation
from ... import _dtype as D
from ..._functional import stack as _stack
from ..._functional import where as _where
from ..._type_names import not_implemented
from ...autograd.grad_mode import no_grad
from ...autograd.graph import SavingNode
from ._common import _record, _scalar_name
from ._interpolate import _CUBIC_A, _cubic_far, _cubic_near

_ALIGN_WARNING = ("Default grid_sample and affine_grid behavior has changed to align_corners=False since 1.3.0. "
                  "Please specify align_corners=True if the old behavior is desired. See the documentation of "
                  "grid_sample for details.")


def _clip(c, size):
    """Coordinates clipped into [0, size - 1] and their derivative (0 where clipped)."""
    inside = (c > 0) & (c < size - 1)
    return c.clamp(0, size - 1), inside.to(c.dtype)


def _reflect(c, twice_low, twice_high):
    """Coordinates reflected into [low, high] and their derivative (+-1)."""
    if twice_low == twice_high:
        return c * 0, c * 0
    low, span = twice_low / 2, (twice_high - twice_low) / 2
    d = c - low
    sign = _where(d < 0, -1.0, 1.0)
    d = d.abs()
    flips = (d / span).floor()
    extra = d - flips * span
    even = (flips % 2) == 0
    return _where(even, extra + low, span - extra + low), sign * _where(even, 1.0, -1.0)


def _pad(c, size, padding_mode, align_corners):
    """``c`` (unnormalized) after the padding mode, with its derivative."""
    if padding_mode == "border":
        return _clip(c, size)
    if padding_mode == "reflection":
        c, slope = _reflect(c, 0, 2 * (size - 1)) if align_corners else _reflect(c, -1, 2 * size - 1)
        c, inside = _clip(c, size)
        return c, slope * inside
    return c, None


def _unnormalize(coord, size, align_corners):
    """Grid coordinates in [-1, 1] as pixel coordinates, with d(pixel)/d(grid)."""
    if align_corners:
        return (coord + 1) / 2 * (size - 1), (size - 1) / 2
    return ((coord + 1) * size - 1) / 2, size / 2


def _cubic(t):
    """The four cubic-convolution weights (a = -0.75) at offset ``t`` and their derivatives."""
    a = _CUBIC_A

    def near_slope(x):
        return (3 * (a + 2) * x - 2 * (a + 3)) * x

    def far_slope(x):
        return (3 * a * x - 10 * a) * x + 8 * a

    return ([_cubic_far(t + 1, a), _cubic_near(t, a), _cubic_near(1 - t, a), _cubic_far(2 - t, a)],
            [far_slope(t + 1), near_slope(t), -near_slope(1 - t), -far_slope(2 - t)])


def _taps(input, grid, mode, padding_mode, align_corners):
    """The taps of the sampling: (flat index (N, P), weight (N, P), validity, and per
    spatial dim the weight's derivative along that dim's grid coordinate)."""
    dims = grid.shape[-1]
    sizes = tuple(input.shape[2:])
    n, points = grid.shape[0], math.prod(grid.shape[1:-1])
    coords, slopes = [], []
    for d in range(dims):   # spatial dim d (outermost first) reads grid coordinate dims - 1 - d
        c, scale = _unnormalize(grid[..., dims - 1 - d].reshape(n, points), sizes[d], align_corners)
        if mode != "bicubic":
            c, slope = _pad(c, sizes[d], padding_mode, align_corners)
            scale = scale if slope is None else slope * scale
        coords.append(c)
        slopes.append(scale)
    places = [math.prod(sizes[d + 1:]) for d in range(dims)]
    taps = []
    if mode == "nearest":
        index = [c.round() for c in coords]
        taps.append(_tap(index, sizes, places, padding_mode, align_corners, False, None, None))
        return taps, slopes
    lows = [c.floor() for c in coords]
    fracs = [c - low for c, low in zip(coords, lows)]
    if mode == "bilinear":
        for bits in itertools.product((0, 1), repeat=dims):
            index = [low + b for low, b in zip(lows, bits)]
            weights = [frac if b else 1 - frac for frac, b in zip(fracs, bits)]
            taps.append(_tap(index, sizes, places, padding_mode, align_corners, False, weights,
                             [1.0 if b else -1.0 for b in bits]))
        return taps, slopes
    weights, derivatives = zip(*(_cubic(frac) for frac in fracs))
    for offsets in itertools.product(range(4), repeat=dims):
        index = [low + (o - 1) for low, o in zip(lows, offsets)]
        taps.append(_tap(index, sizes, places, padding_mode, align_corners, True,
                         [weights[d][o] for d, o in enumerate(offsets)],
                         [derivatives[d][o] for d, o in enumerate(offsets)]))
    return taps, slopes


def _tap(index, sizes, places, padding_mode, align_corners, pad_taps, weights, derivatives):
    """One tap: flat index, validity mask, per-dim weights and their derivatives
    along the sampling point's coordinates."""
    if pad_taps:   # bicubic pads each tap's coordinate rather than the sampling point
        index = [_pad(i, size, padding_mode, align_corners)[0] for i, size in zip(index, sizes)]
    valid = None
    for i, size in zip(index, sizes):
        inside = (i >= 0) & (i <= size - 1)
        valid = inside if valid is None else valid & inside
    flat = None
    for i, size, place in zip(index, sizes, places):
        part = i.clamp(0, size - 1).to(D.int64) * place
        flat = part if flat is None else flat + part
    return flat, valid, weights, derivatives


def _sample(x, taps):
    """sum over taps of weight * input[tap] (zero where a tap falls outside)."""
    n, c = x.shape[0], x.shape[1]
    flat_input = x.reshape(n, c, math.prod(x.shape[2:]))
    out = None
    for flat, valid, weights, _ in taps:
        values = flat_input.gather(2, flat.unsqueeze(1).expand(n, c, flat.shape[1]))
        weight = valid.to(x.dtype) if weights is None else math.prod(weights) * valid.to(x.dtype)
        term = values * weight.unsqueeze(1)
        out = term if out is None else out + term
    return out


class _GridSamplerBackward(SavingNode):
    """grid_sample: the input's gradient scattered back tap by tap, the grid's
    through the derivatives of the tap weights."""
    __slots__ = ("options",)
    saved_names = ("input", "grid")

    def setup(self, inputs, result, ctx):
        self.options = ctx["options"]
        self._save(inputs[0], inputs[1])

    def apply(self, grads):
        x, grid = self._unpack()
        mode, padding_mode, align_corners = self.options
        taps, slopes = _taps(x, grid, mode, padding_mode, align_corners)
        n, c = x.shape[0], x.shape[1]
        g = grads[0].reshape(n, c, grid.numel() // (n * grid.shape[-1]))
        flat_input = x.reshape(n, c, math.prod(x.shape[2:]))
        gx = flat_input.new_zeros(tuple(flat_input.shape))
        dims = grid.shape[-1]
        g_coords = [None] * dims
        for flat, valid, weights, derivatives in taps:
            mask = valid.to(x.dtype)
            weight = mask if weights is None else math.prod(weights) * mask
            index = flat.unsqueeze(1).expand(n, c, flat.shape[1])
            gx = gx.scatter_add(2, index, g * weight.unsqueeze(1))
            if derivatives is None:
                continue
            along = (g * flat_input.gather(2, index)).sum(1) * mask
            for d in range(dims):
                others = math.prod(w for e, w in enumerate(weights) if e != d)
                term = along * others * derivatives[d]
                g_coords[d] = term if g_coords[d] is None else g_coords[d] + term
        if g_coords[0] is None:   # nearest: the grid gets no gradient
            g_grid = grid.new_zeros(tuple(grid.shape))
        else:
            parts = [(g_coords[dims - 1 - k] * slopes[dims - 1 - k]).reshape(tuple(grid.shape[:-1]))
                     for k in range(dims)]
            g_grid = _stack(parts, -1)
        return gx.view(tuple(x.shape)), g_grid


class GridSampler2DBackward0(_GridSamplerBackward):
    """grid_sample of a 4-D input's backward."""
    __slots__ = ()


class GridSampler3DBackward0(_GridSamplerBackward):
    """grid_sample of a 5-D input's backward."""
    __slots__ = ()


def grid_sample(input, grid, mode="bilinear", padding_mode="zeros", align_corners=None):
    """Samples ``input`` at the locations ``grid``, given in normalised coordinates ``[-1, 1]``.

    Args:
        input (Tensor): ``(N, C, H, W)`` or ``(N, C, D, H, W)``.
        grid (Tensor): ``(N, H_out, W_out, 2)`` or ``(N, D_out, H_out, W_out, 3)``, the last dim
            ``(x, y[, z])``.
        mode (str): ``'bilinear'``, ``'nearest'`` or ``'bicubic'`` (4-D only). Default: ``'bilinear'``.
        padding_mode (str): values outside the input: ``'zeros'``, ``'border'`` or ``'reflection'``.
            Default: ``'zeros'``.
        align_corners (bool, optional): -1 and 1 are the centres of the corner pixels (True) or
            their outer edges (False). Default: ``False``.

    Returns:
        Tensor: ``(N, C, H_out, W_out)`` or ``(N, C, D_out, H_out, W_out)``.
    """
    if mode not in ("bilinear", "nearest", "bicubic"):
        raise ValueError("nn.functional.grid_sample(): expected mode to be 'bilinear', 'nearest' or 'bicubic', but "
                         f"got: '{mode}'")
    if padding_mode not in ("zeros", "border", "reflection"):
        raise ValueError("nn.functional.grid_sample(): expected padding_mode to be 'zeros', 'border', or "
                         f"'reflection', but got: '{padding_mode}'")
    if align_corners is None:
        warnings.warn(_ALIGN_WARNING, UserWarning, stacklevel=2)
        align_corners = False
    given = f"input with sizes {list(input.shape)} and grid with sizes {list(grid.shape)}"
    if input.shape[0] != grid.shape[0]:
        raise RuntimeError(f"grid_sampler(): expected grid and input to have same batch size, but got {given}")
    if grid.shape[-1] != input.dim() - 2:
        raise RuntimeError(f"grid_sampler(): expected grid to have size {input.dim() - 2} in last dimension, but got "
                           f"grid with sizes {list(grid.shape)}")
    if input.dim() not in (4, 5) or grid.dim() != input.dim():
        raise RuntimeError(f"grid_sampler(): expected 4D or 5D input and grid with same number of dimensions, but got "
                           f"{given}")
    if mode == "bicubic" and input.dim() != 4:
        raise RuntimeError("grid_sampler(): bicubic interpolation only supports 4D input")
    for d in range(2, input.dim()):
        if input.shape[d] == 0:
            raise RuntimeError(f"grid_sampler(): expected input to have non-empty spatial dimensions, but input has "
                               f"sizes {list(input.shape)} with dimension {d} being empty")
    if grid.dtype is not input.dtype:
        raise RuntimeError(f"expected scalar type {_scalar_name(input.dtype)} but found {_scalar_name(grid.dtype)}")
    if not input.is_floating_point():
        raise not_implemented(f"grid_sampler_{input.dim() - 2}d_cpu_kernel_impl", input.dtype)
    with no_grad():
        taps, _ = _taps(input.detach(), grid.detach(), mode, padding_mode, align_corners)
        out = _sample(input.detach(), taps).view(tuple(input.shape[:2]) + tuple(grid.shape[1:-1]))
    node = GridSampler2DBackward0 if input.dim() == 4 else GridSampler3DBackward0
    return _record(node, out, (input, grid), options=(mode, padding_mode, align_corners))


class AffineGridGeneratorBackward0(SavingNode):
    """affine_grid: the gradient of theta is the gradient against the base grid."""
    __slots__ = ("size", "align_corners")
    saved_names = ()

    def setup(self, inputs, result, ctx):
        self.size, self.align_corners = ctx["size"], ctx["align_corners"]
        self._save()

    def apply(self, grads):
        g = grads[0]
        base = _base_grid(self.size, self.align_corners, g)
        n, dims = g.shape[0], g.shape[-1]
        flat = g.reshape(n, math.prod(self.size[2:]), dims)
        return (flat.transpose(1, 2).matmul(base.reshape(math.prod(self.size[2:]), dims + 1)),)


def _base_grid(size, align_corners, like):
    """The (*spatial, dims + 1) grid of normalized (x, y[, z], 1) pixel coordinates."""
    spatial = size[2:]
    dims = len(spatial)
    axes = []
    for d, n in enumerate(reversed(spatial)):   # x runs along the last dim
        steps = _creation.linspace(-1, 1, n, dtype=like.dtype, device=like.device) if n > 1 else \
            _creation.zeros(n, dtype=like.dtype, device=like.device)
        if not align_corners and n > 1:
            steps = steps * ((n - 1) / n)
        shape = [1] * dims
        shape[dims - 1 - d] = n
        axes.append(steps.view(shape).expand(tuple(spatial)))
    axes.append(_creation.ones(tuple(spatial), dtype=like.dtype, device=like.device))
    return _stack(axes, -1)


def affine_grid(theta, size, align_corners=None):
    """Returns the sampling grid of the affine maps ``theta``, for ``grid_sample``.

    Args:
        theta (Tensor): ``(N, 2, 3)`` or ``(N, 3, 4)`` affine matrices.
        size (torch.Size): the output size ``(N, C, H, W)`` or ``(N, C, D, H, W)``.
        align_corners (bool, optional): as for ``grid_sample``. Default: ``False``.

    Returns:
        Tensor: ``(N, H, W, 2)`` or ``(N, D, H, W, 3)``.

    Example::

        >>> import torch.nn.functional as F
        >>> F.affine_grid(torch.tensor([[[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]]), (1, 1, 2, 2), align_corners=False)
        tensor([[[[-0.5000, -0.5000],
                  [ 0.5000, -0.5000]],
        <BLANKLINE>
                 [[-0.5000,  0.5000],
                  [ 0.5000,  0.5000]]]])
    """
    if align_corners is None:
        warnings.warn(_ALIGN_WARNING, UserWarning, stacklevel=2)
        align_corners = False
    if not theta.is_floating_point():
        raise ValueError(f"Expected theta to have floating point type, but got {theta.dtype}")
    size = tuple(size)
    if len(size) not in (4, 5):
        raise NotImplementedError(f"affine_grid only supports 4D and 5D sizes, for 2D and 3D affine transforms, "
                                  f"respectively. Got size {size}.")
    dims = len(size) - 2
    if theta.dim() != 3 or tuple(theta.shape[1:]) != (dims, dims + 1):
        raise ValueError(f"Expected a batch of {dims}D affine matrices of shape Nx{dims}x{dims + 1} for size {size}. "
                         f"Got {theta.shape}.")
    if min(size) <= 0:
        raise ValueError(f"Expected non-zero, positive output size. Got {size}")
    if align_corners and min(size[2:]) == 1:
        warnings.warn("Since version 1.3.0, affine_grid behavior has changed for unit-size grids when "
                      "align_corners=True. This is not an intended use case of affine_grid. See the documentation "
                      "of affine_grid for details.", UserWarning, stacklevel=2)
    if theta.shape[0] != size[0]:
        raise RuntimeError(f"Expected size for first two dimensions of batch2 tensor to be: [{size[0]}, "
                           f"{dims + 1}] but got: [{theta.shape[0]}, {dims + 1}].")
    with no_grad():
        base = _base_grid(size, align_corners, theta).reshape(1, math.prod(size[2:]), dims + 1)
        grid = base.matmul(theta.detach().transpose(1, 2)).view((size[0],) + size[2:] + (dims,))
    return _record(AffineGridGeneratorBackward0, grid, (theta,), size=size, align_corners=align_corners)
