"""``torch.utils.checkpoint``: activation checkpointing.  ``checkpoint(function, *args)`` runs
``function`` without recording its graph, so its intermediate activations are freed at once,
and runs it again in backward (with the random state it first saw) to compute the gradients;
``checkpoint_sequential`` does so segment by segment along a Sequential."""
import contextlib
import warnings

from .._C import TensorBase
from ..autograd import backward as _backward
from ..autograd.function import Function
from ..autograd.grad_mode import enable_grad, no_grad
from ..random import default_generator

__all__ = ["checkpoint", "checkpoint_sequential"]

_NO_USE_REENTRANT = (
    "torch.utils.checkpoint: the use_reentrant parameter should be passed explicitly. Starting in PyTorch 2.9, "
    "calling checkpoint without use_reentrant will raise an exception. use_reentrant=False is recommended, but if "
    "you need to preserve the current default behavior, you can pass use_reentrant=True. Refer to docs for more "
    "details on the differences between the two variants.")


def noop_context_fn():
    """The default ``context_fn``: two contexts that do nothing."""
    return contextlib.nullcontext(), contextlib.nullcontext()


class CheckpointFunction(Function):
    """Runs ``run_function`` without a graph in forward and again, with one, in backward."""

    @staticmethod
    def forward(ctx, run_function, preserve_rng_state, forward_context, recompute_context, *args):
        ctx.run_function = run_function
        ctx.recompute_context = recompute_context
        ctx.rng_state = default_generator.get_state() if preserve_rng_state else None
        ctx.tensor_places = [i for i, a in enumerate(args) if isinstance(a, TensorBase)]
        ctx.others = [None if isinstance(a, TensorBase) else a for a in args]
        ctx.save_for_backward(*(args[i] for i in ctx.tensor_places))
        with no_grad(), forward_context:
            return run_function(*args)

    @staticmethod
    def backward(ctx, *grad_outputs):
        args = list(ctx.others)
        for place, saved in zip(ctx.tensor_places, ctx.saved_tensors):
            args[place] = saved.detach().requires_grad_(saved.requires_grad)
        current = default_generator.get_state()
        if ctx.rng_state is not None:
            default_generator.set_state(ctx.rng_state)
        try:
            with enable_grad(), ctx.recompute_context:
                outputs = ctx.run_function(*args)
        finally:
            default_generator.set_state(current)
        outputs = outputs if isinstance(outputs, tuple) else (outputs,)
        pairs = [(o, g) for o, g in zip(outputs, grad_outputs)
                 if isinstance(o, TensorBase) and o.requires_grad and g is not None]
        if not pairs:
            raise RuntimeError("none of output has requires_grad=True, this checkpoint() is not necessary")
        _backward([o for o, _ in pairs], [g for _, g in pairs])
        grads = tuple(a.grad if isinstance(a, TensorBase) else None for a in args)
        return (None, None, None, None) + grads


def checkpoint(function, *args, use_reentrant=None, context_fn=noop_context_fn, determinism_check="default",
               debug=False, early_stop=True, **kwargs):
    r"""Runs ``function(*args, **kwargs)`` without keeping its intermediate activations; the backward
    pass runs it again to recompute them, trading compute for memory.

    Args:
        function (callable): the part of the model to checkpoint.
        \*args: its arguments.
        use_reentrant (bool): PyTorch's two implementations; give it explicitly (PyTorch warns
            otherwise).  Both recompute here; keyword arguments and ``context_fn`` need ``False``.
        context_fn (callable): returns the two context managers the forward pass and the
            recomputation run under. Default: no contexts.
        preserve_rng_state (bool): replay the random state of the forward pass in the
            recomputation (so dropout draws the same mask). Default: ``True``.
        determinism_check, debug, early_stop: accepted for PyTorch compatibility.
        \*\*kwargs: keyword arguments of ``function``.

    Returns:
        what ``function`` returns.

    Example::

        >>> from torch.utils.checkpoint import checkpoint
        >>> _ = torch.manual_seed(0)
        >>> layer = torch.nn.Linear(4, 4)
        >>> x = torch.randn(2, 4, requires_grad=True)
        >>> y = checkpoint(layer, x, use_reentrant=False)
        >>> y.sum().backward()
        >>> x.grad.shape
        torch.Size([2, 4])
    """
    if use_reentrant is None:
        warnings.warn(_NO_USE_REENTRANT, UserWarning, stacklevel=2)
        use_reentrant = True
    preserve_rng_state = kwargs.pop("preserve_rng_state", True)
    if use_reentrant:
        if context_fn is not noop_context_fn or debug:
            raise ValueError("Passing `context_fn` or `debug` is only supported when use_reentrant=False.")
        if kwargs:
            raise ValueError("Unexpected keyword arguments: " + ",".join(kwargs))
    if determinism_check not in ("default", "none"):
        raise ValueError(f"determinism_check should be one of ['default', 'none'], but got {determinism_check}")
    if not any(isinstance(a, TensorBase) and a.requires_grad for a in args):
        warnings.warn("None of the inputs have requires_grad=True. Gradients will be None", UserWarning, stacklevel=2)
    run = (lambda *inputs: function(*inputs, **kwargs)) if kwargs else function
    forward_context, recompute_context = context_fn()
    return CheckpointFunction.apply(run, preserve_rng_state, forward_context, recompute_context, *args)


def checkpoint_sequential(functions, segments, input, use_reentrant=None, **kwargs):
    r"""Runs the modules of ``functions`` on ``input`` in ``segments`` checkpointed parts.

    The last part runs normally, since its activations are needed at once.

    Args:
        functions (Sequential or list of Module): the modules, applied in order.
        segments (int): the number of parts.
        input (Tensor): the input of the first module.
        use_reentrant (bool): as for ``checkpoint``.
        \*\*kwargs: passed to ``checkpoint`` (``preserve_rng_state``...).

    Returns:
        Tensor: the output of the last module.
    """
    if use_reentrant is None:
        warnings.warn(_NO_USE_REENTRANT, UserWarning, stacklevel=2)
        use_reentrant = True
    if hasattr(functions, "children") and not isinstance(functions, (list, tuple)):
        functions = list(functions.children())
    size = len(functions) // segments

    def run_segment(start, end):
        def forward(x):
            for module in functions[start:end + 1]:
                x = module(x)
            return x
        return forward

    end = -1
    for start in range(0, size * (segments - 1), size):
        end = start + size - 1
        input = checkpoint(run_segment(start, end), input, use_reentrant=use_reentrant, **kwargs)
    return run_segment(end + 1, len(functions) - 1)(input)
