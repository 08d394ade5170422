"""Recording an op in the autograd graph: the hot path of every differentiable
op, compiled.

``record_result`` is ``Tensor._record_result`` (documented in
``tensorlib/_tensor_autograd.py``): one edge per input, a node of the named
class that saves what its backward needs, and the result attached to it.  The
rarer edges (a view whose base was written in place) and the node classes
come from the Python autograd package through ``configure``.  ``edge`` and
``new_node`` are also the Python layer's (``_edge``, ``_new_node``)."""
from tensorlib._C cimport TensorBase

cdef tuple NO_EDGE = (None, 0)


cdef class Hooks:
    cdef public object grad_state, nodes, node_class, grad_accumulator, view_edge, next_seq, mark_inference


cdef Hooks hooks = Hooks()


def configure(grad_state, dict nodes, node_class, grad_accumulator, view_edge, next_seq, mark_inference):
    """Called once by ``tensorlib._tensor_autograd``: the grad-mode state, the
    node classes by name (and the factory for unknown names), a leaf's
    AccumulateGrad, the edge of a view with a grad_fn (regenerated after an
    in-place write through another alias), the node sequence counter and the
    marking of inference tensors."""
    hooks.grad_state = grad_state
    hooks.nodes = nodes
    hooks.node_class = node_class
    hooks.grad_accumulator = grad_accumulator
    hooks.view_edge = view_edge
    hooks.next_seq = next_seq
    hooks.mark_inference = mark_inference


cpdef tuple edge(TensorBase t):
    """The ``(node, output_nr)`` a gradient for ``t`` flows into (``Tensor``'s
    ``_edge``): ``(None, 0)`` when it needs none, its AccumulateGrad for a leaf."""
    fn = t._grad_fn
    if fn is None:
        if not t._requires_grad:
            return NO_EDGE
        ref = t._grad_accumulator
        acc = ref() if ref is not None else None
        return (acc if acc is not None else hooks.grad_accumulator(t), 0)
    if t._view_base is None:
        return (fn, t._output_nr)
    return hooks.view_edge(t)


cpdef object new_node(type cls, tuple edges, TensorBase result):
    """A node of class ``cls`` with ``edges`` for ``result`` (setup not yet run)."""
    node = cls.__new__(cls)
    node.next_functions = edges
    node._seq = hooks.next_seq()
    node._meta = ((result._shape, result._dtype, result._storage.device),)
    node._hk = None
    return node


cdef type node_class(node_name):
    cls = hooks.nodes.get(node_name)
    return cls if cls is not None else hooks.node_class(node_name)


def record_result(self, TensorBase result, node_name, inputs, **ctx):
    """``result`` was computed from ``inputs`` (tensors or Python scalars); when
    grad mode is on and an input requires grad, attaches a new ``node_name``
    node to ``result``.  Returns ``result``."""
    state = hooks.grad_state
    if not state.enabled:
        if state.inference:
            hooks.mark_inference(result)
        return result
    for t in inputs:
        if isinstance(t, TensorBase) and (<TensorBase>t)._requires_grad:
            break
    else:
        return result
    if not result._dtype.is_floating_point:
        return result
    edges = tuple([edge(<TensorBase>t) if isinstance(t, TensorBase) else NO_EDGE for t in inputs])
    node = new_node(node_class(node_name), edges, result)
    node.setup(inputs, result, ctx)
    result._grad_fn = node
    result._requires_grad = True
    return result


def record_view(TensorBase self, TensorBase view, node_name, context):
    """``Tensor._record_view``: ``view`` aliases ``self``; in grad mode it gets a
    ``node_name`` node (``context``: what its backward needs) when ``self``
    requires grad.  A view made in no-grad mode of a tensor that requires grad
    requires grad itself, as a leaf (in-place writes to it are refused)."""
    state = hooks.grad_state
    if not state.enabled:
        if self._requires_grad and not state.inference:
            view._requires_grad = True
            view._no_grad_view = True
        return view
    if not self._requires_grad or not view._dtype.is_floating_point:
        return view
    node = new_node(node_class(node_name), (edge(self),), view)
    try:
        node._view_ver = view._version_counter.value
    except AttributeError:   # not a view node class
        pass
    node.setup(self, view, context)
    view._grad_fn = node
    view._requires_grad = True
    return view
