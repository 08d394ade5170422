"""The optimisers' fused updates on the CPU (part of the backend interface of ``cpu.py``).

``axpby(a, x, b, y)``   ``y = a * x + b * y`` in place (Python scalars a, b; x of y's dtype and
    shape), in ``cpu.py``.
``adam_update(param, grad, exp_avg, exp_avg_sq, max_exp_avg_sq, step, lr, beta1, beta2, eps,
    weight_decay, decoupled, maximize)``   one Adam/AdamW step of one parameter in place
    (``max_exp_avg_sq`` None without amsgrad; ``step`` the 0-d step-counter array, advanced by
    one): the new step number, or None when declined (nothing changed).
``sgd_update(param, grad, momentum_buffer, lr, momentum, dampening, weight_decay, nesterov,
    maximize, first)``   one SGD step of one parameter in place (``momentum_buffer`` None without
    momentum; ``first``: the buffer takes the direction itself): True, or False when declined.
``rmsprop_update(param, grad, square_avg, grad_avg, momentum_buffer, step, lr, alpha, eps,
    weight_decay, momentum, maximize)``   one RMSprop step (``grad_avg`` None unless centered,
    ``momentum_buffer`` None without momentum): the new step number, or None when declined.
``adagrad_update(param, grad, state_sum, step, lr, lr_decay, eps, weight_decay, maximize)``
    one Adagrad step: the new step number, or None when declined.

Both compute what the optimisers' tensor-op sequences compute, bit for bit
(``tensorlib._optim_kernels``); the square root is MKL's vector-math one where tensorlib's
``sqrt`` uses it.
"""
from .._optim_kernels import adagrad_update as _cy_adagrad_update, adam_update as _cy_adam_update
from .._optim_kernels import rmsprop_update as _cy_rmsprop_update, sgd_update  # noqa: F401  (backend interface)
from . import _vector_math


def adam_update(param, grad, exp_avg, exp_avg_sq, max_exp_avg_sq, step, lr, beta1, beta2, eps, weight_decay,
                decoupled, maximize):
    """See the module docstring."""
    sqrt, mode = _vector_math.function_for("sqrt", param.dtype.char)
    return _cy_adam_update(param, grad, exp_avg, exp_avg_sq, max_exp_avg_sq, step, lr, beta1, beta2, eps,
                           weight_decay, decoupled, maximize, sqrt, mode)


def rmsprop_update(param, grad, square_avg, grad_avg, momentum_buffer, step, lr, alpha, eps, weight_decay, momentum,
                   maximize):
    """See the module docstring."""
    sqrt, mode = _vector_math.function_for("sqrt", param.dtype.char)
    return _cy_rmsprop_update(param, grad, square_avg, grad_avg, momentum_buffer, step, lr, alpha, eps, weight_decay,
                              momentum, maximize, sqrt, mode)


def adagrad_update(param, grad, state_sum, step, lr, lr_decay, eps, weight_decay, maximize):
    """See the module docstring."""
    sqrt, mode = _vector_math.function_for("sqrt", param.dtype.char)
    return _cy_adagrad_update(param, grad, state_sum, step, lr, lr_decay, eps, weight_decay, maximize, sqrt, mode)
