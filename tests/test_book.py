"""The book as a whole: it builds with no warning, and its notebooks follow the house rules."""

import re

import nbformat
import pytest
import yaml

from conftest import ROOT

CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text())
REPO_URL = CONFIG["repository"]["url"]


@pytest.mark.book
def test_book_builds_without_warnings(built_book):
    returncode, log, html = built_book
    warnings = [line for line in log.splitlines() if "WARNING" in line or "ERROR" in line]
    assert returncode == 0 and not warnings, "\n".join(warnings[:40]) or log[-3000:]
    assert (html / "index.html").exists()


@pytest.mark.book
def test_every_toc_page_is_built(built_book):
    _, _, html = built_book
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    pages = [toc["root"]] + [c["file"] for p in toc["parts"] for c in p["chapters"]]
    for page in pages:
        assert (html / f"{page}.html").exists(), f"{page} is in _toc.yml but was not built"


def test_every_notebook_is_in_the_toc(notebooks):
    on_disk = sorted(ROOT.glob("book/**/*.ipynb"))
    on_disk = [p for p in on_disk if ".ipynb_checkpoints" not in p.parts]
    assert sorted(notebooks) == on_disk, "a notebook under book/ is missing from _toc.yml"


def _code_cells(path):
    return [c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]


def test_notebooks_have_outputs_from_a_complete_run(notebooks):
    """Every code cell was executed, in order, by one fresh kernel (no stale or missing outputs)."""
    for path in notebooks:
        counts = [c.execution_count for c in _code_cells(path)]
        assert None not in counts, f"{path.name}: a code cell has never been executed"
        assert counts == list(range(1, len(counts) + 1)), (
            f"{path.name}: execution counts {counts} are not 1..n; refresh with "
            "`python tools/refresh_notebooks.py`")


def test_notebooks_have_no_error_outputs(notebooks):
    for path in notebooks:
        for cell in _code_cells(path):
            for out in cell.outputs:
                assert out.output_type != "error", f"{path.name}: a cell raised {out.get('ename')}"
                if out.output_type == "stream":
                    assert out.name != "stderr", f"{path.name}: stderr output {out.text[:200]!r}"


def test_every_figure_has_alt_text(notebooks):
    for path in notebooks:
        for i, cell in enumerate(_code_cells(path)):
            has_image = any("image/png" in out.get("data", {}) for out in cell.outputs)
            if has_image:
                alt = cell.metadata.get("mystnb", {}).get("image", {}).get("alt", "")
                assert len(alt) > 20, f"{path.name}, code cell {i}: image without alt text"


def test_colab_cell_installs_from_the_configured_repository(notebooks):
    """First cell: hidden in the HTML, installs lossutils only when it is missing."""
    for path in notebooks:
        first = _code_cells(path)[0]
        assert "remove-cell" in first.metadata.get("tags", []), path.name
        assert first.metadata.get("jupyter", {}).get("source_hidden"), (
            f"{path.name}: the install cell should be collapsed in JupyterLab")
        assert "except ImportError" in first.source, path.name
        assert f"git+{REPO_URL}" in first.source, f"{path.name}: URL differs from _config.yml"
        assert first.outputs == [], f"{path.name}: the install cell ran (lossutils missing?)"


def test_nbval_markers_are_justified(notebooks):
    """Strict nbval: any NBVAL_IGNORE_OUTPUT / SKIP marker must carry a reason on its line."""
    for path in notebooks:
        for cell in _code_cells(path):
            for line in cell.source.splitlines():
                if re.search(r"NBVAL_(IGNORE_OUTPUT|SKIP)", line):
                    assert len(line.split("NBVAL_", 1)[1]) > 30, (
                        f"{path.name}: {line!r} needs a comment saying why")


def test_exercises_have_solutions(notebooks):
    for path in notebooks:
        if path.stem == "intro":
            continue
        text = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells
                         if c.cell_type == "markdown")
        labels = re.findall(r"```\{exercise\}[^\n]*\n:label: (\S+)", text)
        solved = set(re.findall(r"```\{solution\} (\S+)", text))
        assert len(labels) >= 3, f"{path.name}: fewer than three exercises"
        assert set(labels) <= solved, f"{path.name}: exercises without solution: {set(labels) - solved}"
