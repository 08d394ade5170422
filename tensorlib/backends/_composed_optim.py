"""The optimisers' per-parameter updates (``adam_update``, ``sgd_update``, ``rmsprop_update``,
``adagrad_update``; see ``_cpu_optim``) composed from a backend's own kernels, in the order and
with the roundings of the optimisers' tensor-op sequences: for a backend without fused kernels
for them (``cuda``), which takes ``bound_to(itself)``."""
import functools

import numpy as np

_FLOATS = (np.dtype(np.float32), np.dtype(np.float64))


def _compatible(param, *others):
    """float32/float64 arrays of one dtype and shape (the others may be None)."""
    return param.dtype in _FLOATS and all(a is None or (a.dtype == param.dtype and a.shape == param.shape)
                                          for a in others)


def _number(backend, value, like):
    """``value`` rounded to like's dtype, as a stride-0 operand of like's shape."""
    return backend.strided_view(backend.scalar_buffer(value, like.dtype), like.shape, (0,) * like.ndim, 0)


def _direction(backend, param, grad, maximize, weight_decay):
    """The gradient (negated when maximising) plus the L2 term ``weight_decay * param``."""
    if maximize:
        negated = backend.empty_array(grad.shape, grad.dtype)
        backend.unary("neg", grad, negated)
        grad = negated
    if weight_decay != 0:
        decayed = backend.empty_array(grad.shape, grad.dtype)
        backend.fused_multiply_add(param, _number(backend, weight_decay, param), grad, decayed)
        grad = decayed
    return grad


def adam_update(backend, param, grad, exp_avg, exp_avg_sq, max_exp_avg_sq, step, lr, beta1, beta2, eps,
                weight_decay, decoupled, maximize):
    """One Adam/AdamW step of one parameter in place; the new step number (None: declined)."""
    if not _compatible(param, grad, exp_avg, exp_avg_sq, max_exp_avg_sq):
        return None
    count = _step_counter(step)
    if count is None:
        return None
    if decoupled and weight_decay != 0:
        backend.binary("mul", param, _number(backend, 1 - lr * weight_decay, param), param)
    grad = _direction(backend, param, grad, maximize, 0 if decoupled else weight_decay)
    backend.lerp(exp_avg, grad, float(1 - beta1), exp_avg)
    backend.binary("mul", exp_avg_sq, _number(backend, beta2, param), exp_avg_sq)
    scaled = backend.empty_array(param.shape, param.dtype)
    backend.binary("mul", _number(backend, 1 - beta2, param), grad, scaled)
    backend.fused_multiply_add(scaled, grad, exp_avg_sq, exp_avg_sq)
    second_moment = exp_avg_sq
    if max_exp_avg_sq is not None:
        backend.binary("maximum", max_exp_avg_sq, exp_avg_sq, max_exp_avg_sq)
        second_moment = max_exp_avg_sq
    step_size = lr / (1 - beta1 ** count)
    bias_correction2_sqrt = (1 - beta2 ** count) ** 0.5
    denom = backend.empty_array(param.shape, param.dtype)
    backend.unary("sqrt", second_moment, denom)
    backend.binary("div", denom, _number(backend, bias_correction2_sqrt, param), denom)
    backend.binary("add", denom, _number(backend, eps, param), denom)
    _divide_into(backend, param, exp_avg, -step_size, denom)
    return count


def sgd_update(backend, param, grad, momentum_buffer, lr, momentum, dampening, weight_decay, nesterov, maximize,
               first):
    """One SGD step of one parameter in place; False when declined."""
    if not _compatible(param, grad, momentum_buffer):
        return False
    grad = _direction(backend, param, grad, maximize, weight_decay)
    if momentum_buffer is not None:
        if first:
            backend.copy_into(momentum_buffer, grad)
        else:
            backend.axpby(1 - dampening, grad, momentum, momentum_buffer)
        if nesterov:
            ahead = backend.empty_array(param.shape, param.dtype)
            backend.fused_multiply_add(momentum_buffer, _number(backend, momentum, param), grad, ahead)
            grad = ahead
        else:
            grad = momentum_buffer
    backend.axpby(-lr, grad, 1, param)
    return True


def _step_counter(step):
    """``step += 1`` in place on a 0-d float array: the new count, or None for another array."""
    if step.dtype not in _FLOATS or step.ndim != 0:
        return None
    step += 1
    return float(step)


def _divide_into(backend, param, numerator, value, denom):
    """``param + (value * numerator) / denom`` into param (addcdiv_'s order)."""
    scaled = backend.empty_array(param.shape, param.dtype)
    backend.binary("mul", _number(backend, value, param), numerator, scaled)
    backend.binary("div", scaled, denom, scaled)
    backend.binary("add", param, scaled, param)


def rmsprop_update(backend, param, grad, square_avg, grad_avg, momentum_buffer, step, lr, alpha, eps, weight_decay,
                   momentum, maximize):
    """One RMSprop step of one parameter in place; the new step number (None: declined)."""
    if not _compatible(param, grad, square_avg, grad_avg, momentum_buffer):
        return None
    count = _step_counter(step)
    if count is None:
        return None
    grad = _direction(backend, param, grad, maximize, weight_decay)
    backend.binary("mul", square_avg, _number(backend, alpha, param), square_avg)
    scaled = backend.empty_array(param.shape, param.dtype)
    backend.binary("mul", _number(backend, 1 - alpha, param), grad, scaled)
    backend.fused_multiply_add(scaled, grad, square_avg, square_avg)
    avg = backend.empty_array(param.shape, param.dtype)
    if grad_avg is not None:
        backend.lerp(grad_avg, grad, float(1 - alpha), grad_avg)
        backend.unary("neg", grad_avg, scaled)
        backend.fused_multiply_add(scaled, grad_avg, square_avg, avg)
        backend.unary("sqrt", avg, avg)
    else:
        backend.unary("sqrt", square_avg, avg)
    backend.binary("add", avg, _number(backend, eps, param), avg)
    if momentum_buffer is not None:
        backend.binary("mul", momentum_buffer, _number(backend, momentum, param), momentum_buffer)
        _divide_into(backend, momentum_buffer, grad, 1, avg)
        backend.fused_multiply_add(momentum_buffer, _number(backend, -lr, param), param, param)
    else:
        _divide_into(backend, param, grad, -lr, avg)
    return count


def adagrad_update(backend, param, grad, state_sum, step, lr, lr_decay, eps, weight_decay, maximize):
    """One Adagrad step of one parameter in place; the new step number (None: declined)."""
    if not _compatible(param, grad, state_sum):
        return None
    count = _step_counter(step)
    if count is None:
        return None
    grad = _direction(backend, param, grad, maximize, weight_decay)
    clr = lr / (1 + (count - 1) * lr_decay)
    backend.fused_multiply_add(grad, grad, state_sum, state_sum)
    denom = backend.empty_array(param.shape, param.dtype)
    backend.unary("sqrt", state_sum, denom)
    backend.binary("add", denom, _number(backend, eps, param), denom)
    _divide_into(backend, param, grad, -clr, denom)
    return count


def bound_to(backend):
    """``(adam_update, sgd_update, rmsprop_update, adagrad_update)`` running on ``backend``."""
    return tuple(functools.partial(update, backend)
                 for update in (adam_update, sgd_update, rmsprop_update, adagrad_update))
