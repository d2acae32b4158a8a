"""lossutils as a package: light import, complete wheel, consistent metadata."""

import subprocess
import sys
import tomllib
import zipfile

import lossutils
from conftest import ROOT


def test_import_loads_no_plotting_or_widgets():
    code = ("import sys, lossutils, lossutils.data, lossutils.models; "
            "bad = [m for m in ('matplotlib', 'ipywidgets', 'IPython', 'scipy') if m in sys.modules]; "
            "print(bad); sys.exit(1 if bad else 0)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


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
