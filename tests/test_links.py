"""Glossary links and citations that work in the HTML book and in JupyterLab (issue 12).

The book's convention: a glossary term or a citation is a plain Markdown link to a heading of
the glossary or the references page, with the text the reader should read::

    the [hinge loss](glossary.md#hinge-loss), as [Bishop (2006)](references.md#bishop-2006) shows

Every entry of book/glossary.md and book/references.md is an H2 heading, and
``myst_heading_anchors`` in _config.yml turns headings into link targets, so in the HTML book
the link lands on the entry (the strict build and tests/test_site.py check the built anchors),
and in JupyterLab (jupyterlab-myst) the link opens the rendered page. The Sphinx roles
``{term}`` and ``{cite}`` are not used: in JupyterLab they render as a dead link and as a
"citation not found" mark.

These tests read the sources only (no build, no browser): every link written in the book's
Markdown (notebook markdown cells and .md pages) to another page of the book resolves to a
heading anchor that myst-parser computes for that page; the glossary and the references are
well formed and agree with book/references.bib; and the pages listed in ``CONVERTED`` contain
no ``{term}`` or ``{cite}`` role.
"""

import functools
import json
import re
import unicodedata
from pathlib import Path

import pytest
import yaml
from docutils.nodes import make_id
from markdown_it.tree import SyntaxTreeNode
from markdown_it.renderer import RendererHTML
from myst_parser.config.main import MdParserConfig
from myst_parser.mdit_to_docutils.base import compute_unique_slug
from myst_parser.parsers.mdit import create_md_parser

from conftest import ROOT

BOOK = ROOT / "book"
GLOSSARY = BOOK / "glossary.md"
REFERENCES = BOOK / "references.md"
BIB = BOOK / "references.bib"

# Pages already written with plain links only. Add each chapter here once it is converted
# (`grep -nE '\{(term|cite(:[a-z]+)?)\}' book/FILE` prints nothing); when every page of the
# book is listed, test_every_page_is_listed_as_converted below makes sure it stays that way.
CONVERTED = [
    "book/intro.md",
    "book/glossary.md",
    "book/notation.md",
    "book/references.md",
    "book/essence_of_loss.ipynb",
    "book/error_vs_loss.ipynb",
    "book/mean_squared_error.ipynb",
    "book/cross_entropy.ipynb",
    "book/l1_vs_l2.ipynb",
    "book/hinge_and_choosing.ipynb",
    "book/lossutils_toolbox.ipynb",
]
# Every page is in CONVERTED: a new page must be added to it too.
ALL_PAGES_CONVERTED = True

OLD_STYLE = re.compile(r"\{(term|cite(:[a-z]+)?|bibliography|glossary)\}")
LINK = re.compile(r"\[(?P<text>[^\]]*)\]\((?P<dest>[^)\s]+)(?:\s+\"[^\"]*\")?\)")
EXTERNAL = re.compile(r"^[a-z][a-z0-9+.-]*:|^//", re.IGNORECASE)


def _config():
    return yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))


def _anchor_levels():
    return int(_config().get("sphinx", {}).get("config", {}).get("myst_heading_anchors", 0))


@functools.lru_cache(maxsize=None)
def _markdown(path):
    """The Markdown of a page: an .md file, or the markdown cells of a notebook joined."""
    if path.suffix == ".ipynb":
        nb = json.loads(path.read_text(encoding="utf-8"))
        return "\n\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    return path.read_text(encoding="utf-8")


def _pages():
    pages = sorted(BOOK.glob("*.md")) + sorted(BOOK.glob("*.ipynb"))
    assert len(pages) >= 10, f"only {len(pages)} pages found in {BOOK}"
    return pages


_PARSER = create_md_parser(
    MdParserConfig(enable_extensions={"amsmath", "colon_fence", "dollarmath", "deflist",
                                      "substitution"}),
    RendererHTML)


