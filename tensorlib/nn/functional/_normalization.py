"""batch_norm (NativeBatchNormBackward0) and normalize."""
from ...autograd.grad_mode import no_grad
from ...autograd.graph import SavingNode
from ...ops._common import backend_for, new_result
from ...ops.nodes._base import needs
from ...ops.nodes._fused import fused
from ._common import _channel_shape, _dims_except_channel, _grad_mode, _record
from ._conv import _kernel_route


def _by_channel(t):
    """``t`` (N, C, *) as an (N, C, L) backend array (a view where its strides allow)."""
    return t._array().reshape(t._shape[0], t._shape[1], -1)


def _channel_results(like, count):
    """``count`` new (C,) tensors of ``like``'s dtype and device, with their arrays."""
    device = like._storage.device
    backend = backend_for(device)
    return backend, [new_result((like._shape[1],), like._dtype, device, backend) for _ in range(count)]


def _statistics_by_kernel(x, eps):
    """The per-channel mean, biased variance and 1 / sqrt(variance + eps) of ``x``, one kernel
    of the backend's ``conv``."""
    backend, results = _channel_results(x, 3)
    if x.numel():
        backend.conv.batch_norm_statistics(_by_channel(x), *(arr for _, arr in results), eps)
    return tuple(t for t, _ in results)


def _normalize_by_kernel(x, mean, invstd, weight, bias):
    """``(x - mean) * invstd * weight + bias`` per channel, one kernel of the backend's ``conv``."""
    device = x._storage.device
    backend = backend_for(device)
    out, arr = new_result(x._shape, x._dtype, device, backend)
    if out.numel():
        backend.conv.batch_norm_normalize(_by_channel(x), mean._array(), invstd._array(),
                                          None if weight is None else weight._array().reshape(-1),
                                          None if bias is None else bias._array().reshape(-1),
                                          arr.reshape(_by_channel(x).shape))
    return out


def _training_backward_by_kernel(node, g, x, weight, mean, invstd):
    """Training-mode batch norm's three gradients, one two-pass kernel of the backend's ``conv``."""
    backend, ((gw, gw_arr), (gb, gb_arr)) = _channel_results(x, 2)
    gx = None
    if needs(node, 0):
        gx, gx_arr = new_result(x._shape, x._dtype, x._storage.device, backend)
    if x.numel():
        backend.conv.batch_norm_backward(_by_channel(g), _by_channel(x), mean._array(), invstd._array(),
                                         None if weight is None else weight._array().reshape(-1),
                                         None if gx is None else gx_arr.reshape(_by_channel(x).shape), gw_arr, gb_arr)
    return gx, gw if needs(node, 1) else None, gb if needs(node, 2) else None


class NativeBatchNormBackward0(SavingNode):
    """batch_norm(input, weight, bias): training mode differentiates through the
    batch statistics; eval mode uses the (constant) running statistics."""
    __slots__ = ("training", "eps")
    saved_names = ("input", "weight", "result1", "result2")  # PyTorch's names of the mean and invstd

    def setup(self, inputs, result, ctx):
        self.training = ctx["training"]
        self.eps = ctx["eps"]
        self._save(inputs[0], inputs[1], ctx["mean"], ctx["invstd"])

    def apply(self, grads):
        g = grads[0]
        x, weight, mean, invstd = self._unpack()
        if self.training and fused() and _kernel_route(g, x, weight, mean, invstd):
            return _training_backward_by_kernel(self, g, x, weight, mean, invstd)
        dims = _dims_except_channel(x)
        shape = _channel_shape(x)
        if self.training and _grad_mode():   # create_graph: the statistics as functions of the input
            mean = x.mean(dims)
            xc = x - mean.view(shape)
            invstd = ((xc * xc).mean(dims) + self.eps).rsqrt()
        xhat = (x - mean.view(shape)) * invstd.view(shape)
        gx = gw = gb = None
        if needs(self, 0):
            scale = invstd.view(shape) if weight is None else (invstd * weight).view(shape)
            if self.training:
                gx = (g - g.mean(dims, keepdim=True) - xhat * (g * xhat).mean(dims, keepdim=True)) * scale
            else:
                gx = g * scale
        if needs(self, 1):
            gw = (g * xhat).sum(dims)
        if needs(self, 2):
            gb = g.sum(dims)
        return gx, gw, gb


