"""The release: the sdist and wheel that ``python -m build`` makes, installed as a user would.

One build per module (the sdist, then the wheel built from the unpacked sdist,
as pip builds from an sdist), checked with ``twine check --strict``. The tests
read the archives (files, metadata), then install the wheel into new virtual
environments and run slacalc there, in subprocesses of those environments:
one environment with no extras, made with the pip that Python bundles (the
way a user starts), and one per extra, so an extra that forgets a dependency
fails. The environments install at the same time, on threads (each pip is its
own process, and the installs overlap their waits on disk and network).

Needs the package index (or a pip cache that holds slacalc's dependencies);
``-m "not packaging"`` leaves these tests out.
"""

from __future__ import annotations

import configparser
import email.message
import email.parser
import json
import os
import shutil
import subprocess
import sys
import tarfile
import textwrap
import time
import tomllib
import zipfile
from collections.abc import Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import pytest
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import Version

pytestmark = pytest.mark.packaging

ROOT = Path(__file__).resolve().parent.parent
PROJECT: dict[str, Any] = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))[
    "project"
]
VERSION: str = PROJECT["version"]
# The extras a user installs for a feature; each gets an environment of its own.
EXTRAS = ("pandas", "polars", "plot", "server", "toml", "docs")
# What `import slacalc` and the scalar API must never load, even where they are installed.
HEAVY = ("numpy", "pandas", "polars", "pyarrow", "matplotlib")
PIP_QUIET = ["--disable-pip-version-check", "--no-input", "--quiet"]

# A P2 ticket opened Friday 27 November 2026 17:00 GMT, on the built-in policy
# (Mon-Fri 09:00-18:00 GMT, England & Wales bank holidays, a business day of 9 hours):
# - response, 2 business hours: Fri 17:00-18:00 counts 1 h, the weekend is closed,
#   Mon 30 Nov 09:00-10:00 is the second hour: due Mon 30 Nov 10:00 GMT;
# - resolution, 12 business days = 12 x 9 h = 108 business hours: Fri 17:00-18:00
#   counts 1 h (107 left); Mon 30 Nov to Mon 14 Dec are 11 open weekdays (30 Nov,
#   1-4 Dec, 7-11 Dec, 14 Dec; no bank holiday falls in them), 11 x 9 h = 99 h
#   (8 left); Tue 15 Dec 09:00 + 8 h: due Tue 15 Dec 17:00 GMT.
DUE_ARGUMENTS = ["due", "--priority", "2", "--opened", "2026-11-27T17:00Z"]
RESPONSE_DUE = "2026-11-30T10:00:00+00:00"
RESOLUTION_DUE = "2026-12-15T17:00:00+00:00"


@dataclass(frozen=True)
class Dists:
    """The built archives, and how the build and the check went."""

    sdist: Path
    wheel: Path
    build_seconds: float
    twine: subprocess.CompletedProcess[str]


