"""The composite action, run as the runner runs it: `action.yml`'s steps in order, with bash,
in a fresh environment holding the runner's variables, the inputs through `env:`, each step's
own GITHUB_OUTPUT; the action's outputs mapped from the step's. policycheck is installed from
GITHUB_ACTION_PATH (a snapshot of this project) offline, from the session's wheelhouse."""
from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

from branches.scenario import REPO, massgen_repo
from conftest import PROJECT, GitRepo, HookRepo
from ruamel.yaml import YAML
from test_ci import parse_outputs

EXPRESSION = re.compile(r"\$\{\{\s*([\w.-]+)\s*\}\}")


def load_action(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    return data


def evaluate(value: str, context: dict[str, str]) -> str:
    """`${{ name }}` expressions as GitHub would substitute them (names only: all this action uses)."""
    return EXPRESSION.sub(lambda m: context[m[1]], value)


def run_action(action: dict[str, Any], inputs: dict[str, str], runner_env: dict[str, str], workdir: Path,
               tmp_path: Path) -> tuple[dict[str, str], list[subprocess.CompletedProcess[str]]]:
    context = {f"inputs.{name}": inputs.get(name, str(spec.get("default", "")))
               for name, spec in action["inputs"].items()}
    context["github.token"] = runner_env["GITHUB_TOKEN_FOR_TEST"]
    step_outputs: dict[str, dict[str, str]] = {}
    runs = []
    for index, step in enumerate(action["runs"]["steps"]):
        assert "uses" not in step, "no nested actions"
        assert "${{" not in step["run"], "expressions go through env:, never into run:"
        output = tmp_path / f"output-{index}.txt"
        output.touch()
        env = {**runner_env, "GITHUB_OUTPUT": str(output),
               **{k: evaluate(str(v), context) for k, v in (step.get("env") or {}).items()}}
        env.pop("GITHUB_TOKEN_FOR_TEST")
        proc = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=workdir, env=env, capture_output=True,
                              text=True, timeout=300)
        runs.append(proc)
        if "id" in step:
            step_outputs[step["id"]] = parse_outputs(output.read_text(encoding="utf-8"))
        if proc.returncode:
            break
    for step_id, outputs in step_outputs.items():
        context.update({f"steps.{step_id}.outputs.{k}": v for k, v in outputs.items()})
    outputs = {name: EXPRESSION.sub(lambda m: context.get(m[1], ""), spec["value"])
               for name, spec in action["outputs"].items()}
    return outputs, runs


def test_action_runs_its_steps_and_sets_its_outputs(git_repo: GitRepo, hook_repo: HookRepo, tmp_path: Path) -> None:
    repo = massgen_repo(git_repo)
    before = repo.git("rev-parse", "HEAD")
    repo.write("massgen/configs/basic/single/broken.yaml", "agents: [\n")
    after = repo.commit("break a config")
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"ref": "refs/heads/main", "before": before, "after": after,
                                 "repository": {"full_name": REPO}}), encoding="utf-8")
    runner_temp = tmp_path / "runner-temp"
    runner_temp.mkdir()
    summary = tmp_path / "summary.md"
    summary.touch()
    runner_env = {
        "PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": repo.env["HOME"], "GIT_CONFIG_GLOBAL": "/dev/null",
        "GIT_CONFIG_NOSYSTEM": "1", "GITHUB_ACTIONS": "true", "CI": "true",
        "GITHUB_ACTION_PATH": str(hook_repo.path), "GITHUB_WORKSPACE": str(repo.path),
        "GITHUB_EVENT_NAME": "push", "GITHUB_EVENT_PATH": str(event), "GITHUB_REPOSITORY": REPO,
        "GITHUB_SHA": after, "GITHUB_SERVER_URL": "https://github.com", "RUNNER_TEMP": str(runner_temp),
        "GITHUB_STEP_SUMMARY": str(summary), "GITHUB_TOKEN_FOR_TEST": "",
        # offline: the session's wheelhouse holds policycheck's dependencies and build backend
        "PIP_NO_INDEX": "1", "PIP_FIND_LINKS": str(hook_repo.wheelhouse), "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "HTTPS_PROXY": "http://127.0.0.1:9", "HTTP_PROXY": "http://127.0.0.1:9",
    }
    sarif = tmp_path / "out.sarif"
    outputs, runs = run_action(load_action(PROJECT / "action.yml"), {"sarif": str(sarif)}, runner_env,
                               repo.path, tmp_path)
    assert [r.returncode for r in runs] == [0, 1], [r.stderr[-2000:] for r in runs]
    assert runs[1].stdout.startswith("::error file=massgen/configs/basic/single/broken.yaml,line=2,")
    assert {k: outputs[k] for k in ("result", "errors", "warnings", "waived", "sarif-file")} == {
        "result": "fail", "errors": "1", "warnings": "0", "waived": "0", "sarif-file": str(sarif)}
    assert Path(outputs["report-json"]).parent == runner_temp
    assert json.loads(sarif.read_text(encoding="utf-8"))["version"] == "2.1.0"
    assert summary.read_text(encoding="utf-8").startswith("## ❌ policycheck failed")
    assert (runner_temp / "policycheck-venv" / "bin" / "policycheck").exists()


def test_action_passes_inputs_only_through_env() -> None:
    action = load_action(PROJECT / "action.yml")
    assert action["runs"]["using"] == "composite"
    for step in action["runs"]["steps"]:
        assert "${{" not in step["run"]
        assert "uses" not in step
    assert set(action["inputs"]) == {"checks", "policy", "token", "strict", "sarif", "comment", "working-directory"}
    assert action["inputs"]["token"]["default"] == "${{ github.token }}"
    assert set(action["outputs"]) == {"result", "errors", "warnings", "waived", "report-json", "sarif-file"}
