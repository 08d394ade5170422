"""Convolution, pooling, resampling and padding (conv1d/3d, conv_transpose1d/2d,
avg/max_pool1d, adaptive pooling, interpolate, unfold/fold, the padding layers, one_hot)
without PyTorch: values against NumPy references and identities, float64
gradcheck, and every refusal with PyTorch's class and message (observed on
PyTorch 2.13; ``test_nn_conv_parity.py`` replays the same expressions and reprs
against PyTorch itself).

Each error case is an expression over ``torch`` (tensorlib here), ``F``, ``nn``
and the inputs ``x1`` (2, 4, 9), ``x2`` (2, 4, 9, 8), ``x3`` (1, 2, 3, 4, 5)."""
import warnings

import numpy as np
import pytest

import tensorlib
import tensorlib.nn as nn
import tensorlib.nn.functional as F
from tensorlib.autograd import gradcheck, gradgradcheck

pytestmark = [pytest.mark.filterwarnings("ignore:Using padding='same' with even kernel lengths"),
              pytest.mark.filterwarnings("ignore:Default grid_sample and affine_grid behavior")]


def namespace(torch):
    """The names the expressions use, over ``torch`` (tensorlib or PyTorch)."""
    return {"torch": torch, "nn": torch.nn, "F": torch.nn.functional,
            "x1": torch.ones(2, 4, 9, requires_grad=True), "x2": torch.ones(2, 4, 9, 8, requires_grad=True),
            "x3": torch.ones(1, 2, 3, 4, 5)}


