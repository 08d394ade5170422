"""Movement ops: each one computes new (shape, strides, offset) and aliases the
same storage.  Only ``reshape`` of an incompatible layout, ``contiguous`` of a
non-contiguous tensor and ``clone`` copy data."""
from .. import _layout, _operators
from .._C import Storage, TensorBase
from .._memory_format import (checked_format, contiguous_format, format_strides, is_contiguous_in, preserve_format,
                              refuse_positional, suggested_format)
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
        """A view of ``self`` with another shape: the same elements and storage, so writes show
        through.  ``self``'s layout must allow it (see :meth:`Tensor.reshape` otherwise).

        Args:
            shape (int... or tuple of ints): the new sizes, one of them -1 to be inferred; or a dtype,
                to view the bytes as another dtype of the same size.

        Returns:
            Tensor: the view.

        Example::

            >>> x = torch.arange(6)
            >>> x.view(2, 3)
            tensor([[0, 1, 2],
                    [3, 4, 5]])
            >>> x.view(-1, 2).shape
            torch.Size([3, 2])
        """
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
        """A view of ``self`` with the shape of ``other`` (``self.view(other.size())``).

        Args:
            other (Tensor): the tensor whose shape to take.
        """
        return self.view(other._shape)

    def reshape(self, *shape):
        """``self`` with another shape: a view when its layout allows, else a copy.

        Args:
            shape (int... or tuple of ints): the new sizes, one of them -1 to be inferred.

        Returns:
            Tensor: the reshaped tensor.

        Example::

            >>> torch.arange(6).reshape(3, -1)
            tensor([[0, 1],
                    [2, 3],
                    [4, 5]])
        """
        shape = _layout.infer_size(_shape_args(shape), self.numel())
        strides = _layout.view_strides(self._shape, self._strides, shape)
        if strides is not None:
            # PyTorch views a contiguous tensor, and aliases any other it can view
            contiguous = _layout.is_contiguous(self._shape, self._strides)
            return self._record_view(self._alias(shape, strides),
                                     "ViewBackward0" if contiguous else "ReshapeAliasBackward0", self._shape)
        return self.clone(memory_format=contiguous_format)._reshape_copy_result(shape, self)

    def reshape_as(self, other):
        """``self`` reshaped to the shape of ``other`` (``self.reshape(other.size())``).

        Args:
            other (Tensor): the tensor whose shape to take.
        """
        return self.reshape(other._shape)

    def flatten(self, start_dim=0, end_dim=-1):
        """``self`` with the dimensions ``start_dim`` to ``end_dim`` merged into one (a view
        when the layout allows).

        Args:
            start_dim (int): the first dimension to merge. Default: ``0``.
            end_dim (int): the last dimension to merge. Default: ``-1``.

        Example::

            >>> torch.zeros(2, 3, 4).flatten(1).shape
            torch.Size([2, 12])
        """
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
        """A view of ``self`` with dimension ``dim`` split into the dimensions ``sizes``.

        Args:
            dim (int): the dimension to split.
            sizes (tuple of ints): the new sizes, whose product is ``self.size(dim)`` (one may be -1).

        Example::

            >>> torch.zeros(2, 12).unflatten(1, (3, 4)).shape
            torch.Size([2, 3, 4])
        """
        d = _layout.normalize_dim(dim, len(self._shape))
        if isinstance(sizes, (tuple, list)):
            _check_unflatten_sizes(tuple(sizes), self._shape[d], d)
        sizes = _layout.infer_size(sizes, self._shape[d])
        return self.view(self._shape[:d] + sizes + self._shape[d + 1:])

    def squeeze(self, dim=None):
        """A view of ``self`` without dimensions of size 1: all of them, or those of ``dim``
        (a dimension of another size stays).

        Args:
            dim (int or tuple of ints, optional): the dimension(s) to remove.

        Example::

            >>> torch.zeros(1, 3, 1).squeeze().shape
            torch.Size([3])
        """
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
        """A view of ``self`` with a new dimension of size 1 at position ``dim``.

        Args:
            dim (int): where the new dimension goes (negative counts from the end of the result).

        Example::

            >>> torch.tensor([1, 2]).unsqueeze(0)
            tensor([[1, 2]])
        """
        nd = len(self._shape)
        d = _layout.normalize_dim(dim, nd + 1)
        inner = self._strides[d] * self._shape[d] if d < nd else 1
        view = self._alias(self._shape[:d] + (1,) + self._shape[d:],
                           self._strides[:d] + (inner,) + self._strides[d:])
        return self._record_view(view, "UnsqueezeBackward0", d)

    # ---- dim permutations -----------------------------------------------
    def transpose(self, dim0, dim1):
        """A view of ``self`` with dimensions ``dim0`` and ``dim1`` swapped.

        Args:
            dim0 (int): the first dimension.
            dim1 (int): the second dimension.

        Example::

            >>> torch.tensor([[1, 2, 3]]).transpose(0, 1)
            tensor([[1],
                    [2],
                    [3]])
        """
        nd = len(self._shape)
        a, b = _layout.normalize_dim(dim0, nd), _layout.normalize_dim(dim1, nd)
        shape, strides = list(self._shape), list(self._strides)
        shape[a], shape[b] = shape[b], shape[a]
        strides[a], strides[b] = strides[b], strides[a]
        return self._record_view(self._alias(tuple(shape), tuple(strides)), "TransposeBackward0", (a, b))

    swapaxes = swapdims = transpose

    def t(self):
        """The transpose of a matrix ``self`` (``transpose(0, 1)``); a tensor of fewer than two
        dimensions is returned as a view of itself.

        Example::

            >>> torch.tensor([[1, 2], [3, 4]]).t()
            tensor([[1, 3],
                    [2, 4]])
        """
        nd = len(self._shape)
        if nd > 2:
            raise RuntimeError(f"t() expects a tensor with <= 2 dimensions, but self is {nd}D")
        if nd < 2:
            return self._record_view(self._alias(self._shape, self._strides), "TBackward0", None)
        view = self._alias(self._shape[::-1], self._strides[::-1])
        return self._record_view(view, "TBackward0", None)

    def permute(self, *dims):
        """A view of ``self`` with its dimensions reordered: dimension i of the result is
        dimension ``dims[i]`` of ``self``.

        Args:
            dims (int... or tuple of ints): a permutation of the dimensions.

        Example::

            >>> torch.zeros(2, 3, 4).permute(2, 0, 1).shape
            torch.Size([4, 2, 3])
        """
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
        """``self`` with all its dimensions reversed (the transpose of a matrix); a view."""
        return self.permute(tuple(range(len(self._shape) - 1, -1, -1)))

    @property
    def mT(self):
        """The transpose of the last two dimensions of ``self`` (a batch of matrices); a view."""
        if len(self._shape) < 2:
            raise RuntimeError("tensor.mT is only supported on matrices or batches of matrices. Got 1-D tensor.")
        return self.transpose(-2, -1)

    def moveaxis(self, source, destination):
        """A view of ``self`` with the dimensions ``source`` moved to the positions
        ``destination``, the others keeping their order.

        Args:
            source (int or tuple of ints): the dimensions to move.
            destination (int or tuple of ints): where they go.

        Example::

            >>> torch.zeros(2, 3, 4).movedim(0, -1).shape
            torch.Size([3, 4, 2])
        """
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
        """A view of ``self`` broadcast to a larger shape, without copying: dimensions of size 1
        repeat (stride 0) and new leading dimensions may be added.

        Args:
            sizes (int... or tuple of ints): the new sizes; -1 keeps a dimension's size.

        Example::

            >>> torch.tensor([[1], [2]]).expand(2, 3)
            tensor([[1, 1, 1],
                    [2, 2, 2]])
        """
        sizes = _shape_args(sizes)
        shape, strides = _layout.expand_strides(self._shape, self._strides, sizes,
                                                "torch." + self._dtype.legacy_name)
        return self._record_view(self._alias(shape, strides), "ExpandBackward0", self._shape)

    def expand_as(self, other):
        """``self`` expanded to the shape of ``other`` (``self.expand(other.size())``).

        Args:
            other (Tensor): the tensor whose shape to take.
        """
        return self.expand(other._shape)

    def broadcast_to(self, shape):
        """``self`` broadcast to ``shape``, a view (see :meth:`Tensor.expand`).

        Args:
            shape (tuple of ints): the shape to broadcast to.
        """
        return self.expand(shape)

    # ---- sub-ranges --------------------------------------------------------
    def narrow(self, dim, start, length):
        """A view of ``self`` restricted to ``length`` elements from ``start`` along ``dim``.

        Args:
            dim (int): the dimension to narrow.
            start (int or Tensor): the first index kept.
            length (int): how many indices are kept.

        Example::

            >>> torch.arange(5).narrow(0, 1, 3)
            tensor([1, 2, 3])
        """
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
        """A view of ``self`` at ``index`` along ``dim``, that dimension removed (``self[..., index]``).

        Args:
            dim (int): the dimension to index.
            index (int): the index along it.

        Example::

            >>> torch.tensor([[1, 2], [3, 4]]).select(1, 0)
            tensor([1, 3])
        """
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
        """The slices of ``self`` along ``dim``, each a view with that dimension removed.

        Args:
            dim (int): the dimension to split. Default: ``0``.

        Returns:
            tuple of Tensors: one view per index.

        Example::

            >>> torch.tensor([[1, 2], [3, 4]]).unbind()
            (tensor([1, 2]), tensor([3, 4]))
        """
        d = _layout.normalize_dim(dim, len(self._shape))
        parts = tuple(self._alias(self._shape[:d] + self._shape[d + 1:], self._strides[:d] + self._strides[d + 1:],
                                  self._offset + i * self._strides[d]) for i in range(self._shape[d]))
        return self._record_multi_view(parts, "UnbindBackward0", d)

    def split(self, split_size_or_sections, dim=0):
        """Splits ``self`` into views along ``dim``: pieces of ``split_size_or_sections`` each (the
        last may be smaller), or pieces of the sizes a list gives.

        Args:
            split_size_or_sections (int or list of ints): the size of each piece, or the list of sizes.
            dim (int): the dimension to split. Default: ``0``.

        Returns:
            tuple of Tensors: the pieces.

        Example::

            >>> torch.arange(5).split(2)
            (tensor([0, 1]), tensor([2, 3]), tensor([4]))
        """
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
        """Splits ``self`` into at most ``chunks`` views of equal size along ``dim`` (the last may be
        smaller).

        Args:
            chunks (int): the number of pieces wanted.
            dim (int): the dimension to split. Default: ``0``.

        Returns:
            tuple of Tensors: the pieces.

        Example::

            >>> torch.arange(6).chunk(3)
            (tensor([0, 1]), tensor([2, 3]), tensor([4, 5]))
        """
        if chunks <= 0:
            raise RuntimeError("chunk expects `chunks` to be greater than 0, got: " + str(chunks))
        d = _layout.normalize_dim(dim, len(self._shape))
        size = self._shape[d]
        step = -(-size // chunks) if size else 0
        if step == 0:
            return self.split([0] * chunks if size == 0 else [size], d)
        return self.split(step, d)

    def tensor_split(self, indices_or_sections, dim=0):
        """Splits ``self`` into views along ``dim``: into n nearly equal pieces for an int n,
        or at the given indices.

        Args:
            indices_or_sections (int, list of ints or Tensor): the number of pieces, or the split points.
            dim (int): the dimension to split. Default: ``0``.

        Returns:
            tuple of Tensors: the pieces.

        Example::

            >>> torch.arange(5).tensor_split(2)
            (tensor([0, 1, 2]), tensor([3, 4]))
        """
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
        """A view of the windows of ``size`` elements of ``self`` along ``dimension``, ``step`` apart;
        the windows run along a new last dimension.

        Args:
            dimension (int): the dimension to slide along.
            size (int): the length of a window.
            step (int): the distance between windows.

        Example::

            >>> torch.arange(5).unfold(0, 2, 2)
            tensor([[0, 1],
                    [2, 3]])
        """
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
        """A view of ``self``'s storage with the given sizes, strides and offset (counted in
        elements).  No bounds beyond the storage's are checked, so it can alias elements.

        Args:
            size (tuple of ints): the sizes of the view.
            stride (tuple of ints): its strides.
            storage_offset (int, optional): its offset in the storage; None keeps ``self``'s.

        Example::

            >>> torch.arange(4).as_strided((2, 2), (1, 1))
            tensor([[0, 1],
                    [1, 2]])
        """
        size, stride = tuple(int(s) for s in size), tuple(int(s) for s in stride)
        offset = self._offset if storage_offset is None else int(storage_offset)
        if len(size) == len(stride) and any(s < 0 for s in stride):
            raise RuntimeError(f"as_strided: Negative strides are not supported at the moment, got strides: "
                               f"{list(stride)}")
        return self._record_view(self._alias(size, stride, offset), "AsStridedBackward0",
                                 (self._shape, self._strides, self._offset))

    # ---- copies --------------------------------------------------------------
    def contiguous(self, *args, memory_format=contiguous_format):
        """``self`` if its elements lie in row-major order (or the order of ``memory_format``), else
        a copy laid out so.

        Args:
            memory_format (memory_format): ``torch.contiguous_format`` (row-major), or
                ``torch.channels_last`` / ``torch.channels_last_3d`` for a 4-D / 5-D tensor.

        Example::

            >>> x = torch.zeros(2, 3).t()
            >>> x.is_contiguous(), x.contiguous().is_contiguous()
            (False, True)
        """
        if args:
            refuse_positional("contiguous", args)
        if memory_format is contiguous_format:
            laid_out = _layout.is_contiguous(self._shape, self._strides)
        else:
            checked_format(memory_format, "contiguous", False)
            if memory_format is preserve_format:
                raise RuntimeError("preserve memory format is unsupported by the contiguous operator")
            laid_out = is_contiguous_in(self._shape, self._strides, memory_format)
        return self if laid_out else self.clone(memory_format=memory_format)

    def resize_(self, *sizes, memory_format=None):
        """Resizes ``self`` in place to ``sizes``: the storage grows when needed, the elements past
        the old ones are uninitialised.  A new shape is laid out contiguously (or in
        ``memory_format``); the same shape keeps its strides unless ``memory_format`` is given.

        Args:
            sizes (int... or tuple of ints): the new sizes.
            memory_format (memory_format, optional): the layout to give the result
                (``torch.contiguous_format`` or a channels-last format of its rank).

        Returns:
            Tensor: ``self``.
        """
        if memory_format is not None:
            checked_format(memory_format, "resize_")
            if memory_format is preserve_format:
                raise RuntimeError("Unsupported memory formatPreserve")
        if self.requires_grad:
            raise RuntimeError("cannot resize variables that require grad")
        shape = _shape_args(sizes)
        _layout.numel(shape)
        if memory_format is None:
            if shape == self._shape:
                return self
            strides = _layout.contiguous_strides(shape)
        else:
            strides = format_strides(shape, memory_format)
        self._storage.grow(_layout.storage_extent(shape, strides, self._offset))
        self._set_layout(self._storage, shape, strides, self._offset)
        return self

    def resize_as_(self, other, *, memory_format=None):
        """Resizes ``self`` in place to the shape of ``other`` (see :meth:`Tensor.resize_`).

        Args:
            other (Tensor): the tensor whose shape to take.
            memory_format (memory_format, optional): the layout to give the result;
                ``torch.preserve_format`` takes the format ``other``'s strides suggest.
        """
        if memory_format is not None and checked_format(memory_format, "resize_as_") is preserve_format:
            memory_format = suggested_format(other._shape, other._strides)
        return self.resize_(other._shape, memory_format=memory_format)

    def set_(self, source=None, storage_offset=None, size=None, stride=None):
        """Points this tensor at other memory (in place): ``source``'s storage and layout when it
        is a tensor, a layout over ``source`` when it is a storage (grown when the layout needs more), or,
        with no source, a storage of no elements.

        Args:
            source (Tensor or Storage, optional): what to point at.
            storage_offset (int, optional): the offset in the storage, with a storage source.
            size (tuple of ints, optional): the sizes, with a storage source.
            stride (tuple of ints, optional): the strides, with a storage source (contiguous when None).

        Returns:
            Tensor: ``self``.
        """
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
