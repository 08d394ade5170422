"""How the op-table tests call a declared op: sample arguments made from its
signature, in every layout, and its NumPy reference.  Where the defaults do not
fit an op, it gets one entry in ``OVERRIDES``."""
import itertools
import math

import numpy as np

import tensorlib as torch
from tensorlib.ops._registry import OPS

LAYOUTS = ("contiguous", "transposed", "sliced", "expanded", "0-d", "empty")

# per op: "reference" the NumPy function it must agree with (default: NumPy's function of the
# op's name), "low"/"high" the range of sampled values (default -2, 2), "nonzero" the tensor
# arguments kept away from 0 (divisors), "numbers" the Number arguments' sample values (default
# 0.5; None leaves a keyword argument to its default), "dtypes" the dtypes its values are checked in (default float32, float64),
# "differentiable" False for an op PyTorch gives no gradient, "no_gradcheck" for one whose gradient
# PyTorch refuses to compute (floor_divide), "shapes" the arguments' shapes (default (3, 4)),
# "layouts" the layouts its arguments are tried in (default LAYOUTS), "function_message" False where
# PyTorch's function form words a wrong argument from an overload list of its own, "sampler" True for a
# random sampler, whose values no NumPy function gives (tests/test_random_ops.py checks those instead),
# "result_dtype" the dtype of its result where that is not the input's (indices),
# "integers" {argument: (low, high)} the tensor arguments sampled as int64 in [low, high) (indices),
# "sorted" the tensor arguments sampled in ascending order along their last dim (searched boundaries)
_POSITIVE = {"low": 0.1, "high": 3.0}
_UNIT = {"low": -0.9, "high": 0.9}
_NOT_DIFFERENTIABLE = {"differentiable": False}


def _softmax(x, dim):
    e = np.exp(x - np.max(x, axis=dim, keepdims=True)) if x.size else x
    return e / np.sum(e, axis=dim, keepdims=True) if x.size else x


def _scatter_mean(x, dim, index, src, reduce):
    """scatter_reduce(dim=0, reduce="mean", include_self=True) by loops over the index."""
    total, count = x.astype(np.float64).copy(), np.ones(x.shape)
    for i, j in np.ndindex(*index.shape):
        total[index[i, j], j] += src[i, j]
        count[index[i, j], j] += 1
    return total / count


_PRODUCT = {"layouts": ("contiguous", "transposed", "sliced", "expanded")}


def _diag_embed(x, offset, dim1, dim2):
    n = x.shape[-1]
    out = np.zeros(x.shape[:-1] + (n + abs(offset),) * 2)
    index = np.arange(n)
    out[..., index + max(-offset, 0), index + max(offset, 0)] = x
    return out


def _matrix_exp(x):
    """exp(x) by 2^-8 scaling, its Taylor series and 8 squarings."""
    scaled, term = x / 256.0, np.eye(x.shape[-1])
    result = term.copy()
    for k in range(1, 30):
        term = term @ scaled / k
        result = result + term
    for _ in range(8):
        result = result @ result
    return result


def _add_product(x, a, b, beta, alpha):
    return beta * x + alpha * (a @ b)


