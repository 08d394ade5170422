"""The backward graph: ``Node`` (a backward function), ``AccumulateGrad`` (the
sink of a leaf), saved tensors and hook handles.

Ownership runs one way only, so a graph is freed by reference counting as soon
as its output is dropped: a tensor owns its ``grad_fn``; a node owns the nodes
of its inputs (``next_functions``) and the tensors it saved.  A node never
owns the tensors it produced: an output it needs for backward is saved as a
grad_fn-less alias of the same storage and version counter (``_SavedOutput``),
re-attached to the node only when it is unpacked.  A leaf refers to its
AccumulateGrad through a weak reference; the AccumulateGrad owns the leaf.
"""
import itertools
import weakref
from sys import getrefcount

from .._C import TensorBase, make_tensor
from .._layout import is_contiguous, is_non_overlapping_and_dense, numel
from .._tensor import empty_tensor, full_tensor
from .._type_names import c_type_name
from . import grad_mode

__all__ = ["Node", "AccumulateGrad", "RemovableHandle"]

_seq = itertools.count()
next_seq = _seq.__next__
_ACCUMULATE_PRIORITY = 1 << 62    # AccumulateGrad runs as soon as it is ready

ERR_BACKWARD_TWICE = (
    "Trying to backward through the graph a second time (or directly access saved tensors after they have "
    "already been freed). Saved intermediate values of the graph are freed when you call .backward() or "
    "autograd.grad(). Specify retain_graph=True if you need to backward through the graph a second time or "
    "if you need to access saved tensors after calling backward.")


class RemovableHandle:
    """Returned by ``register_hook``: ``remove()`` unregisters the hook."""
    _next_id = itertools.count()

    def __init__(self, hooks_dict):
        self.id = next(RemovableHandle._next_id)
        self._hooks = weakref.ref(hooks_dict) if _weakrefable(hooks_dict) else (lambda: hooks_dict)

    def remove(self):
        """Unregisters the hook; calling it again does nothing."""
        hooks = self._hooks()
        if hooks is not None:
            hooks.pop(self.id, None)

    def __enter__(self):
        return self

    def __exit__(self, *args):
        self.remove()


class _HookDict(dict):
    """A dict that can be weakly referenced (the handle must not keep it alive)."""
    __slots__ = ("__weakref__",)


def _weakrefable(obj):
    try:
        weakref.ref(obj)
        return True
    except TypeError:
        return False


class _Hooks:
    """Hooks and metadata of one node (allocated on first use)."""
    __slots__ = ("tensor_pre", "retain", "pre", "post", "metadata")

    def __init__(self):
        self.tensor_pre = None   # {output_nr: the tensor's hook dict}
        self.retain = None       # {output_nr: weakref to the tensor that retains its grad}
        self.pre = None          # node pre-hooks: fn(grad_outputs)
        self.post = None         # node post-hooks: fn(grad_inputs, grad_outputs)
        self.metadata = None


# ---- saved tensors ----------------------------------------------------------------
class _SavedOutput:
    """An output a node saved for backward: a grad_fn-less alias (same storage
    and version counter) plus the output number, so no cycle is created."""
    __slots__ = ("alias", "output_nr")

    def __init__(self, tensor, output_nr):
        self.alias = make_tensor(type(tensor), tensor._storage, tensor._shape, tensor._strides, tensor._offset,
                                 tensor._dtype, tensor._version_counter)
        self.output_nr = output_nr


def _strip_backward(name):
    """The op name in the version error: ``SigmoidBackward0`` -> ``Sigmoid``,
    ``PowBackward2`` -> ``Pow2``, ``MyFnBackward`` -> ``MyFn``."""
    if name.endswith("Backward0"):
        return name[:-len("Backward0")]
    return name.replace("Backward", "", 1)


def _version_error(tensor, fn, output_nr, saved_version):
    if tensor._version_counter.value == -1:
        return RuntimeError(
            "the value a tensor had before an in-place operation is needed to compute gradients, but the "
            "operation did not pass its tensor operands to _check_inplace(), so that value was not kept")
    clause = f", which is output {output_nr} of {_strip_backward(fn.name())}," if fn is not None else ""
    return RuntimeError(
        f"one of the variables needed for gradient computation has been modified by an inplace operation: "
        f"[torch.{tensor._dtype.legacy_name} {list(tensor._shape)}]{clause} is at version "
        f"{tensor._version_counter.value}; expected version {saved_version} instead. Hint: enable anomaly "
        f"detection to find the operation that failed to compute its gradient, with "
        f"torch.autograd.set_detect_anomaly(True, check_nan=False).")


