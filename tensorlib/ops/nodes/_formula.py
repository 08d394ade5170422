"""Backward nodes written as formulas: an op declares ``(grad, <saved>...) ->
gradients`` beside its forward, and ``formula_node`` makes the node class that
saves what the formula names and runs it."""
import inspect

from ...autograd.graph import NODES, SavingNode
from ._base import needs


class FormulaBackward(SavingNode):
    """A node whose backward is its op's declared formula."""
    __slots__ = ()
    formula = None
    input_names = ()

    def setup(self, inputs, result, ctx):
        names, values = self.input_names, []
        for name in self.saved_names:
            if name == "result":
                values.append(result)
            elif name in names:
                values.append(inputs[names.index(name)])
            else:
                values.append(ctx[name])
        self._save(*values)
        if "result" in self.saved_names:
            self._save_output(self.saved_names.index("result"), result)

    def apply(self, grads):
        saved = self._unpack() if self.saved_names else ()  # saving nothing, it may run again
        gradients = type(self).formula(grads[0], *saved)
        if not isinstance(gradients, tuple):
            return (gradients,)
        return tuple(g if needs(self, i) else None for i, g in enumerate(gradients))


def formula_node(name, formula, input_names):
    """The node class ``name`` (registered under it) whose backward is ``formula``; the
    formula's parameters after ``grad`` name what it saves: inputs by their names in
    ``input_names``, ``result``, or an op option recorded with the node."""
    saved = tuple(inspect.signature(formula).parameters)[1:]
    cls = type(name, (FormulaBackward,), {
        "__slots__": (), "__module__": __name__, "formula": staticmethod(formula), "saved_names": saved,
        "input_names": input_names, "needs_original_self": "self" in saved})
    NODES[name] = cls
    return cls
