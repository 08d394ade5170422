"""Indexing: ``t[...]`` reads and writes, and the index-driven ops.

* Basic indices (ints, slices, None, ``...``, 0-d integer tensors) are applied
  as views through the ViewsMixin primitives, so the result shares storage.
* Advanced indices (integer tensors or lists, bool/uint8 masks) produce copies
  (reads) or write in place (``__setitem__`` / ``index_put_``), with PyTorch's
  broadcasting and placement rules: the broadcast index dims replace the
  indexed dims where those are adjacent, and move to the front where they are
  not.
* gather / scatter / index_* / masked_* / take / put / nonzero / where.

Everything is validated before data is touched, so bad input raises PyTorch's
exception and leaves every tensor unchanged.  Data moves through the tensor's
backend array (``t._array()``) and the backend's index kernels (``first_outside``,
``gather``, ``scatter``, ``accumulate_at``: tensorlib's Cython kernels on the CPU).

This module holds the IndexingMixin methods and the ``tensorlib.*`` functions; the
work is done in ``subscript`` (``t[index]``: parsing, advanced indices, the
index_put_/masked_fill_ plans), ``index_ops`` (the dim-wise ops' bodies) and
``index_checks`` (messages, argument, scalar, overlap and range checks, out=).
"""
import numbers

import numpy as np

from .. import _dtype as D
from .. import _layout
from .._C import TensorBase
from .._tensor import empty_tensor
from .conversion import _check_writable
from ._common import _common_device, result_strides
from .._type_names import c_type_name as _tp_name
from ..backends import backend_for
from .index_checks import (_EXPANDED, _INDEX_DTYPES, _MISSING, _UINT8_MASKED_SCATTER, _WHERE_SIGNATURES,
                                   _ZERO_DIM_INDEX, _arg_type, _arr1d, _assert_no_overlap, _assert_no_partial_overlap,
                                   _checked_scalar, _first_outside, _has_internal_overlap, _invalid_args, _is_number,
                                   _nonempty, _require_int, _require_tensor, _same_device, _scalar_tensor, _value_at,
                                   _warn, _write_out)
from .subscript import (_Advanced, _BOOL, _ELLIPSIS, _INT, _MASK, _NONE, _SLICE, _TENSOR, _bool_index,
                                _classify, _copy_to_plan, _index_items, _index_put_plan, _masked_fill_plan, _per_dim,
                                _slice_dim, _strip_leading_ones)
from .indexing_docs import document
from .index_ops import (_bind, _gather, _index_add_plan, _index_copy_plan, _index_fill_plan, _index_select,
                                _masked_scatter_plan, _masked_select, _nonzero, _nonzero_tuple, _parse_scatter,
                                _put_plan, _scatter_into, _scatter_shape_check, _take)

METHOD_FUNCTIONS = ("masked_fill", "masked_scatter", "index_fill", "index_put", "index_put_", "put", "argwhere")
FUNCTIONS = ("gather", "scatter", "scatter_add", "index_select", "index_add", "index_copy", "masked_select", "take",
             "nonzero", "where")

_reduce_warned = False  # PyTorch warns about scatter's reduce= with a Tensor src once per process


