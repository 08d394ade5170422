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
    return _state.enabled


def is_inference_mode_enabled():
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
        return self.__class__()


class _NoParensDecorator(_DecoratorContextManager):
    """Also usable as ``@no_grad`` (the class itself applied to a function)."""

    def __new__(cls, orig_func=None):
        if orig_func is None:
            return super().__new__(cls)
        return cls()(orig_func)


class no_grad(_NoParensDecorator):
    """Disables recording: results of ops have no grad_fn and do not require grad."""

    def __init__(self):
        self.prev = False

    def __enter__(self):
        self.prev = _state.enabled
        _state.enabled = False

    def __exit__(self, exc_type, exc_value, traceback):
        _state.enabled = self.prev


class enable_grad(_NoParensDecorator):
    """Enables recording, e.g. inside a ``no_grad`` block."""

    def __init__(self):
        self.prev = False

    def __enter__(self):
        self.prev = _state.enabled
        _state.enabled = True

    def __exit__(self, exc_type, exc_value, traceback):
        _state.enabled = self.prev


class set_grad_enabled(_DecoratorContextManager):
    """``set_grad_enabled(mode)``: takes effect at once (a plain call works) and
    restores the previous mode when used as a context manager or decorator."""

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
    """Like ``no_grad``; tensors made inside report ``is_inference()``."""

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
