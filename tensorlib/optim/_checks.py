"""The argument checks the optimisers' constructors share, with PyTorch's
messages (``Invalid learning rate: -1``, ``Invalid beta parameter at index 0: 1.0``...)."""
from .._C import TensorBase as _TensorBase

__all__ = ["check_lr", "check_non_negative", "check_betas", "check_adam_family", "check_fused_flags"]


def check_lr(lr):
    """A learning rate: a non-negative number or a one-element tensor."""
    if isinstance(lr, _TensorBase) and lr.numel() != 1:
        raise ValueError("Tensor lr must be 1-element")
    if not 0.0 <= lr:
        raise ValueError(f"Invalid learning rate: {lr}")


def check_non_negative(label, value):
    """``value >= 0``, else ``Invalid {label}: {value}`` (label as PyTorch words it,
    e.g. ``"epsilon value"``, ``"weight_decay value"``)."""
    if not 0.0 <= value:
        raise ValueError(f"Invalid {label}: {value}")


def check_betas(betas):
    """Both betas in ``[0, 1)``."""
    for index, beta in enumerate(betas[:2]):
        if not 0.0 <= beta < 1.0:
            raise ValueError(f"Invalid beta parameter at index {index}: {beta}")


def check_adam_family(lr, eps, betas, weight_decay):
    """The checks of Adam and its variants, in PyTorch's order: lr, eps, betas, weight_decay."""
    check_lr(lr)
    check_non_negative("epsilon value", eps)
    check_betas(betas)
    check_non_negative("weight_decay value", weight_decay)


def check_fused_flags(fused, foreach, differentiable):
    """``fused`` excludes ``foreach`` and ``differentiable``."""
    if fused and differentiable:
        raise RuntimeError("`fused` does not support `differentiable`")
    if fused and foreach:
        raise RuntimeError("`fused` and `foreach` cannot be `True` together.")
