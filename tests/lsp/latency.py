"""Re-diagnose latency of `diffvet lsp` after an edit: opens FILE (under
ROOT, whose compile_commands.json gives the flags), then makes N edits
(a statement-level change in the middle of the file, alternately added
and removed) and measures the time from sending didChange to receiving
the diagnostics of that version.
usage: latency.py DIFFVET ROOT FILE [N=20] [DEBOUNCE_MS=0]"""
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lsp_client import Client  # noqa: E402

diffvet, root, path = (os.path.abspath(a) for a in sys.argv[1:4])
n = int(sys.argv[4]) if len(sys.argv) > 4 else 20
debounce = int(sys.argv[5]) if len(sys.argv) > 5 else 0
uri = "file://" + path
text = open(path, encoding="utf-8", errors="surrogateescape").read()
lines = text.splitlines(keepends=True)
# an edit inside a function body near the middle: a new local statement
target = next(i for i in range(len(lines) // 2, len(lines)) if lines[i].strip() == "}")

c = Client([diffvet, "lsp", "-v"], cwd=root)
mid = c.request("initialize", {"rootUri": "file://" + root, "capabilities": {},
                               "initializationOptions": {"debounceMs": debounce}})
c.response(mid)
c.notify("initialized", {})
t0 = time.monotonic()
c.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "c", "version": 1,
                                                   "text": text}})
d = c.diagnostics(uri, 1, timeout=300)
first = (time.monotonic() - t0) * 1e3


def cpu_ms(pid):
    """utime + stime of the server (all threads), in ms: the cost of an
    analysis independent of how loaded the machine is."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1e3 / os.sysconf("SC_CLK_TCK")


times, cpu = [], []
for k in range(n):
    v = k + 2
    insert = k % 2 == 0
    change = {"range": {"start": {"line": target, "character": 0},
                        "end": {"line": target if insert else target + 1, "character": 0}},
              "text": "    (void)0;\n" if insert else ""}
    c0 = cpu_ms(c.proc.pid)
    t0 = time.monotonic()
    c.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": v},
                                        "contentChanges": [change]})
    c.diagnostics(uri, v, timeout=300)
    times.append((time.monotonic() - t0) * 1e3)
    cpu.append(cpu_ms(c.proc.pid) - c0)
mid = c.request("shutdown")
c.response(mid)
c.notify("exit")
c.proc.wait(timeout=30)
log = c.stderr_text().decode(errors="replace").splitlines()
times.sort()
cpu.sort()
p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
print("file: %s (%d lines), %d diagnostics" % (path, len(lines), len(d["diagnostics"])))
print("first analysis (parse + preamble): %.0f ms" % first)
print("re-diagnose after an edit, %d edits, debounce %d ms: median %.0f ms, p95 %.0f ms, "
      "min %.0f, max %.0f" % (n, debounce, statistics.median(times), p95, times[0], times[-1]))
print("server CPU per re-analysis: median %.0f ms, max %.0f ms (load average %.1f)"
      % (statistics.median(cpu), cpu[-1], os.getloadavg()[0]))
print("server log (last 3):\n  " + "\n  ".join(log[-3:]))
if os.environ.get("DV_LATENCY_LOG"):
    open(os.environ["DV_LATENCY_LOG"], "w").write("\n".join(log) + "\n")
