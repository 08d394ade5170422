"""Compiles every ``pyx/<path>/<name>.pyx`` into the extension module ``tensorlib.<path>.<name>``."""
import glob
import os
import shutil
import sys

import numpy
from Cython.Build import cythonize
from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext


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
    # Threads come from the kernels' own pthread pool (pyx/_pool.pyx, declared for the
    # kernel modules in tensorlib/_pool.pxd), not OpenMP.
    # no FMA contraction: a kernel rounds every product as the composed ops do, on any -march
    compile_args = ["/O2"] if sys.platform == "win32" else ["-O3", "-fno-strict-aliasing", "-ffp-contract=off"]
    modules = []
    for path in sorted(glob.glob(os.path.join("pyx", "**", "*.pyx"), recursive=True)):
        name = os.path.splitext(os.path.relpath(path, "pyx"))[0].replace(os.sep, ".")
        modules.append(Extension(
            "tensorlib." + name,
            [path],
            include_dirs=[numpy.get_include()],
            define_macros=[("NPY_NO_DEPRECATED_API", "NPY_1_7_API_VERSION")],
            extra_compile_args=compile_args,
        ))
    return cythonize(
        modules,
        compiler_directives={"language_level": "3", "boundscheck": False, "wraparound": False,
                             "cdivision": True, "initializedcheck": False},
        include_path=[os.path.dirname(os.path.abspath(__file__))],   # tensorlib/*.pxd
        nthreads=os.cpu_count() or 1,
    )


class build_ext_into_source_tree(build_ext):
    """Builds as usual, then also puts each extension beside its sources in ``tensorlib/``.

    A script, notebook or ``python -m tensorlib`` started in the checkout's root imports
    this source tree before the installed copy, so the tree must hold the compiled modules
    too; otherwise ``pip install .`` leaves a package that only works from elsewhere."""

    def run(self):
        super().run()
        if self.inplace:
            return
        for ext in self.extensions:
            built = self.get_ext_fullpath(ext.name)
            beside_sources = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                          *ext.name.split(".")[:-1], os.path.basename(built))
            if os.path.exists(built) and os.access(os.path.dirname(beside_sources), os.W_OK):
                # a new file, not an overwrite: a running interpreter may have the old one mapped
                shutil.copy2(built, beside_sources + ".tmp")
                os.replace(beside_sources + ".tmp", beside_sources)


setup(ext_modules=extensions(), cmdclass={"build_ext": build_ext_into_source_tree})
