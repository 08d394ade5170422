"""Arguments PyTorch refuses are refused before any allocation or loop, with
PyTorch's exception class and message; the valid extremes next to them give
PyTorch's values.  Every expectation here is written out (observed on PyTorch
2.13); ``test_argument_checks_parity.py`` replays the same expressions against
PyTorch itself.

Each case is an expression over ``torch`` (tensorlib here), ``F`` and ``nn`` so
that the parity file can evaluate it against both libraries.  Cases that used
to crash the interpreter run in a child process too (``test_*_in_a_child``)."""
import math
import os
import subprocess
import sys
import textwrap
import warnings

import pytest

import tensorlib

# a zero-sized kernel and an even kernel with padding='same' are among the cases; both warn, in both libraries
pytestmark = [pytest.mark.filterwarnings("ignore:Initializing zero-element tensors is a no-op"),
              pytest.mark.filterwarnings("ignore:Using padding='same' with even kernel lengths")]

NAMESPACE = {"torch": tensorlib, "F": tensorlib.nn.functional, "nn": tensorlib.nn, "math": math}


def evaluate(expression, namespace=NAMESPACE):
    return eval(expression, dict(namespace))


def raised(expression, namespace=NAMESPACE):
    """(exception class name, message) raised by ``expression``."""
    try:
        evaluate(expression, namespace)
    except Exception as error:   # noqa: BLE001 - the class is what is compared
        return type(error).__name__, str(error)
    raise AssertionError(f"{expression} raised nothing")


# ---- creation: values refused --------------------------------------------------------------------
OVERFLOW_UINT8 = "value cannot be converted to type uint8_t without overflow"

