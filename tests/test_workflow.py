"""The emit workflow end to end: hostile names stay inert, `-o` writes safely, `--check`, the
[tool.s2sgrad] configuration, the pre-commit hook, packaging.  The command line runs in this
process where the test is not about the process boundary (all of it in subprocesses under
S2SGRAD_DEEP=1); the emitted modules, the shell, the hook and other Pythons run in subprocesses."""

import ast
import json
import os
import pathlib
import re
import resource
import shutil
import subprocess
import sys
import textwrap
import threading

import numpy as np
import pytest

import s2sgrad
from tests.conftest import ROOT
from tests.helpers import run_cli

PAYLOAD = "\nimport os; os.system('touch MARKER')\n"        # what would run if a line broke out
NO_DOT = "\nfrom os import system; system('touch MARKER')\n"    # a file name has no dot before .py
HOSTILE_FOLDER = '# -*- coding: latin-1 -*- é pkg "quoted" \'single\' #' + PAYLOAD + "\u2028" + PAYLOAD + "\u2029\x85\v\f\r\t\x1b[31m"
HOSTILE_FILE = 'mod "q" \'s\' #' + NO_DOT + "\u2028" + NO_DOT + "\r\x85x.py"
SOURCE = ("import numpy as np\n"
          "SCALE = 2.0\n"
          "\n"
          "def f(x):\n"
          "    '''A docstring with \"\"\" and \u2028import os; os.system('touch MARKER')\x85'''\n"
          "    y = np.sin(x) * SCALE  # \u2028import os; os.system('touch MARKER') \x0c\x0b\x1c\x85 tail\n"
          "    z = y * x  # -*- coding: latin-1 -*- \u2029os.system('touch MARKER')\n"
          "    return np.sum(z)\n")


def cli(*argv, cwd=ROOT, env=None, process=False, **kwargs):
    """`s2sgrad ARGV` from `cwd`: its main() in this process, or a subprocess where the test is about
    the process (`process`, an `env`, a limit set before it runs) and under S2SGRAD_DEEP=1."""
    if not (process or env or kwargs):
        return run_cli(*argv, cwd=cwd)
    return subprocess.run([sys.executable, "-m", "s2sgrad", *argv], cwd=cwd, capture_output=True, text=True,
                          timeout=120, env=env, **kwargs)


def gradient_of_source(x):
    return 2.0 * np.cos(x) * x + 2.0 * np.sin(x)


def assert_inert(text):
    """Every line of emitted `text` is one physical line, and its statements are only imports,
    module bindings and the gradient's functions: nothing from a name or comment became code."""
    assert text.splitlines() == text.split("\n")[:-1]
    assert not any(re.match(r"^[ \t\f]*#.*?coding[:=]", line) for line in text.split("\n")[:2])   # PEP 263
    assert "\r" not in text and "\x1b" not in text
    for stmt in ast.parse(text).body:
        if isinstance(stmt, ast.Assign):
            call = stmt.value
            assert isinstance(call, ast.Attribute) and isinstance(call.value, ast.Call)
            assert call.value.func.id == "__import__"
        else:
            assert isinstance(stmt, (ast.Import, ast.ImportFrom, ast.FunctionDef)), ast.dump(stmt)
    names = {n.id for n in ast.walk(ast.parse(text)) if isinstance(n, ast.Name)}
    attributes = {n.attr for n in ast.walk(ast.parse(text)) if isinstance(n, ast.Attribute)}
    assert not ({"os", "system"} & (names | attributes))


@pytest.fixture(params=["folder", "package"])
def hostile_tree(request, tmp_path):
    """A source file with a hostile name in a hostile folder (a plain one, or a package, whose name
    then is part of the module name the emitted code imports)."""
    name = HOSTILE_FOLDER if request.param == "folder" else HOSTILE_FOLDER.replace(".", "_")  # a package's
    folder = tmp_path / name                                                  # name has no dot
    folder.mkdir()
    if request.param == "package":
        (folder / "__init__.py").write_text("", encoding="utf-8")
    (folder / HOSTILE_FILE).write_text(SOURCE, encoding="utf-8")
    search = tmp_path if request.param == "package" else folder
    return tmp_path, os.path.join(name, HOSTILE_FILE), search


