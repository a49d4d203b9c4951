#!/usr/bin/env python3
"""Diff mode skips the functions a change cannot need (src/engine/needed.h):
the findings must be exactly those of the same run analysing every function
(DIFFVET_NO_DIFF_SKIP=1).

For every C/C++ fixture under testdata/ it makes one-line changes (a line
is "rewritten" unchanged, so the file on disk stays the new revision): on
each line with an `expect:` comment (a finding's own line), on a line of
the first and of the last function body, and runs `diffvet diff --patch`
with --scope lines and --scope functions, with and without the skip.  It
compares the findings (everything in them: related locations, flow steps,
fingerprints), the verdict and the coverage of the changed lines (the
gaps with changed lines; gaps elsewhere in the file are not asked for
when only the change is analysed).  A fixture directory's .diffvet.json
(the nearest one up to testdata/<family>) is passed as --config, as the
golden runner does.

ctest runs one change per file (the first `expect:` line, or a line in the
middle); --thorough makes up to 12 (every expect line, the first, middle and
last statement line).

usage: diff_skip.py DIFFVET TESTDATA WORKDIR [--jobs N] [--thorough]
"""
import concurrent.futures
import json
import os
import re
import subprocess
import sys

EXPECT = re.compile(r"//\s*expect:")
BODY = re.compile(r"^\s+\S.*;\s*(//.*)?$")


def config_for(path, top):
    d = os.path.dirname(path)
    while True:
        c = os.path.join(d, ".diffvet.json")
        if os.path.exists(c):
            return c
        if os.path.samefile(d, top) or os.path.dirname(d) == d:
            return None
        parent = os.path.dirname(d)
        if os.path.samefile(parent, top):
            return None
        d = parent


def lines_to_change(text, thorough):
    lines = text.split("\n")
    picks = [i + 1 for i, l in enumerate(lines) if EXPECT.search(l)]
    body = [i + 1 for i, l in enumerate(lines) if BODY.match(l) and not EXPECT.search(l)]
    if not thorough:
        # ctest: one change per file, on a finding's line when there is one
        return picks[:1] or body[len(body) // 2:][:1]
    if body:
        picks += [body[0], body[-1], body[len(body) // 2]]
    return sorted(set(picks))[:12]


def run(diffvet, cwd, patch, scope, config, skip):
    env = dict(os.environ)
    env.pop("DIFFVET_NO_DIFF_SKIP", None)
    if not skip:
        env["DIFFVET_NO_DIFF_SKIP"] = "1"
    argv = [diffvet, "diff", "--patch", patch, "--scope", scope, "--format", "json", "-q",
            "--fail-on", "never", "-j", "1"]
    if config:
        argv += ["--config", config]
    p = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, timeout=300)
    if p.returncode not in (0, 1):
        return {"exit": p.returncode, "stderr": p.stderr.decode(errors="replace")[-400:]}
    d = json.loads(p.stdout)
    cov = dict(d.get("coverage", {}))
    cov["gaps"] = [g for g in cov.get("gaps", []) if g.get("changed_lines", 1)]
    return {"findings": d.get("findings"), "verdict": d.get("verdict"), "coverage": cov}


def one(job):
    diffvet, cwd, rel, line, text_line, scope, config, work = job
    patch = os.path.join(work, "%s.%d.%s.diff" % (rel.replace("/", "_"), line, scope))
    with open(patch, "w") as f:
        f.write("--- a/%s\n+++ b/%s\n@@ -%d,1 +%d,1 @@\n-%s\n+%s\n" %
                (rel, rel, line, line, text_line, text_line))
    a = run(diffvet, cwd, patch, scope, config, True)
    b = run(diffvet, cwd, patch, scope, config, False)
    return job, a, b


def main():
    args = sys.argv[1:]
    jobs_n = 2
    thorough = "--thorough" in args
    if thorough:
        args.remove("--thorough")
    if "--jobs" in args:
        k = args.index("--jobs")
        jobs_n = int(args[k + 1])
        del args[k:k + 2]
    diffvet, top, work = os.path.abspath(args[0]), os.path.abspath(args[1]), args[2]
    os.makedirs(work, exist_ok=True)
    work = os.path.abspath(work)
    jobs = []
    for dp, _, names in sorted(os.walk(top)):
        for n in sorted(names):
            if not n.endswith((".c", ".cpp", ".cc")):
                continue
            path = os.path.join(dp, n)
            text = open(path, errors="replace").read()
            config = config_for(path, top)
            lines = text.split("\n")
            for line in lines_to_change(text, thorough):
                for scope in ("lines", "functions"):
                    jobs.append((diffvet, dp, n, line, lines[line - 1], scope, config, work))
    bad = 0
    kept = 0
    with concurrent.futures.ThreadPoolExecutor(jobs_n) as ex:
        for job, a, b in ex.map(one, jobs):
            kept += len(a.get("findings") or [])
            if a != b:
                bad += 1
                print("DIFFERS: %s line %d --scope %s" %
                      (os.path.relpath(os.path.join(job[1], job[2]), top), job[3], job[5]))
                print("  with the skip:    %s" % json.dumps(a)[:1500])
                print("  without the skip: %s" % json.dumps(b)[:1500])
    print("%d changes compared (%d findings kept with the skip), %d differ" %
          (len(jobs), kept, bad))
    # a comparison that never keeps a finding proves nothing
    if kept == 0:
        print("no finding was kept on any change: the comparison is vacuous")
        return 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
