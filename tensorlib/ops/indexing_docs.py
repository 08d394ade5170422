"""The docstrings of the indexing methods (``IndexingMixin``) and of their ``torch.*`` functions,
kept beside ``indexing.py`` so that the module stays within the size limit."""
import inspect

DOCS = {
    "index_put_": """Writes ``values`` into ``self`` at the positions the tensors ``indices`` select, as
    ``self[indices] = values`` does (in place).

    Args:
        indices (tuple of Tensors): one index tensor (int64, or a bool mask) per leading dimension.
        values (Tensor): the values, broadcast to the selected positions.
        accumulate (bool): add ``values`` to the selected elements rather than overwrite them
            (repeated positions add up). Default: ``False``.

    Returns:
        Tensor: ``self``.

    Example::

        >>> x = torch.zeros(3)
        >>> x.index_put_((torch.tensor([0, 0, 2]),), torch.tensor(1.), accumulate=True)
        tensor([2., 0., 1.])""",
    "index_put": """The out-of-place form of :meth:`Tensor.index_put_`: a copy of ``self`` with ``values``
    written at ``indices``.

    Args:
        indices (tuple of Tensors): one index tensor (int64, or a bool mask) per leading dimension.
        values (Tensor): the values, broadcast to the selected positions.
        accumulate (bool): add rather than overwrite. Default: ``False``.""",
    "masked_fill_": """Sets the elements of ``self`` where ``mask`` is True to ``value`` (in place).

    Args:
        mask (Tensor): a bool tensor broadcast to ``self``'s shape.
        value (Number or Tensor): the value, a number or a 0-d tensor.

    Returns:
        Tensor: ``self``.""",
    "masked_fill": """A copy of ``self`` with the elements where ``mask`` is True set to ``value``.

    Args:
        mask (Tensor): a bool tensor broadcast to ``self``'s shape.
        value (Number or Tensor): the value, a number or a 0-d tensor.

    Example::

        >>> x = torch.tensor([1., -2., 3.])
        >>> x.masked_fill(x < 0, 0.)
        tensor([1., 0., 3.])""",
    "masked_select": """The elements of ``self`` where ``mask`` is True, as a new 1-D tensor.

    Args:
        mask (Tensor): a bool tensor broadcast against ``self``.

    Example::

        >>> x = torch.tensor([1., -2., 3.])
        >>> torch.masked_select(x, x > 0)
        tensor([1., 3.])""",
    "masked_scatter_": """Copies the elements of ``source``, in order, into the positions of ``self`` where
    ``mask`` is True (in place).

    Args:
        mask (Tensor): a bool tensor broadcast to ``self``'s shape.
        source (Tensor): the values, at least as many as True elements in ``mask``.

    Returns:
        Tensor: ``self``.""",
    "masked_scatter": """A copy of ``self`` with the elements of ``source``, in order, placed where ``mask``
    is True.

    Args:
        mask (Tensor): a bool tensor broadcast against ``self``.
        source (Tensor): the values, at least as many as True elements in ``mask``.

    Example::

        >>> torch.zeros(3).masked_scatter(torch.tensor([True, False, True]), torch.tensor([1., 2.]))
        tensor([1., 0., 2.])""",
    "gather": """Picks the elements of ``self`` along ``dim`` at the positions ``index`` gives: for
    ``dim=1``, ``out[i][j] = self[i][index[i][j]]``.

    Args:
        dim (int): the dimension to index along.
        index (Tensor): int64 positions, with ``self``'s number of dimensions.
        sparse_grad (bool): accepted for PyTorch's signature; the gradient is dense.

    Returns:
        Tensor: the picked elements, of ``index``'s shape.

    Example::

        >>> x = torch.tensor([[1, 2], [3, 4]])
        >>> torch.gather(x, 1, torch.tensor([[1], [0]]))
        tensor([[2],
                [3]])""",
    "scatter_": """Writes ``src`` (a tensor, or ``value``, a number) into ``self`` at the positions
    ``index`` gives along ``dim``: for ``dim=0``, ``self[index[i][j]][j] = src[i][j]`` (in place).

    Args:
        dim (int): the dimension to index along.
        index (Tensor): int64 positions, with ``self``'s number of dimensions.
        src (Tensor): the values (or ``value=``, a number).
        reduce (str, optional): ``"add"`` or ``"multiply"`` to combine with ``self``'s elements
            rather than overwrite them.

    Returns:
        Tensor: ``self``.""",
    "scatter": """The out-of-place form of :meth:`Tensor.scatter_`: a copy of ``self`` with ``src``
    (or ``value``) written at ``index`` along ``dim``.

    Args:
        dim (int): the dimension to index along.
        index (Tensor): int64 positions, with ``self``'s number of dimensions.
        src (Tensor): the values (or ``value=``, a number).
        reduce (str, optional): ``"add"`` or ``"multiply"``.

    Example::

        >>> torch.zeros(3).scatter(0, torch.tensor([2, 0]), torch.tensor([5., 6.]))
        tensor([6., 0., 5.])""",
    "scatter_add_": """Adds the elements of ``src`` into ``self`` at the positions ``index`` gives along
    ``dim`` (in place); repeated positions add up.

    Args:
        dim (int): the dimension to index along.
        index (Tensor): int64 positions, with ``self``'s number of dimensions.
        src (Tensor): the values to add.

    Returns:
        Tensor: ``self``.""",
    "scatter_add": """A copy of ``self`` with the elements of ``src`` added at the positions ``index`` gives
    along ``dim``; repeated positions add up.

    Args:
        dim (int): the dimension to index along.
        index (Tensor): int64 positions, with ``self``'s number of dimensions.
        src (Tensor): the values to add.

    Example::

        >>> torch.zeros(3).scatter_add(0, torch.tensor([0, 0, 2]), torch.tensor([1., 2., 3.]))
        tensor([3., 0., 3.])""",
    "index_select": """The slices of ``self`` at the positions ``index`` gives along ``dim``, copied.

    Args:
        dim (int): the dimension to index along.
        index (Tensor): 1-D int64 positions.

    Example::

        >>> x = torch.tensor([[1, 2], [3, 4], [5, 6]])
        >>> torch.index_select(x, 0, torch.tensor([2, 0]))
        tensor([[5, 6],
                [1, 2]])""",
    "index_fill_": """Sets the slices of ``self`` at the positions ``index`` gives along ``dim`` to ``value``
    (in place).

    Args:
        dim (int): the dimension to index along.
        index (Tensor): 1-D int64 positions.
        value (Number or Tensor): the value, a number or a 0-d tensor.

    Returns:
        Tensor: ``self``.""",
    "index_fill": """A copy of ``self`` with the slices at ``index`` along ``dim`` set to ``value``.

    Args:
        dim (int): the dimension to index along.
        index (Tensor): 1-D int64 positions.
        value (Number or Tensor): the value, a number or a 0-d tensor.

    Example::

        >>> torch.zeros(2, 3).index_fill(1, torch.tensor([1]), 7.)
        tensor([[0., 7., 0.],
                [0., 7., 0.]])""",
    "index_copy_": """Copies the slices of ``source`` into ``self`` at the positions ``index`` gives along
    ``dim`` (in place): slice i of ``source`` goes to position ``index[i]``.

    Args:
        dim (int): the dimension to index along.
        index (Tensor): 1-D int64 positions, one per slice of ``source``.
        source (Tensor): the slices to copy.

    Returns:
        Tensor: ``self``.""",
    "index_copy": """A copy of ``self`` with the slices of ``source`` placed at ``index`` along ``dim``.

    Args:
        dim (int): the dimension to index along.
        index (Tensor): 1-D int64 positions, one per slice of ``source``.
        source (Tensor): the slices to copy.

    Example::

        >>> torch.zeros(3).index_copy(0, torch.tensor([2, 0]), torch.tensor([5., 6.]))
        tensor([6., 0., 5.])""",
    "index_add_": """Adds ``alpha`` times the slices of ``source`` into ``self`` at the positions ``index``
    gives along ``dim`` (in place); repeated positions add up.

    Args:
        dim (int): the dimension to index along.
        index (Tensor): 1-D int64 positions, one per slice of ``source``.
        source (Tensor): the slices to add.
        alpha (Number): the multiplier of ``source``. Default: ``1``.

    Returns:
        Tensor: ``self``.""",
    "index_add": """A copy of ``self`` with ``alpha`` times the slices of ``source`` added at ``index``
    along ``dim``.

    Args:
        dim (int): the dimension to index along.
        index (Tensor): 1-D int64 positions, one per slice of ``source``.
        source (Tensor): the slices to add.
        alpha (Number): the multiplier of ``source``. Default: ``1``.

    Example::

        >>> torch.zeros(3).index_add(0, torch.tensor([0, 0]), torch.tensor([1., 2.]))
        tensor([3., 0., 0.])""",
    "take": """The elements of ``self``, taken as if flattened, at the positions ``index`` gives.

    Args:
        index (Tensor): int64 positions into the flattened tensor.

    Returns:
        Tensor: the elements, of ``index``'s shape.

    Example::

        >>> torch.take(torch.tensor([[1, 2], [3, 4]]), torch.tensor([0, 3]))
        tensor([1, 4])""",
    "put_": """Writes ``source`` into ``self``, taken as if flattened, at the positions ``index`` gives
    (in place).

    Args:
        index (Tensor): int64 positions into the flattened tensor.
        source (Tensor): the values, as many as ``index`` has.
        accumulate (bool): add rather than overwrite. Default: ``False``.

    Returns:
        Tensor: ``self``.""",
    "put": """The out-of-place form of :meth:`Tensor.put_`.

    Args:
        index (Tensor): int64 positions into the flattened tensor.
        source (Tensor): the values, as many as ``index`` has.
        accumulate (bool): add rather than overwrite. Default: ``False``.

    Example::

        >>> torch.zeros(2, 2).put(torch.tensor([3]), torch.tensor([9.]))
        tensor([[0., 0.],
                [0., 9.]])""",
    "nonzero": """The indices of the nonzero elements of ``self``.

    Args:
        as_tuple (bool): return one 1-D tensor of indices per dimension instead. Default: ``False``.

    Returns:
        Tensor or tuple of Tensors: an n x ndim int64 tensor, one row per nonzero element, or the
        tuple of its columns.

    Example::

        >>> torch.nonzero(torch.tensor([[0, 1], [2, 0]]))
        tensor([[0, 1],
                [1, 0]])""",
    "argwhere": """The indices of the nonzero elements of ``self``, one row per element (as
    :meth:`Tensor.nonzero`).

    Example::

        >>> torch.argwhere(torch.tensor([0, 3, 0, 4]))
        tensor([[1],
                [3]])""",
    "where": """``self`` where ``condition`` holds, ``other`` elsewhere (``torch.where(condition, self, other)``).

    Args:
        condition (Tensor): a bool tensor broadcast with the others.
        other (Tensor or Number): the values where ``condition`` is False.""",
}

# the torch.* functions of these methods (with out=) share their text
FUNCTIONS = ("gather", "scatter", "scatter_add", "index_select", "index_add", "index_copy", "masked_select", "take",
             "nonzero")


def document(mixin, functions):
    """Gives the methods of ``mixin`` and the functions in ``functions`` (a module's globals) their
    docstrings."""
    for name, doc in DOCS.items():
        getattr(mixin, name).__doc__ = doc
    for name in FUNCTIONS:
        functions[name].__doc__ = (f"Function form of :meth:`Tensor.{name}`, with ``out=``: ``input`` is "
                                   f"``self``.\n\n{inspect.cleandoc(DOCS[name])}")
