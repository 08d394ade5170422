"""``torch.compile``: tensorlib runs every model eagerly, op by op; compiling
returns the model (or function) itself, so programs that compile run unchanged,
at eager speed.  The arguments are checked as PyTorch checks them."""
import functools

__all__ = ["compile"]

_MODES = ("default", "lite", "reduce-overhead", "max-autotune-no-cudagraphs", "max-autotune")


def compile(model=None, *, fullgraph=False, dynamic=None, backend="inductor", mode=None, options=None,  # noqa: A001
            name=None, disable=False, recompile_limit=None, isolate_recompiles=False, shapes_spec=None):
    """Returns ``model`` (a module or a callable) unchanged; with no model, a decorator that does.

    ``mode`` must be one of PyTorch's modes and may not be given with ``options``; the other
    arguments (``fullgraph``, ``dynamic``, ``backend``...) are accepted and change nothing."""
    if mode is not None and options is not None:
        raise RuntimeError("Either mode or options can be specified, but both can't be specified at the same "
                           "time.")
    if mode is not None and mode not in _MODES:
        raise RuntimeError(f"Unrecognized mode={mode}, should be one of: {', '.join(_MODES)}")
    if model is None:
        return functools.partial(compile, fullgraph=fullgraph, dynamic=dynamic, backend=backend, mode=mode,
                                 options=options, name=name, disable=disable, recompile_limit=recompile_limit,
                                 isolate_recompiles=isolate_recompiles, shapes_spec=shapes_spec)
    assert callable(model), f"A callable function is expected, but {type(model)} is provided."
    return model