CREATION_ERRORS = [
    # tensor(): elements converted to the dtype, named by its dtype name
    ("torch.tensor(300, dtype=torch.uint8)", "RuntimeError", "value cannot be converted to type uint8 without overflow"),
    ("torch.tensor([1, 300], dtype=torch.uint8)", "RuntimeError",
     "value cannot be converted to type uint8 without overflow"),
    ("torch.tensor([[1, 2], [3, -256]], dtype=torch.uint8)", "RuntimeError",
     "value cannot be converted to type uint8 without overflow"),
    ("torch.tensor(255.5, dtype=torch.uint8)", "RuntimeError",
     "value cannot be converted to type uint8 without overflow"),
    ("torch.tensor(-0.5, dtype=torch.uint8)", "RuntimeError",
     "value cannot be converted to type uint8 without overflow"),
    ("torch.tensor([128], dtype=torch.int8)", "RuntimeError", "value cannot be converted to type int8 without overflow"),
    ("torch.tensor(2**15, dtype=torch.int16)", "RuntimeError",
     "value cannot be converted to type int16 without overflow"),
    ("torch.tensor([2**31], dtype=torch.int32)", "RuntimeError",
     "value cannot be converted to type int32 without overflow"),
    ("torch.tensor([1e30], dtype=torch.int32)", "RuntimeError",
     "value cannot be converted to type int32 without overflow"),
    ("torch.tensor(float('nan'), dtype=torch.int64)", "RuntimeError",
     "value cannot be converted to type int64 without overflow"),
    ("torch.tensor([1.5, float('inf')], dtype=torch.int64)", "RuntimeError",
     "value cannot be converted to type int64 without overflow"),
    ("torch.tensor([1, 2.5, 300], dtype=torch.uint8)", "RuntimeError",
     "value cannot be converted to type uint8 without overflow"),
    ("torch.tensor([torch.tensor(300)], dtype=torch.uint8)", "RuntimeError",
     "value cannot be converted to type uint8 without overflow"),
    ("torch.zeros(1, dtype=torch.uint8).new_tensor([300])", "RuntimeError",
     "value cannot be converted to type uint8 without overflow"),
    ("torch.as_tensor([300], dtype=torch.uint8)", "RuntimeError",
     "value cannot be converted to type uint8 without overflow"),
    ("torch.ByteTensor([300])", "RuntimeError", "value cannot be converted to type uint8 without overflow"),
    ("torch.IntTensor([2**31])", "RuntimeError", "value cannot be converted to type int32 without overflow"),
    # tensor(): an int element must fit int64 unless the dtype is floating or bool
    ("torch.tensor(2**63)", "ValueError", "Overflow when unpacking long long"),
    ("torch.tensor([2**63 - 1, 2**63])", "ValueError", "Overflow when unpacking long long"),
    ("torch.tensor(-2**63 - 1)", "ValueError", "Overflow when unpacking long long"),
    ("torch.tensor(2**64, dtype=torch.uint8)", "ValueError", "Overflow when unpacking long long"),
    ("torch.tensor([1.5, 2**63], dtype=torch.int64)", "ValueError", "Overflow when unpacking long long"),
    ("torch.LongTensor([2**63])", "ValueError", "Overflow when unpacking long long"),
    ("torch.tensor([1.5, 2**1100])", "OverflowError", "int too large to convert to float"),
    # Scalar arguments: int64 or uint64, nothing wider
    ("torch.full((2,), 2**64)", "OverflowError", "int too big to convert"),
    ("torch.full((2,), 2**70, dtype=torch.float32)", "OverflowError", "int too big to convert"),
    ("torch.full((2,), -2**63 - 1)", "OverflowError", "can't convert negative int to unsigned"),
    ("torch.full((1,), 2**70, dtype=torch.bool)", "OverflowError", "int too big to convert"),
    ("torch.zeros(2).fill_(2**70)", "OverflowError", "int too big to convert"),
    ("torch.zeros(2, dtype=torch.bool).fill_(-2**70)", "OverflowError", "can't convert negative int to unsigned"),
    ("torch.arange(2**64)", "OverflowError", "int too big to convert"),
    ("torch.linspace(0, 2**70, 3)", "OverflowError", "int too big to convert"),
    # Scalars converted to the dtype, named by its C++ type
    ("torch.full((2,), 300, dtype=torch.uint8)", "RuntimeError", OVERFLOW_UINT8),
    ("torch.full((2,), -256, dtype=torch.uint8)", "RuntimeError", OVERFLOW_UINT8),
    ("torch.full((2,), -1.5, dtype=torch.uint8)", "RuntimeError", OVERFLOW_UINT8),
    ("torch.full((2,), float('nan'), dtype=torch.uint8)", "RuntimeError", OVERFLOW_UINT8),
    ("torch.full((2,), torch.tensor(300), dtype=torch.uint8)", "RuntimeError", OVERFLOW_UINT8),
    ("torch.full((2,), 2**63)", "RuntimeError", "value cannot be converted to type int64_t without overflow"),
    ("torch.full((2,), 1e300, dtype=torch.int64)", "RuntimeError",
     "value cannot be converted to type int64_t without overflow"),
    ("torch.full((2,), 2**31, dtype=torch.int32)", "RuntimeError",
     "value cannot be converted to type int without overflow"),
    ("torch.full((2,), 2**15, dtype=torch.int16)", "RuntimeError",
     "value cannot be converted to type int16_t without overflow"),
    ("torch.full((2,), 128, dtype=torch.int8)", "RuntimeError",
     "value cannot be converted to type int8_t without overflow"),
    ("torch.full((2,), 1e300)", "RuntimeError", "value cannot be converted to type float without overflow"),
    ("torch.full((2,), 70000, dtype=torch.float16)", "RuntimeError",
     "value cannot be converted to type c10::Half without overflow"),
    ("torch.full_like(torch.zeros(2, dtype=torch.uint8), 300)", "RuntimeError", OVERFLOW_UINT8),
    ("torch.zeros(2, dtype=torch.uint8).new_full((2,), 300)", "RuntimeError", OVERFLOW_UINT8),
    ("torch.zeros(2, dtype=torch.int32).fill_(2**31)", "RuntimeError",
     "value cannot be converted to type int without overflow"),
    ("torch.zeros(2, dtype=torch.float16).fill_(2**63)", "RuntimeError",
     "value cannot be converted to type c10::Half without overflow"),
    ("torch.zeros(2, dtype=torch.uint8).fill_(300)", "RuntimeError", OVERFLOW_UINT8),
    # sizes: int64, not negative, and a storage whose byte count fits int64
    ("torch.empty(2**63)", "TypeError",
     'empty(): argument \'size\' failed to unpack the object at pos 1 with error "Overflow when unpacking long long"'),
    ("torch.zeros((2, 2**63))", "TypeError",
     'zeros(): argument \'size\' failed to unpack the object at pos 2 with error "Overflow when unpacking long long"'),
    ("torch.ones(2, -2**63 - 1)", "TypeError",
     'ones(): argument \'size\' failed to unpack the object at pos 2 with error "Overflow when unpacking long long"'),
    ("torch.Tensor(2**63)", "TypeError",
     'new(): argument \'size\' failed to unpack the object at pos 1 with error "Overflow when unpacking long long"'),
    ("torch.zeros(-1)", "RuntimeError", "zeros: Dimension size must be non-negative."),
    ("torch.empty(1, -2, -5)", "RuntimeError", "Trying to create tensor with negative dimension -2: [1, -2, -5]"),
    ("torch.Tensor(1, -2, -5)", "RuntimeError", "Trying to create tensor with negative dimension -2: [1, -2, -5]"),
    ("torch.empty(2**62, 4)", "RuntimeError",
     "Storage size calculation overflowed with sizes=[4611686018427387904, 4]"),
    ("torch.zeros(2**40, 2**40)", "RuntimeError",
     "Storage size calculation overflowed with sizes=[1099511627776, 1099511627776]"),
    ("torch.empty(2**32, 2**32)", "RuntimeError",
     "Storage size calculation overflowed with sizes=[4294967296, 4294967296]"),
    ("torch.empty(3, 2**62)", "RuntimeError", "Storage size calculation overflowed with sizes=[3, 4611686018427387904]"),
    ("torch.empty(2**60, dtype=torch.float64)", "RuntimeError",
     "Storage size calculation overflowed with sizes=[1152921504606846976]"),
    ("torch.empty(2**62, 2**62, 0)", "RuntimeError",
     "Storage size calculation overflowed with sizes=[4611686018427387904, 4611686018427387904, 0]"),
    ("torch.empty(0, 2**62, 2**62)", "RuntimeError", "Stride calculation overflowed"),
    ("torch.Tensor(2**62, 4)", "RuntimeError", "Storage size calculation overflowed with sizes=[4611686018427387904, 4]"),
    ("torch.zeros(2).new_zeros((2**62, 4))", "RuntimeError",
     "Storage size calculation overflowed with sizes=[4611686018427387904, 4]"),
    ("torch.full((2**62, 4), 300, dtype=torch.uint8)", "RuntimeError",
     "Storage size calculation overflowed with sizes=[4611686018427387904, 4]"),
    ("torch.rand(2**62, 4)", "RuntimeError", "Storage size calculation overflowed with sizes=[4611686018427387904, 4]"),
    # representable but not allocatable: PyTorch's CPU allocator error
    ("torch.empty(2**45)", "RuntimeError",
     "[enforce fail at alloc_cpu.cpp:127] err == 0. DefaultCPUAllocator: can't allocate memory: you tried to "
     "allocate 140737488355328 bytes. Error code 12 (Cannot allocate memory)"),
    ("torch.empty(2**59, dtype=torch.float64)", "RuntimeError",
     "[enforce fail at alloc_cpu.cpp:127] err == 0. DefaultCPUAllocator: can't allocate memory: you tried to "
     "allocate 4611686018427387904 bytes. Error code 12 (Cannot allocate memory)"),
    ("torch.ones(2**45)", "RuntimeError",
     "[enforce fail at alloc_cpu.cpp:127] err == 0. DefaultCPUAllocator: can't allocate memory: you tried to "
     "allocate 140737488355328 bytes. Error code 12 (Cannot allocate memory)"),
    ("torch.randn(2**45)", "RuntimeError",
     "[enforce fail at alloc_cpu.cpp:127] err == 0. DefaultCPUAllocator: can't allocate memory: you tried to "
     "allocate 140737488355328 bytes. Error code 12 (Cannot allocate memory)"),
    ("torch.randint(0, 5, (2**45,))", "RuntimeError",
     "[enforce fail at alloc_cpu.cpp:127] err == 0. DefaultCPUAllocator: can't allocate memory: you tried to "
     "allocate 281474976710656 bytes. Error code 12 (Cannot allocate memory)"),
    ("torch.arange(0, 2**45, dtype=torch.uint8)", "RuntimeError",
     "[enforce fail at alloc_cpu.cpp:127] err == 0. DefaultCPUAllocator: can't allocate memory: you tried to "
     "allocate 35184372088832 bytes. Error code 12 (Cannot allocate memory)"),
    # eye
    ("torch.eye(-1)", "RuntimeError", "n must be greater or equal to 0, got -1"),
    ("torch.eye(2, -1)", "RuntimeError", "m must be greater or equal to 0, got -1"),
    ("torch.eye(2**45)", "RuntimeError", "numel: integer multiplication overflow"),
    ("torch.eye(2**32, 2**31)", "RuntimeError", "numel: integer multiplication overflow"),
    ("torch.eye(2**31, 2**31)", "RuntimeError",
     "Storage size calculation overflowed with sizes=[2147483648, 2147483648]"),
    ("torch.eye(2**63)", "ValueError", "Overflow when unpacking long long"),
    ("torch.eye(2.5)", "TypeError", "eye(): argument 'n' (position 1) must be int, not float"),
    ("torch.eye(True)", "TypeError", "eye(): argument 'n' (position 1) must be int, not bool"),
    # arange: bounds judged as doubles, the length checked, then the result allocated
    ("torch.arange(0, 10, 0)", "RuntimeError", "step must be nonzero"),
    ("torch.arange(0, 10, float('nan'))", "RuntimeError", "step must be nonzero"),
    ("torch.arange(0.5, 3.7, 0.5, dtype=torch.int64)", "ValueError", "step must be nonzero"),
    ("torch.arange(0, float('inf'))", "RuntimeError", "unsupported range: 0 -> inf"),
    ("torch.arange(float('nan'))", "RuntimeError", "unsupported range: 0 -> nan"),
    ("torch.arange(1.5, float('-inf'), -1)", "RuntimeError", "unsupported range: 1.5 -> -inf"),
    ("torch.arange(123456789.0, float('inf'))", "RuntimeError", "unsupported range: 1.23457e+08 -> inf"),
    ("torch.arange(0, float('inf'), dtype=torch.int64)", "RuntimeError", "unsupported range: 0 -> inf"),
    ("torch.arange(0, 10, -1)", "RuntimeError", "upper bound and lower bound inconsistent with step sign"),
    ("torch.arange(-1)", "RuntimeError", "upper bound and lower bound inconsistent with step sign"),
    ("torch.arange(0, 2**63, 1e-20)", "RuntimeError", "invalid size, possible overflow?"),
    ("torch.arange(0, 1, 1e-300)", "RuntimeError", "invalid size, possible overflow?"),
    ("torch.arange(-2**63, 2**63 - 1)", "RuntimeError", "invalid size, possible overflow?"),
    ("torch.arange(0, 2**63 - 1, 2**62)", "RuntimeError", "invalid size, possible overflow?"),
    ("torch.arange(0, -2**63, -2**62)", "RuntimeError", "invalid size, possible overflow?"),
    ("torch.arange(0, 1e30, dtype=torch.int32)", "RuntimeError", "invalid size, possible overflow?"),
    ("torch.arange(0, 1e30, dtype=torch.int64)", "RuntimeError",
     "value cannot be converted to type int64_t without overflow"),
    ("torch.arange(0, 2**63)", "RuntimeError", "value cannot be converted to type int64_t without overflow"),
    ("torch.arange(1e30, 1e30 + 1e15, 1e14, dtype=torch.int32)", "RuntimeError",
     "value cannot be converted to type int64_t without overflow"),
    ("torch.arange(0, 10, 1e300, dtype=torch.float16)", "RuntimeError",
     "value cannot be converted to type float without overflow"),
    ("torch.arange(0, 2**63, 1.0)", "RuntimeError",
     "IntArrayRef contains an int that cannot be represented as a SymInt: -9223372036854775808"),
    ("torch.arange(0, 2**63 - 1, 1)", "RuntimeError",
     "IntArrayRef contains an int that cannot be represented as a SymInt: -9223372036854775808"),
    ("torch.arange(0, 2**62)", "RuntimeError", "Storage size calculation overflowed with sizes=[4611686018427387904]"),
    ("torch.arange(0, 10, 3, dtype=torch.bool)", "NotImplementedError", "\"arange_cpu\" not implemented for 'Bool'"),
    ("torch.arange(0, float('inf'), dtype=torch.bool)", "NotImplementedError",
     "\"arange_cpu\" not implemented for 'Bool'"),
    # linspace / logspace
    ("torch.linspace(0, 1, -1)", "RuntimeError", "number of steps must be non-negative"),
    ("torch.logspace(0, 1, -5)", "RuntimeError", "number of steps must be non-negative"),
    ("torch.linspace(0, 1, 2**63)", "ValueError", "Overflow when unpacking long long"),
    ("torch.linspace(0, 1, 2**62)", "RuntimeError", "Storage size calculation overflowed with sizes=[4611686018427387904]"),
    ("torch.linspace(0, 300, 3, dtype=torch.uint8)", "RuntimeError", OVERFLOW_UINT8),
    ("torch.linspace(300, 0, 1, dtype=torch.uint8)", "RuntimeError", OVERFLOW_UINT8),
    ("torch.linspace(0, 1e10, 3, dtype=torch.int32)", "RuntimeError",
     "value cannot be converted to type int without overflow"),
    ("torch.linspace(0, 1e300, 3)", "RuntimeError", "value cannot be converted to type float without overflow"),
    ("torch.linspace(0, 1e10, 2, dtype=torch.float16)", "RuntimeError",
     "value cannot be converted to type c10::Half without overflow"),
    ("torch.linspace(0, 5, 3, dtype=torch.bool)", "NotImplementedError", "\"linspace_cpu\" not implemented for 'Bool'"),
    ("torch.logspace(0, 300, 3, dtype=torch.uint8)", "RuntimeError", OVERFLOW_UINT8),
    ("torch.logspace(300, 0, 1, dtype=torch.uint8)", "RuntimeError", OVERFLOW_UINT8),
    ("torch.logspace(0, 1, 2, dtype=torch.bool)", "NotImplementedError", "\"logspace_cpu\" not implemented for 'Bool'"),
    # randint: the result first, then the range, then the range against the dtype
    ("torch.randint(5, 5, (2,))", "RuntimeError",
     "random_ expects 'from' to be less than 'to', but got from=5 >= to=5"),
    ("torch.randint(5, 5, (-1,))", "RuntimeError", "Trying to create tensor with negative dimension -1: [-1]"),
    ("torch.randint(0, 300, (2,), dtype=torch.uint8)", "RuntimeError", "to - 1 is out of bounds for unsigned char"),
    ("torch.randint(0, 300, (0,), dtype=torch.uint8)", "RuntimeError", "to - 1 is out of bounds for unsigned char"),
    ("torch.randint(300, (2,), dtype=torch.uint8)", "RuntimeError", "to - 1 is out of bounds for unsigned char"),
    ("torch.randint(-1, 5, (2,), dtype=torch.uint8)", "RuntimeError", "from is out of bounds for unsigned char"),
    ("torch.randint(-129, 0, (2,), dtype=torch.int8)", "RuntimeError", "from is out of bounds for signed char"),
    ("torch.randint(0, 2**31 + 1, (2,), dtype=torch.int32)", "RuntimeError", "to - 1 is out of bounds for int"),
    ("torch.randint(0, 3, (2,), dtype=torch.bool)", "RuntimeError", "to - 1 is out of bounds for bool"),
    ("torch.randint(0, 70000, (2,), dtype=torch.float16)", "RuntimeError", "to - 1 is out of bounds for c10::Half"),
    ("torch.randint(0, 2**63, (2,))", "ValueError", "Overflow when unpacking long long"),
    ("torch.randint(0, 300, (2**62, 4), dtype=torch.uint8)", "RuntimeError",
     "Storage size calculation overflowed with sizes=[4611686018427387904, 4]"),
    ("torch.randint_like(torch.zeros(2, dtype=torch.uint8), 300)", "RuntimeError",
     "to - 1 is out of bounds for unsigned char"),
    # randperm
    ("torch.randperm(-1)", "RuntimeError", "Trying to create tensor with negative dimension -1: [-1]"),
    ("torch.randperm(-1, dtype=torch.bool)", "RuntimeError", "Trying to create tensor with negative dimension -1: [-1]"),
    ("torch.randperm(0, dtype=torch.bool)", "NotImplementedError", "\"randperm\" not implemented for 'Bool'"),
    ("torch.randperm(257, dtype=torch.uint8)", "RuntimeError", OVERFLOW_UINT8),
    ("torch.randperm(129, dtype=torch.int8)", "RuntimeError", "value cannot be converted to type int8_t without overflow"),
    ("torch.randperm(2050, dtype=torch.float16)", "RuntimeError", "n cannot be greater than 2049 for Half type."),
    ("torch.randperm(2**24 + 2, dtype=torch.float32)", "RuntimeError",
     "n cannot be greater than 2^24+1 for Float type."),
    ("torch.randperm(2**63)", "ValueError", "Overflow when unpacking long long"),
    ("torch.randperm(2**62)", "RuntimeError", "Storage size calculation overflowed with sizes=[4611686018427387904]"),
    ("torch.randperm(2.5)", "TypeError", "randperm(): argument 'n' (position 1) must be int, not float"),
]

