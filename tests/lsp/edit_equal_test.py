"""The diagnostics after edits equal a fresh analysis of the same text.

For every fixture of testdata/ (copied to WORK_DIR): open it in `diffvet
lsp`, edit it (a comment above everything, which invalidates the
precompiled preamble; a null statement at the top of a function body; the
comment removed again, which brings the first preamble back), then compare
the diagnostics of the last version with
  - a fresh open of the same text (the document closed first, so the
    server parses a new unit), exactly;
  - `diffvet check --format json` of the same text written to disk: the
    same findings (rule, line, column, message).
usage: edit_equal_test.py DIFFVET SOURCE_DIR WORK_DIR"""
import json
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lsp_client import Client  # noqa: E402

diffvet, src, work = (os.path.abspath(a) for a in sys.argv[1:4])
failures = []


def check(cond, what):
    if not cond:
        print("FAIL " + what)
        failures.append(what)


shutil.rmtree(work, ignore_errors=True)
os.makedirs(work)
files = []
for family in sorted(os.listdir(os.path.join(src, "testdata"))):
    d = os.path.join(src, "testdata", family)
    if family == "index" or not os.path.isdir(d):  # index/: multi-file cases with their own runner
        continue
    shutil.copytree(d, os.path.join(work, family))
    for dirpath, _, names in os.walk(os.path.join(work, family)):
        files += [os.path.join(dirpath, n) for n in sorted(names) if n.endswith((".c", ".cpp"))]
files.sort()
# every third fixture (each family is represented), and all of those
# without a compile database whose flags are inferred from their text
files = [f for i, f in enumerate(files)
         if i % 3 == 0 or "/recovery/" in f or "noheaders" in f]


def findings_of(diags):
    """(rule, line, col, message) of the findings: the coverage and parse
    notes of the server have no rule id of a family."""
    out = []
    for d in diags:
        code = d.get("code", "")
        if "/" in code and not code.startswith("diffvet/"):
            out.append((code, d["range"]["start"]["line"] + 1, d["range"]["start"]["character"] + 1,
                        d["message"]))
    return sorted(out)


def cli_findings(path):
    r = subprocess.run([diffvet, "check", "--format", "json", os.path.relpath(path, work)],
                       cwd=work, capture_output=True, text=True, timeout=120)
    report = json.loads(r.stdout)
    return sorted((f["rule"], f["line"], f["col"], f["message"])
                  for f in report["findings"] if not f.get("suppressed"))


def body_start(lines):
    """Index of the first line of a function body (`{` alone after a
    declarator line), or None."""
    for i in range(1, len(lines)):
        if lines[i].strip() == "{" and lines[i - 1].rstrip().endswith(")"):
            return i + 1
    return None


c = Client([diffvet, "lsp"], cwd=work)
mid = c.request("initialize", {"rootUri": "file://" + work, "capabilities": {},
                               "initializationOptions": {"debounceMs": 0}})
c.response(mid)
c.notify("initialized", {})
compared = 0
for path in files:
    uri = "file://" + path
    name = os.path.relpath(path, work)
    text = open(path, encoding="utf-8", errors="surrogateescape").read()
    lang = "cpp" if path.endswith(".cpp") else "c"
    c.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": lang,
                                                       "version": 1, "text": text}})
    c.diagnostics(uri, 1, timeout=120)
    lines = text.splitlines(keepends=True)
    edits = [({"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
              "/* an edit above the includes */\n")]
    b = body_start(lines)
    if b is not None:
        edits.append(({"start": {"line": b + 1, "character": 0},
                       "end": {"line": b + 1, "character": 0}}, "\t;\n"))
        lines.insert(b, "\t;\n")
    edits.append(({"start": {"line": 0, "character": 0}, "end": {"line": 1, "character": 0}}, ""))
    final = "".join(lines)
    v = 1
    for rng, new in edits:
        v += 1
        c.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": v},
                                            "contentChanges": [{"range": rng, "text": new}]})
        after = c.diagnostics(uri, v, timeout=120)["diagnostics"]
    c.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    c.diagnostics(uri, None, timeout=120)  # the clearing
    c.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": lang,
                                                       "version": 100, "text": final}})
    fresh = c.diagnostics(uri, 100, timeout=120)["diagnostics"]
    c.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    c.diagnostics(uri, None, timeout=120)
    key = lambda d: json.dumps(d, sort_keys=True)  # noqa: E731
    check(sorted(map(key, after)) == sorted(map(key, fresh)),
          "%s: diagnostics after edits differ from a fresh open:\n  after %s\n  fresh %s"
          % (name, sorted(map(key, after)), sorted(map(key, fresh))))
    with open(path, "w", encoding="utf-8", errors="surrogateescape") as f:
        f.write(final)
    cli = cli_findings(path)
    check(findings_of(after) == cli, "%s: server %s, CLI %s" % (name, findings_of(after), cli))
    compared += 1 if cli else 0
mid = c.request("shutdown")
c.response(mid)
c.notify("exit")
c.proc.wait(timeout=30)
check(compared >= 10, "at least 10 fixtures with findings compared (%d)" % compared)
print("%d files, %d with findings: %s" % (len(files), compared,
                                          "FAILED %d" % len(failures) if failures else "all equal"))
sys.exit(1 if failures else 0)
