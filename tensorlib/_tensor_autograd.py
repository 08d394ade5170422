"""Autograd state on a tensor: requires_grad, grad, grad_fn, leaf rules, and the
hooks ops call to record themselves in the graph (see ``tensorlib.autograd``).

Recording hooks (called by ops):

``_record_result(out, name, inputs, **ctx)``
    ``out`` was computed from ``inputs`` (tensors or Python scalars; one graph
    edge each, ``(None, 0)`` for scalars and tensors without grad); the node
    class ``name`` saves what its backward needs from ``inputs``/``out``/``ctx``.
``_record_results(results, name, **ctx)``
    the same for an op of ``self`` with several outputs (numbered 0, 1, ...).
``_record_view(view, name, ctx)`` / ``_record_multi_view(views, name, ctx)``
    ``view`` aliases ``self``; multi-output views get output numbers 0, 1, ...
``_check_inplace(*others)``
    before an in-place write of ``self`` (``others``: the op's other operands,
    optional): raises the leaf / view-of-leaf errors and snapshots the old
    value of ``self`` when a backward formula may need it.
``_record_inplace(name, inputs, **ctx)``
    after an in-place write (and the version bump) of ``self``; ``inputs`` are
    the op's operands other than ``self`` (a leading ``self`` is accepted too).
    On a view, the base gets a CopySlices node (as PyTorch does).
"""
import warnings

from . import _layout
from .autograd import _recording
from ._C import TensorBase, VersionCounter, make_tensor
from . import autograd as _autograd
from .autograd import grad_mode as _grad_mode
from .autograd.engine import expandable as _expandable, sum_to as _sum_to
from .autograd.graph import (NODES as _NODES, _HookDict, RemovableHandle, mark_inference as _mark_inference, next_seq as _next_seq, node_class as _node_class)

_state = _grad_mode._state
# Per-tensor autograd state that tensorlib keeps in a tensor's __dict__ (PyTorch keeps it in C++):
# not attributes the user set, so pickles and copies leave it behind.
BOOKKEEPING_ATTRIBUTES = frozenset(("_is_inference_tensor", "_no_grad_view", "_inplace_original",
                                    "_post_accumulate_grad_hooks"))
_NO_EDGE = (None, 0)

_NONLEAF_GRAD_WARNING = (
    "The .grad attribute of a Tensor that is not a leaf Tensor is being accessed. Its .grad attribute won't be "
    "populated during autograd.backward(). If you indeed want the .grad field to be populated for a non-leaf "
    "Tensor, use .retain_grad() on the non-leaf Tensor. If you access the non-leaf Tensor by mistake, make sure "
    "you access the leaf Tensor instead. See github.com/pytorch/pytorch/pull/30531 for more information.")
_LEAF_INPLACE = "a leaf Variable that requires grad is being used in an in-place operation."
_VIEW_OF_LEAF_INPLACE = "a view of a leaf Variable that requires grad is being used in an in-place operation."
_NO_GRAD_VIEW_INPLACE = (
    "A view was created in no_grad mode and is being modified inplace with grad mode enabled. Given that this use "
    "case is ambiguous and error-prone, it is forbidden. You can clarify your code by moving both the view and the "
    "inplace either both inside the no_grad block (if you don't want the inplace to be tracked) or both outside "
    "(if you want the inplace to be tracked).")
_DETACH_VIEW = (
    "Can't detach views in-place. Use detach() instead. If you are using DistributedDataParallel (DDP) for "
    "training, and gradient_as_bucket_view is set as True, gradients are views of DDP buckets, and hence detach_() "
    "cannot be called on these gradients. To fix this error, please refer to the Optimizer.zero_grad() function in "
    "torch/optim/optimizer.py as the solution.")


# ---- graph edges -------------------------------------------------------------------------
# compiled (pyx/autograd/_recording.pyx): the hot path of every recorded op
_edge = _recording.edge
_new_node = _recording.new_node


_regenerate_view_fn = _recording.regenerate_view_fn
_move_retain = _recording.move_retain


