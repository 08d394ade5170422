"""Custom differentiable functions: subclass ``Function`` with static
``forward(ctx, *args)`` and ``backward(ctx, *grad_outputs)`` and call
``MyFn.apply(*args)``.

The ``ctx`` object *is* the graph node (an instance of the generated class
``MyFnBackward``), as in PyTorch.  Tensors passed to ``ctx.save_for_backward``
are stored like a built-in node's saved variables: outputs without a
reference cycle, all with version checks, freed after backward."""
import functools

from .._C import TensorBase
from .._type_names import c_type_name
from . import grad_mode
from ._recording import edge as _edge
from .graph import ERR_BACKWARD_TWICE, SavingNode, _SavedOutput, _seq

__all__ = ["Function", "FunctionCtx", "BackwardCFunction", "once_differentiable", "InplaceFunction"]


class FunctionCtx:
    """The methods a custom ``Function``'s ``forward`` (or ``setup_context``) may call on ``ctx``."""

    def save_for_backward(self, *tensors):
        """Saves tensors (or None) for ``backward``, which reads them as ``ctx.saved_tensors``.

        Saved tensors are checked for in-place changes before use and freed after the backward pass.
        """
        for t in tensors:
            if t is not None and not isinstance(t, TensorBase):
                raise TypeError("save_for_backward can only save variables, but argument "
                                f"{tensors.index(t)} is of type {type(t).__name__}")
        self.to_save = tensors

    def save_for_forward(self, *tensors):
        """Stores tensors for a forward-mode ``jvp``; tensorlib has no forward-mode AD, so nothing reads them."""
        self.saved_for_forward = tensors

    def mark_dirty(self, *args):
        """Declares the input tensors that ``forward`` modified in place (and returns as outputs)."""
        self.dirty_tensors = args

    def mark_non_differentiable(self, *args):
        """Declares outputs that are not differentiable: they do not require grad, and their gradient in
        ``backward`` is None or zeros.
        """
        self.non_differentiable = args

    def set_materialize_grads(self, value):
        """Sets whether ``backward`` gets zeros (``True``, the default) or None for outputs that received no
        gradient.
        """
        self.materialize_grads = bool(value)


class BackwardCFunction(SavingNode, FunctionCtx):
    """The graph node of a custom Function (a ``MyFnBackward`` instance): it is the ``ctx`` of
    ``forward`` and runs ``MyFn.backward`` in the backward pass.
    """
    _forward_cls = None
    materialize_grads = True
    to_save = ()
    dirty_tensors = ()
    non_differentiable = ()

    def __repr__(self):
        cls = type(self)
        return f"<{cls.__module__}.{cls.__qualname__} object at {hex(id(self))}>"

    # ---- saved tensors --------------------------------------------------------------------
    def _pack(self, outputs):
        saved = []
        versions = []
        out_ids = {id(o): i for i, o in enumerate(outputs) if isinstance(o, TensorBase)}
        for t in self.to_save:
            if t is None:
                saved.append(None)
                versions.append(None)
                continue
            i = out_ids.get(id(t))
            if i is not None and t._grad_fn is self:
                saved.append(_SavedOutput(t, i))
            else:
                saved.append(t)
            versions.append(t._version_counter.value)
        self._saved = tuple(saved)
        self._versions = versions
        del self.to_save

    @property
    def saved_tensors(self):
        """The tensors given to ``save_for_backward``, checked for in-place changes since.

        Raises ``RuntimeError`` after the graph was freed by a backward pass without ``retain_graph``.
        """
        if getattr(self, "_saved", None) is None:
            if "to_save" in self.__dict__:   # inside forward, before apply() packed them
                return tuple(self.to_save)
            raise RuntimeError(ERR_BACKWARD_TWICE)
        return tuple(self._unpack())   # version checks and create_graph re-attachment, as for every node

    saved_variables = saved_tensors

    # ---- backward --------------------------------------------------------------------------
    def apply(self, grads):
        """Runs the Function's ``backward`` on the output gradients ``grads`` and returns one gradient per tensor
        input.
        """
        if self.materialize_grads:
            grads = [g if g is not None or self._meta[i][1] is None else self._zeros_for_output(i)
                     for i, g in enumerate(grads)]
        result = self._forward_cls.backward(self, *grads)
        if not isinstance(result, tuple):
            result = (result,)
        n = self._num_inputs
        if len(result) > n and all(r is None for r in result[n:]):
            result = result[:n]
        if len(result) != n:
            raise RuntimeError(f"function {self.name()} returned an incorrect number of gradients "
                               f"(expected {n}, got {len(result)})")
        tensor_inputs = self._tensor_positions
        for i, r in enumerate(result):
            if r is None:
                continue
            if i not in tensor_inputs:
                raise RuntimeError(f"function {self.name()} returned a gradient different than None at position "
                                   f"{i + 1}, but the corresponding forward input was not a Variable")
            if not isinstance(r, TensorBase):
                raise RuntimeError(f"expected Variable or None (got {c_type_name(r)})")
        return [result[i] for i in tensor_inputs]


