"""PyTorch-exact printing of tensors."""


def tensor_repr(t):
    return "tensor(" + repr(t._host_array().tolist()) + ")"


def set_printoptions(precision=None, threshold=None, edgeitems=None, linewidth=None, profile=None,
                     sci_mode=None):
    pass
