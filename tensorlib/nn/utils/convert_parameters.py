"""Parameters as one flat vector and back (``torch.nn.utils.convert_parameters``)."""
from ..._C import TensorBase
from ..._functional import cat as _cat

__all__ = ["parameters_to_vector", "vector_to_parameters"]


def _check_same_device(param, device):
    if device is not None and param.device != device:
        raise TypeError("Found two parameters on different devices, this is currently not supported.")
    return param.device


def parameters_to_vector(parameters):
    """The parameters flattened and concatenated into one 1-D tensor (differentiable)."""
    device = None
    flat = []
    for param in parameters:
        device = _check_same_device(param, device)
        flat.append(param.view(-1))
    return _cat(flat)


def vector_to_parameters(vec, parameters):
    """Copies consecutive slices of the 1-D ``vec`` into the parameters' data
    (each slice viewed as its parameter's shape)."""
    if not isinstance(vec, TensorBase):
        raise TypeError(f"expected torch.Tensor, but got: {type(vec).__name__}")
    device = None
    pointer = 0
    slices = []
    for param in parameters:  # every slice is cut before any parameter changes, so an error changes none
        device = _check_same_device(param, device)
        count = param.numel()
        slices.append((param, vec[pointer:pointer + count].view_as(param)))
        pointer += count
    for param, piece in slices:
        param.data = piece.data
