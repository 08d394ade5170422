"""Cyclical schedules: CyclicLR (triangular waves between two lrs) and
OneCycleLR (one warm-up then annealing cycle over a fixed number of steps).

Both can cycle the momentum inversely to the lr: ``group["momentum"]``, or the
first beta for optimisers with ``betas`` (Adam & co.).  Both are meant to be
stepped after every batch.
"""
import math
from functools import partial

from ._base import LRScheduler, check_optimizer, format_param, functions_state, load_functions_state

__all__ = ["CyclicLR", "OneCycleLR"]


def _uses_beta1(optimizer):
    """Whether the momentum to cycle is ``betas[0]`` (else ``momentum``); raises
    PyTorch's error when the optimiser has neither."""
    if "momentum" not in optimizer.defaults and "betas" not in optimizer.defaults:
        raise ValueError("optimizer must support momentum or beta1 with `cycle_momentum` option enabled")
    return "betas" in optimizer.defaults


def _set_momentum(group, value, use_beta1):
    if use_beta1:
        group["betas"] = (value, *group["betas"][1:])
    else:
        group["momentum"] = value


def _seed_momentums(optimizer, max_momentums, base_momentums, use_beta1):
    """Start every group at its max momentum and record both bounds in the group."""
    for max_momentum, base_momentum, group in zip(max_momentums, base_momentums, optimizer.param_groups):
        _set_momentum(group, max_momentum, use_beta1)
        group["max_momentum"] = max_momentum
        group["base_momentum"] = base_momentum


class CyclicLR(LRScheduler):
    """Cycles each group's learning rate between ``base_lr`` and ``max_lr``, rising for
    ``step_size_up`` steps and falling for ``step_size_down``; step it after every batch.

    Args:
        optimizer (Optimizer): the optimiser.
        base_lr (float or list): the lower bound, or one per group.
        max_lr (float or list): the upper bound, or one per group.
        step_size_up (int): steps of the rising half. Default: ``2000``.
        step_size_down (int, optional): steps of the falling half. Default: ``step_size_up``.
        mode (str): ``"triangular"`` (constant amplitude), ``"triangular2"`` (halved every cycle) or
            ``"exp_range"`` (scaled by ``gamma ** iteration``). Default: ``"triangular"``.
        gamma (float): the factor of ``"exp_range"``. Default: ``1.0``.
        scale_fn (callable, optional): a custom amplitude scaling, replacing ``mode``.
        scale_mode (str): whether ``scale_fn`` takes the cycle number (``"cycle"``) or the
            iteration (``"iterations"``). Default: ``"cycle"``.
        cycle_momentum (bool): cycle the momentum inversely, between ``max_momentum`` and
            ``base_momentum``. Default: ``True``.
        base_momentum (float or list): Default: ``0.8``.
        max_momentum (float or list): Default: ``0.9``.
        last_epoch (int): the last batch index, to resume. Default: ``-1``.
    """

    def __init__(self, optimizer, base_lr, max_lr, step_size_up=2000, step_size_down=None, mode="triangular",
                 gamma=1.0, scale_fn=None, scale_mode="cycle", cycle_momentum=True, base_momentum=0.8,
                 max_momentum=0.9, last_epoch=-1):
        check_optimizer(optimizer)
        self.optimizer = optimizer
        base_lrs = format_param("base_lr", optimizer, base_lr)
        if last_epoch == -1:
            for lr, group in zip(base_lrs, optimizer.param_groups):
                group["lr"] = lr
        self.max_lrs = format_param("max_lr", optimizer, max_lr)
        step_size_up = float(step_size_up)
        step_size_down = float(step_size_down) if step_size_down is not None else step_size_up
        self.total_size = step_size_up + step_size_down
        self.step_ratio = step_size_up / self.total_size
        if mode not in ("triangular", "triangular2", "exp_range") and scale_fn is None:
            raise ValueError("mode is invalid and scale_fn is None")
        self.mode = mode
        self.gamma = gamma
        self._scale_fn_custom = scale_fn
        self.scale_mode = scale_mode
        self._init_scale_fn()
        self.cycle_momentum = cycle_momentum
        if cycle_momentum:
            self.use_beta1 = _uses_beta1(optimizer)
            self.base_momentums = format_param("base_momentum", optimizer, base_momentum)
            self.max_momentums = format_param("max_momentum", optimizer, max_momentum)
            if last_epoch == -1:
                _seed_momentums(optimizer, self.max_momentums, self.base_momentums, self.use_beta1)
        super().__init__(optimizer, last_epoch)
        self.base_lrs = base_lrs

    def _init_scale_fn(self):
        """The built-in amplitude scaling of ``mode`` (and the scale_mode it implies)."""
        if self._scale_fn_custom is not None:
            return
        if self.mode == "triangular":
            self._scale_fn_ref = _constant_one
            self.scale_mode = "cycle"
        elif self.mode == "triangular2":
            self._scale_fn_ref = _halving
            self.scale_mode = "cycle"
        elif self.mode == "exp_range":
            self._scale_fn_ref = partial(_exponential, self.gamma)
            self.scale_mode = "iterations"

    def scale_fn(self, x):
        """The amplitude factor at cycle number / iteration ``x``."""
        if self._scale_fn_custom is not None:
            return self._scale_fn_custom(x)
        return self._scale_fn_ref(x)

    def get_lr(self):
        """The lrs of the step being entered (and, with cycle_momentum, set the momenta)."""
        self._warn_if_not_in_step()
        cycle = math.floor(1 + self.last_epoch / self.total_size)
        x = 1.0 + self.last_epoch / self.total_size - cycle  # position within the cycle, in [0, 1)
        if x <= self.step_ratio:
            scale_factor = x / self.step_ratio
        else:
            scale_factor = (x - 1) / (self.step_ratio - 1)
        amplitude = self.scale_fn(cycle if self.scale_mode == "cycle" else self.last_epoch)
        lrs = [base + (high - base) * scale_factor * amplitude for base, high in zip(self.base_lrs, self.max_lrs)]
        if self.cycle_momentum:
            for group, base, high in zip(self.optimizer.param_groups, self.base_momentums, self.max_momentums):
                _set_momentum(group, high - (high - base) * scale_factor * amplitude, self.use_beta1)
        return lrs

    def state_dict(self):
        """The scheduler's state; a custom ``scale_fn`` is kept as its attributes
        (None for a plain function)."""
        state = super().state_dict()
        state.pop("_scale_fn_ref", None)
        custom = state.pop("_scale_fn_custom")
        state["_scale_fn_custom"] = None if custom is None else functions_state([custom])[0]
        return state

    def load_state_dict(self, state_dict):
        """Restore a ``state_dict()``; the custom ``scale_fn`` keeps its identity."""
        state_dict = dict(state_dict)
        saved = state_dict.pop("_scale_fn_custom")
        super().load_state_dict(state_dict)
        if saved is not None:
            load_functions_state([self._scale_fn_custom], [saved])
        self._init_scale_fn()


