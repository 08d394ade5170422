"""Variable-length sequences for the recurrent layers: ``PackedSequence`` and
the functions that pad, pack and unpack batches of sequences
(``torch.nn.utils.rnn``).

A packed batch stores its sequences time step by time step: the rows of step
``t`` are the ``batch_sizes[t]`` sequences still running at ``t``, longest
first.  The positions of those rows in a padded ``(T, B, *)`` tensor are
computed once on the host from the lengths, so packing and padding are one
gather or one scatter each, never a loop over elements."""
from collections import namedtuple
from collections.abc import Iterable

import numpy as np

from ... import _creation, _creation_like
from ... import _dtype as D
from ..._C import TensorBase
from ...autograd.grad_mode import no_grad
from ...autograd.graph import SavingNode
from ...backends import backend_for
from ..functional._common import _record

__all__ = ["PackedSequence", "invert_permutation", "pack_padded_sequence", "pack_sequence", "pad_packed_sequence",
           "pad_sequence", "unpack_sequence", "unpad_sequence"]


def _conversion(dtype):
    """A method of PackedSequence converting its ``data`` to ``dtype``."""
    def convert(self):
        return self.to(dtype=dtype)

    convert.__doc__ = f"The sequence with its data converted to {dtype}."
    return convert


class PackedSequence(namedtuple("PackedSequence_", ["data", "batch_sizes", "sorted_indices", "unsorted_indices"])):
    """A batch of variable-length sequences packed step by step.

    Fields: ``data`` (the rows of every step, ``(sum(batch_sizes), *)``),
    ``batch_sizes`` (int64 CPU tensor: how many sequences run at each step),
    ``sorted_indices`` (the batch order the sequences were packed in, or None
    when they came sorted) and ``unsorted_indices`` (its inverse).  Made by
    ``pack_padded_sequence`` / ``pack_sequence``; the recurrent layers take
    and return it."""

    def __new__(cls, data, batch_sizes=None, sorted_indices=None, unsorted_indices=None):
        if unsorted_indices is None:
            unsorted_indices = invert_permutation(sorted_indices)
        if batch_sizes is not None:
            if not backend_for(batch_sizes.device).is_host:
                raise ValueError("batch_sizes should always be on CPU. Instances of PackedSequence should never be "
                                 "created manually. They should be instantiated by functions like pack_sequence "
                                 "and pack_padded_sequences in nn.utils.rnn. "
                                 "https://pytorch.org/docs/stable/nn.html#torch.nn.utils.rnn.pack_sequence")
            return super().__new__(cls, data, batch_sizes, sorted_indices, unsorted_indices)
        if not (isinstance(data, (list, tuple)) and len(data) == 2):
            raise AssertionError("Expected data to be a list or tuple of length 2")
        return super().__new__(cls, data[0], data[1], sorted_indices, unsorted_indices)

    def to(self, *args, **kwargs):
        """The sequence with ``data`` converted as ``Tensor.to(*args, **kwargs)``
        does; the index tensors follow ``data`` to its device (``batch_sizes``
        stays on the CPU)."""
        data = self.data.to(*args, **kwargs)
        if data is self.data:
            return self
        sorted_indices = None if self.sorted_indices is None else self.sorted_indices.to(data.device)
        unsorted_indices = None if self.unsorted_indices is None else self.unsorted_indices.to(data.device)
        return type(self)(data, self.batch_sizes, sorted_indices, unsorted_indices)

    def cuda(self, *args, **kwargs):
        """The sequence on a CUDA device (arguments as ``Tensor.cuda``)."""
        data = self.data.cuda(*args, **kwargs)
        return self.to(device=data.device)

    def cpu(self):
        """The sequence on the CPU."""
        return self.to(device="cpu")

    double = _conversion(D.float64)
    float = _conversion(D.float32)
    half = _conversion(D.float16)
    long = _conversion(D.int64)
    int = _conversion(D.int32)
    short = _conversion(D.int16)
    char = _conversion(D.int8)
    byte = _conversion(D.uint8)

    @property
    def is_cuda(self):
        """Whether ``data`` lives on a CUDA device."""
        return self.data.is_cuda


def invert_permutation(permutation):
    """The inverse of a permutation tensor (None stays None)."""
    if permutation is None:
        return None
    output = _creation_like.empty_like(permutation)
    output.scatter_(0, permutation, _creation.arange(permutation.numel(), device=permutation.device))
    return output


class PackPaddedSequenceBackward0(SavingNode):
    """pack_padded_sequence(input): the packed rows' gradients scattered back to
    their positions in the padded input (zero at the padding)."""
    __slots__ = ("input_shape",)
    saved_names = ("positions",)

    def setup(self, inputs, result, ctx):
        self.input_shape = tuple(inputs[0].shape)
        self._save(ctx["positions"])

    def apply(self, grads):
        positions, = self._unpack()
        g = grads[0]
        steps, batch = self.input_shape[:2]
        flat = g.new_zeros((steps * batch,) + tuple(g.shape[1:])).index_add(0, positions, g)
        return (flat.view(self.input_shape),)


