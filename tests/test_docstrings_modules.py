"""Every public name of tensorlib's subpackages has a docstring (issue 16).

The scope (nn, nn.functional, nn.init, nn.utils, optim, autograd, utils.data, utils.checkpoint, amp,
distributions, cuda) and what "public" means are in ``docstring_scope``.
"""
from docstring_scope import is_placeholder, scope


def test_scope_is_not_empty():
    names = {name for name, _, _ in scope()}
    for expected in ("tensorlib.nn.Module.parameters", "tensorlib.nn.functional.relu", "tensorlib.optim.Optimizer.step",
                     "tensorlib.autograd.grad", "tensorlib.utils.data.DataLoader", "tensorlib.cuda.is_available"):
        assert expected in names, expected


def test_every_public_name_has_a_docstring():
    missing = [name for name, _, doc in scope() if is_placeholder(doc)]
    assert not missing, f"{len(missing)} public names lack a docstring:\n" + "\n".join(missing)


def test_placeholders_count_as_missing():
    for doc in (None, "", "   ", "TODO", "TODO: write this", "...", "placeholder text here"):
        assert is_placeholder(doc), doc
    assert not is_placeholder("Returns the parameters of the module.")
