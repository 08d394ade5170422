"""batch_norm (NativeBatchNormBackward0) and normalize."""
from ...autograd.grad_mode import no_grad
from ...autograd.graph import SavingNode
from ...ops.nodes._base import needs
from ._common import _channel_shape, _dims_except_channel, _grad_mode, _record


class NativeBatchNormBackward0(SavingNode):
    """batch_norm(input, weight, bias): training mode differentiates through the
    batch statistics; eval mode uses the (constant) running statistics."""
    __slots__ = ("training", "eps")
    saved_names = ("input", "weight", "mean", "invstd")

    def setup(self, inputs, result, ctx):
        self.training = ctx["training"]
        self.eps = ctx["eps"]
        self._save(inputs[0], inputs[1], ctx["mean"], ctx["invstd"])

    def apply(self, grads):
        g = grads[0]
        x, weight, mean, invstd = self._unpack()
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
    """Normalises each channel (dim 1) by the batch statistics (``training``,
    which also updates the running ones in place) or the running statistics."""
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
        if training:
            mean = x.mean(dims)
            var = (x - mean.view(shape)).square().mean(dims)
            if running_mean is not None:
                running_mean.mul_(1 - momentum).add_(mean * momentum)
            if running_var is not None:
                running_var.mul_(1 - momentum).add_(var * (momentum * count / (count - 1)))
        else:
            mean = running_mean.detach().to(x.dtype).clone()
            var = running_var.detach().to(x.dtype)
        invstd = (var + eps).rsqrt()
        out = (x - mean.view(shape)) * invstd.view(shape)
        if weight is not None:
            out = out * weight.detach().view(shape)
        if bias is not None:
            out = out + bias.detach().view(shape)
    return _record(NativeBatchNormBackward0, out, (input, weight, bias), training=training, eps=eps, mean=mean,
                   invstd=invstd)


def normalize(input, p=2.0, dim=1, eps=1e-12, out=None):
    denom = input.norm(p, dim, keepdim=True).clamp_min(eps).expand_as(input)
    return input / denom
