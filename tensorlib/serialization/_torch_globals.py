"""The globals a PyTorch checkpoint names, and what tensorlib builds for each.

A ``torch.save`` pickle refers to functions and classes of PyTorch by module
and name (``torch._utils._rebuild_tensor_v2``, ``torch.FloatStorage``,
``torch.float16``...).  tensorlib never imports torch: writing names them
through :class:`TorchGlobal` markers, and reading maps each name to the
tensorlib object that plays its part (:data:`TORCH_GLOBALS`).

The rebuild functions take their arguments from the file, so they check them:
a storage must be one the loader made, a layout must fit it (``make_tensor``
checks every layout), and state may only add attributes, never replace one a
tensor already has.
"""
import collections

from .. import _dtype as D
from .._C import Storage, make_tensor
from .._device import device as Device
from .._size import Size
from .._tensor import Tensor
from ..nn.parameter import Parameter

# PyTorch's typed storage classes by the dtype they hold (the pickle names the storage by its class)
STORAGE_CLASSES = {
    "float64": "DoubleStorage", "float32": "FloatStorage", "float16": "HalfStorage",
    "bfloat16": "BFloat16Storage", "int64": "LongStorage", "int32": "IntStorage", "int16": "ShortStorage",
    "int8": "CharStorage", "uint8": "ByteStorage", "bool": "BoolStorage",
    "complex64": "ComplexFloatStorage", "complex128": "ComplexDoubleStorage",
}


class TorchGlobal:
    """A global of PyTorch's, named in a pickle without importing torch (one object per name,
    so that the pickle's memo writes each name once)."""
    __slots__ = ("module", "name")
    _made = {}

    def __new__(cls, module, name):
        key = module, name
        made = cls._made.get(key)
        if made is None:
            made = cls._made[key] = object.__new__(cls)
            made.module, made.name = key
        return made

    def __repr__(self):
        return f"{self.module}.{self.name}"

    def __call__(self, *args):
        # pickle takes only callables as the function of a reduction; this one is only ever named
        raise TypeError(f"{self!r} is PyTorch's; tensorlib only names it in checkpoints")


class StorageType:
    """What a storage class named by a checkpoint stands for: the dtype of its elements."""
    __slots__ = ("dtype_name", "name")

    def __init__(self, name, dtype_name):
        self.name, self.dtype_name = name, dtype_name

    @property
    def dtype(self):
        """tensorlib's dtype of this storage class, or a TypeError naming what tensorlib lacks."""
        dtype = getattr(D, self.dtype_name, None)
        if not isinstance(dtype, D.dtype):
            raise TypeError(f"the checkpoint holds a torch.{self.name} ({self.dtype_name} elements); "
                            f"tensorlib has no {self.dtype_name} dtype")
        return dtype

    def __repr__(self):
        return f"torch.{self.name}"


def storage_class_name(dtype):
    return STORAGE_CLASSES[dtype.name]


# ---- rebuilding tensors ----------------------------------------------------------------------------
def _check_storage(storage):
    if not isinstance(storage, Storage):
        raise TypeError(f"a checkpoint's tensor must be built over a storage of the file, not "
                        f"{type(storage).__name__}")
    return storage


def _int_tuple(values, what):
    if not isinstance(values, (tuple, list)) or not all(type(v) is int for v in values):
        raise TypeError(f"a checkpoint's tensor {what} must be a tuple of ints, not {values!r:.80}")
    return tuple(values)


def _add_state(tensor, state):
    """Sets the attributes a checkpoint saved on a tensor; none may replace what a tensor has."""
    if not state:
        return tensor
    if not isinstance(state, dict) or not all(isinstance(k, str) for k in state):
        raise TypeError("a checkpoint's tensor attributes must be a dict with str keys")
    for key, value in state.items():
        if hasattr(type(tensor), key) or key.startswith("__"):
            raise TypeError(f"a checkpoint may not set the tensor attribute {key!r}")
        tensor.__dict__[key] = value
    return tensor


