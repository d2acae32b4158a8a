"""The playground: your loss and a lossutils loss trained side by side; a static fallback
with no controls for viewers without a kernel; model ids that follow creation order."""

import json
import re
import subprocess
import sys

import matplotlib

matplotlib.use("Agg")

import ipywidgets as widgets  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import lossutils as lu  # noqa: E402
from lossutils.widgets import playground  # noqa: E402

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def my_mae(y_true, y_pred):
    return np.mean(np.abs(y_pred - y_true))


def my_mae_grad(y_true, y_pred):
    return np.sign(y_pred - y_true) / y_true.size


def test_the_display_carries_the_widget_and_a_static_fallback_without_controls():
    pg = playground(my_mae, my_mae_grad, steps=50)
    bundle = pg._repr_mimebundle_()
    assert set(bundle) == {"text/plain", "text/html", WIDGET_VIEW}
    assert bundle[WIDGET_VIEW]["model_id"] == pg.model_id
    assert bundle["text/plain"] == ("Playground(task='line', your loss vs lossutils mse, "
                                    "lr=0.1, steps=50)")
    page = bundle["text/html"]
    assert page.count('<img src="data:image/png;base64,') == 1
    alt = re.search(r'alt="([^"]+)"', page).group(1)
    assert "learning rate 0.1 for 50 steps" in alt and "lossutils mse: w = " in alt
    assert "need a running kernel: open this notebook in JupyterLab or on Binder" in page
    # Nothing on the static page pretends to be a control.
    for tag in ("<input", "<button", "<select", "role=", "widget", "<script"):
        assert tag not in page.lower()


def test_the_fallback_is_the_same_on_every_call():
    a = playground(my_mae, my_mae_grad, steps=30)._repr_mimebundle_()
    b = playground(my_mae, my_mae_grad, steps=30)._repr_mimebundle_()
    assert a["text/html"] == b["text/html"] and a["text/plain"] == b["text/plain"]


def test_the_controls_change_the_fit_and_the_picture():
    pg = playground(my_mae, my_mae_grad, lr=0.05, steps=20)
    picture, readout = pg.picture.value, pg.readout.value
    assert isinstance(pg.lr, widgets.FloatLogSlider) and isinstance(pg.steps, widgets.IntSlider)
    pg.steps.value = 200
    assert pg.picture.value != picture and "after 200 steps" in pg.readout.value
    assert pg.readout.value != readout
    before = pg.picture.value
    pg.lr.value = 0.2
    assert pg.picture.value != before and "learning rate 0.2" in pg.picture.value


def test_your_loss_equal_to_the_reference_gives_the_same_fit():
    pg = playground(lambda y, p: np.mean((p - y) ** 2), lambda y, p: 2 * (p - y) / y.size,
                    steps=80)
    mine, ours = pg._fits(0.1, 80)
    np.testing.assert_allclose(mine[0], ours[0], rtol=1e-12, atol=1e-12)
    # ...and the reference really trains: the loss falls.
    assert ours[1][-1] < 0.5 * ours[1][0]


def test_a_robust_loss_is_pulled_less_by_the_outliers_than_mse():
    pg = playground(my_mae, my_mae_grad, steps=400, lr=0.1)
    (mine, _, _), (ours, _, _) = pg._fits(0.1, 400)
    # The data's true slope is 2; two outliers at the right end pull the MSE line up.
    assert abs(mine[-1][0] - 2.0) < abs(ours[-1][0] - 2.0)


def test_huber_reference_takes_its_options():
    pg = playground(my_mae, my_mae_grad, reference=lu.huber, delta=1.0, steps=10)
    assert "lossutils huber" in pg.readout.value


def test_a_classifier_with_hinge_and_with_cross_entropy_labels():
    pg = playground(lu.hinge, lu.hinge.grad, task="classifier", steps=40)
    assert set(np.unique(pg.y_model)) == {-1.0, 1.0}
    assert "w = (" in pg.readout.value and "diverged" not in pg.readout.value
    bce = lu.binary_cross_entropy_with_logits
    pg = playground(bce, bce.grad, task="classifier", reference=bce, steps=40)
    assert set(np.unique(pg.y_model)) == {0.0, 1.0}
    mine, ours = pg._fits(0.1, 40)
    np.testing.assert_allclose(mine[0], ours[0])


def test_zero_steps_shows_the_starting_point():
    pg = playground(my_mae, my_mae_grad, steps=0)
    assert pg.readout.value.count("w = 0.000, b = 0.000") == 2
    assert pg.readout.value.count("after 0 steps") == 2


def test_errors_in_your_functions_are_reported_not_raised():
    def broken_grad(y_true, y_pred):
        raise ValueError("not yet")

    pg = playground(my_mae, broken_grad)
    assert "Your loss: raised ValueError: not yet" in pg.readout.value
    assert "lossutils mse: w = " in pg.readout.value
    pg = playground(my_mae, lambda y, p: np.zeros(3))
    assert "Your loss: raised ValueError: the gradient has shape (3,)" in pg.readout.value


def test_a_learning_rate_too_large_diverges_with_a_message():
    pg = playground(my_mae, my_mae_grad, lr=3.0, steps=100)
    assert "lossutils mse: diverged at step" in pg.readout.value
    assert "lower the learning rate" in pg.readout.value


def test_bad_arguments_are_rejected():
    with pytest.raises(ValueError, match="task must be 'line' or 'classifier'"):
        playground(my_mae, my_mae_grad, task="tree")
    with pytest.raises(ValueError, match="reference must be a lossutils loss"):
        playground(my_mae, my_mae_grad, reference=my_mae)
    with pytest.raises(ValueError, match="needs two functions"):
        playground(my_mae, None)
    with pytest.raises(ValueError, match=r"data must be \(x, y\)"):
        playground(my_mae, my_mae_grad, data=(np.zeros(3), np.zeros(4)))