# ---- the mixin ------------------------------------------------------------------------------------------------
class IndexingMixin:
    # ---- t[index] ---------------------------------------------------------------------------------------
    def _apply_index(self, index):
        """Applies the basic part of ``index``; returns (view, indices) where
        ``indices`` gives per dim of ``view`` an index tensor or None, or is None
        when ``index`` has no advanced part."""
        parsed = [_classify(item) for item in _index_items(index)]
        nd = len(self._shape)
        specified = 0
        for kind, payload in parsed:
            if kind == _INT or kind == _SLICE or kind == _TENSOR:
                specified += 1
            elif kind == _MASK:
                specified += len(payload._shape)
        if specified > nd:
            raise IndexError(f"too many indices for tensor of dimension {nd}")
        view, dim, advanced, ellipsis_done = self, 0, None, False
        for real_dim, (kind, payload) in enumerate(parsed):
            if kind == _INT:
                size = view._shape[dim]
                if not -size <= payload < size:
                    raise IndexError(f"index {payload} is out of bounds for dimension {real_dim} with size {size}")
                view = view.select(dim, payload)
            elif kind == _SLICE:
                view = _slice_dim(view, dim, payload)
                dim += 1
            elif kind == _NONE:
                view = view.unsqueeze(dim)
                dim += 1
            elif kind == _ELLIPSIS:
                if not ellipsis_done:
                    dim += nd - specified
                    ellipsis_done = True
            elif kind == _BOOL:
                view = view.unsqueeze(dim)
                advanced = advanced or {}
                advanced[dim] = _bool_index(payload, self.device)
                dim += 1
            else:
                advanced = advanced or {}
                # index tensors on another device are moved to the indexed tensor's, as PyTorch does
                advanced[dim] = payload if payload.device == self.device else payload.to(self.device)
                dim += len(payload._shape) if kind == _MASK else 1
        if advanced is None:
            if view is self:  # t[...], t[()]: an alias
                view = self._record_view(self._alias(self._shape, self._strides), "AliasBackward0", None)
            return view, None
        return view, [advanced.get(i) for i in range(len(view._shape))]

    def __getitem__(self, index):
        if type(index) is int:
            if not self._shape:
                raise IndexError(_ZERO_DIM_INDEX)
            size = self._shape[0]
            if not -size <= index < size:
                raise IndexError(f"index {index} is out of bounds for dimension 0 with size {size}")
            return self.select(0, index)
        if type(index) is slice:
            if not self._shape:
                raise IndexError("slice() cannot be applied to a 0-dim tensor.")
            return _slice_dim(self, 0, index)
        view, indices = self._apply_index(index)
        if indices is None:
            return view
        adv = _Advanced(view, indices)
        adv.check_bounds()
        return view._record_result(adv.read(), "IndexBackward0", (view,), indices=indices)

    def _setitem_value(self, value):
        if isinstance(value, TensorBase):
            return value
        if isinstance(value, (bool, int, float, complex, np.integer)):
            return _scalar_tensor(value, self._dtype, self.device)
        raise TypeError(f"can't assign a {_tp_name(value)} to a {self.type()}")

    def __setitem__(self, index, value):
        value = self._setitem_value(value)
        if index is False:
            return
        if index is True or index is None:
            view, indices = self.unsqueeze(0), None
        elif type(index) is int and not self._shape:
            raise IndexError(_ZERO_DIM_INDEX)
        else:
            view, indices = self._apply_index(index)
        if indices is None:
            write = _copy_to_plan(view, value)
        else:
            write = _index_put_plan(view, indices, _strip_leading_ones(value), False)
        self._check_inplace(value)
        write()
        self._version_counter.bump()
        self._record_inplace("CopySlices", (value,), view=view, indices=indices)

    # ---- index_put --------------------------------------------------------------------------------------
    def index_put_(self, indices, values, accumulate=False):
        if not isinstance(indices, (tuple, list)):
            raise TypeError(f"index_put_(): argument 'indices' (position 1) must be tuple of Tensors, not "
                            f"{_arg_type(indices)}")
        for i, t in enumerate(indices):
            if not isinstance(t, TensorBase):
                raise TypeError(f"expected Tensor as element {i} in argument 0, but got {_tp_name(t)}")
        _require_tensor(values, "index_put_", "values", 2)
        nd = len(self._shape)
        if len(indices) > nd:
            raise IndexError(f"too many indices for tensor of dimension {nd} (got {len(indices)})")
        if not indices:  # PyTorch fails inside; its messages are kept
            if nd == 0:
                raise RuntimeError("masked_fill_ only supports boolean masks, but got mask with dtype nullptr "
                                   "(uninitialized)")
            raise RuntimeError("sym_strides() called on an undefined Tensor")
        only = indices[0]
        if len(indices) == 1 and not only._shape and only._dtype in (D.bool, D.uint8) and not accumulate and \
                values.numel() == 1:  # a lone 0-dim mask: PyTorch's masked_fill_ path takes it whole
            if _has_internal_overlap(self):
                _warn(_EXPANDED.format("index_put_", "tensor[indices] = tensor"))
            indices = [only] + [None] * (nd - 1)
            write = _masked_fill_plan(self, only, values.reshape(()) if values._shape else values)
        else:
            indices = _per_dim(indices, nd)
            write = _index_put_plan(self, indices, values, bool(accumulate))
        self._check_inplace(values)
        write()
        self._version_counter.bump()
        return self._record_inplace("IndexPutBackward0", (values,), indices=indices, accumulate=bool(accumulate))

    def index_put(self, indices, values, accumulate=False):
        out = self.detach().clone()
        out.index_put_(indices, values, accumulate)
        indices = _per_dim(indices, len(self._shape))
        return self._record_result(out, "IndexPutBackward0", (self, values), indices=indices,
                                   accumulate=bool(accumulate))

    # ---- masked ops -------------------------------------------------------------------------------------
    def masked_fill_(self, mask, value):
        if not isinstance(mask, TensorBase) or not (isinstance(value, TensorBase) or _is_number(value)):
            raise _invalid_args("masked_fill_", (mask, value), {}, ("(Tensor mask, Tensor value)",
                                                                   "(Tensor mask, Number value)"))
        write = _masked_fill_plan(self, mask, value)
        self._check_inplace(value)
        write()
        self._version_counter.bump()
        if isinstance(value, TensorBase):
            return self._record_inplace("MaskedFillBackward1", (value,), mask=mask)
        return self._record_inplace("MaskedFillBackward0", (), mask=mask)

    def masked_fill(self, mask, value):
        if not isinstance(mask, TensorBase) or not (isinstance(value, TensorBase) or _is_number(value)):
            raise _invalid_args("masked_fill", (mask, value), {}, ("(Tensor mask, Tensor value)",
                                                                  "(Tensor mask, Number value)"))
        shape = _layout.broadcast_shapes(self._shape, mask._shape)
        out = (self if shape == self._shape else self.expand(shape)).detach().clone()
        write = _masked_fill_plan(out, mask, value)
        write()
        if isinstance(value, TensorBase):
            return self._record_result(out, "MaskedFillBackward1", (self, value), mask=mask)
        return self._record_result(out, "MaskedFillBackward0", (self,), mask=mask)

    def masked_select(self, mask):
        _require_tensor(mask, "masked_select", "mask", 1)
        return self._record_result(_masked_select(self, mask), "MaskedSelectBackward0", (self,), mask=mask)

    def masked_scatter_(self, mask, source):
        _require_tensor(mask, "masked_scatter_", "mask", 1)
        _require_tensor(source, "masked_scatter_", "source", 2)
        write = _masked_scatter_plan(self, mask, source)
        self._check_inplace(source)
        write()
        self._version_counter.bump()
        return self._record_inplace("MaskedScatterBackward0", (source,), mask=mask)

    def masked_scatter(self, mask, source):
        _require_tensor(mask, "masked_scatter", "mask", 1)
        _require_tensor(source, "masked_scatter", "source", 2)
        if mask._dtype is not D.bool:
            if mask._dtype is D.uint8:
                _warn(_UINT8_MASKED_SCATTER)
            raise RuntimeError(f"masked_scatter_ only supports boolean masks, but got mask with dtype "
                               f"{mask._dtype.short_name}")
        shape = _layout.broadcast_shapes(self._shape, mask._shape)
        out = (self if shape == self._shape else self.expand(shape)).detach().clone()
        _masked_scatter_plan(out, mask, source)()
        return self._record_result(out, "MaskedScatterBackward0", (self, source), mask=mask)

    # ---- gather / scatter -------------------------------------------------------------------------------
    def gather(self, dim, index, *, sparse_grad=False, **unexpected):
        for key in unexpected:
            raise TypeError(f"gather() got an unexpected keyword argument '{key}'")
        _require_int(dim, "gather", "dim", 1)
        _require_tensor(index, "gather", "index", 2)
        out = _gather(self, dim, index)
        return self._record_result(out, "GatherBackward0", (self,), dim=_layout.normalize_dim(dim, len(self._shape)),
                                   index=index)

    def scatter_(self, *args, **kwargs):
        dim, index, src_t, scalar, reduce = _parse_scatter("scatter_", args, kwargs)
        write = _scatter_plan(self, dim, index, src_t, scalar, reduce)
        self._check_inplace(*((src_t,) if src_t is not None else ()))
        write()
        self._version_counter.bump()
        d = _layout.normalize_dim(dim, len(self._shape))
        name = "ScatterBackward0" if src_t is not None else "ScatterBackward1"
        if reduce is not None:
            name = "NotImplemented"  # PyTorch has no derivative for scatter with reduce=
        return self._record_inplace(name, (src_t,) if src_t is not None else (), dim=d, index=index, reduce=reduce,
                                    op="aten::scatter_")

    def scatter(self, *args, **kwargs):
        dim, index, src_t, scalar, reduce = _parse_scatter("scatter", args, kwargs)
        out = self.detach().clone()
        _scatter_plan(out, dim, index, src_t, scalar, reduce)()
        d = _layout.normalize_dim(dim, len(self._shape))
        name = "ScatterBackward0" if src_t is not None else "ScatterBackward1"
        if reduce is not None:
            name = "NotImplemented"  # PyTorch has no derivative for scatter with reduce=
        return self._record_result(out, name, (self, src_t) if src_t is not None else (self,), dim=d, index=index,
                                   reduce=reduce, op="aten::scatter")

    def scatter_add_(self, dim, index, src):
        _require_int(dim, "scatter_add_", "dim", 1)
        _require_tensor(index, "scatter_add_", "index", 2)
        _require_tensor(src, "scatter_add_", "src", 3)
        write = _scatter_plan(self, dim, index, src, None, "add", warn=False)
        self._check_inplace(src)
        write()
        self._version_counter.bump()
        return self._record_inplace("ScatterAddBackward0", (src,), dim=_layout.normalize_dim(dim, len(self._shape)),
                                    index=index)

    def scatter_add(self, dim, index, src):
        _require_int(dim, "scatter_add", "dim", 1)
        _require_tensor(index, "scatter_add", "index", 2)
        _require_tensor(src, "scatter_add", "src", 3)
        out = self.detach().clone()
        _scatter_plan(out, dim, index, src, None, "add", warn=False)()
        return self._record_result(out, "ScatterAddBackward0", (self, src),
                                   dim=_layout.normalize_dim(dim, len(self._shape)), index=index)

    # ---- index_* ---------------------------------------------------------------------------------------
    def index_select(self, dim, index):
        _require_int(dim, "index_select", "dim", 1)
        _require_tensor(index, "index_select", "index", 2)
        out = _index_select(self, dim, index)
        return self._record_result(out, "IndexSelectBackward0", (self,),
                                   dim=_layout.normalize_dim(dim, len(self._shape)), index=index)

    def index_fill_(self, dim, index, value):
        if isinstance(dim, bool) or not isinstance(dim, (int, np.integer)) or not isinstance(index, TensorBase) or \
                not (isinstance(value, TensorBase) or _is_number(value)):
            raise _invalid_args("index_fill_", (dim, index, value), {},
                                ("(int dim, Tensor index, Tensor value)", "(int dim, Tensor index, Number value)"))
        write = _index_fill_plan(self, dim, index, value)
        self._check_inplace(*((value,) if isinstance(value, TensorBase) else ()))
        write()
        self._version_counter.bump()
        d = _layout.normalize_dim(dim, len(self._shape))
        if isinstance(value, TensorBase):
            return self._record_inplace("IndexFillBackward1", (value,), dim=d, index=index)
        return self._record_inplace("IndexFillBackward0", (), dim=d, index=index)

    def index_fill(self, dim, index, value):
        if isinstance(dim, bool) or not isinstance(dim, (int, np.integer)) or not isinstance(index, TensorBase) or \
                not (isinstance(value, TensorBase) or _is_number(value)):
            raise _invalid_args("index_fill", (dim, index, value), {},
                                ("(int dim, Tensor index, Tensor value)", "(int dim, Tensor index, Number value)"))
        out = self.detach().clone()
        _index_fill_plan(out, dim, index, value)()
        d = _layout.normalize_dim(dim, len(self._shape))
        if isinstance(value, TensorBase):
            return self._record_result(out, "IndexFillBackward1", (self, value), dim=d, index=index)
        return self._record_result(out, "IndexFillBackward0", (self,), dim=d, index=index)

    def index_copy_(self, dim, index, source):
        _require_int(dim, "index_copy_", "dim", 1)
        _require_tensor(index, "index_copy_", "index", 2)
        _require_tensor(source, "index_copy_", "source", 3)
        write = _index_copy_plan(self, dim, index, source)
        self._check_inplace(source)
        write()
        self._version_counter.bump()
        return self._record_inplace("IndexCopyBackward0", (source,), dim=_layout.normalize_dim(dim, len(self._shape)),
                                    index=index)

    def index_copy(self, dim, index, source):
        _require_int(dim, "index_copy", "dim", 1)
        _require_tensor(index, "index_copy", "index", 2)
        _require_tensor(source, "index_copy", "source", 3)
        out = self.detach().clone()
        _index_copy_plan(out, dim, index, source)()
        return self._record_result(out, "IndexCopyBackward0", (self, source),
                                   dim=_layout.normalize_dim(dim, len(self._shape)), index=index)

    def index_add_(self, dim, index, source, *, alpha=1):
        _require_int(dim, "index_add_", "dim", 1)
        _require_tensor(index, "index_add_", "index", 2)
        _require_tensor(source, "index_add_", "source", 3)
        write = _index_add_plan(self, dim, index, source, alpha)
        self._check_inplace(source)
        write()
        self._version_counter.bump()
        return self._record_inplace("IndexAddBackward0", (source,), dim=_layout.normalize_dim(dim, len(self._shape)),
                                    index=index, alpha=alpha)

    def index_add(self, dim, index, source, *, alpha=1):
        _require_int(dim, "index_add", "dim", 1)
        _require_tensor(index, "index_add", "index", 2)
        _require_tensor(source, "index_add", "source", 3)
        out = self.detach().clone()
        _index_add_plan(out, dim, index, source, alpha)()
        return self._record_result(out, "IndexAddBackward0", (self, source),
                                   dim=_layout.normalize_dim(dim, len(self._shape)), index=index, alpha=alpha)

    # ---- take / put -------------------------------------------------------------------------------------
    def take(self, index):
        _require_tensor(index, "take", "index", 1)
        return self._record_result(_take(self, index), "TakeBackward0", (self,), index=index)

    def put_(self, index, source, accumulate=False):
        _require_tensor(index, "put_", "index", 1)
        _require_tensor(source, "put_", "source", 2)
        write = _put_plan(self, index, source, bool(accumulate))
        self._check_inplace(source)
        write()
        self._version_counter.bump()
        return self._record_inplace("PutBackward0", (source,), index=index, accumulate=bool(accumulate))

    def put(self, index, source, accumulate=False):
        _require_tensor(index, "put", "index", 1)
        _require_tensor(source, "put", "source", 2)
        out = self.detach().clone()
        _put_plan(out, index, source, bool(accumulate))()
        return self._record_result(out, "PutBackward0", (self, source), index=index, accumulate=bool(accumulate))

    # ---- nonzero / where --------------------------------------------------------------------------------
    def nonzero(self, *, as_tuple=False):
        if as_tuple:
            return _nonzero_tuple(self)
        return _nonzero(self)

    def argwhere(self):
        return _nonzero(self)

    def where(self, condition, other=_MISSING):
        if other is _MISSING:
            raise _invalid_args("where", (condition,), {}, ("(Tensor condition, Tensor other)",
                                                           "(Tensor condition, Number other)"))
        return where(condition, self, other)


