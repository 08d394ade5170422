"""The fused transformer-layer kernels of ``backends/_cpu_rows.py`` composed of array-module
operations (a driver's ``xp`` and ``erf``: CuPy, or the NumPy stand-in), for the CUDA backend:
the same contracts, every layout and float dtype handled (each returns True)."""
import math


def bound(function, driver):
    """``function`` with its ``driver`` argument (the array module as ``xp``, and ``erf``) taken from
    ``driver()`` at each call."""
    def call(*args):
        return function(driver(), *args)
    call.__name__ = call.__qualname__ = function.__name__
    call.__doc__ = function.__doc__
    return call


def layer_norm(driver, x, weight, bias, eps, out, mean, rstd):
    """``(x - mean) * rstd * weight + bias`` over the trailing ``x.size // mean.size`` elements."""
    xp = driver.xp
    rows = xp.reshape(x, (mean.size, -1))
    m = rows.mean(axis=1, keepdims=True)
    centered = rows - m
    r = 1 / xp.sqrt((centered * centered).mean(axis=1, keepdims=True) + eps)
    y = centered * r
    if weight is not None:
        y = y * xp.reshape(weight, (1, -1))
    if bias is not None:
        y = y + xp.reshape(bias, (1, -1))
    xp.copyto(out, xp.reshape(y, out.shape), casting="unsafe")
    xp.copyto(mean, xp.reshape(m, mean.shape), casting="unsafe")
    xp.copyto(rstd, xp.reshape(r, rstd.shape), casting="unsafe")
    return True


def layer_norm_backward(driver, g, x, mean, rstd, weight, grad_input, grad_weight, grad_bias):
    """layer_norm's gradients (``grad_*`` None: not wanted)."""
    xp = driver.xp
    rows = mean.size
    g2 = xp.reshape(g, (rows, -1))
    xhat = (xp.reshape(x, (rows, -1)) - xp.reshape(mean, (rows, 1))) * xp.reshape(rstd, (rows, 1))
    if grad_input is not None:
        gy = g2 if weight is None else g2 * xp.reshape(weight, (1, -1))
        gx = (gy - gy.mean(axis=1, keepdims=True) - xhat * (gy * xhat).mean(axis=1, keepdims=True)) \
            * xp.reshape(rstd, (rows, 1))
        xp.copyto(grad_input, xp.reshape(gx, grad_input.shape), casting="unsafe")
    if grad_weight is not None:
        xp.copyto(grad_weight, xp.reshape((g2 * xhat).sum(axis=0), grad_weight.shape), casting="unsafe")
        xp.copyto(grad_bias, xp.reshape(g2.sum(axis=0), grad_bias.shape), casting="unsafe")
    return True


def gelu(driver, x, approximate, out):
    """``x * 0.5 * (erf(x / sqrt 2) + 1)`` or its tanh approximation."""
    xp = driver.xp
    if approximate == "tanh":
        inner = (x + x * x * x * x.dtype.type(0.044715)) * x.dtype.type(math.sqrt(2.0 / math.pi))
        y = x * x.dtype.type(0.5) * (xp.tanh(inner) + 1)
    else:
        y = x * x.dtype.type(0.5) * (driver.erf(x * x.dtype.type(1.0 / math.sqrt(2.0))) + 1)
    xp.copyto(out, y, casting="unsafe")
    return True


def gelu_backward(driver, g, x, approximate, out):
    """gelu's gradient for the incoming ``g``."""
    xp = driver.xp
    real = x.dtype.type
    if approximate == "tanh":
        k = real(math.sqrt(2.0 / math.pi))
        t = xp.tanh((x * x * x * real(0.044715) + x) * k)
        d_inner = (x * x * real(3 * 0.044715) + 1) * k
        y = g * ((t + 1) * real(0.5) + x * real(0.5) * (-(t * t) + 1) * d_inner)
    else:
        cdf = (driver.erf(x * real(1.0 / math.sqrt(2.0))) + 1) * real(0.5)
        pdf = xp.exp(-(x * x) * real(0.5)) * real(1.0 / math.sqrt(2.0 * math.pi))
        y = g * (cdf + x * pdf)
    xp.copyto(out, y, casting="unsafe")
    return True


def attention(driver, query, key, value, mask, causal, scale, out, weights):
    """``softmax(query @ key^T * scale, masked) @ value`` and its weights (rows with nothing to
    attend to: 0)."""
    xp = driver.xp
    scores = xp.matmul(query, xp.swapaxes(key, -1, -2)) * query.dtype.type(scale)
    if causal:
        target, source = scores.shape[-2:]
        allowed = xp.arange(source)[None, :] <= xp.arange(target)[:, None]
        scores = xp.where(allowed, scores, -xp.inf)
    elif mask is not None and mask.dtype == bool:
        scores = xp.where(mask, scores, -xp.inf)
    elif mask is not None:
        scores = scores + mask
    top = scores.max(axis=-1, keepdims=True)
    valid = top > -xp.inf
    e = xp.exp(xp.where(valid, scores, 0) - xp.where(valid, top, 0))
    xp.copyto(weights, xp.where(valid, e / e.sum(axis=-1, keepdims=True), 0), casting="unsafe")
    xp.copyto(out, xp.matmul(weights, value), casting="unsafe")
    return True


def attention_backward(driver, g, query, key, value, weights, scale, grad_query, grad_key, grad_value,
                       causal=False):
    """The gradients of ``attention`` (each ``grad_*`` None: not wanted; ``causal``, that the
    weights are zero above the diagonal, changes nothing here)."""
    xp = driver.xp
    if grad_value is not None:
        xp.copyto(grad_value, xp.matmul(xp.swapaxes(weights, -1, -2), g), casting="unsafe")
    if grad_query is None and grad_key is None:
        return True
    grad_weights = xp.matmul(g, xp.swapaxes(value, -1, -2))
    grad_scores = weights * (grad_weights - (grad_weights * weights).sum(axis=-1, keepdims=True)) \
        * weights.dtype.type(scale)
    if grad_query is not None:
        xp.copyto(grad_query, xp.matmul(grad_scores, key), casting="unsafe")
    if grad_key is not None:
        xp.copyto(grad_key, xp.matmul(xp.swapaxes(grad_scores, -1, -2), query), casting="unsafe")
    return True