# (expression, dtype, values): the valid extremes next to the refusals
CREATION_VALUES = [
    ("torch.tensor(-1, dtype=torch.uint8)", "uint8", 255),
    ("torch.tensor([-255, 255], dtype=torch.uint8)", "uint8", [1, 255]),
    ("torch.tensor([True, 2], dtype=torch.uint8)", "uint8", [1, 2]),
    ("torch.tensor([2**70], dtype=torch.bool)", "bool", [True]),
    ("torch.tensor(2**63, dtype=torch.float64)", "float64", 9.223372036854776e18),
    ("torch.tensor([1, 2.5, 2**70])", "float32", [1.0, 2.5, 1.1805916207174113e21]),
    ("torch.tensor(1e300, dtype=torch.float16)", "float16", math.inf),
    ("torch.full((2,), -1, dtype=torch.uint8)", "uint8", [255, 255]),
    ("torch.full((2,), 2**63 - 1)", "int64", [2**63 - 1] * 2),
    ("torch.full((2,), 2**63, dtype=torch.float32)", "float32", [9.223372036854776e18] * 2),
    ("torch.full((2,), 5.0, dtype=torch.bool)", "bool", [True, True]),
    ("torch.full((2,), float('inf'), dtype=torch.float16)", "float16", [math.inf, math.inf]),
    ("torch.zeros(2, dtype=torch.uint8).fill_(-1)", "uint8", [255, 255]),
    ("torch.zeros(2, dtype=torch.uint8).fill_(torch.tensor(300))", "uint8", [44, 44]),
    ("torch.zeros(2, dtype=torch.int64).fill_(2**63 + 0.0)", "int64", [-2**63, -2**63]),
    ("torch.empty(0, 2**62).shape", None, (0, 2**62)),
    ("torch.arange(0, 3.5, dtype=torch.int64)", "int64", [0, 1, 2]),
    ("torch.arange(-0.5, 3, dtype=torch.int64)", "int64", [0, 1, 2]),
    ("torch.arange(0, 10, 2.5, dtype=torch.int64)", "int64", [0, 2, 4, 6, 8]),
    ("torch.arange(0, 10, 2.5, dtype=torch.int32)", "int32", [0, 2, 4, 6]),
    ("torch.arange(0.5, 3.7, 0.5, dtype=torch.int32)", "int32", [0] * 7),
    ("torch.arange(0, 1e10, 2e9, dtype=torch.int32)", "int32", [0, 2000000000, -294967296, 1705032704, -589934592]),
    ("torch.arange(-5, 5, 3, dtype=torch.uint8)", "uint8", [251, 254, 1, 4]),
    ("torch.arange(0, 10, float('inf'))", "float32", []),
    ("torch.arange(-2**63, 2**63 - 1, 2**62)", "int64", []),
    ("torch.arange(2**63 - 3, 2**63 - 1)", "int64", [2**63 - 3, 2**63 - 2]),
    ("torch.arange(0, -1e-300, -1)", "float32", [0.0]),
    ("torch.arange(0, 70000, 10000, dtype=torch.float16)", "float16",
     [0.0, 10000.0, 20000.0, 30000.0, 40000.0, 49984.0, 60000.0]),
    ("torch.linspace(-1, 3, 3, dtype=torch.uint8)", "uint8", [255, 129, 3]),
    ("torch.linspace(0, 300, 1, dtype=torch.uint8)", "uint8", [0]),
    ("torch.linspace(300, 0, 0, dtype=torch.uint8)", "uint8", []),
    ("torch.linspace(0, 1, 1, dtype=torch.bool)", "bool", [False]),
    ("torch.linspace(0, 1e300, 1)", "float32", [0.0]),
    ("torch.logspace(1e300, 0, 1)", "float32", [math.inf]),
    ("torch.logspace(2, 0, 1, dtype=torch.uint8)", "uint8", [100]),
    ("torch.logspace(0, 1, 1, dtype=torch.bool)", "bool", [True]),
    ("torch.logspace(0, 3, 2, base=300, dtype=torch.uint8)", "uint8", [1, 192]),
    ("torch.randint(0, 256, (3,), dtype=torch.uint8).shape", None, (3,)),
    ("torch.randint(-128, 128, (3,), dtype=torch.int8).shape", None, (3,)),
    ("torch.randint(-2**63, 2**63 - 1, (3,)).shape", None, (3,)),
    ("torch.randint(0, 2, (3,), dtype=torch.bool).dtype", None, "bool"),
    ("torch.randperm(256, dtype=torch.uint8).shape", None, (256,)),
    ("torch.randperm(2049, dtype=torch.float16).shape", None, (2049,)),
    ("torch.randperm(0, dtype=torch.float16).shape", None, (0,)),
]


