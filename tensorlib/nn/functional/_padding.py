"""pad: constant (ConstantPadNdBackward0), reflect (ReflectionPad1DBackward0 & co.),
replicate (ReplicationPad1DBackward0 & co.) and circular."""
from ... import _creation
from ... import _dtype as D
from ... import _layout
from ..._functional import where as _where
from ..._scalar_conversion import wrap_int64
from ..._type_names import not_implemented
from ...autograd.grad_mode import no_grad
from ...autograd.graph import SavingNode
from ._common import _int_list, _record


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
    gathers = []
    for d, (before, after) in zip(dims, amounts):
        size = shape[d]
        if mode == "circular":
            start, kept = max(-before, 0), size - max(-before, 0) - max(-after, 0)
            if kept == 0:   # nothing left to wrap around: PyTorch leaves these elements unwritten
                return input.new_zeros(tuple(out_shape))
            pos = _creation.arange(-max(before, 0), kept + max(after, 0), device=input.device) % kept + start
        else:
            pos = _creation.arange(-before, size + after, device=input.device)
            if mode == "replicate":
                pos = pos.clamp(0, size - 1)
            else:
                period = 2 * (size - 1) if size > 1 else 1
                pos = pos % period
                pos = _where(pos >= size, period - pos, pos)
        gathers.append((d, pos))
    if mode == "circular":   # PyTorch's circular padding records copies of slices: index_select's nodes stand in
        return _gather(input, gathers)
    with no_grad():
        out = _gather(input.detach(), gathers)
    return _record(_PAD_NODES[mode, spatial], out, (input,), gathers=gathers)


def _gather(input, gathers):
    for d, pos in gathers:
        input = input.index_select(d, pos)
    return input


class _IndexPadBackward(SavingNode):
    """reflect / replicate padding: each padded element's gradient summed into its source."""
    __slots__ = ("gathers", "shape")

    def setup(self, inputs, result, ctx):
        self.gathers, self.shape = ctx["gathers"], tuple(inputs[0].shape)
        self._save()

    def apply(self, grads):
        g = grads[0]
        for d, pos in reversed(self.gathers):
            shape = list(g.shape)
            shape[d] = self.shape[d]
            g = g.new_zeros(tuple(shape)).index_add(d, pos, g)
        return (g,)


# ReflectionPad1DBackward0 ... ReplicationPad3DBackward0, by (mode, padded dims)
_PAD_NODES = {(mode, dims): type(f"{name}{dims}DBackward0", (_IndexPadBackward,),
                                 {"__slots__": (), "__module__": __name__,
                                  "__doc__": f"pad(mode='{mode}') of {dims} dim(s)"})
              for mode, name in (("reflect", "ReflectionPad"), ("replicate", "ReplicationPad")) for dims in (1, 2, 3)}


_PAD_MODES = ("constant", "reflect", "replicate", "circular")


def pad(input, pad, mode="constant", value=None):
    """Pads the last ``len(pad) // 2`` dims of ``input``.

    ``pad`` lists the amounts from the last dim backwards: ``(last_before, last_after,
    second_last_before, second_last_after, ...)``; negative amounts crop.

    Args:
        input (Tensor): the input.
        pad (tuple of int): the amounts, an even number of them.
        mode (str): ``'constant'``, ``'reflect'``, ``'replicate'`` or ``'circular'``. Default: ``'constant'``.
        value (float, optional): the fill value of ``'constant'``. Default: ``0``.

    Returns:
        Tensor: the padded input.

    Example::

        >>> import torch.nn.functional as F
        >>> F.pad(torch.tensor([[1.0, 2.0]]), (1, 2))
        tensor([[0., 1., 2., 0., 0.]])
        >>> F.pad(torch.tensor([[[1.0, 2.0, 3.0]]]), (2, 0), mode="reflect")
        tensor([[[3., 2., 1., 2., 3.]]])
    """
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
