"""Speaks raw framed LSP to `diffvet lsp`: lifecycle, diagnostics on open
and change, code actions, close, secrets, bad input.
usage: protocol_test.py DIFFVET SOURCE_DIR WORK_DIR"""
import json
import os
import random
import shutil
import string
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lsp_client import Client  # noqa: E402

diffvet, src, work = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2]), os.path.abspath(sys.argv[3])
failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


shutil.rmtree(work, ignore_errors=True)
os.makedirs(work)
for name in ("command_bad.c", "failed_callee_bad.c"):
    shutil.copy(os.path.join(src, "testdata/injection", name), work)
root_uri = "file://" + work


def uri(name):
    return root_uri + "/" + name


def expected_lines(text, rule):
    return sorted(i for i, line in enumerate(text.splitlines()) if "expect: " + rule in line)


def start():
    return Client([diffvet, "lsp"], cwd=work,
                  env=dict(os.environ, DIFFVET_LSP_DEBOUNCE_MS="10"))


c = start()
# requests before initialize: ServerNotInitialized, notifications dropped
mid = c.request("textDocument/codeAction", {})
r = c.response(mid)
check(r.get("error", {}).get("code") == -32002, "request before initialize -> -32002")

mid = c.request("initialize", {"processId": None, "rootUri": root_uri, "capabilities": {}})
r = c.response(mid)["result"]
sync = r["capabilities"]["textDocumentSync"]
check(sync["openClose"] and sync["change"] in (1, 2) and "save" in sync, "textDocumentSync advertised")
check(r["capabilities"].get("codeActionProvider") is True, "codeActionProvider advertised")
check(r["serverInfo"]["name"] == "diffvet", "serverInfo")
c.notify("initialized", {})

mid = c.request("initialize", {"capabilities": {}})
check(c.response(mid).get("error", {}).get("code") == -32600, "second initialize refused")

# unknown request / notification
c.notify("$/unknownNotification", {"x": 1})
mid = c.request("no/suchMethod", {})
r = c.response(mid)
check(r.get("error", {}).get("code") == -32601, "unknown request -> MethodNotFound")
check(len(c.seen) == 4, "notifications are never answered")

# wrong types
mid = c.request("textDocument/codeAction", "not an object")
check(c.response(mid).get("error", {}).get("code") == -32602, "string params -> InvalidParams")
c.notify("textDocument/didOpen", {"textDocument": {"uri": 42, "text": None}})
c.send({"jsonrpc": "2.0", "id": {"bad": 1}, "method": "x"})
r = c.read()
check(r.get("error", {}).get("code") == -32600 and r.get("id") is None, "object id -> InvalidRequest")

# bad JSON and a bad header: errors, the server goes on
c.send_raw(b"Content-Length: 9\r\n\r\n{not json")
r = c.read()
check(r.get("error", {}).get("code") == -32700 and r.get("id") is None, "bad JSON -> ParseError")
c.send_raw(b"Content-Length: banana\r\n\r\n")
r = c.read()
check(r.get("error", {}).get("code") == -32700, "malformed header -> error")
big = b"[" + b" " * (65 << 20) + b"]"
c.send_raw(b"Content-Length: %d\r\n\r\n" % len(big) + big)
r = c.read()
check(r.get("error", {}).get("code") == -32600, "message above the cap rejected")
del big

# didOpen -> diagnostics
text = open(os.path.join(work, "command_bad.c")).read()
want = expected_lines(text, "injection/command")
c.notify("textDocument/didOpen", {"textDocument": {"uri": uri("command_bad.c"), "languageId": "c",
                                                   "version": 1, "text": text}})
d = c.diagnostics(uri("command_bad.c"), 1)
got = sorted(x["range"]["start"]["line"] for x in d["diagnostics"] if x.get("code") == "injection/command")
check(got == want, "didOpen: injection/command at lines %s (got %s)" % (want, got))
first = [x for x in d["diagnostics"] if x.get("code") == "injection/command"][0]
check(first["source"] == "diffvet" and first["severity"] == 1, "source and severity")
check(first["codeDescription"]["href"].endswith("rules.md#injectioncommand"), "codeDescription.href")
check(any("relatedInformation" in x for x in d["diagnostics"]), "code flow as relatedInformation")

# didChange (incremental): neutralise the first sink line, then check the update
line = want[0]
old = text.splitlines()[line]
col = old.index("system(")
c.notify("textDocument/didChange", {
    "textDocument": {"uri": uri("command_bad.c"), "version": 2},
    "contentChanges": [{"range": {"start": {"line": line, "character": col},
                                  "end": {"line": line, "character": col + len("system")}},
                        "text": "puts"}]})
d = c.diagnostics(uri("command_bad.c"), 2)
got = sorted(x["range"]["start"]["line"] for x in d["diagnostics"] if x.get("code") == "injection/command")
check(got == want[1:], "didChange: the fixed line's finding is gone (got %s)" % got)

