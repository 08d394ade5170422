"""The cases of ``test_argument_checks.py`` replayed against PyTorch itself: the
same exception class and message, the same values for the valid extremes.
Skipped without PyTorch."""
import math
import warnings

import pytest

from parity import real_torch
from test_argument_checks import CREATION_ERRORS, CREATION_VALUES, outcome, raised

pytestmark = pytest.mark.parity


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


@pytest.mark.parametrize("expression", [c[0] for c in CREATION_ERRORS])
def test_creation_refusals_match_pytorch(expression, torch_namespace):
    theirs_class, theirs_message = raised(expression, torch_namespace)
    assert raised(expression) == (theirs_class, without_traceback(theirs_message))


@pytest.mark.parametrize("expression", [c[0] for c in CREATION_VALUES])
def test_creation_valid_extremes_match_pytorch(expression, torch_namespace):
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
