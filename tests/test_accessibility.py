"""Every HTML output is free of WCAG 2.2 AA violations as axe-core reports them in headless Chromium.

The pages are made by the CLI as a user makes them (summary, calibrate, compare), then opened in
headless Chromium with axe-core injected; axe runs with the WCAG 2.0/2.1/2.2 A and AA rules and
writes its violations into the page, which ``--dump-dom`` prints.

axe-core is not installed by the tests: .ci/run installs it with npm and passes its path in
AXE_CORE_JS (the file axe.min.js, or a folder holding node_modules/axe-core). Without it the tests
skip on a developer's machine and fail in CI (CI=true), as the LibreOffice tests do for soffice.
Set A11Y_SCREENSHOTS to a folder to keep a screenshot of each page for looking at.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FIXTURES, ROOT

from assessment_builder.cli import main

EXAMPLE = ROOT / "examples" / "northshire-completed.xlsx"
REPORT = FIXTURES / "cqc" / "northshire-cqc.md"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def axe_core_js() -> Path | None:
    """axe.min.js: from $AXE_CORE_JS (the file, or a folder with node_modules/axe-core), else a few usual places."""
    candidates: list[Path] = []
    given = os.environ.get("AXE_CORE_JS")
    if given:
        p = Path(given)
        candidates += [
            p,
            p / "axe.min.js",
            p / "axe-core" / "axe.min.js",
            p / "node_modules" / "axe-core" / "axe.min.js",
        ]
    for folder in os.environ.get("NODE_PATH", "").split(os.pathsep):
        if folder:
            candidates.append(Path(folder) / "axe-core" / "axe.min.js")
    candidates += [
        ROOT / "node_modules" / "axe-core" / "axe.min.js",
        Path.home() / "node_modules" / "axe-core" / "axe.min.js",
        Path("/usr/local/lib/node_modules/axe-core/axe.min.js"),
        Path("/usr/lib/node_modules/axe-core/axe.min.js"),
    ]
    return next((c for c in candidates if c.is_file()), None)


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


requires_axe = pytest.mark.skipif(
    (axe_core_js() is None or chromium() is None) and not os.environ.get("CI"),
    reason="axe-core (set AXE_CORE_JS) or Chromium is not installed",
)


def _tools() -> tuple[str, Path]:
    exe, axe = chromium(), axe_core_js()
    if exe is None or axe is None:
        raise AssertionError(
            "Chromium and axe-core are required in CI; .ci/run installs them and sets AXE_CORE_JS "
            f"(chromium: {exe}, axe-core: {axe})"
        )
    return exe, axe


def _chromium(exe: str, page: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    profile = tempfile.mkdtemp(prefix="ab-axe-chromium-")
    try:
        cmd = [
            exe,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            "--window-size=1200,1600",
            *extra,
            page.as_uri(),
        ]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    finally:
        shutil.rmtree(profile, ignore_errors=True)


_RUNNER = """
<script>%(axe)s</script>
<script>
(function () {
  function report(data) {
    var pre = document.createElement("pre");
    pre.id = "axe-results";
    pre.textContent = JSON.stringify(data);
    document.documentElement.appendChild(pre);
  }
  axe.run(document, {runOnly: {type: "tag", values: %(tags)s}, resultTypes: ["violations"]})
    .then(function (r) {
      report({ok: true, version: axe.version, violations: r.violations.map(function (v) {
        return {id: v.id, impact: v.impact, help: v.help, tags: v.tags,
                nodes: v.nodes.map(function (n) { return {target: n.target, html: n.html, why: n.failureSummary}; })};
      })});
    })
    .catch(function (e) { report({ok: false, error: String(e)}); });
})();
</script>
"""


def axe_violations(page: Path, tmp_path: Path) -> list[dict]:
    """Run axe-core on a copy of ``page`` in headless Chromium; the WCAG A/AA violations it reports."""
    exe, axe = _tools()
    source = page.read_text(encoding="utf-8")
    assert source.count("</body>") == 1, f"{page.name} has no single </body>"
    script = _RUNNER % {
        "axe": axe.read_text(encoding="utf-8").replace("</script", "<\\/script"),
        "tags": json.dumps(WCAG_TAGS),
    }
    probe = tmp_path / f"{page.stem}-axe.html"
    probe.write_text(source.replace("</body>", script + "</body>"), encoding="utf-8")
    proc = _chromium(exe, probe, "--virtual-time-budget=10000", "--dump-dom")
    m = re.search(r'<pre id="axe-results">(.*?)</pre>', proc.stdout, re.DOTALL)
    assert m, f"axe-core wrote no results into {page.name} (chromium exit {proc.returncode}): {proc.stderr[-2000:]}"
    data = json.loads(html.unescape(m.group(1)))
    assert data["ok"], f"axe-core failed on {page.name}: {data.get('error')}"
    return data["violations"]


def _describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
        for n in v["nodes"][:5]:
            lines.append(f"    {' '.join(map(str, n['target']))}: {n['html'][:120]}")
            lines.extend("      " + w for w in (n["why"] or "").splitlines()[:3])
    return "\n".join(lines)


def _screenshot(page: Path) -> None:
    """Keep a screenshot of the page in $A11Y_SCREENSHOTS, for a person to look at (not asserted)."""
    folder = os.environ.get("A11Y_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        _chromium(_tools()[0], page, f"--screenshot={Path(folder) / (page.stem + '.png')}", "--window-size=1200,3000")


def _run(*args: str) -> None:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, Path]:
    """Every HTML page the CLI makes, from the example workbook, a blank one, a peer-challenge one and CQC reports."""
    d = tmp_path_factory.mktemp("html")
    blank = d / "blank.xlsx"
    _run("new", "--council", "Northshire County Council", "-o", str(blank))
    peer = d / "peer.xlsx"
    _run("new", "--council", "Northshire County Council", "-f", "lga-asc-peer-challenge", "-o", str(peer))
    # a report for another council, with paragraphs: the warning and the block quotes are on the page
    report = d / "swindon-cqc.md"
    text = REPORT.read_text(encoding="utf-8").replace("Northshire County Council", "Swindon Borough Council")
    text = text.replace("Some found the service responsive;", "Some found the service responsive.\n\nOthers")
    report.write_text(text, encoding="utf-8")
    # an answers file with a warning (A108, a date that cannot be read): the page lists its data problems;
    answers = d / "answers.json"
    _run("import", str(EXAMPLE), "-o", str(answers))
    data = json.loads(answers.read_text(encoding="utf-8"))
    data["evidence"][0]["date"] = "sometime in spring"
    # and indicator values, one significantly worse than England: the page has its Indicators table
    data["indicators"][0].update(period="2023-24", value=55.0, base=400, england=71.06)
    data["indicators"][1].update(period="2023-24", value=78.0, england=77.5)
    answers.write_text(json.dumps(data), encoding="utf-8")
    out = {
        "summary": ["summary", str(EXAMPLE)],
        "summary-with-problems": ["summary", str(answers)],
        "summary-with-previous": ["summary", str(EXAMPLE), "--previous", str(blank)],
        "summary-blank": ["summary", str(blank)],
        "summary-peer-challenge": ["summary", str(peer)],
        "calibrate": ["calibrate", str(EXAMPLE), "--cqc", str(REPORT)],
        "calibrate-other-council": ["calibrate", str(EXAMPLE), "--cqc", str(report)],
        "compare": ["compare", str(EXAMPLE), str(blank), str(REPORT)],
    }
    made = {}
    for name, args in out.items():
        made[name] = d / f"{name}.html"
        _run(*args, "-o", str(made[name]))
    return made


PAGES = [
    "summary",
    "summary-with-problems",
    "summary-with-previous",
    "summary-blank",
    "summary-peer-challenge",
    "calibrate",
    "calibrate-other-council",
    "compare",
]


@requires_axe
@pytest.mark.parametrize("name", PAGES)
def test_html_has_no_wcag_aa_violations(pages, name, tmp_path):
    page = pages[name]
    _screenshot(page)
    violations = axe_violations(page, tmp_path)
    assert not violations, f"{name}.html breaks WCAG 2.2 AA (axe-core):\n{_describe(violations)}"


@requires_axe
def test_axe_finds_violations_when_there_are_some(tmp_path):
    """The check itself works: a page without a language, a title, alt text or contrast is reported."""
    page = tmp_path / "bad.html"
    page.write_text(
        '<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>'
        '<p style="color:#bbb;background:#fff">Faint text</p><img src="chart.png"></body></html>',
        encoding="utf-8",
    )
    found = {v["id"] for v in axe_violations(page, tmp_path)}
    assert {"html-has-lang", "document-title", "image-alt", "color-contrast"} <= found
