"""Shapes and grids: ``torch.broadcast_shapes``, ``broadcast_tensors``,
``meshgrid``, ``cartesian_prod`` and ``combinations``, composed of expand/reshape/stack views
(their gradients come from those views' nodes), with PyTorch's errors."""
import itertools
import numbers

import numpy as np

from .. import _layout
from .._C import TensorBase
from .._dtype import int64 as _int64
from .._size import Size
from ._common import warn_user
from ._op_docs import example
from ._registry import declare
from .joining import stack


def broadcast_shapes(*shapes):
    """The shape that tensors of the given shapes broadcast to.

    Args:
        shapes (int or sequence of ints...): the shapes.

    Returns:
        Size: the broadcast shape.

    Example::

        >>> torch.broadcast_shapes((2, 1), (3,))
        torch.Size([2, 3])
    """
    result = []
    for index, shape in enumerate(shapes):
        shape = (shape,) if isinstance(shape, numbers.Integral) else tuple(Size(shape))
        if any(size < 0 for size in shape):
            raise ValueError("Attempting to broadcast a dimension with negative length!")
        if len(shape) > len(result):
            result = [1] * (len(shape) - len(result)) + result
        for k in range(1, len(shape) + 1):
            size, seen = shape[-k], result[-k]
            if seen == 1:
                result[-k] = size
            elif size != 1 and size != seen:
                raise RuntimeError(f"Attempting to broadcast a dimension of length {size} at {-k}! Mismatching "
                                   f"argument at index {index} had {shape}; but expected shape should be "
                                   f"broadcastable to {result}")
    return Size(result)


def _tensor_list(tensors, argument=0):
    """``f(a, b)`` and ``f([a, b])`` alike, each element checked to be a tensor."""
    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        tensors = tuple(tensors[0])
    for i, t in enumerate(tensors):
        if not isinstance(t, TensorBase):
            raise TypeError(f"expected Tensor as element {i} in argument {argument}, but got {type(t).__name__}")
    return tensors


def broadcast_tensors(*tensors):
    """Views of the tensors expanded to their common broadcast shape.

    Args:
        tensors (Tensor...): the tensors.

    Returns:
        tuple of Tensors: the expanded views.

    Example::

        >>> torch.broadcast_tensors(torch.tensor([[1], [2]]), torch.tensor([3, 4]))[1]
        tensor([[3, 4],
                [3, 4]])
    """
    tensors = _tensor_list(tensors)
    shape = ()
    for t in tensors:
        shape = _layout.broadcast_shapes(shape, t._shape)
    return tuple(t.expand(shape) for t in tensors)


def meshgrid(*tensors, indexing=None):
    """Coordinate grids of 0-d and 1-D tensors: output i varies along dimension i (``indexing='ij'``), or with the first
    two dimensions swapped (``'xy'``); the grids are views, not copies.

    Args:
        tensors (Tensor... or a sequence of Tensors): the coordinates along each axis.
        indexing (str, optional): ``'ij'`` or ``'xy'``; PyTorch warns when it is not given and uses ``'ij'``.

    Returns:
        tuple of Tensors: one grid per input, all of the shape of the sizes of the inputs.

    Example::

        >>> x, y = torch.meshgrid(torch.tensor([1, 2]), torch.tensor([3, 4, 5]), indexing='ij')
        >>> x
        tensor([[1, 1, 1],
                [2, 2, 2]])
    """
    tensors = _tensor_list(tensors)
    if indexing is None:
        warn_user("torch.meshgrid: in an upcoming release, it will be required to pass the indexing argument.")
        indexing = "ij"
    if indexing not in ("ij", "xy"):
        raise RuntimeError(f'torch.meshgrid: indexing must be one of "xy" or "ij", but received: {indexing}')
    if not tensors:
        raise RuntimeError("meshgrid expects a non-empty TensorList")
    for t in tensors:
        if t.dim() > 1:
            raise RuntimeError(f"torch.meshgrid: Expected 0D or 1D tensor in the tensor list but got: {t}")
        if t._dtype is not tensors[0]._dtype:
            raise RuntimeError("meshgrid expects all tensors to have the same dtype")
    order = list(range(len(tensors)))
    if indexing == "xy" and len(tensors) >= 2:
        order[0], order[1] = 1, 0
    shape = [tensors[i].numel() for i in order]
    grids = []
    for i, t in enumerate(tensors):
        place = order.index(i)
        grids.append(t.reshape([-1 if d == place else 1 for d in range(len(tensors))]).expand(shape))
    return tuple(grids)


def cartesian_prod(*tensors):
    """Every combination of one element of each 1-D tensor, one a row (a single tensor: itself).

    Args:
        tensors (Tensor...): the 1-D tensors.

    Returns:
        Tensor: the combinations, one column per tensor.

    Example::

        >>> torch.cartesian_prod(torch.tensor([1, 2]), torch.tensor([3, 4]))
        tensor([[1, 3],
                [1, 4],
                [2, 3],
                [2, 4]])
    """
    tensors = _tensor_list(tensors)
    for t in tensors:
        if t.dim() != 1:
            raise RuntimeError(f"Expect a 1D vector, but got shape {list(t._shape)}")
    if len(tensors) == 1:
        return tensors[0]
    grids = meshgrid(*tensors, indexing="ij")
    return stack([g.reshape(-1) for g in grids], 1)


def combinations(input, r=2, with_replacement=False):
    """The rows of every choice of ``r`` elements of the 1-D ``input`` in their order (as Python's
    itertools.combinations, or combinations_with_replacement with ``with_replacement``)."""
    if input.dim() != 1:
        raise RuntimeError(f"Expect a 1D vector, but got shape {list(input._shape)}")
    if r < 0:
        raise RuntimeError(f"Expect a non-negative number, but got {r}")
    if r == 0:
        return input.new_empty((0,))
    choose = itertools.combinations_with_replacement if with_replacement else itertools.combinations
    rows = np.fromiter(itertools.chain.from_iterable(choose(range(input._shape[0]), r)), dtype=np.int64)
    positions = input.new_tensor(rows.reshape(-1, r), dtype=_int64)
    return stack([input[positions[:, k]] for k in range(r)], 1)


declare("combinations", combinations, "int r=2, bool with_replacement=False", method=False, inplace=False,
        out=False, doc="""The combinations of ``r`` elements of the 1-D ``input``, one a row, in the order of
    ``itertools.combinations``.

    Args:
        r: how many elements a combination takes.
        with_replacement: whether an element may repeat in a combination.
    """ + example(">>> torch.combinations(torch.tensor([1, 2, 3]))",
                  "tensor([[1, 2],", "        [1, 3],", "        [2, 3]])"))
FUNCTIONS = ("broadcast_shapes", "broadcast_tensors", "meshgrid", "cartesian_prod")
