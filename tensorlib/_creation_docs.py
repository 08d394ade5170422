"""The docstrings of the factories of ``_creation`` (``torch.tensor``, ``torch.zeros``...), kept
beside it so that the module stays within the size limit."""

_FACTORY_ARGS = """
    dtype (dtype, optional): the dtype of the result; the default dtype when None.
    device (device or str, optional): the device of the result; the CPU when None.
    requires_grad (bool): whether autograd records operations on the result. Default: ``False``."""
_SIZES = """
    size (int... or tuple of ints): the shape of the result, as ints or one sequence (or ``size=``)."""
_OUT = """
    out (Tensor, optional): the tensor to write the result into."""
_LIKE = """
    input (Tensor): the tensor whose shape (and, unless given, dtype and device) to take.""" + _FACTORY_ARGS + """
    memory_format (optional): the layout of the result; by default ``input``'s strides where dense."""
_GENERATOR = """
    generator (Generator, optional): the generator to draw from; the default generator when None."""
_LIKE_DRAWN = _LIKE.replace("\n    dtype", _GENERATOR + "\n    dtype", 1)

DOCS = {
    "tensor": """Makes a tensor holding a copy of ``data``.

Args:
    data (array_like): a number, a (nested) sequence of numbers or tensors, a NumPy array or a
        tensor.""" + _FACTORY_ARGS + """
    pin_memory (bool): accepted for PyTorch's signature.

Returns:
    Tensor: a new tensor; its dtype is inferred from ``data`` when not given (bool, int64, or the
    default float dtype).

Example::

    >>> torch.tensor([[1, 2], [3, 4]])
    tensor([[1, 2],
            [3, 4]])
    >>> torch.tensor([1.5, 2], dtype=torch.float64)
    tensor([1.5000, 2.0000], dtype=torch.float64)""",
    "as_tensor": """Makes a tensor from ``data``, sharing its memory where possible: a tensor of the
requested dtype and device, or a NumPy array of the CPU, is not copied.

Args:
    data (array_like): a number, a sequence, a NumPy array or a tensor.
    dtype (dtype, optional): the dtype of the result; inferred from ``data`` when None.
    device (device or str, optional): the device of the result.

Returns:
    Tensor: ``data`` itself, a view of its memory, or a new tensor.

Example::

    >>> torch.as_tensor([1, 2])
    tensor([1, 2])""",
    "from_numpy": """A tensor sharing the memory of the NumPy array ``array``: writes to either show in
the other.

Args:
    array (numpy.ndarray): an array of a supported dtype.

Returns:
    Tensor: a CPU tensor of the array's shape, strides and dtype.

Example::

    >>> import numpy as np
    >>> a = np.array([1., 2.])
    >>> t = torch.from_numpy(a)
    >>> a[0] = 5
    >>> t
    tensor([5., 2.], dtype=torch.float64)""",
    "empty": """A tensor of the given shape whose elements are not initialised.

Args:""" + _SIZES + _FACTORY_ARGS + _OUT + """
    layout (optional): only the strided layout is supported.
    pin_memory (bool): accepted for PyTorch's signature.
    memory_format (optional): the layout of the elements.

Returns:
    Tensor: the new tensor.

Example::

    >>> torch.empty(2, 3).shape
    torch.Size([2, 3])""",
    "zeros": """A tensor of the given shape filled with zeros.

Args:""" + _SIZES + _FACTORY_ARGS + _OUT + """
    layout (optional): only the strided layout is supported.

Returns:
    Tensor: the new tensor.

Example::

    >>> torch.zeros(2, 3)
    tensor([[0., 0., 0.],
            [0., 0., 0.]])""",
    "ones": """A tensor of the given shape filled with ones.

Args:""" + _SIZES + _FACTORY_ARGS + _OUT + """
    layout (optional): only the strided layout is supported.

Returns:
    Tensor: the new tensor.

Example::

    >>> torch.ones(2, dtype=torch.int32)
    tensor([1, 1], dtype=torch.int32)""",
    "full": """A tensor of shape ``size`` filled with ``fill_value``.

Args:
    size (tuple of ints): the shape of the result.
    fill_value (Number): the value of every element; it sets the dtype when ``dtype`` is None
        (bool, int64 or the default float).""" + _FACTORY_ARGS + _OUT + """
    layout (optional): only the strided layout is supported.

Returns:
    Tensor: the new tensor.

Example::

    >>> torch.full((2, 2), 7.)
    tensor([[7., 7.],
            [7., 7.]])""",
    "empty_strided": """An uninitialised tensor with the given sizes and strides (counted in elements).

Args:
    size (tuple of ints): the shape of the result.
    stride (tuple of ints): its strides.""" + _FACTORY_ARGS + """

Returns:
    Tensor: the new tensor.

Example::

    >>> torch.empty_strided((2, 3), (1, 2)).stride()
    (1, 2)""",
    "eye": """The ``n`` x ``m`` matrix with ones on the main diagonal and zeros elsewhere.

Args:
    n (int): the number of rows.
    m (int, optional): the number of columns; ``n`` when None.""" + _FACTORY_ARGS + _OUT + """

Returns:
    Tensor: the new matrix.

Example::

    >>> torch.eye(2, 3)
    tensor([[1., 0., 0.],
            [0., 1., 0.]])""",
    "arange": """The numbers from ``start`` up to, not including, ``end``, ``step`` apart; with one
argument, from 0 up to it.

Args:
    start (Number): the first number (or the end, when it is the only argument).
    end (Number, optional): the bound, not included.
    step (Number): the distance between numbers. Default: ``1``.""" + _FACTORY_ARGS.replace(
        "the default dtype when None.", "int64 when every argument is an int, else the default dtype.") + _OUT + """

Returns:
    Tensor: a 1-D tensor of ``ceil((end - start) / step)`` numbers.

Example::

    >>> torch.arange(5)
    tensor([0, 1, 2, 3, 4])
    >>> torch.arange(1, 2.5, 0.5)
    tensor([1.0000, 1.5000, 2.0000])""",
    "linspace": """``steps`` numbers evenly spaced from ``start`` to ``end``, both included.

Args:
    start (Number): the first number.
    end (Number): the last number.
    steps (int): how many numbers.""" + _FACTORY_ARGS + _OUT + """

Returns:
    Tensor: a 1-D tensor of ``steps`` numbers.

Example::

    >>> torch.linspace(0, 1, steps=5)
    tensor([0.0000, 0.2500, 0.5000, 0.7500, 1.0000])""",
    "logspace": """``steps`` numbers ``base ** x``, for x evenly spaced from ``start`` to ``end``.

Args:
    start (Number): the first exponent.
    end (Number): the last exponent.
    steps (int): how many numbers.
    base (float): the base of the powers. Default: ``10.0``.""" + _FACTORY_ARGS + """

Returns:
    Tensor: a 1-D tensor of ``steps`` numbers.

Example::

    >>> torch.logspace(0, 2, steps=3)
    tensor([  1.,  10., 100.])""",
    "randperm": """A random permutation of the integers 0 to ``n - 1``.

Args:
    n (int): how many integers.
    generator (Generator, optional): the generator to draw from; the default generator when None.
    dtype (dtype, optional): the dtype of the result. Default: int64.
    device (device or str, optional): the device of the result.
    requires_grad (bool): whether autograd records operations on the result. Default: ``False``.

Returns:
    Tensor: a 1-D tensor of ``n`` integers.

Example::

    >>> _ = torch.manual_seed(0)
    >>> torch.randperm(4)
    tensor([0, 1, 3, 2])""",
    "empty_like": """An uninitialised tensor of the shape of ``input``.

Args:""" + _LIKE + """

Returns:
    Tensor: the new tensor.""",
    "zeros_like": """A tensor of zeros of the shape of ``input``.

Args:""" + _LIKE + """

Returns:
    Tensor: the new tensor.

Example::

    >>> torch.zeros_like(torch.tensor([[1, 2]]))
    tensor([[0, 0]])""",
    "ones_like": """A tensor of ones of the shape of ``input``.

Args:""" + _LIKE + """

Returns:
    Tensor: the new tensor.

Example::

    >>> torch.ones_like(torch.tensor([1., 2.]))
    tensor([1., 1.])""",
    "full_like": """A tensor of the shape of ``input`` filled with ``fill_value``.

Args:""" + _LIKE.replace("\n    dtype", "\n    fill_value (Number): the value of every element.\n    dtype", 1) + """

Returns:
    Tensor: the new tensor.

Example::

    >>> torch.full_like(torch.tensor([1, 2]), 9)
    tensor([9, 9])""",
    "rand": """Numbers drawn uniformly from [0, 1), in a tensor of the given shape (PyTorch's stream of
draws: the same seed gives the same numbers).

Args:""" + _SIZES + _GENERATOR + _FACTORY_ARGS + _OUT + """

Returns:
    Tensor: the draws.

Example::

    >>> g = torch.Generator().manual_seed(0)
    >>> torch.rand(2, 2, generator=g)
    tensor([[0.4963, 0.7682],
            [0.0885, 0.1320]])""",
    "randn": """Draws from the standard normal distribution (mean 0, variance 1), in a tensor of the given
shape (PyTorch's stream of draws).

Args:""" + _SIZES + _GENERATOR + _FACTORY_ARGS + _OUT + """

Returns:
    Tensor: the draws.

Example::

    >>> g = torch.Generator().manual_seed(0)
    >>> torch.randn(3, generator=g)
    tensor([ 1.5410, -0.2934, -2.1788])""",
    "randint": """Integers drawn uniformly from [``low``, ``high``), in a tensor of shape ``size``;
``randint(high, size)`` draws from [0, ``high``).

Args:
    low (int): the lowest integer drawn. Default: 0.
    high (int): one above the highest integer drawn.
    size (tuple of ints): the shape of the result.
    generator (Generator, optional): the generator to draw from; the default generator when None.
    dtype (dtype, optional): the dtype of the result. Default: int64.
    device (device or str, optional): the device of the result.
    requires_grad (bool): whether autograd records operations on the result. Default: ``False``.""" + _OUT + """

Returns:
    Tensor: the draws.

Example::

    >>> g = torch.Generator().manual_seed(0)
    >>> torch.randint(0, 10, (4,), generator=g)
    tensor([4, 9, 3, 0])""",
    "rand_like": """Numbers drawn uniformly from [0, 1) in the shape of ``input`` (drawn in the order of its
memory, as PyTorch's are).

Args:""" + _LIKE_DRAWN + """

Returns:
    Tensor: the draws.

Example::

    >>> g = torch.Generator().manual_seed(0)
    >>> torch.rand_like(torch.zeros(2), generator=g)
    tensor([0.4963, 0.7682])""",
    "randn_like": """Draws from the standard normal distribution in the shape of ``input``; as PyTorch's, one at a
time in memory order where ``input``'s layout is a permuted one (the result is not contiguous then).

Args:""" + _LIKE_DRAWN + """

Returns:
    Tensor: the draws.

Example::

    >>> g = torch.Generator().manual_seed(0)
    >>> torch.randn_like(torch.zeros(2), generator=g)
    tensor([ 1.5410, -0.2934])""",
    "randint_like": """Integers drawn uniformly from [``low``, ``high``) in the shape of ``input``;
``randint_like(input, high)`` draws from [0, ``high``).

Args:
    input (Tensor): the tensor whose shape (and, unless given, dtype and device) to take.
    low (int): the lowest integer drawn. Default: 0.
    high (int): one above the highest integer drawn.
    generator (Generator, optional): the generator to draw from.""" + _FACTORY_ARGS + """
    memory_format (optional): the layout of the result.

Returns:
    Tensor: the draws, of ``input``'s dtype unless ``dtype`` is given.

Example::

    >>> g = torch.Generator().manual_seed(0)
    >>> torch.randint_like(torch.zeros(3), 5, generator=g)
    tensor([4., 4., 3.])""",
}


def document(functions):
    """Gives the factories in ``functions`` (``_creation``'s globals) their docstrings."""
    for name, doc in DOCS.items():
        if name in functions:   # _creation and _creation_like share these docs
            functions[name].__doc__ = doc
