"""How the op-table tests call a declared op: sample arguments made from its
signature, in every layout, and its NumPy reference.  Where the defaults do not
fit an op, it gets one entry in ``OVERRIDES``."""
import numpy as np

import tensorlib as torch
from tensorlib.ops._registry import OPS

LAYOUTS = ("contiguous", "transposed", "sliced", "expanded", "0-d", "empty")

# per op: "reference" the NumPy function it must agree with (default: NumPy's function of the
# op's name), "nonzero" the tensor arguments kept away from 0 (divisors), "numbers" the Number
# arguments' sample values (default 0.5)
OVERRIDES = {
    "atan2": {"reference": np.arctan2},
    "lerp": {"reference": lambda x, end, weight: x + weight * (end - x), "numbers": {"weight": 0.3}},
    "copysign": {"numbers": {"other": -2.0}},
    "addcmul": {"reference": lambda x, t1, t2, value: x + value * t1 * t2, "numbers": {"value": 1.5}},
    "addcdiv": {"reference": lambda x, t1, t2, value: x + value * t1 / t2, "nonzero": ("tensor2",)},
}


def declared():
    """(op name, numbers) cases: every op, and again with Numbers where a Tensor|Number goes."""
    return [(name, numbers) for name in sorted(OPS)
            for numbers in ((False, True) if any(len(p.kinds) > 1 for p in OPS[name].params) else (False,))]


def reference(op):
    return OVERRIDES.get(op.name, {}).get("reference") or getattr(np, op.name)


def _values(rng, shape, nonzero, low=-2.0, high=2.0):
    values = rng.uniform(low, high, size=shape)
    if nonzero:
        values = np.where(np.abs(values) < 0.25, 0.5, values)
    return values


def _in_layout(values, layout, dtype):
    """A tensor holding ``values`` (shape (3, 4), (1, 4) when expanded, () or (0, 4)) laid out as named."""
    if layout == "transposed":
        return torch.tensor(np.ascontiguousarray(values.T), dtype=dtype).t()
    if layout == "sliced":
        wide = np.zeros((values.shape[0], values.shape[1] * 2))
        wide[:, ::2] = values
        return torch.tensor(wide, dtype=dtype)[:, ::2]
    if layout == "expanded":
        return torch.tensor(values, dtype=dtype).expand(3, 4)
    return torch.tensor(values, dtype=dtype)


def sample(op, layout, dtype=torch.float64, seed=0, numbers=False):
    """(input, args, kwargs) as tensors in ``layout``, and the same as NumPy values; ``numbers``:
    a Number where the signature takes a Tensor or a Number."""
    rng = np.random.default_rng(seed)
    extra = OVERRIDES.get(op.name, {})
    shape = {"0-d": (), "empty": (0, 4), "expanded": (1, 4)}.get(layout, (3, 4))
    number_values = extra.get("numbers", {})

    def one(name, kinds):
        if "Tensor" in kinds and not (numbers and "Number" in kinds):
            values = _values(rng, shape, name in extra.get("nonzero", ()))
            return _in_layout(values, layout, dtype), (np.broadcast_to(values, (3, 4)) if layout == "expanded"
                                                       else values)
        value = number_values.get(name, 0.5)
        return value, value

    x, x_np = one("input", ("Tensor",))
    args, args_np, kwargs, kwargs_np = [], [], {}, {}
    for p in op.params:
        value, value_np = one(p.name, p.kinds)
        if p.keyword_only:
            kwargs[p.name], kwargs_np[p.name] = value, value_np
        else:
            args.append(value)
            args_np.append(value_np)
    return (x, args, kwargs), (x_np, args_np, kwargs_np)