def batch_norm(input, running_mean, running_var, weight=None, bias=None, training=False, momentum=0.1, eps=1e-5):
    """Normalises each channel (dim 1) of ``input``, then scales by ``weight`` and shifts by ``bias``.

    With ``training=True`` the batch statistics are used and the running ones updated in place
    (``running = (1 - momentum) * running + momentum * batch``); otherwise the running statistics.

    Args:
        input (Tensor): ``(N, C, *)``.
        running_mean, running_var (Tensor or None): ``(C,)`` running estimates.
        weight, bias (Tensor, optional): ``(C,)``.
        training (bool): use the batch statistics. Default: ``False``.
        momentum (float): the running estimates' update rate. Default: ``0.1``.
        eps (float): added to the variance. Default: ``1e-5``.

    Returns:
        Tensor: shaped as ``input``.
    """
    if input.dim() < 2:
        raise ValueError(f"Expected 2D or higher input (got {input.dim()}D input)")
    c = input.shape[1]
    dims = _dims_except_channel(input)
    count = input.numel() // max(c, 1)
    if training and count <= 1:
        raise ValueError(f"Expected more than 1 value per channel when training, got input size {input.size()}")
    for name, t in (("running_mean", running_mean), ("running_var", running_var), ("weight", weight),
                    ("bias", bias)):
        if t is not None and t.numel() != c:
            raise RuntimeError(f"{name} should contain {c} elements not {t.numel()}")
    if not training and (running_mean is None or running_var is None):
        raise RuntimeError("running_mean and running_var must be defined in evaluation mode")
    shape = _channel_shape(input)
    with no_grad():
        x = input.detach()
        by_kernel = _kernel_route(x, weight, bias)
        if training and by_kernel:
            mean, var, invstd = _statistics_by_kernel(x, eps)
        elif training:
            mean = x.mean(dims)
            var = (x - mean.view(shape)).square().mean(dims)
        if training:
            if running_mean is not None:
                running_mean.mul_(1 - momentum).add_(mean * momentum)
            if running_var is not None:
                running_var.mul_(1 - momentum).add_(var * (momentum * count / (count - 1)))
        else:
            mean = running_mean.detach().to(x.dtype).clone()
            var = running_var.detach().to(x.dtype)
        if not (training and by_kernel):
            invstd = (var + eps).rsqrt()
        if by_kernel:
            out = _normalize_by_kernel(x, mean, invstd, weight, bias)
        else:
            out = (x - mean.view(shape)) * invstd.view(shape)
            if weight is not None:
                out = out * weight.detach().view(shape)
            if bias is not None:
                out = out + bias.detach().view(shape)
    return _record(NativeBatchNormBackward0, out, (input, weight, bias), training=training, eps=eps, mean=mean,
                   invstd=invstd)


def normalize(input, p=2.0, dim=1, eps=1e-12, out=None):
    """Divides ``input`` by its ``p``-norm along ``dim``: ``x / max(||x||_p, eps)``.

    Args:
        input (Tensor): the input.
        p (float): the norm's exponent. Default: ``2.0``.
        dim (int or tuple of int): the dim(s) of each vector. Default: ``1``.
        eps (float): the smallest divisor, to avoid dividing by zero. Default: ``1e-12``.
        out (Tensor, optional): the output tensor.

    Returns:
        Tensor: shaped as ``input``, each vector of unit norm.

    Example::

        >>> import torch.nn.functional as F
        >>> F.normalize(torch.tensor([[3.0, 4.0], [0.0, 0.0]]))
        tensor([[0.6000, 0.8000],
                [0.0000, 0.0000]])
    """
    denom = input.norm(p, dim, keepdim=True).clamp_min(eps).expand_as(input)
    return input / denom
