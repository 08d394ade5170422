"""``torch.use_deterministic_algorithms`` and the deterministic debug mode: one
setting, 0 (off), 1 (warn only) or 2 (on), read back as PyTorch reads it.
tensorlib's CPU kernels give the same results run after run at any setting."""

__all__ = ["use_deterministic_algorithms", "are_deterministic_algorithms_enabled",
           "is_deterministic_algorithms_warn_only_enabled", "set_deterministic_debug_mode",
           "get_deterministic_debug_mode"]

_DEBUG_MODES = ("default", "warn", "error")
_state = {"mode": 0}


def _check_bool(value, name, position):
    if not isinstance(value, bool):
        where = f"'{name}' (position {position})" if position else f"'{name}'"
        raise TypeError(f"_set_deterministic_algorithms(): argument {where} must be bool, not "
                        f"{type(value).__name__}")


def use_deterministic_algorithms(mode, *, warn_only=False):
    """Asks for deterministic algorithms (``mode=True``) or lifts the request.
    tensorlib's CPU kernels are deterministic already; the setting is kept for the queries.

    Args:
        mode (bool): whether to ask for them.
        warn_only (bool): warn rather than raise where an op has no deterministic form (the debug
            mode 'warn'). Default: ``False``.
    """
    _check_bool(mode, "mode", 1)
    _check_bool(warn_only, "warn_only", None)
    _state["mode"] = (1 if warn_only else 2) if mode else 0


def are_deterministic_algorithms_enabled():
    """Whether deterministic algorithms were asked for (:func:`tensorlib.use_deterministic_algorithms`)."""
    return _state["mode"] > 0


def is_deterministic_algorithms_warn_only_enabled():
    """Whether deterministic algorithms were asked for with ``warn_only=True`` (warn, do not raise)."""
    return _state["mode"] == 1


def set_deterministic_debug_mode(debug_mode):
    """Sets the deterministic debug mode: ``'default'`` (0) off, ``'warn'`` (1)
    or ``'error'`` (2) (as :func:`tensorlib.use_deterministic_algorithms` with ``warn_only`` True or
    False).

    Args:
        debug_mode (str or int): the mode, by name or number.
    """
    if isinstance(debug_mode, str):
        if debug_mode not in _DEBUG_MODES:
            raise RuntimeError(f"invalid value of debug_mode, expected one of `default`, `warn`, `error`, but got "
                               f"{debug_mode}")
        debug_mode = _DEBUG_MODES.index(debug_mode)
    elif isinstance(debug_mode, int):
        if debug_mode not in (0, 1, 2):
            raise RuntimeError(f"invalid value of debug_mode, expected 0, 1, or 2, but got {debug_mode}")
    else:
        raise TypeError(f"debug_mode must be str or int, but got {type(debug_mode)}")
    _state["mode"] = int(debug_mode)


def get_deterministic_debug_mode():
    """The deterministic debug mode as an int: 0 (default), 1 (warn) or 2 (error).

    Example::

        >>> torch.get_deterministic_debug_mode()
        0
    """
    return _state["mode"]
