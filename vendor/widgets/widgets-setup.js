/* Loaded on pages with widgets, after require.js and before embed-amd.js (see _config.yml,
 * nb_ipywidgets_js). Hand-written: not fetched by tools/vendor_js.py. */
(function () {
  "use strict";
  var src = document.currentScript.src;
  var folder = src.slice(0, src.lastIndexOf("/"));

  // 1. embed-amd.js finds its icon fonts relative to its RequireJS module path, which by
  //    default is the page's own folder (404s). Map the module to this vendored folder.
  require.config({ paths: { "@jupyter-widgets/html-manager/dist": folder } });

  // 2. html-manager 1.0.15 typesets widget labels with the MathJax 2 call
  //    MathJax.Hub.Queue(["Typeset", MathJax.Hub, element]) whenever window.MathJax exists;
  //    the book loads MathJax 3 (no Hub), which raised a TypeError. Forward it to MathJax 3.
  function installHub() {
    var mj = window.MathJax;
    if (!mj || mj.Hub || !mj.startup) { return; }
    mj.Hub = {
      Queue: function () {
        for (var i = 0; i < arguments.length; i++) {
          var job = arguments[i];
          if (Array.isArray(job) && job[0] === "Typeset" && job[2]) {
            (function (el) {
              mj.startup.promise.then(function () { return mj.typesetPromise([el]); })
                .catch(function (err) { console.warn("MathJax typeset failed", err); });
            })(job[2]);
          }
        }
      }
    };
  }

  // 3. A slider's description is a <label> not tied to its handle (role="slider"), so the
  //    handle has no accessible name. Point aria-labelledby at the label.
  var counter = 0;
  function labelSliders(root) {
    var sliders = root.querySelectorAll(".widget-slider");
    for (var i = 0; i < sliders.length; i++) {
      var label = sliders[i].querySelector("label.widget-label");
      var handles = sliders[i].querySelectorAll('[role="slider"]');
      if (!label || !handles.length) { continue; }
      if (!label.id) { label.id = "widget-label-" + (++counter); }
      for (var j = 0; j < handles.length; j++) {
        if (!handles[j].hasAttribute("aria-labelledby")) {
          handles[j].setAttribute("aria-labelledby", label.id);
        }
      }
    }
  }

  function fix() { installHub(); labelSliders(document); }
  document.addEventListener("DOMContentLoaded", function () {
    fix();
    new MutationObserver(fix).observe(document.body, { childList: true, subtree: true });
  });
  window.addEventListener("load", fix);
})();
