"""tensorlib.autograd: define-by-run reverse-mode automatic differentiation.

Ops record nodes (``graph.Node`` subclasses named as PyTorch's, see
``nodes``) on their results through the hooks in ``tensorlib._tensor_autograd``;
``backward``/``grad`` run the engine (``engine``) over that graph."""
import warnings

from .._C import TensorBase
from . import graph
from .._tensor import full_tensor
from ._recording import edge as _edge
from .engine import run_backward as _run_backward
from .function import Function, FunctionCtx, InplaceFunction, once_differentiable
from .grad_mode import (enable_grad, inference_mode, is_grad_enabled, is_inference_mode_enabled, no_grad,
                        set_grad_enabled)
from .gradcheck import GradcheckError, gradcheck, gradgradcheck
from .variable import Variable

__all__ = ["backward", "grad", "Function", "Variable", "no_grad", "enable_grad", "set_grad_enabled",
           "is_grad_enabled", "inference_mode", "is_inference_mode_enabled", "gradcheck", "gradgradcheck",
           "set_detect_anomaly", "detect_anomaly", "graph", "function"]

_CREATE_GRAPH_WARNING = (
    "Using backward() with create_graph=True will create a reference cycle between the parameter and its "
    "gradient which can cause a memory leak. We recommend using autograd.grad when creating the graph to avoid "
    "this. If you have to use this function, make sure to reset the .grad fields of your parameters to None after "
    "use to break the cycle and avoid the leak.")


_warned_create_graph = False


def _numel(shape):
    n = 1
    for s in shape:
        n *= s
    return n


def _as_tuple(x):
    if x is None:
        return None
    if isinstance(x, TensorBase):
        return (x,)
    return tuple(x)


def _size_repr(shape):
    return f"torch.Size({list(shape)})"


def _make_grads(outputs, grads):
    """The root gradients: the given ones (shape-checked) or ones for scalars."""
    if grads is None:
        grads = (None,) * len(outputs)
    elif len(grads) != len(outputs):
        raise RuntimeError("grad can be implicitly created only for scalar outputs" if not grads else
                           f"Mismatch in number of grad_outputs ({len(grads)}) and outputs ({len(outputs)})")
    new = []
    for i, (out, g) in enumerate(zip(outputs, grads)):
        if isinstance(g, TensorBase):
            if g._shape != out._shape:
                raise RuntimeError(f"Mismatch in shape: grad_output[{i}] has a shape of {_size_repr(g._shape)} "
                                   f"and output[{i}] has a shape of {_size_repr(out._shape)}.")
            new.append(g)
        elif g is None:
            if out._requires_grad:
                shape = out._shape
                if shape and _numel(shape) != 1:
                    raise RuntimeError("grad can be implicitly created only for scalar outputs")
                new.append(full_tensor(shape, 1, out._dtype, out._storage.device))
            else:
                new.append(None)
        else:
            new.append(out.new_full(out._shape, g))
    return new


def _root_edges(outputs):
    edges = []
    for i, out in enumerate(outputs):
        e = _edge(out)
        if e[0] is None:
            raise RuntimeError(f"element {i} of tensors does not require grad and does not have a grad_fn")
        edges.append(e)
    return edges


def backward(tensors, grad_tensors=None, retain_graph=None, create_graph=False, grad_variables=None, inputs=None):
    """Computes the gradients of ``tensors`` and accumulates them into the ``.grad`` of the graph's leaves.

    ``torch.autograd.backward(loss)`` is ``loss.backward()``.  Gradients add up over calls; zero
    them between steps.

    Args:
        tensors (Tensor or sequence of Tensor): the roots to differentiate.
        grad_tensors (Tensor or sequence, optional): the gradient of each root; may be omitted for
            single-element roots (it is then 1).
        retain_graph (bool, optional): keep the graph's saved tensors for another backward pass.
            Default: ``create_graph``.
        create_graph (bool): record the backward pass too, for higher-order derivatives.
            Default: ``False``.
        grad_variables: deprecated spelling of ``grad_tensors``.
        inputs (Tensor or sequence, optional): accumulate only into these tensors' ``.grad``.

    Example::

        >>> x = torch.tensor([1.0, 2.0], requires_grad=True)
        >>> torch.autograd.backward((x ** 2).sum())
        >>> x.grad
        tensor([2., 4.])
    """
    if grad_variables is not None:
        grad_tensors = grad_variables
    if inputs is not None and len(_as_tuple(inputs)) == 0:
        raise RuntimeError("`inputs` argument to `backward()` cannot be empty.")
    outputs = _as_tuple(tensors)
    grads = _make_grads(outputs, _as_tuple(grad_tensors))
    if retain_graph is None:
        retain_graph = create_graph
    global _warned_create_graph
    if create_graph and not _warned_create_graph:   # PyTorch warns once per process
        _warned_create_graph = True
        warnings.warn(_CREATE_GRAPH_WARNING, UserWarning, stacklevel=3)
    edges = _root_edges(outputs)
    targets = None
    if inputs is not None:
        targets = []
        for t in _as_tuple(inputs):
            t.retain_grad()
            targets.append(_edge(t))
    _run_backward(edges, grads, retain_graph, create_graph, accumulate_into=targets)


