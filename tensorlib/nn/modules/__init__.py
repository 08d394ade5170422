"""The layers of ``tensorlib.nn``, one module per family (as in PyTorch)."""
from .module import Module
from .container import ModuleDict, ModuleList, Sequential
from .linear import Bilinear, Identity, Linear
from .conv import Conv2d
from .pooling import AvgPool2d, MaxPool2d
from .activation import (ELU, GELU, Hardtanh, LeakyReLU, LogSigmoid, LogSoftmax, ReLU, ReLU6, Sigmoid, SiLU,
                         Softmax, Softmin, Softplus, Tanh)
from .dropout import Dropout
from .batchnorm import BatchNorm1d, BatchNorm2d
from .sparse import Embedding
from .flatten import Flatten, Unflatten
from .normalization import GroupNorm, LayerNorm, LocalResponseNorm, RMSNorm
from .instancenorm import InstanceNorm1d, InstanceNorm2d, InstanceNorm3d
from .attention import MultiheadAttention
from .activation import Softmax2d
from .transformer import (Transformer, TransformerDecoder, TransformerDecoderLayer, TransformerEncoder,
                          TransformerEncoderLayer)
from .loss import BCELoss, BCEWithLogitsLoss, CrossEntropyLoss, L1Loss, MSELoss, NLLLoss, SmoothL1Loss

__all__ = ["Module", "Sequential", "ModuleList", "ModuleDict", "Identity", "Linear", "Bilinear", "Conv2d",
           "MaxPool2d", "AvgPool2d", "ReLU", "ReLU6", "LeakyReLU", "ELU", "GELU", "SiLU", "Softplus", "Hardtanh",
           "Sigmoid", "Tanh", "LogSigmoid", "Softmax", "Softmin", "LogSoftmax", "Dropout", "BatchNorm1d",
           "BatchNorm2d", "Embedding", "Flatten", "Unflatten", "MSELoss", "L1Loss", "SmoothL1Loss",
           "CrossEntropyLoss", "NLLLoss", "BCELoss", "BCEWithLogitsLoss"]
__all__ += ["LayerNorm", "GroupNorm", "RMSNorm"]
__all__ += ["MultiheadAttention", "TransformerEncoderLayer", "TransformerEncoder", "TransformerDecoderLayer",
            "TransformerDecoder", "Transformer"]
__all__ += ["LocalResponseNorm", "InstanceNorm1d", "InstanceNorm2d", "InstanceNorm3d"]
__all__ += ["Softmax2d"]
