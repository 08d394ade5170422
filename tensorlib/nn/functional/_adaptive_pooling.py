"""adaptive_avg_pool1d/2d/3d (AdaptiveAvgPool2DBackward0, AdaptiveAvgPool3DBackward0)
and adaptive_max_pool1d/2d/3d (AdaptiveMaxPool2DBackward0, AdaptiveMaxPool3DBackward0):
output cell i of a dim of size n pooled to m covers [floor(i*n/m), ceil((i+1)*n/m)).
The windows are gathered with index_select, dim by dim, padded to the longest
one by repeating their last element."""
import math

from ... import _creation
from ... import _dtype as D
from ..._functional import where as _where
from ..._type_names import not_implemented
from ...autograd.grad_mode import no_grad
from ...autograd.graph import SavingNode
from ._common import _int_list, _record
from ._pooling import MaxPool2DWithIndicesBackward0

_FLOATING = (D.float16, D.float32, D.float64)


def _cells(size, cells, device):
    """One dim's windows: (first index (cells,), indices (cells, longest) with
    the tail repeating each window's last index, mask of the real entries, count)."""
    i = _creation.arange(cells, device=device)
    start = (i * size).div(cells, rounding_mode="floor")
    end = ((i + 1) * size + cells - 1).div(cells, rounding_mode="floor")
    count = end - start
    longest = int(count.max().item()) if cells else 1
    steps = start.view(-1, 1) + _creation.arange(longest, device=device).view(1, -1)
    real = steps < end.view(-1, 1)
    return start, _where(real, steps, (end - 1).view(-1, 1)), real, count


def _all_cells(sizes, out, device):
    return [_cells(size, cells, device) for size, cells in zip(sizes, out)]


def _gather(x, cells):
    """(N, C, o0, L0, o1, L1, ...) windows of ``x`` (N, C, *spatial)."""
    windows = x
    for d, (_, indices, _, _) in enumerate(cells):
        windows = windows.index_select(2 + d, indices.reshape(-1))
    return windows.view(tuple(x.shape[:2]) + sum((tuple(indices.shape) for _, indices, _, _ in cells), ()))


def _scatter(windows, cells, size):
    """The adjoint of ``_gather``: windows summed back into (N, C, *size)."""
    flat = windows.reshape(tuple(windows.shape[:2]) + tuple(indices.numel() for _, indices, _, _ in cells))
    for d in reversed(range(len(cells))):
        shape = list(flat.shape)
        shape[2 + d] = size[d]
        flat = flat.new_zeros(tuple(shape)).index_add(2 + d, cells[d][1].reshape(-1), flat)
    return flat


def _real(cells):
    """Which entries of the (o0, L0, o1, L1, ...) windows are inside their cell."""
    dims, real = len(cells), None
    for d, (_, _, inside, _) in enumerate(cells):
        shape = [1] * (2 * dims)
        shape[2 * d:2 * d + 2] = inside.shape
        real = inside.view(shape) if real is None else real & inside.view(shape)
    return real


def _counts(cells, dtype):
    """The number of input elements of each (o0, o1, ...) cell."""
    dims, total = len(cells), None
    for d, (_, _, _, count) in enumerate(cells):
        shape = [1] * dims
        shape[d] = count.shape[0]
        total = count.view(shape) if total is None else total * count.view(shape)
    return total.to(dtype)


def _output_size(output_size, input, function, dims):
    """An output size: an int, or a sequence whose None entries keep the input's size."""
    if isinstance(output_size, (tuple, list)):
        sizes = [input.shape[i - len(output_size)] if s is None and len(output_size) <= input.dim() else s
                 for i, s in enumerate(output_size)]
        return _int_list(sizes, function, "output_size", 2)
    return _int_list(output_size, function, "output_size", 2)[:1] * dims


def _check_input(input, function, dims, expected):
    if input.dim() not in (dims + 1, dims + 2):
        raise RuntimeError(f"{function}(): Expected {dims + 1}D or {dims + 2}D tensor, but got{expected}"
                           f"{list(input.shape)}")
    for d in range(input.dim() - dims - 1, input.dim()):
        if input.shape[d] == 0:
            raise RuntimeError(f"{function}(): Expected input to have non-zero size for non-batch dimensions, but "
                               f"input has sizes {list(input.shape)} with dimension {d} being empty")


def _batched(x, dims):
    return x if x.dim() == dims + 2 else x.unsqueeze(0)


