"""Re-execute the book's notebooks in place: fresh kernel, outputs and widget state saved.

    python tools/refresh_notebooks.py                 # every notebook in _toc.yml
    python tools/refresh_notebooks.py book/mse.ipynb  # just these

Each notebook runs top to bottom in its own folder (as Jupyter, Binder and nbval run it),
with the interpreter running this script as its kernel. The committed outputs are exactly
what this produces; the test suite re-runs every notebook under strict nbval to prove it.
Execution timing metadata is not recorded, so a refresh with no code change gives no diff.
"""

import sys
import time
from pathlib import Path

import nbformat
import yaml
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]


def toc_notebooks(root=ROOT):
    """Paths of the .ipynb files listed in _toc.yml, in reading order."""
    toc = yaml.safe_load((root / "_toc.yml").read_text())
    files = [toc["root"]]

    def walk(node):
        if isinstance(node, dict):
            if "file" in node:
                files.append(node["file"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(toc.get("parts", toc.get("chapters", [])))
    return [root / f"{f}.ipynb" for f in files if (root / f"{f}.ipynb").exists()]


def refresh(path, timeout=120):
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        record_timing=False,
        store_widget_state=True,
    )
    start = time.perf_counter()
    client.execute()
    elapsed = time.perf_counter() - start
    nbformat.validate(nb)
    nbformat.write(nb, path)
    return elapsed


def main(argv):
    paths = [Path(a).resolve() for a in argv] or toc_notebooks()
    for path in paths:
        elapsed = refresh(path)
        print(f"{elapsed:6.1f} s  {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main(sys.argv[1:])
