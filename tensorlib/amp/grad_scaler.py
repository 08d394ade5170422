"""``torch.amp.GradScaler``: loss scaling for training in float16.

The loss is multiplied by a scale before ``backward`` so that small float16
gradients do not flush to zero; ``step`` divides the gradients by it again
(``unscale_``), skips the optimizer step when any gradient is inf or NaN, and
``update`` lowers the scale after such a step (``backoff_factor``) or raises it
after ``growth_interval`` clean ones (``growth_factor``).  With
``enabled=False`` every method passes through: ``scale`` returns its argument,
``step`` calls ``optimizer.step``, ``get_scale`` is 1.0."""
import collections
import collections.abc
import enum
import warnings

from .. import _dtype as D
from .._creation import full
from .._device import device as Device
from .._tensor import Tensor
from ..autograd.grad_mode import no_grad
from ..backends import backend_for

__all__ = ["GradScaler", "OptState"]


class OptState(enum.Enum):
    READY = 0
    UNSCALED = 1
    STEPPED = 2


def _fresh_optimizer_state():
    return {"stage": OptState.READY, "found_inf": None}


class GradScaler:
    """Scales the loss up before ``backward`` so that small float16 gradients do not underflow, and
    unscales the gradients before the optimiser steps.

    A step whose gradients hold inf or NaN is skipped and the scale shrinks by
    ``backoff_factor``; after ``growth_interval`` clean steps it grows by ``growth_factor``.

    Args:
        device (str): where the scale lives. Default: ``'cuda'`` (a CUDA scaler without a device
            disables itself with a warning).
        init_scale (float): the first scale. Default: ``2.0 ** 16``.
        growth_factor (float): above 1. Default: ``2.0``.
        backoff_factor (float): below 1. Default: ``0.5``.
        growth_interval (int): clean steps before growing. Default: ``2000``.
        enabled (bool): ``False`` makes every method a pass-through. Default: ``True``.

    Example::

        >>> w = torch.ones(2, requires_grad=True)
        >>> opt = torch.optim.SGD([w], lr=0.1)
        >>> scaler = torch.amp.GradScaler("cpu", init_scale=1024.0)
        >>> scaler.scale((w * 3).sum()).backward()
        >>> w.grad
        tensor([3072., 3072.])
        >>> scaler.step(opt)
        >>> scaler.update()
        >>> w.detach()
        tensor([0.7000, 0.7000])
    """

    def __init__(self, device="cuda", init_scale=2.0 ** 16, growth_factor=2.0, backoff_factor=0.5,
                 growth_interval=2000, enabled=True):
        self._device = device
        self._enabled = enabled
        if enabled and not backend_for(Device(device)).is_available():
            warnings.warn(f"torch.{device}.amp.GradScaler is enabled, but {device.upper()} is not available.  "
                          "Disabling.", UserWarning, stacklevel=2)
            self._enabled = False
        if self._enabled:
            assert growth_factor > 1.0, "The growth factor must be > 1.0."
            assert backoff_factor < 1.0, "The backoff factor must be < 1.0."
            self._init_scale = init_scale
            self._scale = None
            self._growth_factor = growth_factor
            self._backoff_factor = backoff_factor
            self._growth_interval = growth_interval
            self._init_growth_tracker = 0
            self._growth_tracker = None
            self._per_optimizer_states = collections.defaultdict(_fresh_optimizer_state)

    def _lazy_init(self, device):
        self._scale = full((), float(self._init_scale), dtype=D.float32, device=device)
        self._growth_tracker = full((), self._init_growth_tracker, dtype=D.int32, device=device)

    def _checked_scale(self, funcname):
        assert self._scale is not None, (
            f"Attempted {funcname} but _scale is None.  This may indicate your script did not use "
            "scaler.scale(loss or outputs) earlier in the iteration.")
        return self._scale

    def scale(self, outputs):
        """``outputs`` (a tensor, or an iterable of them, nested) multiplied by the scale."""
        if not self._enabled:
            return outputs
        if isinstance(outputs, Tensor):
            if self._scale is None:
                self._lazy_init(outputs.device)
            return outputs * self._scale.to(device=outputs.device)

        def scaled(value):
            if isinstance(value, Tensor):
                return self.scale(value)
            if isinstance(value, collections.abc.Iterable):
                results = map(scaled, value)
                return type(value)(results) if isinstance(value, (list, tuple)) else results
            raise ValueError("outputs must be a Tensor or an iterable of Tensors")
        return scaled(outputs)

    def unscale_(self, optimizer):
        """Divides the gradients of ``optimizer``'s parameters by the scale (in place) and records whether
        any is inf or NaN."""
        if not self._enabled:
            return
        self._checked_scale("unscale_")
        state = self._per_optimizer_states[id(optimizer)]
        if state["stage"] is OptState.UNSCALED:
            raise RuntimeError("unscale_() has already been called on this optimizer since the last update().")
        if state["stage"] is OptState.STEPPED:
            raise RuntimeError("unscale_() is being called after step().")
        grads = [p.grad for group in optimizer.param_groups for p in group["params"] if p.grad is not None]
        if any(g.dtype is D.float16 for g in grads):
            raise ValueError("Attempting to unscale FP16 gradients.")
        with no_grad():
            inv_scale = self._scale.double().reciprocal().float()
            found_inf = full((), 0.0, dtype=D.float32, device=self._scale.device)
            for grad in grads:
                if not grad.isfinite().all().item():
                    found_inf.fill_(1.0)
                grad.mul_(inv_scale.to(grad.device))
        if grads:  # an optimizer without gradients records no inf check
            state["found_inf"] = found_inf
        state["stage"] = OptState.UNSCALED

    def step(self, optimizer, *args, **kwargs):
        """``optimizer.step(*args, **kwargs)`` after unscaling its gradients, unless one of them is inf or
        NaN (then the step is skipped and None returned)."""
        if not self._enabled:
            return optimizer.step(*args, **kwargs)
        if "closure" in kwargs:
            raise RuntimeError("Closure use is not currently supported if GradScaler is enabled.")
        self._checked_scale("step")
        state = self._per_optimizer_states[id(optimizer)]
        if state["stage"] is OptState.STEPPED:
            raise RuntimeError("step() has already been called since the last update().")
        if state["stage"] is OptState.READY:
            self.unscale_(optimizer)
        assert state["found_inf"] is not None, "No inf checks were recorded for this optimizer."
        result = None
        if not state["found_inf"].item():
            result = optimizer.step(*args, **kwargs)
        state["stage"] = OptState.STEPPED
        return result

    def update(self, new_scale=None):
        """Moves the scale after the iteration's steps (or sets it to ``new_scale``: a float, or a
        1-element float32 tensor not requiring grad)."""
        if not self._enabled:
            return
        scale = self._checked_scale("update")
        if new_scale is not None:
            if isinstance(new_scale, float):
                scale.fill_(new_scale)
            else:
                reason = ("new_scale should be a float or a 1-element torch.cuda.FloatTensor or torch.FloatTensor "
                          "with requires_grad=False.")
                assert new_scale.device.type == self._device, reason
                assert new_scale.numel() == 1, reason
                assert new_scale.requires_grad is False, reason
                scale.copy_(new_scale)
        else:
            found = [s["found_inf"] for s in self._per_optimizer_states.values() if s["found_inf"] is not None]
            assert len(found) > 0, "No inf checks were recorded prior to update."
            self._update_scale(any(f.item() for f in found))
        self._per_optimizer_states = collections.defaultdict(_fresh_optimizer_state)

    def _update_scale(self, found_inf):
        tracker = self._growth_tracker
        if found_inf:
            self._scale.fill_(self._scale.item() * self._backoff_factor)
            tracker.fill_(0)
            return
        successful = tracker.item() + 1
        if successful == self._growth_interval:
            grown = self._scale * self._growth_factor
            if grown.isfinite().item():
                self._scale.copy_(grown)
            successful = 0
        tracker.fill_(successful)

    # ---- inspection and checkpoints ------------------------------------------------------------
    def get_scale(self):
        """The current scale as a Python float (1.0 when disabled)."""
        if not self._enabled:
            return 1.0
        return float(self._init_scale) if self._scale is None else self._scale.item()

    def _get_growth_tracker(self):
        return self._init_growth_tracker if self._growth_tracker is None else self._growth_tracker.item()

    def get_growth_factor(self):
        """Returns the factor the scale grows by after ``growth_interval`` steps without inf or NaN gradients."""
        return self._growth_factor

    def set_growth_factor(self, new_factor):
        """Sets the factor the scale grows by to ``new_factor``."""
        self._growth_factor = new_factor

    def get_backoff_factor(self):
        """Returns the factor the scale shrinks by after a step with inf or NaN gradients."""
        return self._backoff_factor

    def set_backoff_factor(self, new_factor):
        """Sets the factor the scale shrinks by to ``new_factor``."""
        self._backoff_factor = new_factor

    def get_growth_interval(self):
        """Returns how many consecutive steps without inf or NaN gradients make the scale grow."""
        return self._growth_interval

    def set_growth_interval(self, new_interval):
        """Sets how many consecutive clean steps make the scale grow to ``new_interval``."""
        self._growth_interval = new_interval

    def is_enabled(self):
        """Returns whether the scaler is active (False when constructed with ``enabled=False``, or for CUDA without
        a device).
        """
        return self._enabled

    def state_dict(self):
        """scale, growth_factor, backoff_factor, growth_interval and _growth_tracker ({} when disabled)."""
        if not self._enabled:
            return {}
        return {"scale": self.get_scale(), "growth_factor": self._growth_factor,
                "backoff_factor": self._backoff_factor, "growth_interval": self._growth_interval,
                "_growth_tracker": self._get_growth_tracker()}

    def load_state_dict(self, state_dict):
        """Restores what ``state_dict`` returned (nothing when disabled)."""
        if not self._enabled:
            return
        if len(state_dict) == 0:
            raise RuntimeError("The source state dict is empty, possibly because it was saved from a disabled "
                               "instance of GradScaler.")
        self._init_scale = state_dict["scale"]
        if self._scale is not None:
            self._scale.fill_(state_dict["scale"])
        self._growth_factor = state_dict["growth_factor"]
        self._backoff_factor = state_dict["backoff_factor"]
        self._growth_interval = state_dict["growth_interval"]
        self._init_growth_tracker = state_dict["_growth_tracker"]
        if self._growth_tracker is not None:
            self._growth_tracker.fill_(state_dict["_growth_tracker"])

    def __getstate__(self):
        state = self.__dict__.copy()
        if self._enabled:
            assert len(self._per_optimizer_states) == 0, (
                "A GradScaler instance may only be pickled at the beginning of an iteration, or at the end after "
                "scaler.update().")
            state["_init_scale"] = self.get_scale()
            state["_init_growth_tracker"] = self._get_growth_tracker()
            state["_scale"] = None
            state["_growth_tracker"] = None
        return state

    def __setstate__(self, state):
        self.__dict__.update(state)