_SQUARE = {"shapes": {"input": (3, 3)}}
LINALG_OVERRIDES = {
    "diagonal": {"reference": np.diagonal, "numbers": {"offset": 1, "dim1": 1, "dim2": 0},
                 "layouts": ("contiguous", "transposed", "sliced", "expanded", "empty")},
    "trace": _PRODUCT,
    "diag_embed": {"reference": _diag_embed, "numbers": {"offset": 1, "dim1": -2, "dim2": -1},
                   "layouts": ("contiguous", "transposed", "sliced", "expanded", "empty")},
    "det": {**_PRODUCT, **_SQUARE, "reference": np.linalg.det},
    # a negative determinant gives nan, where gradcheck has nothing to compare
    "logdet": {**_SQUARE, "layouts": ("contiguous", "transposed", "sliced"),
               "reference": lambda x: np.log(np.linalg.det(x)), "no_gradcheck": True},
    "inverse": {**_SQUARE, "reference": np.linalg.inv, "layouts": ("contiguous", "transposed", "sliced")},
    # an expanded matrix has rank 1, where the pseudo-inverse (and logdet) has no derivative
    "pinverse": {"reference": lambda x, rcond: np.linalg.pinv(x, rcond), "numbers": {"rcond": 1e-15},
                 "layouts": ("contiguous", "transposed", "sliced")},
    "matrix_power": {**_PRODUCT, **_SQUARE, "reference": np.linalg.matrix_power, "numbers": {"n": 3}},
    "matrix_exp": {**_PRODUCT, **_SQUARE, "reference": _matrix_exp},
    # PyTorch's torch.baddbmm & co. also list deprecated overloads, as torch.addmm does
    "baddbmm": {**_PRODUCT, "reference": _add_product, "function_message": False,
                "shapes": {"input": (2, 3, 5), "batch1": (2, 3, 4), "batch2": (2, 4, 5)}},
    "addbmm": {**_PRODUCT, "reference": lambda x, b1, b2, beta, alpha: beta * x + alpha * (b1 @ b2).sum(0),
               "function_message": False, "shapes": {"input": (3, 5), "batch1": (2, 3, 4), "batch2": (2, 4, 5)}},
    "addmv": {**_PRODUCT, "reference": _add_product, "function_message": False,
              "shapes": {"input": (3,), "mat": (3, 4), "vec": (4,)}},
    "addr": {**_PRODUCT, "reference": lambda x, v1, v2, beta, alpha: beta * x + alpha * np.outer(v1, v2),
             "function_message": False, "shapes": {"input": (3, 4), "vec1": (3,), "vec2": (4,)}},
    "vdot": {**_PRODUCT, "shapes": {"input": (4,), "other": (4,)}},
    "inner": {"shapes": {"input": (3, 4), "other": (2, 4)}},
    # the factor's other triangle is never read: gradcheck's numbers there are 0 (tests/test_linalg.py
    # checks their gradients on triangular inputs)
    "cholesky_solve": {**_PRODUCT, "shapes": {"input": (3, 2), "input2": (3, 3)}, "numbers": {"upper": False},
                       "reference": lambda b, factor, upper: np.linalg.solve(np.tril(factor) @ np.tril(factor).T, b),
                       "no_gradcheck": True},
    "cholesky_inverse": {**_PRODUCT, **_SQUARE, "numbers": {"upper": False}, "no_gradcheck": True,
                         "reference": lambda factor, upper: np.linalg.inv(np.tril(factor) @ np.tril(factor).T)},
    "diagflat": {"reference": lambda x, offset: np.diagflat(x, offset), "numbers": {"offset": -1}},
    "kron": {"reference": np.kron, "shapes": {"input": (2, 3), "other": (3, 2)}},
    "cross": {"reference": lambda x, other, dim: np.cross(x, other, axis=dim), "numbers": {"dim": 0},
              "layouts": ("contiguous", "transposed", "sliced", "expanded")},
}
OVERRIDES = {
    "neg": {"reference": np.negative},
    "asin": {"reference": np.arcsin, **_UNIT}, "acos": {"reference": np.arccos, **_UNIT},
    "atan": {"reference": np.arctan}, "asinh": {"reference": np.arcsinh},
    "acosh": {"reference": np.arccosh, "low": 1.1, "high": 3.0}, "atanh": {"reference": np.arctanh, **_UNIT},
    "log": _POSITIVE, "log2": _POSITIVE, "log10": _POSITIVE, "sqrt": _POSITIVE,
    "log1p": {"low": -0.5, "high": 2.0},
    "rsqrt": {"reference": lambda x: 1 / np.sqrt(x), **_POSITIVE},
    "reciprocal": {"nonzero": ("input",)},
    "relu": {"reference": lambda x: np.maximum(x, 0)},
    "sigmoid": {"reference": lambda x: 1 / (1 + np.exp(-x))},
    "erf": {"reference": np.vectorize(math.erf, otypes=[float])},
    "isnan": _NOT_DIFFERENTIABLE, "isinf": _NOT_DIFFERENTIABLE, "isfinite": _NOT_DIFFERENTIABLE,
    "logical_not": _NOT_DIFFERENTIABLE,
    "bitwise_not": {"dtypes": (torch.int32, torch.int64), **_NOT_DIFFERENTIABLE},
    "add": {"reference": lambda x, other, alpha: x + alpha * other},
    "sub": {"reference": lambda x, other, alpha: x - alpha * other},
    "rsub": {"reference": lambda x, other, alpha: other - alpha * x},
    "mul": {"reference": np.multiply},
    "div": {"reference": np.true_divide, "numbers": {"rounding_mode": None}, "nonzero": ("other",)},
    "true_divide": {"nonzero": ("other",)},
    "floor_divide": {"nonzero": ("other",), "no_gradcheck": True},
    "remainder": {"nonzero": ("other",)}, "fmod": {"nonzero": ("other",)},
    "pow": {"reference": np.power, "low": 0.5, "high": 2.0},
    "eq": {"reference": np.equal, **_NOT_DIFFERENTIABLE}, "ne": {"reference": np.not_equal, **_NOT_DIFFERENTIABLE},
    "lt": {"reference": np.less, **_NOT_DIFFERENTIABLE}, "le": {"reference": np.less_equal, **_NOT_DIFFERENTIABLE},
    "gt": {"reference": np.greater, **_NOT_DIFFERENTIABLE},
    "ge": {"reference": np.greater_equal, **_NOT_DIFFERENTIABLE},
    "logical_and": _NOT_DIFFERENTIABLE, "logical_or": _NOT_DIFFERENTIABLE, "logical_xor": _NOT_DIFFERENTIABLE,
    "bitwise_and": {"dtypes": (torch.int32, torch.int64), **_NOT_DIFFERENTIABLE},
    "bitwise_or": {"dtypes": (torch.int32, torch.int64), **_NOT_DIFFERENTIABLE},
    "bitwise_xor": {"dtypes": (torch.int32, torch.int64), **_NOT_DIFFERENTIABLE},
    "matmul": {**_PRODUCT, "shapes": {"other": (4, 5)}},
    "mm": {**_PRODUCT, "reference": np.matmul, "shapes": {"mat2": (4, 5)}},
    "mv": {**_PRODUCT, "reference": np.matmul, "shapes": {"vec": (4,)}},
    "dot": {**_PRODUCT, "shapes": {"input": (4,), "tensor": (4,)}},
    "bmm": {**_PRODUCT, "reference": np.matmul, "shapes": {"input": (3, 2, 4), "mat2": (3, 4, 5)}},
    "outer": {**_PRODUCT, "shapes": {"input": (3,), "vec2": (4,)}},
    "addmm": {**_PRODUCT, "reference": lambda x, mat1, mat2, beta, alpha: beta * x + alpha * (mat1 @ mat2),
              "shapes": {"input": (3, 5), "mat1": (3, 4), "mat2": (4, 5)},
              "function_message": False},  # PyTorch's torch.addmm also lists deprecated overloads
    "round": {"numbers": {"decimals": None}},
    "positive": {"reference": lambda x: x, "no_gradcheck": True},  # it returns its input itself
    "clamp": {"reference": lambda x, min, max: np.minimum(np.maximum(x, min), max),
              "numbers": {"min": -0.5, "max": 0.75}},
    "clamp_min": {"reference": np.maximum, "numbers": {"min": -0.5}},
    "clamp_max": {"reference": np.minimum, "numbers": {"max": 0.75}},
    "atan2": {"reference": np.arctan2},
    "lerp": {"reference": lambda x, end, weight: x + weight * (end - x), "numbers": {"weight": 0.3}},
    "copysign": {"numbers": {"other": -2.0}},
    "addcmul": {"reference": lambda x, t1, t2, value: x + value * t1 * t2, "numbers": {"value": 1.5}},
    "addcdiv": {"reference": lambda x, t1, t2, value: x + value * t1 / t2, "nonzero": ("tensor2",)},
    "softmax": {"reference": lambda x, dim: _softmax(x, dim), "numbers": {"dim": -1, "dtype": None}},
    "log_softmax": {"reference": lambda x, dim: np.log(_softmax(x, dim)), "numbers": {"dim": -1, "dtype": None}},
    "nan_to_num": {"reference": lambda x, nan, posinf, neginf: np.nan_to_num(x, nan=nan, posinf=posinf,
                                                                          neginf=neginf)},
    "bucketize": {"reference": lambda x, boundaries: np.searchsorted(boundaries, x), "sorted": ("boundaries",),
                  "result_dtype": torch.int64, "layouts": ("contiguous", "transposed", "sliced", "expanded", "empty"),
                  "shapes": {"boundaries": (5,)}, "numbers": {"out_int32": None, "right": None},
                  **_NOT_DIFFERENTIABLE},
    "histc": {"reference": lambda x, bins, min, max: np.histogram(x, bins, (min, max))[0],
              "numbers": {"bins": 4, "min": -2, "max": 2}, **_NOT_DIFFERENTIABLE},
    "combinations": {"reference": lambda x, r, with_replacement: np.array(list(
        itertools.combinations_with_replacement(x, r))), "numbers": {"r": 3, "with_replacement": True},
                     "shapes": {"input": (4,)}, "layouts": ("contiguous", "sliced", "expanded")},
    "scatter_reduce": {"reference": _scatter_mean, "integers": {"index": (0, 3)},
                       "numbers": {"dim": 0, "reduce": "mean", "include_self": None},
                       "layouts": ("contiguous", "transposed", "sliced", "expanded")},
    **LINALG_OVERRIDES,
    **{name: {"sampler": True} for name in ("uniform", "exponential", "geometric", "log_normal", "cauchy",
                                            "bernoulli", "poisson", "multinomial")},
}


