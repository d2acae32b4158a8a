"""Fetch the widget JavaScript the HTML book serves from its own files, and verify it.

    python tools/vendor_js.py           # fetch the pinned npm packages into vendor/widgets/
    python tools/vendor_js.py --check   # only verify vendor/widgets/ against SHA256SUMS

The static pages show ipywidgets without a kernel through `@jupyter-widgets/html-manager`
(its `embed-amd.js`), which is loaded with RequireJS. Both come from the npm registry at the
exact versions below: the tarball is fetched with `npm pack` (or straight from the registry
when npm is missing), its sha512 is checked against the integrity pinned here (the value npm
publishes as `dist.integrity`), and only the files the pages need are copied: the two
scripts, the three .woff2 icon fonts the bundle's stylesheet references, the licences.
`SHA256SUMS` lists every vendored file; the test suite re-checks it (`--check`) offline.
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
DEST = ROOT / "vendor" / "widgets"
REGISTRY = "https://registry.npmjs.org"

PACKAGES = [
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

# Neither tarball ships a LICENSE file; their package.json names the licence and the
# source files carry the copyright line, so the full texts are written out here.
LICENSES = {
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
# Hand-written files in vendor/widgets/ that are not fetched (not in SHA256SUMS).
LOCAL = {"README.md", "widgets-setup.js", SUMS}


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


def sha256sums(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.iterdir()) if p.is_file() and p.name not in LOCAL}


def check(folder=DEST):
    """Raise if a vendored file is missing, extra or differs from SHA256SUMS."""
    listed = {}
    for line in (folder / SUMS).read_text().splitlines():
        digest, name = line.split(maxsplit=1)
        listed[name.lstrip("*")] = digest
    actual = sha256sums(folder)
    if listed != actual:
        bad = sorted(set(listed) ^ set(actual)
                     | {n for n in listed if actual.get(n, listed[n]) != listed[n]})
        raise SystemExit(f"vendor/widgets differs from {SUMS}: {bad}; "
                         "re-run `python tools/vendor_js.py`")
    return actual


def main(argv):
    if "--check" in argv:
        files = check()
        print(f"ok: {len(files)} files match {DEST.relative_to(ROOT)}/{SUMS}")
        return
    DEST.mkdir(parents=True, exist_ok=True)
    for p in DEST.iterdir():
        if p.is_file() and p.name not in LOCAL:
            p.unlink()
    with tempfile.TemporaryDirectory() as tmp:
        for pkg in PACKAGES:
            data = fetch(pkg["name"], pkg["version"], tmp)
            got = integrity(data)
            if got != pkg["integrity"]:
                raise SystemExit(f"{pkg['name']}@{pkg['version']}: tarball integrity {got} "
                                 f"differs from the pinned {pkg['integrity']}")
            with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
                for member, target in pkg["files"].items():
                    (DEST / target).write_bytes(tar.extractfile(member).read())
            print(f"{pkg['name']}@{pkg['version']}: integrity ok, {len(pkg['files'])} files")
    for name, text in LICENSES.items():
        (DEST / name).write_text(text)
    sums = sha256sums(DEST)
    (DEST / SUMS).write_text("".join(f"{d}  {n}\n" for n, d in sums.items()))
    print(f"wrote {len(sums)} files and {SUMS} into {DEST.relative_to(ROOT)}/")


if __name__ == "__main__":
    main(sys.argv[1:])