_IMPORT_AND_RUN = """
import importlib.util, json, sys
import numpy as np
sys.path.insert(0, sys.argv[2])
spec = importlib.util.spec_from_file_location("grad_module", sys.argv[1])
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
value, grad = module.d_f(np.array([0.3, -1.2]))
print(json.dumps([float(value), [float(g) for g in grad]]))
"""


def test_hostile_file_and_folder_names_stay_inert_in_the_emitted_module(hostile_tree):
    tmp, relative, search = hostile_tree
    proc = cli("emit", relative, "-f", "f", "-o", "grads.py", cwd=tmp)
    assert proc.returncode == 0, proc.stderr
    text = (tmp / "grads.py").read_text(encoding="utf-8")
    assert_inert(text)
    assert "\\u2028" in text.splitlines()[0] and "\\n" in text.splitlines()[0]
    run = subprocess.run([sys.executable, "-c", _IMPORT_AND_RUN, str(tmp / "grads.py"), str(search)], cwd=tmp,
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert not (tmp / "MARKER").exists()
    value, grad = json.loads(run.stdout)
    x = np.array([0.3, -1.2])
    assert value == pytest.approx(np.sum(2.0 * np.sin(x) * x))
    np.testing.assert_allclose(grad, gradient_of_source(x), rtol=1e-12)
    # the header's command, run by a shell, writes the same text
    command = text.splitlines()[1].split("Regenerate: ", 1)[1]
    assert command.startswith("s2sgrad emit $'")
    shell = f's2sgrad() {{ "{sys.executable}" -m s2sgrad "$@"; }}; {command}'
    again = subprocess.run(["bash", "-c", shell], cwd=tmp, capture_output=True, text=True, timeout=120,
                           env=dict(os.environ, LC_ALL="C.UTF-8"))
    assert again.returncode == 0, again.stderr
    assert again.stdout == text
    assert not (tmp / "MARKER").exists()


_GRAD_FROM_FOLDER = """
import importlib.util, json, sys
import numpy as np
import s2sgrad
spec = importlib.util.spec_from_file_location("hostile_module", sys.argv[1])
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
x = np.array([0.3, -1.2])
grad = s2sgrad.grad(module.f)(x)
_, tangent = s2sgrad.jvp(module.f, (x,), (np.ones(2),))
print(json.dumps({"grad": [float(g) for g in grad], "tangent": float(tangent), "text": s2sgrad.emit(module.f)}))
"""


def test_grad_of_a_function_from_a_hostile_folder(hostile_tree):
    tmp, relative, _ = hostile_tree
    run = subprocess.run([sys.executable, "-c", _GRAD_FROM_FOLDER, str(tmp / relative)], cwd=tmp,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert not (tmp / "MARKER").exists()
    result = json.loads(run.stdout)
    np.testing.assert_allclose(result["grad"], gradient_of_source(np.array([0.3, -1.2])), rtol=1e-12)
    assert result["tangent"] == pytest.approx(float(np.sum(result["grad"])), rel=1e-12)
    assert_inert(result["text"])


def test_hostile_command_line_arguments_are_refused_inertly(tmp_path):
    (tmp_path / "m.py").write_text(SOURCE, encoding="utf-8")
    for argv in (["-f", "f" + PAYLOAD + "\u2028x"], ["-f", "f", "--wrt", "x" + PAYLOAD]):
        proc = cli("emit", "m.py", *argv, cwd=tmp_path, process=True)      # through the OS's argv
        assert proc.returncode == 2 and proc.stdout == ""
        assert len(proc.stderr.splitlines()) == 1 and proc.stderr.startswith("s2sgrad: error: ")
        assert "\\n" in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "MARKER").exists()


# -- -o -------------------------------------------------------------------------------------
@pytest.fixture
def model(tmp_path):
    (tmp_path / "model.py").write_text(textwrap.dedent("""
        import numpy as np

        def f(x):
            return np.sum(np.tanh(x) * x)

        def g(a, b):
            return np.sum(a * b)
        """).lstrip(), encoding="utf-8")
    return tmp_path


def leftovers(folder):
    return [p.name for p in folder.iterdir() if p.name.startswith(".s2sgrad-")]


def test_output_is_written_only_over_a_file_s2sgrad_wrote(model):
    out = model / "grads.py"
    out.write_text("print('my own code')\n", encoding="utf-8")
    proc = cli("emit", "model.py", "-f", "f", "-o", "grads.py", cwd=model)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "s2sgrad did not write it" in proc.stderr and "--force" in proc.stderr
    assert out.read_text(encoding="utf-8") == "print('my own code')\n"
    assert cli("emit", "model.py", "-f", "f", "-o", "grads.py", "--force", cwd=model).returncode == 0
    expected = cli("emit", "model.py", "-f", "f", cwd=model).stdout
    assert out.read_text(encoding="utf-8") == expected
    # its own file is regenerated; an unchanged one is left alone, modification time included
    assert cli("emit", "model.py", "-f", "g", "-o", "grads.py", cwd=model).returncode == 0
    assert "def d_g(" in out.read_text(encoding="utf-8")
    os.utime(out, ns=(1_000_000_000, 1_000_000_000))
    assert cli("emit", "model.py", "-f", "g", "-o", "grads.py", cwd=model).returncode == 0
    assert out.stat().st_mtime_ns == 1_000_000_000
    # an empty file holds nothing to lose; permissions and a symbolic link are kept
    empty = model / "empty.py"
    empty.touch()
    empty.chmod(0o640)
    os.symlink("empty.py", model / "link.py")
    assert cli("emit", "model.py", "-f", "f", "-o", "link.py", cwd=model).returncode == 0
    assert (model / "link.py").is_symlink() and empty.read_text(encoding="utf-8") == expected
    assert empty.stat().st_mode & 0o777 == 0o640
    assert leftovers(model) == []


def _limit_file_size():
    resource.setrlimit(resource.RLIMIT_FSIZE, (300, 300))


def test_a_failed_write_leaves_the_old_file_whole(model):
    out = model / "grads.py"
    assert cli("emit", "model.py", "-f", "g", "-o", "grads.py", cwd=model).returncode == 0
    old = out.read_text(encoding="utf-8")
    assert len(old) < 1000
    proc = cli("emit", "model.py", "-f", "f", "-f", "g", "-o", "grads.py", cwd=model, preexec_fn=_limit_file_size)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.startswith("s2sgrad: error: -o grads.py: cannot write it: File too large; it is unchanged")
    assert out.read_text(encoding="utf-8") == old
    assert leftovers(model) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a read-only folder")
def test_a_read_only_folder_is_a_clear_error(model):
    folder = model / "out"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        proc = cli("emit", "model.py", "-f", "f", "-o", "out/grads.py", cwd=model)
    finally:
        folder.chmod(0o755)
    assert proc.returncode == 2 and "Permission denied" in proc.stderr and "Traceback" not in proc.stderr
    assert list(folder.iterdir()) == []


def test_a_missing_folder_is_a_clear_error(model):
    proc = cli("emit", "model.py", "-f", "f", "-o", "no/such/folder/grads.py", cwd=model)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stderr == ("s2sgrad: error: -o no/such/folder/grads.py: cannot write it: No such file or directory; "
                           "it is unchanged\n")


# -- --check --------------------------------------------------------------------------------
def test_output_into_a_pipe_or_a_device_writes_into_it(model):
    """`-o /dev/null` or a named pipe is written into, never replaced by a plain file."""
    pipe = model / "pipe"
    os.mkfifo(pipe)
    received = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_text(encoding="utf-8")))
    reader.start()
    assert cli("emit", "model.py", "-f", "f", "-o", "pipe", cwd=model).returncode == 0
    reader.join(timeout=60)
    assert pipe.is_fifo() and received == [cli("emit", "model.py", "-f", "f", cwd=model).stdout]
    assert leftovers(model) == []


