"""`s2sgrad view`: the side-by-side page, its links and tape markers, escaping of every piece of
user text, determinism, the CLI's errors, and the page in a real browser (headless Chromium:
DOM, the highlighting script, a screenshot)."""

import html.parser
import os
import shutil
import struct
import subprocess
import textwrap
import types

import pytest

from s2sgrad import view as view_module

from tests.conftest import ROOT
from tests.helpers import DEEP, run_cli
from tests.test_workflow import HOSTILE_FILE, HOSTILE_FOLDER, SOURCE

CONTROL = "examples/control.py"
SCREENSHOT = os.path.join(ROOT, "docs", "view.png")
HOSTILE_SOURCE = textwrap.dedent("""
    import numpy as np

    def f(x):
        '''</script><script>document.title = "pwned"</script><!-- -->'''
        y = np.sin(x)  # <img src=x onerror="document.title = 'pwned'"> & &amp; "quotes" 'single'
        s = "</div></section><b>bold</b>"
        return np.sum(y * x)
    """).lstrip()


def cli(*argv, cwd=ROOT, process=DEEP):
    """`s2sgrad ARGV`: in this process, or (`process`) in a subprocess of its own."""
    return run_cli(*argv, cwd=cwd, process=process)


def view(*argv, cwd=ROOT, process=DEEP):
    """The page `s2sgrad view ARGV` prints."""
    proc = cli("view", *argv, cwd=cwd, process=process)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    return proc.stdout


class Page(html.parser.HTMLParser):
    """The elements of a page: [tag, attributes, text]; its line elements by id, the text of each
    line's code (`code`), and the line each link is on (`links`: [(line id, href)])."""

    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.elements, self.stack, self.lines, self.code, self.links = [], [], {}, {}, []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        element = [tag, dict(attrs), ""]
        self.elements.append(element)
        line = next((e for e in reversed(self.stack) if "line" in e[1].get("class", "").split()), None)
        if tag not in ("meta", "br", "img", "link", "input"):
            self.stack.append(element)
        if "line" in element[1].get("class", "").split():
            self.lines[element[1]["id"]] = element
        elif line is not None and element[1].get("class") == "text":
            self.code[line[1]["id"]] = element
        elif line is not None and tag == "a":
            self.links.append((line[1]["id"], element[1]["href"]))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        for element in self.stack:
            element[2] += data

    def text(self, line_id):
        return self.code[line_id][2]

    def classes(self, line_id):
        return set(self.lines[line_id][1]["class"].split())

    def pane(self, prefix):
        return {i: e for i, e in self.lines.items() if i.startswith(prefix)}


@pytest.fixture(scope="module")
def control_page():
    return view(CONTROL, "-f", "f")


def emitted_text():
    proc = cli("emit", CONTROL, "-f", "f")
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


# -- the page --------------------------------------------------------------------------
def test_both_panes_hold_every_line(control_page):
    page = Page(control_page)
    source = open(os.path.join(ROOT, CONTROL), encoding="utf-8").read().split("\n")[:-1]
    emitted = emitted_text().split("\n")[:-1]
    assert [page.text(i) for i in page.pane("s-")] == source
    assert [page.text(i) for i in page.pane("g-")] == emitted
    assert {e[1]["id"] for e in page.elements if e[0] == "section"} == {"source", "gradient"}


def test_each_adjoint_block_links_to_the_line_it_reverses(control_page):
    page = Page(control_page)
    source = open(os.path.join(ROOT, CONTROL), encoding="utf-8").read().split("\n")
    gradient = page.pane("g-")
    labels = [e for e in gradient.values() if "label" in e[1]["class"].split()]
    assert len(labels) == 4
    for _, attrs, _ in labels:          # `# y = np.tanh(y) * x` links to that very line
        comment = page.text(attrs["id"]).strip().removeprefix("# ")
        assert source[int(attrs["data-src"]) - 1].strip() == comment
    linked_source = {e[1]["data-src"] for e in page.pane("s-").values() if "data-src" in e[1]}
    linked_gradient = {e[1]["data-src"] for e in gradient.values() if "data-src" in e[1]}
    assert linked_gradient == linked_source == {"15", "16", "17", "18", "19", "21", "22"}
    linked = {i: e[1]["data-src"] for i, e in gradient.items() if "data-src" in e[1]}
    assert page.links == [(i, f"#s-{src}") for i, src in linked.items()]     # a real link beside each
    assert page.lines["g-7"][1]["data-src"] == "15"         # def d_f: def f
    # in the gradient's body, only structure is not linked
    body = [i for i in gradient if int(i[2:]) > 7 and page.text(i).strip()]
    assert sorted({page.text(i).strip() for i in body if i not in linked}) == [
        '"""f(x, n) and its gradient with respect to x."""', "else:", "return result, dtype_like(d_x, x)",
        "stack = Stack()"]