def _positions(batch_sizes_np, batch):
    """The flat indices ``t * batch + b`` of the packed rows in a padded
    ``(T, batch, *)`` tensor, step by step (int64 host array)."""
    running = np.arange(batch)[None, :] < batch_sizes_np[:, None]
    t, b = np.nonzero(running)
    return t * batch + b


def _lengths_tensor(lengths):
    if isinstance(lengths, TensorBase):
        return lengths.to(dtype=D.int64, device="cpu")
    return _creation.as_tensor(lengths, dtype=D.int64)


def _pack_sorted(input, lengths):
    """Packs a time-major ``(T, B, *)`` input whose lengths are sorted, longest
    first (the data recorded as PackPaddedSequenceBackward0)."""
    if lengths.dim() != 1:
        raise RuntimeError(f"'lengths' argument should be a 1D CPU int64 tensor, but got {lengths.dim()}D "
                           f"{lengths.device.type} {lengths.type().split('.')[-1][:-len('Tensor')]} tensor")
    batch = input.size(1)
    lengths_np = lengths.numpy()
    if len(lengths_np) != batch:
        raise RuntimeError(f"Expected `len(lengths)` to be equal to batch_size, but got {len(lengths_np)} "
                           f"(batch_size={batch})")
    if batch and lengths_np[-1] <= 0:
        raise RuntimeError("Length of all samples has to be greater than 0, but found an element in 'lengths' "
                           "that is <= 0")
    if np.any(lengths_np[:-1] < lengths_np[1:]):
        raise RuntimeError("`lengths` array must be sorted in decreasing order when `enforce_sorted` is True. You "
                           "can pass `enforce_sorted=False` to pack_padded_sequence and/or pack_sequence to "
                           "sidestep this requirement if you do not need ONNX exportability.")
    longest = int(lengths_np[0]) if batch else 0
    if longest > input.size(0):
        raise RuntimeError(f"Expected every length to be at most the padded input's length {input.size(0)}, but "
                           f"got {longest}")
    batch_sizes_np = (lengths_np[None, :] > np.arange(longest)[:, None]).sum(1).astype(np.int64)
    positions = _creation.as_tensor(_positions(batch_sizes_np, batch), device=input.device)
    with no_grad():
        flat = input.detach().reshape((-1,) + tuple(input.shape[2:]))
        data = flat.index_select(0, positions)
    data = _record(PackPaddedSequenceBackward0, data, (input,), positions=positions)
    return data, _creation.as_tensor(batch_sizes_np)


def pack_padded_sequence(input, lengths, batch_first=False, enforce_sorted=True):
    """Packs a padded batch of sequences of the given ``lengths`` into a ``PackedSequence``, which the
    recurrent layers run over without the padding.

    Args:
        input (Tensor): ``(T, B, *)``, or ``(B, T, *)`` with ``batch_first``.
        lengths (Tensor or list of int): the length of each sequence.
        batch_first (bool): the batch dim comes first. Default: ``False``.
        enforce_sorted (bool): require decreasing lengths; when False the batch is sorted here and
            the order kept in the result. Default: ``True``.

    Returns:
        PackedSequence: the packed batch.

    Example::

        >>> from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence
        >>> padded = torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 0.0]])
        >>> packed = pack_padded_sequence(padded, [3, 2], batch_first=True)
        >>> packed.data, packed.batch_sizes
        (tensor([1., 4., 2., 5., 3.]), tensor([2, 2, 1]))
        >>> pad_packed_sequence(packed, batch_first=True)
        (tensor([[1., 2., 3.],
                [4., 5., 0.]]), tensor([3, 2]))
    """
    lengths = _lengths_tensor(lengths)
    if enforce_sorted:
        sorted_indices = None
    else:
        lengths, sorted_indices = lengths.sort(descending=True)
        sorted_indices = sorted_indices.to(input.device)
        input = input.index_select(0 if batch_first else 1, sorted_indices)
    if batch_first:
        input = input.transpose(0, 1)
    data, batch_sizes = _pack_sorted(input, lengths)
    return PackedSequence(data, batch_sizes, sorted_indices, None)