def _headings(text, max_level):
    """(level, title, slug) of the headings myst-parser makes link targets, in order.

    The slug is computed by myst-parser's own function, with its rule for repeated titles
    (``-1``, ``-2`` appended), over the headings of levels 1..max_level.
    """
    tree = SyntaxTreeNode(_PARSER.parse(text))
    slugs, out = {}, []
    for node in tree.children:
        if node.type != "heading":
            continue
        level = int(node.tag[1])
        title = node.children[0].content if node.children else ""
        if level <= max_level:
            slug = compute_unique_slug(node, slugs)
            slugs[slug] = True
            out.append((level, title, slug))
        else:
            out.append((level, title, None))
    return out


def _anchors(path):
    return {slug for _, _, slug in _headings(_markdown(path), _anchor_levels()) if slug}


def _prose(text):
    """The text with code removed (fenced code blocks, inline code); directive bodies kept."""
    lines, stack = [], []  # stack of open fences: (fence characters, is a directive)
    for line in text.splitlines():
        stripped = line.strip()
        if stack and re.fullmatch(re.escape(stack[-1][0][0]) + "{%d,}" % len(stack[-1][0]), stripped):
            stack.pop()
            continue
        m = re.match(r"(`{3,}|~{3,})(.*)", stripped)
        if m and (not stack or stack[-1][1]):
            stack.append((m.group(1), m.group(2).strip().startswith("{")))
            continue
        if all(directive for _, directive in stack):
            lines.append(line)
    return re.sub(r"(`+)(?!\{).*?\1", "", "\n".join(lines))


def _links(path):
    """(text, destination) of every Markdown link in a page's prose."""
    return [(m.group("text"), m.group("dest")) for m in LINK.finditer(_prose(_markdown(path)))]


# --------------------------------------------------------------------------------------


def test_config_makes_entry_headings_link_targets():
    levels = _anchor_levels()
    assert levels >= 2, (
        "_config.yml needs sphinx.config.myst_heading_anchors >= 2: the glossary and reference "
        f"entries are H2 headings and the chapters link to them (got {levels})")


def test_every_link_between_pages_resolves_to_a_heading():
    anchors, problems, checked, entry_links = {}, [], 0, 0
    for page in _pages():
        rel = page.relative_to(ROOT).as_posix()
        for text, dest in _links(page):
            if EXTERNAL.match(dest):
                continue
            path, _, fragment = dest.partition("#")
            target = (page.parent / path).resolve() if path else page
            checked += 1
            if not target.is_file():
                problems.append(f"{rel}: [{text}]({dest}): no file {path}")
                continue
            if target.suffix not in (".md", ".ipynb"):
                continue  # a data file or an image: existing is enough
            if path and target.parent != BOOK:
                problems.append(f"{rel}: [{text}]({dest}): a page outside book/")
            if fragment:
                if target not in anchors:
                    anchors[target] = _anchors(target)
                if fragment not in anchors[target]:
                    problems.append(f"{rel}: [{text}]({dest}): {target.name} has no heading "
                                    f"with the anchor #{fragment}")
                if target in (GLOSSARY, REFERENCES):
                    entry_links += 1
    assert checked > 100, f"only {checked} links between pages found"
    assert entry_links > 80, f"only {entry_links} links to glossary or reference entries found"
    assert not problems, "\n".join(problems)


def _entries(path):
    """{slug: (title, body)} of the H2 entries of a glossary-like page, in order."""
    text = path.read_text(encoding="utf-8")
    heads = _headings(text, 2)
    assert heads and heads[0][0] == 1, f"{path.name} must start with one H1 title"
    assert all(level == 2 for level, _, _ in heads[1:]), (
        f"{path.name}: every entry is an H2 heading, with no other heading levels")
    bodies = re.split(r"^## .*$", text, flags=re.MULTILINE)[1:]
    assert len(bodies) == len(heads) - 1
    return {slug: (title, body.strip()) for (_, title, slug), body in zip(heads[1:], bodies)}


