"""Optimisers (``tensorlib.optim.SGD``, ``Adam``, ``AdamW``) and learning-rate
schedulers (``tensorlib.optim.lr_scheduler``).

Every optimiser updates its parameters in place, under ``no_grad``, from their
``.grad``; parameters whose grad is None are skipped."""
from . import lr_scheduler
from .adam import Adam, AdamW
from .optimizer import Optimizer
from .sgd import SGD

__all__ = ["Optimizer", "SGD", "Adam", "AdamW", "lr_scheduler"]
