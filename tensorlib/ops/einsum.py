"""``torch.einsum``: Einstein summation over tensor ops (diagonal, sum,
permute, expand, reshape and bmm), so it is differentiable through their
nodes.  The equation as PyTorch takes it (ellipsis, implicit output, repeated
subscripts for diagonals, spaces) or the sublist form ``einsum(a, [0, 1], b,
[1, 2], [0, 2])``, with PyTorch's errors."""
from .._C import TensorBase

_ELLIPSIS = "..."


def einsum(*args):
    """Sums products of the operands' elements as an Einstein-summation ``equation`` says: each operand's dimensions get
    a letter, letters absent from the output (after ``->``, or the letters seen once, in order) are summed over; ``...``
    stands for broadcast dimensions.  The sublist form ``einsum(op1, [0, 1], op2, [1, 2], [0, 2])`` numbers the
    dimensions instead.

    Args:
        equation (str): the subscripts, e.g. ``'ij,jk->ik'``.
        operands (Tensor... or a sequence of Tensors): the operands.

    Returns:
        Tensor: the result.

    Example::

        >>> torch.einsum('ij,jk->ik', torch.ones(2, 3), torch.ones(3, 2))
        tensor([[3., 3.],
                [3., 3.]])
        >>> torch.einsum('ii', torch.eye(3))
        tensor(3.)
    """
    if len(args) < 2:
        raise ValueError("einsum(): must specify the equation string and at least one operand, or at least one "
                         "operand and its subscripts list")
    if isinstance(args[0], TensorBase):
        equation, operands = _from_sublists(args)
    else:
        if not isinstance(args[0], str):
            raise TypeError(f"einsum(): argument 'equation' (position 1) must be str, not {type(args[0]).__name__}")
        equation, operands = args[0], args[1:]
        if len(operands) == 1 and isinstance(operands[0], (list, tuple)):
            operands = tuple(operands[0])
    for i, operand in enumerate(operands):
        if not isinstance(operand, TensorBase):
            raise TypeError(f"expected Tensor as element {i} in argument 1, but got {type(operand).__name__}")
    inputs, output = _parse(equation, operands)
    return _evaluate(inputs, output, operands)


# ---- the equation ---------------------------------------------------------------------------
def _letter(number):
    if not 0 <= number < 52:
        raise ValueError("einsum(): subscript in subscript list is not within the valid range [0, 52)")
    return chr(ord("A") + number) if number < 26 else chr(ord("a") + number - 26)


def _sublist(labels):
    return "".join(_ELLIPSIS if label is Ellipsis else _letter(label) for label in labels)


def _from_sublists(args):
    operands, terms = args[0::2], args[1::2]
    output = None
    if len(operands) > len(terms):   # a trailing sublist names the output
        operands, output = operands[:-1], operands[-1]
    equation = ",".join(_sublist(term) for term in terms)
    if output is not None:
        equation += "->" + _sublist(output)
    return equation, operands


def _scan(term, start, repeated_ellipsis, stray_dot):
    """The subscripts of one term: letters and the ellipsis marker (``start``: the term's index
    in the equation; the two messages: a second ellipsis, a '.' outside one)."""
    labels, i = [], 0
    while i < len(term):
        char = term[i]
        if char == ".":
            if _ELLIPSIS in labels:
                raise RuntimeError(repeated_ellipsis)
            if term[i:i + 3] != _ELLIPSIS:
                raise RuntimeError(stray_dot)
            labels.append(_ELLIPSIS)
            i += 3
            continue
        if not char.isascii() or not char.isalpha():
            raise RuntimeError(f"einsum(): invalid subscript given at index {start + i} in the equation string, "
                               "subscripts must be in [a-zA-Z]")
        labels.append(char)
        i += 1
    return labels


