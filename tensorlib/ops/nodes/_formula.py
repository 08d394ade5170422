"""Backward nodes written as formulas: an op declares ``(grad, <saved>...) ->
gradients`` beside its forward, and ``formula_node`` makes the node class that
saves what the formula names and runs it."""
import inspect

from ..._C import TensorBase
from ...autograd.graph import NODES, SavingNode, _SavedOutput
from ._base import needs
from ._fused import fused


class FormulaBackward(SavingNode):
    """A node whose backward is its op's declared formula."""
    __slots__ = ()
    formula = None
    fused_formula = None    # the same formula as one kernel or a few, or None (see ``formula_node``)
    input_names = ()
    saved_sources = ()      # per saved name: None (the result), an input's index or an option's name

    def setup(self, inputs, result, ctx):
        # what ``_save`` then ``_save_output`` would store, built in one pass (every op records here)
        values, versions = [], []
        for source in self.saved_sources:
            if source is None:
                values.append(_SavedOutput(result, 0))
                versions.append(result._version_counter.value)
                continue
            value = inputs[source] if source.__class__ is int else ctx[source]
            values.append(value)
            versions.append(value._version_counter.value if isinstance(value, TensorBase) else None)
        self._saved = tuple(values)
        self._versions = tuple(versions)

    def apply(self, grads):
        saved = self._unpack() if self.saved_names else ()  # saving nothing, it may run again
        cls = type(self)
        if cls.fused_formula is not None and fused():
            gradient = cls.fused_formula(grads[0], *saved)
            if gradient is not None:
                return (gradient,)
        gradients = cls.formula(grads[0], *saved)
        if not isinstance(gradients, tuple):
            return (gradients,)
        return tuple(g if needs(self, i) else None for i, g in enumerate(gradients))


def formula_node(name, formula, input_names, fused_formula=None):
    """The node class ``name`` (registered under it) whose backward is ``formula``; the
    formula's parameters after ``grad`` name what it saves: inputs by their names in
    ``input_names``, ``result``, or an op option recorded with the node.
    ``fused_formula``: an op of one input may give the same values in fewer kernels: it takes
    the formula's arguments and returns the gradient, or None where ``formula`` must run; it
    runs only while no graph of the backward pass is recorded (``fused()``)."""
    saved = tuple(inspect.signature(formula).parameters)[1:]
    cls = type(name, (FormulaBackward,), {
        "__slots__": (), "__module__": __name__, "formula": staticmethod(formula),
        "fused_formula": None if fused_formula is None else staticmethod(fused_formula), "saved_names": saved,
        "saved_sources": tuple(None if item == "result" else input_names.index(item) if item in input_names else item
                               for item in saved),
        "input_names": input_names, "needs_original_self": "self" in saved})
    NODES[name] = cls
    return cls