# ---- scatter's plan (it keeps the once-per-process warning flag above) --------------------------------------
def _scatter_plan(self, dim, index, src, value, reduce, warn=True):
    _same_device(self, index, src)
    nd = len(self._shape)
    d = _layout.normalize_dim(dim, nd)
    if index._dtype not in _INDEX_DTYPES:
        raise RuntimeError("scatter(): Expected dtype int32/int64 for index")
    if src is not None and src._dtype is not self._dtype:
        raise RuntimeError("scatter(): Expected self.dtype to be equal to src.dtype")
    op = 0
    if reduce is not None:
        if reduce not in ("add", "multiply"):
            raise RuntimeError("reduce argument must be either add or multiply.")
        global _reduce_warned
        if warn and src is not None and not _reduce_warned:
            _reduce_warned = True
            _warn("The reduce argument of torch.scatter with Tensor src is deprecated and will be removed in a future "
                  "PyTorch release. Use torch.scatter_reduce instead for more reduction options.")
        op = 1 if reduce == "add" else 2
    _scatter_shape_check(self, d, index, src)
    _check_writable(self)
    _assert_no_overlap(self, index)
    if src is not None:
        _assert_no_overlap(self, src)
    size = _nonempty(self._shape)[d]
    idx = _arr1d(index)
    bad = _first_outside(idx, 0, size)
    if bad != -1:
        raise RuntimeError(f"index {_value_at(idx, bad)} is out of bounds for dimension {d} with size {size}")
    if src is not None:
        src_arr = src._array() if src.device == self.device else src.to(self.device)._array()
    else:
        xp = backend_for(self.device).xp
        src_arr = xp.broadcast_to(xp.asarray(_checked_scalar(value, self._dtype)), idx.shape)
    return lambda: _scatter_into(self, d, index, src_arr, op)


