"""Binder: what repo2docker builds from this repository, and that every notebook runs there.

No Docker here: repo2docker's own build-pack code picks the build pack and renders the
Dockerfile for this repository, and the test reads what it would do. Then the notebooks
run as Binder runs them: a fresh virtual environment made from ``requirements.txt`` alone
(``pip install -r requirements.txt`` from the repository root, as repo2docker does after
copying the repository), each notebook executed from its own folder by that
environment's Python.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
import tomllib

import pytest

from conftest import ROOT

REQUIREMENTS = (ROOT / "requirements.txt").read_text()
# repo2docker 2026.4 imports a logging module that warns about its own new location.
pytestmark = [
    pytest.mark.network,   # pip-installs requirements.txt into a fresh virtual environment
    pytest.mark.filterwarnings(
        "ignore:pythonjsonlogger.jsonlogger has been moved:DeprecationWarning"),
]


@pytest.fixture
def buildpack(monkeypatch):
    """The build pack repo2docker picks for this repository (its own detection order)."""
    from repo2docker.app import Repo2Docker

    monkeypatch.chdir(ROOT)
    app = Repo2Docker()
    for cls in app.buildpacks:
        bp = cls(base_image=app.base_image)
        if bp.detect():
            break
    else:
        bp = app.default_buildpack(base_image=app.base_image)
    bp.platform = "linux/amd64"
    return bp


def test_repo2docker_uses_the_python_buildpack_with_python_311(buildpack):
    from repo2docker.buildpacks import PythonBuildPack

    assert type(buildpack) is PythonBuildPack, type(buildpack).__name__
    assert not (ROOT / "binder").exists(), "a binder/ folder makes repo2docker ignore root files"
    assert (ROOT / "runtime.txt").read_text().strip() == "python-3.11"
    assert buildpack.python_version == "3.11"
    assert buildpack._python_version_source == "runtime"


def test_repo2docker_build_script_installs_the_requirements(buildpack):
    dockerfile = buildpack.render()
    # the base environment's lock file is chosen by Python version
    assert "conda/environment.py-3.11-linux-64.lock" in buildpack.get_build_script_files()
    runs = [line for line in dockerfile.splitlines() if line.startswith(("RUN", "COPY"))]
    copy_repo = next(i for i, line in enumerate(runs) if re.match(r"COPY .*src/ \$\{REPO_DIR\}/", line))
    pip_r = next(i for i, line in enumerate(runs) if 'pip install --no-cache-dir -r "requirements.txt"' in line)
    pip_dot = next(i for i, line in enumerate(runs) if line.endswith("pip install --no-cache-dir ."))
    # "-e ." needs the whole repository in place before pip runs; then `pip install .`
    assert copy_repo < pip_r < pip_dot, "\n".join(runs)


def test_requirements_are_pinned_and_install_the_package():
    lines = [line.split("#")[0].strip() for line in REQUIREMENTS.splitlines()]
    lines = [line for line in lines if line]
    assert "-e ." in lines
    unpinned = [line for line in lines if line != "-e ." and not re.fullmatch(r"[\w.\-\[\]]+==[\w.]+", line)]
    assert not unpinned, f"not pinned with ==: {unpinned}"
    assert any(line.startswith("jupyterlab-myst==") for line in lines)


def test_every_subpackage_survives_a_non_editable_install():
    """repo2docker's final `pip install .` replaces the editable install."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    listed = set(config["tool"]["setuptools"]["packages"])
    found = {p.parent.relative_to(ROOT).as_posix().replace("/", ".")
             for p in (ROOT / "lossutils").rglob("__init__.py")}
    assert found <= listed, f"missing from [tool.setuptools] packages: {found - listed}"


