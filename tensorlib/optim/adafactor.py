"""Adafactor: Adam-like steps whose second moment of a matrix is factored into
row and column averages (memory linear in the sides, not their product), with
a relative step size and update clipping.

For each parameter ``p`` with gradient ``g`` (``-g`` when maximising), at step
``t`` (from 1), with ``b = t ** beta2_decay`` and ``rho = min(lr, 1 / sqrt(t))``::

    alpha = max(eps2, rms(p)) * rho
    p = p * (1 - lr * weight_decay)
    matrices (over the last two dims):  R = R + b * (mean_cols(g^2) - R);  C = C + b * (mean_rows(g^2) - C)
                                       v = R @ C / max(mean(R), eps1)
    vectors:                           v = v + b * (g^2 - v)
    u = g / sqrt(max(v, eps1^2));  p = p - alpha / max(1, rms(u) / d) * u

``eps1`` None means the machine epsilon of the (first) parameter's dtype.
State per parameter: ``step`` and ``row_var``, ``col_var`` (matrices) or
``variance`` (vectors and scalars).
"""
import numpy as np

from ._ops import as_scalar, count_step, init_state, scalar_state
from .optimizer import GroupwiseOptimizer

__all__ = ["Adafactor"]


class Adafactor(GroupwiseOptimizer):
    """Adafactor: an Adam-like optimiser whose second moment of a matrix is stored factored, as one
    row and one column vector, which saves memory.

    The update rule is spelled out in the docstring of the module ``torch.optim.adafactor``.

    Args:
        params (iterable): the tensors to optimise, ``(name, tensor)`` pairs, or dicts defining
            parameter groups (``{"params": ..., "lr": ...}``).
        lr (float or Tensor): the learning rate. Default: ``1e-2``.
        beta2_decay (float): at most 0; the second-moment decay at step ``t`` is ``1 - t ** beta2_decay``.
            Default: ``-0.8``.
        eps (tuple): the floor of the second moment (None: the dtype's machine epsilon) and of the
            parameter scale. Default: ``(None, 1e-3)``.
        d (float): at least 1; the update clipping threshold. Default: ``1.0``.
        weight_decay (float): decoupled decay rate. Default: ``0.0``.
        maximize (bool): maximise the objective instead of minimising it. Default: ``False``.
        foreach: accepted for PyTorch compatibility; the arithmetic is the same.
    """

    _group_flag_defaults = {"foreach": None}
    _scalar_state_keys = ("step",)

    def __init__(self, params, lr=1e-2, beta2_decay=-0.8, eps=(None, 1e-3), d=1.0, weight_decay=0.0, *,
                 foreach=None, maximize=False):
        if hasattr(lr, "numel") and lr.numel() != 1:
            raise ValueError("Tensor lr must be 1-element")
        for ok, message in ((0.0 <= lr, f"Learning rate should be >= 0 but is: {lr}"),
                            (0.0 >= beta2_decay, f"beta2_decay should be <= 0 but is: {beta2_decay}"),
                            (eps[0] is None or 0.0 <= eps[0], f"epsilon1 should be >= 0 but is: {eps[0]}"),
                            (0.0 <= eps[1], f"epsilon2 should be >= 0 but is: {eps[1]}"),
                            (1.0 <= d, f"Clipping threshold d should be >= 1 but is: {d}"),
                            (0.0 <= weight_decay, f"weight_decay should be >= 0 but is: {weight_decay}")):
            if not ok:
                raise ValueError(message)
        defaults = dict(lr=lr, beta2_decay=beta2_decay, eps=eps, d=d, weight_decay=weight_decay, foreach=foreach,
                        maximize=maximize)
        super().__init__(params, defaults)

    @staticmethod
    def _init_factored_state(state, p):
        grad = p.grad
        if grad.dim() > 1:
            state["step"] = scalar_state(0.0)
            state["row_var"] = grad.new_zeros(list(grad.shape[:-1]) + [1])
            state["col_var"] = grad.new_zeros(list(grad.shape[:-2]) + [1, grad.shape[-1]])
        else:
            init_state(state, p, ("variance",))

    def _update_group(self, group):
        lr = as_scalar(group["lr"])
        eps1, eps2 = group["eps"]
        beta2_decay, d, weight_decay = group["beta2_decay"], group["d"], group["weight_decay"]
        for p in group["params"]:
            if p.grad is None:
                continue
            grad = p.grad.neg() if group["maximize"] else p.grad
            if eps1 is None:  # as in PyTorch, the first parameter's dtype sets it for the whole group
                eps1 = float(np.finfo(p.dtype.numpy).eps)
            state = self.state[p]
            if len(state) == 0:
                self._init_factored_state(state, p)
            step = count_step(state)
            beta2_complement = step ** beta2_decay
            rho = min(lr, 1 / (step ** 0.5))
            alpha = max(eps2, p.norm(2).item() / (p.numel() ** 0.5)) * rho
            if weight_decay != 0:
                p.mul_(1 - lr * weight_decay)
            if grad.dim() > 1:
                row_var, col_var = state["row_var"], state["col_var"]
                row_var.lerp_(grad.norm(dim=-1, keepdim=True).square_().div_(grad.size(-1)), beta2_complement)
                col_var.lerp_(grad.norm(dim=-2, keepdim=True).square_().div_(grad.size(-2)), beta2_complement)
                var_estimate = row_var @ col_var
                var_estimate.div_(row_var.mean(dim=-2, keepdim=True).clamp_(min=eps1))
            else:
                variance = state["variance"]
                variance.lerp_(grad * grad, beta2_complement)
                var_estimate = variance.clone()
            update = var_estimate.clamp_(min=eps1 * eps1).rsqrt_().mul_(grad)
            denom = max(1.0, update.norm(2).item() / ((update.numel() ** 0.5) * d))
            p.add_(update, alpha=-alpha / denom)
