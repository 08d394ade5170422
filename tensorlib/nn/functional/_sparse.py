"""embedding (EmbeddingBackward0) and one_hot."""
import numbers

from ... import _creation
from ... import _dtype as D
from ..._fast_paths import FAST_PATHS
from ..._functional import where as _where
from ..._layout import numel
from ...autograd.grad_mode import no_grad
from ...autograd.graph import SavingNode
from ...ops._common import backend_for, new_result
from ._common import _grad_mode, _record

_ACCUMULATING = (D.float32, D.float64)


class EmbeddingBackward0(SavingNode):
    """embedding(weight, indices): the rows of the gradient summed into the
    looked-up rows of the weight."""
    __slots__ = ("num_weights", "padding_idx", "scale_grad_by_freq")
    saved_names = ("indices",)

    def setup(self, inputs, result, ctx):
        self.num_weights = inputs[0]._shape[0]
        self.padding_idx = ctx["padding_idx"]
        self.scale_grad_by_freq = ctx["scale_grad_by_freq"]
        self._save(ctx["indices"])

    def apply(self, grads):
        indices, = self._unpack()
        g = grads[0]
        if FAST_PATHS and self.padding_idx is None and not self.scale_grad_by_freq and not _grad_mode() \
                and g._dtype in _ACCUMULATING and g._storage.device == indices._storage.device:
            return (_summed_rows(g, indices, self.num_weights),)
        idx = indices.reshape(-1).to(D.int64)
        g2 = g.reshape(idx.shape[0], g.shape[-1])
        if self.padding_idx is not None:
            g2 = g2 * (idx != self.padding_idx).to(g2.dtype).unsqueeze(1)
        if self.scale_grad_by_freq:
            counts = g2.new_zeros((self.num_weights,)).index_add(0, idx, g2.new_ones((idx.shape[0],)))
            g2 = g2 / counts.index_select(0, idx).unsqueeze(1)
        return (g2.new_zeros((self.num_weights, g2.shape[1])).index_add(0, idx, g2),)


def _summed_rows(g, indices, num_weights):
    """The weight's gradient: row ``i`` of ``g`` (rows of the last dim) added into row
    ``indices[i]`` of zeros, in order -- the index_add the general path runs, as one scatter."""
    device = g._storage.device
    backend = backend_for(device)
    n = numel(indices._shape)
    width = g._shape[-1]
    out, arr = new_result((num_weights, width), g._dtype, device, backend)
    backend.fill(arr, g._dtype.numpy.type(0))
    if n and width:
        flat = indices._array().reshape(n)
        # each row of the index repeats its row's value (stride 0 along it), viewed directly
        rows = backend.strided_view(flat, (n, width), (1, 0), 0) if flat.strides[0] == flat.itemsize \
            else backend.broadcast_to(flat.reshape(n, 1), (n, width))
        backend.scatter(arr, rows, g._array().reshape(n, width), 0, 1)
    return out


def _looked_up(input, weight):
    """``weight``'s rows at the checked indices ``input`` as one backend take (a new tensor)."""
    device = weight._storage.device
    backend = backend_for(device)
    width = weight._shape[1]
    out, arr = new_result(input._shape + (width,), weight._dtype, device, backend)
    n = numel(input._shape)
    if n and width:
        backend.take(weight._array(), input._array().reshape(n), 0, arr.reshape(n, width))
    return out


def _embedding_renorm_(weight, indices, max_norm, norm_type):
    with no_grad():
        rows = indices.reshape(-1).unique()
        picked = weight.index_select(0, rows)
        norms = picked.norm(p=norm_type, dim=1, keepdim=True)
        scale = _where(norms > max_norm, max_norm / (norms + 1e-7), 1.0)
        weight.index_copy_(0, rows, picked * scale)


def embedding(input, weight, padding_idx=None, max_norm=None, norm_type=2.0, scale_grad_by_freq=False,
              sparse=False):
    """Looks up rows of ``weight`` by the integer indices ``input``.

    Args:
        input (Tensor): int64 indices, any shape.
        weight (Tensor): the table ``(num_embeddings, embedding_dim)``.
        padding_idx (int, optional): the row of this index gets no gradient.
        max_norm (float, optional): rows looked up with a larger norm are rescaled in place to it.
        norm_type (float): the p of the norm for ``max_norm``. Default: ``2.0``.
        scale_grad_by_freq (bool): divide the gradients by the index counts. Default: ``False``.
        sparse (bool): accepted; the gradient is dense. Default: ``False``.

    Returns:
        Tensor: ``(*input.shape, embedding_dim)``.

    Example::

        >>> import torch.nn.functional as F
        >>> table = torch.tensor([[0.0, 0.0], [1.0, 2.0], [3.0, 4.0]])
        >>> F.embedding(torch.tensor([2, 1, 2]), table)
        tensor([[3., 4.],
                [1., 2.],
                [3., 4.]])
    """
    if input._dtype is not D.int64 and input._dtype is not D.int32:
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
    device = input._storage.device
    fast = FAST_PATHS and len(weight._shape) == 2 and (device is weight._storage.device
                                                       or device == weight._storage.device)
    if fast:
        bad = backend_for(device).first_outside(input._array(), 0, num) if numel(input._shape) else -1
        if bad != -1:
            raise IndexError("index out of range in self")
    elif input.numel() and (bool((input < 0).any()) or bool((input >= num).any())):
        raise IndexError("index out of range in self")
    if max_norm is not None:
        _embedding_renorm_(weight, input.contiguous(), max_norm, norm_type)
    if fast:
        out = _looked_up(input, weight)
    else:
        with no_grad():
            out = weight.detach().index_select(0, input.reshape(-1).to(D.int64)).view(
                tuple(input.shape) + (weight.shape[1],))
    # the indices as given, as PyTorch saves them (``_saved_indices``)
    return _record(EmbeddingBackward0, out, (weight,), indices=input, padding_idx=padding_idx,
                   scale_grad_by_freq=scale_grad_by_freq)


def one_hot(tensor, num_classes=-1):
    """Returns the one-hot encoding of the int64 ``tensor`` along a new last dim.

    Args:
        tensor (Tensor): int64 class indices.
        num_classes (int): the size of the new dim; ``-1`` takes the largest index plus one. Default: ``-1``.

    Returns:
        Tensor: int64, ``(*tensor.shape, num_classes)``.

    Example::

        >>> import torch.nn.functional as F
        >>> F.one_hot(torch.tensor([0, 2, 1]), num_classes=3)
        tensor([[1, 0, 0],
                [0, 0, 1],
                [0, 1, 0]])
    """
    if isinstance(num_classes, bool) or not isinstance(num_classes, numbers.Integral):
        raise TypeError(f"one_hot(): argument 'num_classes' (position 2) must be int, not "
                        f"{type(num_classes).__name__}")
    if tensor.dtype is not D.int64:
        raise RuntimeError("one_hot is only applicable to index tensor of type LongTensor.")
    if tensor.numel() == 0 and num_classes <= 0:
        raise RuntimeError("Can not infer total number of classes from empty tensor.")
    if num_classes == -1:
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
