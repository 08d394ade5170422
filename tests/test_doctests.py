"""Runs the examples in the docstrings of every name in scope (tests/docs_scope.py) as
doctests, with ``torch`` standing for ``tensorlib`` as learners write it."""
import doctest

import pytest
from docs_scope import docstring, names_in_scope

import tensorlib


def _examples():
    """[(name, doctest)] of the docstrings with examples, each distinct text once (a generated
    form shares its op's example)."""
    parser, seen, found = doctest.DocTestParser(), set(), []
    # the functions first: a method that shares a function's example runs under the function's name
    for name, obj in sorted(names_in_scope(), key=lambda item: (item[0].count("."), item[0])):
        doc = docstring(obj)
        if not doc or ">>>" not in doc:
            continue
        test = parser.get_doctest(doc, {}, name, None, 0)
        key = tuple((example.source, example.want) for example in test.examples)
        if key not in seen:
            seen.add(key)
            found.append((name, test))
    return found


EXAMPLES = _examples()


def test_the_families_have_examples():
    names = {name for name, obj in names_in_scope() if ">>>" in (docstring(obj) or "")}
    for expected in ("torch.tensor", "torch.zeros", "torch.arange", "torch.Tensor.view", "torch.Tensor.reshape",
                     "torch.add", "torch.exp", "torch.matmul", "torch.sum", "torch.Tensor.backward",
                     "torch.Tensor.grad_fn", "torch.manual_seed"):
        assert expected in names, expected


@pytest.mark.parametrize("name,test", EXAMPLES, ids=[name for name, _ in EXAMPLES])
def test_docstring_example(name, test):
    state = tensorlib.get_rng_state()
    default = tensorlib.get_default_dtype()
    try:
        test.globs = {"torch": tensorlib}
        runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
        lines = []
        runner.run(test, out=lines.append)
        assert runner.failures == 0, "".join(lines)
    finally:
        tensorlib.set_rng_state(state)
        tensorlib.set_default_dtype(default)
        tensorlib.set_printoptions(profile="default")
