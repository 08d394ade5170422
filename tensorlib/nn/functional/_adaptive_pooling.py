"""adaptive_avg_pool1d/2d (AdaptiveAvgPool2DBackward0) and adaptive_max_pool1d/2d
(AdaptiveMaxPool2DBackward0): output cell i of a dim of size n pooled to m
covers [floor(i*n/m), ceil((i+1)*n/m)).  The windows are gathered with
index_select, padded to the longest one by repeating their last element."""
from ... import _creation
from ... import _dtype as D
from ..._functional import where as _where
from ..._type_names import not_implemented
from ...autograd.grad_mode import no_grad
from ...autograd.graph import SavingNode
from ._common import _int_list, _record
from ._pooling import MaxPool2DWithIndicesBackward0, _as_batched

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


def _gather(x, rows, cols):
    """(N, C, oh, Lh, ow, Lw) windows of ``x`` (N, C, H, W)."""
    n, c = x.shape[0], x.shape[1]
    picked = x.index_select(2, rows.reshape(-1)).index_select(3, cols.reshape(-1))
    return picked.view((n, c) + tuple(rows.shape) + tuple(cols.shape))


def _scatter(windows, rows, cols, size):
    """The adjoint of ``_gather``: windows summed back into (N, C, *size)."""
    n, c = windows.shape[0], windows.shape[1]
    flat = windows.reshape(n, c, rows.numel(), cols.numel())
    by_cols = flat.new_zeros((n, c, rows.numel(), size[1])).index_add(3, cols.reshape(-1), flat)
    return by_cols.new_zeros((n, c) + tuple(size)).index_add(2, rows.reshape(-1), by_cols)


def _output_size(output_size, input, function):
    """A 2-D output size: an int, or a pair whose None entries keep the input's size."""
    if isinstance(output_size, (tuple, list)):
        sizes = [input.shape[-2 + i] if s is None and i < 2 and input.dim() >= 2 else s
                 for i, s in enumerate(output_size)]
        return _int_list(sizes, function, "output_size", 2)
    return _int_list(output_size, function, "output_size", 2)


def _check_input(input, function, expected):
    if input.dim() not in (3, 4):
        raise RuntimeError(f"{function}(): Expected 3D or 4D tensor, but got{expected}{list(input.shape)}")
    for d in range(input.dim() - 3, input.dim()):
        if input.shape[d] == 0:
            raise RuntimeError(f"{function}(): Expected input to have non-zero size for non-batch dimensions, but "
                               f"input has sizes {list(input.shape)} with dimension {d} being empty")


class AdaptiveAvgPool2DBackward0(SavingNode):
    """adaptive_avg_pool2d: each cell's gradient shared out over its window."""
    __slots__ = ("shape", "out")
    saved_names = ()

    def setup(self, inputs, result, ctx):
        self.shape = tuple(inputs[0].shape)
        self.out = tuple(result.shape[-2:])
        self._save()

    def apply(self, grads):
        g = _as_batched(grads[0])
        h, w = self.shape[-2:]
        _, rows, real_rows, count_rows = _cells(h, self.out[0], g.device)
        _, cols, real_cols, count_cols = _cells(w, self.out[1], g.device)
        share = g / (count_rows.view(-1, 1) * count_cols.view(1, -1)).to(g.dtype)
        n, c = share.shape[0], share.shape[1]
        spread = share.view(n, c, rows.shape[0], 1, cols.shape[0], 1).expand(
            (n, c) + tuple(rows.shape) + tuple(cols.shape))
        real = real_rows.view(rows.shape + (1, 1)) & real_cols.view((1, 1) + cols.shape)
        spread = _where(real, spread, 0.0)
        return (_scatter(spread, rows, cols, (h, w)).view(self.shape),)