def test_pushes_and_pops_are_marked(control_page):
    page = Page(control_page)
    emitted = emitted_text().split("\n")
    for number, text in enumerate(emitted[:-1], 1):
        classes = page.classes(f"g-{number}")
        assert ("push" in classes) == ("stack.push(" in text), text
        assert ("pop" in classes) == ("stack.pop()" in text), text
    marked = [e for e in page.pane("g-").values() if {"push", "pop"} & set(e[1]["class"].split())]
    assert len(marked) == 6 and all("data-src" in e[1] for e in marked)


def test_the_page_is_self_contained_and_deterministic(control_page):
    assert control_page == view(CONTROL, "-f", "f", process=True)      # another process, other hash seeds
    page = Page(control_page)
    assert [e[0] for e in page.elements].count("script") == 1
    assert not [e for e in page.elements if e[0] in ("link", "img", "iframe", "object")]
    assert not [e for e in page.elements if "src" in e[1] or "href" in e[1] and not e[1]["href"].startswith("#")]
    assert "http:" not in control_page and "https:" not in control_page and "@import" not in control_page
    assert control_page.startswith("<!-- Generated by s2sgrad ")
    assert "s2sgrad view examples/control.py -f f" in control_page


def test_forward_mode_and_wrt(tmp_path):
    path = tmp_path / "model.py"
    path.write_text("import numpy as np\n\ndef f(a, b):\n    return np.sum(np.sin(a) * b)\n", encoding="utf-8")
    page = Page(view(str(path), "-f", "f", "--wrt", "b", "--mode", "forward"))
    texts = "".join(e[2] for e in page.pane("g-").values())
    assert "def jvp_f(a, b, *, t_b)" in texts
    assert any(e[1].get("data-src") == "4" for e in page.pane("g-").values())
    assert [e[2] for e in page.elements if e[0] == "h2"] == [str(path), "gradient (forward mode)"]


def test_lines_from_another_file_are_marked_and_not_linked():
    source = types.SimpleNamespace(filename="main.py", lines=["def f(x):", "    return g(x)"])
    text = "def d_f(x):\n    a = 1\n    b = 2\n"
    origins = {2: ("main.py", 2, "f"), 3: ("lib/other.py", 7, "g")}
    page = Page(view_module.render(source, text, origins, {1: ("main.py", 1, "f")}, "reverse", "s2sgrad view main.py"))
    assert [page.lines[f"g-{n}"][1].get("data-src") for n in (1, 2, 3)] == ["1", "2", None]
    assert "foreign" in page.classes("g-3") and page.lines["g-3"][1]["title"] == "from lib/other.py:7"
    assert page.links == [("g-1", "#s-1"), ("g-2", "#s-2")]


# -- user text is inert ---------------------------------------------------------------------
def test_hostile_source_text_is_escaped(tmp_path):
    folder = tmp_path / 'a--><script>alert(1)</script>"q" &amp;'      # a slash: two folders
    folder.mkdir(parents=True)
    path = folder / "m<b>x<b>.py"
    path.write_text(HOSTILE_SOURCE, encoding="utf-8")
    text = view(str(path), "-f", "f", cwd=tmp_path)
    page = Page(text)
    assert [e[0] for e in page.elements].count("script") == 1
    assert not [e for e in page.elements if e[0] in ("img", "b", "iframe")]
    assert text.count("<!--") == 1 and text.count("-->") == 1       # the first line's comment alone
    sections = [e for e in page.elements if e[0] == "section"]
    assert len(sections) == 2
    source_lines = [page.text(i) for i in page.pane("s-")]
    assert source_lines == HOSTILE_SOURCE.split("\n")[:-1]      # shown exactly as written
    assert [e[2] for e in page.elements if e[0] == "h2"][0] == str(path.relative_to(tmp_path))


