"""torch.frombuffer, torch.random.fork_rng, torch.typename, torch.is_storage and
Tensor.pin_memory()/is_pinned() on a machine without an accelerator; parity with PyTorch
in the marked class."""
import array
import warnings

import pytest

import tensorlib as torch
from parity import real_torch

_NO_ACCELERATOR = not torch.cuda.is_available()


def test_frombuffer_shares_memory_both_ways():
    buffer = bytearray(b"\x01\x00\x00\x00\x02\x00\x00\x00")
    t = torch.frombuffer(buffer, dtype=torch.int32)
    assert t.tolist() == [1, 2] and t.dtype is torch.int32
    buffer[0] = 9
    t[1] = 7
    assert t.tolist() == [9, 7] and buffer[4] == 7
    assert torch.frombuffer(buffer, dtype=torch.int16, count=2, offset=2).tolist() == [0, 7]
    floats = torch.frombuffer(array.array("f", [1.5, 2.5]), dtype=torch.float32, requires_grad=True)
    assert floats.tolist() == [1.5, 2.5] and floats.requires_grad


@pytest.mark.parametrize("call, message", [
    ("torch.frombuffer(b'abc', dtype=torch.int32)",
     "buffer length (3 bytes) after offset (0 bytes) must be a multiple of element size (4)"),
    ("torch.frombuffer(bytearray(), dtype=torch.int32)", "both buffer length (0) and count (-1) must not be 0"),
    ("torch.frombuffer(bytearray(8), dtype=torch.int32, count=0)",
     "both buffer length (8) and count (0) must not be 0"),
    ("torch.frombuffer(bytearray(8), dtype=torch.int32, count=5)",
     "requested buffer length (5 * 4 bytes) after offset (0 bytes) must not be greater than actual buffer length "
     "(8 bytes)"),
    ("torch.frombuffer(bytearray(8), dtype=torch.int32, offset=8)",
     "offset (8 bytes) must be non-negative and no greater than buffer length (8 bytes) minus 1"),
    ("torch.frombuffer([1], dtype=torch.int32)", "object does not implement Python buffer protocol."),
])
def test_frombuffer_errors(call, message):
    with pytest.raises(ValueError) as caught:
        eval(call, {"torch": torch})
    assert str(caught.value) == message


def test_fork_rng_restores_the_random_state():
    torch.manual_seed(0)
    with torch.random.fork_rng():
        inside = torch.rand(3)
    assert torch.equal(inside, torch.rand(3))
    torch.manual_seed(0)
    with torch.random.fork_rng(devices=[], enabled=False):
        torch.rand(3)
    after = torch.rand(3)  # not forked: the draw inside advanced the state
    torch.manual_seed(0)
    torch.rand(3)
    assert torch.equal(after, torch.rand(3))
    with pytest.raises(RuntimeError):
        with torch.random.fork_rng(device_type="foo"):
            pass


def test_typename_and_is_storage():
    assert torch.typename(torch.ones(2)) == "torch.FloatTensor"
    assert torch.typename(torch.ones(2, dtype=torch.int64)) == "torch.LongTensor"
    assert torch.typename(3) == "int" and torch.typename(int) == "int"
    assert torch.typename(torch.nn.Linear(1, 1)).endswith("nn.modules.linear.Linear")
    assert torch.is_storage(torch.ones(2).untyped_storage())
    assert not torch.is_storage(torch.ones(2))
    assert torch.is_tensor(torch.ones(1)) and torch.is_floating_point(torch.ones(1))


@pytest.mark.skipif(not _NO_ACCELERATOR, reason="the machine has an accelerator")
def test_pinning_without_an_accelerator():
    t = torch.ones(2)
    assert t.is_pinned() is False
    with pytest.raises(RuntimeError, match="^Cannot access accelerator device when none is available.$"):
        t.pin_memory()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        with pytest.raises(RuntimeError, match="^CPU device type not an accelerator.$"):
            t.pin_memory("cpu")


@pytest.mark.parity
class TestParity:
    @pytest.fixture
    def pt(self):
        return real_torch()

    @pytest.mark.parametrize("args", ["b'abc', dtype=torch.int32", "bytearray(8), dtype=torch.int16, offset=3",
                                      "bytearray(8), dtype=torch.int16, count=2, offset=3",
                                      "bytearray(8), dtype=torch.float64, count=2", "bytearray(), dtype=torch.int8"])
    def test_frombuffer(self, pt, args):
        def outcome(module):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                try:
                    return eval(f"torch.frombuffer({args}).tolist()", {"torch": module})
                except ValueError as error:
                    return str(error)
        assert outcome(torch) == outcome(pt)

    def test_typename(self, pt):
        for ours, theirs in ((torch.ones(2, dtype=torch.float64), pt.ones(2, dtype=pt.float64)), (3.0, 3.0),
                             (int, int)):
            assert torch.typename(ours) == pt.typename(theirs)

    @pytest.mark.skipif(not _NO_ACCELERATOR, reason="the machine has an accelerator")
    def test_pinning(self, pt):
        assert torch.ones(1).is_pinned() == pt.ones(1).is_pinned()
        with pytest.raises(RuntimeError) as ours:
            torch.ones(1).pin_memory()
        with pytest.raises(RuntimeError) as theirs:
            pt.ones(1).pin_memory()
        assert str(ours.value) == str(theirs.value)
