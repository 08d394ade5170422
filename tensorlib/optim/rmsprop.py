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
from .. import _creation
from ._checks import check_lr, check_non_negative
from ._ops import addcdiv_, addcmul_, as_scalar, descent_grad, scalar_state
from .optimizer import Optimizer

__all__ = ["RMSprop"]


class RMSprop(Optimizer):
    """RMSprop.

    Args: ``params``; ``lr`` (0.01); ``alpha`` (0.99): smoothing of the squared
    average; ``eps`` (1e-8); ``weight_decay`` (0): L2 penalty; ``momentum`` (0);
    ``centered`` (False): normalise by the variance estimate instead of the raw
    second moment; ``capturable``, ``foreach``: accepted, same arithmetic;
    ``maximize``; ``differentiable``: record the update in the graph.
    """

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

    def __setstate__(self, state):
        super().__setstate__(state)
        for group in self.param_groups:
            for key, default in (("momentum", 0), ("centered", False), ("foreach", None), ("maximize", False),
                                 ("differentiable", False), ("capturable", False)):
                group.setdefault(key, default)

    def step(self, closure=None):
        """One RMSprop step over every parameter that has a gradient; returns
        ``closure()``'s loss when a closure is given (evaluated with grad on)."""
        return self._update_all_groups(closure)

    def _init_state(self, p, momentum, centered):
        state = self.state[p]
        if len(state) == 0:
            state["step"] = scalar_state(0.0)
            state["square_avg"] = _creation.zeros_like(p)
            if momentum > 0:
                state["momentum_buffer"] = _creation.zeros_like(p)
            if centered:
                state["grad_avg"] = _creation.zeros_like(p)
        return state

    def _update_group(self, group):
        lr = as_scalar(group["lr"])
        alpha, eps, momentum, centered = group["alpha"], group["eps"], group["momentum"], group["centered"]
        for p in group["params"]:
            if p.grad is None:
                continue
            grad = descent_grad(p, group["maximize"], group["weight_decay"])
            state = self._init_state(p, momentum, centered)
            state["step"] += 1
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
