"""Optimisers (``tensorlib.optim.SGD``, ``Adam``, ``AdamW``, ``RMSprop``,
``Adagrad``, ``Adadelta``, ``Adamax``, ``NAdam``, ``RAdam``, ``LBFGS``,
``Rprop``, ``ASGD``, ``Adafactor``) and
learning-rate schedulers (``tensorlib.optim.lr_scheduler``).

Every optimiser updates its parameters in place, under ``no_grad``, from their
``.grad``; parameters whose grad is None are skipped."""
from . import lr_scheduler, swa_utils
from .adadelta import Adadelta
from .adafactor import Adafactor
from .adagrad import Adagrad
from .adam import Adam, AdamW
from .adamax import Adamax
from .asgd import ASGD
from .lbfgs import LBFGS
from .nadam import NAdam
from .optimizer import Optimizer
from .radam import RAdam
from .rmsprop import RMSprop
from .rprop import Rprop
from .sgd import SGD

__all__ = ["Optimizer", "SGD", "Adam", "AdamW", "RMSprop", "Adagrad", "Adadelta", "Adamax", "NAdam", "RAdam",
           "LBFGS", "Rprop", "ASGD", "Adafactor",
           "lr_scheduler", "swa_utils"]
