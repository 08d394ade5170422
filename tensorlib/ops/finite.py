"""``nan_to_num``: NaN, +inf and -inf replaced by finite numbers (by default 0
and the largest and smallest finite values of the dtype), declared in the
registry with its derivative: the gradient passes where the input was finite."""
from .. import _dtype as D
from ..backends import backend_for
from ._common import check_inplace, check_out, compute_into, resize_out
from ._op_docs import example
from ._registry import declare
from .nodes._formula import formula_node

# the largest finite value of each floating dtype (the smallest is its negative)
_LARGEST = {D.float16: 65504.0, D.bfloat16: 3.3895313892515355e+38, D.float32: 3.4028234663852886e+38,
            D.float64: 1.7976931348623157e+308}
formula_node("NanToNumBackward0", lambda grad, self: grad * self.isfinite(), ("self",))


def nan_to_num(x, nan=None, posinf=None, neginf=None, out=None, inplace=False):
    """``x`` with NaN replaced by ``nan`` (0 when None), +inf by ``posinf`` and -inf
    by ``neginf`` (when None: the dtype's largest and smallest finite values);
    integer and bool inputs come back unchanged (copied)."""
    dtype, shape = x._dtype, x._shape
    if out is not None:
        check_out(out, "nan_to_num", (x,))
        if out._dtype is not dtype:
            raise RuntimeError(f"nan_to_num: dtype of out: {out._dtype.short_name} should be same as input: "
                               f"{dtype.short_name}")
        resize_out(out, shape)
        target = out
    elif inplace:
        check_inplace(x, shape, dtype)
        target = x
    else:
        target = x.new_empty(shape)
    backend = backend_for(x.device)
    source = x._array()

    def compute(result):
        if not dtype.is_floating_point:
            backend.copy_into(result, source)
            return
        largest = _LARGEST[dtype]
        work = D.compute_dtype(dtype)
        replaced = backend.xp.asarray(backend.xp.nan_to_num(
            backend.cast(source, work.numpy), copy=True, nan=0.0 if nan is None else nan,
            posinf=largest if posinf is None else posinf, neginf=-largest if neginf is None else neginf))
        backend.copy_into(result, replaced)

    if not (inplace and not dtype.is_floating_point):
        compute_into(target, dtype, shape, backend, compute)
    if inplace:
        return x._record_inplace("NanToNumBackward0", ())
    if out is not None:
        return out
    return x._record_result(target, "NanToNumBackward0", (x,))


declare("nan_to_num", nan_to_num, "float? nan=0.0, float? posinf=None, float? neginf=None",
    doc="""``input`` with NaN, positive and negative infinity replaced by finite numbers.

    Args:
        nan: what NaN becomes.
        posinf: what +inf becomes; None: the largest finite value of the dtype.
        neginf: what -inf becomes; None: the lowest finite value of the dtype.
    """ + example(">>> x = torch.tensor([float('nan'), float('inf'), -float('inf'), 1.])",
                  ">>> torch.nan_to_num(x, nan=0., posinf=9., neginf=-9.)", "tensor([ 0.,  9., -9.,  1.])"))
