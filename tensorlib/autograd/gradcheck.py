"""gradcheck / gradgradcheck: analytical gradients (vector-Jacobian products
computed by the engine) against central finite differences.

Use float64 inputs; each differentiable input is perturbed one element at a
time (non-contiguous inputs work; inputs with overlapping memory, such as
expanded ones, are rejected as PyTorch does)."""
import numpy as np

from .._C import TensorBase
from .._tensor import host_tensor

__all__ = ["gradcheck", "gradgradcheck", "GradcheckError"]


class GradcheckError(RuntimeError):
    """Raised by gradcheck and gradgradcheck on a mismatch."""


def _as_tuple(x):
    if isinstance(x, TensorBase):
        return (x,)
    return tuple(x)


def _outputs(func, inputs):
    out = func(*inputs)
    return _as_tuple(out)


def _float_outputs(func, inputs):
    return [o for o in _outputs(func, inputs) if isinstance(o, TensorBase) and o._dtype.is_floating_point]


def _host(t):
    return np.array(t.detach()._host_array(), dtype=np.float64, copy=True)


def _numerical_jacobians(func, inputs, diff_idx, outputs, eps):
    """For each differentiable input: a (numel(input), numel(output)) matrix per output."""
    jacobians = []
    for i in diff_idx:
        x = inputs[i]
        arr = x.detach()._array()     # aliases x's elements (any strides)
        n = x.numel()
        per_output = [np.zeros((n, o.numel())) for o in outputs]
        for k, index in enumerate(np.ndindex(*x._shape)):
            orig = arr[index].copy()
            # evaluated with grad mode as is: func may itself differentiate (gradgradcheck)
            arr[index] = orig - eps
            minus = [_host(o) for o in _float_outputs(func, inputs)]
            arr[index] = orig + eps
            plus = [_host(o) for o in _float_outputs(func, inputs)]
            arr[index] = orig
            for j in range(len(outputs)):
                per_output[j][k] = ((plus[j] - minus[j]) / (2 * eps)).reshape(-1)
        jacobians.append(per_output)
    return jacobians


def _analytical_jacobians(inputs, diff_idx, outputs):
    from . import grad as autograd_grad
    jacobians = [[np.zeros((inputs[i].numel(), o.numel())) for o in outputs] for i in diff_idx]
    diff_inputs = [inputs[i] for i in diff_idx]
    for j, out in enumerate(outputs):
        if not out._requires_grad:
            continue
        flat_n = out.numel()
        for k in range(flat_n):
            seed = np.zeros(flat_n)
            seed[k] = 1.0
            g = host_tensor(seed.reshape(out._shape), out._dtype, out.device)
            grads = autograd_grad((out,), diff_inputs, (g,), retain_graph=True, allow_unused=True)
            for col, gi in enumerate(grads):
                if gi is not None:
                    jacobians[col][j][:, k] = _host(gi).reshape(-1)
    return jacobians