class _AdaptiveAvgPoolBackward(SavingNode):
    """adaptive average pooling: each cell's gradient shared out over its window."""
    __slots__ = ("shape", "out")
    saved_names = ()

    def setup(self, inputs, result, ctx):
        self.out = ctx["pooled"]
        self.shape = tuple(inputs[0].shape)
        self._save()

    def apply(self, grads):
        dims = len(self.out)
        g = _batched(grads[0], dims)
        size = self.shape[-dims:]
        cells = _all_cells(size, self.out, g.device)
        share = g / _counts(cells, g.dtype)
        windows = tuple(g.shape[:2]) + sum((tuple(c[1].shape) for c in cells), ())
        spread = share.view(tuple(g.shape[:2]) + sum(((o, 1) for o in self.out), ())).expand(windows)
        return (_scatter(_where(_real(cells), spread, 0.0), cells, size).view(self.shape),)


class AdaptiveAvgPool2DBackward0(_AdaptiveAvgPoolBackward):
    """adaptive_avg_pool2d's backward."""
    __slots__ = ()


class AdaptiveAvgPool3DBackward0(_AdaptiveAvgPoolBackward):
    """adaptive_avg_pool3d's backward."""
    __slots__ = ()


def _adaptive_avg_pool(input, output_size, dims):
    function = f"adaptive_avg_pool{dims}d"
    out = _output_size(output_size, input, function, dims)
    if len(out) != dims:
        raise RuntimeError(f"{function}: output_size must be {dims}")
    if min(out) < 0:
        received = f"{out[0]}, {out[1]}" if dims == 2 else f"{out[0]}, {out[1]},{out[2]}"
        raise RuntimeError(f"{function}: elements of output_size must be greater than or equal to 0 but received "
                           f"{{{received}}}")
    if out == (1,) * dims:   # PyTorch takes the mean (MeanBackward1), before checking the input
        return input.mean(tuple(range(-dims, 0)), keepdim=True)
    _check_input(input, function, dims, " ")
    if input.dtype not in _FLOATING:
        raise not_implemented(function if dims == 2 else f"{function}_cpu", input.dtype)
    with no_grad():
        x = _batched(input.detach(), dims)
        cells = _all_cells(x.shape[2:], out, x.device)
        sums = _where(_real(cells), _gather(x, cells), 0.0).sum(tuple(range(3, 3 + 2 * dims, 2)))
        result = sums / _counts(cells, x.dtype)
        if input.dim() == dims + 1:
            result = result.squeeze(0)
    node = AdaptiveAvgPool2DBackward0 if dims == 2 else AdaptiveAvgPool3DBackward0
    return _record(node, result, (input,), pooled=out)


def adaptive_avg_pool2d(input, output_size):
    """Takes the mean over windows of the last two dims sized so that the output has size ``output_size``.

    Args:
        input (Tensor): with a batch and channel dim, or only a channel dim.
        output_size (int or tuple): the output size (None entries keep the input's size).

    Returns:
        Tensor: the pooled input.

    Example::

        >>> import torch.nn.functional as F
        >>> F.adaptive_avg_pool2d(torch.ones(2, 3, 7, 5), 1).shape
        torch.Size([2, 3, 1, 1])
    """
    return _adaptive_avg_pool(input, output_size, 2)


def adaptive_avg_pool3d(input, output_size):
    """Takes the mean over windows of the last three dims sized so that the output has size ``output_size``.

    Args:
        input (Tensor): with a batch and channel dim, or only a channel dim.
        output_size (int or tuple): the output size (None entries keep the input's size).

    Returns:
        Tensor: the pooled input.
    """
    return _adaptive_avg_pool(input, output_size, 3)


class AdaptiveMaxPool2DBackward0(MaxPool2DWithIndicesBackward0):
    """adaptive_max_pool2d: the gradient goes to the argmax of each window."""
    __slots__ = ()


class AdaptiveMaxPool3DBackward0(MaxPool2DWithIndicesBackward0):
    """adaptive_max_pool3d: the gradient goes to the argmax of each window."""
    __slots__ = ()
    spatial = 3