# ---- the saved values' names ------------------------------------------------------------
def _saved_property(key):
    """``node._saved_<key>``: the value the node saved under that name (``saved_names``), else
    what its class's SAVED_ATTRIBUTES entry computes, looked up by the node's own class."""
    def get(node):
        cls = type(node)
        if key in cls.saved_names:
            return node._unpack()[cls.saved_names.index(key)]
        attribute = SAVED_ATTRIBUTES.get(cls.__name__, {}).get(key)
        if attribute is None:
            raise AttributeError(f"'{cls.__name__}' object has no attribute '_saved_{key}'")
        return attribute(node)
    return property(get)


def _add_saved_properties(cls):
    # properties rather than a __getattr__ on Node, which would keep CPython from specialising
    # every other attribute read on nodes (the engine's and the formulas')
    for key in (*cls.saved_names, *SAVED_ATTRIBUTES.get(cls.__name__, ())):
        if "_saved_" + key not in cls.__dict__:
            setattr(cls, "_saved_" + key, _saved_property(key))


def _node_classes(cls):
    yield cls
    for sub in cls.__subclasses__():
        yield from _node_classes(sub)


class _SavedAttributes(dict):
    """{node name: {PyTorch's saved-attribute name: function(node) -> value}} for what a node
    keeps outside ``saved_names`` (input sizes, dims, scalars), filled in by name by the layers
    that define the nodes; ``node._saved_<name>`` reads it (each entry gives the node classes of
    that name their properties, those defined later too)."""

    def update(self, entries):
        super().update(entries)
        for cls in _node_classes(Node):
            if cls.__name__ in entries:
                _add_saved_properties(cls)


SAVED_ATTRIBUTES = _SavedAttributes()


# ---- nodes ---------------------------------------------------------------------------
class Node:
    """A backward function.  ``next_functions`` holds one ``(node, output_nr)``
    edge per differentiable forward input (``(None, 0)`` for inputs that need no
    gradient); ``apply(grads)`` maps the gradients of the forward outputs (a
    list, None for an output that received none) to the gradients of the
    forward inputs, one per edge (None where there is none).

    ``_meta`` holds ``(shape, dtype, device)`` of each forward output: the
    engine checks, reduces (``sum_to_size``) and casts incoming gradients
    against it."""
    __slots__ = ("next_functions", "_seq", "_meta", "_hk", "__weakref__")
    n_outputs = 1
    saved_names = ()

    def name(self):
        """Returns the node's class name, such as ``'MulBackward0'``.

        Example::

            >>> x = torch.ones(2, requires_grad=True)
            >>> (x * 2).grad_fn.name()
            'MulBackward0'
        """
        return type(self).__name__

    def __repr__(self):
        return f"<{type(self).__name__} object at {hex(id(self))}>"

    def __call__(self, *grads):
        return self.apply(list(grads))

    def _sequence_nr(self):
        return self._seq

    def setup(self, inputs, result, ctx):
        """Saves what the backward formula needs (called once, when recorded)."""

    def _release(self):
        pass

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        _add_saved_properties(cls)

    def __dir__(self):
        # listed as PyTorch lists them, so tools that read dir(node) (torchviz, make_dot) find them
        saved = {"_saved_" + name for name in (*type(self).saved_names, *SAVED_ATTRIBUTES.get(type(self).__name__, ()))}
        # a parent class's properties of names this class does not have are left out
        return sorted({*(name for name in super().__dir__() if not name.startswith("_saved_")), *saved})

    # ---- hooks and metadata ------------------------------------------------------
    def _hooks(self):
        hk = self._hk
        if hk is None:
            hk = self._hk = _Hooks()
        return hk

    def register_hook(self, fn):
        """``fn(grad_inputs, grad_outputs)`` runs after this node; it may return
        replacement grad_inputs."""
        hk = self._hooks()
        if hk.post is None:
            hk.post = _HookDict()
        handle = RemovableHandle(hk.post)
        hk.post[handle.id] = fn
        return handle

    def register_prehook(self, fn):
        """``fn(grad_outputs)`` runs before this node; it may return replacement
        grad_outputs."""
        hk = self._hooks()
        if hk.pre is None:
            hk.pre = _HookDict()
        handle = RemovableHandle(hk.pre)
        hk.pre[handle.id] = fn
        return handle

    @property
    def metadata(self):
        """A dict for the user's own data about the node (empty at first)."""
        hk = self._hooks()
        if hk.metadata is None:
            hk.metadata = {}
        return hk.metadata

    @property
    def requires_grad(self):
        """True: every recorded node computes gradients."""
        return True

    @property
    def _input_metadata(self):
        return self._meta

    def apply(self, grads):
        """Computes the gradients of the node's inputs from ``grads``, the gradients of its outputs (one per output,
        None where there is none).
        """
        raise NotImplementedError(f"{self.name()} has no backward formula")

    def _zeros_for_output(self, i):
        """Zeros standing in for the gradient of output ``i`` when it got none."""
        shape, dtype, device = self._meta[i]
        return full_tensor(shape, 0, dtype, device)