# ---- convolution, pooling, padding: arguments refused --------------------------------------------
NN_ERRORS = [
    # conv2d
    ('F.conv2d(torch.ones(1, 1, 5, 5), torch.ones(1, 1, 3, 3), stride=0)', 'RuntimeError', 'non-positive stride is not supported'),
    ('F.conv2d(torch.ones(1, 1, 5, 5), torch.ones(1, 1, 3, 3), stride=-1)', 'RuntimeError', 'non-positive stride is not supported'),
    ('F.conv2d(torch.ones(1, 1, 5, 5), torch.ones(1, 1, 3, 3), stride=(1, 0))', 'RuntimeError', 'non-positive stride is not supported'),
    ('F.conv2d(torch.ones(1, 1, 5, 5), torch.ones(1, 1, 3, 3), dilation=-2)', 'RuntimeError', 'dilation should be greater than zero'),
    ('F.conv2d(torch.ones(1, 1, 5, 5), torch.ones(1, 1, 3, 3), dilation=0)', 'RuntimeError', 'dilation should be greater than zero, but got [0, 0]'),
    ('F.conv2d(torch.ones(1, 1, 5, 5), torch.ones(1, 1, 3, 3), dilation=(1, 0))', 'RuntimeError', 'dilation should be greater than zero, but got [1, 0]'),
    ('F.conv2d(torch.ones(1, 1, 5, 5, dtype=torch.float64), torch.ones(1, 1, 1, 1, dtype=torch.float64), dilation=0)', 'RuntimeError', 'dilation should be greater than zero, but got [0, 0]'),
    ('F.conv2d(torch.ones(1, 1, 5, 5), torch.ones(1, 1, 3, 3), padding=-1)', 'RuntimeError', 'negative padding is not supported'),
    ('F.conv2d(torch.ones(1, 1, 5, 5), torch.ones(1, 1, 3, 3), padding=(0, -1))', 'RuntimeError', 'negative padding is not supported'),
    ('F.conv2d(torch.ones(1, 1, 5, 5), torch.ones(1, 1, 3, 3), padding=-1, stride=0)', 'RuntimeError', 'negative padding is not supported'),
    ('F.conv2d(torch.ones(1, 1, 5, 5), torch.ones(1, 1, 3, 3), dilation=0, stride=0)', 'RuntimeError', 'non-positive stride is not supported'),
    ('F.conv2d(torch.ones(1, 1, 5, 5), torch.ones(1, 1, 3, 3), groups=0)', 'RuntimeError', 'non-positive groups is not supported'),
    ('F.conv2d(torch.ones(1, 1, 5, 5), torch.ones(1, 1, 3), groups=-1)', 'RuntimeError', 'non-positive groups is not supported'),
    ('F.conv2d(torch.ones(1, 1, 5, 5), torch.ones(1, 1, 3, 3), groups=2)', 'RuntimeError', 'Given groups=2, expected weight to be at least 2 at dimension 0, but got weight of size [1, 1, 3, 3] instead'),
    ('F.conv2d(torch.ones(1, 2, 5, 5), torch.ones(3, 1, 3, 3), groups=2)', 'RuntimeError', 'Given groups=2, expected weight to be divisible by 2 at dimension 0, but got weight of size [[3, 1, 3, 3]] instead'),
    ('F.conv2d(torch.ones(1, 3, 5, 5), torch.ones(2, 2, 3, 3), groups=2)', 'RuntimeError', 'Given groups=2, weight of size [2, 2, 3, 3], expected input[1, 3, 5, 5] to have 4 channels, but got 3 channels instead'),
    ('F.conv2d(torch.ones(1, 1, 5, 5), torch.ones(0, 1, 3, 3))', 'RuntimeError', 'Given groups=1, expected weight to be at least 1 at dimension 0, but got weight of size [0, 1, 3, 3] instead'),
    ('F.conv2d(torch.ones(1, 1, 5, 5), torch.ones(1, 1, 3, 3), bias=torch.ones(2))', 'RuntimeError', 'Given weight of size [1, 1, 3, 3], expected bias to be 1-dimensional with 1 elements, but got bias of size [2] instead'),
    ('F.conv2d(torch.ones(1, 1, 5, 5), torch.ones(1, 1, 3, 3), bias=torch.ones(1, 1))', 'RuntimeError', 'Given weight of size [1, 1, 3, 3], expected bias to be 1-dimensional with 1 elements, but got bias of size [1, 1] instead'),
    ('F.conv2d(torch.ones(1, 1, 2, 2), torch.ones(1, 1, 3, 3), bias=torch.ones(2))', 'RuntimeError', 'Given weight of size [1, 1, 3, 3], expected bias to be 1-dimensional with 1 elements, but got bias of size [2] instead'),
    ('F.conv2d(torch.ones(5, 5), torch.ones(1, 1, 3, 3), bias=torch.ones(1, dtype=torch.float64))', 'RuntimeError', 'Input type (float) and bias type (double) should be the same'),
    ('F.conv2d(torch.ones(1, 1, 5, 5), torch.ones(1, 1, 6, 3))', 'RuntimeError', "Calculated padded input size per channel: (5 x 5). Kernel size: (6 x 3). Kernel size can't be greater than actual input size"),
    ('F.conv2d(torch.ones(1, 1, 5, 5), torch.ones(1, 1, 3, 3), dilation=3)', 'RuntimeError', "Calculated padded input size per channel: (5 x 5). Kernel size: (7 x 7). Kernel size can't be greater than actual input size"),
    ('F.conv2d(torch.ones(1, 1, 0, 5), torch.ones(1, 1, 1, 1))', 'RuntimeError', "Calculated padded input size per channel: (0 x 5). Kernel size: (1 x 1). Kernel size can't be greater than actual input size"),
    ('F.conv2d(torch.ones(1, 1, 5, 5), torch.ones(1, 1, 0, 3))', 'RuntimeError', 'kernel size should be greater than zero, but got kernel_height: 0 kernel_width: 3'),
    ('F.conv2d(torch.ones(1, 1, 5, 5), torch.ones(1, 1, 3, 0), padding=1)', 'RuntimeError', 'kernel size should be greater than zero, but got kernel_height: 3 kernel_width: 0'),
    ('F.conv2d(torch.ones(1, 1, 5, 5), torch.ones(1, 1, 0, 3), dilation=2)', 'RuntimeError', 'kernel size should be greater than zero, but got [0, 3]'),
    ('F.conv2d(torch.ones(1, 1, 5, 5), torch.ones(1, 1, 0, 3, dtype=torch.float64))', 'RuntimeError', 'kernel size should be greater than zero, but got kernel_height: 0 kernel_width: 3'),
    ('F.conv2d(torch.ones(1, 1, 5, 5), torch.ones(1, 1, 3, 3, dtype=torch.float64))', 'RuntimeError', 'expected scalar type Float but found Double'),
    ('F.conv2d(torch.ones(1, 1, 5, 5), torch.ones(1, 1, 3, 3, dtype=torch.float64), stride=0)', 'RuntimeError', 'non-positive stride is not supported'),
    ('F.conv2d(torch.ones(1, 1, 5, 5), torch.ones(1, 1))', 'RuntimeError', 'weight should have at least three dimensions'),
    ('F.conv2d(torch.ones(1, 1, 5, 5), torch.ones(1, 1, 3))', 'RuntimeError', 'expected stride to be a single integer value or a list of 1 values to match the convolution dimensions, but got stride=[1, 1]'),
    ('F.conv2d(torch.ones(1, 1, 5, 5), torch.ones(1, 1, 3, 3, 3))', 'RuntimeError', 'expected stride to be a single integer value or a list of 3 values to match the convolution dimensions, but got stride=[1, 1]'),
    ('F.conv2d(torch.ones(1, 1, 5, 5), torch.ones(1, 1, 3), stride=(1,), padding=(0,), dilation=(1,))', 'RuntimeError', 'expected output_padding to be a single integer value or a list of 1 values to match the convolution dimensions, but got output_padding=[0, 0]'),
    ('F.conv2d(torch.ones(1, 1, 5, 5), torch.ones(1, 1, 3, 3), stride=(1, 1, 1))', 'RuntimeError', 'expected stride to be a single integer value or a list of 2 values to match the convolution dimensions, but got stride=[1, 1, 1]'),
    ('F.conv2d(torch.ones(1, 1, 5, 5), torch.ones(1, 1, 3, 3), stride=())', 'RuntimeError', 'expected stride to be a single integer value or a list of 2 values to match the convolution dimensions, but got stride=[]'),
    ('F.conv2d(torch.ones(1, 1, 5, 5), torch.ones(1, 1, 3, 3), padding=(1, 1, 1))', 'RuntimeError', 'expected padding to be a single integer value or a list of 2 values to match the convolution dimensions, but got padding=[1, 1, 1]'),
    ('F.conv2d(torch.ones(1, 1, 5, 5), torch.ones(1, 1, 3, 3), dilation=(1, 1, 1))', 'RuntimeError', 'expected dilation to be a single integer value or a list of 2 values to match the convolution dimensions, but got dilation=[1, 1, 1]'),
    ('F.conv2d(torch.ones(5, 5), torch.ones(1, 1, 3, 3))', 'RuntimeError', 'Expected 3D (unbatched) or 4D (batched) input to conv2d, but got input of size: [5, 5]'),
    ('F.conv2d(torch.ones(1, 1, 1, 5, 5), torch.ones(1, 1, 3, 3))', 'RuntimeError', 'Expected 3D (unbatched) or 4D (batched) input to conv2d, but got input of size: [1, 1, 1, 5, 5]'),
    ("F.conv2d(torch.ones(1, 5, 5), torch.ones(1, 1, 3, 3), padding='foo', stride=0)", 'RuntimeError', "Invalid padding string: 'foo'"),
    ("F.conv2d(torch.ones(1, 1, 5, 5), torch.ones(1, 1, 3, 3), padding='same', stride=2)", 'RuntimeError', "padding='same' is not supported for strided convolutions"),
    ("F.conv2d(torch.ones(1, 1, 5, 5), torch.ones(1, 1, 3, 3), padding='same', stride=(1, 1, 1))", 'RuntimeError', 'stride cannot broadcast to 2 dimensions'),
    ("F.conv2d(torch.ones(1, 1, 5, 5), torch.ones(1, 1, 3, 3), padding='same', dilation=(1, 1, 1))", 'RuntimeError', 'dilation cannot broadcast to 2 dimensions'),
    ("F.conv2d(torch.ones(1, 1, 5, 5), torch.ones(1, 1, 3, 3), padding='same', dilation=-1)", 'RuntimeError', 'negative padding is not supported'),
    ("F.conv2d(torch.ones(1, 1, 5, 5), torch.ones(1, 1, 3, 3), padding='same', groups=0)", 'RuntimeError', 'non-positive groups is not supported'),
    ("F.conv2d(torch.ones(1, 1, 5, 5), torch.ones(1, 1, 3), padding='same')", 'RuntimeError', 'Expected 3-dimensional input for 3-dimensional weight[1, 1, 3], but got 4-dimensional input of size [1, 1, 5, 5] instead'),
    ("F.conv2d(torch.ones(1, 1, 5, 5), torch.ones(1, 1, 3), padding='valid')", 'RuntimeError', 'expected stride to be a single integer value or a list of 1 values to match the convolution dimensions, but got stride=[1, 1]'),
    ("F.conv2d(torch.ones(1, 1, 5, 5), torch.ones(2, 1, 3, 3), padding='same', bias=torch.ones(3))", 'RuntimeError', 'Given weight of size [2, 1, 3, 3], expected bias to be 1-dimensional with 2 elements, but got bias of size [3] instead'),
    ('F.conv2d(torch.ones(1, 1, 5, 5), torch.ones(1, 1, 3, 3), padding=2**62)', 'RuntimeError', 'Given padding=4611686018427387904 at dimension 0 , expected padding to be at most 4611686018427387903'),
    ('F.conv2d(torch.ones(1, 1, 5, 5), torch.ones(1, 1, 3, 3), padding=(1, 2**62))', 'RuntimeError', 'Given padding=4611686018427387904 at dimension 1 , expected padding to be at most 4611686018427387903'),
    ('F.conv2d(torch.ones(1, 1, 5, 5), torch.ones(1, 1, 3, 3), padding=2**62 - 1)', 'RuntimeError', "Calculated padded input size per channel: (-9223372036854775805 x -9223372036854775805). Kernel size: (3 x 3). Kernel size can't be greater than actual input size"),
    ('F.conv2d(torch.ones(1, 1, 5, 5), torch.ones(1, 1, 3, 3), dilation=2**40)', 'RuntimeError', "Calculated padded input size per channel: (5 x 5). Kernel size: (2199023255553 x 2199023255553). Kernel size can't be greater than actual input size"),
    ('F.conv2d(torch.ones(1, 1, 5, 5), torch.ones(1, 1, 3, 3), stride=2**63)', 'ValueError', 'Overflow when unpacking long long'),
    ('F.conv2d(torch.ones(1, 1, 5, 5), torch.ones(1, 1, 3, 3), groups=2**63)', 'ValueError', 'Overflow when unpacking long long'),
    ('F.conv2d(torch.ones(1, 1, 5, 5), torch.ones(1, 1, 3, 3), stride=(1, 2**63))', 'TypeError', 'conv2d(): argument \'stride\' failed to unpack the object at pos 2 with error "Overflow when unpacking long long"'),
    ('F.conv2d(torch.ones(1, 1, 5, 5), torch.ones(1, 1, 3, 3), stride=(1, 1.5))', 'TypeError', 'conv2d(): argument \'stride\' failed to unpack the object at pos 2 with error "type must be tuple of ints,but got float"'),
    ('nn.Conv2d(1, 1, 3, stride=0)(torch.ones(1, 1, 5, 5))', 'RuntimeError', 'non-positive stride is not supported'),
    ('nn.Conv2d(1, 1, 3, padding=-1)(torch.ones(1, 1, 5, 5))', 'RuntimeError', 'negative padding is not supported'),
    ('nn.Conv2d(1, 1, 3, dilation=0)(torch.ones(1, 1, 5, 5))', 'RuntimeError', 'dilation should be greater than zero, but got [0, 0]'),
    ('nn.Conv2d(1, 1, (0, 3))(torch.ones(1, 1, 5, 5))', 'RuntimeError', 'kernel size should be greater than zero, but got kernel_height: 0 kernel_width: 3'),
    ("nn.Conv2d(1, 1, 3, padding_mode='reflect', padding=5)(torch.ones(1, 1, 5, 5))", 'RuntimeError', 'Argument #4: Padding size should be less than the corresponding input dimension, but got: padding (5, 5) at dimension 3 of input [1, 1, 5, 5]'),
    ("nn.Conv2d(1, 1, 3, padding_mode='circular', padding=6)(torch.ones(1, 1, 5, 5))", 'RuntimeError', 'Padding value causes wrapping around more than once.'),
    # max_pool2d
    ('F.max_pool2d(torch.ones(1, 1, 5, 5), 0)', 'RuntimeError', 'stride should not be zero'),
    ('F.max_pool2d(torch.ones(1, 1, 5, 5), (2, 0))', 'RuntimeError', 'stride should not be zero'),
    ('F.max_pool2d(torch.ones(1, 1, 5, 5), -1)', 'RuntimeError', 'kernel size should be greater than zero, but got kH: -1 kW: -1'),
    ('F.max_pool2d(torch.ones(1, 1, 5, 5), (-3, 1))', 'RuntimeError', 'pad should be at most half of effective kernel size, but got pad=0, kernel_size=-3 and dilation=1'),
    ('F.max_pool2d(torch.ones(1, 1, 5, 5), 2, stride=0)', 'RuntimeError', 'stride should not be zero'),
    ('F.max_pool2d(torch.ones(1, 1, 5, 5), 2, stride=-1)', 'RuntimeError', 'stride should be greater than zero, but got dH: -1 dW: -1'),
    ('F.max_pool2d(torch.ones(1, 1, 5, 5), 3, stride=-1, dilation=0)', 'RuntimeError', 'stride should be greater than zero, but got dH: -1 dW: -1'),
    ('F.max_pool2d(torch.ones(1, 1, 5, 5), 2, dilation=0)', 'RuntimeError', 'dilation should be greater than zero, but got dilationH: 0 dilationW: 0'),
    ('F.max_pool2d(torch.ones(1, 1, 5, 5), 2, dilation=-1)', 'RuntimeError', 'dilation should be greater than zero, but got dilationH: -1 dilationW: -1'),
    ('F.max_pool2d(torch.ones(1, 1, 5, 5), 2, padding=-1)', 'RuntimeError', 'pad must be non-negative, but got pad: -1'),
    ('F.max_pool2d(torch.ones(1, 1, 5, 5), 2, padding=2)', 'RuntimeError', 'pad should be at most half of effective kernel size, but got pad=2, kernel_size=2 and dilation=1'),
    ('F.max_pool2d(torch.ones(1, 1, 5, 5), 3, stride=(1, 0), padding=(5, 0))', 'RuntimeError', 'pad should be at most half of effective kernel size, but got pad=5, kernel_size=3 and dilation=1'),
    ('F.max_pool2d(torch.ones(1, 1, 5, 5), 3, padding=2, dilation=2)', 'RuntimeError', 'pad should be smaller than or equal to half of kernel size, but got padW = 2, padH = 2, kW = 3, kH = 3'),
    ('F.max_pool2d(torch.ones(1, 1, 5, 5), 2, stride=0, padding=-1)', 'RuntimeError', 'stride should not be zero'),
    ('F.max_pool2d(torch.ones(1, 1, 5, 5), 6)', 'RuntimeError', 'Given input size: (1x5x5). Calculated output size: (1x0x0). Output size is too small'),
    ('F.max_pool2d(torch.ones(1, 1, 5, 5), 3, dilation=3)', 'RuntimeError', 'Given input size: (1x5x5). Calculated output size: (1x0x0). Output size is too small'),
    ('F.max_pool2d(torch.ones(0, 1, 5, 5), 6)', 'RuntimeError', 'Given input size: (1x5x5). Calculated output size: (1x0x0). Output size is too small'),
    ('F.max_pool2d(torch.ones(1, 1, 5, 5), 2, stride=2**31)', 'RuntimeError', 'value cannot be converted to type int without overflow'),
    ('F.max_pool2d(torch.ones(1, 1, 5, 5), 2**40)', 'RuntimeError', 'value cannot be converted to type int without overflow'),
    ('F.max_pool2d(torch.ones(1, 1, 5, 5), 2, padding=2**40)', 'RuntimeError', 'value cannot be converted to type int without overflow'),
    ('F.max_pool2d(torch.ones(1, 1, 5, 5), 2, stride=-2**40)', 'RuntimeError', 'value cannot be converted to type int without overflow'),
    ('F.max_pool2d(torch.ones(1, 1, 5, 5), 2, stride=2**40, padding=(1, 1, 1))', 'RuntimeError', 'value cannot be converted to type int without overflow'),
    ('F.max_pool2d(torch.ones(1, 1, 5, 5), 2, stride=2**63)', 'ValueError', 'Overflow when unpacking long long'),
    ('F.max_pool2d(torch.ones(1, 1, 5, 5), (2, 2, 2))', 'RuntimeError', 'max_pool2d: kernel_size must either be a single int, or a tuple of two ints'),
    ('F.max_pool2d(torch.ones(1, 1, 5, 5), ())', 'RuntimeError', 'max_pool2d: kernel_size must either be a single int, or a tuple of two ints'),
    ('F.max_pool2d(torch.ones(1, 1, 5, 5), 2, stride=(2, 2, 2))', 'RuntimeError', 'max_pool2d: stride must either be omitted, a single int, or a tuple of two ints'),
    ('F.max_pool2d(torch.ones(1, 1, 5, 5), 2, padding=(1, 1, 1))', 'RuntimeError', 'max_pool2d: padding must either be a single int, or a tuple of two ints'),
    ('F.max_pool2d(torch.ones(1, 1, 5, 5), 2, padding=())', 'RuntimeError', 'max_pool2d: padding must either be a single int, or a tuple of two ints'),
    ('F.max_pool2d(torch.ones(1, 1, 5, 5), 2, dilation=(1, 1, 1))', 'RuntimeError', 'max_pool2d: dilation must be either a single int, or a tuple of two ints'),
    ('F.max_pool2d(torch.ones(5, 5), 2)', 'RuntimeError', 'non-empty 3D or 4D (batch mode) tensor expected for input'),
    ('F.max_pool2d(torch.ones(5, 5), 0)', 'RuntimeError', 'non-empty 3D or 4D (batch mode) tensor expected for input'),
    ('F.max_pool2d(torch.ones(1, 1, 1, 5, 5), 2)', 'RuntimeError', 'non-empty 3D or 4D (batch mode) tensor expected for input'),
    ('F.max_pool2d(torch.ones(1, 0, 5, 5), 2)', 'RuntimeError', 'Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but got:[1, 0, 5, 5]'),
    ('F.max_pool2d(torch.ones(1, 1, 0, 5), 2)', 'RuntimeError', 'Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but got:[1, 1, 0, 5]'),
    ('F.max_pool2d(torch.ones(0, 5, 5), 2)', 'RuntimeError', 'Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but got:[0, 5, 5]'),
    ('F.max_pool2d(torch.ones(1, 1, 5, 5, dtype=torch.bool), 2)', 'NotImplementedError', '"max_pool2d" not implemented for \'Bool\''),
    ('F.max_pool2d(torch.ones(1, 1, 5, 5), 2.5)', 'TypeError', "max_pool2d(): argument 'kernel_size' (position 2) must be tuple of ints, not float"),
    ('F.max_pool2d(torch.ones(1, 1, 5, 5), True)', 'TypeError', "max_pool2d(): argument 'kernel_size' (position 2) must be tuple of ints, not bool"),
    ('F.max_pool2d(torch.ones(1, 1, 5, 5), (2, 2.0))', 'TypeError', 'max_pool2d(): argument \'kernel_size\' failed to unpack the object at pos 2 with error "type must be tuple of ints,but got float"'),
    ('F.max_pool2d(torch.ones(1, 1, 5, 5), (2.0, 2))', 'TypeError', "max_pool2d(): argument 'kernel_size' (position 2) must be tuple of ints, but found element of type float at pos 0"),
    ('F.max_pool2d(torch.ones(1, 1, 5, 5), [2, 2**63])', 'TypeError', 'max_pool2d(): argument \'kernel_size\' failed to unpack the object at pos 2 with error "Overflow when unpacking long long"'),
    ('F.max_pool2d(torch.ones(1, 1, 5, 5), 2, stride=2.5)', 'TypeError', "max_pool2d(): argument 'stride' (position 3) must be tuple of ints, not float"),
    ('F.max_pool2d_with_indices(torch.ones(1, 1, 5, 5), 2, stride=0)', 'RuntimeError', 'stride should not be zero'),
    ('nn.MaxPool2d(0)(torch.ones(1, 1, 5, 5))', 'RuntimeError', 'stride should not be zero'),
    ('nn.MaxPool2d(2, stride=0)(torch.ones(1, 1, 5, 5))', 'RuntimeError', 'stride should not be zero'),
    ('nn.MaxPool2d(2, padding=2)(torch.ones(2, 3, 4, 4))', 'RuntimeError', 'pad should be at most half of effective kernel size, but got pad=2, kernel_size=2 and dilation=1'),
    # avg_pool2d
    ('F.avg_pool2d(torch.ones(1, 1, 5, 5), 0)', 'RuntimeError', 'stride should not be zero'),
    ('F.avg_pool2d(torch.ones(1, 1, 5, 5), -1)', 'RuntimeError', 'kernel size should be greater than zero, but got kH: -1 kW: -1'),
    ('F.avg_pool2d(torch.ones(1, 1, 5, 5), 2, stride=0)', 'RuntimeError', 'stride should not be zero'),
    ('F.avg_pool2d(torch.ones(1, 1, 5, 5), 3, stride=(1, 0))', 'RuntimeError', 'stride should not be zero'),
    ('F.avg_pool2d(torch.ones(1, 1, 5, 5), 2, stride=-1)', 'RuntimeError', 'stride should be greater than zero, but got dH: -1 dW: -1'),
    ('F.avg_pool2d(torch.ones(1, 1, 5, 5), 2, padding=-1)', 'RuntimeError', 'pad must be non-negative, but got pad: -1'),
    ('F.avg_pool2d(torch.ones(1, 1, 5, 5), 2, padding=2)', 'RuntimeError', 'pad should be at most half of effective kernel size, but got pad=2, kernel_size=2 and dilation=1'),
    ('F.avg_pool2d(torch.ones(1, 1, 5, 5), 0, padding=-1)', 'RuntimeError', 'stride should not be zero'),
    ('F.avg_pool2d(torch.ones(1, 1, 5, 5), 6)', 'RuntimeError', 'Given input size: (1x5x5). Calculated output size: (1x0x0). Output size is too small'),
    ('F.avg_pool2d(torch.ones(1, 1, 5, 5), 2, stride=2**40)', 'RuntimeError', 'value cannot be converted to type int without overflow'),
    ('F.avg_pool2d(torch.ones(1, 1, 5, 5), 2**40, stride=(1, 1, 1))', 'RuntimeError', 'value cannot be converted to type int without overflow'),
    ('F.avg_pool2d(torch.ones(1, 1, 5, 5), 2, padding=-2**40)', 'RuntimeError', 'value cannot be converted to type int without overflow'),
    ('F.avg_pool2d(torch.ones(1, 1, 5, 5), (2, 2, 2))', 'RuntimeError', 'avg_pool2d: kernel_size must either be a single int, or a tuple of two ints'),
    ('F.avg_pool2d(torch.ones(1, 1, 5, 5), 2, stride=(2, 2, 2))', 'RuntimeError', 'avg_pool2d: stride must either be omitted, a single int, or a tuple of two ints'),
    ('F.avg_pool2d(torch.ones(1, 1, 5, 5), 2, padding=(1, 1, 1))', 'RuntimeError', 'avg_pool2d: padding must either be a single int, or a tuple of two ints'),
    ('F.avg_pool2d(torch.ones(1, 1, 5, 5), 2, divisor_override=0)', 'RuntimeError', 'divisor must be not zero'),
    ('F.avg_pool2d(torch.ones(1, 1, 5, 5), 2, divisor_override=0, padding=(1, 1, 1))', 'RuntimeError', 'avg_pool2d: padding must either be a single int, or a tuple of two ints'),
    ('F.avg_pool2d(torch.ones(1, 1, 5, 5), 2, divisor_override=1.5)', 'TypeError', "avg_pool2d(): argument 'divisor_override' must be int, not float"),
    ('F.avg_pool2d(torch.ones(5, 5), 2)', 'IndexError', 'Dimension out of range (expected to be in range of [-2, 1], but got -3)'),
    ('F.avg_pool2d(torch.ones(5), 2)', 'IndexError', 'Dimension out of range (expected to be in range of [-1, 0], but got -3)'),
    ('F.avg_pool2d(torch.ones(1, 1, 1, 5, 5), 2)', 'RuntimeError', 'Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but got:[1, 1, 1, 5, 5]'),
    ('F.avg_pool2d(torch.ones(1, 0, 5, 5), 2)', 'RuntimeError', 'Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but got:[1, 0, 5, 5]'),
    ('F.avg_pool2d(torch.ones(1, 1, 0, 5), 2)', 'RuntimeError', 'Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but got:[1, 1, 0, 5]'),
    ('F.avg_pool2d(torch.ones(1, 1, 5, 5, dtype=torch.int32), 2)', 'NotImplementedError', '"avg_pool2d" not implemented for \'Int\''),
    ('F.avg_pool2d(torch.ones(1, 1, 5, 5, dtype=torch.uint8), 2)', 'NotImplementedError', '"avg_pool2d" not implemented for \'Byte\''),
    ('F.avg_pool2d(torch.ones(1, 1, 5, 5, dtype=torch.bool), 2)', 'NotImplementedError', '"avg_pool2d" not implemented for \'Bool\''),
    ('F.avg_pool2d(torch.ones(1, 1, 5, 5), 2, stride=2.0)', 'TypeError', "avg_pool2d(): argument 'stride' must be tuple of ints, not float"),
    ('F.avg_pool2d(torch.ones(1, 1, 5, 5), 2, padding=1.0)', 'TypeError', "avg_pool2d(): argument 'padding' must be tuple of ints, not float"),
    ('F.avg_pool2d(torch.ones(1, 1, 5, 5), (2, 1.5))', 'TypeError', 'avg_pool2d(): argument \'kernel_size\' failed to unpack the object at pos 2 with error "type must be tuple of ints,but got float"'),
    ('nn.AvgPool2d(2, padding=5)(torch.ones(1, 1, 5, 5))', 'RuntimeError', 'pad should be at most half of effective kernel size, but got pad=5, kernel_size=2 and dilation=1'),
    # pad
    ("F.pad(torch.ones(1, 1, 3, 3), (1, 1), mode='reflect')", 'NotImplementedError', 'Padding size 2 is not supported for 4D input tensor.\nSupported combinations for non-constant padding:\n  - 2D or 3D input: padding size = 2 (pads last dimension)\n  - 3D or 4D input: padding size = 4 (pads last 2 dimensions)\n  - 4D or 5D input: padding size = 6 (pads last 3 dimensions)'),
    ("F.pad(torch.ones(3), (1, 1), mode='replicate')", 'NotImplementedError', 'Padding size 2 is not supported for 1D input tensor.\nSupported combinations for non-constant padding:\n  - 2D or 3D input: padding size = 2 (pads last dimension)\n  - 3D or 4D input: padding size = 4 (pads last 2 dimensions)\n  - 4D or 5D input: padding size = 6 (pads last 3 dimensions)'),
    ("F.pad(torch.ones(3, 3), (1, 1, 1, 1), mode='circular')", 'NotImplementedError', 'Padding size 4 is not supported for 2D input tensor.\nSupported combinations for non-constant padding:\n  - 2D or 3D input: padding size = 2 (pads last dimension)\n  - 3D or 4D input: padding size = 4 (pads last 2 dimensions)\n  - 4D or 5D input: padding size = 6 (pads last 3 dimensions)'),
    ("F.pad(torch.ones(2, 2, 2, 2, 2, 2), (1, 1), mode='reflect')", 'NotImplementedError', 'Padding size 2 is not supported for 6D input tensor.\nSupported combinations for non-constant padding:\n  - 2D or 3D input: padding size = 2 (pads last dimension)\n  - 3D or 4D input: padding size = 4 (pads last 2 dimensions)\n  - 4D or 5D input: padding size = 6 (pads last 3 dimensions)'),
    ("F.pad(torch.ones(1, 1, 3, 3), (1, 1, 1, 1, 1, 1, 1, 1), mode='reflect')", 'NotImplementedError', 'Padding size 8 is not supported for 4D input tensor.\nSupported combinations for non-constant padding:\n  - 2D or 3D input: padding size = 2 (pads last dimension)\n  - 3D or 4D input: padding size = 4 (pads last 2 dimensions)\n  - 4D or 5D input: padding size = 6 (pads last 3 dimensions)'),
    ("F.pad(torch.tensor(1.), (1, 1), mode='reflect')", 'RuntimeError', 'Padding length should be less than or equal to two times the input dimension but got padding length 2 and input of dimension 0'),
    ("F.pad(torch.ones(3), (1, 1, 1, 1), mode='reflect')", 'RuntimeError', 'Padding length should be less than or equal to two times the input dimension but got padding length 4 and input of dimension 1'),
    ("F.pad(torch.ones(1, 1, 3, 3), (1, 1), mode='foo')", 'NotImplementedError', 'Unrecognised padding mode foo'),
    ("F.pad(torch.ones(3), (1,), mode='foo')", 'NotImplementedError', 'Unrecognised padding mode foo'),
    ("F.pad(torch.ones(3, 3), (1, 1, 1, 1), mode='reflect', value=1)", 'RuntimeError', 'Padding mode "reflect" doesn\'t take in value argument'),
    ("F.pad(torch.ones(3, 3), (1,), mode='reflect', value=1)", 'RuntimeError', 'Padding length must be divisible by 2'),
    ("F.pad(torch.ones(1, 3), (3, 0), mode='reflect')", 'RuntimeError', 'Argument #4: Padding size should be less than the corresponding input dimension, but got: padding (3, 0) at dimension 1 of input [1, 3]'),
    ("F.pad(torch.ones(1, 3), (-4, 5), mode='reflect')", 'RuntimeError', 'Argument #4: Padding size should be less than the corresponding input dimension, but got: padding (-4, 5) at dimension 1 of input [1, 3]'),
    ("F.pad(torch.ones(1, 3, 3), (3, 0, 3, 0), mode='reflect')", 'RuntimeError', 'Argument #4: Padding size should be less than the corresponding input dimension, but got: padding (3, 0) at dimension 2 of input [1, 3, 3]'),
    ("F.pad(torch.ones(1, 3, 3), (0, 0, 3, 0), mode='reflect')", 'RuntimeError', 'Argument #6: Padding size should be less than the corresponding input dimension, but got: padding (3, 0) at dimension 1 of input [1, 3, 3]'),
    ("F.pad(torch.ones(1, 3, 3, 3), (0, 0, 0, 0, 3, 0), mode='reflect')", 'RuntimeError', 'Argument #8: Padding size should be less than the corresponding input dimension, but got: padding (3, 0) at dimension 1 of input [1, 3, 3, 3]'),
    ("F.pad(torch.ones(1, 3, 3, 3), (3, 0, 3, 0, 3, 0), mode='reflect')", 'RuntimeError', 'Argument #4: Padding size should be less than the corresponding input dimension, but got: padding (3, 0) at dimension 3 of input [1, 3, 3, 3]'),
    ("F.pad(torch.ones(1, 1, 3, 3), (1, 1, 1, 1, 1, 1), mode='reflect')", 'RuntimeError', 'Argument #8: Padding size should be less than the corresponding input dimension, but got: padding (1, 1) at dimension 1 of input [1, 1, 3, 3]'),
    ("F.pad(torch.ones(1, 3), (-3, 0), mode='reflect')", 'RuntimeError', 'input (W: 3) is too small. Calculated output W: 0'),
    ("F.pad(torch.ones(2, 3), (-2**40, 0), mode='reflect')", 'RuntimeError', 'input (W: 3) is too small. Calculated output W: -1099511627773'),
    ("F.pad(torch.ones(1, 3, 3), (-4, 0, -4, 0), mode='reflect')", 'RuntimeError', 'input (H: 3, W: 3) is too small. Calculated output H: -1 W: -1'),
    ("F.pad(torch.ones(1, 3, 3), (-3, 0, -3, 0), mode='reflect')", 'RuntimeError', 'input (H: 3, W: 3) is too small. Calculated output H: 0 W: 0'),
    ("F.pad(torch.ones(1, 3, 3), (-4, 0, 0, 0), mode='reflect')", 'RuntimeError', 'numel: integer multiplication overflow'),
    ("F.pad(torch.ones(1, 3, 3, 3), (-3, 0, -3, 0, -3, 0), mode='reflect')", 'RuntimeError', 'input (D: 3 H: 3, W: 3) is too small. Calculated output D: 0 H: 0 W: 0'),
    ("F.pad(torch.ones(1, 3, 3, 3), (-4, 0, 0, 0, 0, 0), mode='reflect')", 'RuntimeError', 'Trying to create tensor with negative dimension -1: [1, 3, 3, -1]'),
    ("F.pad(torch.ones(1, 3), (-4, 0), mode='replicate')", 'RuntimeError', 'input (W: 3) is too small. Calculated output W: -1'),
    ("F.pad(torch.ones(1, 3), (2**62, 2**62), mode='replicate')", 'RuntimeError', 'input (W: 3) is too small. Calculated output W: -9223372036854775805'),
    ("F.pad(torch.ones(1, 3), (2**62, 0), mode='replicate')", 'RuntimeError', 'Storage size calculation overflowed with sizes=[1, 4611686018427387907]'),
    ("F.pad(torch.ones(1, 3, 3), (-3, 0, -4, 0), mode='replicate')", 'RuntimeError', 'input (H: 3, W: 3 ) is too small. Calculated output H: -1 W: 0'),
    ("F.pad(torch.ones(1, 3, 3), (-4, 0, 0, 0), mode='replicate')", 'RuntimeError', 'Trying to create tensor with negative dimension -1: [1, 3, -1]'),
    ("F.pad(torch.ones(1, 3, 3, 3), (-3, 0, -3, 0, -3, 0), mode='replicate')", 'RuntimeError', 'input (D: 3 H: 3, W: 3) is too small. Calculated output D: 0 H: 0 W: 0'),
    ("F.pad(torch.ones(1, 3, 3, 3), (-4, 0, -4, 0, 0, 0), mode='replicate')", 'RuntimeError', 'Trying to create tensor with negative dimension -1: [1, 3, -1, -1]'),
    ("F.pad(torch.ones(1, 3, 0), (1, 0), mode='reflect')", 'RuntimeError', 'Expected 2D or 3D (batch mode) tensor with possibly 0 batch size and other non-zero dimensions for input, but got: [1, 3, 0]'),
    ("F.pad(torch.ones(0, 3), (1, 1), mode='replicate')", 'RuntimeError', 'Expected 2D or 3D (batch mode) tensor with possibly 0 batch size and other non-zero dimensions for input, but got: [0, 3]'),
    ("F.pad(torch.ones(3, 0), (0, 0), mode='replicate')", 'RuntimeError', 'Expected 2D or 3D (batch mode) tensor with possibly 0 batch size and other non-zero dimensions for input, but got: [3, 0]'),
    ("F.pad(torch.ones(0, 3, 3), (-4, 0, 0, 0), mode='reflect')", 'RuntimeError', 'Expected 3D or 4D (batch mode) tensor with possibly 0 batch size and other non-zero dimensions for input, but got: [0, 3, 3]'),
    ("F.pad(torch.ones(1, 3), (4, 0), mode='circular')", 'RuntimeError', 'Padding value causes wrapping around more than once.'),
    ("F.pad(torch.ones(1, 3), (-4, 0), mode='circular')", 'RuntimeError', 'Negative padding value is resulting in an empty dimension'),
    ("F.pad(torch.ones(1, 3), (-2, -2), mode='circular')", 'RuntimeError', 'Negative padding value is resulting in an empty dimension'),
    ("F.pad(torch.ones(1, 3, 3), (4, 0, -4, 0), mode='circular')", 'RuntimeError', 'Negative padding value is resulting in an empty dimension'),
    ("F.pad(torch.ones(1, 3, 3), (-4, 0, 4, 0), mode='circular')", 'RuntimeError', 'Padding value causes wrapping around more than once.'),
    ("F.pad(torch.ones(1, 0, 3), (1, 1, 1, 1), mode='circular')", 'RuntimeError', 'Padding value causes wrapping around more than once.'),
    ("F.pad(torch.ones(1, 3, 3), (2**62, 2**62, 0, 0), mode='circular')", 'RuntimeError', 'Padding value causes wrapping around more than once.'),
    ("F.pad(torch.ones(1, 3, 3, dtype=torch.bool), (1, 1, 1, 1), mode='reflect')", 'NotImplementedError', '"reflection_pad2d" not implemented for \'Bool\''),
    ("F.pad(torch.ones(1, 3, dtype=torch.bool), (1, 1), mode='reflect')", 'NotImplementedError', '"reflection_pad1d" not implemented for \'Bool\''),
    ("F.pad(torch.ones(1, 3, 3, 3, dtype=torch.bool), (1, 1, 1, 1, 1, 1), mode='replicate')", 'NotImplementedError', '"replication_pad3d" not implemented for \'Bool\''),
    ("F.pad(torch.ones(1, 3, 3, dtype=torch.bool), (-4, 0, 0, 0), mode='reflect')", 'RuntimeError', 'numel: integer multiplication overflow'),
    ('F.pad(torch.ones(3), (-2, -2))', 'RuntimeError', 'narrow(): length must be non-negative.'),
    ('F.pad(torch.ones(3), (-4, 2))', 'RuntimeError', 'narrow(): length must be non-negative.'),
    ('F.pad(torch.ones(3), (2**62, 2**62))', 'RuntimeError', 'The input size 3, plus negative padding 4611686018427387904 and 4611686018427387904 resulted in a negative output size, which is invalid. Check dimension 0 of your input.'),
    ('F.pad(torch.ones(3), (2**63 - 1, 0))', 'RuntimeError', 'The input size 3, plus negative padding 9223372036854775807 and 0 resulted in a negative output size, which is invalid. Check dimension 0 of your input.'),
    ('F.pad(torch.ones(3), (2**62, 0))', 'RuntimeError', 'Storage size calculation overflowed with sizes=[4611686018427387907]'),
    ('F.pad(torch.ones(3), (2**40, 0))', 'RuntimeError', "[enforce fail at alloc_cpu.cpp:127] err == 0. DefaultCPUAllocator: can't allocate memory: you tried to allocate 4398046511116 bytes. Error code 12 (Cannot allocate memory)"),
    ('F.pad(torch.ones(1, 1, 3, 3), (1, 1) * 5)', 'RuntimeError', 'Padding length should be less than or equal to two times the input dimension but got padding length 10 and input of dimension 4'),
    ('F.pad(torch.ones(3, dtype=torch.uint8), (1, 0), value=300)', 'RuntimeError', 'value cannot be converted to type uint8_t without overflow'),
    ('F.pad(torch.ones(3, dtype=torch.uint8), (1, 0), value=-1)', 'RuntimeError', 'value cannot be converted to type uint8_t without overflow'),
    ('F.pad(torch.ones(3), (1, 0), value=1e300)', 'RuntimeError', 'value cannot be converted to type float without overflow'),
    ('F.pad(torch.ones(3, dtype=torch.float16), (1, 0), value=1e10)', 'RuntimeError', 'value cannot be converted to type c10::Half without overflow'),
    ('F.pad(torch.ones(3), (1.5, 0))', 'TypeError', "pad(): argument 'pad' (position 2) must be tuple of ints, but found element of type float at pos 0"),
    ('F.pad(torch.ones(3), (1, 1.5))', 'TypeError', 'pad(): argument \'pad\' failed to unpack the object at pos 2 with error "type must be tuple of ints,but got float"'),
    ('F.pad(torch.ones(3), 1)', 'TypeError', "pad(): argument 'pad' (position 2) must be tuple of ints, not int"),
    ('F.pad(torch.ones(3), (2**63, 0))', 'TypeError', 'pad(): argument \'pad\' failed to unpack the object at pos 1 with error "Overflow when unpacking long long"'),
]

