"""torch.Size: a tuple of ints that prints as ``torch.Size([2, 3])``."""
from operator import index as _index


class Size(tuple):
    """The sizes of a tensor's dimensions (``Tensor.size()``, ``Tensor.shape``): a tuple of ints that
    prints as ``torch.Size([...])`` and stays a Size when sliced or concatenated.

    Example::

        >>> s = torch.zeros(2, 3, 4).shape
        >>> s
        torch.Size([2, 3, 4])
        >>> s[1:], s.numel()
        (torch.Size([3, 4]), 24)
    """
    __slots__ = ()

    def __new__(cls, sizes=()):
        return super().__new__(cls, map(int, sizes))

    def __repr__(self):
        return f"torch.Size([{', '.join(str(s) for s in self)}])"

    __str__ = __repr__

    def __getitem__(self, item):
        result = tuple.__getitem__(self, item)
        return Size(result) if isinstance(item, slice) else result

    def __add__(self, other):
        return Size(tuple.__add__(self, tuple(other)))

    def __radd__(self, other):
        return Size(tuple(other) + tuple(self))

    def __mul__(self, n):
        return Size(tuple.__mul__(self, n))

    __rmul__ = __mul__

    def numel(self):
        n = 1
        for s in self:
            n *= s
        return n

    def __reduce__(self):
        return (Size, (tuple(self),))


def shape_size(shape):
    """``Size(shape)`` for a tensor's own shape, without the Python frame of ``Size.__new__``."""
    return tuple.__new__(Size, map(int, shape))


def size_args(args):
    """Accepts ``f(2, 3)``, ``f((2, 3))`` and ``f(Size)`` alike."""
    if len(args) == 1 and isinstance(args[0], (tuple, list)):
        args = args[0]
    try:
        return tuple(map(_index, args))   # the common case at C speed
    except TypeError:
        pass    # (the loop below gives the error, or takes an ``__index__`` that returns no int)
    try:
        return tuple(a.__index__() for a in args)
    except AttributeError:
        bad = next(a for a in args if not hasattr(a, "__index__"))
        raise TypeError(f"expected a sequence of integers, but got an element of type "
                        f"{type(bad).__name__}") from None
