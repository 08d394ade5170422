"""Flatten and Unflatten."""
from .module import Module

__all__ = ["Flatten", "Unflatten"]


class Flatten(Module):
    """Flattens the dims ``start_dim`` to ``end_dim`` into one.

    Args:
        start_dim (int): the first dim to flatten. Default: ``1`` (keeps the batch dim).
        end_dim (int): the last dim to flatten. Default: ``-1``.

    Shape:
        input ``(N, *)``; output ``(N, prod(*))`` with the defaults.

    Example::

        >>> torch.nn.Flatten()(torch.zeros(32, 3, 4, 5)).shape
        torch.Size([32, 60])
    """

    def __init__(self, start_dim=1, end_dim=-1):
        super().__init__()
        self.start_dim = start_dim
        self.end_dim = end_dim

    def forward(self, input):
        return input.flatten(self.start_dim, self.end_dim)

    def extra_repr(self):
        return f"start_dim={self.start_dim}, end_dim={self.end_dim}"


class Unflatten(Module):
    """Splits dim ``dim`` into the dims ``unflattened_size``; the inverse of ``Flatten``.

    Args:
        dim (int): the dim to split.
        unflattened_size (tuple of int or torch.Size): the new sizes; their product must equal
            the size of ``dim`` (one entry may be ``-1``).

    Example::

        >>> torch.nn.Unflatten(1, (3, 4))(torch.zeros(2, 12)).shape
        torch.Size([2, 3, 4])
    """

    def __init__(self, dim, unflattened_size):
        super().__init__()
        if isinstance(dim, int):
            if not isinstance(unflattened_size, (tuple, list)):
                raise TypeError("unflattened_size must be a tuple of ints, but found type "
                                f"{type(unflattened_size).__name__}")
            for index, size in enumerate(unflattened_size):
                if not isinstance(size, int):
                    raise TypeError("unflattened_size must be tuple of ints, but found element of type "
                                    f"{type(size).__name__} at pos {index}")
        self.dim = dim
        self.unflattened_size = unflattened_size

    def forward(self, input):
        return input.unflatten(self.dim, self.unflattened_size)

    def extra_repr(self):
        return f"dim={self.dim}, unflattened_size={self.unflattened_size}"
