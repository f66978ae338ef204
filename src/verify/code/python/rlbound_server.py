"""Fork-server: the long-lived process inside one bubblewrap sandbox.

It reads one JSON request per line from the control channel (its original stdin), forks a fresh
child per test (rlbound_child), supervises it (rlbound_supervise: wall clock, output caps), kills
every process left in the sandbox's PID namespace afterwards, wipes /tmp, judges the result
(rlbound_judge) and writes one JSON response line. It never executes the untrusted program
itself: it runs as PID 1 of the namespace (immune to signals it has no handler for), is not
dumpable (no ptrace, no /proc/1/mem) and, when started as root, runs each child under a separate
uid without capabilities.
"""
import ctypes
import gc
import json
import os
import shutil
import signal
import stat
import sys
import time

HELPER_DIR = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HELPER_DIR)

import rlbound_child  # noqa: E402
from rlbound_judge import CallJudge, EventReader, clip, judge  # noqa: E402
from rlbound_supervise import Capture, kill_everything_else, supervise  # noqa: E402

# Imported once here so children (copy-on-write forks) do not pay for them on every test.
PREIMPORT = ("typing", "collections", "itertools", "functools", "math", "heapq", "bisect", "re", "string",
             "json", "random", "decimal", "fractions", "copy", "operator", "statistics", "datetime", "io",
             "traceback", "types", "hashlib", "dataclasses", "array", "enum", "cmath", "queue")

# Set from the configuration: /tmp inside the sandbox, a private host directory without one.
TMP = "/tmp"
WORKDIR = "/tmp/work"
SHM = "/dev/shm"
ISOLATED = True


def _set_not_dumpable():
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(4, 0, 0, 0, 0) != 0:  # PR_SET_DUMPABLE = 4
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_DUMPABLE, 0) failed")


def _make_writable(path):
    try:
        os.chmod(path, stat.S_IRWXU)
    except OSError:
        pass


def wipe_tmp():
    """Remove everything the previous test left in /tmp (and /dev/shm), whatever permissions it set."""
    # A child running as the server's own uid (no root) may have chmod-ed them shut.
    for base, mode in ((TMP, 0o755), (SHM, 0o1777)) if ISOLATED else ((TMP, 0o700),):
        os.chmod(base, mode)
        for entry in os.listdir(base):
            _remove(os.path.join(base, entry))


def _remove(path):
    # Every process of the test is dead by now, so nothing changes under our feet; symlinks are
    # never followed (chmod would follow one to /tmp itself and lock the next child out).
    if os.path.isdir(path) and not os.path.islink(path):
        for root, dirs, _ in os.walk(path):
            for d in dirs:
                sub = os.path.join(root, d)
                if not os.path.islink(sub):
                    _make_writable(sub)
        _make_writable(path)
        shutil.rmtree(path, ignore_errors=True)
    else:
        try:
            os.unlink(path)
        except OSError:
            pass


def run_test(request, config, receive_expectations):
    """Runs one test. The expected outputs are asked for (receive_expectations) only after the
    fork, so no live object in the child's copy of this process holds them."""
    limits = request["limits"]
    test = request["test"]
    kind = test["kind"]
    wipe_tmp()
    os.mkdir(WORKDIR)
    os.chmod(WORKDIR, 0o777)
    stdin_r, stdin_w = os.pipe()
    err_r, err_w = os.pipe()
    ev_r, ev_w = os.pipe()
    if kind == "call":  # EvalPlus swallows what functional tests print
        out_r, out_w = None, os.open(os.devnull, os.O_WRONLY)
    else:
        out_r, out_w = os.pipe()
    identity = config.get("child_identity")
    started = time.monotonic()
    pid = os.fork()
    if pid == 0:
        rlbound_child.main(request, (stdin_r, out_w, err_w, ev_w), identity, config["child_env"], WORKDIR, HELPER_DIR)
    for fd in (stdin_r, out_w, err_w, ev_w):
        os.close(fd)
    test.update(receive_expectations())
    stdout = Capture(limits["output_bytes"])
    stderr = Capture(limits["output_bytes"])
    event_capture = Capture(limits["result_bytes"])
    events = EventReader(event_capture)
    call_judge = CallJudge(test, events) if kind == "call" else None

    def on_events():
        events.pull()
        if events.corrupt:
            return "corrupt_events"
        return call_judge.pull() if call_judge else None

    stdin_data = test.get("stdin", "").encode("utf-8") if kind == "stdio" else b""
    pipes = {"stdin": stdin_w, "stdout": (out_r, stdout), "stderr": (err_r, stderr), "events": (ev_r, event_capture)}
    sup = supervise(pid, pipes, stdin_data, limits["wall_s"], on_events, ISOLATED)
    duration_ms = (time.monotonic() - started) * 1000
    events.pull()
    if call_judge is not None and not events.corrupt:
        call_judge.pull()
    result = judge(request, sup, stdout, stderr, events, call_judge)
    result["duration_ms"] = round(duration_ms, 3)
    if kind != "call":
        result["stdout_head"] = clip(stdout.data[:2000].decode("utf-8", "replace"), 500)
    result["stderr_tail"] = clip(stderr.data[-2000:].decode("utf-8", "replace"), 1000)
    wipe_tmp()
    return result


def main():
    global TMP, WORKDIR, ISOLATED
    config = json.loads(sys.argv[1])
    ISOLATED = bool(config.get("isolated", True))
    TMP = config.get("tmp", "/tmp")
    WORKDIR = os.path.join(TMP, "work")
    control_in = os.fdopen(os.dup(0), "rb")
    control_out = os.dup(1)
    null = os.open(os.devnull, os.O_RDWR)
    os.dup2(null, 0)
    os.dup2(null, 1)
    _set_not_dumpable()
    if not ISOLATED:
        ctypes.CDLL(None).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER: orphans come back here
    # As PID 1, signals without a handler are ignored when sent from inside the namespace;
    # Python's SIGINT handler would otherwise let a child interrupt the server.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    for name in PREIMPORT:
        try:
            __import__(name)
        except ImportError:
            pass
    wipe_tmp()  # also sets the modes: children write only in WORKDIR
    # Objects that exist now are never collected by the server: children then do not touch
    # (and copy) their pages when their own garbage collector runs.
    gc.freeze()

    def send(obj):
        data = memoryview((json.dumps(obj) + "\n").encode("utf-8"))
        while data:
            data = data[os.write(control_out, data):]

    send({"ready": True, "pid": os.getpid(), "python": sys.version.split()[0], "uid": os.getuid()})
    def receive_expectations(request_id):
        send({"forked": request_id})
        line = control_in.readline()
        if not line:
            raise EOFError("control channel closed")
        answer = json.loads(line)
        if answer.get("id") != request_id or not isinstance(answer.get("expect"), dict):
            raise ValueError("expected the expectations of request %s" % request_id)
        return answer["expect"]

    for line in control_in:
        request = json.loads(line)
        try:
            result = run_test(request, config, lambda: receive_expectations(request.get("id")))
        except Exception as exc:  # a bug or a broken sandbox, never the program's failure
            kill_everything_else(ISOLATED)
            result = {"status": "sandbox_error", "detail": clip("fork-server: %s: %s" % (type(exc).__name__, exc))}
        result["id"] = request.get("id")
        send(result)


if __name__ == "__main__":
    main()
