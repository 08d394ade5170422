"""The cases of ``test_argument_checks.py`` replayed against PyTorch itself: the
same exception class and message, the same values for the valid extremes.
Skipped without PyTorch."""
import math
import warnings

import pytest

from parity import real_torch
from test_argument_checks import CREATION_ERRORS, CREATION_VALUES, NN_ERRORS, NN_VALUES, outcome, raised

pytestmark = [pytest.mark.parity, pytest.mark.filterwarnings("ignore:Initializing zero-element tensors is a no-op"),
              pytest.mark.filterwarnings("ignore:Using padding='same' with even kernel lengths")]


@pytest.fixture(scope="module")
def torch_namespace():
    torch = real_torch()
    return {"torch": torch, "F": torch.nn.functional, "nn": torch.nn, "math": math}


def without_traceback(message):
    """PyTorch's message without what it appends about its own build: the C++
    stack of an argument-parsing error (whose quoted error it closes) and the
    source line a C++ warning was triggered at."""
    if "\nException raised from" in message:
        return message.split("\nException raised from")[0] + '"'
    return message.split(" (Triggered internally at ")[0]


@pytest.mark.parametrize("expression", [c[0] for c in CREATION_ERRORS + NN_ERRORS])
def test_refusals_match_pytorch(expression, torch_namespace):
    theirs_class, theirs_message = raised(expression, torch_namespace)
    assert raised(expression) == (theirs_class, without_traceback(theirs_message))


@pytest.mark.parametrize("expression", [c[0] for c in CREATION_VALUES + NN_VALUES])
def test_valid_extremes_match_pytorch(expression, torch_namespace):
    assert outcome(expression) == outcome(expression, torch_namespace)


def test_randint_precision_warning_matches_pytorch(torch_namespace):
    import tensorlib
    messages = []
    for library in (torch_namespace["torch"], tensorlib):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            library.randint(-2**24 - 1, 2**24 + 2, (2,), dtype=library.float32)
        messages.append([(w.category, without_traceback(str(w.message))) for w in caught])
    assert messages[1] == messages[0]


@pytest.mark.parametrize("expression", [
    "F.conv2d(x, w, stride=2**62, padding=1)",
    "F.conv2d(x, w, stride=(2**40, 1), dilation=(1, 2))",
    "F.conv2d(x, w[:, :, :2, :], padding='same')",
    "F.conv2d(x, w[:, :, :2, :2], padding='same', dilation=(1, 3))",
    "F.max_pool2d(x, 2, stride=2**31 - 1, padding=1)",
    "F.max_pool2d(x, 3, stride=2, padding=1, ceil_mode=True)",
    "F.avg_pool2d(x, 3, stride=3, padding=1, ceil_mode=True, count_include_pad=False)",
    "F.pad(x, (-1, 2, 1, -1), mode='circular')",
    "F.pad(x, (-1, 2, 1, -1), mode='reflect')",
])
def test_gradients_at_the_extremes_match_pytorch(expression, torch_namespace):
    import tensorlib
    grads = []
    for namespace in (torch_namespace, {"torch": tensorlib, "F": tensorlib.nn.functional}):
        torch = namespace["torch"]
        x = torch.arange(25.0).view(1, 1, 5, 5).requires_grad_()
        w = (torch.arange(9.0).view(1, 1, 3, 3) - 4).requires_grad_()
        out = eval(expression, dict(namespace, x=x, w=w))
        (out * torch.arange(float(out.numel())).view(out.shape)).sum().backward()
        grads.append((out.tolist(), x.grad.tolist(), None if w.grad is None else w.grad.tolist()))
    assert grads[1] == grads[0]