def _multi_output_node(node_name, source, outputs):
    """A new ``node_name`` node (setup not yet run) whose outputs 0, 1, ... are
    ``outputs``, all computed from ``source``."""
    cls = _NODES.get(node_name) or _node_class(node_name)
    node = cls.__new__(cls)
    node.next_functions = (_edge(source),)
    node._seq = _next_seq()
    node._meta = tuple((t._shape, t._dtype, t._storage.device) for t in outputs)
    node._hk = None
    for i, t in enumerate(outputs):
        t._grad_fn = node
        t._output_nr = i
        t._requires_grad = True
    return node


class AutogradMixin:
    # ---- requires_grad and leaves -------------------------------------------------------
    @property
    def requires_grad(self):
        """Whether autograd records the operations on this tensor, so that gradients can
        flow to it; settable on a leaf (see :meth:`Tensor.requires_grad_`).
        """
        return self._requires_grad

    @requires_grad.setter
    def requires_grad(self, flag):
        self.requires_grad_(flag)

    def requires_grad_(self, requires_grad=True):
        """Sets whether autograd records operations on this leaf tensor (in place).

        Args:
            requires_grad (bool): the new flag. Default: ``True``.

        Returns:
            Tensor: ``self``.

        Example::

            >>> x = torch.ones(2).requires_grad_()
            >>> x.requires_grad
            True
        """
        requires_grad = bool(requires_grad)
        if self._grad_fn is not None:
            if not requires_grad:
                raise RuntimeError(
                    "you can only change requires_grad flags of leaf variables. If you want to use a computed "
                    "variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach().")
            return self
        if requires_grad and not self._dtype.is_floating_point:
            raise RuntimeError("only Tensors of floating point dtype can require gradients")
        self._requires_grad = requires_grad
        return self

    @property
    def grad_fn(self):
        """The autograd node that made this tensor (None for a leaf); its ``next_functions``
        lead to the inputs.

        Example::

            >>> x = torch.ones(2, requires_grad=True)
            >>> (x * 2).grad_fn
            <MulBackward0 object at 0x...>
        """
        fn = self._grad_fn
        if fn is not None and self._view_base is not None:
            return _edge(self)[0]
        return fn

    @property
    def is_leaf(self):
        """Whether this tensor is a leaf of the graph: made by the user rather than by an
        operation recorded by autograd.  A leaf that requires grad gets ``.grad`` from ``backward()``.
        """
        return self._grad_fn is None

    @property
    def output_nr(self):
        """Which output of its ``grad_fn`` this tensor is (0 for most operations)."""
        return self._output_nr

    @property
    def retains_grad(self):
        """Whether this non-leaf tensor keeps its ``.grad`` (see :meth:`Tensor.retain_grad`)."""
        return self._retains_grad

    def retain_grad(self):
        """Makes this non-leaf tensor keep its gradient in ``.grad`` during ``backward()``
        (a leaf keeps its own already).

        Example::

            >>> x = torch.ones(2, requires_grad=True)
            >>> y = x * 2
            >>> y.retain_grad()
            >>> y.sum().backward()
            >>> y.grad
            tensor([1., 1.])
        """
        if not self._requires_grad:
            raise RuntimeError("can't retain_grad on Tensor that has requires_grad=False")
        if self._grad_fn is None or self._retains_grad:
            return
        fn = _edge(self)[0]
        _move_retain(self, None, fn)
        self._retains_grad = True

    @property
    def _base(self):
        """The tensor this one is a view of (None for a non-view)."""
        return self._view_base

    def _is_view(self):
        return self._view_base is not None

    def is_inference(self):
        """Whether this tensor was made in inference mode (:class:`tensorlib.inference_mode`)."""
        return getattr(self, "_is_inference_tensor", False)

    # ---- .grad ------------------------------------------------------------------------------
    @property
    def grad(self):
        """The gradient accumulated into this tensor by ``backward()``: None until then (and for a
        non-leaf that does not retain its gradient).  Assignable (a tensor of the same shape and
        dtype, or None) and deletable.
        """
        g = self._grad
        if g is None and self._grad_fn is not None and not self._retains_grad:
            warnings.warn(_NONLEAF_GRAD_WARNING, UserWarning, stacklevel=2)
        return g

    @grad.setter
    def grad(self, value):
        if value is not None:
            if not isinstance(value, TensorBase):
                raise TypeError(f"assigned grad expected to be a Tensor or None but got grad of type "
                                f"{type(value).__name__}")
            if value._dtype is not self._dtype:
                raise RuntimeError(
                    f"attempting to assign a gradient with dtype '{_cpp_name(value._dtype)}' to a tensor with "
                    f"grad_dtype '{self._dtype.short_name}'. The gradient must match the tensor's grad_dtype "
                    f"(defaults to the tensor's dtype). You can set the tensor's grad_dtype attribute with a "
                    f"specific dtype, or None to allow any dtype. Set grad_dtype with caution. Diverging the dtypes "
                    f"of a tensor and its gradient may break downstream systems that assume they match.")
            if value._shape != self._shape:
                raise RuntimeError(
                    f"attempting to assign a gradient of size '{list(value._shape)}' to a tensor of size "
                    f"'{list(self._shape)}'. Please ensure that the gradient and the tensor are the same size")
        self._grad = value

    @grad.deleter
    def grad(self):
        self._grad = None

    # ---- detaching ------------------------------------------------------------------------------
    def detach(self):
        """A new tensor sharing this one's storage that autograd does not track: a leaf with
        ``requires_grad=False``; in-place changes to either show in both.

        Example::

            >>> x = torch.ones(2, requires_grad=True)
            >>> x.detach().requires_grad
            False
        """
        out = make_tensor(type(self), self._storage, self._shape, self._strides, self._offset, self._dtype,
                          self._version_counter)
        if _state.inference:
            _mark_inference(out)
        return out

    def detach_(self):
        """Detaches this tensor from the graph in place: it becomes a leaf that does not
        require grad.

        Returns:
            Tensor: ``self``.
        """
        if self._view_base is not None and (self._grad_fn is not None or self._requires_grad):
            raise RuntimeError(_DETACH_VIEW)
        self._grad_fn = None
        self._requires_grad = False
        self._output_nr = 0
        return self

    @property
    def data(self):
        """This tensor without autograd: an alias whose changes autograd does not see.  Assigning
        a tensor replaces this tensor's storage and layout.
        """
        return make_tensor(type(self), self._storage, self._shape, self._strides, self._offset, self._dtype)

    @data.setter
    def data(self, other):
        if (other._shape, other._dtype, other._storage.device) != (self._shape, self._dtype, self._storage.device):
            # the leaf's AccumulateGrad checks gradients against the old metadata (as PyTorch's
            # set_data, a new one is made for graphs recorded from now on, e.g. after Module.cuda())
            self._grad_accumulator = None
        self._set_layout(other._storage, other._shape, other._strides, other._offset, other._dtype)

    # ---- hooks ----------------------------------------------------------------------------------
    def register_hook(self, hook):
        """Registers ``hook(grad)``, called with this tensor's gradient when ``backward()``
        computes it; a hook that returns a tensor replaces the gradient.

        Args:
            hook (callable): the function to call.

        Returns:
            a handle whose ``remove()`` unregisters the hook.

        Example::

            >>> x = torch.ones(2, requires_grad=True)
            >>> handle = x.register_hook(lambda grad: grad * 10)
            >>> (x * 3).sum().backward()
            >>> x.grad
            tensor([30., 30.])
        """
        if not self._requires_grad:
            raise RuntimeError("cannot register a hook on a tensor that doesn't require gradient")
        hooks = self._hooks
        if hooks is None:
            hooks = self._hooks = _HookDict()
        if self._grad_fn is not None:
            fn = _edge(self)[0]
            hk = fn._hooks()
            if hk.tensor_pre is None:
                hk.tensor_pre = {}
            hk.tensor_pre[self._output_nr] = hooks
        handle = RemovableHandle(hooks)
        hooks[handle.id] = hook
        return handle

    def register_post_accumulate_grad_hook(self, hook):
        """Registers ``hook(tensor)``, called with this leaf after its
        ``.grad`` has been accumulated.

        Args:
            hook (callable): the function to call.

        Returns:
            a handle whose ``remove()`` unregisters the hook.
        """
        if self._grad_fn is not None:
            raise RuntimeError("post accumulate grad hooks cannot be registered on non-leaf tensors")
        hooks = getattr(self, "_post_accumulate_grad_hooks", None)
        if hooks is None:
            hooks = self._post_accumulate_grad_hooks = _HookDict()
        handle = RemovableHandle(hooks)
        hooks[handle.id] = hook
        return handle

    # ---- backward ---------------------------------------------------------------------------------
    def backward(self, gradient=None, retain_graph=None, create_graph=False, inputs=None):
        """Computes the gradient of this tensor with respect to the graph's leaves and adds it
        to their ``.grad``.

        Args:
            gradient (Tensor, optional): the gradient of the final result with respect to this
                tensor; needed unless this tensor has one element.
            retain_graph (bool, optional): keep the graph's saved tensors for another backward;
                defaults to ``create_graph``.
            create_graph (bool): record the backward pass itself, for higher-order gradients.
            inputs (sequence of Tensors, optional): only accumulate into these tensors.

        Example::

            >>> x = torch.tensor([1., 2.], requires_grad=True)
            >>> y = (x ** 2).sum()
            >>> y.backward()
            >>> x.grad
            tensor([2., 4.])
        """
        _autograd.backward(self, gradient, retain_graph, create_graph, inputs=inputs)

    def sum_to_size(self, *size):
        """This tensor summed over the dimensions that were broadcast from ``size``, so that the
        result has shape ``size``.

        Args:
            size (int... or tuple of ints): a shape ``self`` broadcasts from.

        Example::

            >>> torch.ones(2, 3).sum_to_size(1, 3)
            tensor([[2., 2., 2.]])
        """
        if len(size) == 1 and isinstance(size[0], (tuple, list)):
            size = size[0]
        size = tuple(int(s) for s in size)
        if not _expandable(size, self._shape):
            raise RuntimeError(f"size {{{list(size)}}} is not expandable to size {{{list(self._shape)}}}.")
        return _sum_to(self, size)

    # ---- recording hooks called by ops --------------------------------------------------------------
    def _check_inplace(self, *others):
        """Raises before an in-place write that autograd forbids; keeps the old
        value of ``self`` when the op's backward may need it (PyTorch saves a
        clone of the original self for such in-place ops)."""
        if not _state.enabled:
            return
        if self._requires_grad:
            if self._grad_fn is None:
                if self._view_base is not None and getattr(self, "_no_grad_view", False):
                    raise RuntimeError(_NO_GRAD_VIEW_INPLACE)
                raise RuntimeError(_LEAF_INPLACE)
            base = self._view_base
            if base is not None and base._grad_fn is None and base._requires_grad:
                raise RuntimeError(_VIEW_OF_LEAF_INPLACE)
        elif not any(isinstance(o, TensorBase) and o._requires_grad for o in others):
            return
        if not self._dtype.is_floating_point:
            return
        self._inplace_original = (self._version_counter.value, self.clone())

    def _record_multi_view(self, views, node_name, context):
        if not _state.enabled:
            if self._requires_grad and not _state.inference:
                for v in views:
                    v._requires_grad = True
                    v._no_grad_view = True
            return views
        if not self._requires_grad or not self._dtype.is_floating_point:
            return views
        node = _multi_output_node(node_name, self, views)
        node._view_ver = self._version_counter.value
        node.setup(self, views, context)
        return views

    def _record_results(self, results, node_name, **ctx):
        """``results`` (new tensors) were computed from ``self`` alone: in grad mode,
        when ``self`` requires grad, they become outputs 0, 1, ... of one new
        ``node_name`` node (``_record_result`` for an op with several outputs)."""
        if not _state.enabled:
            if _state.inference:
                for r in results:
                    _mark_inference(r)
            return results
        if not self._requires_grad or not self._dtype.is_floating_point:
            return results
        _multi_output_node(node_name, self, results).setup((self,), results, ctx)
        return results

    # compiled: the hot paths of every differentiable op and view (pyx/autograd/_recording.pyx)
    _record_result = _recording.record_result
    _record_view = _recording.record_view

    def _record_inplace(self, node_name, inputs, **ctx):
        original = self.__dict__.pop("_inplace_original", None)
        if not _state.enabled:
            return self
        if node_name == "CopySlices":
            return _record_setitem(self, inputs, ctx)
        full = tuple(inputs) if inputs and inputs[0] is self else (self,) + tuple(inputs)
        for t in full:
            if isinstance(t, TensorBase) and t._requires_grad:
                break
        else:
            return self
        if not self._dtype.is_floating_point:
            return self
        cls = _NODES.get(node_name) or _node_class(node_name)
        edges = tuple([_edge(t) if isinstance(t, TensorBase) else _NO_EDGE for t in full])
        node = _new_node(cls, edges, self)
        setup_inputs = full
        unknown = None
        if getattr(cls, "needs_original_self", False):
            if original is not None and original[0] == self._version_counter.value - 1:
                setup_inputs = (original[1],) + full[1:]
            else:
                # the old value of self is gone (the op did not pass its operands to _check_inplace):
                # a stand-in that raises if a backward formula ever needs it
                unknown = make_tensor(type(self), self._storage, self._shape, self._strides, self._offset,
                                      self._dtype, VersionCounter())
                setup_inputs = (unknown,) + full[1:]
        node.setup(setup_inputs, self, ctx)
        if unknown is not None:
            unknown._version_counter.value = -1
        base = self._view_base
        old_fn, old_nr = self._grad_fn, self._output_nr
        if base is None:
            self._grad_fn = node
            self._output_nr = 0
            self._requires_grad = True
            if self._retains_grad:
                _move_retain(self, old_fn, node, old_nr)
            return self
        # in place on a view: the base's history gets a CopySlices node
        copy = _new_node(_node_class("CopySlices"), (_edge(base),) + node.next_functions[1:], base)
        copy.fn = node
        copy.base_geom = (base._shape, base._strides, base._offset)
        copy.view_geom = (self._shape, self._strides, self._offset)
        base_old, base_nr = base._grad_fn, base._output_nr
        base._grad_fn = copy
        base._output_nr = 0
        base._requires_grad = True
        if base._retains_grad:
            _move_retain(base, base_old, copy, base_nr)
        self._requires_grad = True
        _regenerate_view_fn(self)
        return self

    def _reshape_copy_result(self, shape, source):
        """``self`` is a fresh clone of ``source``: reshaped, it is recorded as
        ``_unsafe_view`` (UnsafeViewBackward0 -> CloneBackward0), not a view."""
        shape = tuple(shape)
        out = make_tensor(type(self), self._storage, shape, _layout.contiguous_strides(shape), self._offset,
                          self._dtype, self._version_counter)
        return self._record_result(out, "UnsafeViewBackward0", (self,))