def grad(outputs, inputs, grad_outputs=None, retain_graph=None, create_graph=False, only_inputs=True,
         allow_unused=None, is_grads_batched=False, materialize_grads=False):
    """Returns the gradients of ``outputs`` with respect to ``inputs``, without touching any ``.grad``.

    Args:
        outputs (Tensor or sequence of Tensor): the tensors to differentiate.
        inputs (Tensor or sequence of Tensor): the tensors to differentiate with respect to.
        grad_outputs (Tensor or sequence, optional): the gradient of each output (the vector of the
            vector-Jacobian product); may be omitted for single-element outputs.
        retain_graph (bool, optional): keep the graph for another pass. Default: ``create_graph``.
        create_graph (bool): record the computation of the gradients, so that they can be
            differentiated again. Default: ``False``.
        only_inputs (bool): deprecated and ignored.
        allow_unused (bool, optional): give None for an input the outputs do not depend on, rather
            than raising. Default: ``False``.
        is_grads_batched (bool): treat dim 0 of each ``grad_outputs`` as a batch of vectors and
            return a batch of gradients. Default: ``False``.
        materialize_grads (bool): give zeros rather than None for unused inputs. Default: ``False``.

    Returns:
        tuple of Tensor: one gradient per input.

    Example::

        >>> x = torch.tensor(3.0, requires_grad=True)
        >>> y = x ** 3
        >>> (dy,) = torch.autograd.grad(y, x, create_graph=True)
        >>> dy
        tensor(27., grad_fn=<MulBackward0>)
        >>> torch.autograd.grad(dy, x)
        (tensor(18.),)
    """
    if is_grads_batched:
        return _batched_grad(outputs, inputs, grad_outputs, retain_graph, create_graph, allow_unused,
                             materialize_grads)
    if materialize_grads and allow_unused is False:
        raise ValueError("Expected allow_unused to be True or not passed when materialize_grads=True, but got: "
                         "allow_unused=False.")
    if allow_unused is None:
        allow_unused = materialize_grads
    outputs = _as_tuple(outputs)
    inputs = _as_tuple(inputs)
    if not inputs:
        raise RuntimeError("`inputs` argument to `grad()` cannot be empty.")
    grads = _make_grads(outputs, _as_tuple(grad_outputs))
    if retain_graph is None:
        retain_graph = create_graph
    edges = _root_edges(outputs)
    captures = []
    for t in inputs:
        if not t._requires_grad:
            raise RuntimeError("One of the differentiated Tensors does not require grad")
        captures.append(_edge(t))
    result = _run_backward(edges, grads, retain_graph, create_graph, capture=captures)
    for i, r in enumerate(result):
        if r is None:
            if materialize_grads:
                result[i] = inputs[i].new_zeros(inputs[i]._shape)
            elif not allow_unused:
                raise RuntimeError(f"The differentiated Tensor at index {i} appears to not have been used in the "
                                   "graph. Set allow_unused=True if this is the desired behavior.")
    return tuple(result)


# ---- anomaly detection (accepted; tensorlib's errors carry no extra trace) ----------------
_anomaly = False


class set_detect_anomaly:
    """Turns anomaly detection on or off (``mode``); as a context manager it restores the previous setting on exit.

    tensorlib records the setting (``torch.is_anomaly_enabled()``) for PyTorch programs; its
    backward errors already name the failing node, so nothing else changes.

    Args:
        mode (bool): the new setting.
        check_nan (bool): accepted for PyTorch compatibility. Default: ``True``.
    """

    def __init__(self, mode, check_nan=True):
        global _anomaly
        self.prev = _anomaly
        _anomaly = bool(mode)

    def __enter__(self):
        return self

    def __exit__(self, *args):
        global _anomaly
        _anomaly = self.prev


class detect_anomaly(set_detect_anomaly):
    """Turns anomaly detection on inside a ``with`` block; ``set_detect_anomaly(True)`` as a context manager.

    Args:
        check_nan (bool): accepted for PyTorch compatibility. Default: ``True``.
    """

    def __init__(self, check_nan=True):
        super().__init__(True, check_nan)


def is_anomaly_enabled():
    return _anomaly



def _batched_grad(outputs, inputs, grad_outputs, retain_graph, create_graph, allow_unused, materialize_grads):
    """``grad`` for each slice along dim 0 of every grad_output, stacked: one
    vector-Jacobian product per row, as a vmap over the backward pass gives."""
    batched = _as_tuple(grad_outputs)
    rows = batched[0].shape[0] if batched else 0
    per_row = [grad(outputs, inputs, tuple(g[i] for g in batched), retain_graph=True if i < rows - 1 else retain_graph,
                    create_graph=create_graph, allow_unused=allow_unused, materialize_grads=materialize_grads)
               for i in range(rows)]
    return tuple(None if parts[0] is None else _stack(parts) for parts in zip(*per_row))


def _stack(parts):
    """``torch.stack(parts)`` with the tensors' own methods (the autograd layer sits below the ops)."""
    stacked = parts[0].new_empty((len(parts),) + tuple(parts[0].shape))
    for i, part in enumerate(parts):
        stacked[i] = part
    return stacked
