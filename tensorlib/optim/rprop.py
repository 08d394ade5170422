"""Rprop: per-coordinate step sizes adapted from the sign of the gradient alone.

For each parameter ``p`` with gradient ``g`` (``-g`` when maximising) and the
previous step's gradient ``g_prev``::

    s = sign(g * g_prev)
    step_size *= etaplus where s > 0, etaminus where s < 0 (1 where s == 0),
                 clamped to [step_size_min, step_size_max]
    g = 0 where s < 0                     (a sign change skips that coordinate once)
    p = p - sign(g) * step_size;  g_prev = g

State per parameter: ``step``, ``prev``, ``step_size`` (starting at lr).
"""
from .. import _creation_like
from ._checks import check_lr
from ._ops import addcmul_, as_scalar, count_step, descent_grad, init_state, snapshot
from .optimizer import GroupwiseOptimizer

__all__ = ["Rprop"]


class Rprop(GroupwiseOptimizer):
    """Resilient backpropagation: per-element step sizes that grow while the gradient keeps its
    sign and shrink when it flips; only the gradient's sign is used.

    The update rule is spelled out in the docstring of the module ``torch.optim.rprop``.

    Args:
        params (iterable): the tensors to optimise, ``(name, tensor)`` pairs, or dicts defining
            parameter groups (``{"params": ..., "lr": ...}``).
        lr (float or Tensor): the initial step size. Default: ``1e-2``.
        etas (tuple of float): the shrink and growth factors, ``0 < etaminus < 1 < etaplus``.
            Default: ``(0.5, 1.2)``.
        step_sizes (tuple of float): the smallest and largest step sizes. Default: ``(1e-6, 50)``.
        maximize (bool): maximise the objective instead of minimising it. Default: ``False``.
        differentiable (bool): record the update in the autograd graph. Default: ``False``.
        capturable, foreach: accepted for PyTorch compatibility; the arithmetic is the same.
    """

    _group_flag_defaults = {"foreach": None, "maximize": False, "differentiable": False, "capturable": False}
    _scalar_state_keys = ("step",)

    def __init__(self, params, lr=1e-2, etas=(0.5, 1.2), step_sizes=(1e-6, 50), *, capturable=False, foreach=None,
                 maximize=False, differentiable=False):
        check_lr(lr)
        if not 0.0 < etas[0] < 1.0 < etas[1]:
            raise ValueError(f"Invalid eta values: {etas[0]}, {etas[1]}")
        defaults = dict(lr=lr, etas=etas, step_sizes=step_sizes, foreach=foreach, maximize=maximize,
                        differentiable=differentiable, capturable=capturable)
        super().__init__(params, defaults)

    def _update_group(self, group):
        etaminus, etaplus = group["etas"]
        step_size_min, step_size_max = group["step_sizes"]
        for p in group["params"]:
            if p.grad is None:
                continue
            state = self.state[p]
            if len(state) == 0:
                init_state(state, p, ("prev",), on_device=group["capturable"])
                state["step_size"] = _creation_like.full_like(p.grad, as_scalar(group["lr"]))
            count_step(state)
            grad = descent_grad(p, group["maximize"], 0)
            prev, step_size = state["prev"], state["step_size"]
            differentiable = group["differentiable"]
            sign = grad.mul(snapshot(prev, differentiable)).sign()
            grew, shrank, kept = sign.gt(0), sign.lt(0), sign.eq(0)
            sign.masked_fill_(grew, etaplus).masked_fill_(shrank, etaminus).masked_fill_(kept, 1)
            step_size.mul_(sign).clamp_(step_size_min, step_size_max)
            grad = grad.masked_fill(shrank, 0)
            addcmul_(p, grad.sign(), snapshot(step_size, differentiable), value=-1)
            prev.copy_(grad)