def test_hostile_file_and_folder_names_stay_one_inert_line(tmp_path):
    folder = tmp_path / HOSTILE_FOLDER
    folder.mkdir()
    (folder / HOSTILE_FILE).write_text(SOURCE, encoding="utf-8")
    text = view(os.path.join(HOSTILE_FOLDER, HOSTILE_FILE), "-f", "f", cwd=tmp_path)
    first = text.split("\n", 1)[0]
    assert first.startswith("<!-- Generated by s2sgrad ") and first.endswith("-->")
    assert "\r" not in text and "\x1b" not in text and "\u2028" not in text and "\x85" not in text
    page = Page(text)
    assert [e[0] for e in page.elements].count("script") == 1
    assert "\\u2028" in page.elements[[e[0] for e in page.elements].index("title")][2]


# -- the command line ----------------------------------------------------------------------
@pytest.mark.parametrize("argv, message", [
    (["-f", "nope"], "defines no top-level function `nope`"),
    (["-f", "f", "--wrt", "x;y"], "--wrt 'x;y'"),
    (["-f", "f", "--wrt", "z"], "wrt='z' names no parameter of f(x, n)"),
])
def test_bad_arguments_exit_2_with_a_message(argv, message):
    proc = cli("view", CONTROL, *argv)
    assert proc.returncode == 2
    assert message in proc.stderr and "Traceback" not in proc.stderr
    assert proc.stdout == ""


def test_a_missing_file_and_refused_code_exit_2(tmp_path):
    proc = cli("view", str(tmp_path / "absent.py"), "-f", "f")
    assert proc.returncode == 2 and "absent.py" in proc.stderr and "Traceback" not in proc.stderr
    path = tmp_path / "bad.py"
    path.write_text("import numpy as np\n\ndef f(x):\n    global g\n    return np.sum(x)\n", encoding="utf-8")
    proc = cli("view", str(path), "-f", "f")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "bad.py:4:" in proc.stderr and "^" in proc.stderr      # located: file:line:col, caret


def test_output_file_is_written_only_over_a_page_s2sgrad_wrote(tmp_path):
    out = tmp_path / "view.html"
    proc = cli("view", CONTROL, "-f", "f", "-o", str(out))
    assert proc.returncode == 0 and proc.stdout == "" and proc.stderr == ""
    first = out.read_text(encoding="utf-8")
    assert first == view(CONTROL, "-f", "f")
    assert cli("view", CONTROL, "-f", "f", "--mode", "forward", "-o", str(out)).returncode == 0   # its own
    assert out.read_text(encoding="utf-8") != first
    mine = tmp_path / "notes.html"
    mine.write_text("<p>my notes</p>\n", encoding="utf-8")
    proc = cli("view", CONTROL, "-f", "f", "-o", str(mine))
    assert proc.returncode == 2 and "--force" in proc.stderr and "Traceback" not in proc.stderr
    assert mine.read_text(encoding="utf-8") == "<p>my notes</p>\n"
    assert cli("view", CONTROL, "-f", "f", "-o", str(mine), "--force").returncode == 0
    assert mine.read_text(encoding="utf-8") == first


def test_view_is_in_the_help():
    proc = cli("--help", process=True)         # the command line as a user runs it
    assert "view" in proc.stdout
    proc = cli("view", "--help")
    assert proc.returncode == 0 and "-o OUTPUT" in proc.stdout and "--wrt" in proc.stdout


