"""Every public name of the face, of Tensor and of torch.linalg has a real docstring
(the scope: tests/docs_scope.py)."""
import re

from docs_scope import docstring, names_in_scope

# what a docstring that says nothing looks like
PLACEHOLDERS = re.compile(r"\b(TODO|TBD|FIXME|XXX|placeholder)\b|^\s*(docstring|\.\.\.)\s*$", re.IGNORECASE)
SHORTEST = 20
# the lines a generated form puts before the text it shares with its op's other forms
REFERENCES = ("Function form of ", "See :func:", "Alias for ")


def _lacking(doc):
    if doc is None:
        return True
    own = "\n\n".join(p for p in re.split(r"\n\s*\n", doc.strip()) if not p.startswith(REFERENCES))
    return len(own.strip()) < SHORTEST or PLACEHOLDERS.search(doc) is not None


def test_every_public_name_has_a_docstring():
    missing = [name for name, obj in names_in_scope() if _lacking(docstring(obj))]
    assert not missing, f"{len(missing)} public names have no docstring:\n" + "\n".join(missing)


def test_the_scope_covers_the_families():
    names = {name for name, _ in names_in_scope()}
    for expected in ("torch.tensor", "torch.zeros", "torch.add", "torch.Tensor.view", "torch.Tensor.backward",
                     "torch.Tensor.shape", "torch.linalg.solve", "torch.Size", "torch.Tensor.add_"):
        assert expected in names
    assert not any(name.startswith("torch.Tensor.__") or name == "torch.no_grad" for name in names)


def test_placeholders_are_caught():
    assert _lacking(None) and _lacking("") and _lacking("TODO: write this docstring.")
    assert _lacking("Function form of :meth:`Tensor.flip`: ``tensorlib.flip(input, ...)`` is ``input.flip(...)``.\n\n")
    assert not _lacking("Returns the sum of ``input`` over ``dim``.")
