"""Padding layers: ZeroPad1d/2d/3d, ConstantPad1d/2d/3d, ReflectionPad1d/2d/3d,
ReplicationPad1d/2d/3d, CircularPad1d/2d/3d (F.pad as a layer)."""
from .. import functional as F
from .module import Module

__all__ = ["ZeroPad1d", "ZeroPad2d", "ZeroPad3d", "ConstantPad1d", "ConstantPad2d", "ConstantPad3d",
           "ReflectionPad1d", "ReflectionPad2d", "ReflectionPad3d", "ReplicationPad1d", "ReplicationPad2d",
           "ReplicationPad3d", "CircularPad1d", "CircularPad2d", "CircularPad3d"]


def _amounts(padding, dims):
    """An int pads every side; a sequence gives (before, after) per dim, innermost first."""
    return tuple(padding) if isinstance(padding, (tuple, list)) else (padding,) * (2 * dims)


class _PadNd(Module):
    """Pads the last ``_dims`` dims by ``padding`` with F.pad's ``_mode``."""
    _dims = 0
    _mode = "constant"

    def __init__(self, padding):
        super().__init__()
        self.padding = _amounts(padding, self._dims)

    def forward(self, input):
        return F.pad(input, self.padding, self._mode)

    def extra_repr(self):
        return f"{self.padding}"


class _ConstantPadNd(_PadNd):
    def __init__(self, padding, value):
        super().__init__(padding)
        self.value = value

    def forward(self, input):
        return F.pad(input, self.padding, "constant", self.value)

    def extra_repr(self):
        return f"padding={self.padding}, value={self.value}"


class _ZeroPadNd(_ConstantPadNd):
    def __init__(self, padding):
        super().__init__(padding, 0.0)

    def extra_repr(self):
        return f"{self.padding}"


class _CircularPadNd(_PadNd):
    _mode = "circular"

    def forward(self, input):
        if input.dim() not in (self._dims + 1, self._dims + 2):
            raise ValueError(f"expected {self._dims + 1}D or {self._dims + 2}D input (got {input.dim()}D input)")
        return F.pad(input, self.padding, "circular")


def _doc(dims, what, base):
    sides = ("``(left, right)``", "``(left, right, top, bottom)``",
             "``(left, right, top, bottom, front, back)``")[dims - 1]
    value = "\n    value (float): the fill value." if base is _ConstantPadNd else ""
    return (f"Pads the last {('dim', 'two dims', 'three dims')[dims - 1]} of the input {what}.\n\n"
            f"Args:\n    padding (int or tuple): an int pads every side by that much; a tuple gives\n"
            f"        {sides}.{value}\n\n"
            f"Shape:\n    input with {dims + 1} or {dims + 2} dims; each padded dim grows by its two paddings.\n")


_REFLECTED = "with its reflection at the edge (the edge not repeated)"


def _layer(name, base, dims, what, mode=None):
    """The padding layer ``name`` of ``dims`` dims."""
    attributes = {"_dims": dims, "__module__": __name__, "__doc__": _doc(dims, what, base)}
    if mode is not None:
        attributes["_mode"] = mode
    return type(name, (base,), attributes)


ConstantPad1d = _layer("ConstantPad1d", _ConstantPadNd, 1, "with ``value``")
ConstantPad2d = _layer("ConstantPad2d", _ConstantPadNd, 2, "with ``value``")
ConstantPad3d = _layer("ConstantPad3d", _ConstantPadNd, 3, "with ``value``")
ZeroPad1d = _layer("ZeroPad1d", _ZeroPadNd, 1, "with zeros")
ZeroPad2d = _layer("ZeroPad2d", _ZeroPadNd, 2, "with zeros")
ZeroPad3d = _layer("ZeroPad3d", _ZeroPadNd, 3, "with zeros")
ReflectionPad1d = _layer("ReflectionPad1d", _PadNd, 1, _REFLECTED, "reflect")
ReflectionPad2d = _layer("ReflectionPad2d", _PadNd, 2, _REFLECTED, "reflect")
ReflectionPad3d = _layer("ReflectionPad3d", _PadNd, 3, _REFLECTED, "reflect")
ReplicationPad1d = _layer("ReplicationPad1d", _PadNd, 1, "by repeating the edge values", "replicate")
ReplicationPad2d = _layer("ReplicationPad2d", _PadNd, 2, "by repeating the edge values", "replicate")
ReplicationPad3d = _layer("ReplicationPad3d", _PadNd, 3, "by repeating the edge values", "replicate")
CircularPad1d = _layer("CircularPad1d", _CircularPadNd, 1, "by wrapping around (the other end's values)")
CircularPad2d = _layer("CircularPad2d", _CircularPadNd, 2, "by wrapping around (the other end's values)")
CircularPad3d = _layer("CircularPad3d", _CircularPadNd, 3, "by wrapping around (the other end's values)")