def declared():
    """(op name, numbers) cases: every op, and again with Numbers where a Tensor|Number goes."""
    def overloaded(op):
        return len(op.alternatives) > 1 or any(len(p.kinds) > 1 for p in op.params)
    return [(name, numbers) for name in sorted(OPS) if not OVERRIDES.get(name, {}).get("sampler")
            for numbers in ((False, True) if overloaded(OPS[name]) else (False,))]


def reference(op):
    return OVERRIDES.get(op.name, {}).get("reference") or getattr(np, op.name)


def result_dtype(name, dtype):
    return OVERRIDES.get(name, {}).get("result_dtype", dtype)


def dtypes(name):
    return OVERRIDES.get(name, {}).get("dtypes", (torch.float32, torch.float64))


def differentiable(name):
    return OVERRIDES.get(name, {}).get("differentiable", True)


def gradcheckable(name):
    return differentiable(name) and not OVERRIDES.get(name, {}).get("no_gradcheck", False)


def _values(rng, shape, nonzero, low=-2.0, high=2.0):
    values = rng.uniform(low, high, size=shape)
    if nonzero:
        values = np.where(np.abs(values) < 0.25, 0.5, values)
    return values


def _in_layout(values, layout, dtype, full):
    """A tensor holding ``values`` laid out as named (expanded: ``values`` of leading size 1, to ``full``)."""
    if layout == "transposed" and values.ndim >= 2:
        return torch.tensor(np.ascontiguousarray(np.swapaxes(values, -1, -2)), dtype=dtype).transpose(-1, -2)
    if layout == "sliced" and values.ndim >= 1:
        wide = np.zeros(values.shape[:-1] + (values.shape[-1] * 2,))
        wide[..., ::2] = values
        return torch.tensor(wide, dtype=dtype)[..., ::2]
    if layout == "expanded" and values.ndim >= 1:
        return torch.tensor(values, dtype=dtype).expand(*full)
    return torch.tensor(values, dtype=dtype)


