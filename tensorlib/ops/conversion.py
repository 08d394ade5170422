"""Conversions: dtype and device changes, copies, NumPy and Python scalars."""
import builtins
import warnings


from .. import _dtype as D
from .. import _layout
from .._device import CPU, device as Device
from .._memory_format import (checked_format, like_strides, memory_format as memory_format_type, preserve_format,
                              refuse_positional, suggested_format)
from .._creation import empty, full, legacy_construct, ones, tensor, zeros
from .._tensor import Tensor, empty_tensor
from ..autograd.grad_mode import is_grad_enabled
from ..backends import backend_for, check_pinnable, resolve_device

METHOD_FUNCTIONS = ("clone",)


def _check_writable(t):
    if _layout.has_internal_overlap(t._shape, t._strides):
        raise RuntimeError(
            "unsupported operation: more than one element of the written-to tensor refers to a single "
            "memory location. Please clone() the tensor before performing the operation.")


def _as_device(d):
    if d is None or isinstance(d, Device):
        return d
    if isinstance(d, int):
        return Device("cuda", d)
    return Device(d)


_TO_OVERLOADS = "".join(
    f" * ({first}bool non_blocking = False, bool copy = False, *, torch.memory_format memory_format = None)\n"
    for first in ("torch.device device = None, torch.dtype dtype = None, ", "torch.dtype dtype, ", "Tensor tensor, "))


def _to_argument_name(value):
    if isinstance(value, Tensor):
        return "Tensor"
    if isinstance(value, (D.dtype, Device, memory_format_type)):
        return "torch." + type(value).__name__
    return type(value).__name__


def invalid_to_arguments(args, kwargs):
    """PyTorch's TypeError for arguments no form of ``to()`` (Tensor's or Module's) takes."""
    given = [_to_argument_name(a) for a in args] + [f"{k}={_to_argument_name(v)}" for k, v in kwargs.items()]
    # PyTorch leaves the separator after keywords that follow no positional argument
    text = ", ".join(given) + (", " if kwargs and not args else "")
    return TypeError(f"to() received an invalid combination of arguments - got ({text}), but expected one of:\n"
                     f"{_TO_OVERLOADS}")


def _dtype_method(name, dtype):
    """The Tensor method ``name()`` (``float()``, ``long()``...): ``self.to(dtype)``, with a
    keyword-only ``memory_format``."""
    def method(self, *args, memory_format=None):
        return self._convert(dtype, name, args, memory_format)
    method.__name__, method.__qualname__ = name, f"ConversionMixin.{name}"
    method.__doc__ = (f"``self`` converted to {str(dtype)[6:]} (``self.to({dtype})``); ``self`` itself when it "
                      "already is.")
    return method


