"""What the linear-algebra ops share: their argument checks with PyTorch's
messages, ``LinAlgError`` for the failures LAPACK reports (a singular matrix, a
matrix that is not positive-definite), and running a ``backend.linalg`` kernel
into new tensors."""
from .. import _dtype as D
from .._type_names import not_implemented
from ..autograd.grad_mode import no_grad
from ._common import backend_for, new_result

_FLOATS = (D.float32, D.float64)


class LinAlgError(RuntimeError):
    """A failure of a linear-algebra algorithm on its input (``torch.linalg.LinAlgError``)."""


LinAlgError.__name__ = LinAlgError.__qualname__ = "_LinAlgError"
LinAlgError.__module__ = "torch._C"


def check_matrix(a, fname, name="A"):
    """At least two dims."""
    if len(a._shape) < 2:
        raise RuntimeError(f"{fname}: The input tensor {name} must have at least 2 dimensions.")


def check_square(a, fname):
    """At least two dims, the last two equal."""
    check_matrix(a, fname)
    rows, cols = a._shape[-2:]
    if rows != cols:
        raise RuntimeError(f"{fname}: A must be batches of square matrices, but they are {rows} by {cols} matrices")


def check_dtype(a, fname, integers="float", low="low"):
    """float32/float64 only.  ``integers`` and ``low`` (float16 & co.) say how PyTorch refuses the
    others: "float" (expected a floating point tensor), "low" (low precision not supported),
    ("kernel", name) (that kernel not implemented) or a message of its own."""
    dt = a._dtype
    if dt in _FLOATS:
        return
    rule = low if dt.is_floating_point else integers
    if rule == "float":
        raise RuntimeError(f"{fname}: Expected a floating point or complex tensor as input. Got {dt.short_name}")
    if rule == "low":
        raise RuntimeError(f"{fname}: Low precision dtypes not supported. Got {dt.short_name}")
    if isinstance(rule, tuple):
        raise not_implemented(rule[1], dt)
    raise RuntimeError(rule)


def check_same_dtype(a, b, fname):
    """A and B of one dtype."""
    if a._dtype is not b._dtype:
        raise RuntimeError(f"{fname}: Expected A and B to have the same dtype, but found A of type "
                           f"{a._dtype.short_name} and B of type {b._dtype.short_name} instead")


def raise_for_info(info, batched, fname, message):
    """Raises LinAlgError ``fname: message(value)`` for the first non-zero ``info`` (a tensor);
    a batch names its element as PyTorch does."""
    flat = info.reshape(-1)
    failed = flat.nonzero()
    if failed.shape[0] == 0:
        return
    index = int(failed[0, 0])
    prefix = f"(Batch element {index}): " if batched else ""
    raise LinAlgError(f"{fname}: {prefix}{message(int(flat[index]))}")


def compute(a, kernel, *args, dtypes=None):
    """``backend.linalg.<kernel>(*args)`` on the device of ``a``: each array argument a tensor
    (passed as its array), each array result a new tensor (of ``a``'s dtype, or the dtype named
    in ``dtypes`` at its position); None results stay None."""
    device = a._storage.device
    backend = backend_for(device)
    arrays = [x._array() if hasattr(x, "_array") else x for x in args]
    results = getattr(backend.linalg, kernel)(*arrays)
    single = not isinstance(results, tuple)
    tensors = []
    for i, array in enumerate((results,) if single else results):
        if array is None:
            tensors.append(None)
            continue
        dtype = (dtypes or {}).get(i, a._dtype)
        res, arr = new_result(tuple(array.shape), dtype, device, backend)
        backend.copy_into(arr, array)
        tensors.append(res)
    return tensors[0] if single else tuple(tensors)


def write_out(result, out):
    """``result``, or ``out`` resized to and holding it (PyTorch's out= of a composite op)."""
    if out is None:
        return result
    with no_grad():
        out.resize_(result._shape).copy_(result)
    return out


def identity(n, like):
    """The n x n identity in the dtype and device of ``like`` (no grad)."""
    eye = like.new_zeros((n, n))
    eye.diagonal().fill_(1)
    return eye