def raised(expression, torch=tensorlib):
    """(exception class name, message) raised by ``expression``."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            eval(expression, namespace(torch))
    except Exception as error:   # noqa: BLE001 - the class is what is compared
        return type(error).__name__, str(error).split("\nException raised from")[0]
    raise AssertionError(f"{expression} raised nothing")


ERRORS = [
    ("F.interpolate(x2, size=5, mode='nearest', align_corners=True)", 'ValueError', 'align_corners option can only be set with the interpolating modes: linear | bilinear | bicubic | trilinear'),
    ("F.interpolate(x2, size=5, mode='linear')", 'NotImplementedError', 'Got 4D input, but linear mode needs 3D input'),
    ("F.interpolate(x1, size=5, mode='bilinear')", 'NotImplementedError', 'Got 3D input, but bilinear mode needs 4D input'),
    ('F.interpolate(x2, size=5, scale_factor=2)', 'ValueError', 'only one of size or scale_factor should be defined'),
    ('F.interpolate(x2)', 'ValueError', 'either size or scale_factor should be defined'),
    ('F.interpolate(x2, size=(5,))', 'ValueError', 'Input and output must have the same number of spatial dimensions, but got input with spatial dimensions of [9, 8] and output size of (5,). Please provide input tensor in (N, C, d1, d2, ...,dK) format and output size in (o1, o2, ...,oK) format.'),
    ('F.interpolate(x2, scale_factor=(2,))', 'ValueError', 'Input and scale_factor must have the same number of spatial dimensions, but got input with spatial dimensions of [9, 8] and scale_factor of shape (2,). Please provide input tensor in (N, C, d1, d2, ...,dK) format and scale_factor in (s1, s2, ...,sK) format.'),
    ('F.interpolate(x2, size=(5,4,3))', 'ValueError', 'Input and output must have the same number of spatial dimensions, but got input with spatial dimensions of [9, 8] and output size of (5, 4, 3). Please provide input tensor in (N, C, d1, d2, ...,dK) format and output size in (o1, o2, ...,oK) format.'),
    ("F.interpolate(x2, size=5, mode='foo')", 'NotImplementedError', 'Input Error: Only 3D, 4D and 5D input Tensors supported (got 4D) for the modes: nearest | linear | bilinear | bicubic | trilinear | lanczos | area | nearest-exact (got foo)'),
    ('F.interpolate(x2, size=0)', 'RuntimeError', 'Input and output sizes should be greater than 0, but got input (H: 9, W: 8) output (H: 0, W: 0)'),
    ('F.interpolate(x2, scale_factor=0.01)', 'RuntimeError', 'Input and output sizes should be greater than 0, but got input (H: 9, W: 8) output (H: 0, W: 0)'),
    ('F.interpolate(x2[0,0], size=5)', 'NotImplementedError', 'Input Error: Only 3D, 4D and 5D input Tensors supported (got 2D) for the modes: nearest | linear | bilinear | bicubic | trilinear | lanczos | area | nearest-exact (got nearest)'),
    ('F.interpolate(x2, size=5, antialias=True)', 'ValueError', 'Anti-alias option is restricted to bilinear, bicubic, and lanczos modes and requires a 4-D tensor as input'),
    ('F.interpolate(x2, size=5, recompute_scale_factor=True)', 'ValueError', 'recompute_scale_factor is not meaningful with an explicit size.'),
    ('F.interpolate(x2.long(), size=5)', 'NotImplementedError', '"upsample_nearest2d_channels_last" not implemented for \'Long\''),
    ("F.interpolate(x2.long(), size=5, mode='bilinear')", 'NotImplementedError', '"upsample_bilinear2d_channels_last" not implemented for \'Long\''),
    ('F.interpolate(x2, scale_factor=-1.0)', 'RuntimeError', 'Input and output sizes should be greater than 0, but got input (H: 9, W: 8) output (H: -9, W: -8)'),
    ("F.interpolate(x1, size=5, mode='bicubic')", 'NotImplementedError', 'Input Error: Only 3D, 4D and 5D input Tensors supported (got 3D) for the modes: nearest | linear | bilinear | bicubic | trilinear | lanczos | area | nearest-exact (got bicubic)'),
    ("F.interpolate(x1, size=5, mode='trilinear')", 'NotImplementedError', 'Got 3D input, but trilinear mode needs 5D input'),
    ('F.interpolate(x1, size=0)', 'RuntimeError', 'Input and output sizes should be greater than 0, but got input (W: 9) and output (W: 0)'),
    ('F.interpolate(x1, size=-1)', 'RuntimeError', 'Input and output sizes should be greater than 0, but got input (W: 9) and output (W: -1)'),
    ('F.interpolate(x3, size=0)', 'RuntimeError', 'Input and output sizes should be greater than 0, but got input (D: 3, H: 4, W: 5) output (D: 0, H: 0, W: 0)'),
    ('F.interpolate(x1.long(), size=5)', 'NotImplementedError', '"compute_indices_weights_nearest" not implemented for \'Long\''),
    ("F.interpolate(x1.long(), size=5, mode='linear')", 'NotImplementedError', '"compute_indices_weights_linear" not implemented for \'Long\''),
    ("F.interpolate(x2.long(), size=5, mode='bicubic')", 'NotImplementedError', '"compute_indices_weights_cubic" not implemented for \'Long\''),
    ('F.interpolate(x2.int(), size=5)', 'NotImplementedError', '"upsample_nearest2d_channels_last" not implemented for \'Int\''),
    ('F.interpolate(x2>0, size=5)', 'NotImplementedError', '"upsample_nearest2d_channels_last" not implemented for \'Bool\''),
    ("F.interpolate(x2, size=(5,4), mode='area', align_corners=False)", 'ValueError', 'align_corners option can only be set with the interpolating modes: linear | bilinear | bicubic | trilinear'),
    ('F.interpolate(x2, size=(5,None))', 'TypeError', "expected size to be one of int or Tuple[int] or Tuple[int, int] or Tuple[int, int, int], but got size with types [<class 'int'>, <class 'NoneType'>]"),
    ('F.interpolate(torch.ones(2,3,0,4), size=5)', 'RuntimeError', 'Input and output sizes should be greater than 0, but got input (H: 0, W: 4) output (H: 5, W: 5)'),
    ('F.interpolate(torch.ones(2,0,4,4), size=5)', 'RuntimeError', 'Non-empty 4D data tensor expected but got a tensor with sizes [2, 0, 4, 4]'),
    ("F.interpolate(x1.to(torch.uint8), size=7, mode='linear')", 'NotImplementedError', '"compute_indices_weights_linear" not implemented for \'Byte\''),
    ("F.interpolate(x3.long(), size=7, mode='nearest-exact')", 'NotImplementedError', '"compute_indices_weights_nearest" not implemented for \'Long\''),
    ('nn.Upsample(size=5, scale_factor=2)(x2)', 'ValueError', 'only one of size or scale_factor should be defined'),
    ("nn.Upsample(scale_factor=2, mode='nearest', align_corners=True)(x2)", 'ValueError', 'align_corners option can only be set with the interpolating modes: linear | bilinear | bicubic | trilinear'),
    ('nn.ReflectionPad1d(2)(x1[0,0])', 'NotImplementedError', 'Padding size 2 is not supported for 1D input tensor.\nSupported combinations for non-constant padding:\n  - 2D or 3D input: padding size = 2 (pads last dimension)\n  - 3D or 4D input: padding size = 4 (pads last 2 dimensions)\n  - 4D or 5D input: padding size = 6 (pads last 3 dimensions)'),
    ('nn.CircularPad1d(2)(x1[0,0])', 'ValueError', 'expected 2D or 3D input (got 1D input)'),
    ('F.one_hot(torch.tensor([1,3]), 2)', 'RuntimeError', 'Class values must be smaller than num_classes.'),
    ('F.one_hot(torch.tensor([1,3]).int())', 'RuntimeError', 'one_hot is only applicable to index tensor of type LongTensor.'),
    ('F.one_hot(torch.tensor([-1,3]))', 'RuntimeError', 'Class values must be non-negative.'),
    ('F.one_hot(torch.tensor([], dtype=torch.long))', 'RuntimeError', 'Can not infer total number of classes from empty tensor.'),
    ('F.one_hot(torch.tensor([1,3]), -2)', 'RuntimeError', 'Class values must be smaller than num_classes.'),
    ('F.one_hot(torch.tensor([1,3]), 0)', 'RuntimeError', 'Class values must be smaller than num_classes.'),
    ('F.one_hot(torch.tensor([1,3]), 2.0)', 'TypeError', "one_hot(): argument 'num_classes' (position 2) must be int, not float"),
    ('F.one_hot(torch.tensor([1.,3]))', 'RuntimeError', 'one_hot is only applicable to index tensor of type LongTensor.'),
    ('F.one_hot(torch.tensor([], dtype=torch.long), -2)', 'RuntimeError', 'Can not infer total number of classes from empty tensor.'),
    ('F.one_hot(torch.tensor([], dtype=torch.long), 0).shape', 'RuntimeError', 'Can not infer total number of classes from empty tensor.'),
    ('F.one_hot(torch.tensor([1,3]), True)', 'TypeError', "one_hot(): argument 'num_classes' (position 2) must be int, not bool"),
    ('F.max_pool1d(x1, 3, stride=0)', 'RuntimeError', 'max_pool1d() stride must be greater than zero, but got 0'),
    ('F.max_pool1d(x1, 3, stride=(1,1))', 'RuntimeError', 'max_pool1d() stride must be None, an int, list of ints, or tuple of ints of size 1 but got size 2'),
    ('F.max_pool1d(x1, 3, dilation=0)', 'RuntimeError', 'max_pool1d() dilation must be greater than zero, but got 0'),
    ('F.max_pool1d(x1, 3, dilation=(1,2))', 'RuntimeError', 'max_pool1d() dilation must be an int, list of ints or tuple of ints of size 1 but got size 2'),
    ('F.max_pool1d(x1, 3, padding=-1)', 'RuntimeError', 'max_pool1d() padding must be non-negative, but got -1'),
    ('F.max_pool1d(x1, 3, padding=(1,1))', 'RuntimeError', 'max_pool1d() padding must be an int, list of ints, or tuple of ints of size 1 but got size 2'),
    ('F.max_pool1d(x1, -3)', 'RuntimeError', 'max_pool1d() kernel_size must be greater than zero, but got -3'),
    ('F.max_pool1d(x1, 3, stride=-1)', 'RuntimeError', 'max_pool1d() stride must be greater than zero, but got -1'),
    ('F.max_pool1d(x1.detach(), 3, dilation=-1)', 'RuntimeError', 'max_pool1d() dilation must be greater than zero, but got -1'),
    ('F.max_pool1d(x1, 3.0)', 'TypeError', "max_pool1d(): argument 'kernel_size' (position 2) must be tuple of ints, not float"),
    ('F.max_pool1d(x1.long(), 3)', 'NotImplementedError', '"max_pool1d_impl" not implemented for \'Long\''),
    ('F.max_pool1d(x1 > 0, 3)', 'NotImplementedError', '"max_pool1d_impl" not implemented for \'Bool\''),
    ('F.max_pool1d(torch.ones(2,0,5), 3)', 'RuntimeError', 'max_pool1d: Expected 2D or 3D (batch mode) tensor with optional 0 dim batch size for input, but got:[2, 0, 5]'),
    ('F.max_pool1d(torch.ones(2,3,0), 3)', 'RuntimeError', 'max_pool1d: Expected 2D or 3D (batch mode) tensor with optional 0 dim batch size for input, but got:[2, 3, 0]'),
    ('F.max_pool1d(x1, (3,1))', 'RuntimeError', 'max_pool1d() kernel_size must be an int, list of ints or tuple of ints of size 1 but got size 2'),
    ('F.max_pool1d(x1, 0)', 'RuntimeError', 'max_pool1d() kernel_size must be greater than zero, but got 0'),
    ('F.max_pool1d(x1[0,0], 3)', 'RuntimeError', 'max_pool1d: Expected 2D or 3D (batch mode) tensor with optional 0 dim batch size for input, but got:[9]'),
    ('F.max_pool1d(x1, 3, padding=2)', 'RuntimeError', 'max_pool1d() padding should be at most half of kernel size, but got padding=2 and kernel_size=3'),
    ('F.max_pool1d(x1.detach(), 20)', 'RuntimeError', 'max_pool1d() Invalid computed output size: 0'),
    ('F.max_pool1d(x1, 20)', 'RuntimeError', 'max_pool1d() Invalid computed output size: 0'),
    ('F.max_pool1d(torch.ones(1,5), 3, dilation=3)', 'RuntimeError', 'max_pool1d() Invalid computed output size: 0'),
    ('F.max_pool1d(torch.ones(1,5), 3, dilation=3, return_indices=True)', 'RuntimeError', 'Given input size: (1x1x5). Calculated output size: (1x1x0). Output size is too small'),
    ('F.avg_pool1d(x1, 3, stride=(1,1))', 'RuntimeError', "avg_pool1d() argument 'stride' should contain one int (got 2)"),
    ('F.avg_pool1d(x1, 3, padding=(1,1))', 'RuntimeError', "avg_pool1d() argument 'padding' should contain one int (got 2)"),
    ('F.avg_pool1d(x1, 3, padding=-1)', 'RuntimeError', 'pad must be non-negative, but got pad: -1'),
    ('F.avg_pool1d(x1, 3, stride=-1)', 'RuntimeError', 'stride should be greater than zero, but got dH: 1 dW: -1'),
    ('F.avg_pool1d(x1, -3)', 'RuntimeError', 'pad should be at most half of effective kernel size, but got pad=0, kernel_size=-3 and dilation=1'),
    ('F.avg_pool1d(x1.int(), 3)', 'NotImplementedError', '"avg_pool2d" not implemented for \'Int\''),
    ('F.avg_pool1d(torch.ones(2,0,5), 3)', 'RuntimeError', 'Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but got:[2, 0, 1, 5]'),
    ('F.avg_pool1d(x1, 3.0)', 'TypeError', "avg_pool1d(): argument 'kernel_size' (position 2) must be tuple of ints, not float"),
    ('F.avg_pool1d(x1, (3,1))', 'RuntimeError', "avg_pool1d() argument 'kernel_size' should contain one int (got 2)"),
    ('F.avg_pool1d(x1, 0)', 'RuntimeError', 'stride should not be zero'),
    ('F.avg_pool1d(x1[0,0], 3)', 'RuntimeError', "Expected 2 to 3 dimensions, but got 1-dimensional tensor for argument #1 'self' (while checking arguments for avg_pool1d)"),
    ('F.avg_pool1d(x1, 3, padding=2)', 'RuntimeError', 'pad should be at most half of effective kernel size, but got pad=2, kernel_size=3 and dilation=1'),
    ('F.avg_pool1d(x1, 20)', 'RuntimeError', 'Given input size: (4x1x9). Calculated output size: (4x1x0). Output size is too small'),
    ('F.adaptive_max_pool1d(x1, (2,3))', 'RuntimeError', "adaptive_max_pool1d() argument 'output_size' should contain one int (got 2)"),
    ('F.adaptive_max_pool1d(x1, -1)', 'RuntimeError', 'Trying to create tensor with negative dimension -1: [2, 4, 1, -1]'),
    ('F.adaptive_max_pool2d(x2, (2,3,4))', 'RuntimeError', 'adaptive_max_pool2d(): internal error: output_size.size() must be 2'),
    ('F.adaptive_max_pool2d(x1[0,0], 4)', 'RuntimeError', 'adaptive_max_pool2d(): Expected 3D or 4D tensor, but got: [9]'),
    ('F.adaptive_max_pool1d(x1[0,0], 4)', 'RuntimeError', "Expected 2 to 3 dimensions, but got 1-dimensional tensor for argument #1 'self' (while checking arguments for adaptive_max_pool1d)"),
    ('F.adaptive_avg_pool1d(x1[0,0], 4)', 'RuntimeError', "Expected 2 to 3 dimensions, but got 1-dimensional tensor for argument #1 'self' (while checking arguments for adaptive_avg_pool1d)"),
    ('F.adaptive_max_pool2d(x2, -1)', 'RuntimeError', 'Trying to create tensor with negative dimension -1: [2, 4, -1, -1]'),
    ('F.adaptive_avg_pool2d(x2, -1)', 'RuntimeError', 'adaptive_avg_pool2d: elements of output_size must be greater than or equal to 0 but received {-1, -1}'),
    ('F.adaptive_avg_pool2d(torch.ones(2,3,0,4), 2)', 'RuntimeError', 'adaptive_avg_pool2d(): Expected input to have non-zero size for non-batch dimensions, but input has sizes [2, 3, 0, 4] with dimension 2 being empty'),
    ('F.adaptive_max_pool2d(torch.ones(2,3,0,4), 2)', 'RuntimeError', 'adaptive_max_pool2d(): Expected input to have non-zero size for non-batch dimensions, but input has sizes [2, 3, 0, 4] with dimension 2 being empty'),
    ('F.adaptive_avg_pool2d(x2, (3.0, 2))', 'TypeError', "adaptive_avg_pool2d(): argument 'output_size' (position 2) must be tuple of ints, but found element of type float at pos 0"),
    ('F.adaptive_avg_pool1d(x1, 3.0)', 'TypeError', "adaptive_avg_pool1d(): argument 'output_size' (position 2) must be tuple of ints, not float"),
    ('F.adaptive_avg_pool1d(x1, -1)', 'RuntimeError', 'adaptive_avg_pool2d: elements of output_size must be greater than or equal to 0 but received {1, -1}'),
    ('F.adaptive_avg_pool1d(x1, (2,3))', 'RuntimeError', "adaptive_avg_pool1d() argument 'output_size' should contain one int (got 2)"),
    ('F.adaptive_avg_pool2d(x1[0,0], 3)', 'RuntimeError', 'adaptive_avg_pool2d(): Expected 3D or 4D tensor, but got [9]'),
    ('F.adaptive_avg_pool2d(x2, (2,3,4))', 'RuntimeError', 'adaptive_avg_pool2d: output_size must be 2'),
    ('F.adaptive_avg_pool2d(x2.long(), 3)', 'NotImplementedError', '"adaptive_avg_pool2d" not implemented for \'Long\''),
    ('F.adaptive_max_pool2d(x2.long(), 3)', 'NotImplementedError', '"adaptive_max_pool2d" not implemented for \'Long\''),
    ('F.conv1d(x1, torch.ones(6,2,3), stride=(1,1), groups=2)', 'RuntimeError', 'expected stride to be a single integer value or a list of 1 values to match the convolution dimensions, but got stride=[1, 1]'),
    ('F.conv1d(x1, torch.ones(6,2,3), padding=(1,1), groups=2)', 'RuntimeError', 'expected padding to be a single integer value or a list of 1 values to match the convolution dimensions, but got padding=[1, 1]'),
    ('F.conv1d(x1[:1,:,:1], torch.ones(6,2,3), groups=2)', 'RuntimeError', "Calculated padded input size per channel: (1). Kernel size: (3). Kernel size can't be greater than actual input size"),
    ('F.conv1d(x1, torch.ones(6,2,3), groups=2, bias=torch.ones(6).double())', 'RuntimeError', 'Input type (float) and bias type (double) should be the same'),
    ("F.conv1d(x1, torch.ones(6,2,3), groups=2, padding='foo')", 'RuntimeError', "Invalid padding string: 'foo'"),
    ("F.conv1d(x1, torch.ones(6,2,3), groups=2, padding='same', stride=2)", 'RuntimeError', "padding='same' is not supported for strided convolutions"),
    ('F.conv1d(x1.view(1,2,4,9), torch.ones(6,2,3))', 'RuntimeError', 'Expected 2D (unbatched) or 3D (batched) input to conv1d, but got input of size: [1, 2, 4, 9]'),
    ('F.conv1d(x1, torch.ones(6,2,3,3))', 'RuntimeError', 'Expected 4-dimensional input for 4-dimensional weight [6, 2, 3, 3], but got 3-dimensional input of size [2, 4, 9] instead'),
    ('F.conv1d(x1.view(8,9), torch.ones(6,2,3))', 'RuntimeError', 'Given groups=1, weight of size [6, 2, 3], expected input[1, 8, 9] to have 2 channels, but got 8 channels instead'),
    ('F.conv_transpose1d(x1, torch.ones(4,3,3), output_padding=1)', 'RuntimeError', 'output padding must be smaller than either stride or dilation, but got output_padding_height: 0 output_padding_width: 1 stride_height: 1 stride_width: 1 dilation_height: 1 dilation_width: 1'),
    ('F.conv_transpose1d(x1, torch.ones(4,3,3), stride=0)', 'RuntimeError', 'non-positive stride is not supported'),
    ('F.conv_transpose1d(x1, torch.ones(4,3,3), groups=0)', 'RuntimeError', 'non-positive groups is not supported'),
    ('F.conv_transpose1d(x1, torch.ones(4,3,3), stride=(1,1))', 'RuntimeError', 'expected stride to be a single integer value or a list of 1 values to match the convolution dimensions, but got stride=[1, 1]'),
    ('F.conv_transpose1d(x1, torch.ones(4,3,3), output_padding=(1,1), stride=2)', 'RuntimeError', 'expected output_padding to be a single integer value or a list of 1 values to match the convolution dimensions, but got output_padding=[1, 1]'),
    ('F.conv_transpose1d(x1, torch.ones(4,3,3,3))', 'RuntimeError', 'Expected 4-dimensional input for 4-dimensional weight [4, 3, 3, 3], but got 3-dimensional input of size [2, 4, 9] instead'),
    ('F.conv_transpose2d(x2, torch.ones(4,3,3))', 'RuntimeError', 'expected stride to be a single integer value or a list of 1 values to match the convolution dimensions, but got stride=[1, 1]'),
    ('F.conv_transpose1d(x1[0,0], torch.ones(4,3,3))', 'RuntimeError', 'Expected 2D (unbatched) or 3D (batched) input to conv_transpose1d, but got input of size: [9]'),
    ('F.conv_transpose1d(x1, torch.ones(4,3,3), groups=8)', 'RuntimeError', 'Given groups=8, expected weight to be at least 8 at dimension 0, but got weight of size [4, 3, 3] instead'),
    ('F.conv_transpose2d(x2, torch.ones(4,3,3,2), stride=(2,1), output_padding=(1,1))', 'RuntimeError', 'output padding must be smaller than either stride or dilation, but got output_padding_height: 1 output_padding_width: 1 stride_height: 2 stride_width: 1 dilation_height: 1 dilation_width: 1'),
    ('F.conv_transpose2d(x2, torch.ones(4,3,3,2), stride=1, output_padding=1)', 'RuntimeError', 'output padding must be smaller than either stride or dilation, but got output_padding_height: 1 output_padding_width: 1 stride_height: 1 stride_width: 1 dilation_height: 1 dilation_width: 1'),
    ('F.conv_transpose2d(x2, torch.ones(4,3,3,2), stride=2, output_padding=2)', 'RuntimeError', 'output padding must be smaller than either stride or dilation, but got output_padding_height: 2 output_padding_width: 2 stride_height: 2 stride_width: 2 dilation_height: 1 dilation_width: 1'),
    ('F.conv_transpose2d(x2, torch.ones(3,3,3,2))', 'RuntimeError', 'Given transposed=1, weight of size [3, 3, 3, 2], expected input[2, 4, 9, 8] to have 3 channels, but got 4 channels instead'),
    ('F.conv_transpose2d(x2, torch.ones(4,3,3,2), groups=3)', 'RuntimeError', 'Given groups=3, expected weight to be divisible by 3 at dimension 0, but got weight of size [[4, 3, 3, 2]] instead'),
    ('F.conv_transpose2d(x2, torch.ones(4,3,3,2), padding=-1)', 'RuntimeError', 'negative padding is not supported'),
    ('F.conv_transpose2d(x2, torch.ones(4,3,3,2), output_padding=-1)', 'RuntimeError', 'negative output_padding is not supported'),
    ('F.conv_transpose2d(x2, torch.ones(4,3,3,2), bias=torch.ones(4))', 'RuntimeError', 'Given transposed=1, weight of size [4, 3, 3, 2], expected bias to be 1-dimensional with 3 elements, but got bias of size [4] instead'),
    ('F.conv_transpose2d(x2[0,0], torch.ones(4,3,3,2))', 'RuntimeError', 'Expected 3D (unbatched) or 4D (batched) input to conv_transpose2d, but got input of size: [9, 8]'),
    ('F.conv_transpose2d(torch.ones(1,1,5,5).double(), torch.ones(1,1,0,1).double())', 'RuntimeError', 'kernel size should be greater than zero, but got kernel_height: 0 kernel_width: 1'),
    ('F.conv_transpose2d(torch.ones(1,1,5,5).double(), torch.ones(1,1,3,3).double(), padding=4)', 'RuntimeError', 'Given input size per channel: (5 x 5). Calculated output size per channel: (-1 x -1). Output size is too small'),
    ('F.conv_transpose2d(torch.ones(1,1,5,5).double(), torch.ones(1,1,3,3).double(), dilation=0)', 'RuntimeError', 'dilation should be greater than zero, but got dilation_height: 0, dilation_width: 0'),
    ('F.conv_transpose1d(torch.ones(1,1,5).double(), torch.ones(1,1,3).double(), padding=4)', 'RuntimeError', 'Given input size per channel: (1 x 5). Calculated output size per channel: (1 x -1). Output size is too small'),
    ('F.conv_transpose2d(torch.ones(1,1,5,5), torch.ones(1,1,3,3).double())', 'RuntimeError', 'expected scalar type Float but found Double'),
    ('F.conv1d(torch.ones(1,5), torch.ones(1,1,3).double())', 'RuntimeError', 'expected scalar type Float but found Double'),
    ('F.conv1d(torch.ones(1,1,5).double(), torch.ones(1,1,0).double())', 'RuntimeError', 'kernel size should be greater than zero, but got kernel_height: 1 kernel_width: 0'),
    ('F.conv_transpose1d(torch.ones(1,0,5), torch.ones(0,1,3))', 'RuntimeError', 'Given groups=1, expected weight to be at least 1 at dimension 0, but got weight of size [0, 1, 3] instead'),
    ('F.unfold(x2[0, 0], 2)', 'IndexError', 'Dimension out of range (expected to be in range of [-2, 1], but got 2)'),
    ('F.unfold(x2[0, 0, 0], 2)', 'IndexError', 'Dimension out of range (expected to be in range of [-1, 0], but got -2)'),
    ('F.unfold(x2, 0)', 'RuntimeError', 'kernel size should be greater than zero, but got kernel_height: 0 kernel_width: 0'),
    ('F.unfold(x2, 2, dilation=0)', 'RuntimeError', 'dilation should be greater than zero, but got dilation_height: 0 dilation_width: 0'),
    ('F.unfold(x2, 2, padding=-1)', 'RuntimeError', 'padding should be non-negative, but got pad_height: -1 pad_width: -1'),
    ('F.unfold(x2, 2, stride=0)', 'RuntimeError', 'stride should be greater than zero, but got stride_height: 0 stride_width: 0'),
    ('F.unfold(x2, 10)', 'RuntimeError', 'Given input with spatial size (9, 8), kernel_size=(10, 10), dilation=(1, 1), padding=(0, 0), calculated shape of the array of sliding blocks as (0, -1), but its components must be at least one.'),
    ('F.unfold(x2, (2, 2, 2))', 'RuntimeError', 'It is expected kernel_size equals to 2, but got size 3'),
    ('F.unfold(x2, 2.0)', 'TypeError', "im2col(): argument 'kernel_size' (position 2) must be tuple of ints, but found element of type float at pos 0"),
    ('F.unfold(x2.long(), 2)', 'NotImplementedError', '"im2col_out_cpu" not implemented for \'Long\''),
    ('F.unfold(torch.ones(2, 0, 3, 3), 2)', 'RuntimeError', 'Expected 3D or 4D (batch mode) tensor with possibly 0 batch size and other non-zero dimensions for input, but got: [2, 0, 3, 3]'),
    ('F.unfold(x2, 2, dilation=0, padding=-1, stride=0)', 'RuntimeError', 'dilation should be greater than zero, but got dilation_height: 0 dilation_width: 0'),
    ('F.unfold(x2, 2, padding=-1, stride=0)', 'RuntimeError', 'padding should be non-negative, but got pad_height: -1 pad_width: -1'),
    ('F.unfold(x2, 2, (1, 1, 1))', 'RuntimeError', 'It is expected dilation equals to 2, but got size 3'),
    ('F.fold(torch.ones(2, 12, 20), (5, 6), 3)', 'RuntimeError', "Expected size of input's dimension 1 to be divisible by the product of kernel_size, but got input.size(1)=12 and kernel_size=(3, 3)."),
    ('F.fold(torch.ones(2, 12, 20), (5, 5), 2)', 'RuntimeError', "Given output_size=(5, 5), kernel_size=(2, 2), dilation=(1, 1), padding=(0, 0), stride=(1, 1), expected size of input's dimension 2 to match the calculated number of sliding blocks 4 * 4 = 16, but got input.size(2)=20."),
    ('F.fold(torch.ones(2, 12, 20), (5, 6), 2, stride=0)', 'RuntimeError', 'stride should be greater than zero, but got stride_height: 0 stride_width: 0'),
    ('F.fold(torch.ones(2, 12, 20), (5, 6), 0)', 'RuntimeError', 'kernel size should be greater than zero, but got kernel_height: 0 kernel_width: 0'),
    ('F.fold(torch.ones(2, 12, 20), (5, 6), 2, padding=-1)', 'RuntimeError', 'padding should be non-negative, but got pad_height: -1 pad_width: -1'),
    ('F.fold(torch.ones(2, 12, 20), (5, 6), 2, dilation=0)', 'RuntimeError', 'dilation should be greater than zero, but got dilation_height: 0 dilation_width: 0'),
    ('F.fold(torch.ones(2, 12, 20), 5, 2)', 'RuntimeError', "Given output_size=(5, 5), kernel_size=(2, 2), dilation=(1, 1), padding=(0, 0), stride=(1, 1), expected size of input's dimension 2 to match the calculated number of sliding blocks 4 * 4 = 16, but got input.size(2)=20."),
    ('F.fold(torch.ones(2, 12, 20), (0, 6), 2)', 'RuntimeError', "Given output_size=(0, 6), kernel_size=(2, 2), dilation=(1, 1), padding=(0, 0), stride=(1, 1), expected size of input's dimension 2 to match the calculated number of sliding blocks -1 * 5 = -5, but got input.size(2)=20."),
    ('F.fold(torch.ones(2, 12, 20)[0, 0], (5, 6), 2)', 'RuntimeError', 'Expected 2D or 3D (batch mode) tensor for input with possibly 0 batch size and non-zero dimensions for input, but got: [20]'),
    ('F.fold(torch.ones(2, 12, 20), (5, 6, 1), 2)', 'RuntimeError', 'It is expected output_size equals to 2, but got size 3'),
    ('F.fold(torch.ones(2, 12, 20).long(), (5, 6), 2)', 'NotImplementedError', '"col2im_out_cpu" not implemented for \'Long\''),
    ('F.fold(torch.ones(2, 0, 20), (5, 6), 2)', 'RuntimeError', 'Expected 2D or 3D (batch mode) tensor for input with possibly 0 batch size and non-zero dimensions for input, but got: [2, 0, 20]'),
    ('F.fold(torch.ones(2, 12, 0), (5, 6), 2)', 'RuntimeError', 'Expected 2D or 3D (batch mode) tensor for input with possibly 0 batch size and non-zero dimensions for input, but got: [2, 12, 0]'),
    ('F.fold(torch.ones(2, 12, 20), (5, 6), 2, dilation=0, padding=-1, stride=0)', 'RuntimeError', 'stride should be greater than zero, but got stride_height: 0 stride_width: 0'),
    ('F.fold(torch.ones(2, 12, 20), (5, 6), 2, dilation=0, padding=-1)', 'RuntimeError', 'dilation should be greater than zero, but got dilation_height: 0 dilation_width: 0'),
    ('F.fold(torch.ones(2, 12, 20), (5, 6), 2, 1, 1, 1)', 'RuntimeError', "Given output_size=(5, 6), kernel_size=(2, 2), dilation=(1, 1), padding=(1, 1), stride=(1, 1), expected size of input's dimension 2 to match the calculated number of sliding blocks 6 * 7 = 42, but got input.size(2)=20."),
    ("F.interpolate(x2, size=5, mode='lanczos')", 'ValueError', 'Lanczos mode requires antialias=True'),
    ("F.interpolate(x2, size=5, mode='lanczos', antialias=True, align_corners=True)", 'ValueError', 'Lanczos mode does not support align_corners=True'),
    ("F.interpolate(x1, size=5, mode='lanczos', antialias=True)", 'ValueError', 'Anti-alias option is restricted to bilinear, bicubic, and lanczos modes and requires a 4-D tensor as input'),
    ("F.interpolate(x1, size=5, mode='lanczos')", 'NotImplementedError', 'Input Error: Only 3D, 4D and 5D input Tensors supported (got 3D) for the modes: nearest | linear | bilinear | bicubic | trilinear | lanczos | area | nearest-exact (got lanczos)'),
    ('F.conv_transpose3d(x3, torch.ones(2, 3, 0, 2, 2))', 'RuntimeError', 'non-empty 5D (n_output_plane x n_input_plane x kernel_depth x kernel_height x kernel_width) tensor expected for weight, but got: [2, 3, 0, 2, 2]'),
    ('F.conv_transpose3d(x3.double(), torch.ones(2, 3, 2, 2, 2).double(), dilation=0)', 'RuntimeError', 'dilation should be greater than zero, but got dilation_depth: 0, dilation_height: 0, dilation_width: 0'),
    ('F.conv_transpose3d(x3, torch.ones(2, 3, 2, 2, 2), output_padding=1)', 'RuntimeError', 'output padding must be smaller than either stride or dilation, but got output_padding_depth: 1 output_padding_height: 1 output_padding_width: 1 stride_depth: 1 stride_height: 1 stride_width: 1 dilation_depth: 1 dilation_height: 1 dilation_width: 1'),
    ('F.conv_transpose3d(x3, torch.ones(2, 3, 2, 2, 2), padding=3)', 'RuntimeError', 'Given input size per channel: (3 x 4 x 5). Calculated output size per channel: (-2 x -1 x 0). Output size is too small'),
    ('F.conv_transpose3d(x3[0, 0], torch.ones(2, 3, 2, 2, 2))', 'RuntimeError', 'Expected 4D (unbatched) or 5D (batched) input to conv_transpose3d, but got input of size: [3, 4, 5]'),
    ("nn.ConvTranspose3d(2, 3, 2, padding_mode='reflect')", 'ValueError', 'Only "zeros" padding mode is supported for ConvTranspose3d'),
    ('F.conv_transpose3d(x3, torch.ones(2, 3, 2, 2, 2), stride=2, output_padding=(1, 1, 2))', 'RuntimeError', 'output padding must be smaller than either stride or dilation, but got output_padding_depth: 1 output_padding_height: 1 output_padding_width: 2 stride_depth: 2 stride_height: 2 stride_width: 2 dilation_depth: 1 dilation_height: 1 dilation_width: 1'),
    ('F.conv3d(x3, torch.ones(2, 2, 0, 2, 2))', 'RuntimeError', 'kernel size should be greater than zero, but got: 0 x 2 x 2 (TxHxW)'),
    ('F.adaptive_avg_pool3d(x3, (2, 2))', 'RuntimeError', 'adaptive_avg_pool3d: output_size must be 3'),
    ('F.adaptive_avg_pool3d(x3[0, 0], 2)', 'RuntimeError', 'adaptive_avg_pool3d(): Expected 4D or 5D tensor, but got [3, 4, 5]'),
    ('F.adaptive_max_pool3d(x3[0, 0], 2)', 'RuntimeError', 'adaptive_max_pool3d(): Expected 4D or 5D tensor, but got: [3, 4, 5]'),
    ('F.adaptive_max_pool3d(x3, (2, 2))', 'RuntimeError', 'adaptive_max_pool3d(): internal error: output_size.size() must be 3'),
    ('F.adaptive_avg_pool3d(x3, -1)', 'RuntimeError', 'adaptive_avg_pool3d: elements of output_size must be greater than or equal to 0 but received {-1, -1,-1}'),
    ('F.adaptive_max_pool3d(x3, -1)', 'RuntimeError', 'Trying to create tensor with negative dimension -1: [1, 2, -1, -1, -1]'),
    ('F.adaptive_avg_pool3d(x3.long(), 2)', 'NotImplementedError', '"adaptive_avg_pool3d_cpu" not implemented for \'Long\''),
    ('F.adaptive_max_pool3d(x3.long(), 2)', 'NotImplementedError', '"adaptive_max_pool3d_cpu" not implemented for \'Long\''),
    ('F.adaptive_avg_pool3d(torch.ones(2, 3, 0, 2, 2), 2)', 'RuntimeError', 'adaptive_avg_pool3d(): Expected input to have non-zero size for non-batch dimensions, but input has sizes [2, 3, 0, 2, 2] with dimension 2 being empty'),
    ('F.adaptive_max_pool3d(torch.ones(2, 3, 4, 0, 2), 2)', 'RuntimeError', 'adaptive_max_pool3d(): Expected input to have non-zero size for non-batch dimensions, but input has sizes [2, 3, 4, 0, 2] with dimension 3 being empty'),
    ('F.adaptive_avg_pool3d(x3, (2, -1, 3))', 'RuntimeError', 'adaptive_avg_pool3d: elements of output_size must be greater than or equal to 0 but received {2, -1,3}'),
    ('F.max_pool3d(x3, 0)', 'RuntimeError', 'stride should not be zero'),
    ('F.max_pool3d(x3, 2, padding=2)', 'RuntimeError', 'pad should be at most half of effective kernel size, but got pad=2, kernel_size=2 and dilation=1'),
    ('F.max_pool3d(x3, 6)', 'RuntimeError', 'Given input size: (2x3x4x5). Calculated output size: (2x0x0x0). Output size is too small'),
    ('F.max_pool3d(x3[0, 0], 2)', 'RuntimeError', 'non-empty 4D or 5D (batch mode) tensor expected for input'),
    ('F.max_pool3d(x3, (2, 2))', 'RuntimeError', 'max_pool3d: kernel_size must either be a single int, or a tuple of three ints'),
    ('F.avg_pool3d(x3, 0)', 'RuntimeError', 'stride should not be zero'),
    ('F.avg_pool3d(x3, 2, padding=2)', 'RuntimeError', 'pad should be at most half of effective kernel size, but got pad=2, kernel_size=2 and dilation=1'),
    ('F.avg_pool3d(x3, 6)', 'RuntimeError', 'input image (T: 3 H: 4 W: 5) smaller than kernel size (kT: 6 kH: 6 kW: 6)'),
    ('F.avg_pool3d(x3[0, 0], 2)', 'RuntimeError', 'non-empty 4D or 5D (batch mode) tensor expected for input'),
    ('F.avg_pool3d(x3, (2, 2))', 'RuntimeError', 'avg_pool3d: kernel_size must be a single int, or a tuple of three ints'),
    ('F.max_pool3d(x3, 2, dilation=0)', 'RuntimeError', 'dilation should be greater than zero, but got dilationT: 0 dilationH: 0 dilationW: 0'),
    ('F.max_pool3d(x3.bool(), 2)', 'NotImplementedError', '"max_pool3d" not implemented for \'Bool\''),
    ('F.max_pool3d(x3, 2, stride=(1, 1))', 'RuntimeError', 'max_pool3d: stride must either be omitted, a single int, or a tuple of three ints'),
    ('F.max_pool3d(x3, 2, padding=(1, 1))', 'RuntimeError', 'max_pool3d: padding must either be a single int, or a tuple of three ints'),
    ('F.max_pool3d(x3, 2, dilation=(1, 1))', 'RuntimeError', 'max_pool3d: dilation must be either a single int, or a tuple of three ints'),
    ('F.avg_pool3d(x3, 2, stride=(1, 1))', 'RuntimeError', 'avg_pool3d: stride must be omitted, a single int, or a tuple of three ints'),
    ('F.avg_pool3d(x3, 2, padding=(1, 1))', 'RuntimeError', 'avg_pool3d: padding must be a single int, or a tuple of three ints'),
    ('F.max_pool3d(x3, -1)', 'RuntimeError', 'kernel size should be greater than zero, but got kT: -1 kH: -1 kW: -1'),
    ('F.max_pool3d(x3, 2, stride=-1)', 'RuntimeError', 'stride should be greater than zero, but got dT: -1 dH: -1 dW: -1'),
    ('F.avg_pool3d(x3, -1)', 'RuntimeError', 'kernel size should be greater than zero, but got kT: -1 kH: -1 kW: -1'),
    ('F.max_pool3d(x3, 2, padding=-1)', 'RuntimeError', 'pad must be non-negative, but got pad: -1'),
    ('F.avg_pool3d(x3.int(), 2)', 'NotImplementedError', '"avg_pool3d_out_frame" not implemented for \'Int\''),
    ('F.avg_pool3d(x3, 2, divisor_override=0)', 'RuntimeError', 'divisor must be not zero'),
    ('F.max_pool3d(torch.ones(2, 0, 3, 3, 3), 2)', 'RuntimeError', "max_pool3d_with_indices_out_cpu_template(): Expected input's non-batch dimensions to have positive length, but input has a shape of [2, 0, 3, 3, 3] and non-batch dimension 0 has length zero!"),
    ('F.avg_pool3d(torch.ones(2, 0, 3, 3, 3), 2)', 'RuntimeError', "avg_pool3d(): Expected input's non-batch dimensions to have positive length, but input has a shape of [2, 0, 3, 3, 3] and non-batch dimension 0 has length zero!"),
    ('F.avg_pool3d(x3, (4, 1, 1))', 'RuntimeError', 'input image (T: 3 H: 4 W: 5) smaller than kernel size (kT: 4 kH: 1 kW: 1)'),
    ('F.max_pool3d(x3, (2, 2, 6))', 'RuntimeError', 'Given input size: (2x3x4x5). Calculated output size: (2x1x2x0). Output size is too small'),
    ('F.max_pool3d(x3, 2, padding=2, dilation=3)', 'RuntimeError', 'pad should be smaller than or equal to half of kernel size, but got kT: 2 kW: 2 kH: 2 padT: 2 padW: 2 padH: 2'),
    ('F.avg_pool3d(x3.half(), 2)', 'NotImplementedError', '"avg_pool3d_out_frame" not implemented for \'Half\''),
    ('F.max_pool3d(torch.ones(2, 3, 0, 3, 3), 2)', 'RuntimeError', "max_pool3d_with_indices_out_cpu_template(): Expected input's non-batch dimensions to have positive length, but input has a shape of [2, 3, 0, 3, 3] and non-batch dimension 0 has length zero!"),
    ('F.max_pool3d(x3, 3.0)', 'TypeError', "max_pool3d(): argument 'kernel_size' (position 2) must be tuple of ints, not float"),
    ('F.avg_pool3d(x3, 2, divisor_override=1.5)', 'TypeError', "avg_pool3d(): argument 'divisor_override' must be int, not float"),
    ('F.max_pool3d(x3, 2**31)', 'RuntimeError', 'value cannot be converted to type int without overflow'),
    ('F.pixel_unshuffle(x2[..., :3, :], 2)', 'RuntimeError', 'pixel_unshuffle expects height to be divisible by downscale_factor, but input.size(-2)=3 is not divisible by 2'),
    ('F.pixel_shuffle(x2, 3)', 'RuntimeError', "pixel_shuffle expects its input's 'channel' dimension to be divisible by the square of upscale_factor, but input.size(-3)=4 is not divisible by 9"),
    ('F.pixel_shuffle(x2, 0)', 'RuntimeError', 'pixel_shuffle expects a positive upscale_factor, but got 0'),
    ('F.pixel_shuffle(x2[0, 0], 2)', 'RuntimeError', 'pixel_shuffle expects input to have at least 3 dimensions, but got input with 2 dimension(s)'),
    ('F.pixel_unshuffle(x2, 3)', 'RuntimeError', 'pixel_unshuffle expects width to be divisible by downscale_factor, but input.size(-1)=8 is not divisible by 3'),
    ('F.pixel_unshuffle(x2, 0)', 'RuntimeError', 'pixel_unshuffle expects a positive downscale_factor, but got 0'),
    ('F.pixel_unshuffle(x2[0, 0], 2)', 'RuntimeError', 'pixel_unshuffle expects input to have at least 3 dimensions, but got input with 2 dimension(s)'),
    ('F.pixel_shuffle(x2, 2.0)', 'TypeError', "pixel_shuffle(): argument 'upscale_factor' (position 2) must be int, not float"),
    ('F.pixel_unshuffle(x2[..., :7], 2)', 'RuntimeError', 'pixel_unshuffle expects height to be divisible by downscale_factor, but input.size(-2)=9 is not divisible by 2'),
    ('F.max_unpool2d(*F.max_pool2d(torch.arange(72.).view(1, 2, 6, 6), 2, return_indices=True), 2, output_size=(9, 9))', 'ValueError', 'invalid output_size "(9, 9)" (dim 0 must be between 4 and 8)'),
    ('F.max_unpool2d(*F.max_pool2d(torch.arange(72.).view(1, 2, 6, 6), 2, return_indices=True), 2, output_size=(7,))', 'ValueError', "output_size should be a sequence containing 2 or 4 elements, but it has a length of '1'"),
    ('F.max_unpool2d(*F.max_pool2d(torch.arange(72.).view(1, 2, 6, 6), 2, return_indices=True), 2, stride=1)', 'RuntimeError', 'Found an invalid max index: 35 (output volumes are of size 4x4)'),
    ('F.max_unpool2d(torch.ones(1, 2, 3, 3), torch.zeros(1, 2, 3, 3, dtype=torch.int32), 2)', 'RuntimeError', 'elements in indices should be type int64 but got: Int'),
    ('F.max_unpool2d(torch.ones(1, 2, 3, 3), torch.zeros(2, 2, 3, 3, dtype=torch.long), 2)', 'RuntimeError', 'Expected shape of indices to be same as that of the input tensor ([1, 2, 3, 3]) but got indices tensor with shape: [2, 2, 3, 3]'),
    ('F.max_unpool2d(torch.ones(3, 3), torch.zeros(3, 3, dtype=torch.long), 2)', 'RuntimeError', 'Input to max_unpooling2d should be a 3d or 4d Tensor, but got a tensor with 2 dimensions.'),
    ('F.max_unpool2d(torch.ones(1, 2, 3, 3, dtype=torch.long), torch.zeros(1, 2, 3, 3, dtype=torch.long), 2)', 'NotImplementedError', '"max_unpool2d" not implemented for \'Long\''),
    ('F.max_unpool3d(torch.ones(3, 3, 3), torch.zeros(3, 3, 3, dtype=torch.long), 2)', 'RuntimeError', 'Input to max_unpooling3d should be a 4d or 5d Tensor, but got a tensor with 3 dimensions.'),
    ('F.max_unpool3d(torch.ones(1, 1, 2, 2, 2), torch.full((1, 1, 2, 2, 2), 64), 2)', 'RuntimeError', 'Found an invalid max index: 64 (output volumes are of size 4x4x4)'),
    ('F.max_unpool1d(torch.ones(1, 2, 3), torch.zeros(1, 2, 3, dtype=torch.long), 2, output_size=[9])', 'ValueError', 'invalid output_size "[9]" (dim 0 must be between 4 and 8)'),
    ('F.grid_sample(x2, torch.zeros(2, 4, 7, 2)[:1], align_corners=False)', 'RuntimeError', 'grid_sampler(): expected grid and input to have same batch size, but got input with sizes [2, 4, 9, 8] and grid with sizes [1, 4, 7, 2]'),
    ("F.grid_sample(x2, torch.zeros(2, 4, 7, 2), mode='foo', align_corners=False)", 'ValueError', "nn.functional.grid_sample(): expected mode to be 'bilinear', 'nearest' or 'bicubic', but got: 'foo'"),
    ("F.grid_sample(x2, torch.zeros(2, 4, 7, 2), padding_mode='foo', align_corners=False)", 'ValueError', "nn.functional.grid_sample(): expected padding_mode to be 'zeros', 'border', or 'reflection', but got: 'foo'"),
    ('F.grid_sample(x2[0], torch.zeros(2, 4, 7, 2)[0], align_corners=False)', 'RuntimeError', 'grid_sampler(): expected grid to have size 1 in last dimension, but got grid with sizes [4, 7, 2]'),
    ('F.grid_sample(x2, torch.zeros(2, 4, 7, 2)[..., :1], align_corners=False)', 'RuntimeError', 'grid_sampler(): expected grid to have size 2 in last dimension, but got grid with sizes [2, 4, 7, 1]'),
    ('F.grid_sample(x2, torch.zeros(2, 4, 7, 2).double(), align_corners=False)', 'RuntimeError', 'expected scalar type Float but found Double'),
    ('F.grid_sample(x2.long(), torch.zeros(2, 4, 7, 2).long(), align_corners=False)', 'NotImplementedError', '"grid_sampler_2d_cpu_kernel_impl" not implemented for \'Long\''),
    ('F.grid_sample(x2[None], torch.zeros(2, 4, 7, 2), align_corners=False)', 'RuntimeError', 'grid_sampler(): expected grid and input to have same batch size, but got input with sizes [1, 2, 4, 9, 8] and grid with sizes [2, 4, 7, 2]'),
    ("F.grid_sample(x3, torch.zeros(1, 2, 2, 2, 3), mode='bicubic', align_corners=False)", 'RuntimeError', 'grid_sampler(): bicubic interpolation only supports 4D input'),
    ('F.grid_sample(x2[:, :, :0], torch.zeros(2, 4, 7, 2), align_corners=False)', 'RuntimeError', 'grid_sampler(): expected input to have non-empty spatial dimensions, but input has sizes [2, 4, 0, 8] with dimension 2 being empty'),
    ('F.grid_sample(x3, torch.zeros(1, 2, 2, 2, 2), align_corners=False)', 'RuntimeError', 'grid_sampler(): expected grid to have size 3 in last dimension, but got grid with sizes [1, 2, 2, 2, 2]'),
    ('F.affine_grid(torch.ones(2, 2, 3), (2, 3, 4))', 'NotImplementedError', 'affine_grid only supports 4D and 5D sizes, for 2D and 3D affine transforms, respectively. Got size (2, 3, 4).'),
    ('F.affine_grid(torch.ones(2, 2, 3).long(), (2, 3, 4, 5))', 'ValueError', 'Expected theta to have floating point type, but got torch.int64'),
    ('F.affine_grid(torch.ones(2, 2, 3), (3, 3, 4, 5))', 'RuntimeError', 'Expected size for first two dimensions of batch2 tensor to be: [3, 3] but got: [2, 3].'),
    ('F.affine_grid(torch.ones(2, 3, 4), (2, 3, 4, 5))', 'ValueError', 'Expected a batch of 2D affine matrices of shape Nx2x3 for size (2, 3, 4, 5). Got torch.Size([2, 3, 4]).'),
    ('F.affine_grid(torch.ones(2, 2, 3), (2, 3, 0, 5))', 'ValueError', 'Expected non-zero, positive output size. Got (2, 3, 0, 5)'),
    ('F.affine_grid(torch.ones(2, 3), (2, 3, 4, 5))', 'ValueError', 'Expected a batch of 2D affine matrices of shape Nx2x3 for size (2, 3, 4, 5). Got torch.Size([2, 3]).'),
    ('F.affine_grid(torch.ones(2, 2, 3), (2, 3, 4, 5, 6))', 'ValueError', 'Expected a batch of 3D affine matrices of shape Nx3x4 for size (2, 3, 4, 5, 6). Got torch.Size([2, 2, 3]).'),
]

REPRS = [
    ('nn.Upsample(scale_factor=2)', "Upsample(scale_factor=2.0, mode='nearest')"),
    ("nn.Upsample(size=5, mode='bilinear')", "Upsample(size=5, mode='bilinear')"),
    ("nn.Upsample(size=(5,4), mode='bilinear', align_corners=True)", "Upsample(size=(5, 4), mode='bilinear')"),
    ('nn.UpsamplingNearest2d(scale_factor=2)', "UpsamplingNearest2d(scale_factor=2.0, mode='nearest')"),
    ('nn.UpsamplingBilinear2d(size=3)', "UpsamplingBilinear2d(size=3, mode='bilinear')"),
    ('nn.Upsample(scale_factor=2.5)', "Upsample(scale_factor=2.5, mode='nearest')"),
    ('nn.Upsample(scale_factor=(2,3))', "Upsample(scale_factor=(2.0, 3.0), mode='nearest')"),
    ('nn.Upsample(size=5, scale_factor=2)', "Upsample(scale_factor=2.0, mode='nearest')"),
    ('nn.ZeroPad2d(2)', 'ZeroPad2d((2, 2, 2, 2))'),
    ('nn.ZeroPad2d((1,2,3,4))', 'ZeroPad2d((1, 2, 3, 4))'),
    ('nn.ZeroPad1d(2)', 'ZeroPad1d((2, 2))'),
    ('nn.ConstantPad1d(2, 3.5)', 'ConstantPad1d(padding=(2, 2), value=3.5)'),
    ('nn.ConstantPad2d((1,2,3,4), 1)', 'ConstantPad2d(padding=(1, 2, 3, 4), value=1)'),
    ('nn.ReflectionPad1d(2)', 'ReflectionPad1d((2, 2))'),
    ('nn.ReflectionPad2d(2)', 'ReflectionPad2d((2, 2, 2, 2))'),
    ('nn.ReplicationPad1d((1,2))', 'ReplicationPad1d((1, 2))'),
    ('nn.ReplicationPad2d(1)', 'ReplicationPad2d((1, 1, 1, 1))'),
    ('nn.CircularPad1d(1)', 'CircularPad1d((1, 1))'),
    ('nn.CircularPad2d(1)', 'CircularPad2d((1, 1, 1, 1))'),
    ('nn.ReflectionPad3d(1)', 'ReflectionPad3d((1, 1, 1, 1, 1, 1))'),
    ('nn.ConstantPad3d(1, 0.)', 'ConstantPad3d(padding=(1, 1, 1, 1, 1, 1), value=0.0)'),
    ('nn.Unfold(2)', 'Unfold(kernel_size=2, dilation=1, padding=0, stride=1)'),
    ('nn.Unfold((2, 3), 2, 1, 2)', 'Unfold(kernel_size=(2, 3), dilation=2, padding=1, stride=2)'),
    ('nn.Fold((5, 6), 2)', 'Fold(output_size=(5, 6), kernel_size=2, dilation=1, padding=0, stride=1)'),
    ('nn.Fold((5, 6), 2, 1, 0, 1)', 'Fold(output_size=(5, 6), kernel_size=2, dilation=1, padding=0, stride=1)'),
    ('nn.ConvTranspose3d(2, 3, (2, 1, 3), 2, groups=1, bias=False)', 'ConvTranspose3d(2, 3, kernel_size=(2, 1, 3), stride=(2, 2, 2), bias=False)'),
    ('nn.AdaptiveAvgPool3d((2, None, 3))', 'AdaptiveAvgPool3d(output_size=(2, None, 3))'),
    ('nn.AdaptiveMaxPool3d(2, True)', 'AdaptiveMaxPool3d(output_size=2)'),
    ('nn.MaxPool3d((3, 2, 1), 2, 1, 2, True, True)', 'MaxPool3d(kernel_size=(3, 2, 1), stride=2, padding=1, dilation=2, ceil_mode=True)'),
    ('nn.AvgPool3d(3, 2, 1, True, False, 2)', 'AvgPool3d(kernel_size=3, stride=2, padding=1)'),
    ('nn.LPPool2d(2, 3)', 'LPPool2d(norm_type=2, kernel_size=3, stride=None, ceil_mode=False)'),
    ('nn.LPPool1d(1.5, 2, 1, True)', 'LPPool1d(norm_type=1.5, kernel_size=2, stride=1, ceil_mode=True)'),
    ('nn.PixelShuffle(2)', 'PixelShuffle(upscale_factor=2)'),
    ('nn.PixelUnshuffle(3)', 'PixelUnshuffle(downscale_factor=3)'),
    ('nn.MaxUnpool2d(2)', 'MaxUnpool2d(kernel_size=(2, 2), stride=(2, 2), padding=(0, 0))'),
    ('nn.MaxUnpool1d(2, 1, 1)', 'MaxUnpool1d(kernel_size=(2,), stride=(1,), padding=(1,))'),
]


@pytest.mark.parametrize("expression, error_class, message", ERRORS, ids=[c[0] for c in ERRORS])
def test_refusals(expression, error_class, message):
    assert raised(expression) == (error_class, message)


@pytest.mark.parametrize("expression, text", REPRS, ids=[c[0] for c in REPRS])
def test_module_reprs(expression, text):
    assert repr(eval(expression, namespace(tensorlib))) == text


# ---- values against NumPy references -------------------------------------------------------------------
def conv1d_reference(x, w, b, stride, padding, dilation, groups):
    """conv1d in NumPy: padded windows (sliding_window_view) times the weight, group by group."""
    xp = np.pad(x, ((0, 0), (0, 0), (padding, padding)))
    span = dilation * (w.shape[2] - 1) + 1
    windows = np.lib.stride_tricks.sliding_window_view(xp, span, axis=2)[:, :, ::stride, ::dilation]
    cin, cout = x.shape[1] // groups, w.shape[0] // groups
    out = np.concatenate([np.einsum("nclk,ock->nol", windows[:, g * cin:(g + 1) * cin], w[g * cout:(g + 1) * cout])
                          for g in range(groups)], axis=1)
    return out + b[None, :, None]


CONV1D = [dict(), dict(stride=2), dict(padding=2), dict(dilation=2), dict(groups=2),
          dict(stride=3, padding=1, dilation=2, groups=2)]


@pytest.mark.parametrize("kwargs", CONV1D, ids=str)
def test_conv1d_values_match_numpy(kwargs):
    rng = np.random.default_rng(0)
    x, w, b = rng.standard_normal((2, 4, 11)), rng.standard_normal((6, 4 // kwargs.get("groups", 1), 3)), \
        rng.standard_normal(6)
    full = dict(stride=1, padding=0, dilation=1, groups=1) | kwargs
    out = F.conv1d(tensorlib.tensor(x), tensorlib.tensor(w), tensorlib.tensor(b), **kwargs)
    np.testing.assert_allclose(out.numpy(), conv1d_reference(x, w, b, **full), rtol=1e-12, atol=1e-12)


def layouts(array):
    """``array`` as contiguous, transposed-back, sliced and expanded tensors of the same values."""
    t = tensorlib.tensor(array)
    transposed = tensorlib.tensor(np.ascontiguousarray(np.swapaxes(array, -1, -2))).transpose(-1, -2)
    doubled = tensorlib.tensor(np.repeat(array, 2, axis=-1))[..., ::2]
    expanded = tensorlib.tensor(array[:1]).expand(tuple(array.shape)) if array.shape[0] == 1 else t
    return {"contiguous": t, "transposed": transposed, "sliced": doubled, "expanded": expanded}


OPS = {
    "conv1d": lambda x: F.conv1d(x, tensorlib.arange(24.0, dtype=x.dtype).view(4, 2, 3) / 10, None, 2, 1, 1, 2),
    "conv2d": lambda x: F.conv2d(x.unsqueeze(2).expand(1, 4, 3, 7), tensorlib.arange(32.0, dtype=x.dtype).view(
        4, 2, 2, 2) / 9, padding=1, groups=2),
    "conv_transpose1d": lambda x: F.conv_transpose1d(x, tensorlib.arange(24.0, dtype=x.dtype).view(4, 3, 2) / 7, None,
                                                     2, 1, 1, 2),
    "avg_pool1d": lambda x: F.avg_pool1d(x, 3, 2, 1),
    "max_pool1d": lambda x: F.max_pool1d(x, 3, 2, 1, 2),
    "adaptive_avg_pool1d": lambda x: F.adaptive_avg_pool1d(x, 4),
    "adaptive_max_pool2d": lambda x: F.adaptive_max_pool2d(x.unsqueeze(0), (3, 4)),
    "interpolate_linear": lambda x: F.interpolate(x, scale_factor=1.7, mode="linear"),
    "interpolate_bicubic": lambda x: F.interpolate(x.unsqueeze(0), size=(5, 9), mode="bicubic", align_corners=True),
    "pad_reflect": lambda x: F.pad(x, (2, 3), mode="reflect"),
}


@pytest.mark.parametrize("name", OPS)
def test_every_layout_gives_the_contiguous_values(name):
    array = np.random.default_rng(1).standard_normal((1, 4, 7))
    results = {kind: OPS[name](t).numpy() for kind, t in layouts(array).items()}
    for kind, result in results.items():
        np.testing.assert_allclose(result, results["contiguous"], rtol=1e-12, atol=1e-12, err_msg=kind)


@pytest.mark.parametrize("kwargs", [dict(), dict(stride=2, padding=1, output_padding=1),
                                    dict(stride=3, dilation=2, groups=2), dict(padding=2, groups=2)], ids=str)
def test_conv_transpose_is_the_adjoint_of_conv(kwargs):
    """<conv(x, w), y> = <x, conv_transpose(y, w)>: the transposed convolution is
    the convolution's adjoint (output_padding only adds rows the convolution never reads)."""
    rng = np.random.default_rng(2)
    groups = kwargs.get("groups", 1)
    w = tensorlib.tensor(rng.standard_normal((4, 6 // groups, 3, 2)))
    y = tensorlib.tensor(rng.standard_normal((2, 4, 5, 4)))
    out = F.conv_transpose2d(y, w, **kwargs)
    x = tensorlib.tensor(rng.standard_normal(tuple(out.shape)))
    conv_kwargs = {k: v for k, v in kwargs.items() if k != "output_padding"}
    forward = F.conv2d(x, w, **conv_kwargs)
    assert tuple(forward.shape) == tuple(y.shape)
    np.testing.assert_allclose(float((forward * y).sum()), float((x * out).sum()), rtol=1e-12)


def test_conv_transpose_1d_and_2d_agree():
    rng = np.random.default_rng(3)
    x, w, b = rng.standard_normal((2, 4, 6)), rng.standard_normal((4, 3, 3)), rng.standard_normal(6)
    one = F.conv_transpose1d(tensorlib.tensor(x), tensorlib.tensor(w), tensorlib.tensor(b), 2, 1, 1, 2, 2)
    two = F.conv_transpose2d(tensorlib.tensor(x[:, :, None]), tensorlib.tensor(w[:, :, None]), tensorlib.tensor(b),
                             (1, 2), (0, 1), (0, 1), 2, (1, 2))
    np.testing.assert_allclose(one.numpy(), two.numpy()[:, :, 0], rtol=1e-12)


def test_conv1d_and_conv3d_agree_with_conv2d():
    rng = np.random.default_rng(4)
    x, w = rng.standard_normal((2, 4, 5, 7)), rng.standard_normal((6, 2, 3, 2))
    two = F.conv2d(tensorlib.tensor(x), tensorlib.tensor(w), None, (2, 1), 1, (1, 2), 2).numpy()
    three = F.conv3d(tensorlib.tensor(x[:, :, None]), tensorlib.tensor(w[:, :, None]), None, (1, 2, 1), (0, 1, 1),
                     (1, 1, 2), 2).numpy()
    np.testing.assert_allclose(three[:, :, 0], two, rtol=1e-12)
    one = F.conv1d(tensorlib.tensor(x[:, :, 0]), tensorlib.tensor(w[:, :, 1]), None, 1, 1, 2, 2).numpy()
    np.testing.assert_allclose(one, F.conv2d(tensorlib.tensor(x[:, :, :1]), tensorlib.tensor(w[:, :, 1:2]), None, 1,
                                             (0, 1), (1, 2), 2).numpy()[:, :, 0], rtol=1e-12)


def test_pooling_values_match_numpy():
    x = np.arange(20.0).reshape(1, 2, 10) ** 1.5
    windows = np.lib.stride_tricks.sliding_window_view(x, 3, axis=2)[:, :, ::2]
    np.testing.assert_allclose(F.avg_pool1d(tensorlib.tensor(x), 3, 2).numpy(), windows.mean(-1))
    values, indices = F.max_pool1d(tensorlib.tensor(-x), 3, 2, return_indices=True)
    np.testing.assert_array_equal(values.numpy(), (-windows).max(-1))
    np.testing.assert_array_equal(indices.numpy(), np.arange(4)[None, None] * 2 + np.zeros((1, 2, 1), int))
    # adaptive windows of 10 -> 4 cells: [0, 3), [2, 5), [5, 8), [7, 10)
    cells = [(0, 3), (2, 5), (5, 8), (7, 10)]
    np.testing.assert_allclose(F.adaptive_avg_pool1d(tensorlib.tensor(x), 4).numpy(),
                               np.stack([x[..., a:b].mean(-1) for a, b in cells], -1))
    values, indices = F.adaptive_max_pool1d(tensorlib.tensor(x), 4, return_indices=True)
    np.testing.assert_array_equal(indices.numpy()[0, 0], [b - 1 for _, b in cells])
    assert indices.dtype is tensorlib.int64


def test_adaptive_pooling_of_a_single_cell_is_the_mean():
    x = tensorlib.arange(24.0).view(2, 3, 4).requires_grad_()
    out = F.adaptive_avg_pool2d(x, 1)
    assert out.grad_fn.name() == "MeanBackward1" and tuple(out.shape) == (2, 1, 1)
    np.testing.assert_allclose(out.detach().numpy().ravel(), [5.5, 17.5])


def test_interpolate_values_match_numpy():
    x = np.arange(4.0).reshape(1, 1, 4)
    t = tensorlib.tensor(x)
    np.testing.assert_allclose(F.interpolate(t, size=7, mode="linear", align_corners=True).numpy()[0, 0],
                               np.linspace(0, 3, 7))
    # align_corners=False: source = (dst + 0.5) * in / out - 0.5, clamped at 0
    source = np.clip((np.arange(6) + 0.5) * 4 / 6 - 0.5, 0, 3)
    np.testing.assert_allclose(F.interpolate(t, size=6, mode="linear").numpy()[0, 0], source)
    np.testing.assert_array_equal(F.interpolate(t, scale_factor=2).numpy()[0, 0], np.repeat(x[0, 0], 2))
    np.testing.assert_array_equal(F.interpolate(t, size=6, mode="nearest").numpy()[0, 0], [0, 0, 1, 2, 2, 3])
    np.testing.assert_array_equal(F.interpolate(t, size=6, mode="nearest-exact").numpy()[0, 0], [0, 1, 1, 2, 3, 3])
    ramp = tensorlib.tensor(np.add.outer(np.arange(5.0), 2 * np.arange(6.0))[None, None])
    np.testing.assert_allclose(F.interpolate(ramp, size=(9, 11), mode="bilinear", align_corners=True).numpy()[0, 0],
                               np.add.outer(np.linspace(0, 4, 9), 2 * np.linspace(0, 5, 11)), atol=1e-12)
    corners = F.interpolate(ramp, size=(9, 11), mode="bicubic", align_corners=True).numpy()[0, 0]
    np.testing.assert_allclose(corners[::8, ::10], ramp.numpy()[0, 0, ::4, ::5], atol=1e-12)
    uint8 = tensorlib.tensor(np.array([[[[0, 255], [10, 20]]]], dtype=np.uint8))
    assert F.interpolate(uint8, scale_factor=2).dtype is tensorlib.uint8


def test_interpolate_area_is_adaptive_average_pooling():
    x = tensorlib.arange(60.0).view(1, 3, 4, 5)
    np.testing.assert_array_equal(F.interpolate(x, size=(3, 2), mode="area").numpy(),
                                  F.adaptive_avg_pool2d(x, (3, 2)).numpy())


def test_fold_is_the_adjoint_of_unfold():
    rng = np.random.default_rng(8)
    x = tensorlib.tensor(rng.standard_normal((2, 3, 7, 6)))
    cols = F.unfold(x, (3, 2), dilation=(1, 2), padding=1, stride=2)
    c = tensorlib.tensor(rng.standard_normal(tuple(cols.shape)))
    back = F.fold(c, (7, 6), (3, 2), dilation=(1, 2), padding=1, stride=2)
    np.testing.assert_allclose(float((cols * c).sum()), float((x * back).sum()), rtol=1e-12)
    # blocks of a non-overlapping unfold fold back into the image
    np.testing.assert_array_equal(F.fold(F.unfold(x, 2, stride=2), (6, 6), 2, stride=2).numpy(),
                                  x[:, :, :6].numpy())
    layer = nn.Unfold(2)
    assert tuple(layer(x).shape) == (2, 12, 30) and tuple(nn.Fold((7, 6), 2)(layer(x)).shape) == (2, 3, 7, 6)


def test_pixel_shuffle_moves_channel_blocks_into_pixel_blocks():
    x = tensorlib.arange(2 * 8 * 3 * 2).view(2, 8, 3, 2)
    out = F.pixel_shuffle(x, 2)
    expected = x.numpy().reshape(2, 2, 2, 2, 3, 2).transpose(0, 1, 4, 2, 5, 3).reshape(2, 2, 6, 4)
    np.testing.assert_array_equal(out.numpy(), expected)
    np.testing.assert_array_equal(F.pixel_unshuffle(out, 2).numpy(), x.numpy())
    np.testing.assert_array_equal(nn.PixelShuffle(2)(x[None]).numpy()[0], expected)
    same = F.pixel_shuffle(x, 1)
    same[0, 0, 0, 0] = 100
    assert int(x[0, 0, 0, 0]) == 0   # the result owns its memory


@pytest.mark.parametrize("dims", [1, 2, 3])
def test_max_unpool_puts_the_maxima_back(dims):
    x = tensorlib.tensor(np.random.default_rng(9).standard_normal((2, 3) + (6,) * dims), requires_grad=True)
    pool, unpool = ((F.max_pool1d, F.max_unpool1d), (F.max_pool2d, F.max_unpool2d), (F.max_pool3d, F.max_unpool3d))[dims - 1]
    values, indices = pool(x, 2, return_indices=True)
    out = unpool(values, indices, 2)
    kept = out.detach().numpy() != 0
    np.testing.assert_array_equal(out.detach().numpy()[kept], x.detach().numpy()[kept])
    assert kept.sum() == values.numel()
    assert gradcheck(lambda v: unpool(v, indices, 2, output_size=(7,) * dims), (values.detach().requires_grad_(),))


def test_grid_sample_of_the_identity_grid_is_the_input():
    x = tensorlib.tensor(np.random.default_rng(11).standard_normal((2, 3, 5, 4)))
    grid = F.affine_grid(tensorlib.tensor([[[1.0, 0, 0], [0, 1, 0]]] * 2, dtype=tensorlib.float64), (2, 3, 5, 4),
                         align_corners=False)
    for mode in ("bilinear", "nearest", "bicubic"):
        np.testing.assert_allclose(F.grid_sample(x, grid, mode, align_corners=False).numpy(), x.numpy(), atol=1e-12)
    # a half-pixel shift to the right averages neighbours; past the edge zeros padding halves the last column
    shifted = grid + tensorlib.tensor([1 / 4, 0.0], dtype=tensorlib.float64)
    out = F.grid_sample(x, shifted, align_corners=False).numpy()
    np.testing.assert_allclose(out[..., :-1], (x.numpy()[..., :-1] + x.numpy()[..., 1:]) / 2, atol=1e-12)
    np.testing.assert_allclose(out[..., -1], x.numpy()[..., -1] / 2, atol=1e-12)


def test_padding_layers_pad_as_f_pad():
    x = tensorlib.arange(24.0).view(2, 3, 4)
    for layer, mode, value in [(nn.ReflectionPad1d((2, 1)), "reflect", None),
                               (nn.ReplicationPad2d((1, 0, 2, 1)), "replicate", None),
                               (nn.CircularPad1d(2), "circular", None), (nn.ConstantPad2d(1, 3.5), "constant", 3.5),
                               (nn.ZeroPad1d((0, 2)), "constant", None)]:
        padding = layer.padding
        np.testing.assert_array_equal(layer(x).numpy(), F.pad(x, padding, mode, value).numpy())
    np.testing.assert_array_equal(nn.ReflectionPad1d(2)(x).numpy()[0, 0], [2, 1, 0, 1, 2, 3, 2, 1])
    np.testing.assert_array_equal(nn.ReplicationPad1d(2)(x).numpy()[0, 0], [0, 0, 0, 1, 2, 3, 3, 3])


def test_conv_layers_pad_with_their_padding_mode():
    tensorlib.manual_seed(0)
    x = tensorlib.randn(2, 4, 9)
    for mode in ("reflect", "replicate", "circular"):
        layer = nn.Conv1d(4, 6, 3, padding=2, padding_mode=mode, groups=2)
        expected = F.conv1d(F.pad(x, (2, 2), mode=mode), layer.weight, layer.bias, groups=2)
        np.testing.assert_array_equal(layer(x).detach().numpy(), expected.detach().numpy())
    same = nn.Conv2d(4, 6, (3, 4), padding="same", padding_mode="reflect")
    assert tuple(same(tensorlib.randn(1, 4, 7, 8)).shape) == (1, 6, 7, 8)


def test_conv_transpose_layer_picks_the_output_padding_of_output_size():
    tensorlib.manual_seed(0)
    layer = nn.ConvTranspose2d(4, 6, 3, stride=2)
    x = tensorlib.randn(2, 4, 9, 8)
    assert tuple(layer(x).shape) == (2, 6, 19, 17)
    assert tuple(layer(x, output_size=(20, 18)).shape) == (2, 6, 20, 18)
    assert tuple(layer(x, output_size=[2, 6, 19, 18]).shape) == (2, 6, 19, 18)
    assert tuple(nn.ConvTranspose1d(4, 2, 3, stride=3)(x[0, :, :, 0], output_size=[29]).shape) == (2, 29)


def test_layer_parameters_have_pytorchs_shapes_and_bounds():
    tensorlib.manual_seed(0)
    conv = nn.Conv1d(4, 6, 3, groups=2)
    transposed = nn.ConvTranspose2d(4, 6, (3, 2), groups=2)
    assert tuple(conv.weight.shape) == (6, 2, 3) and tuple(transposed.weight.shape) == (4, 3, 3, 2)
    assert tuple(transposed.bias.shape) == (6,)
    # bias ~ U(-1/sqrt(fan_in), 1/sqrt(fan_in)), fan_in = weight.size(1) * kernel elements
    assert float(conv.bias.detach().abs().max()) <= 1 / 6 ** 0.5
    assert float(transposed.bias.detach().abs().max()) <= 1 / 18 ** 0.5


def test_one_hot():
    out = F.one_hot(tensorlib.tensor([[0, 2], [1, 1]]))
    assert out.dtype is tensorlib.int64
    assert out.tolist() == [[[1, 0, 0], [0, 0, 1]], [[0, 1, 0], [0, 1, 0]]]
    assert tuple(F.one_hot(tensorlib.tensor([], dtype=tensorlib.int64), 3).shape) == (0, 3)
    assert F.one_hot(tensorlib.tensor([3, 0, 1])[::2], 5).tolist() == [[0, 0, 0, 1, 0], [0, 1, 0, 0, 0]]


# ---- gradients -----------------------------------------------------------------------------------
def double(*shape, seed=0):
    rng = np.random.default_rng(seed)
    return tensorlib.tensor(rng.standard_normal(shape), requires_grad=True)


GRADCHECKS = {
    "conv1d": (lambda x, w, b: F.conv1d(x, w, b, 2, 1, 2, 2), lambda: (double(2, 4, 7), double(4, 2, 3, seed=1),
                                                                        double(4, seed=2))),
    "conv1d_same": (lambda x, w: F.conv1d(x, w, padding="same"), lambda: (double(1, 2, 6), double(3, 2, 4, seed=1))),
    "conv2d": (lambda x, w, b: F.conv2d(x, w, b, (2, 1), (1, 0), (1, 2), 2),
               lambda: (double(1, 4, 5, 6), double(2, 2, 3, 2, seed=1), double(2, seed=2))),
    "conv3d": (lambda x, w: F.conv3d(x, w, None, 1, (1, 0, 0), 1, 1),
               lambda: (double(1, 2, 3, 3, 4), double(2, 2, 2, 2, 2, seed=1))),
    "conv_transpose1d": (lambda x, w, b: F.conv_transpose1d(x, w, b, 2, 1, 1, 2, 2),
                         lambda: (double(2, 4, 5), double(4, 1, 3, seed=1), double(2, seed=2))),
    "conv_transpose2d": (lambda x, w, b: F.conv_transpose2d(x, w, b, (2, 1), (0, 1), (1, 0), 1, (1, 2)),
                         lambda: (double(1, 2, 3, 4), double(2, 3, 2, 3, seed=1), double(3, seed=2))),
    "conv_transpose3d": (lambda x, w: F.conv_transpose3d(x, w, None, (1, 2, 1), 0, (0, 1, 0), 1, (2, 1, 1)),
                         lambda: (double(1, 2, 2, 3, 2), double(2, 2, 2, 1, 2, seed=1))),
    "avg_pool1d": (lambda x: F.avg_pool1d(x, 3, 2, 1, True, False), lambda: (double(2, 3, 8),)),
    "max_pool1d": (lambda x: F.max_pool1d(x, 3, 2, 1, 2, True), lambda: (double(2, 3, 8),)),
    "adaptive_avg_pool1d": (lambda x: F.adaptive_avg_pool1d(x, 3), lambda: (double(2, 3, 8),)),
    "adaptive_avg_pool2d": (lambda x: F.adaptive_avg_pool2d(x, (3, None)), lambda: (double(2, 7, 5),)),
    "adaptive_max_pool1d": (lambda x: F.adaptive_max_pool1d(x, 5), lambda: (double(2, 3, 8),)),
    "adaptive_max_pool2d": (lambda x: F.adaptive_max_pool2d(x, (4, 3)), lambda: (double(1, 2, 7, 5),)),
    "adaptive_avg_pool3d": (lambda x: F.adaptive_avg_pool3d(x, (2, None, 3)), lambda: (double(2, 3, 4, 5),)),
    "adaptive_max_pool3d": (lambda x: F.adaptive_max_pool3d(x, (3, 2, 4)), lambda: (double(1, 2, 4, 3, 5),)),
    "max_pool3d": (lambda x: F.max_pool3d(x, (2, 3, 2), (1, 2, 1), (1, 1, 0), (1, 1, 2), True),
                   lambda: (double(1, 2, 4, 5, 5),)),
    "avg_pool3d": (lambda x: F.avg_pool3d(x, (2, 3, 2), (1, 2, 1), (1, 1, 0), True, False), lambda: (double(2, 4, 5, 3),)),
    "lp_pool2d": (lambda x: F.lp_pool2d(x, 3, (2, 3), 1), lambda: (double(1, 2, 4, 5).abs() + 0.1,)),
    "pixel_shuffle": (lambda x: F.pixel_shuffle(x, 2), lambda: (double(2, 8, 3, 2),)),
    "pixel_unshuffle": (lambda x: F.pixel_unshuffle(x, 3), lambda: (double(2, 3, 6, 3),)),
    "grid_sample_bilinear": (lambda x, g: F.grid_sample(x, g, "bilinear", "reflection", False),
                             lambda: (double(1, 2, 4, 5), double(1, 3, 2, 2, seed=1) * 0.7)),
    "grid_sample_bicubic": (lambda x, g: F.grid_sample(x, g, "bicubic", "border", True),
                            lambda: (double(1, 1, 4, 5), double(1, 2, 3, 2, seed=1) * 0.7)),
    "grid_sample_3d": (lambda x, g: F.grid_sample(x, g, "bilinear", "zeros", False),
                       lambda: (double(1, 1, 3, 4, 3), double(1, 2, 1, 2, 3, seed=1) * 0.7)),
    "affine_grid": (lambda t: F.affine_grid(t, (2, 3, 4, 5), align_corners=False), lambda: (double(2, 2, 3),)),
    "nearest": (lambda x: F.interpolate(x, scale_factor=1.7), lambda: (double(1, 2, 3, 4),)),
    "nearest_exact": (lambda x: F.interpolate(x, size=5, mode="nearest-exact"), lambda: (double(1, 2, 3),)),
    "linear": (lambda x: F.interpolate(x, size=7, mode="linear"), lambda: (double(1, 2, 3),)),
    "bilinear": (lambda x: F.interpolate(x, size=(2, 7), mode="bilinear", align_corners=True),
                 lambda: (double(1, 2, 3, 4),)),
    "bicubic": (lambda x: F.interpolate(x, scale_factor=(1.5, 0.7), mode="bicubic"), lambda: (double(1, 1, 4, 5),)),
    "bilinear_antialias": (lambda x: F.interpolate(x, size=(2, 3), mode="bilinear", antialias=True),
                           lambda: (double(1, 2, 5, 7),)),
    "bicubic_antialias": (lambda x: F.interpolate(x, scale_factor=0.4, mode="bicubic", antialias=True),
                          lambda: (double(1, 1, 6, 8),)),
    "unfold": (lambda x: F.unfold(x, (2, 3), 2, 1, (1, 2)), lambda: (double(2, 2, 5, 6),)),
    "fold": (lambda c: F.fold(c, (5, 6), (2, 3), 1, (1, 0), (2, 1)), lambda: (double(2, 12, 12),)),
    "lanczos": (lambda x: F.interpolate(x, size=(3, 9), mode="lanczos", antialias=True), lambda: (double(1, 1, 7, 5),)),
    "trilinear": (lambda x: F.interpolate(x, size=(3, 2, 4), mode="trilinear"), lambda: (double(1, 1, 2, 3, 2),)),
    "reflect": (lambda x: F.pad(x, (2, 1, 1, 2), mode="reflect"), lambda: (double(1, 2, 3, 4),)),
    "replicate": (lambda x: F.pad(x, (2, 1), mode="replicate"), lambda: (double(2, 3, 4),)),
}


@pytest.mark.parametrize("name", GRADCHECKS)
def test_gradcheck(name):
    fn, inputs = GRADCHECKS[name]
    assert gradcheck(fn, inputs())


@pytest.mark.parametrize("name", ["conv1d", "conv_transpose2d", "adaptive_avg_pool2d", "bicubic", "reflect",
                                  "grid_sample_bilinear", "affine_grid"])
def test_gradgradcheck(name):
    fn, inputs = GRADCHECKS[name]
    assert gradgradcheck(fn, inputs())


NODE_NAMES = [
    ("F.conv1d(x1, torch.ones(3, 4, 2))", "ConvolutionBackward0"),
    ("F.conv_transpose2d(x2, torch.ones(4, 3, 2, 2))", "ConvolutionBackward0"),
    ("F.conv_transpose1d(x1[0], torch.ones(4, 3, 2))", "SqueezeBackward1"),
    ("F.avg_pool1d(x1, 2)", "SqueezeBackward1"),
    ("F.adaptive_avg_pool2d(x2, 3)", "AdaptiveAvgPool2DBackward0"),
    ("F.adaptive_max_pool2d(x2, 3)", "AdaptiveMaxPool2DBackward0"),
    ("F.interpolate(x1, scale_factor=2)", "UpsampleNearest1DBackward0"),
    ("F.interpolate(x2, scale_factor=2, mode='nearest-exact')", "UpsampleNearestExact2DBackward0"),
    ("F.interpolate(x1, scale_factor=2, mode='linear')", "UpsampleLinear1DBackward0"),
    ("F.interpolate(x2, scale_factor=2, mode='bilinear')", "UpsampleBilinear2DBackward0"),
    ("F.interpolate(x2, scale_factor=2, mode='bicubic')", "UpsampleBicubic2DBackward0"),
    ("F.interpolate(x2, size=(3, 4), mode='area')", "AdaptiveAvgPool2DBackward0"),
    ("F.interpolate(x2, size=(3, 4), mode='bilinear', antialias=True)", "UpsampleBilinear2DAaBackward0"),
    ("F.interpolate(x2, size=(3, 4), mode='bicubic', antialias=True)", "UpsampleBicubic2DAaBackward0"),
    ("F.interpolate(x3.requires_grad_(), scale_factor=2, mode='trilinear')", "UpsampleTrilinear3DBackward0"),
    ("F.interpolate(x3.requires_grad_(), scale_factor=2)", "UpsampleNearest3DBackward0"),
    ("F.interpolate(x2, size=(3, 4), mode='lanczos', antialias=True)", "UpsampleLanczos2DAaBackward0"),
    ("F.adaptive_avg_pool3d(x3.requires_grad_(), 2)", "AdaptiveAvgPool3DBackward0"),
    ("F.adaptive_max_pool3d(x3.requires_grad_(), 2)", "AdaptiveMaxPool3DBackward0"),
    ("F.interpolate(x3.requires_grad_(), size=(2, 3, 2), mode='area')", "AdaptiveAvgPool3DBackward0"),
    ("F.max_pool3d(x3.requires_grad_(), 2)", "MaxPool3DWithIndicesBackward0"),
    ("F.avg_pool3d(x3.requires_grad_(), 2)", "AvgPool3DBackward0"),
    ("F.lp_pool2d(x2, 2, 2)", "PowBackward0"),
    ("F.pixel_shuffle(x2, 2)", "PixelShuffleBackward0"),
    ("F.pixel_unshuffle(x2, 1)", "PixelUnshuffleBackward0"),
    ("F.max_unpool2d(*F.max_pool2d(x2, 2, return_indices=True), 2)", "MaxUnpool2DBackward0"),
    ("F.max_unpool3d(*F.max_pool3d(x3.requires_grad_(), 2, return_indices=True), 2)", "MaxUnpool3DBackward0"),
    ("F.max_unpool1d(*F.max_pool1d(x1, 2, return_indices=True), 2)", "SqueezeBackward1"),
    ("F.grid_sample(x2, torch.zeros(2, 3, 4, 2), align_corners=False)", "GridSampler2DBackward0"),
    ("F.grid_sample(x3.requires_grad_(), torch.zeros(1, 2, 3, 4, 3), align_corners=True)", "GridSampler3DBackward0"),
    ("F.affine_grid(torch.ones(2, 2, 3, requires_grad=True), (2, 3, 4, 5), align_corners=False)",
     "AffineGridGeneratorBackward0"),
    ("F.unfold(x2, 2)", "Im2ColBackward0"),
    ("F.fold(F.unfold(x2, 2), (9, 8), 2)", "Col2ImBackward0"),
    ("F.pad(x1, (1, 2), mode='reflect')", "ReflectionPad1DBackward0"),
    ("F.pad(x2, (1, 2, 2, 1), mode='reflect')", "ReflectionPad2DBackward0"),
    ("F.pad(x1, (1, 2), mode='replicate')", "ReplicationPad1DBackward0"),
    ("F.pad(x2, (1, 2, 2, 1), mode='replicate')", "ReplicationPad2DBackward0"),
    ("F.pad(x3.requires_grad_(), (1, 2, 2, 1, 1, 1), mode='replicate')", "ReplicationPad3DBackward0"),
]


@pytest.mark.parametrize("expression, node", NODE_NAMES, ids=[c[0] for c in NODE_NAMES])
def test_node_names(expression, node):
    assert eval(expression, namespace(tensorlib)).grad_fn.name() == node


def test_create_graph_through_the_convolution():
    x, w = double(1, 2, 6), double(3, 2, 3, seed=1)
    out = F.conv1d(x, w, padding=1)
    gx, = tensorlib.autograd.grad((out ** 2).sum(), x, create_graph=True)
    gx.sum().backward()
    assert w.grad is not None and tuple(w.grad.shape) == (3, 2, 3)


STAND_IN_CASES = [
    ("conv1d", [(2, 4, 9), (6, 2, 3), (6,)], dict(stride=2, padding=1, dilation=2, groups=2)),
    ("conv_transpose2d", [(2, 4, 7, 6), (4, 3, 3, 2), (6,)], dict(stride=2, output_padding=1, groups=2)),
    ("max_pool1d", [(2, 4, 9)], dict(kernel_size=3, padding=1)),
    ("adaptive_avg_pool2d", [(2, 3, 9, 7)], dict(output_size=(4, 5))),
    ("adaptive_max_pool2d", [(2, 3, 9, 7)], dict(output_size=(4, 5))),
    ("interpolate", [(2, 3, 5, 6)], dict(size=(9, 4), mode="bicubic")),
    ("interpolate", [(2, 3, 9, 8)], dict(size=(4, 3), mode="bilinear", antialias=True)),
    ("pad", [(2, 3, 5, 6)], dict(pad=(2, 1, 1, 2), mode="reflect")),
    ("grid_sample", [(2, 3, 5, 6), (2, 4, 7, 2)], dict(mode="bicubic", padding_mode="reflection", align_corners=False)),
    ("unfold", [(2, 3, 5, 6)], dict(kernel_size=2, stride=2)),
]


@pytest.mark.parametrize("name, shapes, kwargs", STAND_IN_CASES, ids=[c[0] for c in STAND_IN_CASES])
def test_cuda_stand_in_gives_the_cpu_values_and_gradients(name, shapes, kwargs):
    """The family computes through tensor ops only, so CUDA tensors (NumPy standing
    in for CuPy) stay on the device and give the CPU results."""
    from tensorlib.backends import cuda as cuda_backend
    rng = np.random.default_rng(7)
    arrays = [rng.standard_normal(shape) for shape in shapes]
    results = []
    with cuda_backend.use_stand_in():
        for device in ("cpu", "cuda"):
            tensors = [tensorlib.tensor(a, device=device, requires_grad=True) for a in arrays]
            out = getattr(F, name)(*tensors, **kwargs)
            (out * out).sum().backward()
            assert out.device.type == device and all(t.grad.device.type == device for t in tensors)
            results.append([out.detach().cpu().numpy()] + [t.grad.cpu().numpy() for t in tensors])
    for cpu, cuda in zip(*results):
        np.testing.assert_allclose(cuda, cpu, rtol=1e-12, atol=1e-12)


EMPTY_BATCH = [
    lambda x: F.conv2d(x, tensorlib.ones(4, 1, 3, 3, dtype=x.dtype), groups=2),
    lambda x: F.conv_transpose2d(x, tensorlib.ones(2, 3, 2, 2, dtype=x.dtype)),
    lambda x: F.max_pool2d(x, 2), lambda x: F.avg_pool1d(x[:, 0], 2), lambda x: F.adaptive_avg_pool2d(x, 3),
    lambda x: F.adaptive_max_pool2d(x, 3), lambda x: F.interpolate(x, scale_factor=1.5, mode="bicubic"),
    lambda x: F.unfold(x, 2), lambda x: F.pad(x, (1, 1, 2, 0), mode="reflect"),
]


@pytest.mark.parametrize("index", range(len(EMPTY_BATCH)))
def test_an_empty_batch_gives_empty_results_and_gradients(index):
    x = tensorlib.ones(0, 2, 5, 5, dtype=tensorlib.float64, requires_grad=True)
    out = EMPTY_BATCH[index](x)
    assert out.shape[0] == 0
    out.sum().backward()
    assert tuple(x.grad.shape) == (0, 2, 5, 5)
