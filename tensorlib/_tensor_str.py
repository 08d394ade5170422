"""PyTorch-exact printing of tensors (``repr``/``str``) and the print options.

A tensor prints as ``tensor(<body><suffixes>)``.  The body is built from the
elements that will actually be shown: a tensor with more than ``threshold``
elements is summarised (only ``edgeitems`` entries at each end of every long
axis), and that selection happens on the NumPy array before any element is
turned into a Python value, so huge tensors print quickly.  One element
formatter is chosen per tensor from the shown values, and every element is
right-aligned to its width.
"""
import contextlib
import math
from typing import NamedTuple

import numpy as np

from . import _dtype
from .backends import backend_for

_PROFILES = {
    "default": {"precision": 4, "threshold": 1000, "edgeitems": 3, "linewidth": 80},
    "short": {"precision": 2, "threshold": 1000, "edgeitems": 2, "linewidth": 80},
    "full": {"precision": 4, "threshold": math.inf, "edgeitems": 3, "linewidth": 80},
}

# sci_mode None means "choose per tensor"; True/False force the float style.
_options = dict(_PROFILES["default"], sci_mode=None)

# Float tensors switch to scientific notation when the shown nonzero finite
# magnitudes span more than this ratio, exceed _SCI_ABOVE, or (for values that
# are not all whole numbers) go below _SCI_BELOW.  All comparisons are strict.
_SCI_RATIO = 1000.0
_SCI_ABOVE = 1.0e8
_SCI_BELOW = 1.0e-4

_PREFIX = "tensor("


def set_printoptions(precision=None, threshold=None, edgeitems=None, linewidth=None, profile=None,
                     sci_mode=None):
    """Sets how tensors print.  A profile (``'default'``, ``'short'`` or ``'full'``) is
    applied first and the options given override it; an unknown profile name is ignored, as in PyTorch.
    ``sci_mode`` is always assigned, so leaving it out returns to automatic.

    Args:
        precision (int, optional): digits after the decimal point of floating-point elements (4).
        threshold (int, optional): the number of elements above which a tensor is summarised (1000).
        edgeitems (int, optional): the elements shown at each end of a summarised dimension (3).
        linewidth (int, optional): the characters per line before wrapping (80).
        profile (str, optional): ``'default'``, ``'short'`` (precision 2, threshold 1000, edge items 2)
            or ``'full'`` (no summary).
        sci_mode (bool, optional): force (True) or forbid (False) scientific notation; None: automatic.

    Example::

        >>> torch.set_printoptions(precision=2)
        >>> torch.tensor([1.23456])
        tensor([1.23])
        >>> torch.set_printoptions(profile="default")
    """
    if profile in _PROFILES:
        _options.update(_PROFILES[profile])
    explicit = {"precision": precision, "threshold": threshold, "edgeitems": edgeitems,
                "linewidth": linewidth}
    _options.update({name: value for name, value in explicit.items() if value is not None})
    _options["sci_mode"] = sci_mode


def get_printoptions():
    """The current print options as a new dict (precision, threshold, edgeitems, linewidth, sci_mode)."""
    return dict(_options)


@contextlib.contextmanager
def printoptions(**options):
    """Apply ``set_printoptions(**options)`` inside a ``with`` block only."""
    saved = get_printoptions()
    set_printoptions(**options)
    try:
        yield
    finally:
        set_printoptions(**saved)


def tensor_repr(t):
    """The exact string PyTorch prints for ``t``."""
    dtype = t.dtype
    default_float = _dtype.get_default_dtype()
    shape = tuple(t._shape)
    suffixes = []
    if not backend_for(t.device).is_host:  # PyTorch names every device but the CPU
        suffixes.append(f"device='{t.device}'")
    if t.numel() == 0:
        body = "[]"
        # The shape of an empty tensor is invisible in "[]", so it is spelled
        # out unless it is (0,); and with no elements to hint at the type,
        # the dtype is shown for everything but the default float dtype.
        if len(shape) != 1:
            suffixes.append(f"size={shape}")
        if dtype is not default_float:
            suffixes.append(f"dtype={dtype!r}")
    else:
        if not _options["edgeitems"]:
            # With no edge items a summarised body is just "[...]"; PyTorch
            # then always names the size, summarised or not.
            suffixes.append(f"size={shape}")
        if dtype not in (default_float, _dtype.int64, _dtype.bool):
            suffixes.append(f"dtype={dtype!r}")
        body = _body(t._host_array(), dtype, indent=len(_PREFIX))
    if t.grad_fn is not None:
        suffixes.append(f"grad_fn=<{type(t.grad_fn).__name__}>")
    elif t.requires_grad:
        suffixes.append("requires_grad=True")
    return _with_suffixes(_PREFIX + body, suffixes)


def _body(array, dtype, indent):
    """The bracketed elements of a non-empty tensor held in ``array``."""
    if array.ndim == 0:
        cells, _ = _format_elements(array, dtype)
        return cells[0]
    edgeitems = _options["edgeitems"]
    if array.size > _options["threshold"]:
        if not edgeitems:
            return "[...]"
        shown, elided = _summarised(array, edgeitems)
    else:
        shown, elided = array, (False,) * array.ndim
    cells, width = _format_elements(shown, dtype)
    layout = _Layout(width=width, edgeitems=edgeitems, linewidth=_options["linewidth"])
    return _nested(cells, shown.shape, elided, indent, layout)


