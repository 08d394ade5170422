"""Learning-rate schedulers (``tensorlib.optim.lr_scheduler``).

A scheduler rewrites ``group["lr"]`` of its optimiser's param groups each time
``scheduler.step()`` is called (after ``optimizer.step()``).  The modules hold
the base class (``_base``), the per-epoch factor schedules (``decay``), cosine
annealing (``cosine``), the cyclical schedules (``cyclic``), the
metric-driven ``ReduceLROnPlateau`` (``plateau``) and the schedulers made of
schedulers (``composite``).
"""
from ._base import EPOCH_DEPRECATION_WARNING, LRScheduler, _LRScheduler  # noqa: F401 (names PyTorch's module has)
from .composite import ChainedScheduler, SequentialLR
from .cosine import CosineAnnealingLR, CosineAnnealingWarmRestarts
from .cyclic import CyclicLR, OneCycleLR
from .decay import (ConstantLR, ExponentialLR, LambdaLR, LinearLR, MultiplicativeLR, MultiStepLR, PolynomialLR,
                    StepLR)
from .plateau import ReduceLROnPlateau

__all__ = ["LambdaLR", "MultiplicativeLR", "StepLR", "MultiStepLR", "ConstantLR", "LinearLR", "ExponentialLR",
           "SequentialLR", "CosineAnnealingLR", "ChainedScheduler", "ReduceLROnPlateau", "CyclicLR",
           "CosineAnnealingWarmRestarts", "OneCycleLR", "PolynomialLR", "LRScheduler"]