def _record_setitem(self, inputs, ctx):
    """``self[index] = value`` (recorded by the indexing op as "CopySlices"):
    a copy into the written view (CopyBackwards; CopySlices on the base when
    that view is a real sub-view) or, with advanced indices, an index_put
    (IndexPutBackward0).  The op passes ``view=`` (the basic-indexed view it
    wrote through) and ``indices=`` (its advanced indices, None if none)."""
    if "view" in ctx:
        view, indices = ctx["view"], ctx.get("indices")
    else:
        # bridge for callers that do not pass them yet: the caller's locals
        import sys
        caller = sys._getframe(2).f_locals
        view, indices = caller.get("view"), caller.get("indices")
        if view is None or not isinstance(view, TensorBase):
            raise RuntimeError("CopySlices must be recorded with view= (and indices=) for its backward")
    if view._shape == self._shape and view._strides == self._strides and view._offset == self._offset:
        view = self
    value = inputs[0] if inputs else ctx.get("value")
    if indices is None:
        view._record_inplace("CopyBackwards", (value,))
        return self
    view._record_inplace("IndexPutBackward0", (value,), indices=list(indices), accumulate=False)
    return self


def _cpp_name(dtype):
    return {"float32": "float", "float64": "double", "float16": "c10::Half", "bfloat16": "c10::BFloat16",
            "int64": "long int", "int32": "int", "int16": "short int", "int8": "signed char",
            "uint8": "unsigned char", "bool": "bool"}.get(dtype.name, dtype.name)