def _adaptive_max_pool(input, output_size, dims):
    function = f"adaptive_max_pool{dims}d"
    out = _output_size(output_size, input, function, dims)
    if len(out) != dims:
        raise RuntimeError(f"{function}(): internal error: output_size.size() must be {dims}")
    _check_input(input, function, dims, ": ")
    if min(out) < 0:
        raise RuntimeError(f"Trying to create tensor with negative dimension {min(out)}: "
                           f"{list(input.shape[:-dims]) + list(out)}")
    if input.dtype not in _FLOATING:
        raise not_implemented(function if dims == 2 else f"{function}_cpu", input.dtype)
    with no_grad():
        x = _batched(input.detach(), dims)
        size = tuple(x.shape[2:])
        cells = _all_cells(size, out, x.device)
        longest = [c[1].shape[1] for c in cells]
        order = (0, 1) + tuple(range(2, 2 + 2 * dims, 2)) + tuple(range(3, 3 + 2 * dims, 2))
        windows = _gather(x, cells).permute(order)
        values, local = windows.reshape(tuple(x.shape[:2]) + tuple(out) + (math.prod(longest),)).max(-1)
        # the padded tail repeats a window's last element, so the first maximum is a real entry
        indices, place = None, 1
        for d in reversed(range(dims)):
            shape = [1] * dims
            shape[d] = out[d]
            position = cells[d][0].view(shape) + local % longest[d]
            local = local.div(longest[d], rounding_mode="floor")
            indices = position * place if indices is None else indices + position * place
            place *= size[d]
        if input.dim() == dims + 1:
            values, indices = values.squeeze(0), indices.squeeze(0)
    node = AdaptiveMaxPool2DBackward0 if dims == 2 else AdaptiveMaxPool3DBackward0
    values = _record(node, values, (input,), indices=indices)
    return values, indices


def adaptive_max_pool2d_with_indices(input, output_size, return_indices=True):
    """``adaptive_max_pool2d`` with ``return_indices=True``: returns ``(values, indices)``."""
    return _adaptive_max_pool(input, output_size, 2)


def adaptive_max_pool3d_with_indices(input, output_size, return_indices=True):
    """``adaptive_max_pool3d`` with ``return_indices=True``: returns ``(values, indices)``."""
    return _adaptive_max_pool(input, output_size, 3)


def adaptive_max_pool2d(input, output_size, return_indices=False):
    """Takes the maximum over windows of the last two dims sized so that the output has size ``output_size``.

    Args:
        input (Tensor): with a batch and channel dim, or only a channel dim.
        output_size (int or tuple): the output size (None entries keep the input's size).
        return_indices (bool): also return the flat positions of the maxima. Default: ``False``.

    Returns:
        Tensor, or ``(values, indices)`` with ``return_indices``.
    """
    values, indices = _adaptive_max_pool(input, output_size, 2)
    return (values, indices) if return_indices else values


def adaptive_max_pool3d(input, output_size, return_indices=False):
    """Takes the maximum over windows of the last three dims sized so that the output has size ``output_size``.

    Args:
        input (Tensor): with a batch and channel dim, or only a channel dim.
        output_size (int or tuple): the output size (None entries keep the input's size).
        return_indices (bool): also return the flat positions of the maxima. Default: ``False``.

    Returns:
        Tensor, or ``(values, indices)`` with ``return_indices``.
    """
    values, indices = _adaptive_max_pool(input, output_size, 3)
    return (values, indices) if return_indices else values


def _one_d(input, output_size, function):
    """A 1-D adaptive pooling's output size, after PyTorch's checks."""
    sizes = _int_list(output_size, function, "output_size", 2)
    if isinstance(output_size, (tuple, list)) and len(sizes) != 1:
        raise RuntimeError(f"{function}() argument 'output_size' should contain one int (got {len(sizes)})")
    if input.dim() not in (2, 3):
        raise RuntimeError(f"Expected 2 to 3 dimensions, but got {input.dim()}-dimensional tensor for argument #1 "
                           f"'self' (while checking arguments for {function})")
    return sizes[0]


def adaptive_avg_pool1d(input, output_size):
    """Takes the mean over windows of the last dim sized so that the output has size ``output_size``.

    Args:
        input (Tensor): with a batch and channel dim, or only a channel dim.
        output_size (int or tuple): the output size (None entries keep the input's size).

    Returns:
        Tensor: the pooled input.
    """
    size = _one_d(input, output_size, "adaptive_avg_pool1d")
    return adaptive_avg_pool2d(input.unsqueeze(-2), (1, size)).squeeze(-2)


def adaptive_max_pool1d_with_indices(input, output_size, return_indices=True):
    """``adaptive_max_pool1d`` with ``return_indices=True``: returns ``(values, indices)``."""
    size = _one_d(input, output_size, "adaptive_max_pool1d")
    values, indices = adaptive_max_pool2d_with_indices(input.unsqueeze(-2), (1, size))
    return values.squeeze(-2), indices.squeeze(-2)


def adaptive_max_pool1d(input, output_size, return_indices=False):
    """Takes the maximum over windows of the last dim sized so that the output has size ``output_size``.

    Args:
        input (Tensor): with a batch and channel dim, or only a channel dim.
        output_size (int or tuple): the output size (None entries keep the input's size).
        return_indices (bool): also return the flat positions of the maxima. Default: ``False``.

    Returns:
        Tensor, or ``(values, indices)`` with ``return_indices``.
    """
    values, indices = adaptive_max_pool1d_with_indices(input, output_size)
    return (values, indices) if return_indices else values
