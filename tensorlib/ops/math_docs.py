"""The docstrings of the math methods (``MathMixin``, keyed ``"method"``) and of the ``torch.*``
functions of ``math_methods`` (keyed ``"torch.name"``), kept beside it so that the module stays
within the size limit."""
DOCS = {
    "fill_": """Fills ``self`` with ``value`` and returns ``self``.

    Args:
        value (Number or Tensor): the value, a number or a 0-d tensor.

    Example::

        >>> torch.zeros(3).fill_(7)
        tensor([7., 7., 7.])""",
    "zero_": """Fills ``self`` with zeros and returns ``self``.""",
    "isclose": """Where ``self`` and ``other`` are close, element by element:
    ``|self - other| <= atol + rtol * |other|``.

    Args:
        other (Tensor): the tensor to compare with, broadcast against ``self``.
        rtol (float): the relative tolerance. Default: ``1e-05``.
        atol (float): the absolute tolerance. Default: ``1e-08``.
        equal_nan (bool): whether two NaNs count as close. Default: ``False``.

    Returns:
        Tensor: a bool tensor of the broadcast shape.

    Example::

        >>> torch.isclose(torch.tensor([1., 2.]), torch.tensor([1.000001, 2.1]))
        tensor([ True, False])""",
    "allclose": """Whether every element of ``self`` is close to ``other``'s (see :meth:`Tensor.isclose`).

    Args:
        other (Tensor): the tensor to compare with, broadcast against ``self``.
        rtol (float): the relative tolerance. Default: ``1e-05``.
        atol (float): the absolute tolerance. Default: ``1e-08``.
        equal_nan (bool): whether two NaNs count as close. Default: ``False``.

    Returns:
        bool: True when all elements are close.""",
    "equal": """Whether ``self`` and ``other`` have the same shape and the same elements.

    Args:
        other (Tensor): the tensor to compare with.

    Returns:
        bool: True when they are equal.

    Example::

        >>> torch.equal(torch.tensor([1, 2]), torch.tensor([1, 2]))
        True""",
    "count_nonzero": """The number of nonzero elements of ``self``, over ``dim`` or all of them.

    Args:
        dim (int or tuple of ints, optional): the dimension(s) to count along; None counts all.

    Returns:
        Tensor: the int64 counts.

    Example::

        >>> torch.count_nonzero(torch.tensor([[0, 1], [2, 3]]), dim=0)
        tensor([1, 2])""",
    "argsort": """The indices that sort ``self`` along ``dim`` (the indices of :meth:`Tensor.sort`).

    Args:
        dim (int): the dimension to sort along. Default: ``-1``.
        descending (bool): whether the largest come first. Default: ``False``.
        stable (bool): whether equal elements keep their order. Default: ``False``.

    Returns:
        Tensor: int64 indices of ``self``'s shape.

    Example::

        >>> torch.argsort(torch.tensor([3., 1., 2.]))
        tensor([1, 2, 0])""",
    "unique": """The distinct elements of ``self``, sorted.

    Args:
        sorted (bool): whether the result is sorted (it always is here). Default: ``True``.
        return_inverse (bool): also return where each element of ``self`` went in the result.
        return_counts (bool): also return how many times each distinct element occurs.
        dim (int, optional): find distinct slices along ``dim`` rather than elements.

    Returns:
        Tensor or tuple: the distinct values, then the inverse indices and the counts when asked.

    Example::

        >>> torch.unique(torch.tensor([2, 1, 2, 3]), return_counts=True)
        (tensor([1, 2, 3]), tensor([1, 2, 1]))""",
    "flip": """A copy of ``self`` with the order of the elements reversed along ``dims``.

    Args:
        dims (int or tuple of ints): the dimensions to reverse.

    Example::

        >>> torch.flip(torch.tensor([[1, 2], [3, 4]]), [1])
        tensor([[2, 1],
                [4, 3]])""",
    "roll": """``self`` with its elements shifted circularly by ``shifts`` along ``dims``.

    Args:
        shifts (int or tuple of ints): how far to shift (per dimension).
        dims (int or tuple of ints, optional): the dimensions to shift along; None shifts the
            flattened tensor and restores its shape.

    Example::

        >>> torch.roll(torch.tensor([1, 2, 3, 4]), 1)
        tensor([4, 1, 2, 3])""",
    "repeat": """``self`` repeated ``sizes[i]`` times along each dimension i (a copy); extra leading
    sizes add dimensions.

    Args:
        sizes (int...): the number of repetitions per dimension, as ints or one tuple.

    Example::

        >>> torch.tensor([1, 2]).repeat(2, 2)
        tensor([[1, 2, 1, 2],
                [1, 2, 1, 2]])""",
    "tile": """``self`` repeated ``dims[i]`` times along each dimension i, like :meth:`Tensor.repeat`;
    fewer ``dims`` than dimensions repeat the last ones.

    Args:
        dims (tuple of ints): the number of repetitions per dimension.

    Example::

        >>> torch.tile(torch.tensor([1, 2]), (2,))
        tensor([1, 2, 1, 2])""",
    "tril_": """Zeroes the elements of ``self`` above the ``diagonal`` (in place); see :func:`tensorlib.tril`.

    Args:
        diagonal (int): which diagonal bounds the kept part. Default: ``0``.""",
    "triu_": """Zeroes the elements of ``self`` below the ``diagonal`` (in place); see :func:`tensorlib.triu`.

    Args:
        diagonal (int): which diagonal bounds the kept part. Default: ``0``.""",
    "diag": """For a 1-D ``self``, the square matrix with ``self`` on its ``diagonal``; for a 2-D
    ``self``, the 1-D tensor of its ``diagonal``.

    Args:
        diagonal (int): 0 the main diagonal, positive above it, negative below. Default: ``0``.

    Example::

        >>> torch.diag(torch.tensor([1, 2]))
        tensor([[1, 0],
                [0, 2]])""",
    "torch.relu_": """Replaces the negative elements of ``input`` by 0, in place; returns ``input``.

    Args:
        input (Tensor): the tensor to modify.""",
    "torch.sum": """The sum of the elements of ``input``, over ``dim`` or over all of them.

    Args:
        input (Tensor): the input tensor.
        dim (int or tuple of ints, optional): the dimension(s) to reduce; None reduces all of them.
        keepdim (bool, optional): whether the reduced dimensions stay, with size 1. Default: ``False``.
        dtype (dtype, optional): the dtype ``input`` is cast to first (and of the result).
        out (Tensor, optional): the tensor to write the result into.

    Returns:
        Tensor: the sums (bool and integer inputs sum in int64).

    Example::

        >>> x = torch.tensor([[1., 2.], [3., 4.]])
        >>> torch.sum(x)
        tensor(10.)
        >>> x.sum(dim=0)
        tensor([4., 6.])
        >>> x.sum(1, keepdim=True)
        tensor([[3.],
                [7.]])""",
    "torch.mean": """The mean of the elements of ``input``, over ``dim`` or over all of them.

    Args:
        input (Tensor): the input tensor.
        dim (int or tuple of ints, optional): the dimension(s) to reduce; None reduces all of them.
        keepdim (bool, optional): whether the reduced dimensions stay, with size 1. Default: ``False``.
        dtype (dtype, optional): the dtype ``input`` is cast to first (and of the result).
        out (Tensor, optional): the tensor to write the result into.

    Returns:
        Tensor: the means (a floating-point input is needed, or ``dtype``).

    Example::

        >>> torch.mean(torch.tensor([[1., 2.], [3., 4.]]), dim=1)
        tensor([1.5000, 3.5000])""",
    "torch.prod": """The product of the elements of ``input``, over ``dim`` or over all of them.

    Args:
        input (Tensor): the input tensor.
        dim (int or tuple of ints, optional): the dimension(s) to reduce; None reduces all of them.
        keepdim (bool, optional): whether the reduced dimensions stay, with size 1. Default: ``False``.
        dtype (dtype, optional): the dtype ``input`` is cast to first (and of the result).
        out (Tensor, optional): the tensor to write the result into.

    Returns:
        Tensor: the products.

    Example::

        >>> torch.prod(torch.tensor([[1., 2.], [3., 4.]]), 0)
        tensor([3., 8.])""",
    "torch.max": """The largest element of ``input``; with ``dim``, the largest of each slice along ``dim``
    and where it is.

    Args:
        input (Tensor): the input tensor.
        dim (int, optional): the dimension to reduce; None reduces all of them.
        keepdim (bool, optional): whether the reduced dimensions stay, with size 1. Default: ``False``.
        out (Tensor, optional): the tensor to write the result into.

    Returns:
        Tensor or (Tensor, Tensor): without ``dim``, a 0-d tensor; with ``dim``, the named tuple
        ``(values, indices)`` of the maxima along ``dim`` and their positions.

    Example::

        >>> x = torch.tensor([[1., 5.], [4., 2.]])
        >>> torch.max(x)
        tensor(5.)
        >>> torch.max(x, dim=1)
        torch.return_types.max(
        values=tensor([5., 4.]),
        indices=tensor([1, 0]))""",
    "torch.min": """The smallest element of ``input``; with ``dim``, the smallest of each slice along ``dim``
    and where it is.

    Args:
        input (Tensor): the input tensor.
        dim (int, optional): the dimension to reduce; None reduces all of them.
        keepdim (bool, optional): whether the reduced dimensions stay, with size 1. Default: ``False``.
        out (Tensor, optional): the tensor to write the result into.

    Returns:
        Tensor or (Tensor, Tensor): without ``dim``, a 0-d tensor; with ``dim``, the named tuple
        ``(values, indices)`` of the minima along ``dim`` and their positions.

    Example::

        >>> torch.min(torch.tensor([[1., 5.], [4., 2.]]), dim=0).values
        tensor([1., 2.])""",
    "torch.argmax": """The index of the largest element of ``input`` (of the flattened tensor without ``dim``).

    Args:
        input (Tensor): the input tensor.
        dim (int, optional): the dimension to reduce; None: the flattened tensor.
        keepdim (bool, optional): whether the reduced dimensions stay, with size 1. Default: ``False``.
        out (Tensor, optional): the tensor to write the result into.

    Returns:
        Tensor: int64 indices; the first one where the largest value repeats.

    Example::

        >>> torch.argmax(torch.tensor([[1., 5.], [4., 2.]]), dim=1)
        tensor([1, 0])""",
    "torch.argmin": """The index of the smallest element of ``input`` (of the flattened tensor without ``dim``).

    Args:
        input (Tensor): the input tensor.
        dim (int, optional): the dimension to reduce; None: the flattened tensor.
        keepdim (bool, optional): whether the reduced dimensions stay, with size 1. Default: ``False``.
        out (Tensor, optional): the tensor to write the result into.

    Returns:
        Tensor: int64 indices; the first one where the smallest value repeats.

    Example::

        >>> torch.argmin(torch.tensor([3., 1., 2.]))
        tensor(1)""",
    "torch.amax": """The largest elements of ``input`` over the dimensions ``dim`` (all of them when empty),
    without their indices.

    Args:
        input (Tensor): the input tensor.
        dim (int or tuple of ints, optional): the dimension(s) to reduce; ``()`` reduces all of them.
        keepdim (bool, optional): whether the reduced dimensions stay, with size 1. Default: ``False``.
        out (Tensor, optional): the tensor to write the result into.

    Returns:
        Tensor: the maxima.

    Example::

        >>> torch.amax(torch.tensor([[1., 5.], [4., 2.]]), dim=0)
        tensor([4., 5.])""",
    "torch.amin": """The smallest elements of ``input`` over the dimensions ``dim`` (all of them when empty),
    without their indices.

    Args:
        input (Tensor): the input tensor.
        dim (int or tuple of ints, optional): the dimension(s) to reduce; ``()`` reduces all of them.
        keepdim (bool, optional): whether the reduced dimensions stay, with size 1. Default: ``False``.
        out (Tensor, optional): the tensor to write the result into.

    Returns:
        Tensor: the minima.

    Example::

        >>> torch.amin(torch.tensor([[1., 5.], [4., 2.]]), dim=0)
        tensor([1., 2.])""",
    "torch.std": """The standard deviation of the elements of ``input``, over ``dim`` or all of them.

    Args:
        input (Tensor): the input tensor.
        dim (int or tuple of ints, optional): the dimension(s) to reduce; None reduces all of them.
        keepdim (bool, optional): whether the reduced dimensions stay, with size 1. Default: ``False``.
        unbiased (bool, optional): the older spelling of ``correction`` (True: 1, False: 0).
        correction (int, optional): subtracted from the number of elements in the divisor. Default: 1.
        out (Tensor, optional): the tensor to write the result into.

    Returns:
        Tensor: the standard deviations.

    Example::

        >>> torch.std(torch.tensor([1., 2., 3., 4.]))
        tensor(1.2910)""",
    "torch.var": """The variance of the elements of ``input``, over ``dim`` or all of them.

    Args:
        input (Tensor): the input tensor.
        dim (int or tuple of ints, optional): the dimension(s) to reduce; None reduces all of them.
        keepdim (bool, optional): whether the reduced dimensions stay, with size 1. Default: ``False``.
        unbiased (bool, optional): the older spelling of ``correction`` (True: 1, False: 0).
        correction (int, optional): subtracted from the number of elements in the divisor. Default: 1.
        out (Tensor, optional): the tensor to write the result into.

    Returns:
        Tensor: the variances.

    Example::

        >>> torch.var(torch.tensor([1., 2., 3., 4.]), correction=0)
        tensor(1.2500)""",
    "torch.norm": """The ``p``-norm of ``input`` over ``dim`` (of all its elements when None); the older
    interface of :func:`tensorlib.linalg.vector_norm` and :func:`tensorlib.linalg.matrix_norm`.

    Args:
        input (Tensor): the input tensor.
        p (float or str): the order: a number, ``inf``, ``"fro"`` (Frobenius) or ``"nuc"`` (nuclear).
        dim (int or tuple of ints, optional): the dimension(s) to reduce.
        keepdim (bool): whether the reduced dimensions stay, with size 1. Default: ``False``.
        out (Tensor, optional): the tensor to write the result into.
        dtype (dtype, optional): the dtype ``input`` is cast to first (and of the result).

    Returns:
        Tensor: the norms.

    Example::

        >>> torch.norm(torch.tensor([3., 4.]))
        tensor(5.)""",
    "torch.logsumexp": """``log(sum(exp(input)))`` over ``dim``, computed without overflow.

    Args:
        input (Tensor): the input tensor.
        dim (int or tuple of ints): the dimension(s) to reduce.
        keepdim (bool, optional): whether the reduced dimensions stay, with size 1. Default: ``False``.
        out (Tensor, optional): the tensor to write the result into.

    Returns:
        Tensor: the results.

    Example::

        >>> torch.logsumexp(torch.tensor([0., 0.]), dim=0)
        tensor(0.6931)""",
    "torch.all": """Whether all elements of ``input`` are nonzero (true), over ``dim`` or all of them.

    Args:
        input (Tensor): the input tensor.
        dim (int or tuple of ints, optional): the dimension(s) to reduce; None reduces all of them.
        keepdim (bool, optional): whether the reduced dimensions stay, with size 1. Default: ``False``.
        out (Tensor, optional): the tensor to write the result into.

    Returns:
        Tensor: bool results (uint8 for a uint8 input).

    Example::

        >>> torch.all(torch.tensor([[True, False], [True, True]]), dim=1)
        tensor([False,  True])""",
    "torch.any": """Whether any element of ``input`` is nonzero (true), over ``dim`` or all of them.

    Args:
        input (Tensor): the input tensor.
        dim (int or tuple of ints, optional): the dimension(s) to reduce; None reduces all of them.
        keepdim (bool, optional): whether the reduced dimensions stay, with size 1. Default: ``False``.
        out (Tensor, optional): the tensor to write the result into.

    Returns:
        Tensor: bool results (uint8 for a uint8 input).

    Example::

        >>> torch.any(torch.tensor([0, 0, 3]))
        tensor(True)""",
    "torch.cumsum": """The cumulative sums of ``input`` along ``dim``: element i is the sum of elements 0..i.

    Args:
        input (Tensor): the input tensor.
        dim (int): the dimension to accumulate along.
        dtype (dtype, optional): the dtype ``input`` is cast to first (and of the result).
        out (Tensor, optional): the tensor to write the result into.

    Returns:
        Tensor: the sums, of ``input``'s shape.

    Example::

        >>> torch.cumsum(torch.tensor([1, 2, 3]), dim=0)
        tensor([1, 3, 6])""",
    "torch.cumprod": """The cumulative products of ``input`` along ``dim``: element i is the product of elements 0..i.

    Args:
        input (Tensor): the input tensor.
        dim (int): the dimension to accumulate along.
        dtype (dtype, optional): the dtype ``input`` is cast to first (and of the result).
        out (Tensor, optional): the tensor to write the result into.

    Returns:
        Tensor: the products, of ``input``'s shape.

    Example::

        >>> torch.cumprod(torch.tensor([1., 2., 3.]), dim=0)
        tensor([1., 2., 6.])""",
    "torch.sort": """Sorts the elements of ``input`` along ``dim``.

    Args:
        input (Tensor): the input tensor.
        dim (int): the dimension to sort along. Default: ``-1``.
        descending (bool): whether the largest come first. Default: ``False``.
        stable (bool): whether equal elements keep their order. Default: ``False``.
        out (Tensor, optional): the tensor to write the result into.

    Returns:
        (Tensor, Tensor): the named tuple ``(values, indices)``: the sorted values and where they were.

    Example::

        >>> torch.sort(torch.tensor([3., 1., 2.]))
        torch.return_types.sort(
        values=tensor([1., 2., 3.]),
        indices=tensor([1, 2, 0]))""",
    "torch.topk": """The ``k`` largest (or smallest) elements of ``input`` along ``dim`` and their indices.

    Args:
        input (Tensor): the input tensor.
        k (int): how many elements to return.
        dim (int): the dimension to search along. Default: ``-1``.
        largest (bool): True for the largest elements, False for the smallest. Default: ``True``.
        sorted (bool): whether the results come in order. Default: ``True``.
        out (Tensor, optional): the tensor to write the result into.

    Returns:
        (Tensor, Tensor): the named tuple ``(values, indices)``.

    Example::

        >>> torch.topk(torch.tensor([1., 4., 2., 3.]), 2).values
        tensor([4., 3.])""",
    "torch.median": """The median of the elements of ``input`` (the lower of the two middle ones for an even
    count); with ``dim``, the median of each slice and where it is.

    Args:
        input (Tensor): the input tensor.
        dim (int, optional): the dimension to reduce; None reduces all of them.
        keepdim (bool, optional): whether the reduced dimensions stay, with size 1. Default: ``False``.
        out (Tensor, optional): the tensor to write the result into.

    Returns:
        Tensor or (Tensor, Tensor): without ``dim``, a 0-d tensor; with ``dim``, the named tuple
        ``(values, indices)`` of the medians along ``dim`` and their positions.

    Example::

        >>> torch.median(torch.tensor([4., 1., 3., 2.]))
        tensor(2.)""",
    "torch.tril": """The lower triangle of the matrix ``input`` (or of each of a batch): the elements on and
    below ``diagonal``, the others zero.

    Args:
        input (Tensor): the input, at least 2-D.
        diagonal (int): 0 the main diagonal, positive above it, negative below. Default: ``0``.
        out (Tensor, optional): the tensor to write the result into.

    Returns:
        Tensor: the lower triangle.

    Example::

        >>> torch.tril(torch.ones(3, 3))
        tensor([[1., 0., 0.],
                [1., 1., 0.],
                [1., 1., 1.]])""",
    "torch.triu": """The upper triangle of the matrix ``input`` (or of each of a batch): the elements on and
    above ``diagonal``, the others zero.

    Args:
        input (Tensor): the input, at least 2-D.
        diagonal (int): 0 the main diagonal, positive above it, negative below. Default: ``0``.
        out (Tensor, optional): the tensor to write the result into.

    Returns:
        Tensor: the upper triangle.

    Example::

        >>> torch.triu(torch.ones(2, 2), diagonal=1)
        tensor([[0., 1.],
                [0., 0.]])""",
    "torch.cat": """Joins ``tensors`` along the existing dimension ``dim``; their other sizes must agree
    (empty 1-D tensors are skipped).

    Args:
        tensors (sequence of Tensors): the tensors to join.
        dim (int): the dimension to join along. Default: ``0``.
        out (Tensor, optional): the tensor to write the result into.

    Returns:
        Tensor: the joined tensor.

    Example::

        >>> torch.cat([torch.tensor([[1, 2]]), torch.tensor([[3, 4]])], dim=0)
        tensor([[1, 2],
                [3, 4]])""",
    "torch.stack": """Joins ``tensors``, all of one shape, along a new dimension ``dim``.

    Args:
        tensors (sequence of Tensors): the tensors to join.
        dim (int): where the new dimension goes. Default: ``0``.
        out (Tensor, optional): the tensor to write the result into.

    Returns:
        Tensor: the stacked tensor, one dimension more than the inputs.

    Example::

        >>> torch.stack([torch.tensor([1, 2]), torch.tensor([3, 4])], dim=1)
        tensor([[1, 3],
                [2, 4]])""",
    "torch.hstack": """Joins ``tensors`` horizontally: along dimension 1, or 0 for 1-D tensors.

    Args:
        tensors (sequence of Tensors): the tensors to join.
        out (Tensor, optional): the tensor to write the result into.

    Returns:
        Tensor: the joined tensor.

    Example::

        >>> torch.hstack([torch.tensor([1, 2]), torch.tensor([3])])
        tensor([1, 2, 3])""",
    "torch.vstack": """Joins ``tensors`` vertically, along dimension 0, after making 1-D tensors rows (1 x n).

    Args:
        tensors (sequence of Tensors): the tensors to join.
        out (Tensor, optional): the tensor to write the result into.

    Returns:
        Tensor: the joined tensor.

    Example::

        >>> torch.vstack([torch.tensor([1, 2]), torch.tensor([3, 4])])
        tensor([[1, 2],
                [3, 4]])""",
    "torch.dstack": """Joins ``tensors`` along their third dimension, after making each at least 3-D.

    Args:
        tensors (sequence of Tensors): the tensors to join.
        out (Tensor, optional): the tensor to write the result into.

    Returns:
        Tensor: the joined tensor.

    Example::

        >>> torch.dstack([torch.tensor([1, 2]), torch.tensor([3, 4])]).shape
        torch.Size([1, 2, 2])""",
}


def document(mixin, functions):
    """Gives the methods of ``mixin`` and the functions in ``functions`` (a module's globals) their
    docstrings."""
    for name, doc in DOCS.items():
        if name.startswith("torch."):
            functions[name[len("torch."):]].__doc__ = doc
        else:
            getattr(mixin, name).__doc__ = doc