class FunctionMeta(type):
    """Creates ``<Name>Backward`` (the node class) for every Function subclass."""

    def __init__(cls, name, bases, attrs):
        backward_cls = type(name + "Backward", (BackwardCFunction,),
                            {"_forward_cls": cls, "__module__": "torch.autograd.function",
                             "__qualname__": name + "Backward"})
        cls._backward_cls = backward_cls
        super().__init__(name, bases, attrs)


class Function(FunctionCtx, metaclass=FunctionMeta):
    """Base class of custom differentiable operations.

    Subclass it with static ``forward(ctx, *args)`` and ``backward(ctx, *grad_outputs)`` methods
    (or ``forward(*args)`` plus ``setup_context(ctx, inputs, output)``) and call
    ``MyFn.apply(*args)``; ``ctx`` is the graph node, with the ``FunctionCtx`` methods.

    Example::

        >>> class Cube(torch.autograd.Function):
        ...     @staticmethod
        ...     def forward(ctx, x):
        ...         ctx.save_for_backward(x)
        ...         return x ** 3
        ...     @staticmethod
        ...     def backward(ctx, grad):
        ...         (x,) = ctx.saved_tensors
        ...         return grad * 3 * x ** 2
        >>> x = torch.tensor([1.0, 2.0], requires_grad=True)
        >>> y = Cube.apply(x)
        >>> y
        tensor([1., 8.], grad_fn=<CubeBackward>)
        >>> y.sum().backward()
        >>> x.grad
        tensor([ 3., 12.])
    """

    def __init__(self, *args, **kwargs):
        pass

    def __call__(self, *args, **kwargs):
        raise RuntimeError(
            "Legacy autograd function with non-static forward method is deprecated. Please use new-style autograd "
            "function with static forward method. (Example: https://pytorch.org/docs/stable/autograd.html"
            "#torch.autograd.Function)")

    @staticmethod
    def forward(ctx, *args, **kwargs):
        """Computes the outputs from the inputs; subclasses define it as a staticmethod.

        Called by ``apply`` with recording off, as ``forward(ctx, *args)``, or as ``forward(*args)``
        when the class defines ``setup_context``.
        """
        raise NotImplementedError("You must implement the forward function for custom autograd.Function.")

    @staticmethod
    def setup_context(ctx, inputs, output):
        """Optional: saves what ``backward`` needs, given ``inputs`` (the tuple of arguments) and ``output``.

        Defining it lets ``forward`` take no ``ctx``.
        """
        raise NotImplementedError("setup_context is not implemented.")

    @staticmethod
    def backward(ctx, *grad_outputs):
        """Returns the gradient of each ``forward`` input from the gradients of the outputs; subclasses define it.

        Return one value per input of ``forward`` (None for non-tensor inputs or inputs that need no
        gradient).  ``vjp`` is another name for it.
        """
        raise NotImplementedError("You must implement either the backward or vjp method for your custom "
                                  "autograd.Function to use it with backward mode AD.")

    vjp = backward

    @staticmethod
    def jvp(ctx, *grad_inputs):
        """Forward-mode derivative of the Function; tensorlib has no forward-mode AD, so it is never called."""
        raise NotImplementedError("You must implement the jvp function for custom autograd.Function to use it "
                                  "with forward mode AD.")

    @classmethod
    def apply(cls, *args, **kwargs):
        """Runs ``forward`` on ``args`` and, when a tensor input requires grad, records a node that calls
        ``backward``.

        Returns:
            the outputs of ``forward``.
        """
        ctx = cls._backward_cls()
        ctx._hk = None
        ctx._meta = ()
        positions = tuple(i for i, a in enumerate(args) if isinstance(a, TensorBase))
        ctx._tensor_positions = positions
        ctx._num_inputs = len(args)
        state = grad_mode._state
        executable = state.enabled and any(args[i]._requires_grad for i in positions)
        ctx.needs_input_grad = tuple(isinstance(a, TensorBase) and a._requires_grad and state.enabled
                                     for a in args)
        custom_setup = cls.setup_context is not Function.setup_context
        prev = state.enabled
        state.enabled = False
        try:
            if custom_setup:
                outputs = cls.forward(*args, **kwargs)
                cls.setup_context(ctx, args, outputs)
            else:
                outputs = cls.forward(ctx, *args, **kwargs)
        finally:
            state.enabled = prev
        single = not isinstance(outputs, tuple)
        outs = (outputs,) if single else tuple(outputs)
        if not executable:
            if "to_save" in ctx.__dict__:
                ctx._pack(outs)
            return outputs
        ctx.next_functions = tuple(_edge(args[i]) for i in positions)
        ctx._seq = next(_seq)
        dirty = {id(t) for t in ctx.dirty_tensors}
        non_diff = {id(t) for t in ctx.non_differentiable}
        input_ids = {id(args[i]) for i in positions}
        wrapped = []
        meta = []
        for i, o in enumerate(outs):
            if not isinstance(o, TensorBase):
                wrapped.append(o)
                meta.append(None)
                continue
            if id(o) in input_ids and id(o) not in dirty:
                # an input returned as is: the output is a fresh alias (a view) of it
                state.enabled = False
                try:
                    o = o.view_as(o)
                finally:
                    state.enabled = prev
            elif id(o) in dirty and o._grad_fn is None and o._requires_grad:
                raise RuntimeError("a leaf Variable that requires grad has been used in an in-place operation.")
            meta.append((o._shape, o._dtype, o._storage.device))
            if id(outs[i]) not in non_diff and o._dtype.is_floating_point:
                o._grad_fn = ctx
                o._output_nr = i
                o._requires_grad = True
            wrapped.append(o)
        ctx._meta = tuple(m if m is not None else ((), None, None) for m in meta)
        ctx.n_outputs = len(outs)
        if "to_save" in ctx.__dict__:
            ctx._pack(wrapped)
        return wrapped[0] if single else tuple(wrapped)


class InplaceFunction(Function):
    """A ``Function`` whose constructor takes an ``inplace`` flag (stored as ``self.inplace``), as in PyTorch."""

    def __init__(self, inplace=False):
        super().__init__()
        self.inplace = inplace


def once_differentiable(fn):
    """Decorates a ``backward`` that cannot itself be differentiated: it runs with recording off.

    Example::

        >>> class Double(torch.autograd.Function):
        ...     @staticmethod
        ...     def forward(ctx, x):
        ...         return x * 2
        ...     @staticmethod
        ...     @torch.autograd.function.once_differentiable
        ...     def backward(ctx, grad):
        ...         return grad * 2
        >>> x = torch.ones(2, requires_grad=True)
        >>> Double.apply(x).sum().backward()
        >>> x.grad
        tensor([2., 2.])
    """
    @functools.wraps(fn)
    def wrapper(ctx, *args):
        with grad_mode.no_grad():
            return fn(ctx, *args)
    return wrapper