def _output_labels(rhs, start, terms):
    stray = "einsum(): found '.' for output that is not part of any ellipsis (...)"
    output = _scan(rhs, start, stray, stray)
    for i, char in enumerate(output):
        if char in output[:i]:
            raise RuntimeError(f"einsum(): output subscript {char} appears more than once in the output")
        if char != _ELLIPSIS and not any(char in labels for labels in terms):
            raise RuntimeError(f"einsum(): output subscript {char} does not appear in the equation for any "
                               "input operand")
    return output


def _parse(equation, operands):
    """(one list of labels per operand, the output's labels), checked against the operands."""
    equation = equation.replace(" ", "")
    lhs, arrow, rhs = equation.partition("->")
    terms, start = [], 0
    for k, term in enumerate(lhs.split(",")):
        terms.append(_scan(term, start, f"einsum(): found '.' for operand {k} for which an ellipsis was already found",
                           f"einsum(): found '.' for operand {k} that is not part of any ellipsis"))
        start += len(term) + 1
    if len(terms) > len(operands):
        raise RuntimeError("einsum(): fewer operands were provided than specified in the equation")
    if len(terms) < len(operands):
        raise RuntimeError("einsum(): more operands were provided than specified in the equation")
    for k, (labels, operand) in enumerate(zip(terms, operands)):
        named = len(labels) - (_ELLIPSIS in labels)
        if _ELLIPSIS not in labels and named != operand.dim():
            raise RuntimeError(f"einsum(): the number of subscripts in the equation ({named}) does not match the "
                               f"number of dimensions ({operand.dim()}) for operand {k} and no ellipsis was given")
        if named > operand.dim():
            raise RuntimeError(f"einsum(): the number of subscripts in the equation ({named}) is more than the "
                               f"number of dimensions ({operand.dim()}) for operand {k}")
    if arrow:
        output = _output_labels(rhs, len(lhs) + 2, terms)
    else:   # implicit: the ellipsis, then the subscripts seen once, in alphabetical order
        counts = {}
        for labels in terms:
            for label in labels:
                counts[label] = counts.get(label, 0) + 1
        output = ([_ELLIPSIS] if _ELLIPSIS in counts else []) + sorted(
            label for label, count in counts.items() if count == 1 and label != _ELLIPSIS)
    return terms, output


# ---- the evaluation ----------------------------------------------------------------------------
def _expand_ellipsis(terms, operands, output):
    """Labels with the ellipsis replaced by one label per broadcast dim (right-aligned ints)."""
    width = max([op.dim() - (len(t) - 1) for t, op in zip(terms, operands) if _ELLIPSIS in t], default=0)
    expanded = []
    for labels, operand in zip(terms, operands):
        if _ELLIPSIS in labels:
            count = operand.dim() - (len(labels) - 1)
            i = labels.index(_ELLIPSIS)
            labels = labels[:i] + list(range(width - count, width)) + labels[i + 1:]
        expanded.append(labels)
    if _ELLIPSIS in output:
        i = output.index(_ELLIPSIS)
        output = output[:i] + list(range(width)) + output[i + 1:]
    return expanded, output


def _take_diagonals(operand, labels, k):
    """``operand`` with each repeated label's dims reduced to their diagonal; its unique labels."""
    while len(set(labels)) < len(labels):
        first = next(label for i, label in enumerate(labels) if label in labels[i + 1:])
        i = labels.index(first)
        j = labels.index(first, i + 1)
        if operand._shape[i] != operand._shape[j]:
            raise RuntimeError(f"einsum(): subscript {first} is repeated for operand {k} but the sizes don't "
                               f"match, {operand._shape[j]} != {operand._shape[i]}")
        operand = operand.diagonal(0, i, j).movedim(-1, i)
        labels = labels[:j] + labels[j + 1:]
    return operand, labels


def _sizes(operands, terms):
    sizes = {}
    for k, (operand, labels) in enumerate(zip(operands, terms)):
        for label, size in zip(labels, operand._shape):
            seen = sizes.get(label, 1)
            if size != seen and seen != 1 and size != 1:
                raise RuntimeError(f"einsum(): subscript {_shown(label)} has size {size} for operand {k} which "
                                   f"does not broadcast with previously seen size {seen}")
            sizes[label] = size if seen == 1 else seen
    return sizes


