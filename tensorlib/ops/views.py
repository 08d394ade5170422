"""Movement ops: each one computes new (shape, strides, offset) and aliases the
same storage.  Only ``reshape`` of an incompatible layout, ``contiguous`` of a
non-contiguous tensor and ``clone`` copy data."""
from .. import _layout, _operators
from .._C import Storage, TensorBase
from .._size import size_args as _shape_args
from ..backends import backend_for
from .._type_names import cpp_type_name

METHOD_FUNCTIONS = (
    "reshape", "flatten", "unflatten", "squeeze", "unsqueeze", "transpose", "swapaxes", "swapdims", "t",
    "permute", "movedim", "moveaxis", "narrow", "select", "unbind", "split", "chunk", "tensor_split",
    "broadcast_to", "as_strided",
)


def _dims(args, ndim):
    return tuple(_layout.normalize_dim(d, ndim) for d in _shape_args(args))


def _check_unflatten_sizes(sizes, size, dim):
    """PyTorch's refusals of unflatten's ``sizes`` for dim ``dim`` of ``size`` elements."""
    if not sizes:
        raise RuntimeError("unflatten: sizes must be non-empty")
    known = 1
    for s in sizes:
        known *= s if s != -1 else 1
    if (-1 not in sizes and known != size) or (-1 in sizes and (known == 0 or size % known)):
        raise RuntimeError(f"unflatten: Provided sizes {list(sizes)} don't multiply up to the size of dim {dim} "
                           f"({size}) in the input tensor")