# (expression, dtype, values): valid extremes; a stride or dilation past the input is valid and costs nothing
NN_VALUES = [
    ('F.conv2d(torch.arange(25.).view(1, 1, 5, 5), torch.ones(1, 1, 3, 3), stride=2**40)', 'float32', [[[[54.0]]]]),
    ('F.conv2d(torch.arange(25.).view(1, 1, 5, 5), torch.ones(1, 1, 3, 3), stride=2**62)', 'float32', [[[[54.0]]]]),
    ('F.conv2d(torch.arange(25.).view(1, 1, 5, 5), torch.ones(1, 1, 3, 3), stride=2**63 - 1)', 'float32', [[[[54.0]]]]),
    ('F.conv2d(torch.arange(25.).view(1, 1, 5, 5), torch.ones(1, 1, 3, 3), stride=(2**62, 1))', 'float32', [[[[54.0, 63.0, 72.0]]]]),
    ('F.conv2d(torch.arange(25.).view(1, 1, 5, 5), torch.ones(1, 1, 3, 3), stride=2**62, padding=1)', 'float32', [[[[12.0]]]]),
    ('F.conv2d(torch.arange(25.).view(1, 1, 5, 5), torch.ones(1, 1, 3, 3), stride=2**40, padding=1, dilation=2)', 'float32', [[[[48.0]]]]),
    ('F.conv2d(torch.arange(25.).view(1, 5, 5), torch.ones(1, 1, 3, 3), stride=2**62)', 'float32', [[[54.0]]]),
    ('F.conv2d(torch.arange(25.).view(1, 1, 5, 5), torch.ones(1, 1, 1, 1), dilation=2**62)', 'float32', [[[[0.0, 1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 7.0, 8.0, 9.0], [10.0, 11.0, 12.0, 13.0, 14.0], [15.0, 16.0, 17.0, 18.0, 19.0], [20.0, 21.0, 22.0, 23.0, 24.0]]]]),
    ('F.conv2d(torch.arange(25.).view(1, 1, 5, 5), torch.ones(1, 1, 3, 3), padding=1, stride=4)', 'float32', [[[[12.0, 24.0], [72.0, 84.0]]]]),
    ("F.conv2d(torch.arange(25.).view(1, 1, 5, 5), torch.ones(1, 1, 3, 3), padding='same', stride=(1,))", 'float32', [[[[12.0, 21.0, 27.0, 33.0, 24.0], [33.0, 54.0, 63.0, 72.0, 51.0], [63.0, 99.0, 108.0, 117.0, 81.0], [93.0, 144.0, 153.0, 162.0, 111.0], [72.0, 111.0, 117.0, 123.0, 84.0]]]]),
    ("F.conv2d(torch.arange(25.).view(1, 1, 5, 5), torch.ones(1, 1, 4, 4), padding='same')", 'float32', [[[[54.0, 78.0, 90.0, 72.0, 51.0], [102.0, 144.0, 160.0, 126.0, 88.0], [162.0, 224.0, 240.0, 186.0, 128.0], [144.0, 198.0, 210.0, 162.0, 111.0], [111.0, 152.0, 160.0, 123.0, 84.0]]]]),
    ("F.conv2d(torch.arange(25.).view(1, 1, 5, 5), torch.ones(1, 1, 4, 2), padding='same', dilation=(1, 3))", 'float32', [[[[21.0, 39.0, 45.0, 21.0, 24.0], [38.0, 72.0, 80.0, 38.0, 42.0], [58.0, 112.0, 120.0, 58.0, 62.0], [51.0, 99.0, 105.0, 51.0, 54.0], [39.0, 76.0, 80.0, 39.0, 41.0]]]]),
    ("F.conv2d(torch.arange(25.).view(1, 1, 5, 5), torch.ones(1, 1, 3, 3), padding='valid')", 'float32', [[[[54.0, 63.0, 72.0], [99.0, 108.0, 117.0], [144.0, 153.0, 162.0]]]]),
    ('F.conv2d(torch.ones(2, 0, 5, 5), torch.ones(3, 0, 3, 3)).shape', None, (2, 0, 3, 3)),
    ('F.conv2d(torch.ones(2, 0, 5, 5), torch.ones(3, 0, 0, 3)).shape', None, (2, 0, 6, 3)),
    ('F.conv2d(torch.ones(0, 1, 5, 5), torch.ones(1, 1, 3, 3)).shape', None, (0, 1, 3, 3)),
    ('F.conv2d(torch.arange(25).view(1, 1, 5, 5), torch.ones(1, 1, 3, 3, dtype=torch.int64), stride=2)', 'int64', [[[[54, 72], [144, 162]]]]),
    ('nn.Conv2d(1, 1, (3, 3, 3))', None, 'Conv2d(1, 1, kernel_size=(3, 3, 3), stride=(1, 1))'),
    ('nn.Conv2d(1, 1, 0)', None, 'Conv2d(1, 1, kernel_size=(0, 0), stride=(1, 1))'),
    ('nn.Conv2d(1, 1, 3, stride=0, padding=-1)', None, 'Conv2d(1, 1, kernel_size=(3, 3), stride=(0, 0), padding=(-1, -1))'),
    ('F.max_pool2d(torch.arange(25.).view(1, 1, 5, 5), 2, stride=2**31 - 1)', 'float32', [[[[6.0]]]]),
    ('F.max_pool2d(torch.arange(25.).view(1, 1, 5, 5), 7, padding=1)', 'float32', [[[[24.0]]]]),
    ('F.max_pool2d(torch.arange(25.).view(1, 1, 5, 5), 2, ceil_mode=True)', 'float32', [[[[6.0, 8.0, 9.0], [16.0, 18.0, 19.0], [21.0, 23.0, 24.0]]]]),
    ('F.max_pool2d(torch.arange(25.).view(1, 1, 5, 5), 3, stride=2, padding=1, ceil_mode=True)', 'float32', [[[[6.0, 8.0, 9.0], [16.0, 18.0, 19.0], [21.0, 23.0, 24.0]]]]),
    ('F.max_pool2d(torch.arange(16.).view(1, 1, 4, 4), 3, stride=3, padding=1, ceil_mode=True)', 'float32', [[[[5.0, 7.0], [13.0, 15.0]]]]),
    ('F.max_pool2d(torch.arange(4.).view(1, 1, 2, 2), 2, stride=3, padding=1, ceil_mode=True)', 'float32', [[[[0.0]]]]),
    ('F.max_pool2d(torch.arange(6.).view(1, 1, 1, 6), (1, 4), stride=(1, 4), ceil_mode=True)', 'float32', [[[[3.0, 5.0]]]]),
    ('F.max_pool2d(torch.arange(6.).view(1, 1, 1, 6), (1, 2), stride=(1, 100), ceil_mode=True)', 'float32', [[[[1.0]]]]),
    ('F.max_pool2d(torch.ones(1, 1, 1, 1), 2, padding=1, ceil_mode=True)', 'float32', [[[[1.0]]]]),
    ('F.max_pool2d(torch.arange(25.).view(1, 1, 5, 5), 3, stride=2, dilation=2, ceil_mode=True)', 'float32', [[[[24.0]]]]),
    ('F.max_pool2d(torch.arange(25.).view(1, 1, 5, 5), 2, stride=(), return_indices=True)[1]', 'int64', [[[[6, 8], [16, 18]]]]),
    ('F.max_pool2d(-torch.arange(25, dtype=torch.int8).view(1, 1, 5, 5), 2, padding=1)', 'int8', [[[[0, -1, -3], [-5, -6, -8], [-15, -16, -18]]]]),
    ('F.max_pool2d(torch.arange(25, dtype=torch.int64).view(1, 5, 5), 3, stride=2, padding=1, ceil_mode=True)', 'int64', [[[6, 8, 9], [16, 18, 19], [21, 23, 24]]]),
    ('F.max_pool2d(torch.ones(0, 1, 5, 5), 2).shape', None, (0, 1, 2, 2)),
    ('F.avg_pool2d(torch.arange(25.).view(1, 1, 5, 5), 2, stride=2**31 - 1)', 'float32', [[[[3.0]]]]),
    ('F.avg_pool2d(torch.arange(25.).view(1, 1, 5, 5), 3, stride=2, padding=1, ceil_mode=True)', 'float32', [[[[1.3333333730697632, 3.0, 2.6666667461395264], [7.0, 12.0, 9.0], [8.0, 13.0, 9.333333015441895]]]]),
    ('F.avg_pool2d(torch.arange(16.).view(1, 1, 4, 4), 3, stride=3, padding=1, ceil_mode=True, count_include_pad=False)', 'float32', [[[[2.5, 4.5], [10.5, 12.5]]]]),
    ('F.avg_pool2d(torch.arange(16.).view(1, 1, 4, 4), 3, stride=3, padding=1, ceil_mode=True)', 'float32', [[[[1.1111111640930176, 2.0], [4.666666507720947, 5.55555534362793]]]]),
    ('F.avg_pool2d(torch.ones(1, 1, 1, 1), 2, ceil_mode=True)', 'float32', [[[[1.0]]]]),
    ('F.avg_pool2d(torch.arange(25.).view(1, 1, 5, 5), 2, divisor_override=-1)', 'float32', [[[[-12.0, -20.0], [-52.0, -60.0]]]]),
    ('F.avg_pool2d(torch.arange(25).view(1, 1, 5, 5), 2)', 'int64', [[[[3, 5], [13, 15]]]]),
    ('F.avg_pool2d(-torch.arange(25).view(1, 1, 5, 5), 2, divisor_override=3)', 'int64', [[[[-4, -6], [-17, -20]]]]),
    ('F.avg_pool2d(-torch.arange(25).view(1, 1, 5, 5), 3, padding=1, count_include_pad=False)', 'int64', [[[[-3, -5], [-15, -18]]]]),
    ('F.avg_pool2d(-torch.arange(25).view(1, 1, 5, 5), 3, padding=1)', 'int64', [[[[-1, -3], [-10, -18]]]]),
    ('F.avg_pool2d(torch.ones(1, 1, 5, 5, dtype=torch.float16), 2)', 'float16', [[[[1.0, 1.0], [1.0, 1.0]]]]),
    ('F.avg_pool2d(torch.arange(25.).view(1, 1, 5, 5), 2, stride=())', 'float32', [[[[3.0, 5.0], [13.0, 15.0]]]]),
    ("F.pad(torch.arange(3.).view(1, 3), (2, 1), mode='reflect')", 'float32', [[2.0, 1.0, 0.0, 1.0, 2.0, 1.0]]),
    ("F.pad(torch.arange(9.).view(1, 3, 3), (2, 1, 1, 2), mode='reflect')", 'float32', [[[5.0, 4.0, 3.0, 4.0, 5.0, 4.0], [2.0, 1.0, 0.0, 1.0, 2.0, 1.0], [5.0, 4.0, 3.0, 4.0, 5.0, 4.0], [8.0, 7.0, 6.0, 7.0, 8.0, 7.0], [5.0, 4.0, 3.0, 4.0, 5.0, 4.0], [2.0, 1.0, 0.0, 1.0, 2.0, 1.0]]]),
    ("F.pad(torch.arange(9.).view(1, 3, 3), (-1, 2, 0, 0), mode='reflect')", 'float32', [[[1.0, 2.0, 1.0, 0.0], [4.0, 5.0, 4.0, 3.0], [7.0, 8.0, 7.0, 6.0]]]),
    ("F.pad(torch.arange(9.).view(1, 3, 3), (-1, 2, 0, 0), mode='replicate')", 'float32', [[[1.0, 2.0, 2.0, 2.0], [4.0, 5.0, 5.0, 5.0], [7.0, 8.0, 8.0, 8.0]]]),
    ("F.pad(torch.arange(9.).view(1, 3, 3), (3, 3, 0, 0), mode='circular')", 'float32', [[[0.0, 1.0, 2.0, 0.0, 1.0, 2.0, 0.0, 1.0, 2.0], [3.0, 4.0, 5.0, 3.0, 4.0, 5.0, 3.0, 4.0, 5.0], [6.0, 7.0, 8.0, 6.0, 7.0, 8.0, 6.0, 7.0, 8.0]]]),
    ("F.pad(torch.arange(9.).view(1, 3, 3), (-1, 2, 0, 0), mode='circular')", 'float32', [[[1.0, 2.0, 1.0, 2.0], [4.0, 5.0, 4.0, 5.0], [7.0, 8.0, 7.0, 8.0]]]),
    ("F.pad(torch.arange(9.).view(1, 3, 3), (2, -1, 0, 0), mode='circular')", 'float32', [[[0.0, 1.0, 0.0, 1.0], [3.0, 4.0, 3.0, 4.0], [6.0, 7.0, 6.0, 7.0]]]),
    ("F.pad(torch.arange(9.).view(1, 3, 3), (1, -1, -1, 1), mode='circular')", 'float32', [[[4.0, 3.0, 4.0], [7.0, 6.0, 7.0], [4.0, 3.0, 4.0]]]),
    ("F.pad(torch.ones(1, 3, 3), (-3, 0, 0, 0), mode='reflect')", 'float32', [[[], [], []]]),
    ("F.pad(torch.ones(1, 3, 3), (-3, 0, 0, 0), mode='replicate')", 'float32', [[[], [], []]]),
    ("F.pad(torch.ones(1, 3, 3, 3), (0, 0, 0, 0, -3, 0), mode='reflect')", 'float32', [[]]),
    ("F.pad(torch.ones(1, 3), (-3, 0), mode='circular')", 'float32', [[]]),
    ("F.pad(torch.ones(1, 0, 3), (1, 1), mode='circular')", 'float32', [[]]),
    ("F.pad(torch.ones(0, 3, 3), (1, 1), mode='reflect').shape", None, (0, 3, 5)),
    ("F.pad(torch.ones(0, 3, 3), (1, 1), mode='replicate').shape", None, (0, 3, 5)),
    ("F.pad(torch.ones(1, 3, 3, dtype=torch.bool), (1, 1), mode='circular')", 'bool', [[[True, True, True, True, True], [True, True, True, True, True], [True, True, True, True, True]]]),
    ("F.pad(torch.ones(1, 3, 3, dtype=torch.int64), (1, 1), mode='reflect')", 'int64', [[[1, 1, 1, 1, 1], [1, 1, 1, 1, 1], [1, 1, 1, 1, 1]]]),
    ("F.pad(torch.ones(1, 1, 3, 3), (1, 1, 1, 1), mode='reflect', value=0).shape", None, (1, 1, 5, 5)),
    ('F.pad(torch.arange(3.), (-1, 2), value=9.0)', 'float32', [1.0, 2.0, 9.0, 9.0]),
    ('F.pad(torch.ones(3, dtype=torch.uint8), (0, 0), value=300)', 'uint8', [1, 1, 1]),
    ('F.pad(torch.ones(3, dtype=torch.uint8), (-1, 0), value=300)', 'uint8', [1, 1]),
    ('F.pad(torch.ones(3, dtype=torch.int32), (1, 0), value=1.5)', 'int32', [1, 1, 1, 1]),
    ('F.pad(torch.ones(3, dtype=torch.bool), (1, 0), value=5)', 'bool', [True, True, True, True]),
    ('F.pad(torch.ones(3), (1, 0), value=2**70)', 'float32', [1.1805916207174113e+21, 1.0, 1.0, 1.0]),
]


