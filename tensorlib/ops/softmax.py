"""softmax and log_softmax, declared in the registry (``torch.softmax``,
``Tensor.softmax``, ``torch.log_softmax``, ``Tensor.log_softmax``, each with
``dtype=`` and ``out=``); ``nn.functional.softmax``/``log_softmax``/``softmin``
run through these forms.

softmax and log_softmax each run as one fused backend kernel (``backend.softmax``,
``backend.log_softmax``); the CPU's float32 kernels give PyTorch's bits (its exp, its order of
summing across vector lanes).
As in PyTorch the max is subtracted even when infinite, so a slice holding
+inf, or only -inf, is NaN.  float16 and bfloat16 are computed in float32 and rounded once,
except for log_softmax's sum and its log along the last dim, which PyTorch rounds too.
Their nodes (SoftmaxBackward0, LogSoftmaxBackward0) live in
``nodes/reductions.py``."""
from .. import _dtype as D
from .._type_names import cpp_type_name, not_implemented
from ._common import backend_for, finish_out, new_result, prepare_out
from ._op_docs import example
from ._registry import declare

_SIGNATURE = "int dim, ScalarType? dtype=None"


def _checked_input(x, dim, dtype, name):
    """The input converted to ``dtype`` and ``dim`` checked, with PyTorch's errors in its order."""
    ndim = max(len(x._shape), 1)
    if not -ndim <= dim < ndim:
        raise IndexError(f"Dimension out of range (expected to be in range of [{-ndim}, {ndim - 1}], but got {dim})")
    if dtype is not None:
        x = x.to(dtype)
    if not x._dtype.is_floating_point:
        last = dim % ndim == ndim - 1
        raise not_implemented(f"{name}_lastdim_kernel_impl" if last else f"{name}_kernel_impl", x._dtype)
    return x


def _backend_values(kernel, x, dim):
    """``backend.<kernel>(a, axis, out)`` (softmax or log_softmax) of x along dim, float16 and
    bfloat16 computed in float32 and rounded once."""
    dt = x._dtype
    shape = x._shape
    device = x._storage.device
    backend = backend_for(device)
    out, arr = new_result(shape, dt, device, backend)
    if 0 not in shape:
        work = D.compute_dtype(dt)
        a = x._array() if dt is work else backend.cast(x._array(), work.numpy)
        res = arr if work is dt else backend.empty_array(shape, work.numpy)
        if shape:
            getattr(backend, kernel)(a, dim % len(shape), res)
        else:
            getattr(backend, kernel)(a.reshape(1), 0, res.reshape(1))
        if res is not arr:
            backend.copy_into(arr, res)
    return out


def _softmax_values(x, dim):
    return _backend_values("softmax", x, dim)


def _log_softmax_values(x, dim):
    dt = x._dtype
    shape = x._shape
    if D.compute_dtype(dt) is not dt and 0 not in shape and shape and dim % len(shape) == len(shape) - 1:
        return _two_byte_last_dim(x.detach(), dim)   # tensor ops: nothing of them recorded
    return _backend_values("log_softmax", x, dim)


def _two_byte_last_dim(x, dim):
    """log_softmax of float16/bfloat16 along the last dim as PyTorch's kernel for it computes it:
    in float32, but with the sum of the exponentials rounded to x's dtype, and its log too."""
    work = x.to(D.compute_dtype(x._dtype))
    shifted = work - work.amax(dim, keepdim=True)
    log_total = shifted.exp().sum(dim, keepdim=True).to(x._dtype).log()
    return (shifted - log_total).to(x._dtype)


def _forward(name, values, node):
    def forward(x, dim, dtype=None, out=None, inplace=False):
        x = _checked_input(x, dim, dtype, name)
        result = values(x, dim)   # backend kernels on x's arrays, no op recorded
        if out is None:
            return x._record_result(result, node, (x,), dim=dim)
        if out._dtype is not result._dtype:
            raise RuntimeError(f"Expected out tensor to have dtype {cpp_type_name(result._dtype)}, but got "
                               f"{cpp_type_name(out._dtype)} instead")
        prepare_out(out, result._shape, result._dtype, name, (x,))
        backend_for(out._storage.device).copy_into(out._array(), result._array())
        return finish_out(out)
    return forward


_ARGS = """

    Args:
        dim: the dimension the slices run along.
    """
softmax = declare("softmax", _forward("softmax", _softmax_values, "SoftmaxBackward0"), _SIGNATURE, inplace=False,
                  doc="""The softmax of each slice of ``input`` along ``dim``: ``exp(x) / exp(x).sum()``, elements
    in (0, 1] that sum to one.""" + _ARGS + example(">>> torch.softmax(torch.tensor([1., 2., 3.]), dim=0)",
                                                   "tensor([0.0900, 0.2447, 0.6652])"))
log_softmax = declare("log_softmax", _forward("log_softmax", _log_softmax_values, "LogSoftmaxBackward0"),
                      _SIGNATURE, inplace=False, doc="""The logarithm of the softmax of each slice of ``input``
    along ``dim``, computed without overflow: ``x - log(exp(x).sum())``.""" + _ARGS + example(
                          ">>> torch.log_softmax(torch.tensor([1., 2., 3.]), dim=0)",
                          "tensor([-2.4076, -1.4076, -0.4076])"))
