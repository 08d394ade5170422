"""instance_norm (batch_norm of each sample's channels on their own) and
local_response_norm (each element divided by the energy of its neighbouring
channels)."""
from ...autograd.grad_mode import no_grad
from ._normalization import batch_norm
from ._padding import pad


def instance_norm(input, running_mean=None, running_var=None, weight=None, bias=None, use_input_stats=True,
                  momentum=0.1, eps=1e-5):
    """Normalises each channel of each sample over its positions, then scales and shifts each channel.

    Args:
        input (Tensor): ``(N, C, *)``.
        running_mean, running_var (Tensor, optional): ``(C,)`` running estimates, updated in place
            when ``use_input_stats``.
        weight, bias (Tensor, optional): ``(C,)``.
        use_input_stats (bool): use each instance's statistics rather than the running ones.
            Default: ``True``.
        momentum (float): the running estimates' update rate. Default: ``0.1``.
        eps (float): added to the variance. Default: ``1e-5``.

    Returns:
        Tensor: shaped as ``input``.
    """
    shape = tuple(input.shape)
    if use_input_stats:
        spatial = 1
        for size in shape[2:]:
            spatial *= size
        if spatial == 1:
            raise ValueError(f"Expected more than 1 spatial element when training, got input size {input.size()}")
    elif running_mean is None or running_var is None:
        raise RuntimeError("Expected running_mean and running_var to be defined when use_input_stats is false")
    samples, channels = shape[0], shape[1]

    def per_instance(t):
        return None if t is None else t.repeat(samples)
    statistics = (per_instance(running_mean), per_instance(running_var))
    out = batch_norm(input.reshape(1, samples * channels, *shape[2:]), *statistics, per_instance(weight),
                     per_instance(bias), use_input_stats, momentum, eps)
    with no_grad():
        for running, updated in zip((running_mean, running_var), statistics):
            if running is not None and use_input_stats:
                running.copy_(updated.view(samples, channels).mean(0))
    return out.view(shape)


def local_response_norm(input, size, alpha=1e-4, beta=0.75, k=1.0):
    """Divides each element by ``(k + alpha * mean of x ** 2 over the size channels around it) ** beta``.

    Args:
        input (Tensor): ``(N, C, *)``.
        size (int): the number of neighbouring channels.
        alpha (float): the scale. Default: ``1e-4``.
        beta (float): the exponent. Default: ``0.75``.
        k (float): the additive constant. Default: ``1.0``.

    Returns:
        Tensor: shaped as ``input``.
    """
    dim = input.dim()
    if dim < 3:
        raise ValueError("Expected 3D or higher dimensionality                          input (got "
                         f"{dim} dimensions)")
    if input.numel() == 0:
        return input
    channels = input.shape[1]
    squares = input * input
    spread = (0, 0) * (dim - 2) + (size // 2, (size - 1) // 2)
    padded = pad(squares, spread)
    window = padded.narrow(1, 0, channels)
    for offset in range(1, size):   # a loop over the window, each step a whole-tensor op
        window = window + padded.narrow(1, offset, channels)
    return input / (window * (alpha / size) + k).pow(beta)


def torch_instance_norm(input, weight, bias, running_mean, running_var, use_input_stats, momentum, eps,
                        cudnn_enabled):
    """``torch.instance_norm``: ``F.instance_norm`` with ATen's argument order, every argument
    required (``cudnn_enabled`` picks a CUDA library; nothing here)."""
    return instance_norm(input, running_mean, running_var, weight, bias, use_input_stats, momentum, eps)


torch_instance_norm.__name__ = torch_instance_norm.__qualname__ = "instance_norm"
