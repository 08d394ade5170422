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
    """Adadelta.

    Args: ``params``; ``lr`` (1.0): scale of the update; ``rho`` (0.9): smoothing
    of the running averages, in [0, 1]; ``eps`` (1e-6); ``weight_decay`` (0): L2
    penalty; ``foreach``, ``capturable``: accepted, same arithmetic;
    ``maximize``; ``differentiable``: record the update in the graph.
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
