"""Recording an op in the autograd graph: the hot path of every differentiable
op, compiled.

``record_result`` is ``Tensor._record_result`` (documented in
``tensorlib/_tensor_autograd.py``): one edge per input, a node of the named
class that saves what its backward needs, and the result attached to it.  Node
classes come by name from the autograd graph's table, which the op families
fill.  ``edge`` and ``new_node`` are also the Python layer's (``_edge``,
``_new_node``)."""
import weakref

from tensorlib._C cimport TensorBase

from tensorlib.autograd import grad_mode as _grad_mode
from tensorlib.autograd import graph as _graph

cdef tuple NO_EDGE = (None, 0)

# what every recording reads, held in C variables (no module-dictionary lookups on the hot path)
cdef object grad_state = _grad_mode._state
cdef dict nodes = _graph.NODES
cdef object new_node_class = _graph.node_class
cdef object next_seq = _graph.next_seq
cdef object grad_accumulator = _graph.grad_accumulator
cdef object mark_inference = _graph.mark_inference


cdef inline type node_class(node_name):
    cls = nodes.get(node_name)
    return cls if cls is not None else new_node_class(node_name)


cpdef tuple edge(TensorBase t):
    """The ``(node, output_nr)`` a gradient for ``t`` flows into (``Tensor``'s
    ``_edge``): ``(None, 0)`` when it needs none, its AccumulateGrad for a leaf."""
    fn = t._grad_fn
    if fn is None:
        if not t._requires_grad:
            return NO_EDGE
        ref = t._grad_accumulator
        acc = ref() if ref is not None else None
        return (acc if acc is not None else grad_accumulator(t), 0)
    if t._view_base is None:
        return (fn, t._output_nr)
    ver = t._version_counter.value
    if getattr(fn, "_view_ver", ver) != ver:
        fn = regenerate_view_fn(t)
    return (fn, t._output_nr)


cpdef object regenerate_view_fn(TensorBase t):
    """After an in-place write through another alias of its storage, a view's
    grad_fn becomes an AsStridedBackward0 of its base's current grad_fn."""
    base = t._view_base
    node = new_node(node_class("AsStridedBackward0"), (edge(base),), t)
    node._view_ver = t._version_counter.value
    node.ctx = ((base._shape, base._strides, base._offset), (t._shape, t._strides, t._offset))
    old = t._grad_fn
    t._grad_fn = node
    t._output_nr = 0
    if t._retains_grad:
        move_retain(t, old, node)
    return node


def move_retain(t, old, new, old_nr=None):
    """Moves ``t``'s retain_grad from node ``old`` to node ``new``."""
    if old is not None and old._hk is not None and old._hk.retain:
        old._hk.retain.pop(t._output_nr if old_nr is None else old_nr, None)
    hk = new._hooks()
    if hk.retain is None:
        hk.retain = {}
    hk.retain[t._output_nr] = weakref.ref(t)


cpdef object new_node(type cls, tuple edges, TensorBase result):
    """A node of class ``cls`` with ``edges`` for ``result`` (setup not yet run)."""
    node = cls.__new__(cls)
    node.next_functions = edges
    node._seq = next_seq()
    node._meta = ((result._shape, result._dtype, result._storage.device),)
    node._hk = None
    return node


def record_result(self, TensorBase result, node_name, inputs, **ctx):
    """``result`` was computed from ``inputs`` (tensors or Python scalars); when
    grad mode is on and an input requires grad, attaches a new ``node_name``
    node to ``result``.  Returns ``result``."""
    state = grad_state
    if not state.enabled:
        if state.inference:
            mark_inference(result)
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
    state = grad_state
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
