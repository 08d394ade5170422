"""What the functional modules share: recording a node class of theirs as a
result's grad_fn, and the argument checks and conversions they all use."""
import numbers
import warnings

from ..._C import TensorBase
from ..._scalar_conversion import INT64_MAX, INT64_MIN, unpack_int64
from ..._tensor_autograd import _edge, _mark_inference, _next_seq, _state


def _requires_grad(inputs):
    return any(isinstance(t, TensorBase) and t._requires_grad for t in inputs)


def _record(cls, out, inputs, **ctx):
    """Records node class ``cls`` as ``out``'s grad_fn with one edge per entry
    of ``inputs`` (the forward operands that may need a gradient)."""
    if not _state.enabled:
        if _state.inference:
            _mark_inference(out)
        return out
    if not _requires_grad(inputs) or not out._dtype.is_floating_point:
        return out
    node = cls.__new__(cls)
    node.next_functions = tuple(_edge(t) if isinstance(t, TensorBase) and t._requires_grad else (None, 0)
                                for t in inputs)
    node._seq = _next_seq()
    node._meta = ((out._shape, out._dtype, out._storage.device),)
    node._hk = None
    node.setup(inputs, out, ctx)
    out._grad_fn = node
    out._requires_grad = True
    return out


def _mul_scalar(t, scalar):
    """``t * scalar`` recorded as the Scalar overload (MulBackward1), as PyTorch's composites do."""
    return t._record_result(t.detach() * scalar, "MulBackward1", (t, scalar))


def _div_scalar(t, scalar):
    """``t / scalar`` recorded as the Scalar overload (DivBackward1)."""
    return t._record_result(t.detach() / scalar, "DivBackward1", (t, scalar))


def _grad_mode():
    """True while a backward formula runs with ``create_graph=True``."""
    return _state.enabled


_REDUCTIONS = ("none", "mean", "sum")


def _check_reduction(reduction):
    if reduction not in _REDUCTIONS:
        raise ValueError(f"{reduction} is not a valid value for reduction")
    return reduction


def _legacy_reduction(size_average, reduce, reduction):
    if size_average is None and reduce is None:
        return _check_reduction(reduction)
    size_average = True if size_average is None else size_average
    reduce = True if reduce is None else reduce
    result = "mean" if size_average and reduce else ("sum" if reduce else "none")
    warnings.warn(f"size_average and reduce args will be deprecated, please use reduction='{result}' instead.",
                  stacklevel=3)
    return result


def _reduce(losses, reduction):
    if reduction == "mean":
        return losses.mean()
    if reduction == "sum":
        return losses.sum()
    return losses


def _int_list(value, function, name, position=None):
    """An ``int[2]`` argument of ``function`` as PyTorch's parser reads it: an int
    stands for two copies of itself, a sequence is taken as given (its length is
    the op's to judge), and every element must be an int64."""
    where = f" (position {position})" if position else ""
    if isinstance(value, (tuple, list)):
        for index, item in enumerate(value):
            if isinstance(item, numbers.Integral):
                if not INT64_MIN <= item <= INT64_MAX:
                    raise TypeError(f"{function}(): argument '{name}' failed to unpack the object at pos {index + 1} "
                                    'with error "Overflow when unpacking long long"')
            elif index == 0:
                raise TypeError(f"{function}(): argument '{name}'{where} must be tuple of ints, but found element of "
                                f"type {type(item).__name__} at pos 0")
            else:
                raise TypeError(f"{function}(): argument '{name}' failed to unpack the object at pos {index + 1} with "
                                f'error "type must be tuple of ints,but got {type(item).__name__}"')
        return tuple(int(item) for item in value)
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{function}(): argument '{name}'{where} must be tuple of ints, not {type(value).__name__}")
    return (unpack_int64(value),) * 2


def _dims_except_channel(t):
    return (0,) + tuple(range(2, t.dim()))


def _channel_shape(t):
    """The shape that broadcasts a per-channel vector against ``t`` (channels in dim 1)."""
    return (1, t.shape[1]) + (1,) * (t.dim() - 2)


def _scalar_name(dtype):
    """PyTorch's ScalarType name ("Float", "Double", "Long")."""
    return dtype.legacy_name[:-len("Tensor")]


_CPP_TYPE = {"float32": "float", "float64": "double", "float16": "c10::Half", "bfloat16": "c10::BFloat16",
             "int64": "long int", "int32": "int"}


def _write_inplace(input, value):
    """Writes ``value`` into ``input`` as an in-place op does (autograd checks,
    the old value kept for the backward formula, version bump); the caller
    then records the node with ``_record_inplace``."""
    input._check_inplace()
    input._copy_from(value)
    input._version_counter.bump()


def _work_array(t, work, backend):
    """``t``'s elements as a backend array of the kernel dtype ``work`` (float16 runs in float32)."""
    return t._array() if t._dtype is work else backend.cast(t._array(), work.numpy)


def as_function(fast, slow):
    """``fast`` (a compiled fast path of the function ``slow``) under ``slow``'s name, documentation
    and signature."""
    fast.__name__, fast.__qualname__, fast.__doc__, fast.__module__ = (
        slow.__name__, slow.__qualname__, slow.__doc__, slow.__module__)
    fast.__wrapped__ = slow
    return fast