RUNNER = textwrap.dedent('''
    """Run in the fresh venv: execute each notebook from its folder; report errors as JSON."""
    import json, sys, time
    import nbformat
    from nbclient import NotebookClient

    report = []
    for path in sys.argv[1:]:
        nb = nbformat.read(path, as_version=4)
        # last cell: which interpreter ran the notebook
        nb.cells.append(nbformat.v4.new_code_cell("import sys; print(sys.executable)"))
        start = time.perf_counter()
        entry = {"path": path}
        try:
            NotebookClient(nb, timeout=300, kernel_name="python3",
                           resources={"metadata": {"path": path.rsplit("/", 1)[0]}}).execute()
            entry["executable"] = nb.cells[-1].outputs[0]["text"].strip()
            entry["stderr"] = [o.get("text", "")[:300] for c in nb.cells if c.cell_type == "code"
                               for o in c.outputs if o.get("name") == "stderr"]
        except Exception as err:
            entry["error"] = f"{type(err).__name__}: {str(err)[-1500:]}"
        entry["seconds"] = round(time.perf_counter() - start, 1)
        report.append(entry)
        print(json.dumps(entry), flush=True)
''')


def _copy_repository(dest):
    """What repo2docker copies: the repository's files, without build output and caches."""
    ignore = shutil.ignore_patterns(".git", "_build", "test-artifacts", ".venv", "venv",
                                    "__pycache__", ".pytest_cache", "*.egg-info",
                                    ".ipynb_checkpoints", ".jupyter_cache")
    shutil.copytree(ROOT, dest, ignore=ignore)


def test_every_notebook_runs_in_a_fresh_venv_from_requirements_txt(tmp_path, notebooks):
    repo, venv = tmp_path / "repo", tmp_path / "venv"
    _copy_repository(repo)
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PYTHON", "JUPYTER", "VIRTUAL_ENV", "PIP_REQUIRE"))}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    # Kernels come from this venv only (not a user-level kernelspec pointing elsewhere).
    kernels = tmp_path / "jupyter" / "kernels" / "python3"
    kernels.mkdir(parents=True)
    (kernels / "kernel.json").write_text(json.dumps({
        "argv": [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (fresh venv)", "language": "python"}))
    env["JUPYTER_PATH"] = str(tmp_path / "jupyter")
    env["JUPYTER_CONFIG_DIR"] = str(tmp_path / "jupyter-config")
    env["JUPYTER_DATA_DIR"] = str(tmp_path / "jupyter-data")
    env["JUPYTER_RUNTIME_DIR"] = str(tmp_path / "jupyter-runtime")
    env["MPLBACKEND"] = "agg"

    install = subprocess.run(
        [str(python), "-m", "pip", "install", "--disable-pip-version-check", "-q",
         "--no-compile", "-r", "requirements.txt"],
        cwd=repo, env=env, capture_output=True, text=True)  # cwd: "-e ." is the repo
    assert install.returncode == 0, install.stdout[-2000:] + install.stderr[-4000:]

    check = subprocess.run([str(python), "-c", "import lossutils, sys; print(lossutils.__file__)"],
                           cwd=tmp_path, env=env, capture_output=True, text=True)
    assert check.returncode == 0 and str(repo) in check.stdout, check.stdout + check.stderr

    paths = [str(repo / p.relative_to(ROOT)) for p in notebooks]
    (tmp_path / "runner.py").write_text(RUNNER)
    # two runners side by side (2 cores), each executing its notebooks one after another
    runners = [subprocess.Popen([str(python), str(tmp_path / "runner.py"), *group],
                                cwd=tmp_path, env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
               for group in (paths[0::2], paths[1::2]) if group]
    outputs = [runner.communicate(timeout=900) for runner in runners]
    report = [json.loads(line) for out, _ in outputs for line in out.splitlines()
              if line.startswith("{")]
    assert len(report) == len(paths), "\n".join(out[-2000:] + err[-3000:] for out, err in outputs)
    problems = []
    for entry in report:
        name = entry["path"].rsplit("/", 1)[-1]
        if "error" in entry:
            problems.append(f"{name}: {entry['error']}")
        elif not entry["executable"].startswith(str(venv)):
            problems.append(f"{name}: ran on {entry['executable']}, not the fresh venv")
    # stderr (e.g. matplotlib building its font cache on first use) is shown, not failed
    print("\n" + "\n".join(f"{e['seconds']:6.1f} s  {e['path'].rsplit('/', 1)[-1]}"
                            f"{'  stderr: ' + repr(e['stderr'][:1]) if e.get('stderr') else ''}"
                            for e in report))
    assert not problems, "\n".join(problems)
