"""``torch.autograd.functional``: Jacobians, Hessians and their products with vectors
(``jacobian``, ``hessian``, ``vjp``, ``jvp``, ``hvp``, ``vhp``) of a function of tensors,
built on ``tensorlib.autograd.grad``.

Each takes ``func`` and ``inputs`` (a tensor or a tuple of tensors); the results follow the
structure of the inputs and outputs (a tensor for a tensor, tuples for tuples).  Without
``create_graph`` the results are detached; with it they can be differentiated again.
``strict=True`` raises where an output does not depend on an input instead of giving zeros;
``vectorize`` is accepted (the rows are computed one by one either way)."""
from .._C import TensorBase
from . import _stack, grad
from .grad_mode import enable_grad

_STRATEGIES = ("forward-mode", "reverse-mode")


def _as_tuple(value, what, fn_name):
    """(whether ``value`` was a tuple, ``value`` as a tuple of tensors), or PyTorch's TypeError."""
    is_tuple = isinstance(value, (tuple, list))
    values = tuple(value) if is_tuple else (value,)
    for index, item in enumerate(values):
        if not isinstance(item, TensorBase):
            where = f"the value at index {index} has" if is_tuple else f"the given {what} has"
            raise TypeError(f"The {what} given to {fn_name} must be either a Tensor or a tuple of Tensors but "
                            f"{where} type {type(item)}.")
    return is_tuple, values


def _shaped(is_tuple, values):
    return values if is_tuple else values[0]


def _differentiable_inputs(inputs, create_graph):
    """The inputs as leaves of a fresh graph (kept connected to theirs with ``create_graph``)."""
    if create_graph:
        return tuple(x.view_as(x) if x.requires_grad else x.detach().requires_grad_() for x in inputs)
    return tuple(x.detach().requires_grad_() for x in inputs)


def _finish(values, create_graph):
    return tuple(v if create_graph or v is None else v.detach() for v in values)


def _check_outputs_differentiable(outputs, strict):
    if strict:
        for index, out in enumerate(outputs):
            if not out.requires_grad:
                raise RuntimeError(f"Output {index} of the user-provided function does not require gradients. The "
                                   "outputs must be computed in a differentiable manner from the input when running "
                                   "in strict mode.")


def _gradients(outputs, inputs, grad_outputs, create_graph, strict, independence):
    """``grad`` of the outputs that require grad, zeros for inputs they do not reach (``strict``:
    PyTorch's error, ``independence(index)`` its message)."""
    pairs = [(o, g) for o, g in zip(outputs, grad_outputs) if o.requires_grad]
    found = grad(tuple(o for o, _ in pairs), inputs, tuple(g for _, g in pairs), retain_graph=True,
                 create_graph=create_graph, allow_unused=True) if pairs else (None,) * len(inputs)
    result = []
    for index, (g, x) in enumerate(zip(found, inputs)):
        if g is None:
            if strict:
                raise RuntimeError(independence(index))
            g = x.new_zeros(x.shape)
        result.append(g)
    return tuple(result)


def _check_vectors(v, references, what_none, fn_name):
    """``v`` as a tuple matching ``references`` in sizes; None allowed for one single-element reference."""
    if v is None:
        if len(references) != 1 or references[0].numel() != 1:
            raise RuntimeError(f"The vector v can only be None if {what_none} a single Tensor with a single "
                               "element.")
        return (references[0].new_ones(references[0].shape),)
    _, vectors = _as_tuple(v, "v", fn_name)
    if len(vectors) != len(references):
        raise RuntimeError(f"v is a tuple of invalid length: should be {len(references)} but got {len(vectors)}.")
    for vector, reference in zip(vectors, references):
        if vector.shape != reference.shape:
            raise RuntimeError(f"v has invalid size: should be {reference.shape} but got {vector.shape}.")
    return vectors


def vjp(func, inputs, v=None, create_graph=False, strict=False):
    """Returns ``(func(*inputs), v^T J)``: the outputs and the vector-Jacobian product at ``inputs``.

    Args:
        func (callable): takes the inputs and returns a tensor or a tuple of tensors.
        inputs (Tensor or tuple of Tensor): the point.
        v (Tensor or tuple, optional): shaped as the outputs; may be omitted for one
            single-element output.
        create_graph (bool): make the result differentiable. Default: ``False``.
        strict (bool): raise when an output does not depend on an input. Default: ``False``.

    Returns:
        tuple: ``(outputs, vjp)``, ``vjp`` shaped as the inputs.

    Example::

        >>> from torch.autograd.functional import vjp
        >>> vjp(lambda x: x ** 2, torch.tensor([1.0, 2.0]), torch.tensor([1.0, 1.0]))
        (tensor([1., 4.]), tensor([2., 4.]))
    """
    with enable_grad():
        in_tuple, inputs = _as_tuple(inputs, "inputs", "vjp")
        inputs = _differentiable_inputs(inputs, create_graph)
        out_tuple, outputs = _as_tuple(func(*inputs), "outputs of the user-provided function", "vjp")
        _check_outputs_differentiable(outputs, strict)
        vectors = _check_vectors(v, outputs, "the user-provided function returns", "vjp")
        grads = _gradients(outputs, inputs, vectors, create_graph, strict, lambda i: (
            f"The output of the user-provided function is independent of input {i}. This is not allowed in "
            "strict mode."))
    return _shaped(out_tuple, _finish(outputs, create_graph)), _shaped(in_tuple, _finish(grads, create_graph))


