"""Adam and AdamW.

For each parameter ``p`` with gradient ``g`` (``-g`` when maximising), at step
``t`` (counted per parameter, from 1)::

    p = p * (1 - lr * weight_decay)                (AdamW: decoupled decay)
    g = g + weight_decay * p                       (Adam: L2 penalty)
    m = m + (1 - beta1) * (g - m)                  (lerp towards g)
    v = beta2 * v + (1 - beta2) * g * g
    v_max = max(v_max, v)                          (amsgrad; v_max replaces v below)
    denom = sqrt(v) / sqrt(1 - beta2 ** t) + eps
    p = p - (lr / (1 - beta1 ** t)) * m / denom

State per parameter: ``step`` (a 0-dim float32 tensor, float64 when that is
the default dtype), ``exp_avg``, ``exp_avg_sq`` and, with amsgrad,
``max_exp_avg_sq``.
"""
from .. import _creation
from .._C import TensorBase as _TensorBase
from .._functional import maximum as _maximum
from ._checks import check_betas, check_fused_flags, check_lr, check_non_negative
from ._ops import addcdiv_, addcmul_, as_scalar, descent_grad, scalar_state
from .optimizer import Optimizer

__all__ = ["Adam", "AdamW"]


class Adam(Optimizer):
    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, amsgrad=False, *,
                 foreach=None, maximize=False, capturable=False, differentiable=False, fused=None,
                 decoupled_weight_decay=False):
        if isinstance(lr, _TensorBase) and foreach and not capturable:
            raise ValueError("lr as a Tensor is not supported for capturable=False and foreach=True")
        check_lr(lr)
        check_non_negative("epsilon value", eps)
        check_betas(betas)
        check_non_negative("weight_decay value", weight_decay)
        tensor_betas = [isinstance(b, _TensorBase) for b in betas]
        if tensor_betas[0] != tensor_betas[1]:
            raise ValueError("betas must be either both floats or both Tensors")
        for index, is_tensor in enumerate(tensor_betas):
            if is_tensor and foreach and not capturable:
                raise ValueError(f"betas[{index}] as a Tensor is not supported for capturable=False and foreach=True")
        defaults = dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay, amsgrad=amsgrad,
                        maximize=maximize, foreach=foreach, capturable=capturable, differentiable=differentiable,
                        fused=fused, decoupled_weight_decay=decoupled_weight_decay)
        super().__init__(params, defaults)
        check_fused_flags(fused, foreach, differentiable)

    def __setstate__(self, state):
        super().__setstate__(state)
        for group in self.param_groups:
            group.setdefault("amsgrad", False)
            group.setdefault("maximize", False)
            group.setdefault("foreach", None)
            group.setdefault("capturable", False)
            group.setdefault("differentiable", False)
            group.setdefault("fused", None)
            group.setdefault("decoupled_weight_decay", False)
            for p in group["params"]:
                st = self.state.get(p, {})
                if "step" in st and not isinstance(st["step"], _TensorBase):
                    st["step"] = scalar_state(st["step"], group["fused"])

    def step(self, closure=None):
        """One Adam step over every parameter that has a gradient; returns
        ``closure()``'s loss when a closure is given (evaluated with grad on)."""
        # differentiable=True records the update in the graph; fused=True is the same arithmetic
        return self._update_all_groups(closure)

    def _init_state(self, p, amsgrad, fused):
        state = self.state[p]
        if len(state) == 0:
            state["step"] = scalar_state(0.0, fused)
            state["exp_avg"] = _creation.zeros_like(p)
            state["exp_avg_sq"] = _creation.zeros_like(p)
            if amsgrad:
                state["max_exp_avg_sq"] = _creation.zeros_like(p)
        elif amsgrad and "max_exp_avg_sq" not in state:
            state["max_exp_avg_sq"] = _creation.zeros_like(p)
        return state

    def _update_group(self, group):
        lr = as_scalar(group["lr"])
        beta1, beta2 = (as_scalar(b) for b in group["betas"])
        eps = group["eps"]
        weight_decay = as_scalar(group["weight_decay"])
        amsgrad = group["amsgrad"]
        maximize = group["maximize"]
        decoupled = group["decoupled_weight_decay"]
        for p in group["params"]:
            grad = p.grad
            if grad is None:
                continue
            if getattr(grad, "is_sparse", False):
                raise RuntimeError("Adam does not support sparse gradients, please consider SparseAdam instead")
            state = self._init_state(p, amsgrad, group["fused"])
            step_t = state["step"]
            step_t += 1
            if decoupled and weight_decay != 0:
                p.mul_(1 - lr * weight_decay)
            grad = descent_grad(p, maximize, 0 if decoupled else weight_decay)
            exp_avg, exp_avg_sq = state["exp_avg"], state["exp_avg_sq"]
            exp_avg.lerp_(grad, 1 - beta1)
            addcmul_(exp_avg_sq.mul_(beta2), grad, grad, value=1 - beta2)

            step = step_t.item()
            bias_correction1 = 1 - beta1 ** step
            bias_correction2 = 1 - beta2 ** step
            step_size = lr / bias_correction1
            bias_correction2_sqrt = bias_correction2 ** 0.5
            if amsgrad:
                max_sq = state["max_exp_avg_sq"]
                _maximum(max_sq, exp_avg_sq, out=max_sq)
                denom = (max_sq.sqrt() / bias_correction2_sqrt).add_(eps)
            else:
                denom = (exp_avg_sq.sqrt() / bias_correction2_sqrt).add_(eps)
            addcdiv_(p, exp_avg, denom, value=-step_size)


class AdamW(Adam):
    """Adam with decoupled weight decay (``p *= 1 - lr * weight_decay`` before
    the Adam update; the decay never enters the moment estimates)."""

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2, amsgrad=False, *,
                 maximize=False, foreach=None, capturable=False, differentiable=False, fused=None):
        super().__init__(params, lr, betas, eps, weight_decay, amsgrad, foreach=foreach, maximize=maximize,
                         capturable=capturable, differentiable=differentiable, fused=fused,
                         decoupled_weight_decay=True)

    def __setstate__(self, state):
        super().__setstate__(state)
        for group in self.param_groups:
            group["decoupled_weight_decay"] = True
