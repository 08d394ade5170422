"""``tensorlib.utils.hooks``: marking tensor hooks that pickling may drop silently."""

__all__ = ["unserializable_hook"]


def unserializable_hook(f):
    """Marks the tensor hook ``f`` as not meant to be pickled: pickling or copying
    a tensor that holds it then drops it without the "will not be serialized" warning."""
    f.__torch_unserializable__ = True
    return f