# ---- module-level functions (torch.gather, torch.where, ...) -----------------------------------------------------
def gather(input, dim, index, *, sparse_grad=False, out=None):
    if out is None:
        return input.gather(dim, index, sparse_grad=sparse_grad)
    _require_int(dim, "gather", "dim", 2)
    _require_tensor(index, "gather", "index", 3)
    return _write_out(_gather(input, dim, index), out, inputs=(input, index))


def scatter(input, *args, out=None, **kwargs):
    if out is None:
        return input.scatter(*args, **kwargs)
    dim, index, src_t, scalar, reduce = _parse_scatter("scatter", args, kwargs)
    result = input.clone()
    _scatter_plan(result, dim, index, src_t, scalar, reduce)()
    return _write_out(result, out, inputs=(input, index, src_t))


def scatter_add(input, dim, index, src, *, out=None):
    if out is None:
        return input.scatter_add(dim, index, src)
    result = input.clone()
    result.scatter_add_(dim, index, src)
    return _write_out(result, out, inputs=(input, index, src))


def index_select(input, dim, index, *, out=None):
    if out is None:
        return input.index_select(dim, index)
    result = input.index_select(dim, index)
    return _write_out(result, out, "index_select(): self and result must have the same scalar type",
                      inputs=(input, index))


def index_add(input, dim, index, source, *, alpha=1, out=None):
    if out is None:
        return input.index_add(dim, index, source, alpha=alpha)
    return _write_out(input.index_add(dim, index, source, alpha=alpha), out, inputs=(input, index, source))


