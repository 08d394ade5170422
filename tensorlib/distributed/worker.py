"""``python -m tensorlib.distributed.worker [-m] script.py args``: one process of a run
under ``mpiexec`` (``tensorlib.distributed.run`` starts each process this way; on several
machines, ``mpiexec -f hosts -n N python -m tensorlib.distributed.worker script.py``).

It sets torchrun's per-process variables from what the MPI launcher told this process
(RANK, LOCAL_RANK, WORLD_SIZE, LOCAL_WORLD_SIZE, and MASTER_ADDR/MASTER_PORT where
unset), then runs the script, or the module with ``-m``, with ``torch`` mapped to
tensorlib.  MPI itself starts later, in ``init_process_group``."""
import os
import runpy
import sys

from ..runner import run_script, use_as_torch

# what MPICH's, PMIx's and Open MPI's launchers set: (rank, size, local rank, local size)
_LAUNCHER_VARIABLES = (("PMI_RANK", "PMI_SIZE", "MPI_LOCALRANKID", "MPI_LOCALNRANKS"),
                       ("OMPI_COMM_WORLD_RANK", "OMPI_COMM_WORLD_SIZE", "OMPI_COMM_WORLD_LOCAL_RANK",
                        "OMPI_COMM_WORLD_LOCAL_SIZE"),
                       ("PMIX_RANK", "WORLD_SIZE", "LOCAL_RANK", "LOCAL_WORLD_SIZE"))


def torchrun_variables(environ):
    """RANK, LOCAL_RANK, WORLD_SIZE, LOCAL_WORLD_SIZE (and the rendezvous address) from the launcher's
    variables; a process started alone is rank 0 of 1."""
    for rank, size, local_rank, local_size in _LAUNCHER_VARIABLES:
        if rank in environ:
            world = environ.get(size, "1")
            found = {"RANK": environ[rank], "WORLD_SIZE": world,
                     "LOCAL_RANK": environ.get(local_rank, environ[rank]),
                     "LOCAL_WORLD_SIZE": environ.get(local_size, world)}
            break
    else:
        found = {"RANK": "0", "WORLD_SIZE": "1", "LOCAL_RANK": "0", "LOCAL_WORLD_SIZE": "1"}
    found["ROLE_RANK"] = found["RANK"]
    found["MASTER_ADDR"] = environ.get("MASTER_ADDR", "127.0.0.1")
    found["MASTER_PORT"] = environ.get("MASTER_PORT", "29500")
    return found


def main(argv):
    as_module = bool(argv) and argv[0] == "-m"
    if as_module:
        argv = argv[1:]
    if not argv:
        print("usage: python -m tensorlib.distributed.worker [-m] script.py|module [args...]", file=sys.stderr)
        return 2
    os.environ.update(torchrun_variables(os.environ))
    target, args = argv[0], argv[1:]
    if as_module:
        use_as_torch()
        sys.argv = [target, *args]
        runpy.run_module(target, run_name="__main__", alter_sys=True)
    else:
        run_script(target, args)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