def test_glossary_entries_are_well_formed():
    entries = _entries(GLOSSARY)
    assert len(entries) >= 80, f"only {len(entries)} glossary entries"
    titles = [title for title, _ in entries.values()]
    assert titles == sorted(titles, key=str.lower), "glossary entries are not alphabetical"
    chapters = {p.name for p in BOOK.glob("*.ipynb")}
    problems = []
    for slug, (title, body) in entries.items():
        # The anchor a chapter writes is the id of the entry in the HTML book, and it cannot
        # start with a digit (docutils and jupyterlab-myst would both rename it).
        if slug != make_id(title):
            problems.append(f"{title!r}: anchor #{slug} differs from the HTML id {make_id(title)!r}")
        words = len(body.split())
        if not 8 <= words <= 140:
            problems.append(f"{title!r}: {words} words (one or two sentences expected)")
        taught = re.search(r"\*Taught\s+in:\*(.*)$", body, flags=re.DOTALL)
        linked = re.findall(r"\]\(([a-z_0-9]+\.ipynb)\)", taught.group(1)) if taught else []
        if not linked:
            problems.append(f"{title!r}: no '*Taught in:* [chapter](file.ipynb)' at the end")
        problems += [f"{title!r}: taught in {name}, which is not a chapter"
                     for name in linked if name not in chapters]
    assert not problems, "\n".join(problems)


def _bib():
    from pybtex.database import parse_file
    from pybtex.richtext import Text

    def plain(latex):
        return unicodedata.normalize("NFC", Text.from_latex(latex).render_as("text"))

    works = {}
    for key, entry in parse_file(str(BIB)).entries.items():
        last = [plain(" ".join(p.last_names)) for p in entry.persons["author"]]
        who = (last[0] if len(last) == 1 else
               f"{last[0]} and {last[1]}" if len(last) == 2 else f"{last[0]} et al.")
        works[f"{who} ({entry.fields['year']})"] = (key, plain(entry.fields["title"]))
    return works


def test_references_page_lists_the_bib_file_one_heading_per_work():
    entries = _entries(REFERENCES)
    works = _bib()
    headings = {title: body for title, body in entries.values()}
    assert len(works) >= 25, f"only {len(works)} works in {BIB.name}"
    assert set(headings) == set(works), (
        f"headings without a BibTeX entry: {sorted(set(headings) - set(works))}; "
        f"BibTeX entries without a heading: {sorted(set(works) - set(headings))}")
    problems = []
    for heading, (key, title) in works.items():
        if title.lower() not in " ".join(headings[heading].split()).lower():
            problems.append(f"{heading} ({key}): the entry does not give the title {title!r}")
    for slug, (heading, _) in entries.items():
        if not slug[0].isalpha():
            problems.append(f"{heading}: anchor #{slug} must start with a letter")
    titles = [t for t, _ in entries.values()]
    if titles != sorted(titles, key=str.lower):
        problems.append("references are not in alphabetical order")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("rel", CONVERTED)
def test_converted_pages_use_no_term_or_cite_roles(rel):
    path = ROOT / rel
    assert path.is_file(), f"{rel} is listed in CONVERTED but does not exist"
    old = [m.group(0) for m in OLD_STYLE.finditer(_markdown(path))]
    assert not old, f"{rel} still uses {sorted(set(old))}: write plain links (see this file's docstring)"


def test_every_page_is_listed_as_converted():
    listed = set(CONVERTED)
    pages = {p.relative_to(ROOT).as_posix() for p in _pages()}
    assert listed <= pages, f"CONVERTED lists missing pages: {sorted(listed - pages)}"
    if ALL_PAGES_CONVERTED:
        assert pages <= listed, f"pages not checked for {{term}}/{{cite}}: {sorted(pages - listed)}"
    else:
        # Until the switch is on, the converted pages are at least this helper's own pages.
        assert {"book/glossary.md", "book/references.md", "book/notation.md"} <= listed
