"""The publish workflow: valid YAML, the README's commands, pinned actions, the right triggers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / ".github" / "workflows" / "publish.yml"
README = ROOT / "README.md"


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
    """Pull requests on data or pages; pushes to main and v* tags. (YAML reads `on` as True.)"""
    triggers = workflow[True]
    assert sorted(triggers["pull_request"]["paths"]) == ["content/**", "datasets/**"]
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
    """`uses:` names a full commit SHA with its version in a comment."""
    uses = re.findall(r"uses: (\S+)(.*)", WORKFLOW.read_text(encoding="utf-8"))
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