# a burst of changes: only the last version is published
for v in range(3, 8):
    c.notify("textDocument/didChange", {"textDocument": {"uri": uri("command_bad.c"), "version": v},
                                        "contentChanges": [{"text": text}]})
d = c.diagnostics(uri("command_bad.c"), 7)
got = sorted(x["range"]["start"]["line"] for x in d["diagnostics"] if x.get("code") == "injection/command")
check(got == want, "burst of full changes: the last version is analysed")

# leading-edge debounce: a change after a quiet spell is analysed at once,
# the debounce only holds back the changes that follow it closely
slow = Client([diffvet, "lsp"], cwd=work, env=dict(os.environ, DIFFVET_LSP_DEBOUNCE_MS="10000"))
mid = slow.request("initialize", {"processId": None, "rootUri": root_uri, "capabilities": {}})
slow.response(mid)
slow.notify("initialized", {})
slow.notify("textDocument/didOpen", {"textDocument": {"uri": uri("command_bad.c"), "languageId": "c",
                                                      "version": 1, "text": text}})
slow.diagnostics(uri("command_bad.c"), 1)
t0 = time.monotonic()
slow.notify("textDocument/didChange", {"textDocument": {"uri": uri("command_bad.c"), "version": 2},
                                       "contentChanges": [{"text": text + "\n"}]})
slow.diagnostics(uri("command_bad.c"), 2, timeout=60)
check(time.monotonic() - t0 < 8.0, "a lone change does not wait for the 10 s debounce")
t0 = time.monotonic()
slow.notify("textDocument/didChange", {"textDocument": {"uri": uri("command_bad.c"), "version": 3},
                                       "contentChanges": [{"text": text}]})
slow.diagnostics(uri("command_bad.c"), 3, timeout=60)
check(time.monotonic() - t0 >= 9.5, "a change right after another one waits for the debounce")
mid = slow.request("shutdown")
slow.response(mid)
slow.notify("exit")
slow.close()

# code actions: suppress and explain
mid = c.request("textDocument/codeAction", {"textDocument": {"uri": uri("command_bad.c")},
                                            "range": first["range"], "context": {"diagnostics": [first]}})
acts = c.response(mid)["result"]
sup = [a for a in acts if a["title"].startswith("Suppress injection/command")]
check(len(sup) == 1, "code action: suppress")
if sup:
    edit = sup[0]["edit"]["changes"][uri("command_bad.c")][0]
    check("diffvet-ignore[injection/command]:" in edit["newText"], "suppress inserts diffvet-ignore")
    # apply it and see the finding suppressed
    lines = text.splitlines(keepends=True)
    lines.insert(edit["range"]["start"]["line"], edit["newText"])
    c.notify("textDocument/didChange", {"textDocument": {"uri": uri("command_bad.c"), "version": 8},
                                        "contentChanges": [{"text": "".join(lines)}]})
    d = c.diagnostics(uri("command_bad.c"), 8)
    got = [x for x in d["diagnostics"] if x.get("code") == "injection/command"]
    check(len(got) == len(want) - 1, "applied suppression hides that finding")
exp = [a for a in acts if a["title"].startswith("Explain")]
check(len(exp) == 1, "code action: explain")
if exp:
    mid = c.request("workspace/executeCommand", exp[0]["command"])
    r = c.response(mid)
    check("injection/command" in r.get("result", {}).get("value", ""), "explain returns the help")

# coverage gaps are shown, not silence
gtext = open(os.path.join(work, "failed_callee_bad.c")).read()
c.notify("textDocument/didOpen", {"textDocument": {"uri": uri("failed_callee_bad.c"), "languageId": "c",
                                                   "version": 1, "text": gtext}})
d = c.diagnostics(uri("failed_callee_bad.c"), 1)
cov = [x for x in d["diagnostics"] if x.get("code") == "diffvet/coverage"]
check(any("pass_through" in x["message"] for x in cov), "coverage gap on the function")
check(any(x["range"]["start"]["line"] == 0 and "incomplete" in x["message"] for x in cov),
      "incomplete analysis at the top of the file")

# UTF-16 columns: a non-BMP character before the sink on its line
utext = '#include <stdlib.h>\nvoid f(void) { /* \U0001F600 */ system(getenv("X")); }\n'
c.notify("textDocument/didOpen", {"textDocument": {"uri": uri("utf16.c"), "languageId": "c",
                                                   "version": 1, "text": utext}})
d = c.diagnostics(uri("utf16.c"), 1)
inj = [x for x in d["diagnostics"] if x.get("code") == "injection/command"]
line1 = utext.splitlines()[1]
want_col = len(line1[:line1.index("system")].encode("utf-16-le")) // 2
check(len(inj) == 1 and inj[0]["range"]["start"]["character"] == want_col,
      "UTF-16 column %d (got %s)" % (want_col, [x["range"]["start"] for x in inj]))

