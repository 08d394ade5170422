"""The *_like factories: tensors of another's shape, dtype and device, laid out as ``memory_format``
says (by default as the input is: ``torch.preserve_format``)."""
from . import _layout
from ._creation import _finish, _number, _random, randint
from ._creation_docs import document
from ._memory_format import checked_format, like_strides, memory_format
from ._scalar_conversion import checked_scalar
from ._tensor import empty_tensor
from .backends import resolve_device


def _like_overloads(forms):
    """PyTorch's overload list of a random *_like factory whose arguments after ``input`` are ``forms``."""
    return "".join(
        f" * (Tensor input, {form}*, {generator}torch.memory_format memory_format = None, torch.dtype dtype = None, "
        "torch.layout layout = None, torch.device device = None, bool pin_memory = False, "
        "bool requires_grad = False)\n"
        for form in forms for generator in ("torch.Generator generator, ", ""))


_RANDOM_LIKE_OVERLOADS = _like_overloads(("",))
_RANDINT_LIKE_OVERLOADS = _like_overloads(("int low, int high, ", "Tensor high, ", "int high, "))


def _overloaded_format(value, fname, given, overloads):
    """``memory_format=`` of a factory PyTorch lists overloads for: a wrong type raises that list."""
    if value is None or isinstance(value, memory_format):
        return checked_format(value, fname)
    got = ", ".join(["Tensor"] + [type(a).__name__ for a in given] + [f"memory_format={type(value).__name__}"])
    raise TypeError(f"{fname}() received an invalid combination of arguments - got ({got}), but expected one of:\n"
                    f"{overloads}")


def _layout_like(input, dtype, device, fmt):
    """The dtype, device and strides of a tensor like ``input``."""
    return (dtype or input._dtype, resolve_device(input.device if device is None else device),
            like_strides(input._shape, input._strides, fmt))


def _new_like(input, dtype, device, memory_format, fname, fill=None):
    """A tensor like ``input`` (not yet requiring grad), filled with ``fill`` (already of its dtype)."""
    dtype, device, strides = _layout_like(input, dtype, device, checked_format(memory_format, fname))
    out = empty_tensor(input._shape, dtype, device, strides)
    if fill is not None:
        out._array()[...] = fill
    return out


def empty_like(input, *, dtype=None, device=None, requires_grad=False, memory_format=None, layout=None):
    return _finish(_new_like(input, dtype, device, memory_format, "empty_like"), requires_grad)


def zeros_like(input, *, dtype=None, device=None, requires_grad=False, memory_format=None, layout=None):
    return _finish(_new_like(input, dtype, device, memory_format, "zeros_like", 0), requires_grad)


def ones_like(input, *, dtype=None, device=None, requires_grad=False, memory_format=None, layout=None):
    return _finish(_new_like(input, dtype, device, memory_format, "ones_like", 1), requires_grad)


def full_like(input, fill_value, *, dtype=None, device=None, requires_grad=False, memory_format=None, layout=None):
    value = _number(fill_value)
    out = _new_like(input, dtype, device, memory_format, "full_like")
    out._array()[...] = checked_scalar(value, out._dtype)
    return _finish(out, requires_grad)


def rand_like(input, *, generator=None, dtype=None, device=None, requires_grad=False, memory_format=None,
              layout=None):
    """Samples of U[0, 1) in ``input``'s shape, drawn in the order of the result's memory as PyTorch's are."""
    fmt = _overloaded_format(memory_format, "rand_like", (), _RANDOM_LIKE_OVERLOADS)
    dtype, device, strides = _layout_like(input, dtype, device, fmt)
    return _random(input._shape, dtype, device, requires_grad, generator,
                   lambda g, s, t: g.uniform_between(s, t, 0.0, 1.0), "rand", strides)


def randn_like(input, *, generator=None, dtype=None, device=None, requires_grad=False, memory_format=None,
               layout=None):
    """Standard normal samples in ``input``'s shape; as PyTorch's, one at a time in memory order where
    the result is not contiguous."""
    fmt = _overloaded_format(memory_format, "randn_like", (), _RANDOM_LIKE_OVERLOADS)
    dtype, device, strides = _layout_like(input, dtype, device, fmt)
    serial = not _layout.is_contiguous(input._shape, strides)
    return _random(input._shape, dtype, device, requires_grad, generator,
                   lambda g, s, t: g.normal(s, t, serial=serial), "randn", strides)


def randint_like(input, low=None, high=None, *, generator=None, dtype=None, device=None, requires_grad=False,
                 memory_format=None):
    """Integers of [low, high) (``randint_like(input, high)``: [0, high)) in ``input``'s shape."""
    given = tuple(a for a in (low, high) if a is not None)
    fmt = _overloaded_format(memory_format, "randint_like", given, _RANDINT_LIKE_OVERLOADS)
    if high is None:
        if low is None:
            raise TypeError("randint_like() received an invalid combination of arguments - got (Tensor), but "
                            f"expected one of:\n{_RANDINT_LIKE_OVERLOADS}")
        low, high = 0, low
    elif low is None:
        low = 0
    dtype, device, strides = _layout_like(input, dtype, device, fmt)
    return randint(low, high, input._shape, generator=generator, requires_grad=requires_grad, dtype=dtype,
                   device=device, _strides=strides)


document(globals())
