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