def test_check_says_whether_the_output_is_what_emit_writes_now(model):
    argv = ["emit", "model.py", "-f", "f", "-o", "grads.py", "--check"]
    missing = cli(*argv, cwd=model)
    assert missing.returncode == 1 and "grads.py (missing)" in missing.stdout and "+def d_f(" in missing.stdout
    assert not (model / "grads.py").exists()
    assert cli(*argv[:-1], cwd=model).returncode == 0
    same = cli(*argv, cwd=model)
    assert (same.returncode, same.stdout, same.stderr) == (0, "", "")
    source = (model / "model.py").read_text(encoding="utf-8")
    (model / "model.py").write_text(source.replace("np.tanh(x) * x", "np.tanh(x) * x * 2.0"), encoding="utf-8")
    stale = cli(*argv, cwd=model)
    assert stale.returncode == 1
    assert stale.stdout.startswith("--- grads.py\n+++ grads.py (s2sgrad emit now)\n@@ ")
    assert "\n-    # return np.sum(np.tanh(x) * x)\n" in stale.stdout
    assert "grads.py is not what s2sgrad emits now" in stale.stderr
    for bad in (["emit", "model.py", "-f", "f", "--check"], ["emit", "model.py", "-f", "nope", "-o", "grads.py",
                                                             "--check"]):
        proc = cli(*bad, cwd=model)
        assert proc.returncode == 2 and proc.stdout == "" and "Traceback" not in proc.stderr


