"""Interop with other array libraries: tensor()/as_tensor()/asarray() take any object that exports
itself through DLPack (a PyTorch tensor included), copying or sharing as PyTorch does, and NumPy's
implicit conversion refuses a tensor that requires grad as PyTorch does."""
import numpy as np
import pytest

import tensorlib as torch
from parity import real_torch


class Exporter:
    """An array of some other library: it offers only the DLPack protocol."""

    def __init__(self, array):
        self.array = array

    def __dlpack__(self, **kwargs):
        return self.array.__dlpack__(**kwargs)

    def __dlpack_device__(self):
        return self.array.__dlpack_device__()


def test_tensor_copies_a_dlpack_exporter():
    host = np.arange(3.0)
    t = torch.tensor(Exporter(host))
    host[0] = 7
    assert t.tolist() == [0.0, 1.0, 2.0] and t.dtype is torch.float64
    assert torch.tensor(Exporter(np.arange(3, dtype=np.int16)), dtype=torch.float32).dtype is torch.float32
    assert torch.tensor(Exporter(host), requires_grad=True).requires_grad


def test_as_tensor_and_asarray_share_a_dlpack_exporter():
    for convert in (torch.as_tensor, torch.asarray):
        host = np.zeros(3)
        t = convert(Exporter(host))
        host[0] = 5
        assert t.tolist() == [5.0, 0.0, 0.0]
    assert torch.as_tensor(Exporter(np.zeros(2)), dtype=torch.float32).dtype is torch.float32


def test_numpy_refuses_a_tensor_that_requires_grad():
    t = torch.ones(2, requires_grad=True)
    message = r"Can't call numpy\(\) on Tensor that requires grad. Use tensor.detach\(\).numpy\(\) instead."
    with pytest.raises(RuntimeError, match=message):
        np.asarray(t)
    with pytest.raises(RuntimeError, match=message):
        t.__array__()
    assert np.asarray(t.detach()).tolist() == [1.0, 1.0]
    assert np.asarray(torch.arange(3), dtype=np.float32).dtype == np.float32


class TestParity:
    pytestmark = pytest.mark.parity

    def test_a_pytorch_tensor_converts_by_value(self):
        real = real_torch()
        for source in (real.arange(3), real.tensor([1.5, -2.0]), real.tensor([True, False]),
                       real.ones(2, 2, dtype=real.float16)):
            ours = torch.tensor(source)
            assert str(ours.dtype) == str(source.dtype) and ours.tolist() == source.tolist()
        shared = real.zeros(3)
        view = torch.as_tensor(shared)
        shared[1] = 4
        assert view.tolist() == [0.0, 4.0, 0.0]

    def test_numpy_of_a_tensor_requiring_grad_errs_as_pytorch(self):
        real = real_torch()
        with pytest.raises(RuntimeError) as theirs:
            np.asarray(real.ones(2, requires_grad=True))
        with pytest.raises(RuntimeError) as ours:
            np.asarray(torch.ones(2, requires_grad=True))
        assert str(ours.value) == str(theirs.value)


def test_tensor_reads_ranges_and_names_what_it_cannot_read():
    assert torch.tensor(range(3)).tolist() == [0, 1, 2] and torch.tensor(range(3)).dtype is torch.int64
    assert torch.tensor([range(2), [3, 4]]).tolist() == [[0, 1], [3, 4]]
    with pytest.raises(RuntimeError, match="Could not infer dtype of object"):
        torch.tensor([object()])
    with pytest.raises(RuntimeError, match="Could not infer dtype of NoneType"):
        torch.tensor(None)
    with pytest.raises(TypeError, match="new\\(\\): invalid data type 'str'"):
        torch.tensor("a")


class TestCreationParity:
    pytestmark = pytest.mark.parity

    @pytest.mark.parametrize("data", [object(), [object()], "a", b"x", None, [None], {1: 2}, {1, 2}])
    def test_unreadable_data_errs_as_pytorch(self, data):
        real = real_torch()
        with pytest.raises(Exception) as theirs:
            real.tensor(data)
        with pytest.raises(Exception) as ours:
            torch.tensor(data)
        assert (type(ours.value), str(ours.value)) == (type(theirs.value), str(theirs.value))