class SavingNode(Node):
    """A node that saves tensors or scalars for backward (``_save``/``_unpack``).

    A saved input is kept as is with its version; a saved output of the node
    itself as a ``_SavedOutput``.  Unpacking checks versions (the in-place
    modification error) and raises the backward-twice error once released."""
    __slots__ = ("_saved", "_versions")

    def _save(self, *values):
        self._saved = values
        self._versions = tuple([v._version_counter.value if isinstance(v, TensorBase) else None for v in values])

    def _save_result(self, tensor):
        """Saves this node's only output alone (``_save(tensor)`` then ``_save_output(0, tensor)``)."""
        self._saved = (_SavedOutput(tensor, 0),)
        self._versions = (tensor._version_counter.value,)

    def _save_output(self, i, tensor, output_nr=0):
        """Marks saved value ``i`` (already saved with ``_save``) as this node's output."""
        saved = list(self._saved)
        saved[i] = _SavedOutput(tensor, output_nr)
        versions = list(self._versions)
        versions[i] = tensor._version_counter.value
        self._saved = tuple(saved)
        self._versions = tuple(versions)

    def _unpack(self):
        saved = self._saved
        if saved is None:
            raise RuntimeError(ERR_BACKWARD_TWICE)
        out = []
        for v, version in zip(saved, self._versions):
            if version is None:
                out.append(v)
            elif type(v) is _SavedOutput:
                t = v.alias
                if t._version_counter.value != version:
                    raise _version_error(t, self, v.output_nr, version)
                if grad_mode._state.enabled:   # create_graph: re-attach the output to this node
                    t = make_tensor(type(t), t._storage, t._shape, t._strides, t._offset, t._dtype,
                                    t._version_counter)
                    t._grad_fn, t._output_nr, t._requires_grad = self, v.output_nr, True
                out.append(t)
            else:
                if v._version_counter.value != version:
                    raise _version_error(v, v._grad_fn, v._output_nr, version)
                out.append(v)
        return out

    def _release(self):
        self._saved = None

    @property
    def saved_tensors(self):
        return tuple(v for v in self._unpack() if isinstance(v, TensorBase))


class AccumulateGrad(Node):
    """The sink of a leaf tensor: adds the incoming gradient into ``variable.grad``."""
    __slots__ = ("variable",)

    def __init__(self, variable):
        self.variable = variable
        self.next_functions = ()
        self._seq = _ACCUMULATE_PRIORITY + next(_seq)
        self._meta = ((variable._shape, variable._dtype, variable._storage.device),)
        self._hk = None

    def name(self):
        """Returns ``'torch::autograd::AccumulateGrad'``, the name PyTorch gives this node."""
        return "torch::autograd::AccumulateGrad"

    def _sequence_nr(self):
        return 18446744073709551615

    def apply(self, grads):
        """Adds the incoming gradient into ``variable.grad`` (running the tensor's post-accumulate hooks); returns
        no gradients.
        """
        if grads[0] is not None:
            accumulate(self.variable, grads[0])
        return ()


