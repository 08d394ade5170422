"""torch.cuda: availability and device management through the optional CuPy bridge."""


def is_available():
    return False


def _check_device(device):
    raise RuntimeError("Torch not compiled with CUDA enabled")
