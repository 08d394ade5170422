"""Cosine annealing: CosineAnnealingLR and CosineAnnealingWarmRestarts.

The lr follows ``eta_min + (base - eta_min) * (1 + cos(pi * T_cur / T)) / 2``.
CosineAnnealingLR reaches it by PyTorch's recursive form (each step scales the
current lr's distance to ``eta_min`` by the ratio of consecutive cosine terms),
so that it composes with other schedulers and rounds as PyTorch does; the
warm-restart variant computes the closed form from ``T_cur`` and the period
``T_i``, which grows by ``T_mult`` at every restart.
"""
import math

from ._base import LRScheduler, group_values

__all__ = ["CosineAnnealingLR", "CosineAnnealingWarmRestarts"]


def _cosine(eta_min, base, t, period):
    return eta_min + (base - eta_min) * (1 + math.cos(math.pi * t / period)) / 2


class CosineAnnealingLR(LRScheduler):
    """Anneals the learning rate from its initial value to ``eta_min`` along a half cosine over
    ``T_max`` epochs (and back up over the next ``T_max``).

    Args:
        optimizer (Optimizer): the optimiser.
        T_max (int): the half period, in epochs.
        eta_min (float): the smallest learning rate. Default: ``0.0``.
        last_epoch (int): the last epoch, to resume. Default: ``-1``.

    Example::

        >>> opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=1.0)
        >>> sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=4)
        >>> lrs = []
        >>> for _ in range(4):
        ...     opt.step()
        ...     sched.step()
        ...     lrs.append(round(sched.get_last_lr()[0], 4))
        >>> lrs
        [0.8536, 0.5, 0.1464, 0.0]
    """

    def __init__(self, optimizer, T_max, eta_min=0.0, last_epoch=-1):
        self.T_max = T_max
        self.eta_min = eta_min
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        """The lrs of the epoch being entered."""
        self._warn_if_not_in_step()
        groups = self.optimizer.param_groups
        if self._is_initial:
            return group_values(self.optimizer, "lr")
        if self._step_count == 1 and self.last_epoch > 0:  # resumed: start from the closed form
            return [self.eta_min + (base - self.eta_min) * (1 + math.cos(self.last_epoch * math.pi / self.T_max)) / 2
                    for base in self.base_lrs]
        if (self.last_epoch - 1 - self.T_max) % (2 * self.T_max) == 0:
            # leaving the minimum: the ratio form would divide by zero there
            rise = (1 - math.cos(math.pi / self.T_max)) / 2
            return [group["lr"] + (base - self.eta_min) * rise for base, group in zip(self.base_lrs, groups)]
        ratio = (1 + math.cos(math.pi * self.last_epoch / self.T_max)) / \
            (1 + math.cos(math.pi * (self.last_epoch - 1) / self.T_max))
        return [ratio * (group["lr"] - self.eta_min) + self.eta_min for group in groups]

    def _get_closed_form_lr(self):
        return [_cosine(self.eta_min, base, self.last_epoch, self.T_max) for base in self.base_lrs]


class CosineAnnealingWarmRestarts(LRScheduler):
    """Cosine annealing restarted every ``T_i`` epochs: ``T_0`` first, then ``T_mult`` times longer after each
    restart.

    Args:
        optimizer (Optimizer): the optimiser.
        T_0 (int): the length of the first period (positive).
        T_mult (int): the growth factor of the period, at least 1. Default: ``1``.
        eta_min (float): the smallest learning rate. Default: ``0.0``.
        last_epoch (int): the last epoch, to resume. Default: ``-1``.

    ``step(epoch)`` may take a fractional epoch (``epoch + i / iters``) to anneal within an epoch.
    """

    def __init__(self, optimizer, T_0, T_mult=1, eta_min=0.0, last_epoch=-1):
        if T_0 <= 0 or not isinstance(T_0, int):
            raise ValueError(f"Expected positive integer T_0, but got {T_0}")
        if T_mult < 1 or not isinstance(T_mult, int):
            raise ValueError(f"Expected integer T_mult >= 1, but got {T_mult}")
        if not isinstance(eta_min, (float, int)):
            raise ValueError(f"Expected float or int eta_min, but got {eta_min} of type {type(eta_min)}")
        self.T_0 = T_0
        self.T_i = T_0
        self.T_mult = T_mult
        self.eta_min = eta_min
        self.T_cur = last_epoch
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        """The lrs at the current position ``T_cur`` of the period ``T_i``."""
        self._warn_if_not_in_step()
        return [_cosine(self.eta_min, base, self.T_cur, self.T_i) for base in self.base_lrs]

    def _seek(self, epoch):
        """Place ``T_cur``/``T_i`` for an explicitly given (possibly fractional) epoch."""
        if epoch < 0:
            raise ValueError(f"Expected non-negative epoch, but got {epoch}")
        if epoch < self.T_0:
            self.T_i = self.T_0
            self.T_cur = epoch
        elif self.T_mult == 1:
            self.T_cur = epoch % self.T_0
        else:
            # restarts so far: the n with T_0 * (T_mult^n - 1) / (T_mult - 1) <= epoch
            n = int(math.log(epoch / self.T_0 * (self.T_mult - 1) + 1, self.T_mult))
            self.T_cur = epoch - self.T_0 * (self.T_mult ** n - 1) / (self.T_mult - 1)
            self.T_i = self.T_0 * self.T_mult ** n

    def step(self, epoch=None):
        """Advance one epoch, or go to ``epoch`` (a float is allowed), and set the lrs."""
        if epoch is None and self.last_epoch < 0:
            epoch = 0
        if epoch is None:
            epoch = self.last_epoch + 1
            self.T_cur = self.T_cur + 1
            if self.T_cur >= self.T_i:
                self.T_cur = self.T_cur % self.T_i
                self.T_i = self.T_i * self.T_mult
        else:
            self._seek(epoch)
        self.last_epoch = math.floor(epoch)
        self._apply_lrs(self._get_lr_in_step(self.get_lr))