def outcome(expression, namespace=NAMESPACE):
    """What ``expression`` gives, in comparable form: (dtype name, values) for a
    tensor, a tuple for a shape, a dtype's name, or the class of what it raised."""
    try:
        result = evaluate(expression, namespace)
    except Exception as error:   # noqa: BLE001
        return None, type(error).__name__
    if hasattr(result, "tolist"):
        return str(result.dtype).replace("torch.", ""), result.tolist()
    if isinstance(result, tuple):
        return None, tuple(result)
    return None, str(result).replace("torch.", "")


@pytest.mark.parametrize("expression, error_class, message", CREATION_ERRORS, ids=[c[0] for c in CREATION_ERRORS])
def test_creation_refusals(expression, error_class, message):
    assert raised(expression) == (error_class, message)


@pytest.mark.parametrize("expression, dtype, values", CREATION_VALUES, ids=[c[0] for c in CREATION_VALUES])
def test_creation_valid_extremes(expression, dtype, values):
    assert outcome(expression) == (dtype, values)


def test_arange_length_int64_cannot_hold_is_refused():
    # PyTorch itself dies of a division trap here (-2**63 / -1 in int64), so there is
    # no message to match; tensorlib refuses it as it refuses every unrepresentable length
    assert raised("torch.arange(0, -2**63, -1)") == ("RuntimeError", "invalid size, possible overflow?")


