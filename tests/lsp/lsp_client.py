"""A minimal LSP client over a child's stdin/stdout (raw Content-Length
framing), shared by the protocol test and the latency benchmark."""
import json
import os
import select
import subprocess
import tempfile
import time


class Client:
    def __init__(self, argv, cwd=None, env=None):
        # stderr to a file: a pipe nobody reads could fill and block the server
        self.stderr = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=self.stderr, cwd=cwd, env=env)
        self.buf = b""
        self.seen = []  # every raw body received, for the secret check
        self.next_id = 1

    def send_raw(self, data):
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def send(self, msg):
        body = json.dumps(msg).encode()
        self.send_raw(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def request(self, method, params=None):
        mid = self.next_id
        self.next_id += 1
        msg = {"jsonrpc": "2.0", "id": mid, "method": method}
        if params is not None:
            msg["params"] = params
        self.send(msg)
        return mid

    def notify(self, method, params=None):
        msg = {"jsonrpc": "2.0", "method": method}
        if params is not None:
            msg["params"] = params
        self.send(msg)

    def _fill(self, deadline):
        fd = self.proc.stdout.fileno()
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("no message from the server in time")
        r, _, _ = select.select([fd], [], [], left)
        if not r:
            raise TimeoutError("no message from the server in time")
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            raise EOFError("server closed its output")
        self.buf += chunk

    def read(self, timeout=30.0):
        deadline = time.monotonic() + timeout
        while b"\r\n\r\n" not in self.buf:
            self._fill(deadline)
        head, rest = self.buf.split(b"\r\n\r\n", 1)
        length = None
        for line in head.split(b"\r\n"):
            k, _, v = line.partition(b":")
            if k.strip().lower() == b"content-length":
                length = int(v.strip())
        assert length is not None, "response without Content-Length: %r" % head
        while len(rest) < length:
            self.buf = head + b"\r\n\r\n" + rest
            self._fill(deadline)
            head, rest = self.buf.split(b"\r\n\r\n", 1)
        body, self.buf = rest[:length], rest[length:]
        self.seen.append(body)
        return json.loads(body)

    def wait_for(self, pred, timeout=30.0):
        """Next message satisfying pred (others are skipped, kept in seen)."""
        deadline = time.monotonic() + timeout
        while True:
            m = self.read(max(0.01, deadline - time.monotonic()))
            if pred(m):
                return m

    def response(self, mid, timeout=30.0):
        return self.wait_for(lambda m: m.get("id") == mid and "method" not in m, timeout)

    def diagnostics(self, uri, version=None, timeout=60.0):
        def match(m):
            return (m.get("method") == "textDocument/publishDiagnostics"
                    and m["params"]["uri"] == uri
                    and (version is None or m["params"].get("version") == version))
        return self.wait_for(match, timeout)["params"]

    def stderr_text(self):
        self.stderr.seek(0)
        return self.stderr.read()

    def close(self):
        try:
            self.proc.stdin.close()
        except BrokenPipeError:
            pass
        return self.proc.wait(timeout=30)
