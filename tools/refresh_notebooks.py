"""Re-execute the book's notebooks in place: fresh kernel, outputs saved (no widget state).

    python tools/refresh_notebooks.py                 # every notebook in _toc.yml
    python tools/refresh_notebooks.py book/mse.ipynb  # just these

Each notebook runs top to bottom in its own folder (as Jupyter, Binder and nbval run it),
with the interpreter running this script as its kernel. The committed outputs are exactly
what this produces; the test suite re-runs every notebook under strict nbval to prove it.

A refresh with no code change gives byte-identical notebooks: no execution timing metadata
is kept, and consecutive stream outputs of the same name ("stdout", "stderr") are merged
into one (the kernel sends printed text in chunks whose boundaries depend on timing).
Charts are Vega-Lite specs with rounded data (lossutils.charts), so they are stable too.
"""

import sys
import time
from pathlib import Path

import nbformat
import yaml
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]


def merge_streams(outputs):
    """Join consecutive stream outputs of the same name (stdout, stderr) into one.

    >>> import nbformat
    >>> outs = [nbformat.v4.new_output("stream", name="stdout", text="a\\n"),
    ...         nbformat.v4.new_output("stream", name="stdout", text="b\\n"),
    ...         nbformat.v4.new_output("stream", name="stderr", text="c\\n")]
    >>> [(o.name, o.text) for o in merge_streams(outs)]
    [('stdout', 'a\\nb\\n'), ('stderr', 'c\\n')]
    """
    merged = []
    for out in outputs:
        prev = merged[-1] if merged else None
        if (out.get("output_type") == "stream" and prev is not None
                and prev.get("output_type") == "stream" and prev.get("name") == out.get("name")):
            prev["text"] = prev["text"] + out["text"]
        else:
            merged.append(out)
    return merged


def normalise(nb):
    """Make the executed notebook independent of timing: merged streams, no timing metadata,
    and no saved widget state (a stale one from an older run would make the book page load
    the ipywidgets JavaScript for controls that cannot work there)."""
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            cell.outputs = merge_streams(cell.outputs)
            for out in cell.outputs:
                drop_dead_widget_view(out)
    return nb


def drop_dead_widget_view(output):
    """Remove the widget view from an output that also carries a static text/html fallback.

    Without saved widget state the view points at a model that exists only in the kernel
    that ran the cell: JupyterLab would show "model not found" instead of the fallback, and
    the model id (a random uuid) would change at every refresh. The fallback (the playground's
    figure and its "runs in JupyterLab or Binder" note) is what a reader without a kernel
    should see; running the cell brings the live widget back. Strict nbval does not compare
    widget views, so this changes nothing it checks.

    >>> out = {"output_type": "display_data",
    ...        "data": {"text/html": "<figure>...</figure>", "text/plain": "Playground",
    ...                 "application/vnd.jupyter.widget-view+json": {"model_id": "x"}}}
    >>> drop_dead_widget_view(out); sorted(out["data"])
    ['text/html', 'text/plain']
    """
    data = output.get("data", {})
    if "application/vnd.jupyter.widget-view+json" in data and "text/html" in data:
        del data["application/vnd.jupyter.widget-view+json"]


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
        # No widget state is saved: the only ipywidgets output is the reader-loss playground,
        # which needs a kernel; its static text/html fallback is what the HTML book shows,
        # so pages load no ipywidgets JavaScript (and stay light).
        store_widget_state=False,
    )
    start = time.perf_counter()
    client.execute()
    elapsed = time.perf_counter() - start
    normalise(nb)
    nbformat.validate(nb)
    nbformat.write(nb, path)
    return elapsed


def main(argv):
    paths = [Path(a).resolve() for a in argv] or toc_notebooks()
    for path in paths:
        elapsed = refresh(path)
        shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
        print(f"{elapsed:6.1f} s  {shown}")


if __name__ == "__main__":
    main(sys.argv[1:])
