"""Stochastic gradient descent, with optional momentum (heavy-ball or
Nesterov), dampening, L2 weight decay and maximisation.

For each parameter ``p`` with gradient ``g`` (``-g`` when maximising)::

    g = g + weight_decay * p                       (if weight_decay)
    buf = g  on the first step, else  buf = momentum * buf + (1 - dampening) * g
    g = g + momentum * buf  (nesterov)   or   g = buf
    p = p - lr * g

The momentum buffer is kept in ``state[p]["momentum_buffer"]`` (only when
momentum is non-zero).
"""
from ._checks import check_fused_flags, check_lr, check_non_negative
from ._fused_steps import kernel_allowed, sgd_step
from ._ops import as_scalar, axpby_, descent_grad
from .optimizer import GroupwiseOptimizer

__all__ = ["SGD"]


class SGD(GroupwiseOptimizer):
    """Stochastic gradient descent, with optional momentum (heavy-ball or Nesterov) and weight decay.

    The update rule is spelled out in the docstring of the module ``torch.optim.sgd``.

    Args:
        params (iterable): the tensors to optimise, ``(name, tensor)`` pairs, or dicts defining
            parameter groups (``{"params": ..., "lr": ...}``).
        lr (float or Tensor): the learning rate. Default: ``1e-3``.
        momentum (float): the momentum factor. Default: ``0``.
        dampening (float): damping of the momentum's new gradient term. Default: ``0``.
        weight_decay (float): L2 penalty coefficient. Default: ``0``.
        nesterov (bool): use Nesterov momentum (needs ``momentum > 0`` and no dampening). Default: ``False``.
        maximize (bool): maximise the objective instead of minimising it. Default: ``False``.
        differentiable (bool): record the update in the autograd graph. Default: ``False``.
        foreach, fused: accepted for PyTorch compatibility; the arithmetic is the same.

    Example::

        >>> _ = torch.manual_seed(0)
        >>> w = torch.tensor([1.0, -2.0], requires_grad=True)
        >>> opt = torch.optim.SGD([w], lr=0.1, momentum=0.9)
        >>> for _ in range(2):
        ...     opt.zero_grad()
        ...     loss = (w ** 2).sum()
        ...     loss.backward()
        ...     opt.step()
        >>> w
        tensor([ 0.4600, -0.9200], requires_grad=True)
    """

    _group_flag_defaults = {"nesterov": False, "maximize": False, "foreach": None, "differentiable": False,
                            "fused": False}

    def __init__(self, params, lr=1e-3, momentum=0, dampening=0, weight_decay=0, nesterov=False, *,
                 maximize=False, foreach=None, differentiable=False, fused=None):
        check_lr(lr)
        check_non_negative("momentum value", momentum)
        check_non_negative("weight_decay value", weight_decay)
        if nesterov and (momentum <= 0 or dampening != 0):
            raise ValueError("Nesterov momentum requires a momentum and zero dampening")
        defaults = dict(lr=lr, momentum=momentum, dampening=dampening, weight_decay=weight_decay,
                        nesterov=nesterov, maximize=maximize, foreach=foreach, differentiable=differentiable,
                        fused=fused)
        super().__init__(params, defaults)
        check_fused_flags(fused, foreach, differentiable)

    def _update_group(self, group):
        lr = as_scalar(group["lr"])
        momentum = group["momentum"]
        dampening = group["dampening"]
        weight_decay = as_scalar(group["weight_decay"])
        nesterov = group["nesterov"]
        maximize = group["maximize"]
        as_kernel = kernel_allowed(group, momentum, dampening)
        for p in group["params"]:
            grad = p.grad
            if grad is None:
                continue
            if as_kernel and sgd_step(p, grad, self.state, lr, momentum, dampening, weight_decay, nesterov,
                                      maximize):
                continue
            grad = descent_grad(p, maximize, weight_decay)
            if momentum != 0:
                state = self.state[p]
                buf = state.get("momentum_buffer")
                if buf is None:
                    buf = grad.detach().clone()
                else:
                    axpby_(buf, 1 - dampening, grad, momentum)
                state["momentum_buffer"] = buf
                grad = grad.add(buf, alpha=momentum) if nesterov else buf
            axpby_(p, -lr, grad)