@dataclass(frozen=True)
class Environment:
    """A new virtual environment with the wheel installed."""

    folder: Path
    python: Path
    install: subprocess.CompletedProcess[str]
    check: subprocess.CompletedProcess[str]  # `pip check` once installed

    def script(self, name: str) -> Path:
        """A console script of this environment."""
        return self.folder / "bin" / name

    def run(self, *args: str | Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        """Run a program of this environment, outside the source tree, without its settings."""
        return _run([*args], cwd=self.folder, env=_clean_environ(self.folder), timeout=timeout)

    def python_json(self, script: str, *args: str) -> Any:
        """Run ``script`` with this environment's Python (isolated mode); parse what it prints."""
        completed = self.run(self.python, "-I", "-c", textwrap.dedent(script), *args)
        assert completed.returncode == 0, completed.stderr
        return json.loads(completed.stdout)


def _run(
    args: list[str | Path],
    *,
    cwd: Path,
    env: Mapping[str, str] | None = None,
    timeout: float = 600,
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - runs the build tools and the environments made here
        [str(arg) for arg in args],
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
        env=env,
        timeout=timeout,
    )


def _clean_environ(folder: Path) -> dict[str, str]:
    """This process's environment without what would point Python at the development one."""
    leaks = {"PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "VIRTUAL_ENV", "PIP_USER"}
    environ = {name: value for name, value in os.environ.items() if name not in leaks}
    # matplotlib keeps its font cache in the environment's folder, not the user's home.
    environ["MPLCONFIGDIR"] = str(folder / "matplotlib")
    return environ


@pytest.fixture(scope="module")
def dists(tmp_path_factory: pytest.TempPathFactory) -> Dists:
    out = tmp_path_factory.mktemp("dist")
    start = time.perf_counter()
    built = _run([sys.executable, "-m", "build", "--no-isolation", "--outdir", out, ROOT], cwd=out)
    build_seconds = time.perf_counter() - start
    assert built.returncode == 0, built.stdout + built.stderr
    (sdist,) = out.glob("*.tar.gz")
    (wheel,) = out.glob("*.whl")
    twine = _run([sys.executable, "-m", "twine", "check", "--strict", sdist, wheel], cwd=out)
    return Dists(sdist, wheel, build_seconds, twine)


def _make_environment(wheel: Path, folder: Path, extra: str | None) -> Environment:
    python = folder / "bin" / "python"
    if extra is None:
        # A user's start: `python -m venv`, then that environment's own (bundled) pip.
        made = _run([sys.executable, "-m", "venv", folder], cwd=folder.parent)
        pip: list[str | Path] = [python, "-m", "pip"]
    else:
        # The extras check what gets installed, not how: the development pip installs
        # into the environment (`--python`), saving each one a bundled pip of its own.
        made = _run([sys.executable, "-m", "venv", "--without-pip", folder], cwd=folder.parent)
        pip = [sys.executable, "-m", "pip", "--python", python]
    assert made.returncode == 0, made.stderr
    requirement = str(wheel) if extra is None else f"{wheel}[{extra}]"
    environ = _clean_environ(folder)
    install = _run([*pip, "install", *PIP_QUIET, requirement], cwd=folder, env=environ)
    check = _run([*pip, "check", "--disable-pip-version-check"], cwd=folder, env=environ)
    return Environment(folder, python, install, check)


class Environments:
    """The environments being made, one per extra and one with none; each waited for when used."""

    def __init__(self, futures: Mapping[str | None, Future[Environment]]) -> None:
        self._futures = dict(futures)

    def get(self, extra: str | None) -> Environment:
        """The environment with ``extra`` (``None``: no extras), once the wheel is installed."""
        environment = self._futures[extra].result()
        assert environment.install.returncode == 0, environment.install.stderr
        return environment


@pytest.fixture(scope="module")
def environments(dists: Dists, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Environments]:
    root = tmp_path_factory.mktemp("environments")
    kinds: tuple[str | None, ...] = (None, *EXTRAS)
    pool = ThreadPoolExecutor(max_workers=len(kinds), thread_name_prefix="pip")
    try:
        yield Environments({
            kind: pool.submit(_make_environment, dists.wheel, root / (kind or "no-extras"), kind)
            for kind in kinds
        })  # fmt: skip
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        shutil.rmtree(root)  # about 1 GB of installed packages; pytest keeps its last 3 runs


@pytest.fixture(scope="module")
def bare(environments: Environments) -> Environment:
    """The environment with the wheel and no extras."""
    return environments.get(None)


# The archives ------------------------------------------------------------------------------


def _wheel_names(dists: Dists) -> list[str]:
    with zipfile.ZipFile(dists.wheel) as archive:
        return archive.namelist()


def _wheel_text(dists: Dists, name: str) -> str:
    with zipfile.ZipFile(dists.wheel) as archive:
        return archive.read(f"slacalc-{VERSION}.dist-info/{name}").decode("utf-8")


def _wheel_metadata(dists: Dists) -> email.message.Message:
    return email.parser.Parser().parsestr(_wheel_text(dists, "METADATA"))


def _sdist_names(dists: Dists) -> list[str]:
    with tarfile.open(dists.sdist) as archive:
        return [member.name for member in archive.getmembers() if member.isfile()]


def _package_files_in_tree() -> set[str]:
    """The files of src/slacalc as the wheel should hold them: slacalc/..., no bytecode."""
    source = ROOT / "src"
    return {
        path.relative_to(source).as_posix()
        for path in (source / "slacalc").rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    }


def test_pyproject_version_is_a_normalised_version() -> None:
    # Archive names, METADATA and importlib.metadata all write the normalised form,
    # so the version compares as the same string everywhere only if it is normalised.
    assert str(Version(VERSION)) == VERSION


def test_build_makes_an_sdist_and_a_pure_python_wheel_named_after_the_version(
    dists: Dists,
) -> None:
    assert dists.sdist.name == f"slacalc-{VERSION}.tar.gz"
    assert dists.wheel.name == f"slacalc-{VERSION}-py3-none-any.whl"


def test_build_takes_seconds_not_minutes(dists: Dists) -> None:
    # It takes about 2 s; a build that slows a hundredfold has picked up a working tree.
    assert dists.build_seconds < 120


def test_twine_check_strict_passes_both_archives(dists: Dists) -> None:
    assert dists.twine.returncode == 0, dists.twine.stdout + dists.twine.stderr
    assert dists.twine.stdout.count("PASSED") == 2


def test_wheel_holds_the_package_and_its_dist_info_only(dists: Dists) -> None:
    tops = {name.split("/")[0] for name in _wheel_names(dists)}
    assert tops == {"slacalc", f"slacalc-{VERSION}.dist-info"}


def test_wheel_holds_every_file_of_the_package_and_no_bytecode(dists: Dists) -> None:
    package = {name for name in _wheel_names(dists) if name.startswith("slacalc/")}
    assert package == _package_files_in_tree()
    assert not [name for name in package if "__pycache__" in name or name.endswith(".pyc")]


def test_wheel_holds_py_typed_and_the_built_in_policy_data(dists: Dists) -> None:
    names = _wheel_names(dists)
    assert "slacalc/py.typed" in names
    assert "slacalc/policy/data/element_human.toml" in names


def test_wheel_metadata_names_the_project_version_and_pythons(dists: Dists) -> None:
    metadata = _wheel_metadata(dists)
    # 2.4: the first core metadata version with License-Expression and License-File.
    assert metadata["Metadata-Version"] == "2.4"
    assert metadata["Name"] == "slacalc"
    assert metadata["Version"] == VERSION
    assert metadata["Requires-Python"] == ">=3.11"
    assert metadata["Summary"] == PROJECT["description"]


def test_wheel_metadata_states_the_licence_and_carries_its_file(dists: Dists) -> None:
    metadata = _wheel_metadata(dists)
    assert metadata["License-Expression"] == "MIT"
    assert metadata.get_all("License-File") == ["LICENSE"]
    assert _wheel_text(dists, "licenses/LICENSE") == (ROOT / "LICENSE").read_text(encoding="utf-8")
    # With License-Expression, a "License ::" classifier is not allowed alongside it.
    assert not [c for c in metadata.get_all("Classifier", []) if c.startswith("License ::")]


def test_wheel_metadata_classifiers_claim_only_pythons_requires_python_allows(
    dists: Dists,
) -> None:
    classifiers = _wheel_metadata(dists).get_all("Classifier", [])
    assert "Typing :: Typed" in classifiers
    minors = [c.rsplit(" :: ", 1)[1] for c in classifiers if c.startswith("Programming Language")]
    versions = [Version(minor) for minor in minors if minor.startswith("3.")]
    assert versions
    assert min(versions) == Version("3.11")


def test_long_description_is_the_readme_as_markdown(dists: Dists) -> None:
    metadata = _wheel_metadata(dists)
    assert metadata["Description-Content-Type"] == "text/markdown"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert str(metadata.get_payload()).strip() == readme.strip()


def _requirements(dists: Dists) -> list[Requirement]:
    return [Requirement(line) for line in _wheel_metadata(dists).get_all("Requires-Dist", [])]


def _requirement_key(req: Requirement) -> tuple[str, frozenset[str], SpecifierSet]:
    """A requirement without its marker, spelt any way: name, extras, versions."""
    return canonicalize_name(req.name), frozenset(req.extras), req.specifier


def test_requirements_without_an_extra_are_the_four_run_time_dependencies(dists: Dists) -> None:
    # README: "needs only holidays, python-dateutil, pydantic and tzdata at run time".
    core = {req.name for req in _requirements(dists) if req.marker is None}
    assert core == {"holidays", "python-dateutil", "pydantic", "tzdata"}


def test_each_extra_is_provided_with_the_requirements_pyproject_lists(dists: Dists) -> None:
    metadata = _wheel_metadata(dists)
    provided = set(metadata.get_all("Provides-Extra", []))
    assert provided >= set(EXTRAS)
    assert provided == set(PROJECT["optional-dependencies"])
    for extra, listed in PROJECT["optional-dependencies"].items():
        marked = {
            _requirement_key(req)
            for req in _requirements(dists)
            if req.marker is not None and req.marker.evaluate({"extra": extra})
        }
        assert marked == {_requirement_key(Requirement(line)) for line in listed}, extra


def test_polars_extra_brings_numpy_and_not_pandas(dists: Dists) -> None:
    names = {
        req.name
        for req in _requirements(dists)
        if req.marker is not None and req.marker.evaluate({"extra": "polars"})
    }
    assert names == {"numpy", "polars"}


def test_wheel_declares_the_slacalc_console_script(dists: Dists) -> None:
    entry_points = configparser.ConfigParser()
    entry_points.read_string(_wheel_text(dists, "entry_points.txt"))
    assert dict(entry_points["console_scripts"]) == {"slacalc": "slacalc.cli:main"}


def test_wheel_is_pure_python(dists: Dists) -> None:
    wheel = email.parser.Parser().parsestr(_wheel_text(dists, "WHEEL"))
    assert wheel["Root-Is-Purelib"] == "true"
    assert wheel.get_all("Tag") == ["py3-none-any"]


def test_sdist_unpacks_into_one_folder_named_after_the_version(dists: Dists) -> None:
    assert {PurePosixPath(name).parts[0] for name in _sdist_names(dists)} == {f"slacalc-{VERSION}"}


def _sdist_paths(dists: Dists) -> set[PurePosixPath]:
    return {PurePosixPath(*PurePosixPath(name).parts[1:]) for name in _sdist_names(dists)}


def test_sdist_holds_what_it_takes_to_build_test_and_read_slacalc(dists: Dists) -> None:
    paths = {path.as_posix() for path in _sdist_paths(dists)}
    assert paths >= {
        "pyproject.toml",
        "PKG-INFO",
        "README.md",
        "CHANGELOG.md",
        "LICENSE",
        "src/slacalc/__init__.py",
        "src/slacalc/py.typed",
        "src/slacalc/policy/data/element_human.toml",
        "tests/conftest.py",
        "tests/test_packaging.py",
        "docs/design.md",
        "examples/quickstart.py",
        "benchmarks/bench_calendar.py",  # tests/test_benchmark_script.py runs it
    }


def test_sdist_holds_the_same_package_files_as_the_wheel(dists: Dists) -> None:
    in_sdist = {
        path.relative_to("src").as_posix()
        for path in _sdist_paths(dists)
        if path.parts[:2] == ("src", "slacalc")
    }
    assert in_sdist == {name for name in _wheel_names(dists) if name.startswith("slacalc/")}


def test_sdist_holds_nothing_of_a_working_tree(dists: Dists) -> None:
    paths = _sdist_paths(dists)
    tops = {path.parts[0] for path in paths}
    allowed = {"src", "tests", "docs", "examples", "benchmarks", "README.md", "CHANGELOG.md"}
    allowed |= {"LICENSE", "pyproject.toml", "PKG-INFO", "Makefile", "mkdocs.yml", ".gitignore"}
    assert tops <= allowed
    caches = {"__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache", ".hypothesis"}
    assert not [path for path in paths if caches & set(path.parts) or path.suffix == ".pyc"]


def test_sdist_metadata_agrees_with_the_wheel(dists: Dists) -> None:
    with tarfile.open(dists.sdist) as archive:
        member = archive.extractfile(f"slacalc-{VERSION}/PKG-INFO")
        assert member is not None
        pkg_info = email.parser.Parser().parsestr(member.read().decode("utf-8"))
    wheel = _wheel_metadata(dists)
    for field in ("Metadata-Version", "Name", "Version", "Requires-Python", "License-Expression"):
        assert pkg_info[field] == wheel[field], field
    assert pkg_info.get_all("Requires-Dist") == wheel.get_all("Requires-Dist")


# The wheel installed with no extras ------------------------------------------------------------


def test_bare_environment_installs_consistent_requirements(bare: Environment) -> None:
    assert bare.check.returncode == 0, bare.check.stdout + bare.check.stderr


def test_bare_environment_has_no_optional_package(bare: Environment) -> None:
    found = bare.python_json(
        """
        import json
        from importlib.util import find_spec
        names = ["numpy", "pandas", "polars", "matplotlib", "fastapi", "tomli_w", "mkdocs"]
        print(json.dumps([name for name in names if find_spec(name) is not None]))
        """
    )
    assert found == []


def test_import_slacalc_loads_the_installed_package_and_the_built_in_policy(
    bare: Environment,
) -> None:
    seen = bare.python_json(
        """
        import json, sysconfig
        import slacalc
        policy = slacalc.default_policy()
        print(json.dumps({
            "file": slacalc.__file__,
            "purelib": sysconfig.get_paths()["purelib"],
            "name": policy.name,
            "tiers": [tier.key for tier in policy.tiers],
        }))
        """
    )
    # The installed copy, not the source tree (the subprocess runs elsewhere, isolated).
    assert Path(seen["file"]) == Path(seen["purelib"]) / "slacalc" / "__init__.py"
    assert seen["name"] == "Element Human Support Services Policy"
    assert seen["tiers"] == ["P1", "P2", "P3", "P4"]


def test_installed_package_has_py_typed_and_the_policy_data(bare: Environment) -> None:
    purelib = Path(
        bare.python_json(
            "import json, sysconfig; print(json.dumps(sysconfig.get_paths()['purelib']))"
        )
    )
    assert (purelib / "slacalc" / "py.typed").is_file()
    assert (purelib / "slacalc" / "policy" / "data" / "element_human.toml").is_file()


def test_version_attribute_metadata_and_cli_agree_with_pyproject(bare: Environment) -> None:
    versions = bare.python_json(
        """
        import json, importlib.metadata
        import slacalc
        print(json.dumps([slacalc.__version__, importlib.metadata.version("slacalc")]))
        """
    )
    assert versions == [VERSION, VERSION]
    completed = bare.run(bare.script("slacalc"), "--version")
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout == f"slacalc {VERSION}\n"


def _due_table(stdout: str) -> dict[str, str]:
    """``slacalc due``'s table: label, then the value after the last run of spaces."""
    return dict(line.rsplit(None, 1) for line in stdout.splitlines() if line.strip())


def test_console_script_prints_the_hand_worked_due_times(bare: Environment) -> None:
    completed = bare.run(bare.script("slacalc"), *DUE_ARGUMENTS)
    assert completed.returncode == 0, completed.stderr
    assert _due_table(completed.stdout) == {
        "priority": "P2",
        "opened at": "2026-11-27T17:00:00+00:00",
        "response due": RESPONSE_DUE,
        "resolution due": RESOLUTION_DUE,
    }


def test_python_m_slacalc_is_the_same_program_as_the_console_script(bare: Environment) -> None:
    module = bare.run(bare.python, "-m", "slacalc", *DUE_ARGUMENTS)
    script = bare.run(bare.script("slacalc"), *DUE_ARGUMENTS)
    assert module.returncode == 0, module.stderr
    assert module.stdout == script.stdout
    assert _due_table(module.stdout)["resolution due"] == RESOLUTION_DUE


_MISSING_EXTRA = """
    import json, sys
    import slacalc

    def frame():
        from slacalc.frame import evaluate_frame
        # No DataFrame library is installed here: the call fails on what is missing first.
        evaluate_frame({"opened_at": ["2026-11-27T17:00:00Z"], "priority": [2]})

    def plot():
        from slacalc.plot import timeline
        ticket = slacalc.Ticket(opened_at="2026-11-27T17:00:00Z", priority="P2")
        timeline(slacalc.evaluate(ticket, now="2026-11-30T09:30:00Z"))

    def server():
        from slacalc.server import create_app
        create_app()

    try:
        {"frame": frame, "plot": plot, "server": server}[sys.argv[1]]()
    except Exception as error:  # whatever it is, the test shows it
        kind = type(error)
        print(json.dumps({
            "error": f"{kind.__module__}.{kind.__qualname__}",
            "is_slacalc_error": isinstance(error, slacalc.SlacalcError),
            "is_import_error": isinstance(error, ImportError),
            "message": str(error),
        }))
    else:
        print(json.dumps({"error": None}))
"""


@pytest.mark.parametrize(
    ("feature", "hint"),
    [
        ("frame", "pip install 'slacalc[pandas]'"),
        ("plot", "pip install 'slacalc[plot]'"),
        ("server", "pip install 'slacalc[server]'"),
    ],
)
def test_a_feature_without_its_extra_raises_missing_dependency_with_the_install_hint(
    bare: Environment, feature: str, hint: str
) -> None:
    raised = bare.python_json(_MISSING_EXTRA, feature)
    assert raised["error"] == "slacalc.errors.MissingDependencyError"
    assert raised["is_slacalc_error"]
    assert raised["is_import_error"]
    assert hint in raised["message"]


@pytest.mark.parametrize(
    ("arguments", "hint"),
    [
        (["serve", "--port", "0"], "pip install 'slacalc[server]'"),
        (["policy", "export", "--format", "toml"], "pip install 'slacalc[toml]'"),
    ],
    ids=["serve", "policy-export-toml"],
)
def test_a_command_without_its_extra_exits_2_with_the_install_hint(
    bare: Environment, arguments: list[str], hint: str
) -> None:
    completed = bare.run(bare.script("slacalc"), *arguments, timeout=60)
    assert completed.returncode == 2
    assert completed.stdout == ""
    assert hint in completed.stderr
    assert "Traceback" not in completed.stderr


def test_dump_policy_to_toml_without_the_toml_extra_names_it(bare: Environment) -> None:
    raised = bare.python_json(
        """
        import json, os
        import slacalc
        try:
            slacalc.dump_policy(slacalc.default_policy(), os.path.join(os.getcwd(), "p.toml"))
        except ImportError as error:
            print(json.dumps(str(error)))
        else:
            print(json.dumps("nothing raised"))
        """
    )
    assert "pip install 'slacalc[toml]'" in raised


# The wheel installed with each extra -----------------------------------------------------------


@pytest.mark.parametrize("extra", EXTRAS)
def test_extra_installs_consistent_requirements(environments: Environments, extra: str) -> None:
    environment = environments.get(extra)
    assert environment.check.returncode == 0, environment.check.stdout + environment.check.stderr


@pytest.mark.parametrize("extra", ["pandas", "polars", "plot"])
def test_import_slacalc_and_scalar_calls_load_no_heavy_library_even_when_installed(
    environments: Environments, extra: str
) -> None:
    loaded = environments.get(extra).python_json(
        f"""
        import json, sys
        from importlib.util import find_spec
        installed = [name for name in {HEAVY!r} if find_spec(name) is not None]
        import slacalc
        slacalc.response_due("2026-11-27T17:00:00Z", "P2")
        slacalc.evaluate(slacalc.Ticket(opened_at="2026-11-27T17:00:00Z", priority=2))
        print(json.dumps([installed, [name for name in {HEAVY!r} if name in sys.modules]]))
        """
    )
    installed, imported = loaded
    assert installed  # the check means something only where they are installed
    assert imported == []


_EVALUATE_FRAME = """
    import json, sys
    from importlib.util import find_spec
    from slacalc.frame import evaluate_frame

    library = __import__(sys.argv[1])
    tickets = library.DataFrame({"opened_at": ["2026-11-27T17:00:00Z"], "priority": [2]})
    result = evaluate_frame(tickets, now="2026-11-30T09:30:00Z")
    print(json.dumps({
        "frame": type(result).__module__.split(".")[0],
        "response_due": result["response_due"][0].isoformat(),
        "response_state": str(result["response_state"][0]),
        "response_remaining": result["response_remaining"][0].total_seconds(),
        "resolution_due": result["resolution_due"][0].isoformat(),
        "resolution_remaining": result["resolution_remaining"][0].total_seconds(),
        "pandas_installed": find_spec("pandas") is not None,
    }))
"""


@pytest.mark.parametrize("library", ["pandas", "polars"])
def test_frame_extra_evaluates_a_one_row_frame(environments: Environments, library: str) -> None:
    result = environments.get(library).python_json(_EVALUATE_FRAME, library)
    # At Mon 30 Nov 09:30 the ticket has used Fri 17:00-18:00 and Mon 09:00-09:30:
    # 1.5 business hours. Response: 2 h - 1.5 h = 0.5 h = 1800 s left, pending.
    # Resolution: 108 h - 1.5 h = 106.5 h = 383,400 s left.
    assert result == {
        "frame": library,
        "response_due": RESPONSE_DUE,
        "response_state": "pending",
        "response_remaining": 1800.0,
        "resolution_due": RESOLUTION_DUE,
        "resolution_remaining": 383400.0,
        # The polars extra works without pandas.
        "pandas_installed": library == "pandas",
    }


def test_plot_extra_renders_a_timeline_to_png(environments: Environments) -> None:
    png = environments.get("plot").python_json(
        """
        import io, json
        import slacalc
        from slacalc.plot import timeline
        ticket = slacalc.Ticket(opened_at="2026-11-27T17:00:00Z", priority="P2")
        figure = timeline(slacalc.evaluate(ticket, now="2026-11-30T09:30:00Z"))
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png")
        data = buffer.getvalue()
        print(json.dumps({"signature": data[:8].hex(), "size": len(data)}))
        """
    )
    assert png["signature"] == b"\x89PNG\r\n\x1a\n".hex()
    assert png["size"] > 1000


def test_server_extra_creates_the_app_and_answers_a_due_request(
    environments: Environments,
) -> None:
    # The ASGI application called directly, as a server would: no socket, no HTTP client.
    answer = environments.get("server").python_json(
        """
        import asyncio, json
        from slacalc.server import create_app

        async def post(app, path, body):
            scope = {
                "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
                "method": "POST", "scheme": "http", "path": path, "raw_path": path.encode(),
                "query_string": b"", "root_path": "", "client": ("127.0.0.1", 50000),
                "server": ("127.0.0.1", 80),
                "headers": [(b"host", b"127.0.0.1"), (b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode())],
            }
            incoming = [{"type": "http.request", "body": body, "more_body": False}]
            sent = []

            async def receive():
                return incoming.pop(0) if incoming else {"type": "http.disconnect"}

            async def send(message):
                sent.append(message)

            await app(scope, receive, send)
            status = next(m["status"] for m in sent if m["type"] == "http.response.start")
            body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
            return status, json.loads(body)

        ticket = json.dumps({"opened_at": "2026-11-27T17:00:00Z", "priority": "P2"}).encode()
        print(json.dumps(asyncio.run(post(create_app(), "/v1/due", ticket))))
        """
    )
    status, record = answer
    assert status == 200
    assert record["response_due"] == RESPONSE_DUE
    assert record["resolution_due"] == RESOLUTION_DUE


def test_toml_extra_writes_a_policy_file_that_reads_back_equal(environments: Environments) -> None:
    written = environments.get("toml").python_json(
        """
        import json, os, tomllib
        import slacalc
        path = os.path.join(os.getcwd(), "policy.toml")
        slacalc.dump_policy(slacalc.default_policy(), path)
        with open(path, "rb") as file:
            name = tomllib.load(file)["name"]
        print(json.dumps([name, slacalc.load_policy(path) == slacalc.default_policy()]))
        """
    )
    assert written == ["Element Human Support Services Policy", True]


def test_toml_extra_lets_the_cli_export_the_policy_as_toml(environments: Environments) -> None:
    environment = environments.get("toml")
    completed = environment.run(
        environment.script("slacalc"), "policy", "export", "--format", "toml"
    )
    assert completed.returncode == 0, completed.stderr
    assert tomllib.loads(completed.stdout)["name"] == "Element Human Support Services Policy"


def test_docs_extra_installs_mkdocs_material_and_mkdocstrings_for_python(
    environments: Environments,
) -> None:
    imported = environments.get("docs").python_json(
        """
        import json
        import material, mkdocs, mkdocstrings, mkdocstrings_handlers.python
        print(json.dumps([mkdocs.__name__, material.__name__, mkdocstrings.__name__]))
        """
    )
    assert imported == ["mkdocs", "material", "mkdocstrings"]