def jvp(func, inputs, v=None, create_graph=False, strict=False):
    """Returns ``(func(*inputs), J v)``: the outputs and the Jacobian-vector product at ``inputs``.

    Computed with two reverse-mode passes (the double-backward trick).

    Args:
        func (callable): takes the inputs and returns a tensor or a tuple of tensors.
        inputs (Tensor or tuple of Tensor): the point.
        v (Tensor or tuple, optional): shaped as the inputs; may be omitted for one single-element input.
        create_graph (bool): make the result differentiable. Default: ``False``.
        strict (bool): raise when an output does not depend on an input. Default: ``False``.

    Returns:
        tuple: ``(outputs, jvp)``, ``jvp`` shaped as the outputs.

    Example::

        >>> from torch.autograd.functional import jvp
        >>> jvp(lambda x: x ** 2, torch.tensor([1.0, 2.0]), torch.tensor([1.0, 0.0]))
        (tensor([1., 4.]), tensor([2., 0.]))
    """
    with enable_grad():
        _, inputs = _as_tuple(inputs, "inputs", "jvp")
        inputs = _differentiable_inputs(inputs, create_graph)
        vectors = _check_vectors(v, inputs, "the input to the user-provided function is", "jvp")
        out_tuple, outputs = _as_tuple(func(*inputs), "outputs of the user-provided function", "jvp")
        _check_outputs_differentiable(outputs, strict)
        # J^T u is linear in u: differentiating it along v with respect to u gives J v
        dummies = tuple(o.new_zeros(o.shape).requires_grad_() for o in outputs)
        transposed = _gradients(outputs, inputs, dummies, True, strict, lambda i: (
            f"The output of the user-provided function is independent of input {i}. This is not allowed in "
            "strict mode."))
        products = _gradients(transposed, dummies, vectors, create_graph, False, None)
    return _shaped(out_tuple, _finish(outputs, create_graph)), _shaped(out_tuple, _finish(products, create_graph))


def _jacobian_rows(output, inputs, create_graph, strict, out_index):
    """For each input, d output / d input shaped ``output.shape + input.shape``."""
    flat = output.reshape(-1)
    rows = [_gradients((flat[k],), inputs, (flat.new_ones(()),), create_graph, strict, lambda i: (
        f"Output {out_index} of the user-provided function is independent of input {i}. This is not allowed "
        "in strict mode.")) for k in range(flat.shape[0])]
    blocks = []
    for index, x in enumerate(inputs):
        if rows:
            block = _stack([row[index] for row in rows])
        else:
            block = x.new_zeros((0,) + tuple(x.shape))
        blocks.append(block.reshape(tuple(output.shape) + tuple(x.shape)))
    return tuple(blocks)


def jacobian(func, inputs, create_graph=False, strict=False, vectorize=False, strategy="reverse-mode"):
    """Returns the Jacobian of ``func`` at ``inputs``.

    Args:
        func (callable): takes the inputs and returns a tensor or a tuple of tensors.
        inputs (Tensor or tuple of Tensor): the point.
        create_graph (bool): make the result differentiable. Default: ``False``.
        strict (bool): raise when an output does not depend on an input. Default: ``False``.
        vectorize (bool): accepted; the rows are computed one by one either way. Default: ``False``.
        strategy (str): ``'reverse-mode'``, or ``'forward-mode'`` (only with ``vectorize=True``).
            Default: ``'reverse-mode'``.

    Returns:
        Tensor, or nested tuples for tuple inputs/outputs: each block shaped
        ``output.shape + input.shape``.

    Example::

        >>> from torch.autograd.functional import jacobian
        >>> jacobian(lambda x: x ** 2, torch.tensor([1.0, 2.0]))
        tensor([[2., 0.],
                [0., 4.]])
    """
    if strategy not in _STRATEGIES:
        raise AssertionError('Expected strategy to be either "forward-mode" or "reverse-mode". Hint: If your '
                             'function has more outputs than inputs, "forward-mode" tends to be more performant. '
                             'Otherwise, prefer to use "reverse-mode".')
    if strategy == "forward-mode" and not vectorize:
        raise NotImplementedError("Computing Jacobian using forward-AD or forward-over-reverse Hessian is"
                                  "only implemented for `vectorize=True`.")
    if strict and vectorize:
        raise RuntimeError("torch.autograd.functional.jacobian: `strict=True` and `vectorized=True` are not "
                           "supported together. Please either set `strict=False` or `vectorize=False`.")
    with enable_grad():
        in_tuple, inputs = _as_tuple(inputs, "inputs", "jacobian")
        inputs = _differentiable_inputs(inputs, create_graph)
        out_tuple, outputs = _as_tuple(func(*inputs), "outputs of the user-provided function", "jacobian")
        _check_outputs_differentiable(outputs, strict)
        per_output = [_finish(_jacobian_rows(out, inputs, create_graph, strict, index), create_graph)
                      for index, out in enumerate(outputs)]
    return _shaped(out_tuple, tuple(_shaped(in_tuple, blocks) for blocks in per_output))


