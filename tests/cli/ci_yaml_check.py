#!/usr/bin/env python3
"""Checks a CI recipe from docs/ci.md: valid YAML, the expected shape, and
(GitHub) only known actions with inputs their action.yml documents.
usage: ci_yaml_check.py github|gitlab FILE"""
import sys
import yaml

# Inputs as documented in each action's action.yml (the major versions used).
ACTION_INPUTS = {
    "actions/checkout@v4": {
        "repository", "ref", "token", "ssh-key", "ssh-known-hosts", "ssh-strict", "ssh-user",
        "persist-credentials", "path", "clean", "filter", "sparse-checkout",
        "sparse-checkout-cone-mode", "fetch-depth", "fetch-tags", "show-progress", "lfs",
        "submodules", "set-safe-directory", "github-server-url"},
    "github/codeql-action/upload-sarif@v3": {
        "sarif_file", "checkout_path", "ref", "sha", "token", "matrix", "category",
        "wait-for-processing"},
}


def fail(msg):
    print(msg)
    sys.exit(1)


def check_github(doc):
    if not isinstance(doc, dict) or "jobs" not in doc:
        fail("no 'jobs'")
    # YAML 1.1 reads the key 'on' as True
    on = doc.get("on", doc.get(True))
    if not on or "pull_request" not in on:
        fail("the workflow does not run on pull_request")
    uses = []
    for name, job in doc["jobs"].items():
        for step in job.get("steps", []):
            if "uses" in step:
                action = step["uses"]
                if action not in ACTION_INPUTS:
                    fail(f"job {name}: unknown action {action}")
                extra = set(step.get("with", {})) - ACTION_INPUTS[action]
                if extra:
                    fail(f"job {name}: {action} has no input(s) {sorted(extra)}")
                uses.append(action)
            elif "run" not in step:
                fail(f"job {name}: a step with neither 'uses' nor 'run'")
    if "github/codeql-action/upload-sarif@v3" not in uses:
        fail("no upload-sarif step")
    checkout = [s for j in doc["jobs"].values() for s in j.get("steps", [])
                if s.get("uses", "").startswith("actions/checkout")]
    if not checkout or checkout[0].get("with", {}).get("fetch-depth") != 0:
        fail("actions/checkout without fetch-depth: 0")
    text = yaml.safe_dump(doc)
    if "--format sarif" not in text or "github.event.pull_request.base.sha" not in text:
        fail("no 'diffvet diff --base <pull request base> --format sarif'")


def check_gitlab(doc):
    job = doc.get("diffvet") if isinstance(doc, dict) else None
    if not isinstance(job, dict) or not isinstance(job.get("script"), list):
        fail("no 'diffvet' job with a script list")
    sast = job.get("artifacts", {}).get("reports", {}).get("sast")
    if sast != "gl-sast-report.json":
        fail("artifacts:reports:sast is not gl-sast-report.json")
    if not any("--format gitlab" in line and sast in line for line in job["script"]):
        fail("no script line writes the report with --format gitlab")
    if str(job.get("variables", {}).get("GIT_DEPTH")) != "0":
        fail("GIT_DEPTH is not 0")


def main():
    kind, path = sys.argv[1], sys.argv[2]
    with open(path, encoding="utf-8") as f:
        try:
            doc = yaml.safe_load(f)
        except yaml.YAMLError as e:
            fail(f"invalid YAML: {e}")
    {"github": check_github, "gitlab": check_gitlab}[kind](doc)


main()
