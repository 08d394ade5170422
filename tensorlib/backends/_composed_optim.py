"""The optimisers' per-parameter updates (``adam_update``, ``sgd_update``; see ``_cpu_optim``)
composed from a backend's own kernels, in the order and with the roundings of the optimisers'
tensor-op sequences: for a backend without a fused kernel for them (``cuda``), which binds
``backend`` to itself."""
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
    if not _compatible(param, grad, exp_avg, exp_avg_sq, max_exp_avg_sq) or step.dtype not in _FLOATS \
            or step.ndim != 0:
        return None
    step += 1
    count = float(step)
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
    backend.binary("mul", _number(backend, -step_size, param), exp_avg, scaled)
    backend.binary("div", scaled, denom, scaled)
    backend.binary("add", param, scaled, param)
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