@pytest.mark.parametrize("expression, error_class, message", NN_ERRORS, ids=[c[0] for c in NN_ERRORS])
def test_nn_refusals(expression, error_class, message):
    assert raised(expression) == (error_class, message)


@pytest.mark.parametrize("expression, dtype, values", NN_VALUES, ids=[c[0] for c in NN_VALUES])
def test_nn_valid_extremes(expression, dtype, values):
    assert outcome(expression) == (dtype, values)


def test_a_stride_past_the_input_trains():
    x = tensorlib.arange(25.0).view(1, 1, 5, 5).requires_grad_()
    w = tensorlib.ones(1, 1, 3, 3, requires_grad=True)
    out = tensorlib.nn.functional.conv2d(x, w, stride=2**62, padding=1)
    out.sum().backward()
    assert out.tolist() == [[[[12.0]]]]
    assert x.grad.tolist() == [[[[1.0, 1.0, 0.0, 0.0, 0.0], [1.0, 1.0, 0.0, 0.0, 0.0]] + [[0.0] * 5] * 3]]
    assert w.grad.tolist() == [[[[0.0, 0.0, 0.0], [0.0, 0.0, 1.0], [0.0, 5.0, 6.0]]]]


def test_refused_fill_leaves_the_tensor_unchanged():
    t = tensorlib.tensor([1, 2], dtype=tensorlib.uint8)
    with pytest.raises(RuntimeError):
        t.fill_(300)
    assert t.tolist() == [1, 2] and t._version == 0


