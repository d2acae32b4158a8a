"""Fetch the JavaScript the HTML book serves from its own files, and verify it.

    python tools/vendor_js.py           # fetch the pinned npm packages into vendor/widgets/, vendor/vega/
    python tools/vendor_js.py --check   # only verify both folders against their SHA256SUMS

Two folders, each published by ``_ext/offline_book.py`` and loaded only where needed:

* ``vendor/widgets/``: ipywidgets without a kernel through `@jupyter-widgets/html-manager`
  (its `embed-amd.js`), loaded with RequireJS; only on pages that embed widget state.
* ``vendor/vega/``: the live explorers (Vega-Lite charts written with Altair) through
  `vega`, `vega-lite` and `vega-embed` (their `build/*.min.js`); only on pages with a chart
  (``lossutils/_mystnb_vegalite.py`` adds them).

Every package comes from the npm registry at the exact version below: the tarball is fetched
with `npm pack` (or straight from the registry when npm is missing), its sha512 is checked
against the integrity pinned here (the value npm publishes as `dist.integrity`), and only the
files the pages need are copied, with the licences. Each folder's `SHA256SUMS` lists every
vendored file; the test suite re-checks both (`--check`) offline.
"""

import base64
import hashlib
import io
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENDOR = ROOT / "vendor"
REGISTRY = "https://registry.npmjs.org"

WIDGET_PACKAGES = [
    {
        "name": "requirejs",
        "version": "2.3.8",
        "integrity": "sha512-7/cTSLOdYkNBNJcDMWf+luFvMriVm7eYxp4BcFCsAX0wF421Vyce5SXP17c+Jd5otXKGNehIonFlyQXSowL6Mw==",
        "files": {"package/require.js": "require.js"},
    },
    {
        "name": "@jupyter-widgets/html-manager",
        "version": "1.0.15",
        "integrity": "sha512-5thBIV6ymNgmPVOHvzx+gGy8ZSKmSazhtGw4/c4xJDVzRhG9PTeQsRjF3FUTopvFi//SABeNz1yp47bCrJ3CQA==",
        "files": {
            "package/dist/embed-amd.js": "embed-amd.js",
            # the icon fonts embed-amd.js's stylesheet points at (other formats are fallbacks)
            "package/dist/1551f4f60c37af51121f.woff2": "1551f4f60c37af51121f.woff2",
            "package/dist/7a3337626410ca2f4071.woff2": "7a3337626410ca2f4071.woff2",
            "package/dist/d878b0a6a1144760244f.woff2": "d878b0a6a1144760244f.woff2",
            "package/dist/embed.js.LICENSE.txt": "LICENSE-html-manager-bundled.txt",
        },
    },
]

VEGA_PACKAGES = [
    {
        "name": "vega",
        "version": "5.33.0",
        "integrity": "sha512-jNAGa7TxLojOpMMMrKMXXBos4K6AaLJbCgGDOw1YEkLRjUkh12pcf65J2lMSdEHjcEK47XXjKiOUVZ8L+MniBA==",
        "files": {"package/build/vega.min.js": "vega.min.js",
                  "package/LICENSE": "LICENSE-vega.txt"},
    },
    {
        "name": "vega-lite",
        "version": "5.20.1",
        "integrity": "sha512-rpw6aT3NXR4bIdctPpK/V+FZAt1VNHMEnfF/TxaZDc4PDOzfYXiYOFf0zOMURUq/EyzFCkhBvtkf1MzmqlAz9g==",
        "files": {"package/build/vega-lite.min.js": "vega-lite.min.js",
                  "package/LICENSE": "LICENSE-vega-lite.txt"},
    },
    {
        "name": "vega-embed",
        "version": "6.29.0",
        "integrity": "sha512-PmlshTLtLFLgWtF/b23T1OwX53AugJ9RZ3qPE2c01VFAbgt3/GSNI/etzA/GzdrkceXFma+FDHNXUppKuM0U6Q==",
        "files": {"package/build/vega-embed.min.js": "vega-embed.min.js",
                  "package/LICENSE": "LICENSE-vega-embed.txt"},
    },
]

