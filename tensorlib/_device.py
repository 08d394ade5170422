"""Device objects: ``device('cpu')``, ``device('cuda:0')``, ``device('cuda', 1)``."""


class device:
    """Where a tensor's storage lives: its ``type`` (``"cpu"`` or ``"cuda"``) and ``index`` (None for
    the current device of that type).

    Args:
        type_or_name (str or device): ``"cpu"``, ``"cuda"``, ``"cuda:1"``, or a device to copy.
        index (int, optional): the device's index.

    Example::

        >>> torch.device("cuda", 1)
        device(type='cuda', index=1)
        >>> torch.device("cpu").type
        'cpu'
    """
    __slots__ = ("type", "index")

    def __init__(self, type_or_name, index=None):
        if isinstance(type_or_name, device):
            self.type, self.index = type_or_name.type, type_or_name.index
            return
        if not isinstance(type_or_name, str):
            raise TypeError(f"device() received an invalid combination of arguments - got ({type(type_or_name).__name__})")
        name = type_or_name
        if ":" in name:
            if index is not None:
                raise RuntimeError(f"type (string) must not include an index because index was passed explicitly: {name}")
            name, _, idx = name.partition(":")
            if not idx.isdigit():
                raise RuntimeError(f"Invalid device string: '{type_or_name}'")
            index = int(idx)
        if name not in ("cpu", "cuda"):
            raise RuntimeError(
                "Expected one of cpu, cuda device type at start of device string: " + type_or_name)
        if index is not None and index < 0:
            raise RuntimeError("Device index must not be negative")
        self.type, self.index = name, index

    def __repr__(self):
        if self.index is None:
            return f"device(type='{self.type}')"
        return f"device(type='{self.type}', index={self.index})"

    def __str__(self):
        return self.type if self.index is None else f"{self.type}:{self.index}"

    def __eq__(self, other):
        if isinstance(other, str):
            other = device(other)
        return isinstance(other, device) and self.type == other.type and self.index == other.index

    def __hash__(self):
        return hash((self.type, self.index))

    def __reduce__(self):
        return (device, (self.type, self.index))


CPU = device("cpu")