def adaptive_avg_pool2d(input, output_size):
    """The mean over each adaptive window of the last two dims of (N, C, H, W) or
    (C, H, W) ``input``; ``output_size`` an int or a pair (None keeps that dim)."""
    out = _output_size(output_size, input, "adaptive_avg_pool2d")
    if len(out) != 2:
        raise RuntimeError("adaptive_avg_pool2d: output_size must be 2")
    if out[0] < 0 or out[1] < 0:
        raise RuntimeError(f"adaptive_avg_pool2d: elements of output_size must be greater than or equal to 0 but "
                           f"received {{{out[0]}, {out[1]}}}")
    if out == (1, 1):   # PyTorch takes the mean (MeanBackward1), before checking the input
        return input.mean((-1, -2), keepdim=True)
    _check_input(input, "adaptive_avg_pool2d", " ")
    if input.dtype not in _FLOATING:
        raise not_implemented("adaptive_avg_pool2d", input.dtype)
    with no_grad():
        x = _as_batched(input.detach())
        h, w = x.shape[-2:]
        _, rows, real_rows, count_rows = _cells(h, out[0], x.device)
        _, cols, real_cols, count_cols = _cells(w, out[1], x.device)
        real = real_rows.view(rows.shape + (1, 1)) & real_cols.view((1, 1) + cols.shape)
        sums = _where(real, _gather(x, rows, cols), 0.0).sum((3, 5))
        result = sums / (count_rows.view(-1, 1) * count_cols.view(1, -1)).to(x.dtype)
        if input.dim() == 3:
            result = result.squeeze(0)
    return _record(AdaptiveAvgPool2DBackward0, result, (input,))


class AdaptiveMaxPool2DBackward0(MaxPool2DWithIndicesBackward0):
    """adaptive_max_pool2d: the gradient goes to the argmax of each window."""
    __slots__ = ()


def adaptive_max_pool2d_with_indices(input, output_size, return_indices=True):
    """adaptive_max_pool2d's values and the flat (H*W) positions of the maxima."""
    out = _output_size(output_size, input, "adaptive_max_pool2d")
    if len(out) != 2:
        raise RuntimeError("adaptive_max_pool2d(): internal error: output_size.size() must be 2")
    _check_input(input, "adaptive_max_pool2d", ": ")
    if out[0] < 0 or out[1] < 0:
        bad = out[0] if out[0] < 0 else out[1]
        raise RuntimeError(f"Trying to create tensor with negative dimension {bad}: "
                           f"{list(input.shape[:-2]) + list(out)}")
    if input.dtype not in _FLOATING:
        raise not_implemented("adaptive_max_pool2d", input.dtype)
    with no_grad():
        x = _as_batched(input.detach())
        n, c, h, w = x.shape
        start_rows, rows, _, _ = _cells(h, out[0], x.device)
        start_cols, cols, _, _ = _cells(w, out[1], x.device)
        windows = _gather(x, rows, cols).permute(0, 1, 2, 4, 3, 5)
        values, local = windows.reshape(n, c, out[0], out[1], rows.shape[1] * cols.shape[1]).max(-1)
        # the padded tail repeats a window's last element, so the first maximum is a real entry
        row = start_rows.view(-1, 1) + local.div(cols.shape[1], rounding_mode="floor")
        col = start_cols.view(1, -1) + local % cols.shape[1]
        indices = row * w + col
        if input.dim() == 3:
            values, indices = values.squeeze(0), indices.squeeze(0)
    values = _record(AdaptiveMaxPool2DBackward0, values, (input,), indices=indices)
    return values, indices


def adaptive_max_pool2d(input, output_size, return_indices=False):
    """The max over each adaptive window of the last two dims of (N, C, H, W) or
    (C, H, W) ``input``; with ``return_indices`` also the flat positions of the maxima."""
    values, indices = adaptive_max_pool2d_with_indices(input, output_size)
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
    """The mean over each adaptive window of the last dim of (N, C, L) or (C, L) ``input``."""
    size = _one_d(input, output_size, "adaptive_avg_pool1d")
    return adaptive_avg_pool2d(input.unsqueeze(-2), (1, size)).squeeze(-2)


def adaptive_max_pool1d_with_indices(input, output_size, return_indices=True):
    """adaptive_max_pool1d's values and the positions of the maxima."""
    size = _one_d(input, output_size, "adaptive_max_pool1d")
    values, indices = adaptive_max_pool2d_with_indices(input.unsqueeze(-2), (1, size))
    return values.squeeze(-2), indices.squeeze(-2)


def adaptive_max_pool1d(input, output_size, return_indices=False):
    """The max over each adaptive window of the last dim of (N, C, L) or (C, L) ``input``."""
    values, indices = adaptive_max_pool1d_with_indices(input, output_size)
    return (values, indices) if return_indices else values
