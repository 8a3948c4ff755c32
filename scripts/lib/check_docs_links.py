"""Checks the links between docs sites that mkdocs cannot check itself.

Usage: check_docs_links.py <folder with the built sites as <namespace>/<kind>/<name>/>

A link from one site to another is written as the portal serves it, /docs/<namespace>/<kind>/<name>/<page>/
(optionally with a #fragment). mkdocs leaves such absolute links alone, so this script resolves each one
against the built sites and fails, naming the page and the link, when the target site, page or heading
does not exist.
"""

import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []
        self.ids = set()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids.add(attributes["id"])
        if tag == "a" and attributes.get("href", "").startswith("/docs/"):
            self.links.append(attributes["href"])


def _parse(path):
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def main(out):
    pages = {}
    problems = []
    for html in sorted(out.rglob("*.html")):
        pages[html] = _parse(html)
    for html, page in pages.items():
        for href in page.links:
            parts = urlsplit(href)
            segments = [s for s in unquote(parts.path).split("/") if s]
            # ["docs", namespace, kind, name, *page path]
            if len(segments) < 4 or ".." in segments:
                problems.append(f"{html.relative_to(out)}: {href} is not /docs/<namespace>/<kind>/<name>/...")
                continue
            site = out.joinpath(*segments[1:4])
            if not site.is_dir():
                problems.append(f"{html.relative_to(out)}: {href} points to a docs site that is not built here")
                continue
            target = site.joinpath(*segments[4:], "index.html")
            if not target.is_file():
                target = site.joinpath(*segments[4:])
            if not target.is_file():
                problems.append(f"{html.relative_to(out)}: {href} points to a page that does not exist")
                continue
            if parts.fragment:
                ids = (pages.get(target) or _parse(target)).ids
                if unquote(parts.fragment) not in ids:
                    problems.append(f"{html.relative_to(out)}: {href} points to a heading that does not exist")
    for problem in problems:
        print(f"[build-docs] broken link: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    sys.exit(main(Path(sys.argv[1])))