def _summarised(array, edgeitems):
    """The elements a summary shows, and which axes lost their middle.

    Every axis longer than ``2 * edgeitems`` keeps its first and last
    ``edgeitems`` entries; one fancy-indexing gather copies just those."""
    elided = tuple(n > 2 * edgeitems for n in array.shape)
    keep = [np.r_[0:edgeitems, n - edgeitems:n] if cut else np.arange(n)
            for n, cut in zip(array.shape, elided)]
    return array[np.ix_(*keep)], elided


def _format_elements(shown, dtype):
    """Every shown element as a string right-aligned to the common width, in C order."""
    if dtype.is_floating_point:
        texts, width = _format_floats(shown.astype(np.float64).ravel())
    else:
        # Integers and bools print as Python does (3, -22, True).
        texts = [str(value) for value in shown.ravel().tolist()]
        width = max(1, max(map(len, texts)))
    return [text.rjust(width) for text in texts], width


def _format_floats(values):
    """The texts of float ``values`` and their width: one style for them all.

    Styles: 'whole' ('%.0f' plus '.') when every value is a whole number,
    'fixed' ('%.<precision>f'), or 'sci' ('%.<precision>e'); a forced
    sci_mode overrides the automatic choice.  Only nonzero finite values take
    part in the choice and in the width, so nan, inf and zeros never widen a
    column (they can be wider than it, as '-0.' is)."""
    judged = values[np.isfinite(values) & (values != 0)]
    if judged.size == 0:
        # Nothing to judge by: PyTorch keeps the whole-number style and width
        # 1, and does not apply a forced sci_mode either.
        return [_render("whole", value) for value in values.tolist()], 1
    magnitudes = np.abs(judged)
    smallest, largest = magnitudes.min(), magnitudes.max()
    all_whole = bool(np.all(judged == np.ceil(judged)))
    with np.errstate(over="ignore"):  # a ratio beyond the float range is simply inf
        wide_range = largest / smallest > _SCI_RATIO or largest > _SCI_ABOVE
    if all_whole:
        style = "sci" if wide_range else "whole"
    else:
        style = "sci" if wide_range or smallest < _SCI_BELOW else "fixed"
    forced = _options["sci_mode"]
    if forced is not None:
        style = "sci" if forced else ("whole" if all_whole else "fixed")
    width = max(len(_render(style, value)) for value in judged.tolist())
    return [_render(style, value) for value in values.tolist()], width


def _render(style, value):
    precision = _options["precision"]
    if style == "sci":
        return f"{value:.{precision}e}"
    if style == "fixed":
        return f"{value:.{precision}f}"
    text = f"{value:.0f}"
    return text + "." if math.isfinite(value) else text


class _Layout(NamedTuple):
    """What row wrapping needs: the element width, where '...' goes, the line width."""
    width: int
    edgeitems: int
    linewidth: int


def _nested(cells, shape, elided, indent, layout):
    """Brackets ``cells`` (C order, of the given shown ``shape``) into nested rows.

    ``indent`` is the column of this level's opening bracket; inner levels sit
    one column further right, and consecutive blocks of a k-dimensional level
    are separated by k-1 newlines (blank lines between matrices)."""
    if len(shape) == 1:
        return _row(cells, elided[0], indent, layout)
    block_size = len(cells) // shape[0]
    blocks = [_nested(cells[i * block_size:(i + 1) * block_size], shape[1:], elided[1:], indent + 1, layout)
              for i in range(shape[0])]
    if elided[0]:
        blocks.insert(layout.edgeitems, "...")
    return "[" + ("," + "\n" * (len(shape) - 1) + " " * (indent + 1)).join(blocks) + "]"


def _row(cells, elided, indent, layout):
    """One innermost row, wrapped so each line holds as many elements as fit."""
    if elided:
        cells = cells[:layout.edgeitems] + [" ..."] + cells[layout.edgeitems:]
    # Each element takes its width plus ", "; the '...' marker counts as one
    # element, and a line always holds at least one.
    per_line = max(1, math.floor((layout.linewidth - indent) / (layout.width + 2)))
    lines = [", ".join(cells[start:start + per_line]) for start in range(0, len(cells), per_line)]
    return "[" + (",\n" + " " * (indent + 1)).join(lines) + "]"


def _with_suffixes(text, suffixes):
    """Appends ', suffix' items and the closing parenthesis.

    A suffix moves to its own line, indented under the first bracket, when it
    would pass the line width.  PyTorch measures the tensor's last line as two
    characters longer than it is; the same measure keeps the wraps identical."""
    linewidth = _options["linewidth"]
    indent = len(_PREFIX)
    line_length = len(text) - text.rfind("\n") + 1
    for suffix in suffixes:
        if line_length + len(suffix) + 2 > linewidth:
            text += ",\n" + " " * indent + suffix
            line_length = indent + len(suffix)
        else:
            text += ", " + suffix
            line_length += len(suffix) + 2
    return text + ")"
