"""Adadelta: steps scaled by the ratio of running RMS of past updates to running RMS of gradients.

For each parameter ``p`` with gradient ``g`` (``-g`` when maximising, plus
``weight_decay * p``)::

    v = rho * v + (1 - rho) * g * g                              (square_avg)
    delta = sqrt(u + eps) / sqrt(v + eps) * g
    u = rho * u + (1 - rho) * delta * delta                      (acc_delta)
    p = p - lr * delta

State per parameter: ``step``, ``square_avg``, ``acc_delta``.
"""
from ._checks import check_lr, check_non_negative
from ._ops import addcmul_, as_scalar, count_step, descent_grad, init_state
from .optimizer import GroupwiseOptimizer

__all__ = ["Adadelta"]


class Adadelta(GroupwiseOptimizer):
    """Adadelta: steps sized by the ratio of running averages of past updates and of squared gradients.

    The update rule is spelled out in the docstring of the module ``torch.optim.adadelta``.

    Args:
        params (iterable): the tensors to optimise, ``(name, tensor)`` pairs, or dicts defining
            parameter groups (``{"params": ..., "lr": ...}``).
        lr (float or Tensor): scale of the update. Default: ``1.0``.
        rho (float): smoothing of the running averages, in ``[0, 1]``. Default: ``0.9``.
        eps (float): added inside the square roots. Default: ``1e-6``.
        weight_decay (float): L2 penalty coefficient. Default: ``0``.
        maximize (bool): maximise the objective instead of minimising it. Default: ``False``.
        differentiable (bool): record the update in the autograd graph. Default: ``False``.
        foreach, capturable: accepted for PyTorch compatibility; the arithmetic is the same.
    """

    _group_flag_defaults = {"foreach": None, "maximize": False, "differentiable": False, "capturable": False}
    _scalar_state_keys = ("step",)

    def __init__(self, params, lr=1.0, rho=0.9, eps=1e-6, weight_decay=0, foreach=None, *, capturable=False,
                 maximize=False, differentiable=False):
        check_lr(lr)
        if not 0.0 <= rho <= 1.0:
            raise ValueError(f"Invalid rho value: {rho}")
        check_non_negative("epsilon value", eps)
        check_non_negative("weight_decay value", weight_decay)
        defaults = dict(lr=lr, rho=rho, eps=eps, weight_decay=weight_decay, maximize=maximize,
                        capturable=capturable, foreach=foreach, differentiable=differentiable)
        super().__init__(params, defaults)

    def _update_group(self, group):
        lr = as_scalar(group["lr"])
        rho, eps = group["rho"], group["eps"]
        for p in group["params"]:
            if p.grad is None:
                continue
            state = init_state(self.state[p], p, ("square_avg", "acc_delta"), on_device=group["capturable"])
            count_step(state)
            grad = descent_grad(p, group["maximize"], group["weight_decay"])
            square_avg, acc_delta = state["square_avg"], state["acc_delta"]
            addcmul_(square_avg.mul_(rho), grad, grad, value=1 - rho)
            std = square_avg.add(eps).sqrt_()
            delta = acc_delta.add(eps).sqrt_().div_(std).mul_(grad)
            addcmul_(acc_delta.mul_(rho), delta, delta, value=1 - rho)
            p.add_(delta, alpha=-lr)