# -- in a real browser ----------------------------------------------------------------------
def chromium():
    """The headless browser's path; skipped only where it cannot be installed (no apt-get)."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    if shutil.which("apt-get") is None:
        pytest.skip("no chromium and no apt-get to install it: the browser checks of the view need "
                    "headless Chromium (Debian's `chromium` package; scripts/test installs it)")
    pytest.fail("chromium is not installed: run scripts/test, which installs it (apt-get install chromium)")


def browse(tmp_path, page, *flags, fragment=""):
    """Run headless Chromium on `page` (written to tmp_path) with `flags`; its stdout."""
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    profile = tmp_path / "profile"
    proc = subprocess.run([chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                           f"--user-data-dir={profile}", "--window-size=1400,900", *flags,
                           path.as_uri() + fragment], capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


# Chromium starts three times: once on the page at #line=19 (its DOM and a screenshot), once on the
# page with a test-only script that drives real events, once on a hostile page.
@pytest.fixture(scope="module")
def at_line_19(tmp_path_factory, control_page):
    """(the DOM, the screenshot's path) of the page opened at #line=19."""
    folder = tmp_path_factory.mktemp("at_line_19")
    shot = folder / "view.png"
    return browse(folder, control_page, "--dump-dom", f"--screenshot={shot}", fragment="#line=19"), shot


_EVENTS = """<script>
function fire(id, type) { document.getElementById(id).dispatchEvent(new MouseEvent(type, {bubbles: true})); }
function record(name, as) {
  var found = Array.prototype.map.call(document.querySelectorAll(".line." + name), function (el) { return el.id; });
  document.body.setAttribute("data-test-" + as, found.join(" "));
}
record("sel", "loaded"); record("hl", "loaded-hl");
fire("g-30", "mouseenter"); record("hl", "hl");
fire("s-21", "click"); record("sel", "sel");
document.body.setAttribute("data-test-after-click", document.body.getAttribute("data-selected"));
fire("s-21", "click"); record("sel", "again");
fire("g-30", "mouseleave"); record("hl", "left");
</script>
"""


@pytest.fixture(scope="module")
def driven(tmp_path_factory, control_page):
    """The DOM of the page with _EVENTS appended (a copy): what it records, at load and after each event."""
    return browse(tmp_path_factory.mktemp("driven"), control_page.replace("</body>", _EVENTS + "</body>"), "--dump-dom")


def test_in_chromium_the_dom_has_both_panes_links_and_markers(driven):
    page = Page(driven)
    assert {e[1].get("id") for e in page.elements if e[0] == "section"} == {"source", "gradient"}
    assert len(page.pane("s-")) == len(open(os.path.join(ROOT, CONTROL), encoding="utf-8").read().split("\n")) - 1
    gradient = page.pane("g-")
    assert len([e for e in gradient.values() if "push" in e[1]["class"].split()]) == 3
    assert len([e for e in gradient.values() if "pop" in e[1]["class"].split()]) == 3
    assert {e[1]["data-src"] for e in gradient.values() if "data-src" in e[1]} \
        <= {e[1]["data-src"] for e in page.pane("s-").values() if "data-src" in e[1]}
    body = [e for e in page.elements if e[0] == "body"][0][1]
    assert body["data-test-loaded"] == "" and body["data-test-loaded-hl"] == ""      # nothing selected at load
    assert not [e for e in page.elements if "sel" in e[1].get("class", "").split()]


def test_in_chromium_a_fragment_selects_a_line_on_both_sides(at_line_19):
    page = Page(at_line_19[0])
    selected = {i for i, e in page.lines.items() if "sel" in e[1]["class"].split()}
    assert selected == {i for i, e in page.lines.items() if e[1].get("data-src") == "19"}
    assert "s-19" in selected and len([i for i in selected if i.startswith("g-")]) == 7
    body = [e for e in page.elements if e[0] == "body"][0]
    assert body[1]["data-selected"] == "19"


def test_in_chromium_hover_and_click_highlight_both_sides(driven, control_page):
    """The page's own handlers, driven by real events (a test-only script appended to a copy)."""
    body = [e for e in Page(driven).elements if e[0] == "body"][0][1]
    page = Page(control_page)

    def lines_of(src):
        return {i for i, e in page.lines.items() if e[1].get("data-src") == src}
    assert set(body["data-test-hl"].split()) == lines_of("19")      # hovering g-30 lights source line 19
    assert set(body["data-test-sel"].split()) == lines_of("21")     # clicking s-21 selects its adjoint too
    assert body["data-test-after-click"] == "21"
    assert body["data-test-again"] == ""                            # a second click clears it
    assert body["data-test-left"] == ""


def test_in_chromium_hostile_text_runs_nothing(tmp_path):
    path = tmp_path / "hostile.py"
    path.write_text(HOSTILE_SOURCE, encoding="utf-8")
    page = Page(browse(tmp_path, view(str(path), "-f", "f"), "--dump-dom"))
    title = [e for e in page.elements if e[0] == "title"][0][2]
    assert "pwned" not in title
    assert [e[0] for e in page.elements].count("script") == 1
    assert not [e for e in page.elements if e[0] in ("img", "b")]


def png_size(path):
    with open(path, "rb") as fh:
        head = fh.read(24)
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", head[16:24])


def test_in_chromium_a_screenshot_of_the_view(at_line_19):
    """Set S2SGRAD_UPDATE_SCREENSHOT=1 to write it to docs/view.png (committed, shown in the README)."""
    shot = at_line_19[1]
    assert png_size(shot) == (1400, 900)
    assert os.path.getsize(shot) > 20_000           # not a blank page
    if os.environ.get("S2SGRAD_UPDATE_SCREENSHOT"):
        shutil.copyfile(shot, SCREENSHOT)
    assert png_size(SCREENSHOT) == (1400, 900)
