"""The publish workflow: valid YAML, the README's commands, pinned actions, the right triggers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / ".github" / "workflows" / "publish.yml"
NEWEST = ROOT / ".github" / "workflows" / "newest.yml"
README = ROOT / "README.md"
MAKEFILE = ROOT / "Makefile"
CONSTRAINTS = ROOT / "constraints.txt"


@pytest.fixture(scope="module")
def workflow() -> dict:
    """The workflow, parsed."""
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def run_steps(workflow: dict, job: str | None = None) -> list[str]:
    """The `run` scripts of every step (of one job)."""
    jobs = [workflow["jobs"][job]] if job else list(workflow["jobs"].values())
    return [step["run"] for j in jobs for step in j["steps"] if "run" in step]


def readme_commands() -> list[str]:
    """The README's two commands: the code block under 'The two commands', comments dropped."""
    text = README.read_text(encoding="utf-8")
    section = text.split("## The two commands", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
    commands = [line.split("#", 1)[0].strip() for line in block.splitlines()]
    return [c for c in commands if c]


def documented_subcommands() -> set[str]:
    """The `opendata` subcommands in the README's command table."""
    return set(re.findall(r"^\| `opendata (\w+)", README.read_text(encoding="utf-8"), re.M))


def test_valid_yaml_with_the_triggers(workflow):
    """Every pull request (no paths filter: a change of code alone is tested too); pushes to
    main and v* tags. (YAML reads `on` as True.)"""
    triggers = workflow[True]
    assert triggers["pull_request"] is None or not {"paths", "paths-ignore", "branches-ignore"} & set(
        triggers["pull_request"])
    assert triggers["push"] == {"branches": ["main"], "tags": ["v*"]}
    assert workflow["permissions"] == {"contents": "read"}


def test_runs_the_readme_commands(workflow):
    """The steps call the README's two commands, exactly as written there."""
    commands = readme_commands()
    assert commands == ["make site", "make test"]
    scripts = "\n".join(run_steps(workflow, "check"))
    for command in commands:
        assert re.search(rf"^{re.escape(command)}$", scripts, re.M), command


def test_only_documented_opendata_commands(workflow):
    """Every `opendata` call is the venv's, with a subcommand the README documents."""
    calls = re.findall(r"(\S*opendata) (\w+)", "\n".join(run_steps(workflow)))
    assert calls
    assert {path for path, _ in calls} == {".venv/bin/opendata"}
    assert {sub for _, sub in calls} <= documented_subcommands()
    assert {"diff", "release"} <= {sub for _, sub in calls}


def test_every_action_is_pinned_to_a_commit():
    """`uses:` names a full commit SHA with its version in a comment, in every workflow."""
    files = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
    assert files == [NEWEST, WORKFLOW]
    uses = [use for file in files
            for use in re.findall(r"uses: (\S+)(.*)", file.read_text(encoding="utf-8"))]
    assert uses
    for action, comment in uses:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", action), action
        assert re.fullmatch(r" # v\d+\.\d+\.\d+", comment), (action, comment)


def test_check_job_installs_chromium_and_writes_the_diff_summary(workflow):
    """Debian's chromium for the browser tests; the PR diff goes to the job summary."""
    check = workflow["jobs"]["check"]
    assert check["container"].startswith("debian:")
    scripts = run_steps(workflow, "check")
    assert any("apt-get install" in s and "chromium" in s for s in scripts)
    diff_step = next(step for step in check["steps"] if "opendata diff" in step.get("run", ""))
    assert diff_step["if"] == "github.event_name == 'pull_request'"
    assert '"$GITHUB_STEP_SUMMARY"' in diff_step["run"]
    assert diff_step["env"]["BASE_SHA"] == "${{ github.event.pull_request.base.sha }}"


def test_pages_job_publishes_site(workflow):
    """Pushes publish site/ with upload-pages-artifact and deploy-pages, with their permissions."""
    pages = workflow["jobs"]["pages"]
    assert pages["if"] == "github.event_name == 'push'"
    assert pages["needs"] == "check"
    assert pages["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert pages["environment"]["name"] == "github-pages"
    uses = {step["uses"].split("@")[0]: step for step in pages["steps"] if "uses" in step}
    assert uses["actions/upload-pages-artifact"]["with"]["path"] == "site"
    assert "actions/deploy-pages" in uses
    assert "make site" in run_steps(workflow, "pages")


def test_release_job_attaches_the_zips_on_tags(workflow):
    """Tags attach the release zips to the tag's GitHub release, after checking the version."""
    job = workflow["jobs"]["release-files"]
    assert job["if"] == "startsWith(github.ref, 'refs/tags/v')"
    assert job["permissions"] == {"contents": "write"}
    scripts = "\n".join(run_steps(workflow, "release-files"))
    assert '--expect-version "${GITHUB_REF_NAME#v}"' in scripts
    assert "gh release upload" in scripts and "site/data/*/*.zip" in scripts


def test_readme_documents_deploying_anywhere():
    """The README says how to deploy to each kind of host, and how to set the sub-path."""
    text = README.read_text(encoding="utf-8")
    section = text.split("## Deploying anywhere", 1)[1]
    for word in ("nginx", "location /jjm/", "aws s3 sync", "rclone", "Netlify", "USB",
                 "site/index.html", "--site-url", "SITE_URL"):
        assert word in section, word


# Tested versions (issue 18): constraints.txt for every install, the newest ones in their own job.

def constraint_pins() -> dict[str, str]:
    """constraints.txt as {canonical name: version}; every line is one `name==version`."""
    pins = {}
    for line in CONSTRAINTS.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, version = re.fullmatch(r"([a-z0-9-]+)==(\S+)", line).groups()
            pins[name] = version
    return pins


def test_every_install_takes_the_constraints():
    """The Makefile's install stamps pass -c constraints.txt and are redone when it changes."""
    text = MAKEFILE.read_text(encoding="utf-8")
    assert re.search(r"^CONSTRAINTS \?= constraints\.txt$", text, re.M)
    for stamp in ("$(STAMP)", "$(TSTAMP)"):
        rule = re.search(rf"^{re.escape(stamp)}: (.*)\n((?:\t.*\n)+)", text, re.M)
        assert "$(CONSTRAINTS)" in rule.group(1).split(), stamp
        installs = [line for line in rule.group(2).splitlines() if "pip install" in line]
        assert installs and all("$(PIN)" in line for line in installs), stamp
    assert re.search(r"^PIN +:= \$\(if \$\(CONSTRAINTS\),-c \$\(CONSTRAINTS\)\)$", text, re.M)


def test_constraints_pin_every_dependency_but_the_project():
    """Each dependency of pyproject.toml (test extra included) has one exact pin, within the
    lower bound pyproject keeps; mkdocs stays below 2; the project itself is not pinned."""
    import tomllib

    from packaging.requirements import Requirement

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins = constraint_pins()
    assert re.sub(r"[-_.]+", "-", project["name"]).lower() not in pins
    requirements = [Requirement(line) for line in
                    project["dependencies"] + project["optional-dependencies"]["test"]]
    for requirement in requirements:
        name = re.sub(r"[-_.]+", "-", requirement.name).lower()
        assert name in pins, f"{name} is not in constraints.txt: run make constraints"
        assert requirement.specifier.contains(pins[name], prereleases=True), (name, pins[name])
        assert any(spec.operator == ">=" for spec in requirement.specifier), name
    mkdocs = next(r for r in requirements if r.name == "mkdocs")
    assert not mkdocs.specifier.contains("2.0") and mkdocs.specifier.contains(pins["mkdocs"])


def test_newest_versions_job_tests_without_constraints():
    """newest.yml: its own workflow, on every pull request, pushes to main and weekly; it runs
    the README's test command without constraints, with Chromium for the browser tests."""
    newest = yaml.safe_load(NEWEST.read_text(encoding="utf-8"))
    triggers = newest[True]
    assert triggers["pull_request"] is None and triggers["push"] == {"branches": ["main"]}
    assert triggers["schedule"] and "workflow_dispatch" in triggers
    assert newest["permissions"] == {"contents": "read"}
    scripts = "\n".join(run_steps(newest))
    assert re.search(r"^make test CONSTRAINTS=$", scripts, re.M)
    assert "make site" not in scripts and "-c constraints.txt" not in scripts
    assert any("apt-get install" in s and "chromium" in s for s in run_steps(newest))
    assert newest["jobs"]["newest"]["container"].startswith("debian:")


def test_readme_says_how_to_refresh_the_constraints():
    """The README's two commands section names constraints.txt and how to refresh it."""
    section = README.read_text(encoding="utf-8").split("## The two commands", 1)[1]
    section = section.split("\n## ", 1)[0]
    for words in ("constraints.txt", "make constraints", "CONSTRAINTS=", "newest.yml"):
        assert words in section, words
