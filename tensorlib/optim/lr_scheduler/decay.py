"""Schedules that scale the lr by a factor each epoch: StepLR, MultiStepLR,
ExponentialLR, ConstantLR, LinearLR, PolynomialLR, LambdaLR, MultiplicativeLR.

Each ``get_lr`` is chainable (it scales the group's current lr, so several
schedulers can act on one optimiser); ``_get_closed_form_lr`` gives the lr of
an epoch from the base lr alone (used by the deprecated ``step(epoch)``).
"""
from bisect import bisect_right
from collections import Counter

from ._base import LRScheduler, functions_state, group_values, load_functions_state

__all__ = ["StepLR", "MultiStepLR", "ExponentialLR", "ConstantLR", "LinearLR", "PolynomialLR", "LambdaLR",
           "MultiplicativeLR"]


def _scaled(optimizer, factor):
    return [group["lr"] * factor for group in optimizer.param_groups]


class StepLR(LRScheduler):
    """Multiplies each group's learning rate by ``gamma`` once every ``step_size`` epochs.

    Args:
        optimizer (Optimizer): the optimiser.
        step_size (int): the period of the decay, in epochs.
        gamma (float): the decay factor. Default: ``0.1``.
        last_epoch (int): the last epoch, to resume. Default: ``-1``.
    """

    def __init__(self, optimizer, step_size, gamma=0.1, last_epoch=-1):
        self.step_size = step_size
        self.gamma = gamma
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        """The lrs of the epoch being entered."""
        self._warn_if_not_in_step()
        if self.last_epoch == 0 or self.last_epoch % self.step_size != 0:
            return group_values(self.optimizer, "lr")
        return _scaled(self.optimizer, self.gamma)

    def _get_closed_form_lr(self):
        return [base * self.gamma ** (self.last_epoch // self.step_size) for base in self.base_lrs]


class MultiStepLR(LRScheduler):
    """Multiplies each group's learning rate by ``gamma`` at each epoch listed in ``milestones``.

    A milestone listed twice applies ``gamma`` twice.

    Args:
        optimizer (Optimizer): the optimiser.
        milestones (list of int): the epochs of the decays.
        gamma (float): the decay factor. Default: ``0.1``.
        last_epoch (int): the last epoch, to resume. Default: ``-1``.

    Example::

        >>> opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=1.0)
        >>> sched = torch.optim.lr_scheduler.MultiStepLR(opt, milestones=[1, 3], gamma=0.1)
        >>> lrs = []
        >>> for _ in range(4):
        ...     opt.step()
        ...     sched.step()
        ...     lrs.append(round(sched.get_last_lr()[0], 6))
        >>> lrs
        [0.1, 0.1, 0.01, 0.01]
    """

    def __init__(self, optimizer, milestones, gamma=0.1, last_epoch=-1):
        self.milestones = Counter(milestones)
        self.gamma = gamma
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        """The lrs of the epoch being entered."""
        self._warn_if_not_in_step()
        if self.last_epoch not in self.milestones:
            return group_values(self.optimizer, "lr")
        return _scaled(self.optimizer, self.gamma ** self.milestones[self.last_epoch])

    def _get_closed_form_lr(self):
        milestones = sorted(self.milestones.elements())
        return [base * self.gamma ** bisect_right(milestones, self.last_epoch) for base in self.base_lrs]


class ExponentialLR(LRScheduler):
    """Multiplies each group's learning rate by ``gamma`` at every epoch.

    Args:
        optimizer (Optimizer): the optimiser.
        gamma (float): the decay factor.
        last_epoch (int): the last epoch, to resume. Default: ``-1``.
    """

    def __init__(self, optimizer, gamma, last_epoch=-1):
        self.gamma = gamma
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        """The lrs of the epoch being entered."""
        self._warn_if_not_in_step()
        if self._is_initial:
            return group_values(self.optimizer, "lr")
        return _scaled(self.optimizer, self.gamma)

    def _get_closed_form_lr(self):
        return [base * self.gamma ** self.last_epoch for base in self.base_lrs]


class ConstantLR(LRScheduler):
    """Multiplies the learning rate by ``factor`` for the first ``total_iters`` epochs, then restores it.

    Args:
        optimizer (Optimizer): the optimiser.
        factor (float): in ``[0, 1]``. Default: ``1/3``.
        total_iters (int): the number of epochs at the reduced rate. Default: ``5``.
        last_epoch (int): the last epoch, to resume. Default: ``-1``.
    """

    def __init__(self, optimizer, factor=1.0 / 3, total_iters=5, last_epoch=-1):
        if factor > 1.0 or factor < 0:
            raise ValueError("Constant multiplicative factor expected to be between 0 and 1.")
        self.factor = factor
        self.total_iters = total_iters
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        """The lrs of the epoch being entered."""
        self._warn_if_not_in_step()
        if self.last_epoch == 0:
            return _scaled(self.optimizer, self.factor)
        if self.last_epoch != self.total_iters:
            return group_values(self.optimizer, "lr")
        return _scaled(self.optimizer, 1.0 / self.factor)

    def _get_closed_form_lr(self):
        factor = self.factor + (self.last_epoch >= self.total_iters) * (1 - self.factor)
        return [base * factor for base in self.base_lrs]


class LinearLR(LRScheduler):
    """Scales the learning rate by a factor that moves linearly from ``start_factor`` to
    ``end_factor`` over ``total_iters`` epochs, then stays (a warm-up, typically).

    Args:
        optimizer (Optimizer): the optimiser.
        start_factor (float): in ``(0, 1]``. Default: ``1/3``.
        end_factor (float): in ``[0, 1]``. Default: ``1.0``.
        total_iters (int): the length of the ramp. Default: ``5``.
        last_epoch (int): the last epoch, to resume. Default: ``-1``.
    """

    def __init__(self, optimizer, start_factor=1.0 / 3, end_factor=1.0, total_iters=5, last_epoch=-1):
        if start_factor > 1.0 or start_factor <= 0:
            raise ValueError("Starting multiplicative factor expected to be greater than 0 and less or equal to 1.")
        if end_factor > 1.0 or end_factor < 0:
            raise ValueError("Ending multiplicative factor expected to be between 0 and 1.")
        self.start_factor = start_factor
        self.end_factor = end_factor
        self.total_iters = total_iters
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        """The lrs of the epoch being entered."""
        self._warn_if_not_in_step()
        if self.last_epoch == 0:
            return _scaled(self.optimizer, self.start_factor)
        if self._is_initial or self.last_epoch > self.total_iters:
            return group_values(self.optimizer, "lr")
        # the ratio of consecutive factors start + (end - start) * e / total
        slope = self.end_factor - self.start_factor
        return _scaled(self.optimizer,
                       1.0 + slope / (self.total_iters * self.start_factor + (self.last_epoch - 1) * slope))

    def _get_closed_form_lr(self):
        slope = self.end_factor - self.start_factor
        return [base * (self.start_factor + slope * min(self.total_iters, self.last_epoch) / self.total_iters)
                for base in self.base_lrs]


class PolynomialLR(LRScheduler):
    """Decays the learning rate as ``initial_lr * (1 - epoch / total_iters) ** power``, reaching zero at
    ``total_iters``.

    Args:
        optimizer (Optimizer): the optimiser.
        total_iters (int): the length of the decay. Default: ``5``.
        power (float): the power of the polynomial. Default: ``1.0``.
        last_epoch (int): the last epoch, to resume. Default: ``-1``.
    """

    def __init__(self, optimizer, total_iters=5, power=1.0, last_epoch=-1):
        self.total_iters = total_iters
        self.power = power
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        """The lrs of the epoch being entered."""
        self._warn_if_not_in_step()
        if self._is_initial or self.last_epoch > self.total_iters:
            return group_values(self.optimizer, "lr")
        ratio = (1.0 - self.last_epoch / self.total_iters) / (1.0 - (self.last_epoch - 1) / self.total_iters)
        return _scaled(self.optimizer, ratio ** self.power)

    def _get_closed_form_lr(self):
        return [base * (1.0 - min(self.total_iters, self.last_epoch) / self.total_iters) ** self.power
                for base in self.base_lrs]


def _lambdas_per_group(optimizer, lr_lambda):
    if not isinstance(lr_lambda, (list, tuple)):
        return [lr_lambda] * len(optimizer.param_groups)
    if len(lr_lambda) != len(optimizer.param_groups):
        raise ValueError(f"Expected {len(optimizer.param_groups)} lr_lambdas, but got {len(lr_lambda)}")
    return list(lr_lambda)


class _LambdaSchedule(LRScheduler):
    """The state_dict of a schedule driven by user functions keeps the
    attributes of callable objects, and nothing of plain functions."""

    def state_dict(self):
        """The scheduler's state, with ``lr_lambdas`` as their saveable attributes."""
        state = {k: v for k, v in self.__dict__.items() if k not in ("optimizer", "lr_lambdas")}
        state["lr_lambdas"] = functions_state(self.lr_lambdas)
        return state

    def load_state_dict(self, state_dict):
        """Restore a ``state_dict()`` (the functions keep their identity, their attributes are restored)."""
        state_dict = dict(state_dict)
        saved = state_dict.pop("lr_lambdas")
        self.__dict__.update(state_dict)
        load_functions_state(self.lr_lambdas, saved)


class LambdaLR(_LambdaSchedule):
    """Sets each group's learning rate to its initial value times ``lr_lambda(epoch)``.

    Args:
        optimizer (Optimizer): the optimiser.
        lr_lambda (callable or list of callables): a function of the epoch, or one per group.
        last_epoch (int): the last epoch, to resume. Default: ``-1``.

    Example::

        >>> opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)
        >>> sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda epoch: 0.5 ** epoch)
        >>> opt.step(); sched.step(); sched.get_last_lr()
        [0.05]
    """

    def __init__(self, optimizer, lr_lambda, last_epoch=-1):
        self.optimizer = optimizer
        self.lr_lambdas = _lambdas_per_group(optimizer, lr_lambda)
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        """The lrs of the epoch being entered."""
        self._warn_if_not_in_step()
        return [base * fn(self.last_epoch) for fn, base in zip(self.lr_lambdas, self.base_lrs)]


class MultiplicativeLR(_LambdaSchedule):
    """Multiplies each group's learning rate by ``lr_lambda(epoch)`` at every epoch.

    Args:
        optimizer (Optimizer): the optimiser.
        lr_lambda (callable or list of callables): a function of the epoch, or one per group.
        last_epoch (int): the last epoch, to resume. Default: ``-1``.
    """

    def __init__(self, optimizer, lr_lambda, last_epoch=-1):
        self.optimizer = optimizer
        self.lr_lambdas = _lambdas_per_group(optimizer, lr_lambda)
        for fn in self.lr_lambdas:
            if not callable(fn):
                raise TypeError(f"lr_lambda should be a function, but got {type(fn).__name__}")
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        """The lrs of the epoch being entered."""
        self._warn_if_not_in_step()
        if self._is_initial:
            return group_values(self.optimizer, "lr")
        return [group["lr"] * fn(self.last_epoch) for fn, group in zip(self.lr_lambdas, self.optimizer.param_groups)]
