"""RMSprop: divide the gradient by a running root-mean-square of its past values.

For each parameter ``p`` with gradient ``g`` (``-g`` when maximising, plus
``weight_decay * p``)::

    v = alpha * v + (1 - alpha) * g * g                        (square_avg)
    m = m + (1 - alpha) * (g - m)                              (grad_avg, centered only)
    avg = sqrt(v - m * m) + eps    (centered)    or    sqrt(v) + eps
    b = momentum * b + g / avg;  p = p - lr * b                (momentum > 0; momentum_buffer)
    p = p - lr * g / avg                                       (otherwise)

State per parameter, in PyTorch's order: ``step``, ``square_avg`` and, when
used, ``momentum_buffer`` and ``grad_avg``.
"""
from ._checks import check_lr, check_non_negative
from ._fused_steps import kernel_allowed, rmsprop_step
from ._ops import addcdiv_, addcmul_, as_scalar, count_step, descent_grad, init_state
from .optimizer import GroupwiseOptimizer

__all__ = ["RMSprop"]


class RMSprop(GroupwiseOptimizer):
    """RMSprop: divides each step by the root of a running average of squared gradients.

    The update rule is spelled out in the docstring of the module ``torch.optim.rmsprop``.

    Args:
        params (iterable): the tensors to optimise, ``(name, tensor)`` pairs, or dicts defining
            parameter groups (``{"params": ..., "lr": ...}``).
        lr (float or Tensor): the learning rate. Default: ``1e-2``.
        alpha (float): smoothing constant of the squared average. Default: ``0.99``.
        eps (float): added to the denominator. Default: ``1e-8``.
        weight_decay (float): L2 penalty coefficient. Default: ``0``.
        momentum (float): momentum factor. Default: ``0``.
        centered (bool): normalise by an estimate of the gradient's variance instead of its
            second moment. Default: ``False``.
        maximize (bool): maximise the objective instead of minimising it. Default: ``False``.
        differentiable (bool): record the update in the autograd graph. Default: ``False``.
        capturable, foreach: accepted for PyTorch compatibility; the arithmetic is the same.
    """

    _group_flag_defaults = {"momentum": 0, "centered": False, "foreach": None, "maximize": False,
                            "differentiable": False, "capturable": False}
    _scalar_state_keys = ("step",)

    def __init__(self, params, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0, momentum=0, centered=False,
                 capturable=False, foreach=None, maximize=False, differentiable=False):
        check_lr(lr)
        check_non_negative("epsilon value", eps)
        check_non_negative("momentum value", momentum)
        check_non_negative("weight_decay value", weight_decay)
        check_non_negative("alpha value", alpha)
        defaults = dict(lr=lr, momentum=momentum, alpha=alpha, eps=eps, centered=centered,
                        weight_decay=weight_decay, capturable=capturable, foreach=foreach, maximize=maximize,
                        differentiable=differentiable)
        super().__init__(params, defaults)

    def _update_group(self, group):
        lr = as_scalar(group["lr"])
        alpha, eps, momentum, centered = group["alpha"], group["eps"], group["momentum"], group["centered"]
        as_kernel = kernel_allowed(group, alpha, eps, momentum, group["weight_decay"])
        for p in group["params"]:
            if p.grad is None:
                continue
            buffers = ("square_avg",) + ("momentum_buffer",) * (momentum > 0) + ("grad_avg",) * bool(centered)
            state = init_state(self.state[p], p, buffers, on_device=group["capturable"])
            if as_kernel and rmsprop_step(p, p.grad, state, lr, alpha, eps, group["weight_decay"], momentum, centered,
                                          group["maximize"]):
                continue
            grad = descent_grad(p, group["maximize"], group["weight_decay"])
            count_step(state)
            square_avg = state["square_avg"]
            addcmul_(square_avg.mul_(alpha), grad, grad, value=1 - alpha)
            if centered:
                grad_avg = state["grad_avg"]
                grad_avg.lerp_(grad, 1 - alpha)
                avg = square_avg.addcmul(grad_avg, grad_avg, value=-1).sqrt_()
            else:
                avg = square_avg.sqrt()
            avg = avg.add_(eps)
            if momentum > 0:
                buf = state["momentum_buffer"]
                addcdiv_(buf.mul_(momentum), grad, avg)
                p.add_(buf, alpha=-lr)
            else:
                addcdiv_(p, grad, avg, value=-lr)