def pad_packed_sequence(sequence, batch_first=False, padding_value=0.0, total_length=None):
    """Unpacks a ``PackedSequence`` into a padded batch; the inverse of ``pack_padded_sequence``.

    Args:
        sequence (PackedSequence): the packed batch.
        batch_first (bool): return ``(B, T, *)`` rather than ``(T, B, *)``. Default: ``False``.
        padding_value (float): the value of the padding. Default: ``0.0``.
        total_length (int, optional): pad to this length rather than the longest sequence's.

    Returns:
        tuple: ``(padded, lengths)``, ``lengths`` an int64 tensor in the original batch order.
    """
    batch_sizes_np = sequence.batch_sizes.numpy()
    steps = len(batch_sizes_np)
    if total_length is not None:
        if total_length < steps:
            raise ValueError("Expected total_length to be at least the length of the longest sequence in input, "
                             f"but got total_length={total_length} and max sequence length being {steps}")
        steps = total_length
    data = sequence.data
    batch = int(batch_sizes_np[0]) if len(batch_sizes_np) else 0
    positions = _creation.as_tensor(_positions(batch_sizes_np, batch), device=data.device)
    padded = _creation.full((steps, batch) + tuple(data.shape[1:]), padding_value, dtype=data.dtype,
                            device=data.device)
    padded.view((steps * batch,) + tuple(data.shape[1:]))[positions] = data
    lengths = _creation.as_tensor((batch_sizes_np[:, None] > np.arange(batch)[None, :]).sum(0).astype(np.int64))
    if batch_first:
        padded = padded.transpose(0, 1)
    if sequence.unsorted_indices is not None:
        padded = padded.index_select(0 if batch_first else 1, sequence.unsorted_indices)
        lengths = lengths.index_select(0, sequence.unsorted_indices.to("cpu"))
    return padded, lengths


def pad_sequence(sequences, batch_first=False, padding_value=0.0, padding_side="right"):
    """Stacks tensors of shapes ``(L_i, *)`` into one padded tensor ``(max L, B, *)``, or ``(B, max L, *)`` with
    ``batch_first``.

    Args:
        sequences (list of Tensor or Tensor): the sequences (a tensor stands for those along its dim 0).
        batch_first (bool): put the batch dim first. Default: ``False``.
        padding_value (float): the value of the padding. Default: ``0.0``.
        padding_side (str): ``'right'`` or ``'left'``. Default: ``'right'``.

    Returns:
        Tensor: the padded batch.

    Example::

        >>> from torch.nn.utils.rnn import pad_sequence
        >>> pad_sequence([torch.tensor([1, 2, 3]), torch.tensor([4])], batch_first=True)
        tensor([[1, 2, 3],
                [4, 0, 0]])
    """
    if isinstance(sequences, TensorBase):
        sequences = sequences.unbind(0)
    elif not isinstance(sequences, Iterable):
        raise RuntimeError(f"pad_sequence: Expected iterable for input sequences, but got arg of type: "
                           f"{type(sequences)}")
    sequences = list(sequences)
    if not sequences:
        raise RuntimeError("received an empty list of sequences")
    if padding_side not in ("left", "right"):
        raise RuntimeError(f"Expected padding_side to be one of left or right, but got {padding_side}.")
    first = sequences[0]
    if first.dim() == 0:
        raise RuntimeError("ArrayRef: invalid slice, N = 1; size = 0")
    longest = max(seq.size(0) for seq in sequences)
    trailing = tuple(first.shape[1:])
    shape = (len(sequences), longest) + trailing if batch_first else (longest, len(sequences)) + trailing
    out = _creation.full(shape, padding_value, dtype=first.dtype, device=first.device)
    for index, seq in enumerate(sequences):
        length = seq.size(0)
        steps = slice(0, length) if padding_side == "right" else slice(longest - length, longest)
        target = out[index, steps] if batch_first else out[steps, index]
        target.copy_(seq)
    return out


def unpad_sequence(padded_sequences, lengths, batch_first=False):
    """The inverse of pad_sequence: the list of sequences ``padded[:, i][:lengths[i]]``
    (``padded[i][:lengths[i]]`` with ``batch_first``); ``lengths`` a tensor.
    PyTorch transposes a time-major ``padded_sequences`` in place on the way;
    here the argument is left as it is."""
    if not batch_first:
        padded_sequences = padded_sequences.transpose(0, 1)
    unpadded = []
    for seq, length in zip(padded_sequences, lengths):
        steps = _creation.arange(length, device=lengths.device)
        unpadded.append(seq[steps])
    return unpadded


def pack_sequence(sequences, enforce_sorted=True):
    """Packs a list of tensors ``(L_i, *)`` into a ``PackedSequence``.

    Args:
        sequences (list of Tensor): the sequences, longest first unless ``enforce_sorted`` is False.
        enforce_sorted (bool): require decreasing lengths. Default: ``True``.

    Returns:
        PackedSequence: the packed sequences.
    """
    lengths = _creation.as_tensor([seq.size(0) for seq in sequences], dtype=D.int64)
    return pack_padded_sequence(pad_sequence(sequences), lengths, enforce_sorted=enforce_sorted)


def unpack_sequence(packed_sequences):
    """The list of tensors a PackedSequence holds, in its original order."""
    padded, lengths = pad_packed_sequence(packed_sequences, batch_first=True)
    return unpad_sequence(padded, lengths, batch_first=True)