def _shown(label):
    return label if isinstance(label, str) else "..."


def _sum_out(operand, labels, drop):
    """``operand`` summed over the labels in ``drop``."""
    dims = [i for i, label in enumerate(labels) if label in drop]
    if not dims:
        return operand, labels
    return operand.sum(dims), [label for label in labels if label not in drop]


def _evaluate(terms, output, operands):
    terms, output = _expand_ellipsis(terms, operands, output)
    pairs = [_take_diagonals(op, labels, k) for k, (op, labels) in enumerate(zip(operands, terms))]
    sizes = _sizes([p[0] for p in pairs], [p[1] for p in pairs])
    current, labels = pairs[0]
    for index, (other, other_labels) in enumerate(pairs[1:], 1):
        later = {label for _, rest in pairs[index + 1:] for label in rest}
        keep = set(output) | later
        current, labels = _sum_out(current, labels, set(labels) - keep - set(other_labels))
        other, other_labels = _sum_out(other, other_labels, set(other_labels) - keep - set(labels))
        current, labels = _contract(current, labels, other, other_labels, keep, sizes)
    current, labels = _sum_out(current, labels, set(labels) - set(output))
    if not output:
        return current if current.dim() == 0 else current.sum()
    order = [labels.index(label) for label in output]
    return current if order == list(range(len(order))) else current.permute(order)


def _contract(a, a_labels, b, b_labels, keep, sizes):
    """The product of two operands summed over their shared labels that are not kept: one bmm."""
    shared = [label for label in a_labels if label in b_labels]
    # a shared label broadcast (size 1) on one side only: sum the other side over it first
    for label in [lab for lab in shared if lab not in keep]:
        sa, sb = a._shape[a_labels.index(label)], b._shape[b_labels.index(label)]
        if sa != sb:
            if sa == 1:
                b, b_labels = _sum_out(b, b_labels, {label})
                a, a_labels = a.squeeze(a_labels.index(label)), [x for x in a_labels if x != label]
            else:
                a, a_labels = _sum_out(a, a_labels, {label})
                b, b_labels = b.squeeze(b_labels.index(label)), [x for x in b_labels if x != label]
    batch = [label for label in a_labels if label in b_labels and label in keep]
    summed = [label for label in a_labels if label in b_labels and label not in keep]
    left = [label for label in a_labels if label not in b_labels]
    right = [label for label in b_labels if label not in a_labels]
    batch_sizes = [sizes[label] for label in batch]
    if not summed:   # nothing to sum: a broadcast product
        a = a.permute([a_labels.index(x) for x in batch + left])
        b = b.permute([b_labels.index(x) for x in batch + right])
        for _ in right:
            a = a.unsqueeze(-1)
        for _ in left:
            b = b.unsqueeze(len(batch))
        return a * b, batch + left + right
    a = a.permute([a_labels.index(x) for x in batch + left + summed])
    b = b.permute([b_labels.index(x) for x in batch + summed + right])
    a = a.expand(batch_sizes + list(a._shape[len(batch):]))
    b = b.expand(batch_sizes + list(b._shape[len(batch):]))
    left_sizes = list(a._shape[len(batch):len(batch) + len(left)])
    right_sizes = list(b._shape[len(batch) + len(summed):])
    count = _product(batch_sizes)
    rows, inner, cols = _product(left_sizes), _product([sizes[x] for x in summed]), _product(right_sizes)
    result = a.reshape(count, rows, inner).bmm(b.reshape(count, inner, cols))
    return result.reshape(batch_sizes + left_sizes + right_sizes), batch + left + right


def _product(values):
    result = 1
    for v in values:
        result *= v
    return result


FUNCTIONS = ("einsum",)