def _scalar_output(func, inputs, fn_name):
    out_tuple, outputs = _as_tuple(func(*inputs), "outputs of the user-provided function", fn_name)
    if out_tuple or len(outputs) != 1:
        raise RuntimeError(f"The function given to {fn_name} should return a single Tensor")
    if outputs[0].numel() != 1:
        raise RuntimeError(f"The Tensor returned by the function given to {fn_name} should contain a single element")
    return outputs[0]


def hessian(func, inputs, create_graph=False, strict=False, vectorize=False, outer_jacobian_strategy="reverse-mode"):
    """Returns the Hessian of the single-element ``func`` at ``inputs``.

    Args:
        func (callable): takes the inputs and returns a single-element tensor.
        inputs (Tensor or tuple of Tensor): the point.
        create_graph (bool): make the result differentiable. Default: ``False``.
        strict (bool): raise when the output does not depend on an input. Default: ``False``.
        vectorize (bool): accepted; the rows are computed one by one. Default: ``False``.
        outer_jacobian_strategy (str): ``'reverse-mode'`` or ``'forward-mode'``. Default: ``'reverse-mode'``.

    Returns:
        Tensor, or nested tuples for tuple inputs: the block of inputs ``i`` and ``j`` shaped
        ``input_i.shape + input_j.shape``.

    Example::

        >>> from torch.autograd.functional import hessian
        >>> hessian(lambda x: (x ** 3).sum(), torch.tensor([1.0, 2.0]))
        tensor([[ 6.,  0.],
                [ 0., 12.]])
    """
    in_tuple, _ = _as_tuple(inputs, "inputs", "hessian")

    def gradient(*xs):
        out = _scalar_output(func, xs, "hessian")
        _check_outputs_differentiable((out,), strict)
        grads = _gradients((out,), xs, (out.new_ones(out.shape),), True, strict, lambda i: (
            f"The output of the user-provided function is independent of input {i}. This is not allowed in "
            "strict mode."))
        return grads if in_tuple else grads[0]

    return jacobian(gradient, inputs, create_graph, strict, vectorize, outer_jacobian_strategy)


def _hessian_product(func, inputs, v, create_graph, strict, fn_name):
    with enable_grad():
        in_tuple, inputs = _as_tuple(inputs, "inputs", fn_name)
        inputs = _differentiable_inputs(inputs, create_graph)
        vectors = _check_vectors(v, inputs, "the input to the user-provided function is", fn_name)
        out = _scalar_output(func, inputs, fn_name)
        _check_outputs_differentiable((out,), strict)
        independence = (lambda i: f"The output of the user-provided function is independent of input {i}. This is "
                        "not allowed in strict mode.")
        grads = _gradients((out,), inputs, (out.new_ones(out.shape),), True, strict, independence)
        # the Hessian of a twice-differentiable function is symmetric: v^T H and H v agree
        products = _gradients(grads, inputs, vectors, create_graph, strict, lambda i: (
            f"The hessian of the user-provided function with respect to input {i} is independent of the input. "
            "This is not allowed in strict mode."))
    return _finish((out,), create_graph)[0], _shaped(in_tuple, _finish(products, create_graph))


def vhp(func, inputs, v=None, create_graph=False, strict=False):
    """Returns ``(func(*inputs), v^T H)``: the single-element output and the product of ``v`` with the Hessian.

    Args:
        func (callable): takes the inputs and returns a single-element tensor.
        inputs (Tensor or tuple of Tensor): the point.
        v (Tensor or tuple, optional): shaped as the inputs.
        create_graph (bool): make the result differentiable. Default: ``False``.
        strict (bool): raise when the output does not depend on an input. Default: ``False``.

    Returns:
        tuple: ``(output, vhp)``, ``vhp`` shaped as the inputs.
    """
    return _hessian_product(func, inputs, v, create_graph, strict, "vhp")


def hvp(func, inputs, v=None, create_graph=False, strict=False):
    """Returns ``(func(*inputs), H v)``: the single-element output and the product of the Hessian with ``v``.

    Args:
        func (callable): takes the inputs and returns a single-element tensor.
        inputs (Tensor or tuple of Tensor): the point.
        v (Tensor or tuple, optional): shaped as the inputs.
        create_graph (bool): make the result differentiable. Default: ``False``.
        strict (bool): raise when the output does not depend on an input. Default: ``False``.

    Returns:
        tuple: ``(output, hvp)``, ``hvp`` shaped as the inputs.

    Example::

        >>> from torch.autograd.functional import hvp
        >>> hvp(lambda x: (x ** 3).sum(), torch.tensor([1.0, 2.0]), torch.tensor([1.0, 1.0]))
        (tensor(9.), tensor([ 6., 12.]))
    """
    return _hessian_product(func, inputs, v, create_graph, strict, "hvp")