def rebuild_tensor(storage, storage_offset, size, stride, requires_grad=False, backward_hooks=None,
                   metadata=None):
    """``torch._utils._rebuild_tensor_v2``: a tensor over a loaded storage.  The hooks and the
    conjugate/negative bits PyTorch may record are not tensorlib's: a tensor comes back without."""
    _check_storage(storage)
    if type(storage_offset) is not int:
        raise TypeError(f"a checkpoint's storage offset must be an int, not {storage_offset!r:.80}")
    tensor = make_tensor(Tensor, storage, _int_tuple(size, "size"), _int_tuple(stride, "stride"),
                         storage_offset, D.from_numpy(storage.data.dtype))
    if requires_grad is not False:
        tensor.requires_grad_(bool(requires_grad))
    return tensor


def rebuild_tensor_v1(storage, storage_offset, size, stride):
    """``torch._utils._rebuild_tensor`` (checkpoints of PyTorch before 1.0)."""
    return rebuild_tensor(storage, storage_offset, size, stride)


def rebuild_parameter(data, requires_grad, backward_hooks):
    """``torch._utils._rebuild_parameter``."""
    if not isinstance(data, Tensor):
        raise TypeError(f"a checkpoint's Parameter must hold a tensor, not {type(data).__name__}")
    return Parameter(data, bool(requires_grad))


def rebuild_parameter_with_state(data, requires_grad, backward_hooks, state):
    """``torch._utils._rebuild_parameter_with_state``: a Parameter with attributes."""
    return _add_state(rebuild_parameter(data, requires_grad, backward_hooks), state)


_REBUILDERS = (rebuild_tensor, rebuild_tensor_v1, rebuild_parameter)


def rebuild_from_type(func, new_type, args, state):
    """``torch._tensor._rebuild_from_type_v2``: a tensor (or Parameter) with attributes."""
    if func not in _REBUILDERS or new_type not in (Tensor, Parameter):
        raise TypeError(f"a checkpoint may rebuild only tensors and Parameters, not {new_type!r:.80}")
    if not isinstance(args, tuple):
        raise TypeError("a checkpoint's rebuild arguments must be a tuple")
    tensor = func(*args)
    if new_type is Parameter and not isinstance(tensor, Parameter):
        tensor = Parameter(tensor, tensor.requires_grad)
    return _add_state(tensor, state)


def encode_bytes(text, encoding="latin1"):
    """``_codecs.encode`` as protocol-2 pickles use it for bytes: text to latin-1 bytes only."""
    if not isinstance(text, str) or encoding not in ("latin1", "latin-1"):
        raise TypeError("a checkpoint may encode only text as latin1 bytes")
    return text.encode("latin1")


def _bytearray(source=b"", encoding=None):
    """``bytearray`` as pickles use it: from bytes or text, never a length to allocate."""
    if isinstance(source, int):
        raise TypeError("a checkpoint's bytearray must be built from bytes or text")
    return bytearray(source) if encoding is None else bytearray(source, encoding)


def _size(values=()):
    return Size(_int_tuple(tuple(values), "Size"))


def _torch_globals():
    table = {
        "torch._utils._rebuild_tensor_v2": rebuild_tensor,
        "torch._utils._rebuild_tensor": rebuild_tensor_v1,
        "torch._utils._rebuild_parameter": rebuild_parameter,
        "torch._utils._rebuild_parameter_with_state": rebuild_parameter_with_state,
        "torch._tensor._rebuild_from_type_v2": rebuild_from_type,
        "torch.nn.parameter.Parameter": Parameter,
        "torch.Tensor": Tensor,
        "torch.Size": _size,
        "torch.device": Device,
        "torch.UntypedStorage": StorageType("UntypedStorage", "uint8"),
    }
    for dtype_name, class_name in STORAGE_CLASSES.items():
        table[f"torch.{class_name}"] = StorageType(class_name, dtype_name)
    for dtype in D.ALL:
        table[f"torch.{dtype.name}"] = dtype
    return table


# what PyTorch's own names stand for, in tensorlib
TORCH_GLOBALS = _torch_globals()
# the other globals a weights-only load accepts (PyTorch's list, less what tensorlib cannot build)
PLAIN_GLOBALS = {
    "collections.OrderedDict": collections.OrderedDict,
    "collections.Counter": collections.Counter,
    "_codecs.encode": encode_bytes,
    "builtins.bytearray": _bytearray,
    "builtins.set": set,
    "builtins.complex": complex,
}
# modules no allowlist can open
BLOCKED_MODULES = ("sys", "os", "posix", "nt")