class ConversionMixin:
    # ---- data movement -----------------------------------------------------
    def _copy_from(self, src):
        """Writes ``src`` (already the same shape) into ``self``, casting."""
        backend = backend_for(self.device)
        src_array = src._array()
        if src.device != self.device:
            src_array = backend.from_host(backend_for(src.device).to_host(src_array))
        backend.copy_into(self._array(), src_array)

    def copy_(self, src, non_blocking=False):
        """Copies the elements of ``src`` into ``self`` (in place), broadcasting ``src`` and casting
        it to ``self``'s dtype and device.

        Args:
            src (Tensor): the source.
            non_blocking (bool): accepted for PyTorch's signature; the copy completes before it returns.

        Returns:
            Tensor: ``self``.

        Example::

            >>> x = torch.zeros(2, 2)
            >>> x.copy_(torch.tensor([1, 2]))
            tensor([[1., 2.],
                    [1., 2.]])
        """
        if not isinstance(src, Tensor):
            raise TypeError(f"copy_(): argument 'other' (position 1) must be Tensor, not {type(src).__name__}")
        shape = _layout.broadcast_shapes(self._shape, src._shape)
        if shape != self._shape:
            raise RuntimeError(
                f"output with shape {list(self._shape)} doesn't match the broadcast shape {list(shape)}")
        _check_writable(self)
        self._check_inplace()
        if src._shape != shape:
            src = src.expand(shape)
        self._copy_from(src)
        self._version_counter.bump()
        return self._record_inplace("CopyBackwards", (src,))

    def clone(self, *args, memory_format=None):
        """A copy of ``self`` with its own storage; gradients flow back to ``self``.

        Args:
            memory_format (memory_format, optional): the layout of the copy; by default
                (``torch.preserve_format``) ``self``'s strides where they fill a block exactly once, else
                dense strides in the same dim order.

        Example::

            >>> x = torch.tensor([1, 2])
            >>> y = x.clone()
            >>> y[0] = 5
            >>> x
            tensor([1, 2])
        """
        if args:
            refuse_positional("clone", args)
        fmt = checked_format(memory_format, "clone")
        out = empty_tensor(self._shape, self._dtype, self.device, like_strides(self._shape, self._strides, fmt))
        out._copy_from(self)
        return self._record_result(out, "CloneBackward0", (self,))

    def _cast(self, dtype, device=None, copy=False, memory_format=preserve_format):
        device = self.device if device is None else device
        if dtype is self._dtype and device == self.device and not copy and (
                memory_format is preserve_format or suggested_format(self._shape, self._strides) is memory_format):
            return self
        strides = like_strides(self._shape, self._strides, memory_format)
        out = empty_tensor(self._shape, dtype, device, strides)
        out._copy_from(self)
        return self._record_result(out, "ToCopyBackward0", (self,)) if dtype.is_floating_point else out

    def to(self, *args, dtype=None, device=None, non_blocking=False, copy=False, memory_format=None):
        """``self`` converted to another dtype, device and/or memory format; ``self`` itself when
        nothing changes (unless ``copy=True``).  Called as ``to(dtype)``, ``to(device, dtype=None)`` or
        ``to(other)`` (``other``'s dtype and device).

        Args:
            dtype (dtype, optional): the dtype to convert to.
            device (device or str or int, optional): the device to move to.
            non_blocking (bool): accepted for PyTorch's signature.
            copy (bool): whether to copy even when nothing changes.
            memory_format (memory_format, optional): the layout of the result; by default
                (``torch.preserve_format``) ``self``'s, as :meth:`clone` keeps it.

        Example::

            >>> torch.tensor([1.7, -1.7]).to(torch.int64)
            tensor([ 1, -1])
        """
        if memory_format is not None and not isinstance(memory_format, memory_format_type):
            raise invalid_to_arguments(args, {"memory_format": memory_format})
        for a in args:
            if isinstance(a, D.dtype):
                dtype = a
            elif isinstance(a, Tensor):
                dtype, device = a._dtype, a.device
            elif isinstance(a, bool):  # non_blocking; before int, which bool subclasses
                continue
            elif isinstance(a, (str, Device, int)):
                device = a
            else:
                raise invalid_to_arguments(args, {} if memory_format is None else {"memory_format": memory_format})
        device = _as_device(device)
        if device is not None:
            device = resolve_device(device)
        fmt = preserve_format if memory_format is None else memory_format
        return self._cast(self._dtype if dtype is None else dtype, device, copy, fmt)

    def cpu(self):
        """``self`` on the CPU: ``self`` itself when it is there already, else a copy."""
        return self.to(CPU)

    def pin_memory(self, device=None):
        """A copy of this CPU tensor in memory pinned for fast transfers to the accelerator (itself
        when already pinned); without an accelerator PyTorch raises, as here.

        Args:
            device (optional): deprecated in PyTorch (warns); ignored.

        Returns:
            Tensor: the pinned tensor.
        """
        if device is not None:
            warnings.warn("The argument 'device' of Tensor.pin_memory() is deprecated. Please do not pass this "
                          "argument.", DeprecationWarning, stacklevel=2)
        check_pinnable(self.device, self.type(), device)
        if self.is_pinned():
            return self
        pinned = self.clone()
        pinned._pinned = True
        return pinned

    def is_pinned(self, device=None):
        """Whether this tensor lives in pinned memory (made by :meth:`Tensor.pin_memory`).

        Args:
            device (optional): deprecated in PyTorch (warns); ignored.

        Returns:
            bool: True for a pinned tensor.
        """
        if device is not None:
            warnings.warn("The argument 'device' of Tensor.is_pinned() is deprecated. Please do not pass this "
                          "argument.", DeprecationWarning, stacklevel=2)
        return self.__dict__.get("_pinned", False)

    def get_device(self):
        """The index of the CUDA device this tensor lives on, or -1 for a CPU tensor.

        Example::

            >>> torch.zeros(1).get_device()
            -1
        """
        return -1 if self.is_cpu else self.device.index

    def cuda(self, device=None, non_blocking=False):
        """A copy of ``self`` on a CUDA device (``self`` itself when it is there already).

        Args:
            device (device or int, optional): the CUDA device; the current one when None.
            non_blocking (bool): accepted for PyTorch's signature.
        """
        if device is None or isinstance(device, int):
            device = Device("cuda", device)  # None: the current device
        return self.to(device)

    def type(self, dtype=None, non_blocking=False, *, memory_format=None):
        """Without ``dtype``, the name of ``self``'s legacy type (``'torch.FloatTensor'``); with it,
        ``self`` converted to that dtype or legacy type.

        Args:
            dtype (dtype or str or type, optional): the type to convert to.
            non_blocking (bool): accepted for PyTorch's signature.
            memory_format (memory_format, optional): the layout of a converted result, as :meth:`to`
                takes it.

        Example::

            >>> torch.zeros(2).type()
            'torch.FloatTensor'
        """
        if dtype is None:
            prefix = "torch.cuda." if self.is_cuda else "torch."
            return prefix + self._dtype.legacy_name
        if isinstance(dtype, str):
            dtype = D.from_legacy_name(dtype.replace("torch.cuda.", "torch."))
        elif not isinstance(dtype, D.dtype):
            dtype = dtype.dtype
        return self._convert(dtype, "type", (), memory_format)

    def _convert(self, dtype, fname, args, memory_format):
        """The dtype methods (``float()``, ``type(dtype)``...): ``to(dtype)`` with keyword-only
        ``memory_format``."""
        if args:
            refuse_positional(fname, args)
        return self._cast(dtype, memory_format=checked_format(memory_format, fname))

    def type_as(self, other):
        """``self`` converted to the dtype (and device) of ``other``.

        Args:
            other (Tensor): the tensor whose type to take.
        """
        return self.to(other._dtype)

    half = _dtype_method("half", D.float16)
    bfloat16 = _dtype_method("bfloat16", D.bfloat16)
    float = _dtype_method("float", D.float32)
    double = _dtype_method("double", D.float64)
    char = _dtype_method("char", D.int8)
    short = _dtype_method("short", D.int16)
    int = _dtype_method("int", D.int32)
    long = _dtype_method("long", D.int64)
    byte = _dtype_method("byte", D.uint8)
    bool = _dtype_method("bool", D.bool)

    # ---- NumPy and Python values ------------------------------------------
    def numpy(self, *, force=False):
        """A NumPy array sharing ``self``'s memory (a CPU tensor that does not require grad).

        Args:
            force (bool): copy to a NumPy array of the host instead, even from another device or with
                gradients required.

        Example::

            >>> torch.tensor([1, 2]).numpy()
            array([1, 2])
        """
        if not backend_for(self.device).is_host:
            if force:
                return self.detach().cpu().numpy(force=True)
            raise TypeError(
                f"can't convert {self.device} device type tensor to numpy. Use Tensor.cpu() to copy the tensor "
                "to host memory first.")
        if self.requires_grad and not force:
            raise RuntimeError(
                "Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead.")
        if self._dtype is D.bfloat16:  # NumPy has no bfloat16, so PyTorch hands none out
            raise TypeError("Got unsupported ScalarType BFloat16")
        return self._array()

    def __array__(self, dtype=None, copy=None):
        if not backend_for(self.device).is_host or self.requires_grad or self._dtype is D.bfloat16:
            # PyTorch's TypeError (a device or bfloat16 tensor) or RuntimeError (one that requires grad)
            self.numpy()
        array = self._array()
        return array if dtype is None else array.astype(dtype, copy=False)

    # ---- interop: DLPack and the CUDA array interface ----------------------
    def __dlpack__(self, *, stream=-1, max_version=None, dl_device=None, copy=None):
        if self.requires_grad:
            raise BufferError("Can't export tensors that require gradient, use tensor.detach()")
        kwargs = {k: v for k, v in (("max_version", max_version), ("dl_device", dl_device), ("copy", copy))
                  if v is not None}
        return backend_for(self.device).dlpack(self._array(), stream, **kwargs)

    def __dlpack_device__(self):
        return backend_for(self.device).dlpack_device(self._array())

    @property
    def __cuda_array_interface__(self):
        export = getattr(backend_for(self.device), "cuda_array_interface", None)
        if export is None:  # only device arrays that have one offer it
            raise AttributeError(
                f"Can't get __cuda_array_interface__ on non-CUDA tensor type: {self.type()} If CUDA data is "
                "required use tensor.cuda() to copy tensor to device memory.")
        if self.requires_grad:
            raise RuntimeError(
                "Can't get __cuda_array_interface__ on Variable that requires grad. If gradients aren't "
                "required, use var.detach() to get Variable that doesn't require grad.")
        return export(self._array())

    def _host_array(self):
        return backend_for(self.device).to_host(self._array())

    def tolist(self):
        """The elements of ``self`` as nested Python lists of Python numbers (a number for a 0-d tensor).

        Example::

            >>> torch.tensor([[1, 2], [3, 4]]).tolist()
            [[1, 2], [3, 4]]
        """
        return self._host_array().tolist()

    def item(self):
        """The one element of ``self`` as a Python number.

        Example::

            >>> torch.tensor([2.5]).item()
            2.5
        """
        n = self.numel()
        if n != 1:
            raise RuntimeError(f"a Tensor with {n} elements cannot be converted to Scalar")
        return self._host_array().reshape(()).item()

    def _scalar_value(self, kind):
        n = self.numel()
        if n != 1:
            raise RuntimeError(f"a Tensor with {n} elements cannot be converted to Scalar")
        if self.requires_grad and is_grad_enabled():  # PyTorch is silent under no_grad
            warnings.warn(
                "Converting a tensor with requires_grad=True to a scalar may lead to unexpected behavior.\n"
                "Consider using tensor.detach() first.", UserWarning, stacklevel=3)
        return kind(self._host_array().reshape(()).item())

    def __float__(self):
        return self._scalar_value(builtins.float)

    def __int__(self):
        return self._scalar_value(builtins.int)

    def __index__(self):
        if self._dtype.is_floating_point or self._dtype is D.bool or self.numel() != 1:
            raise TypeError("only integer tensors of a single element can be converted to an index")
        return builtins.int(self.item())

    def __bool__(self):
        n = self.numel()
        if n != 1:
            if n == 0:
                raise RuntimeError("Boolean value of Tensor with no values is ambiguous")
            raise RuntimeError("Boolean value of Tensor with more than one value is ambiguous")
        return builtins.bool(self.item())

    # ---- new_* constructors sharing dtype and device -----------------------
    def new(self, *args, device=None):
        """A new tensor of ``self``'s dtype and device, made from data or sizes as the legacy
        ``torch.Tensor(...)`` constructor takes them.

        Args:
            args: sizes, a sequence of data, a storage or a tensor.
            device (device, optional): the device of the result; ``self``'s when None.
        """
        if len(args) == 1 and isinstance(args[0], Tensor):
            if args[0]._dtype is not self._dtype:
                raise TypeError(f"expected {self.type()} (got {args[0].type()})")
            return args[0]
        out = Tensor.__new__(Tensor)
        legacy_construct(out, self._dtype, args, device if device is not None else self.device)
        return out

    def _new_kwargs(self, dtype, device):
        return dict(dtype=self._dtype if dtype is None else dtype,
                    device=self.device if device is None else device)

    def new_tensor(self, data, dtype=None, device=None, requires_grad=False):
        """A new tensor holding a copy of ``data``, with ``self``'s dtype and device unless given.

        Args:
            data (array_like): the elements.
            dtype (dtype, optional): the dtype of the result.
            device (device, optional): the device of the result.
            requires_grad (bool): whether autograd records operations on the result.

        Example::

            >>> torch.zeros(1, dtype=torch.float64).new_tensor([1, 2])
            tensor([1., 2.], dtype=torch.float64)
        """
        return tensor(data, requires_grad=requires_grad, **self._new_kwargs(dtype, device))

    def new_empty(self, *sizes, size=None, dtype=None, device=None, requires_grad=False):
        """A new uninitialised tensor of the given size, with ``self``'s dtype and device unless given.

        Args:
            sizes (int... or tuple of ints): the size of the result (or ``size=``).
            dtype (dtype, optional): the dtype of the result.
            device (device, optional): the device of the result.
            requires_grad (bool): whether autograd records operations on the result.
        """
        return empty(*sizes, size=size, requires_grad=requires_grad, **self._new_kwargs(dtype, device))

    def new_zeros(self, *sizes, size=None, dtype=None, device=None, requires_grad=False):
        """A new tensor of zeros of the given size, with ``self``'s dtype and device unless given.

        Args:
            sizes (int... or tuple of ints): the size of the result (or ``size=``).
            dtype (dtype, optional): the dtype of the result.
            device (device, optional): the device of the result.
            requires_grad (bool): whether autograd records operations on the result.

        Example::

            >>> torch.tensor([1, 2]).new_zeros(2, 2)
            tensor([[0, 0],
                    [0, 0]])
        """
        return zeros(*sizes, size=size, requires_grad=requires_grad, **self._new_kwargs(dtype, device))

    def new_ones(self, *sizes, size=None, dtype=None, device=None, requires_grad=False):
        """A new tensor of ones of the given size, with ``self``'s dtype and device unless given.

        Args:
            sizes (int... or tuple of ints): the size of the result (or ``size=``).
            dtype (dtype, optional): the dtype of the result.
            device (device, optional): the device of the result.
            requires_grad (bool): whether autograd records operations on the result.
        """
        return ones(*sizes, size=size, requires_grad=requires_grad, **self._new_kwargs(dtype, device))

    def new_full(self, size, fill_value, dtype=None, device=None, requires_grad=False):
        """A new tensor of ``size`` filled with ``fill_value``, with ``self``'s dtype and device
        unless given.

        Args:
            size (tuple of ints): the size of the result.
            fill_value (Number): the value of every element.
            dtype (dtype, optional): the dtype of the result.
            device (device, optional): the device of the result.
            requires_grad (bool): whether autograd records operations on the result.
        """
        return full(size, fill_value, requires_grad=requires_grad, **self._new_kwargs(dtype, device))