def test_model_ids_follow_creation_order_and_do_not_repeat():
    a, b = playground(my_mae, my_mae_grad, steps=10), playground(my_mae, my_mae_grad, steps=10)
    ids_a = [w.model_id for w in (a, a.lr, a.steps, a.picture, a.readout, a.lr.layout)]
    ids_b = [w.model_id for w in (b, b.lr, b.steps, b.picture, b.readout, b.lr.layout)]
    assert len(set(ids_a + ids_b)) == 12
    assert all(re.fullmatch(r"[0-9a-f]{32}", i) for i in ids_a)


SCRIPT = """
import matplotlib; matplotlib.use("Agg")
import numpy as np
from lossutils.widgets import playground
pg = playground(lambda y, p: np.mean((p - y) ** 2), lambda y, p: 2 * (p - y) / y.size, steps=5)
print(pg.model_id, pg.lr.model_id, pg.readout.layout.model_id, pg.children[0].model_id)
"""


def test_a_fresh_process_gives_the_same_model_ids():
    # What makes refreshing an unchanged notebook byte-identical: the n-th widget of a
    # fresh kernel always gets the same id.
    runs = [subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True,
                           check=True).stdout for _ in range(2)]
    assert runs[0] == runs[1] and len(runs[0].split()) == 4


# ---- in a real JupyterLab: static fallback before running, live widget after ----------

LAB_OUTPUT = r"""() => {
  const nb = document.querySelector(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook");
  const out = nb && nb.querySelector(".jp-CodeCell .jp-OutputArea");
  if (!out) return null;
  const img = out.querySelector("img");
  return {text: out.innerText, src: img ? img.src : "", alt: img ? img.alt : "",
          sliders: out.querySelectorAll("[role=slider]").length};
}"""

LAB_RUN_DONE = r"""() => {
  const nb = document.querySelector(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook");
  const prompts = [...nb.querySelectorAll(".jp-CodeCell .jp-InputArea-prompt")];
  return prompts.length > 0 && prompts.every(p => /\[\d+\]/.test(p.textContent));
}"""

def _when(condition):
    """A JavaScript predicate on the first output of the open notebook (``r``)."""
    return f"() => {{ const r = ({LAB_OUTPUT})(); return {condition}; }}"


CELL = """\
import numpy as np
import lossutils as lu
from lossutils import widgets

def my_loss(y_true, y_pred):
    return np.mean(np.abs(y_pred - y_true))

def my_loss_grad(y_true, y_pred):
    return np.sign(y_pred - y_true) / y_true.size

widgets.playground(my_loss, my_loss_grad, task="line", reference=lu.mse)
"""


@pytest.fixture(scope="module")
def lab_with_playground(tmp_path_factory):
    """JupyterLab on 127.0.0.1 serving one notebook executed as tools/refresh_notebooks.py
    would, without widget state (as the book's notebooks are to be committed)."""
    import nbformat
    from nbclient import NotebookClient
    from site_helpers import jupyterlab_server

    tmp = tmp_path_factory.mktemp("lab-playground")
    root = tmp / "root"
    root.mkdir()
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(CELL)])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    from refresh_notebooks import normalise   # tools/ is on sys.path (tests/conftest.py)

    NotebookClient(nb, timeout=120, kernel_name="python3", record_timing=False,
                   store_widget_state=False, resources={"metadata": {"path": str(root)}}).execute()
    normalise(nb)          # exactly what the refresh commits: the static fallback, no widget view
    assert "application/vnd.jupyter.widget-view+json" not in nb.cells[0].outputs[0]["data"]
    nbformat.write(nb, root / "playground.ipynb")
    with jupyterlab_server(root, tmp) as server:
        yield server


@pytest.mark.browser
def test_jupyterlab_shows_the_fallback_before_running_and_a_live_widget_after(
        lab_with_playground):
    from site_helpers import chromium

    url, token = lab_with_playground
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1200, "height": 1000})
        page.goto(f"{url}/lab/tree/playground.ipynb?token={token}&reset")
        page.wait_for_function("() => !!window.jupyterapp", timeout=120_000)
        page.wait_for_function(_when("r !== null && r.src !== ''"), timeout=90_000, polling=500)
        saved = page.evaluate(LAB_OUTPUT)   # the output has no widget view: nothing else can render
        # The saved notebook is untrusted (as after a clone): the static fallback, no control.
        assert saved["sliders"] == 0 and "Error displaying widget" not in saved["text"]
        assert "need a running kernel" in saved["text"]
        assert saved["alt"].startswith("Gradient descent with learning rate 0.1 for 100 steps")
        # Run All once the notebook's kernel is up (running cells before it is would do nothing).
        page.evaluate("""async () => {
          const app = window.jupyterapp;
          await app.shell.currentWidget.sessionContext.ready;
          await app.commands.execute("notebook:run-all-cells");
        }""")
        page.wait_for_function(LAB_RUN_DONE, timeout=180_000, polling=500)
        page.wait_for_function(_when("r.sliders === 2"), timeout=60_000, polling=500)
        live = page.evaluate(LAB_OUTPUT)
        assert "need a running kernel" not in live["text"]
        track = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea "
                             ".noUi-target").first
        box = track.bounding_box()
        page.mouse.click(box["x"] + 0.8 * box["width"], box["y"] + box["height"] / 2)
        page.wait_for_function(_when(f"r.src !== {json.dumps(live['src'])}"), timeout=60_000,
                               polling=250)
        moved = page.evaluate(LAB_OUTPUT)
        assert "learning rate\n0.100" not in moved["text"]

