"""What a process started with the spawn method runs as its ``__mp_main__`` when
the parent is a program under ``python -m tensorlib run``: ``torch`` is mapped to
tensorlib first, then the program's top level runs (under ``__mp_main__``, so its
``if __name__ == "__main__":`` block stays shut), which defines the classes and
functions the parent sends by name."""
import os

from .runner import SCRIPT_VARIABLE, execute_script, use_as_torch

use_as_torch()
execute_script(os.environ[SCRIPT_VARIABLE], globals())