# -- [tool.s2sgrad] ---------------------------------------------------------------------------
PYPROJECT = """
[project]
name = "demo"

[[tool.s2sgrad.emit]]
source = "src/model.py"
function = "f"
output = "src/model_grad.py"

[[tool.s2sgrad.emit]]
source = "src/model.py"
function = ["g"]
wrt = ["a", "b"]
output = "gen/g_grad.py"
standalone = true

[[tool.s2sgrad.emit]]
source = "src/model.py"
function = "g"
wrt = 1
mode = "forward"
output = "gen/g_jvp.py"
"""


@pytest.fixture
def project(model):
    (model / "src").mkdir()
    (model / "gen").mkdir()
    (model / "deep" / "er").mkdir(parents=True)
    shutil.move(model / "model.py", model / "src" / "model.py")
    (model / "pyproject.toml").write_text(PYPROJECT.lstrip(), encoding="utf-8")
    return model


def test_project_configuration_emits_and_checks_every_listed_gradient(project):
    check = cli("emit", "--check", cwd=project / "deep" / "er")
    assert check.returncode == 1 and check.stdout.count("(missing)") == 3
    proc = cli("emit", cwd=project / "deep" / "er")          # found by walking up
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.count("s2sgrad: wrote ") == 3
    same = {"src/model_grad.py": ["src/model.py", "-f", "f"],
            "gen/g_grad.py": ["src/model.py", "-f", "g", "--wrt", "a,b", "--standalone"],
            "gen/g_jvp.py": ["src/model.py", "-f", "g", "--wrt", "1", "--mode", "forward"]}
    for output, argv in same.items():      # the same bytes as the command line, run from the project
        assert (project / output).read_text(encoding="utf-8") == cli("emit", *argv, cwd=project).stdout
    assert "def jvp_g(a, b, *, t_b):" in (project / "gen/g_jvp.py").read_text(encoding="utf-8")
    for where in (project, project / "deep" / "er"):
        again = cli("emit", "--check", cwd=where)
        assert (again.returncode, again.stdout) == (0, ""), again.stderr
    quiet = cli("emit", cwd=project)
    assert (quiet.returncode, quiet.stderr) == (0, "")
    (project / "gen/g_grad.py").write_text("# Generated by s2sgrad, then edited\n", encoding="utf-8")
    stale = cli("emit", "--check", cwd=project)
    assert stale.returncode == 1 and stale.stdout.startswith("--- gen/g_grad.py\n")
    assert "gen/g_grad.py is not what s2sgrad emits now; run `s2sgrad emit` to regenerate it" in stale.stderr


@pytest.mark.parametrize("kinds", ['{ a = "array[batch n]", b = "array[n]" }', '"a=array[batch n],b=array[n]"'])
def test_project_entries_take_kinds_as_the_command_line_does(project, kinds):
    (project / "pyproject.toml").write_text(
        f'[[tool.s2sgrad.emit]]\nsource = "src/model.py"\nfunction = "g"\nwrt = "a,b"\noutput = "g_grad.py"\n'
        f'kinds = {kinds}\n', encoding="utf-8")
    proc = cli("emit", cwd=project)
    assert proc.returncode == 0, proc.stderr
    written = (project / "g_grad.py").read_text(encoding="utf-8")
    argv = ["src/model.py", "-f", "g", "--wrt", "a,b", "--kinds", "a=array[batch n],b=array[n]"]
    assert written == cli("emit", *argv, cwd=project).stdout
    assert "unbroadcast" not in written and "np.sum(" in written       # b's axis is summed, by name
    assert cli("emit", "--check", cwd=project).returncode == 0