def test_randint_warns_where_a_float_dtype_loses_integers():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        tensorlib.randint(0, 2**24 + 2, (2,), dtype=tensorlib.float32)
        tensorlib.randint(0, 2**24 + 1, (2,), dtype=tensorlib.float32)
    assert [str(w.message) for w in caught] == [
        "to - 1 is out of bounds [-(2^24), 2^24]. Due to precision limitations float can support discrete uniform "
        "distribution only within this range. This warning will become an error in version 1.7 release, please fix "
        "the code in advance"]
    assert caught[0].category is UserWarning and caught[0].filename == __file__


def test_a_device_allocation_failure_keeps_the_device_error():
    from tensorlib.backends import cuda
    with cuda.use_stand_in():
        with pytest.raises(MemoryError):
            tensorlib.empty(2**45, device="cuda")
        assert raised("torch.empty(2**62, 4, device='cuda')") == (
            "RuntimeError", "Storage size calculation overflowed with sizes=[4611686018427387904, 4]")


def run_in_child(code):
    """Runs ``code`` in a fresh interpreter (a crash there cannot take the test
    process down) and returns its stdout; a non-zero exit fails the test."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([os.path.dirname(os.path.dirname(tensorlib.__file__)),
                                                      os.environ.get("PYTHONPATH", "")]))
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True,
                          timeout=120, env=env)
    assert done.returncode == 0, f"exit {done.returncode}: {done.stderr[-2000:]}"
    return done.stdout


def test_same_padding_that_copies_the_input_warns_once_per_process_in_a_child():
    out = run_in_child("""
        import warnings
        import tensorlib as torch
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            for kernel in (4, 4, 2):
                torch.nn.functional.conv2d(torch.ones(1, 1, 5, 5), torch.ones(1, 1, kernel, kernel), padding="same")
        print([str(w.message) for w in caught])
    """)
    assert out.strip() == str(["Using padding='same' with even kernel lengths and odd dilation may require a "
                               "zero-padded copy of the input be created"])


def test_sizes_whose_element_count_wraps_are_refused_in_a_child():
    # the element count of these shapes is 0 modulo 2**64: they used to get an empty
    # buffer behind a huge shape, and writing an element crashed the interpreter
    out = run_in_child("""
        import tensorlib as torch
        for make in (lambda: torch.empty(2**32, 2**32), lambda: torch.empty(2**33, 2**31),
                     lambda: torch.Tensor(2**32, 2**32), lambda: torch.ones(1).new_empty((2**32, 2**32))):
            try:
                x = make()
                x[5, 5] = 1
                print("made", tuple(x.shape))
            except RuntimeError as error:
                print(error)
    """)
    assert out.splitlines() == [
        "Storage size calculation overflowed with sizes=[4294967296, 4294967296]",
        "Storage size calculation overflowed with sizes=[8589934592, 2147483648]",
        "Storage size calculation overflowed with sizes=[4294967296, 4294967296]",
        "Storage size calculation overflowed with sizes=[4294967296, 4294967296]",
    ]