# The widget tarballs ship no LICENSE file; their package.json names the licence and the
# source files carry the copyright line, so the full texts are written out here.
# (The Vega tarballs do ship theirs: they are copied with the scripts.)
WIDGET_LICENSES = {
    "LICENSE-requirejs.txt": """\
RequireJS 2.3.8 (npm package requirejs), https://github.com/requirejs/requirejs

MIT License

Copyright jQuery Foundation and other contributors, https://jquery.org/

Permission is hereby granted, free of charge, to any person obtaining a copy of this
software and associated documentation files (the "Software"), to deal in the Software
without restriction, including without limitation the rights to use, copy, modify, merge,
publish, distribute, sublicense, and/or sell copies of the Software, and to permit persons
to whom the Software is furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all copies or
substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED,
INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR
PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE
FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR
OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER
DEALINGS IN THE SOFTWARE.
""",
    "LICENSE-html-manager.txt": """\
@jupyter-widgets/html-manager 1.0.15, https://github.com/jupyter-widgets/ipywidgets
(third-party code bundled into embed-amd.js: see LICENSE-html-manager-bundled.txt)

BSD 3-Clause License

Copyright (c) 2015 Project Jupyter Contributors
All rights reserved.

Redistribution and use in source and binary forms, with or without modification, are
permitted provided that the following conditions are met:

1. Redistributions of source code must retain the above copyright notice, this list of
   conditions and the following disclaimer.

2. Redistributions in binary form must reproduce the above copyright notice, this list of
   conditions and the following disclaimer in the documentation and/or other materials
   provided with the distribution.

3. Neither the name of the copyright holder nor the names of its contributors may be used
   to endorse or promote products derived from this software without specific prior
   written permission.

THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND ANY
EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED WARRANTIES OF
MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE DISCLAIMED. IN NO EVENT SHALL THE
COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL,
EXEMPLARY, OR CONSEQUENTIAL DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF
SUBSTITUTE GOODS OR SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION)
HOWEVER CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY, OR
TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE OF THIS
SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
""",
}

SUMS = "SHA256SUMS"

# Each vendored folder: its packages, licence texts written here, and the hand-written files
# that live beside the fetched ones (not fetched, not in SHA256SUMS).
FOLDERS = {
    "widgets": {"packages": WIDGET_PACKAGES, "licenses": WIDGET_LICENSES,
                "local": {"README.md", "widgets-setup.js", SUMS}},
    "vega": {"packages": VEGA_PACKAGES, "licenses": {},
             "local": {"README.md", "vega-setup.js", SUMS}},
}


def integrity(data):
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode("ascii")


def fetch(name, version, workdir):
    """The package tarball's bytes, via `npm pack` (or the registry URL if npm is absent)."""
    npm = shutil.which("npm")
    if npm:
        out = subprocess.run([npm, "pack", f"{name}@{version}", "--json", "--silent",
                              "--pack-destination", str(workdir)],
                             check=True, capture_output=True, text=True).stdout
        filename = json.loads(out)[0]["filename"]
        return (Path(workdir) / filename).read_bytes()
    bare = name.split("/")[-1]
    url = f"{REGISTRY}/{name}/-/{bare}-{version}.tgz"
    with urllib.request.urlopen(url, timeout=60) as response:
        return response.read()


def sha256sums(folder, local):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.iterdir()) if p.is_file() and p.name not in local}


def check(key):
    """Raise if a file of vendor/<key>/ is missing, extra or differs from its SHA256SUMS."""
    folder, local = VENDOR / key, FOLDERS[key]["local"]
    listed = {}
    for line in (folder / SUMS).read_text().splitlines():
        digest, name = line.split(maxsplit=1)
        listed[name.lstrip("*")] = digest
    actual = sha256sums(folder, local)
    expected = {target for pkg in FOLDERS[key]["packages"] for target in pkg["files"].values()}
    expected |= set(FOLDERS[key]["licenses"])
    if listed != actual or set(listed) != expected:
        bad = sorted(set(listed) ^ set(actual) | set(actual) ^ expected
                     | {n for n in listed if actual.get(n, listed[n]) != listed[n]})
        raise SystemExit(f"vendor/{key} differs from {SUMS} or from the pins: {bad}; "
                         "re-run `python tools/vendor_js.py`")
    return actual


def vendor(key, workdir):
    """Fetch, verify and copy the packages of vendor/<key>/, then rewrite its SHA256SUMS."""
    spec, dest = FOLDERS[key], VENDOR / key
    dest.mkdir(parents=True, exist_ok=True)
    for p in dest.iterdir():
        if p.is_file() and p.name not in spec["local"]:
            p.unlink()
    for pkg in spec["packages"]:
        data = fetch(pkg["name"], pkg["version"], workdir)
        got = integrity(data)
        if got != pkg["integrity"]:
            raise SystemExit(f"{pkg['name']}@{pkg['version']}: tarball integrity {got} "
                             f"differs from the pinned {pkg['integrity']}")
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
            for member, target in pkg["files"].items():
                (dest / target).write_bytes(tar.extractfile(member).read())
        print(f"{pkg['name']}@{pkg['version']}: integrity ok, {len(pkg['files'])} files")
    for name, text in spec["licenses"].items():
        (dest / name).write_text(text)
    sums = sha256sums(dest, spec["local"])
    (dest / SUMS).write_text("".join(f"{d}  {n}\n" for n, d in sums.items()))
    print(f"wrote {len(sums)} files and {SUMS} into {dest.relative_to(ROOT)}/")


def main(argv):
    if "--check" in argv:
        for key in FOLDERS:
            files = check(key)
            print(f"ok: {len(files)} files match vendor/{key}/{SUMS}")
        return
    with tempfile.TemporaryDirectory() as tmp:
        for key in FOLDERS:
            vendor(key, tmp)


if __name__ == "__main__":
    main(sys.argv[1:])