def _constant_one(x):
    return 1.0


def _halving(x):
    return 1 / (2.0 ** (x - 1))


def _exponential(gamma, x):
    return gamma ** x


def _anneal_cos(start, end, pct):
    return end + (start - end) / 2.0 * (math.cos(math.pi * pct) + 1)


def _anneal_linear(start, end, pct):
    return (end - start) * pct + start


class OneCycleLR(LRScheduler):
    """The 1cycle policy: the learning rate rises from ``max_lr / div_factor`` to ``max_lr`` over
    the first ``pct_start`` of the steps, then anneals to ``initial_lr / final_div_factor``;
    step it after every batch.

    Args:
        optimizer (Optimizer): the optimiser.
        max_lr (float or list): the peak rate, or one per group.
        total_steps (int, optional): the number of steps; or give ``epochs`` and ``steps_per_epoch``.
        epochs, steps_per_epoch (int, optional): their product is ``total_steps``.
        pct_start (float): the fraction of the steps spent rising. Default: ``0.3``.
        anneal_strategy (str): ``"cos"`` or ``"linear"``. Default: ``"cos"``.
        cycle_momentum (bool): cycle the momentum inversely. Default: ``True``.
        base_momentum (float or list): Default: ``0.85``.
        max_momentum (float or list): Default: ``0.95``.
        div_factor (float): ``initial_lr = max_lr / div_factor``. Default: ``25.0``.
        final_div_factor (float): ``min_lr = initial_lr / final_div_factor``. Default: ``1e4``.
        three_phase (bool): come back down to ``initial_lr`` symmetrically before the final
            annealing. Default: ``False``.
        last_epoch (int): the last batch index, to resume. Default: ``-1``.
    """

    def __init__(self, optimizer, max_lr, total_steps=None, epochs=None, steps_per_epoch=None, pct_start=0.3,
                 anneal_strategy="cos", cycle_momentum=True, base_momentum=0.85, max_momentum=0.95,
                 div_factor=25.0, final_div_factor=1e4, three_phase=False, last_epoch=-1):
        check_optimizer(optimizer)
        self.optimizer = optimizer
        self.total_steps = self._total_steps(total_steps, epochs, steps_per_epoch)
        warm_end = float(pct_start * self.total_steps) - 1
        if three_phase:
            self._schedule_phases = [
                _phase(warm_end, "initial_lr", "max_lr", "max_momentum", "base_momentum"),
                _phase(float(2 * pct_start * self.total_steps) - 2, "max_lr", "initial_lr", "base_momentum",
                       "max_momentum"),
                _phase(self.total_steps - 1, "initial_lr", "min_lr", "max_momentum", "max_momentum"),
            ]
        else:
            self._schedule_phases = [
                _phase(warm_end, "initial_lr", "max_lr", "max_momentum", "base_momentum"),
                _phase(self.total_steps - 1, "max_lr", "min_lr", "base_momentum", "max_momentum"),
            ]
        if pct_start < 0 or pct_start > 1 or not isinstance(pct_start, float):
            raise ValueError(f"Expected float between 0 and 1 pct_start, but got {pct_start}")
        if anneal_strategy not in ("cos", "linear"):
            raise ValueError(f"anneal_strategy must be one of 'cos' or 'linear', instead got {anneal_strategy}")
        self._anneal_func_type = anneal_strategy
        max_lrs = format_param("max_lr", optimizer, max_lr)
        if last_epoch == -1:
            for high, group in zip(max_lrs, optimizer.param_groups):
                group["initial_lr"] = high / div_factor
                group["max_lr"] = high
                group["min_lr"] = group["initial_lr"] / final_div_factor
        self.cycle_momentum = cycle_momentum
        if cycle_momentum:
            self.use_beta1 = _uses_beta1(optimizer)
            max_momentums = format_param("max_momentum", optimizer, max_momentum)
            base_momentums = format_param("base_momentum", optimizer, base_momentum)
            if last_epoch == -1:
                _seed_momentums(optimizer, max_momentums, base_momentums, self.use_beta1)
        super().__init__(optimizer, last_epoch)

    @staticmethod
    def _total_steps(total_steps, epochs, steps_per_epoch):
        if total_steps is not None:
            if total_steps <= 0 or not isinstance(total_steps, int):
                raise ValueError(f"Expected positive integer total_steps, but got {total_steps}")
            return total_steps
        if epochs is not None and steps_per_epoch is not None:
            if not isinstance(epochs, int) or epochs <= 0:
                raise ValueError(f"Expected positive integer epochs, but got {epochs}")
            if not isinstance(steps_per_epoch, int) or steps_per_epoch <= 0:
                raise ValueError(f"Expected positive integer steps_per_epoch, but got {steps_per_epoch}")
            return epochs * steps_per_epoch
        raise ValueError("You must define either total_steps OR (epochs AND steps_per_epoch)")

    def _anneal(self, start, end, pct):
        return (_anneal_cos if self._anneal_func_type == "cos" else _anneal_linear)(start, end, pct)

    def get_lr(self):
        """The lrs of the step being entered (and, with cycle_momentum, set the momenta)."""
        self._warn_if_not_in_step()
        step_num = self.last_epoch
        if step_num > self.total_steps:
            raise ValueError(f"Tried to step {step_num} times. The specified number of total steps is "
                             f"{self.total_steps}")
        last = len(self._schedule_phases) - 1
        lrs = []
        for group in self.optimizer.param_groups:
            start_step = 0.0
            for i, phase in enumerate(self._schedule_phases):
                end_step = phase["end_step"]
                if step_num <= end_step or i == last:
                    pct = (step_num - start_step) / (end_step - start_step)
                    lrs.append(self._anneal(group[phase["start_lr"]], group[phase["end_lr"]], pct))
                    if self.cycle_momentum:
                        momentum = self._anneal(group[phase["start_momentum"]], group[phase["end_momentum"]], pct)
                        _set_momentum(group, momentum, self.use_beta1)
                    break
                start_step = end_step
        return lrs


def _phase(end_step, start_lr, end_lr, start_momentum, end_momentum):
    """One phase of the 1cycle schedule: where it ends and which group entries it moves between."""
    return {"end_step": end_step, "start_lr": start_lr, "end_lr": end_lr, "start_momentum": start_momentum,
            "end_momentum": end_momentum}
