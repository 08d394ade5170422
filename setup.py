"""Compiles every ``pyx/<name>.pyx`` into the extension module ``tensorlib.<name>``."""
import glob
import os
import sys

import numpy
from Cython.Build import cythonize
from setuptools import Extension, setup


def openmp_flags():
    # OpenMP is optional: kernels fall back to a single thread when the compiler lacks it.
    if sys.platform == "darwin" or os.environ.get("TENSORLIB_NO_OPENMP"):
        return [], []
    return ["-fopenmp"], ["-fopenmp"]


def generate_from_templates():
    """Renders each Tempita template pyx/<name>.pyx.tp to pyx/<name>.pyx (per-dtype code)."""
    from Cython.Tempita import sub
    for template in glob.glob(os.path.join("pyx", "*.pyx.tp")):
        target = template[: -len(".tp")]
        if not os.path.exists(target) or os.path.getmtime(target) < os.path.getmtime(template):
            with open(template) as f:
                rendered = sub(f.read())
            with open(target, "w") as f:
                f.write(rendered)


def extensions():
    generate_from_templates()
    compile_omp, link_omp = openmp_flags()
    compile_args = ["-O3", "-fno-strict-aliasing"] + compile_omp
    if sys.platform == "win32":
        compile_args, link_omp = ["/O2", "/openmp"], []
    modules = []
    for path in sorted(glob.glob(os.path.join("pyx", "*.pyx"))):
        name = os.path.splitext(os.path.basename(path))[0]
        modules.append(Extension(
            "tensorlib." + name,
            [path],
            include_dirs=[numpy.get_include()],
            define_macros=[("NPY_NO_DEPRECATED_API", "NPY_1_7_API_VERSION")],
            extra_compile_args=compile_args,
            extra_link_args=link_omp,
        ))
    return cythonize(
        modules,
        compiler_directives={"language_level": "3", "boundscheck": False, "wraparound": False,
                             "cdivision": True, "initializedcheck": False},
        nthreads=os.cpu_count() or 1,
    )


setup(ext_modules=extensions())