# a secret never appears in full
alphabet = string.ascii_uppercase + "234567"
secret = "AKIA" + "".join(random.choice(alphabet) for _ in range(16))
stext = ('#include <stdio.h>\nstatic const char *aws_key = "%s";\n'
         'void g(void) { printf("%%s", aws_key); }\n' % secret)
c.notify("textDocument/didOpen", {"textDocument": {"uri": uri("secret.c"), "languageId": "c",
                                                   "version": 1, "text": stext}})
d = c.diagnostics(uri("secret.c"), 1)
check(any(x.get("code", "").startswith("secrets/") for x in d["diagnostics"]), "secret reported")

# didClose clears
c.notify("textDocument/didClose", {"textDocument": {"uri": uri("command_bad.c")}})
d = c.diagnostics(uri("command_bad.c"))
check(d["diagnostics"] == [], "didClose clears the diagnostics")

mid = c.request("shutdown")
check(c.response(mid).get("result", 1) is None, "shutdown -> null")
mid = c.request("textDocument/codeAction", {})
check(c.response(mid).get("error", {}).get("code") == -32600, "request after shutdown refused")
c.notify("exit")
rc = c.proc.wait(timeout=30)
err = c.stderr_text()
check(rc == 0, "exit after shutdown -> 0 (got %s)" % rc)
check(all(secret.encode() not in b for b in c.seen) and secret.encode() not in err,
      "the secret never appears in full")

# EOF in the middle of a message: clean exit 1, no hang
c = start()
mid = c.request("initialize", {"rootUri": root_uri, "capabilities": {}})
c.response(mid)
c.send_raw(b"Content-Length: 100\r\n\r\n{\"jsonrpc\":")
t0 = time.monotonic()
rc = c.close()
check(rc == 1 and time.monotonic() - t0 < 10, "EOF mid-message: exit 1 (got %s)" % rc)

# exit without shutdown
c = start()
c.notify("exit")
check(c.proc.wait(timeout=10) == 1, "exit without shutdown -> 1")

# diff awareness: initializationOptions.diffBase reports only what the
# buffer changed against that revision (unsaved text, diffed in memory)
import subprocess  # noqa: E402
repo = os.path.join(work, "repo")
os.makedirs(repo)
base_text = ('#include <stdio.h>\n#include <stdlib.h>\n'
             'void old_one(void) { system(getenv("OLD")); }\n')
with open(os.path.join(repo, "app.c"), "w") as f:
    f.write(base_text)
genv = dict(os.environ, GIT_CONFIG_NOSYSTEM="1", HOME=work, GIT_CEILING_DIRECTORIES=work)
for cmd in (["init", "-q", "."], ["add", "app.c"],
            ["-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-qm", "base"]):
    subprocess.run(["git"] + cmd, cwd=repo, env=genv, check=True)
edited = base_text + 'void new_one(const char *s) { printf(s); } void (*new_one_cb)(const char *) = new_one;\n'
app_uri = "file://" + repo + "/app.c"
c = Client([diffvet, "lsp"], cwd=repo, env=dict(genv, DIFFVET_LSP_DEBOUNCE_MS="10"))
mid = c.request("initialize", {"rootUri": "file://" + repo, "capabilities": {},
                               "initializationOptions": {"diffBase": "HEAD"}})
c.response(mid)
c.notify("initialized", {})
c.notify("textDocument/didOpen", {"textDocument": {"uri": app_uri, "languageId": "c",
                                                   "version": 1, "text": edited}})
d = c.diagnostics(app_uri, 1)
found = sorted((x["code"], x["range"]["start"]["line"]) for x in d["diagnostics"]
               if x.get("severity", 1) <= 2)
check(found == [("injection/format-string", 3)],
      "diffBase HEAD: only the added line's finding (got %s)" % found)
mid = c.request("shutdown")
c.response(mid)
c.notify("exit")
c.proc.wait(timeout=30)
# without diffBase the same buffer shows both
c = Client([diffvet, "lsp"], cwd=repo, env=dict(genv, DIFFVET_LSP_DEBOUNCE_MS="10"))
mid = c.request("initialize", {"rootUri": "file://" + repo, "capabilities": {}})
c.response(mid)
c.notify("initialized", {})
c.notify("textDocument/didOpen", {"textDocument": {"uri": app_uri, "languageId": "c",
                                                   "version": 1, "text": edited}})
d = c.diagnostics(app_uri, 1)
found = sorted(x["code"] for x in d["diagnostics"] if x.get("severity", 1) <= 2)
check(found == ["injection/command", "injection/format-string"],
      "no diffBase: the whole file (got %s)" % found)
c.close()
# a bad diffBase is refused at initialize
c = Client([diffvet, "lsp"], cwd=repo, env=genv)
mid = c.request("initialize", {"rootUri": "file://" + repo, "capabilities": {},
                               "initializationOptions": {"diffBase": "--output=/tmp/x"}})
check(c.response(mid).get("error", {}).get("code") == -32602, "diffBase '--...' refused")
c.close()

print("%d failure(s)" % len(failures))
sys.exit(1 if failures else 0)