class ViewsMixin:
    # compiled (pyx/_operators.pyx): a view of ``self``, same storage and version counter, new layout
    _alias = _operators.alias

    # ---- reshaping ------------------------------------------------------
    def view(self, *shape):
        if len(shape) == 1 and not isinstance(shape[0], (tuple, list, int)) and \
                not hasattr(shape[0], "__index__"):
            return self.to(shape[0]) if shape[0] is self._dtype else self._view_dtype(shape[0])
        shape = _layout.infer_size(_shape_args(shape), self.numel())
        strides = _layout.view_strides(self._shape, self._strides, shape)
        if strides is None:
            raise RuntimeError(
                "view size is not compatible with input tensor's size and stride (at least one dimension "
                "spans across two contiguous subspaces). Use .reshape(...) instead.")
        return self._record_view(self._alias(shape, strides), "ViewBackward0", self._shape)

    def _view_dtype(self, dtype):
        if dtype.itemsize != self._dtype.itemsize:
            raise RuntimeError(
                f"self.dtype ({self._dtype}) and dtype ({dtype}) must have the same element size")
        view = self._alias(self._shape, self._strides)
        storage = self._storage
        view._set_layout(type(storage)(storage.data.view(dtype.numpy), storage.device, storage.external),
                         self._shape, self._strides, self._offset, dtype)
        return view

    def view_as(self, other):
        return self.view(other._shape)

    def reshape(self, *shape):
        shape = _layout.infer_size(_shape_args(shape), self.numel())
        strides = _layout.view_strides(self._shape, self._strides, shape)
        if strides is not None:
            return self._record_view(self._alias(shape, strides), "ViewBackward0", self._shape)
        return self.clone()._reshape_copy_result(shape, self)

    def reshape_as(self, other):
        return self.reshape(other._shape)

    def flatten(self, start_dim=0, end_dim=-1):
        nd = len(self._shape)
        if nd == 0:
            return self.reshape(1)
        start = _layout.normalize_dim(start_dim, nd)
        end = _layout.normalize_dim(end_dim, nd)
        if start > end:
            raise RuntimeError("flatten() has invalid args: start_dim cannot come after end_dim")
        if start == end:
            return self
        merged = _layout.numel(self._shape[start:end + 1])
        return self.reshape(self._shape[:start] + (merged,) + self._shape[end + 1:])

    def unflatten(self, dim, sizes):
        d = _layout.normalize_dim(dim, len(self._shape))
        if isinstance(sizes, (tuple, list)):
            _check_unflatten_sizes(tuple(sizes), self._shape[d], d)
        sizes = _layout.infer_size(sizes, self._shape[d])
        return self.view(self._shape[:d] + sizes + self._shape[d + 1:])

    def squeeze(self, dim=None):
        nd = len(self._shape)
        if dim is None:
            keep = [i for i in range(nd) if self._shape[i] != 1]
            name = "SqueezeBackward0"
        else:
            dims = _dims((dim,) if not isinstance(dim, (tuple, list)) else dim, nd)
            keep = [i for i in range(nd) if not (i in dims and self._shape[i] == 1)]
            name = "SqueezeBackward1" if not isinstance(dim, (tuple, list)) else "SqueezeBackward2"
        view = self._alias(tuple(self._shape[i] for i in keep), tuple(self._strides[i] for i in keep))
        return self._record_view(view, name, self._shape)

    def unsqueeze(self, dim):
        nd = len(self._shape)
        d = _layout.normalize_dim(dim, nd + 1)
        inner = self._strides[d] * self._shape[d] if d < nd else 1
        view = self._alias(self._shape[:d] + (1,) + self._shape[d:],
                           self._strides[:d] + (inner,) + self._strides[d:])
        return self._record_view(view, "UnsqueezeBackward0", d)

    # ---- dim permutations -----------------------------------------------
    def transpose(self, dim0, dim1):
        nd = len(self._shape)
        a, b = _layout.normalize_dim(dim0, nd), _layout.normalize_dim(dim1, nd)
        shape, strides = list(self._shape), list(self._strides)
        shape[a], shape[b] = shape[b], shape[a]
        strides[a], strides[b] = strides[b], strides[a]
        return self._record_view(self._alias(tuple(shape), tuple(strides)), "TransposeBackward0", (a, b))

    swapaxes = swapdims = transpose

    def t(self):
        nd = len(self._shape)
        if nd > 2:
            raise RuntimeError(f"t() expects a tensor with <= 2 dimensions, but self is {nd}D")
        if nd < 2:
            return self._record_view(self._alias(self._shape, self._strides), "TBackward0", None)
        view = self._alias(self._shape[::-1], self._strides[::-1])
        return self._record_view(view, "TBackward0", None)

    def permute(self, *dims):
        nd = len(self._shape)
        dims = _dims(dims, nd)
        if len(dims) != nd:
            raise RuntimeError(
                "permute(sparse_coo): number of dimensions in the tensor input does not match the length "
                f"of the desired ordering of dimensions i.e. input.dim() = {nd} is not equal to "
                f"len(dims) = {len(dims)}")
        if len(set(dims)) != nd:
            raise RuntimeError("permute(): duplicate dims are not allowed.")
        view = self._alias(tuple(self._shape[d] for d in dims), tuple(self._strides[d] for d in dims))
        return self._record_view(view, "PermuteBackward0", dims)

    @property
    def T(self):
        return self.permute(tuple(range(len(self._shape) - 1, -1, -1)))

    @property
    def mT(self):
        if len(self._shape) < 2:
            raise RuntimeError("tensor.mT is only supported on matrices or batches of matrices. Got 1-D tensor.")
        return self.transpose(-2, -1)

    def moveaxis(self, source, destination):
        nd = len(self._shape)
        src = _dims(source if isinstance(source, (tuple, list)) else (source,), nd)
        dst = _dims(destination if isinstance(destination, (tuple, list)) else (destination,), nd)
        rest = [d for d in range(nd) if d not in src]
        order = [None] * nd
        for s, d in zip(src, dst):
            order[d] = s
        it = iter(rest)
        return self.permute([o if o is not None else next(it) for o in order])

    movedim = moveaxis

    # ---- broadcasting views -----------------------------------------------
    def expand(self, *sizes):
        sizes = _shape_args(sizes)
        shape, strides = _layout.expand_strides(self._shape, self._strides, sizes,
                                                "torch." + self._dtype.legacy_name)
        return self._record_view(self._alias(shape, strides), "ExpandBackward0", self._shape)

    def expand_as(self, other):
        return self.expand(other._shape)

    def broadcast_to(self, shape):
        return self.expand(shape)

    # ---- sub-ranges --------------------------------------------------------
    def narrow(self, dim, start, length):
        nd = len(self._shape)
        if nd == 0:
            raise RuntimeError("narrow() cannot be applied to a 0-dim tensor.")
        d = _layout.normalize_dim(dim, nd)
        size = self._shape[d]
        start = int(start)
        if start < -size or start > size:
            raise IndexError(
                f"start out of range (expected to be in range of [{-size}, {size}], but got {start})")
        if start < 0:
            start += size
        if length < 0 or start > size - length:
            raise RuntimeError(f"start ({start}) + length ({length}) exceeds dimension size ({size}).")
        return self._slice(d, start, start + length, 1)

    def _slice(self, d, start, stop, step):
        length = max(0, (stop - start + step - 1) // step)
        shape = self._shape[:d] + (length,) + self._shape[d + 1:]
        strides = self._strides[:d] + (self._strides[d] * step,) + self._strides[d + 1:]
        offset = self._offset + start * self._strides[d] if length else self._offset
        return self._record_view(self._alias(shape, strides, offset), "SliceBackward0",
                                 (self._shape, d, start, stop, step))

    def select(self, dim, index):
        nd = len(self._shape)
        if nd == 0:
            raise IndexError("select() cannot be applied to a 0-dim tensor.")
        d = _layout.normalize_dim(dim, nd)
        size = self._shape[d]
        index = int(index)
        if index < -size or index >= size:
            raise IndexError(f"index {index} is out of bounds for dimension {d} with size {size}")
        if index < 0:
            index += size
        view = self._alias(self._shape[:d] + self._shape[d + 1:], self._strides[:d] + self._strides[d + 1:],
                           self._offset + index * self._strides[d])
        return self._record_view(view, "SelectBackward0", (self._shape, d, index))

    def unbind(self, dim=0):
        d = _layout.normalize_dim(dim, len(self._shape))
        parts = tuple(self._alias(self._shape[:d] + self._shape[d + 1:], self._strides[:d] + self._strides[d + 1:],
                                  self._offset + i * self._strides[d]) for i in range(self._shape[d]))
        return self._record_multi_view(parts, "UnbindBackward0", d)

    def split(self, split_size_or_sections, dim=0):
        nd = len(self._shape)
        if nd == 0:
            raise RuntimeError("split expects at least a 1-dimensional tensor")
        d = _layout.normalize_dim(dim, nd)
        size = self._shape[d]
        if isinstance(split_size_or_sections, (list, tuple)):
            sections = [int(s) for s in split_size_or_sections]
            if sum(sections) != size or any(s < 0 for s in sections):
                raise RuntimeError(
                    f"split_with_sizes expects split_sizes to sum exactly to {size} (input tensor's size at "
                    f"dimension {d}), but got split_sizes={sections}")
            name = "SplitWithSizesBackward0"
        else:
            step = int(split_size_or_sections)
            if step < 0 or (step == 0 and size != 0):
                raise RuntimeError(f"split_size can only be 0 if dimension size is 0, but got dimension size of {size}")
            sections = [min(step, size - s) for s in range(0, size, step)] if step else [0]
            name = "SplitBackward0"
        parts, start = [], 0
        for length in sections:
            parts.append(self._alias(self._shape[:d] + (length,) + self._shape[d + 1:], self._strides,
                                     self._offset + start * self._strides[d]))
            start += length
        return self._record_multi_view(tuple(parts), name, d)

    def chunk(self, chunks, dim=0):
        if chunks <= 0:
            raise RuntimeError("chunk expects `chunks` to be greater than 0, got: " + str(chunks))
        d = _layout.normalize_dim(dim, len(self._shape))
        size = self._shape[d]
        step = -(-size // chunks) if size else 0
        if step == 0:
            return self.split([0] * chunks if size == 0 else [size], d)
        return self.split(step, d)

    def tensor_split(self, indices_or_sections, dim=0):
        d = _layout.normalize_dim(dim, len(self._shape))
        size = self._shape[d]
        if isinstance(indices_or_sections, int):
            n = indices_or_sections
            base, extra = divmod(size, n)
            sections = [base + 1] * extra + [base] * (n - extra)
        else:
            bounds = [0] + [min(max(int(i), 0), size) for i in indices_or_sections] + [size]
            sections = [max(b - a, 0) for a, b in zip(bounds, bounds[1:])]
        return self.split(sections, d)

    def unfold(self, dimension, size, step):
        d = _layout.normalize_dim(dimension, len(self._shape))
        available = self._shape[d] if self._shape else 1
        if size > available:
            raise RuntimeError(f"maximum size for tensor at dimension {d} is {available} but size is {size}")
        if size < 0:
            raise RuntimeError(f"size is {size} but must be >= 0")
        if step <= 0:
            raise RuntimeError(f"step is {step} but must be > 0")
        if not self._shape:
            shape, strides = (size,), (1,)
        else:
            shape = self._shape[:d] + ((available - size) // step + 1,) + self._shape[d + 1:] + (size,)
            strides = self._strides[:d] + (self._strides[d] * step,) + self._strides[d + 1:] + (self._strides[d],)
        return self._record_view(self._alias(shape, strides), "UnfoldBackward0", (self._shape, d, size, step))

    def as_strided(self, size, stride, storage_offset=None):
        size, stride = tuple(int(s) for s in size), tuple(int(s) for s in stride)
        offset = self._offset if storage_offset is None else int(storage_offset)
        if len(size) == len(stride) and any(s < 0 for s in stride):
            raise RuntimeError(f"as_strided: Negative strides are not supported at the moment, got strides: "
                               f"{list(stride)}")
        return self._record_view(self._alias(size, stride, offset), "AsStridedBackward0",
                                 (self._shape, self._strides, self._offset))

    # ---- copies --------------------------------------------------------------
    def contiguous(self, memory_format=None):
        if _layout.is_contiguous(self._shape, self._strides):
            return self
        return self.clone()

    def resize_(self, *sizes):
        if self.requires_grad:
            raise RuntimeError("cannot resize variables that require grad")
        shape = _shape_args(sizes)
        _layout.numel(shape)
        strides = _layout.contiguous_strides(shape)
        self._storage.grow(_layout.storage_extent(shape, strides, self._offset))
        self._set_layout(self._storage, shape, strides, self._offset)
        return self

    def resize_as_(self, other):
        return self.resize_(other._shape)

    def set_(self, source=None, storage_offset=None, size=None, stride=None):
        """Points this tensor at other memory: ``source``'s storage and layout (a
        tensor), a layout over a storage (``untyped_storage()``; grown when the
        layout needs more), or, with no source, a storage of no elements."""
        if isinstance(source, TensorBase):
            if source._dtype is not self._dtype:
                raise RuntimeError(f"Could not set tensor of type {cpp_type_name(source._dtype)} to a tensor of "
                                   f"type {cpp_type_name(self._dtype)}")
            storage = source._storage
            if size is None:
                storage_offset, size, stride = source._offset, source._shape, source._strides
        elif isinstance(source, Storage):
            storage = source
            if storage.data.dtype != self._dtype.numpy:
                storage = Storage(storage.data.view(self._dtype.numpy), storage.device, storage.backend,
                                  storage.external)
            if size is None:
                size = (len(storage),)
        elif source is None:
            backend = backend_for(self.device)
            storage = Storage(backend.empty(0, self._dtype.numpy), self.device, backend)
            size = (0,)
        else:
            raise TypeError(f"set_(): argument 'source' must be Tensor or Storage, not {type(source).__name__}")
        if (storage_offset is not None or stride is not None) and size is None:
            raise TypeError("set_(): a storage_offset or stride needs a size")
        size = _shape_args((size,))
        stride = _layout.contiguous_strides(size) if stride is None else _shape_args((stride,))
        offset = 0 if storage_offset is None else storage_offset.__index__()
        if len(size) != len(stride):
            raise RuntimeError(f"unequal size length ({len(size)}) and stride length ({len(stride)})")
        self._check_inplace()
        _layout.numel(size)
        if offset >= 0:
            storage.grow(_layout.storage_extent(size, stride, offset))
        self._set_layout(storage, size, stride, offset)
        self._version_counter.bump()
        return self
