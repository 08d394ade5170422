"""Adagrad: per-coordinate step sizes shrinking with the accumulated squared gradients.

For each parameter ``p`` with gradient ``g`` (``-g`` when maximising, plus
``weight_decay * p``), at step ``t`` (from 1)::

    clr = lr / (1 + (t - 1) * lr_decay)
    s = s + g * g                                   (sum; starts at initial_accumulator_value)
    p = p - clr * g / (sqrt(s) + eps)

As in PyTorch the state (``step``, ``sum``) is created by the constructor.
"""
from .. import _creation_like
from ._checks import check_fused_flags, check_lr, check_non_negative
from ._fused_steps import adagrad_step, kernel_allowed
from ._ops import addcdiv_, addcmul_, as_scalar, count_step, descent_grad, scalar_state
from .optimizer import GroupwiseOptimizer

__all__ = ["Adagrad"]


class Adagrad(GroupwiseOptimizer):
    """Adagrad: divides each step by the root of the sum of all squared gradients so far.

    The update rule is spelled out in the docstring of the module ``torch.optim.adagrad``.

    Args:
        params (iterable): the tensors to optimise, ``(name, tensor)`` pairs, or dicts defining
            parameter groups (``{"params": ..., "lr": ...}``).
        lr (float or Tensor): the learning rate. Default: ``1e-2``.
        lr_decay (float): the learning rate is ``lr / (1 + (step - 1) * lr_decay)``. Default: ``0``.
        weight_decay (float): L2 penalty coefficient. Default: ``0``.
        initial_accumulator_value (float): the starting sum of squares. Default: ``0``.
        eps (float): added to the denominator. Default: ``1e-10``.
        maximize (bool): maximise the objective instead of minimising it. Default: ``False``.
        differentiable (bool): record the update in the autograd graph. Default: ``False``.
        foreach, fused: accepted for PyTorch compatibility; the arithmetic is the same.
    """

    _group_flag_defaults = {"foreach": None, "maximize": False, "differentiable": False, "fused": None}
    _scalar_state_keys = ("step",)

    def __init__(self, params, lr=1e-2, lr_decay=0, weight_decay=0, initial_accumulator_value=0, eps=1e-10,
                 foreach=None, *, maximize=False, differentiable=False, fused=None):
        check_lr(lr)
        check_non_negative("lr_decay value", lr_decay)
        check_non_negative("weight_decay value", weight_decay)
        check_non_negative("initial_accumulator_value value", initial_accumulator_value)
        check_non_negative("epsilon value", eps)
        defaults = dict(lr=lr, lr_decay=lr_decay, eps=eps, weight_decay=weight_decay,
                        initial_accumulator_value=initial_accumulator_value, foreach=foreach, maximize=maximize,
                        differentiable=differentiable, fused=fused)
        super().__init__(params, defaults)
        check_fused_flags(fused, foreach, differentiable)
        for group in self.param_groups:
            for p in group["params"]:
                state = self.state[p]
                state["step"] = scalar_state(0.0, group["fused"], p.device if group["fused"] else None)
                state["sum"] = _creation_like.full_like(p, group["initial_accumulator_value"])

    def _update_group(self, group):
        lr = as_scalar(group["lr"])
        as_kernel = kernel_allowed(group, group["lr_decay"], group["eps"], group["weight_decay"])
        for p in group["params"]:
            if p.grad is None:
                continue
            state = self.state[p]
            if as_kernel and adagrad_step(p, p.grad, state, lr, group["lr_decay"], group["eps"],
                                          group["weight_decay"], group["maximize"]):
                continue
            step = count_step(state)
            grad = descent_grad(p, group["maximize"], group["weight_decay"])
            clr = lr / (1 + (step - 1) * group["lr_decay"])
            state_sum = state["sum"]
            addcmul_(state_sum, grad, grad, value=1)
            addcdiv_(p, grad, state_sum.sqrt().add_(group["eps"]), value=-clr)