# ---- the node classes by name ---------------------------------------------------------------
# Ops record a node by its PyTorch name; each op family adds its nodes to this table.
NODES = {}


class _Unimplemented(Node):
    """A node whose backward formula tensorlib does not have."""
    __slots__ = ()

    def setup(self, *args):
        pass

    def apply(self, grads):
        raise RuntimeError(f"the derivative for '{self.name()}' is not implemented.")


def node_class(name):
    """The node class called ``name`` (created on first use if unknown, with a
    backward that raises)."""
    cls = NODES.get(name)
    if cls is None:
        cls = NODES[name] = type(name, (_Unimplemented,), {"__slots__": (), "__module__": __name__})
    return cls


def register_nodes(namespace):
    """Adds the public Node classes defined in a module's ``namespace`` to ``NODES``."""
    module = namespace["__name__"]
    for name, obj in namespace.items():
        if isinstance(obj, type) and issubclass(obj, Node) and obj.__module__ == module and \
                not name.startswith("_"):
            NODES[name] = obj


def mark_inference(t):
    try:
        t._is_inference_tensor = True
    except AttributeError:
        pass


def grad_accumulator(t):
    """The one AccumulateGrad of leaf ``t`` while it is alive."""
    ref = t._grad_accumulator
    if ref is not None:
        acc = ref()
        if acc is not None:
            return acc
    acc = AccumulateGrad(t)
    t._grad_accumulator = weakref.ref(acc)
    return acc


def _stolen(grad):
    """A non-view tensor over ``grad``'s storage, to become ``.grad`` without a copy
    (PyTorch steals an unshared gradient the same way), or None when anything
    else could still reach that storage: another tensor over its Storage (a view,
    its base, a saved alias), another array over its buffer (or a buffer it does not
    own, such as a wrapped NumPy array's), or elements beyond the gradient's own.  The
    caller holds the only reference to ``grad`` itself."""
    storage = grad._storage
    base = grad._view_base
    if base is None:
        if getrefcount(storage) > 3:      # grad._storage, ``storage``, getrefcount's argument
            return None
    elif getrefcount(base) > 3 or getrefcount(storage) > 4:   # + base._storage; ``base``
        return None
    data = storage.data
    if getrefcount(data) > 3 or data.base is not None or grad._offset != 0 or len(data) != numel(grad._shape):
        return None
    return grad if base is None else make_tensor(type(grad), storage, grad._shape, grad._strides, 0, grad._dtype)


def _copy_in_layout_of(grad, variable):
    """A copy of ``grad`` laid out as ``variable`` where its strides fill a block exactly once, else
    contiguous: PyTorch's layout contract for ``.grad``."""
    dense = is_contiguous(variable._shape, variable._strides) or \
        is_non_overlapping_and_dense(variable._shape, variable._strides)
    copy = empty_tensor(grad._shape, grad._dtype, grad.device, variable._strides if dense else None)
    copy._copy_from(grad)
    return copy


def accumulate(variable, new_grad, owned=False):
    """``variable.grad += new_grad`` as PyTorch's AccumulateGrad does it: in place
    into the existing ``.grad`` object, or (with create_graph) out of place so
    that the grad stays differentiable.  ``owned``: no one else refers to
    ``new_grad``, so it may become ``.grad`` without a copy."""
    old = variable._grad
    if grad_mode._state.enabled:     # create_graph
        if old is None:
            grad = new_grad.new_empty(variable._shape, dtype=variable._dtype)
            variable._grad = grad.copy_(new_grad)
        else:
            variable._grad = old + new_grad
    elif old is None:
        stolen = _stolen(new_grad) if owned and new_grad._strides == variable._strides else None
        variable._grad = _copy_in_layout_of(new_grad, variable) if stolen is None else stolen
    elif old._requires_grad:
        variable._grad = old + new_grad
    else:
        old.add_(new_grad)
    post = getattr(variable, "_post_accumulate_grad_hooks", None)
    if post:
        for hook in tuple(post.values()):
            result = hook(variable)
            if result is None:
                continue
            # PyTorch checks the result as a gradient first (a non-tensor fails there), then rejects it
            if not isinstance(result, TensorBase):
                raise TypeError(f"expected Variable, but hook returned '{c_type_name(result)}'")
            raise RuntimeError("Tensor post accumulate grad hooks should return None.")
