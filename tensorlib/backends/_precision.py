"""The float32 matmul precision (``torch.set_float32_matmul_precision``) and the
``torch.backends.cuda.matmul`` flags that read and write it.

"highest" keeps float32 products in float32; "high" and "medium" allow
TensorFloat-32 on GPUs that have it (``matmul.allow_tf32``).  tensorlib's CPU
products are float32 at every setting, as PyTorch's are."""
import warnings

_PRECISIONS = ("highest", "high", "medium")
_state = {"precision": "highest"}


def get_float32_matmul_precision():
    return _state["precision"]


def set_float32_matmul_precision(precision):
    """Sets the internal precision of float32 matrix products: 'highest', 'high' or 'medium' (anything
    else warns, as PyTorch does, and changes nothing)."""
    if precision not in _PRECISIONS:
        warnings.warn(f"{precision} is not one of 'highest', 'high', or 'medium'; the current"
                      "setFloat32MatmulPrecision call has no effect.", UserWarning, stacklevel=2)
        return
    _state["precision"] = precision


class MatmulKernel:
    """A backend's matmul kernel that also answers ``torch.backends.cuda.matmul``'s flags:
    ``allow_tf32`` (the float32 matmul precision is not 'highest'), and the reduced-precision
    reductions of float16/bfloat16 products (allowed by default)."""

    def __init__(self, kernel):
        self._kernel = kernel
        self.allow_fp16_reduced_precision_reduction = True
        self.allow_bf16_reduced_precision_reduction = True

    def __call__(self, a, b, out):
        return self._kernel(a, b, out)

    @property
    def allow_tf32(self):
        return _state["precision"] != "highest"

    @allow_tf32.setter
    def allow_tf32(self, allow):
        _state["precision"] = "high" if allow else "highest"