def layouts(name):
    return OVERRIDES.get(name, {}).get("layouts", LAYOUTS)


def sample(op, layout, dtype=torch.float64, seed=0, numbers=False):
    """(input, args, kwargs) as tensors in ``layout``, and the same as NumPy values; ``numbers``:
    a Number where the signature takes a Tensor or a Number."""
    rng = np.random.default_rng(seed)
    extra = OVERRIDES.get(op.name, {})
    number_values = extra.get("numbers", {})

    def one(name, kinds):
        if "Tensor" in kinds and not (numbers and "Number" in kinds):
            base = extra.get("shapes", {}).get(name, (3, 4))
            shape = {"0-d": (), "empty": (0,) + base[1:], "expanded": (1,) + base[1:]}.get(layout, base)
            values = _values(rng, shape, name in extra.get("nonzero", ()), extra.get("low", -2.0),
                             extra.get("high", 2.0))
            if not dtype.is_floating_point:
                values = (values * 10).astype(np.int64)
            if name in extra.get("sorted", ()):
                values = np.sort(values, axis=-1)
            full = base if layout == "expanded" else shape
            if name in extra.get("integers", {}):
                values = rng.integers(*extra["integers"][name], size=shape)
                return _in_layout(values, layout, torch.int64, full), np.broadcast_to(values, full)
            return _in_layout(values, layout, dtype, full), np.broadcast_to(values, full)
        value = number_values.get(name, 0.5)
        if isinstance(value, float) and not dtype.is_floating_point:
            value = int(value * 10)
        return value, value

    x, x_np = one("input", ("Tensor",))
    args, args_np, kwargs, kwargs_np = [], [], {}, {}
    for p in op.alternatives[-1] if numbers else op.params:
        if p.name in number_values and number_values[p.name] is None:
            continue  # left to its default (a keyword argument, or the last positional ones)
        value, value_np = one(p.name, p.kinds)
        if p.keyword_only:
            kwargs[p.name], kwargs_np[p.name] = value, value_np
        else:
            args.append(value)
            args_np.append(value_np)
    return (x, args, kwargs), (x_np, args_np, kwargs_np)