def gradcheck(func, inputs, *, eps=1e-06, atol=1e-05, rtol=0.001, raise_exception=True, nondet_tol=0.0,
              check_undefined_grad=True, check_grad_dtypes=False, check_batched_grad=False,
              check_batched_forward_grad=False, check_forward_ad=False, check_backward_ad=True,
              fast_mode=False, masked=None):
    """Checks the gradients of ``func`` at ``inputs`` against finite differences.

    For each input that requires grad, each column of the Jacobian from the backward pass is
    compared with central differences of step ``eps``; they must agree within
    ``atol + rtol * |numerical|``.  Use float64 inputs.

    Args:
        func (callable): takes the ``inputs`` and returns a tensor or a tuple of tensors.
        inputs (Tensor or tuple): the point; the inputs to check have ``requires_grad=True``.
        eps (float): the finite-difference step. Default: ``1e-6``.
        atol (float): the absolute tolerance. Default: ``1e-5``.
        rtol (float): the relative tolerance. Default: ``1e-3``.
        raise_exception (bool): raise ``GradcheckError`` on a mismatch rather than return False.
            Default: ``True``.

    Returns:
        bool: True when every gradient matches.

    The keyword arguments ``nondet_tol``, ``check_undefined_grad``, ``check_grad_dtypes``,
    ``check_batched_grad``, ``check_batched_forward_grad``, ``check_forward_ad``,
    ``check_backward_ad``, ``fast_mode`` and ``masked`` are accepted for PyTorch compatibility.

    Example::

        >>> x = torch.tensor([0.5, 1.5], dtype=torch.float64, requires_grad=True)
        >>> torch.autograd.gradcheck(torch.sin, (x,))
        True
    """
    inputs = _as_tuple(inputs)
    diff_idx = [i for i, x in enumerate(inputs) if isinstance(x, TensorBase) and x._requires_grad]
    if not diff_idx:
        raise ValueError("gradcheck expects at least one input tensor to require gradient, but none of the them "
                         "have requires_grad=True.")
    for i in diff_idx:
        x = inputs[i]
        if any(st == 0 and sz > 1 for sz, st in zip(x._shape, x._strides)):
            raise RuntimeError(
                f"The {i}th input has a dimension with stride 0. gradcheck only supports inputs that are "
                "non-overlapping to be able to compute the numerical gradients correctly. You should call "
                ".contiguous on the input before passing it to gradcheck.")
    outputs = _outputs(func, inputs)
    outputs = tuple(o for o in outputs if isinstance(o, TensorBase))
    diff_outputs = tuple(o for o in outputs if o._dtype.is_floating_point)
    numerical = _numerical_jacobians(func, inputs, diff_idx, diff_outputs, eps)
    analytical = _analytical_jacobians(inputs, diff_idx, diff_outputs)
    for col, i in enumerate(diff_idx):
        for j in range(len(diff_outputs)):
            a = analytical[col][j]
            n = numerical[col][j]
            if not np.allclose(a, n, rtol=rtol, atol=atol, equal_nan=True):
                message = (f"Jacobian mismatch for output {j} with respect to input {i},\n"
                           f"numerical:{n}\nanalytical:{a}\n")
                if raise_exception:
                    raise GradcheckError(message)
                return False
    return True


def gradgradcheck(func, inputs, grad_outputs=None, *, eps=1e-06, atol=1e-05, rtol=0.001,
                  gen_non_contig_grad_outputs=False, raise_exception=True, nondet_tol=0.0,
                  check_undefined_grad=True, check_grad_dtypes=False, check_batched_grad=False,
                  check_fwd_over_rev=False, check_rev_over_rev=True, fast_mode=False, masked=False):
    """Checks the second derivatives of ``func``: ``gradcheck`` of its first-order gradients, built with
    ``create_graph=True``.

    Args:
        func (callable): takes the ``inputs`` and returns a tensor or a tuple of tensors.
        inputs (Tensor or tuple): the point, float64 tensors with ``requires_grad=True``.
        grad_outputs (Tensor or tuple, optional): the vectors the first derivatives are taken
            against; random when omitted.
        eps, atol, rtol, raise_exception: as for ``gradcheck``.

    Returns:
        bool: True when every second derivative matches.

    The keyword arguments ``gen_non_contig_grad_outputs``, ``nondet_tol``, ``check_undefined_grad``,
    ``check_grad_dtypes``, ``check_batched_grad``, ``check_fwd_over_rev``, ``check_rev_over_rev``,
    ``fast_mode`` and ``masked`` are accepted for PyTorch compatibility.

    Example::

        >>> x = torch.tensor([0.5, 1.5], dtype=torch.float64, requires_grad=True)
        >>> torch.autograd.gradgradcheck(lambda t: t ** 3, (x,))
        True
    """
    from . import grad as autograd_grad
    inputs = _as_tuple(inputs)
    outputs = tuple(o for o in _outputs(func, inputs) if isinstance(o, TensorBase) and o._dtype.is_floating_point)
    if grad_outputs is None:
        rng = np.random.default_rng(0)
        grad_outputs = tuple(host_tensor(rng.standard_normal(o._shape), o._dtype, o.device).requires_grad_()
                             for o in outputs)
    else:
        grad_outputs = _as_tuple(grad_outputs)
    n_in = len(inputs)
    diff_idx = [i for i, x in enumerate(inputs) if isinstance(x, TensorBase) and x._requires_grad]

    def first_order(*args):
        ins, gos = args[:n_in], args[n_in:]
        outs = tuple(o for o in _outputs(func, ins) if isinstance(o, TensorBase) and o._dtype.is_floating_point)
        pairs = [(o, g) for o, g in zip(outs, gos) if o._requires_grad]
        grads = autograd_grad([o for o, _ in pairs], [ins[i] for i in diff_idx], [g for _, g in pairs],
                              create_graph=True, allow_unused=True)
        return tuple(g for g in grads if g is not None)

    return gradcheck(first_order, inputs + tuple(grad_outputs), eps=eps, atol=atol, rtol=rtol,
                     raise_exception=raise_exception)
