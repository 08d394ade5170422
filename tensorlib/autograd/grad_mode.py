"""Grad modes: whether ops record themselves in the graph.

The state is thread-local (a new thread starts with grad mode enabled), as in
PyTorch.  ``no_grad``, ``enable_grad``, ``set_grad_enabled`` and
``inference_mode`` work as context managers and as decorators (with or without
parentheses for the first two); ``set_grad_enabled(False)`` also works as a
plain call."""
import functools
import inspect
import threading

__all__ = ["no_grad", "enable_grad", "set_grad_enabled", "is_grad_enabled", "inference_mode",
           "is_inference_mode_enabled"]


class _State(threading.local):
    enabled = True      # grad mode
    inference = False   # inference mode


_state = _State()


def is_grad_enabled():
    """Returns True when gradient recording is on in this thread (the default), False inside ``no_grad``.

    Example::

        >>> with torch.no_grad():
        ...     print(torch.is_grad_enabled())
        False
    """
    return _state.enabled


def is_inference_mode_enabled():
    """Returns True inside an ``inference_mode()`` block in this thread."""
    return _state.inference


def _set_enabled(flag):
    _state.enabled = bool(flag)


class _DecoratorContextManager:
    """Base for the mode classes: ``with mode(): ...`` and ``@mode()``."""

    def __call__(self, func):
        if inspect.isclass(func):
            raise RuntimeError("Decorating classes is deprecated and will be disabled in future versions. "
                               "You should only decorate functions or methods. To preserve the current "
                               "behavior of class decoration, you can directly decorate the `__init__` method "
                               "and nothing else.")
        if inspect.isgeneratorfunction(func):
            @functools.wraps(func)
            def generator(*args, **kwargs):
                gen = func(*args, **kwargs)
                with self.clone():
                    response = gen.send(None)
                while True:
                    try:
                        request = yield response
                    except GeneratorExit:
                        with self.clone():
                            gen.close()
                        raise
                    except BaseException as exc:
                        with self.clone():
                            response = gen.throw(exc)
                    else:
                        with self.clone():
                            try:
                                response = gen.send(request)
                            except StopIteration as stop:
                                return stop.value
            return generator

        @functools.wraps(func)
        def decorated(*args, **kwargs):
            with self.clone():
                return func(*args, **kwargs)
        return decorated

    def clone(self):
        """Returns a fresh manager of the same mode (a decorator enters one per call)."""
        return self.__class__()


class _NoParensDecorator(_DecoratorContextManager):
    """Also usable as ``@no_grad`` (the class itself applied to a function)."""

    def __new__(cls, orig_func=None):
        if orig_func is None:
            return super().__new__(cls)
        return cls()(orig_func)


class no_grad(_NoParensDecorator):
    """Turns gradient recording off, as a context manager or a decorator.

    Results computed inside have no ``grad_fn`` and do not require grad, which saves memory in
    evaluation.  The previous mode is restored on exit.  The mode is per thread.

    Example::

        >>> x = torch.ones(2, requires_grad=True)
        >>> with torch.no_grad():
        ...     y = x * 2
        >>> y.requires_grad
        False
        >>> @torch.no_grad()
        ... def double(t):
        ...     return t * 2
        >>> double(x).requires_grad
        False
    """

    def __init__(self):
        self.prev = False

    def __enter__(self):
        self.prev = _state.enabled
        _state.enabled = False

    def __exit__(self, exc_type, exc_value, traceback):
        _state.enabled = self.prev


class enable_grad(_NoParensDecorator):
    """Turns gradient recording on, as a context manager or a decorator (for instance inside a ``no_grad`` block).

    Example::

        >>> x = torch.ones(2, requires_grad=True)
        >>> with torch.no_grad():
        ...     with torch.enable_grad():
        ...         y = x * 2
        >>> y.requires_grad
        True
    """

    def __init__(self):
        self.prev = False

    def __enter__(self):
        self.prev = _state.enabled
        _state.enabled = True

    def __exit__(self, exc_type, exc_value, traceback):
        _state.enabled = self.prev


class set_grad_enabled(_DecoratorContextManager):
    """Turns gradient recording on or off according to ``mode``.

    It takes effect at once, so a plain call works; as a context manager or decorator it restores
    the previous mode on exit.

    Args:
        mode (bool): ``True`` to record, ``False`` not to.

    Example::

        >>> x = torch.ones(1, requires_grad=True)
        >>> is_train = False
        >>> with torch.set_grad_enabled(is_train):
        ...     y = x * 2
        >>> y.requires_grad
        False
        >>> _ = torch.set_grad_enabled(False)
        >>> (x * 2).requires_grad
        False
        >>> _ = torch.set_grad_enabled(True)
    """

    def __init__(self, mode):
        self.prev = _state.enabled
        self.mode = bool(mode)
        _state.enabled = self.mode

    def __call__(self, func):
        _state.enabled = self.prev
        return super().__call__(func)

    def __enter__(self):
        _state.enabled = self.mode

    def __exit__(self, exc_type, exc_value, traceback):
        _state.enabled = self.prev

    def clone(self):
        return self.__class__(self.mode)


class inference_mode(_DecoratorContextManager):
    """Turns gradient recording off, as ``no_grad`` does, and marks the tensors made inside as inference tensors.

    Use it as a context manager or a decorator.  Inference tensors report ``is_inference()``
    and cannot be saved for a later backward pass.

    Args:
        mode (bool): ``False`` makes the block an ordinary one. Default: ``True``.

    Example::

        >>> with torch.inference_mode():
        ...     y = torch.ones(2) * 2
        >>> y.requires_grad, y.is_inference()
        (False, True)
    """

    def __new__(cls, mode=True):
        if isinstance(mode, bool):
            return super().__new__(cls)
        return cls()(mode)

    def __init__(self, mode=True):
        self.mode = mode
        self.prev = None

    def __enter__(self):
        self.prev = (_state.enabled, _state.inference)
        if self.mode:
            _state.enabled, _state.inference = False, True
        else:
            _state.inference = False

    def __exit__(self, exc_type, exc_value, traceback):
        _state.enabled, _state.inference = self.prev

    def clone(self):
        return self.__class__(self.mode)
