"""lossutils as a package: light import, complete wheel, consistent metadata."""

import subprocess
import sys
import tomllib
import zipfile

import lossutils
from conftest import ROOT


SUBMODULES = ("data", "losses", "metrics", "models", "regularization", "robust", "special")


def test_import_loads_only_numpy_and_reaches_every_maths_module():
    code = ("import sys, lossutils as lu; "
            f"missing = [m for m in {SUBMODULES!r} if not hasattr(lu, m)]; "
            "bad = [m for m in ('matplotlib', 'ipywidgets', 'IPython', 'scipy', 'altair') "
            "if m in sys.modules]; "
            "print('missing', missing, 'loaded', bad); sys.exit(1 if bad or missing else 0)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_all_is_derived_from_the_modules():
    from lossutils import losses, special

    assert lossutils.__all__ == losses.__all__ + special.__all__
    assert len(set(lossutils.__all__)) == len(lossutils.__all__)
    for module in (losses, special):
        public = [name for name, obj in vars(module).items()
                  if not name.startswith("_") and getattr(obj, "__module__", None) == module.__name__
                  and callable(obj) and not isinstance(obj, type)]
        public += [name for name, obj in vars(module).items() if isinstance(obj, lossutils.Loss)]
        assert set(public) <= set(module.__all__), set(public) - set(module.__all__)


def test_version_matches_pyproject():
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert lossutils.__version__ == meta["version"]


def test_public_names_exist():
    for name in lossutils.__all__:
        assert hasattr(lossutils, name), name


def test_wheel_contains_every_module(tmp_path):
    """A non-editable install (what Binder ends up with) must ship every module of the package."""
    proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet",
                           "--disable-pip-version-check", "-w", str(tmp_path), str(ROOT)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-2000:]
    wheel = next(tmp_path.glob("lossutils-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for module in sorted((ROOT / "lossutils").glob("*.py")):
        assert f"lossutils/{module.name}" in names, f"{module.name} is missing from the wheel"