@pytest.mark.parametrize("entry,message", [
    ('source = "src/model.py"\nfunction = "f"\nouptut = "x.py"\n', "unknown key 'ouptut'"),
    ('source = "src/model.py"\nfunction = "f"\n', "`output` must be given"),
    ('source = "src/model.py"\nfunction = "f"\nmode = "sideways"\noutput = "x.py"\n', "`mode` must be"),
    ('source = "src/model.py"\nfunction = "f"\nwrt = [true]\noutput = "x.py"\n', "`wrt` must be"),
    ('source = "src/model.py"\nfunction = "nope"\noutput = "x.py"\n', "defines no top-level function `nope`"),
    ('source = "src/model.py\n', "not valid TOML"),
    ('source = "src/model.py"\nfunction = "f"\nkinds = 3\noutput = "x.py"\n', "`kinds` must be a table"),
    ('source = "src/model.py"\nfunction = "f"\nkinds = { x = "matrix" }\noutput = "x.py"\n', "give NAME=KIND"),
])
def test_project_configuration_errors_are_clear(project, entry, message):
    (project / "pyproject.toml").write_text(f"[[tool.s2sgrad.emit]]\n{entry}", encoding="utf-8")
    for argv in (["emit"], ["emit", "--check"]):
        proc = cli(*argv, cwd=project)
        assert proc.returncode == 2 and message in proc.stderr and "Traceback" not in proc.stderr, proc.stderr


def test_the_readme_configuration_is_read_as_documented(tmp_path):
    from s2sgrad import project
    readme = (pathlib.Path(ROOT) / "README.md").read_text(encoding="utf-8")
    start = readme.index("```toml\n") + len("```toml\n")
    (tmp_path / "pyproject.toml").write_text(readme[start:readme.index("```", start)], encoding="utf-8")
    assert project.load(project.find(tmp_path)) == [project.Request("model.py", ("loss",), "W,b", "reverse",
                                                                    "model_grad.py", False,
                                                                    "W=array[n_in n_out],b=array[n_out]")]


def test_no_file_and_no_configuration(project, tmp_path_factory):
    (project / "pyproject.toml").write_text("[project]\nname = 'demo'\n", encoding="utf-8")
    proc = cli("emit", cwd=project)
    assert proc.returncode == 2 and "lists no gradients" in proc.stderr
    proc = cli("emit", "-f", "f", cwd=project)
    assert proc.returncode == 2 and "-f applies to a FILE" in proc.stderr
    bare = tmp_path_factory.mktemp("bare")
    if any((parent / "pyproject.toml").exists() for parent in [bare, *bare.parents]):
        pytest.skip("a pyproject.toml above the temporary folder")
    proc = cli("emit", "--check", cwd=bare)
    assert proc.returncode == 2 and "no pyproject.toml" in proc.stderr