def index_copy(input, dim, index, source, *, out=None):
    if out is None:
        return input.index_copy(dim, index, source)
    return _write_out(input.index_copy(dim, index, source), out, inputs=(input, index, source))


def masked_select(input, mask, *, out=None):
    if out is None:
        return input.masked_select(mask)
    result = input.masked_select(mask)
    return _write_out(result, out, "masked_select(): self and result must have the same scalar type",
                      inputs=(input, mask))


def take(input, index, *, out=None):
    if out is None:
        return input.take(index)
    result = input.take(index)
    return _write_out(result, out, f"take(): self and out expected to have the same dtype, but got self.dtype = "
                                   f"{input._dtype.short_name} and out.dtype = {out._dtype.short_name}",
                      inputs=(input, index))


def nonzero(input, *, out=None, as_tuple=False):
    if as_tuple:
        return input.nonzero(as_tuple=True)
    if out is None:
        return input.nonzero()
    return _write_out(input.nonzero(), out, "nonzero: Expected out tensor to have scalar type Long but got scalar "
                                           f"type{out._dtype.short_name}", inputs=(input,))


def argwhere(input):
    return input.argwhere()


def where(*args, out=None, **kwargs):
    """``where(condition, input, other)`` picks ``input``'s elements where ``condition`` holds and ``other``'s
    elsewhere, broadcasting all three and promoting ``input`` and ``other`` (Python numbers take part as scalars);
    ``where(condition)`` is ``condition.nonzero(as_tuple=True)``.

    Args:
        condition (Tensor): a bool tensor.
        input (Tensor or Number): the values where it holds.
        other (Tensor or Number): the values elsewhere.
        out (Tensor, optional): the tensor to write the result into.

    Returns:
        Tensor or tuple of Tensors: the picked values, or the indices of the True elements.

    Example::

        >>> torch.where(torch.tensor([True, False]), torch.tensor([1., 2.]), 0.)
        tensor([1., 0.])
    """
    bound = _bind(args, kwargs, ("condition", "input", "other"))
    if bound is not None and len(bound) == 1 and "condition" in bound and out is None and \
            isinstance(bound["condition"], TensorBase):
        return bound["condition"].nonzero(as_tuple=True)
    if bound is None or len(bound) != 3 or not isinstance(bound["condition"], TensorBase) or \
            not all(isinstance(bound[k], TensorBase) or _is_number(bound[k]) for k in ("input", "other")):
        raise _invalid_args("where", args, kwargs, _WHERE_SIGNATURES)
    condition, input, other = bound["condition"], bound["input"], bound["other"]
    for x in (input, other):
        if isinstance(x, numbers.Integral) and not isinstance(x, (bool, np.bool_)) and not -2 ** 63 <= x < 2 ** 63:
            raise OverflowError("int too big to convert")
    if out is not None and not isinstance(other, TensorBase):
        raise TypeError(f"where(): argument 'other' (position 3) must be Tensor, not {_tp_name(other)}")
    if out is not None and not isinstance(input, TensorBase):
        raise TypeError(f"where(): argument 'input' (position 2) must be Tensor, not {_tp_name(input)}")
    if condition._dtype is D.uint8:
        _warn("where received a uint8 condition tensor. This behavior is deprecated and will be removed in a future "
              "version of PyTorch. Use a boolean condition instead.")
    elif condition._dtype is not D.bool:
        raise RuntimeError(f"where expected condition to be a boolean tensor, but got a tensor with dtype "
                           f"{condition._dtype.short_name}")
    dtype = D.result_type(input, other)
    tensors = [t for t in (input, other) if isinstance(t, TensorBase)]
    shape = condition._shape
    for t in tensors:
        shape = _layout.broadcast_shapes(shape, t._shape)
    device = _common_device((condition, input, other)) if tensors else condition.device
    if out is not None:
        if out._dtype is not dtype:
            raise RuntimeError(f"Expected out type to be {dtype.short_name} but got {out._dtype.short_name}")
        for t in (condition, input, other):
            if isinstance(t, TensorBase):
                _assert_no_partial_overlap(out, t)
    backend = backend_for(device)
    xp = backend.xp

    def operand(x):   # as PyTorch, each converted to the result's dtype first, laid out as it is
        if isinstance(x, TensorBase):
            return x if x._dtype is dtype else x.detach().to(device=device, dtype=dtype)
        return xp.asarray(_checked_scalar(x, dtype))
    a, b = operand(input), operand(other)
    result = empty_tensor(shape, dtype, device, result_strides(shape, (condition, a, b)))
    a, b = (x._array() if isinstance(x, TensorBase) else x for x in (a, b))
    if result.numel():
        dst = result._array()
        dst[...] = b
        xp.copyto(dst, a, where=condition._array().astype(bool, copy=False))
    if tensors:
        result = condition._record_result(result, "WhereBackward0", (condition, input, other))
    if out is not None:
        return _write_out(result, out)
    return result


document(IndexingMixin, globals())