@pytest.mark.xdist_group("compat_venvs")       # the environment test_cross_version makes: on its worker
def test_python_3_10_imports_s2sgrad_and_asks_for_tomli(project):
    from tests.test_cross_version import _venv_python
    python = _venv_python(10)
    if subprocess.run([python, "-c", "import tomli"], capture_output=True).returncode == 0:
        pytest.skip("tomli is installed in the Python 3.10 environment")
    env = dict(os.environ, PYTHONPATH=ROOT)
    version = subprocess.run([python, "-c", "import s2sgrad; print(s2sgrad.__version__)"], env=env,
                             capture_output=True, text=True, timeout=120)
    assert version.stdout.strip() == s2sgrad.__version__, version.stderr
    proc = subprocess.run([python, "-m", "s2sgrad", "emit"], cwd=project, env=env, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "needs Python 3.11 or later, or the `tomli` package" in proc.stderr
    single = subprocess.run([python, "-m", "s2sgrad", "emit", "src/model.py", "-f", "f"], cwd=project, env=env,
                            capture_output=True, text=True, timeout=120)
    assert single.returncode == 0 and single.stdout == cli("emit", "src/model.py", "-f", "f", cwd=project).stdout


# -- pre-commit -------------------------------------------------------------------------------
def test_pre_commit_hook_fails_on_a_stale_gradient(project, tmp_path_factory):
    yaml = pytest.importorskip("yaml")
    if shutil.which("git") is None:
        pytest.skip("no git")
    pre_commit = os.path.join(os.path.dirname(sys.executable), "pre-commit")
    if not os.path.exists(pre_commit):
        pytest.skip("pre-commit is not installed (pip install -e .[test])")
    hooks = yaml.safe_load((pathlib.Path(ROOT) / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "s2sgrad-check")
    assert hook["entry"] == "s2sgrad emit --check" and hook["pass_filenames"] is False
    # the hook as published, run as a local one: its `language: python` would install s2sgrad
    # from the network into pre-commit's own environment
    local = dict(hook, language="system")
    (project / ".pre-commit-config.yaml").write_text(
        yaml.safe_dump({"repos": [{"repo": "local", "hooks": [local]}]}), encoding="utf-8")
    bin_dir = tmp_path_factory.mktemp("bin")
    (bin_dir / "s2sgrad").write_text(f'#!/bin/sh\nexec "{sys.executable}" -m s2sgrad "$@"\n', encoding="utf-8")
    (bin_dir / "s2sgrad").chmod(0o755)
    env = dict(os.environ, PATH=f"{bin_dir}{os.pathsep}{os.environ['PATH']}", PYTHONPATH=ROOT,
               PRE_COMMIT_HOME=str(tmp_path_factory.mktemp("pre-commit-home")), GIT_CONFIG_GLOBAL=os.devnull,
               GIT_CONFIG_NOSYSTEM="1")

    def run(*argv):
        return subprocess.run(argv, cwd=project, env=env, capture_output=True, text=True, timeout=300)

    assert run("git", "init", "-q").returncode == 0
    assert cli("emit", cwd=project).returncode == 0
    run("git", "add", "-A")
    fresh = run(pre_commit, "run", "--all-files")
    assert fresh.returncode == 0 and "Passed" in fresh.stdout, fresh.stdout + fresh.stderr
    source = project / "src" / "model.py"
    source.write_text(source.read_text(encoding="utf-8").replace("np.tanh(x) * x", "np.tanh(x) * 3.0"),
                      encoding="utf-8")
    run("git", "add", "-A")
    stale = run(pre_commit, "run", "--all-files")
    assert stale.returncode == 1 and "Failed" in stale.stdout
    assert "--- src/model_grad.py" in stale.stdout and "is not what s2sgrad emits now" in stale.stdout


# -- packaging --------------------------------------------------------------------------------
def test_version_and_python_m():
    for argv in ([sys.executable, "-m", "s2sgrad", "--version"], [sys.executable, "-m", "s2sgrad.cli", "--version"]):
        proc = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, timeout=60)
        assert (proc.returncode, proc.stdout) == (0, f"s2sgrad {s2sgrad.__version__}\n")


def test_package_metadata():
    tomllib = pytest.importorskip("tomllib")
    root = pathlib.Path(ROOT)
    config = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    assert config["project"]["version"] == s2sgrad.__version__
    assert config["project"]["optional-dependencies"]["cupy"] == ["cupy-cuda12x"]
    assert "pre-commit" in " ".join(config["project"]["optional-dependencies"]["test"])
    assert "py.typed" in config["tool"]["setuptools"]["package-data"]["s2sgrad"]
    assert (root / "s2sgrad" / "py.typed").exists()
    license_text = (root / "LICENSE").read_text(encoding="utf-8")
    assert license_text.lstrip().startswith("Apache License") and "Version 2.0, January 2004" in license_text
    assert "END OF TERMS AND CONDITIONS" in license_text
    assert f"## {s2sgrad.__version__}" in (root / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "cupy-cuda13x" in (root / "README.md").read_text(encoding="utf-8")
