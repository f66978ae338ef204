"""Fork-server: the long-lived process inside one bubblewrap sandbox.

It reads one JSON request per line from the control channel (its original stdin), forks a fresh
child per test (rlbound_child), supervises it (wall clock, output caps), kills every process left
in the sandbox's PID namespace afterwards, wipes /tmp, judges the result and writes one JSON
response line. It never executes the untrusted program itself: it runs as PID 1 of the namespace
(immune to signals it has no handler for), is not dumpable (no ptrace, no /proc/1/mem) and, when
started as root, runs each child under a separate uid without capabilities.
"""
import ctypes
import gc
import json
import os
import reprlib
import selectors
import shutil
import signal
import stat
import sys
import time

HELPER_DIR = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HELPER_DIR)

import rlbound_child  # noqa: E402
from rlbound_codec import decode  # noqa: E402
from rlbound_compare import evalplus_matches, json_value_matches, poly_root_matches, stdout_matches  # noqa: E402

# Imported once here so children (copy-on-write forks) do not pay for them on every test.
PREIMPORT = ("typing", "collections", "itertools", "functools", "math", "heapq", "bisect", "re", "string",
             "json", "random", "decimal", "fractions", "copy", "operator", "statistics", "datetime", "io",
             "traceback", "types", "hashlib", "dataclasses", "array", "enum", "cmath", "queue")

# Set from the configuration: /tmp inside the sandbox, a private host directory without one.
TMP = "/tmp"
WORKDIR = "/tmp/work"
SHM = "/dev/shm"
ISOLATED = True
DETAIL_CHARS = 1000
READ_CHUNK = 65536


_REPR = reprlib.Repr()
_REPR.maxstring = 300
_REPR.maxother = 300
_REPR.maxlong = 300
_REPR.maxlist = _REPR.maxtuple = _REPR.maxset = _REPR.maxdict = 20


def _show(value):
    """Short repr for a failure message; never fails (huge ints cannot be printed in decimal)."""
    try:
        return _REPR.repr(value)
    except Exception:
        if isinstance(value, int):
            return "<int of %d bits>" % value.bit_length()
        return "<%s>" % type(value).__name__


def _set_not_dumpable():
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(4, 0, 0, 0, 0) != 0:  # PR_SET_DUMPABLE = 4
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_DUMPABLE, 0) failed")


def _clip(text, limit=DETAIL_CHARS):
    return text if len(text) <= limit else text[:limit] + "…[truncated]"


def _make_writable(path):
    try:
        os.chmod(path, stat.S_IRWXU)
    except OSError:
        pass


def wipe_tmp():
    """Remove everything the previous test left in /tmp (and /dev/shm), whatever permissions it set."""
    for base in (TMP, SHM) if ISOLATED else (TMP,):
        for entry in os.listdir(base):
            _remove(os.path.join(base, entry))


def _remove(path):
    if os.path.isdir(path) and not os.path.islink(path):
        for root, dirs, _ in os.walk(path):
            for d in dirs:
                _make_writable(os.path.join(root, d))
        _make_writable(path)
        shutil.rmtree(path, ignore_errors=True)
    else:
        try:
            os.unlink(path)
        except OSError:
            pass


def _children():
    me = str(os.getpid())
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % entry, "rb") as f:
                stat_line = f.read().decode("ascii", "replace")
        except OSError:
            continue
        if stat_line[stat_line.rfind(")") + 2:].split()[1] == me:
            found.append(int(entry))
    return found


def kill_everything_else():
    """SIGKILL every process in the namespace but this one, then reap until none is left.
    As PID 1 the server inherits every orphan, so ECHILD means the namespace is empty.
    Without a sandbox (--unsafe-no-sandbox) kill(-1) would hit every process of the user, so
    there the server is a child subreaper and kills its children until none are left."""
    if not ISOLATED:
        while True:
            kids = _children()
            for pid in kids:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            try:
                while os.waitpid(-1, os.WNOHANG)[0] != 0:
                    pass
            except ChildProcessError:
                return
            if not kids:
                time.sleep(0.001)
    try:
        os.kill(-1, signal.SIGKILL)
    except ProcessLookupError:
        pass
    while True:
        try:
            os.waitpid(-1, 0)
        except ChildProcessError:
            return
        except InterruptedError:
            continue


class Capture:
    """Bytes read from one pipe, up to a cap; remembers whether more arrived."""

    def __init__(self, cap):
        self.cap = cap
        self.data = bytearray()
        self.overflow = False

    def add(self, chunk):
        room = self.cap - len(self.data)
        if len(chunk) > room:
            self.data += chunk[:max(room, 0)]
            self.overflow = True
        else:
            self.data += chunk


class Supervision:
    """What happened while one child ran."""

    def __init__(self):
        self.status = None  # raw wait status of the first child
        self.rusage = None
        self.timed_out = False
        self.stopped_early = None  # reason the server cut the run short


def supervise(pid, pipes, stdin_data, wall_s, on_event_bytes):
    stdin_w, stdout_cap, stderr_cap, event_cap = pipes["stdin"], pipes["stdout"], pipes["stderr"], pipes["events"]
    sup = Supervision()
    sel = selectors.DefaultSelector()
    readers = {}
    for name, (fd, cap) in (("stdout", stdout_cap), ("stderr", stderr_cap), ("events", event_cap)):
        if fd is not None:
            os.set_blocking(fd, False)
            sel.register(fd, selectors.EVENT_READ, name)
            readers[fd] = (name, cap)
    pending = memoryview(stdin_data)
    if stdin_w is not None:
        if pending:
            os.set_blocking(stdin_w, False)
            sel.register(stdin_w, selectors.EVENT_WRITE, "stdin")
        else:
            os.close(stdin_w)
            stdin_w = None
    pidfd = os.pidfd_open(pid)
    sel.register(pidfd, selectors.EVENT_READ, "exit")
    deadline = time.monotonic() + wall_s
    while sup.status is None and sup.stopped_early is None:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            sup.timed_out = True
            break
        for key, _ in sel.select(remaining):
            tag = key.data
            if tag == "exit":
                _, sup.status, sup.rusage = os.wait4(pid, 0)
            elif tag == "stdin":
                try:
                    pending = pending[os.write(stdin_w, pending[:READ_CHUNK]):]
                except (BrokenPipeError, BlockingIOError) as exc:
                    if isinstance(exc, BrokenPipeError):
                        pending = pending[:0]
                if not pending:
                    sel.unregister(stdin_w)
                    os.close(stdin_w)
                    stdin_w = None
            else:
                fd = key.fd
                name, cap = readers[fd]
                try:
                    chunk = os.read(fd, READ_CHUNK)
                except BlockingIOError:
                    continue
                if not chunk:
                    sel.unregister(fd)
                    continue
                cap.add(chunk)
                if cap.overflow:
                    sup.stopped_early = name + "_limit"
                    break
                if name == "events":
                    reason = on_event_bytes()
                    if reason:
                        sup.stopped_early = reason
                        break
    sel.close()
    os.close(pidfd)
    if stdin_w is not None:
        os.close(stdin_w)
    kill_everything_else()
    if sup.status is None:
        try:
            _, sup.status, sup.rusage = os.wait4(pid, os.WNOHANG)
        except ChildProcessError:
            pass
    # Every writer is dead now, so draining ends at EOF.
    for fd, (name, cap) in readers.items():
        while True:
            try:
                chunk = os.read(fd, READ_CHUNK)
            except (BlockingIOError, OSError):
                break
            if not chunk:
                break
            cap.add(chunk)
        os.close(fd)
    return sup


class EventReader:
    """Parses the child's event lines incrementally; corrupt lines are the program's doing."""

    def __init__(self, capture):
        self.capture = capture
        self.offset = 0
        self.events = []
        self.corrupt = None

    def pull(self):
        data = self.capture.data
        while self.corrupt is None:
            end = data.find(b"\n", self.offset)
            if end < 0:
                return
            line = bytes(data[self.offset:end])
            self.offset = end + 1
            try:
                event = json.loads(line)
                if not isinstance(event, dict) or not isinstance(event.get("ev"), str):
                    raise ValueError("not an event")
                self.events.append(event)
            except (ValueError, RecursionError):
                self.corrupt = "the program wrote garbage to the result channel"


class CallJudge:
    """Compares outputs of a functional test with the expected ones as they arrive, so a wrong
    answer stops the child early (EvalPlus fast-fail) when asked to."""

    def __init__(self, test, events):
        self.test = test
        self.events = events
        self.checked = 0  # outputs compared so far
        self.seen = 0  # events looked at so far
        self.args = None
        self.record = test.get("expected") is None
        self.expected = None
        if not self.record:
            raw = json.loads(test["expected"])
            self.expected = [decode(x) for x in raw] if test.get("expected_codec") == "rlbound" else raw
        self.mismatch = None
        self.stop_on_mismatch = bool(test.get("stop_on_mismatch", True))

    def _inputs(self):
        if self.args is None:
            self.args = rlbound_child._parse_inputs(self.test)
        return self.args

    def matches(self, i, value):
        cmp = self.test.get("compare", "evalplus")
        exp = self.expected[i] if i < len(self.expected) else None
        if cmp == "poly_root":
            return poly_root_matches(self._inputs()[i], value, self.test.get("atol", 0))
        if cmp == "json":
            return json_value_matches(value, exp, self.test.get("float_tol"))
        return evalplus_matches(value, exp, self.test.get("atol", 0))

    def pull(self):
        if self.record:
            return None
        events = self.events.events
        while self.seen < len(events) and self.mismatch is None:
            event = events[self.seen]
            self.seen += 1
            if event["ev"] != "out":
                continue
            i = self.checked
            self.checked += 1
            try:
                value = decode(event.get("v"))
                ok = event.get("i") == i and i < len(self.expected) and self.matches(i, value)
            except (ValueError, TypeError, KeyError, RecursionError):
                value, ok = "<undecodable>", False
            if not ok:
                exp = self.expected[i] if i < len(self.expected) else "<no expected output>"
                self.mismatch = "input #%d: expected %s, got %s" % (i, _show(exp), _show(value))
        if self.mismatch is not None and self.stop_on_mismatch:
            return "wrong_answer"
        return None


def _signal_name(num):
    try:
        return signal.Signals(num).name
    except ValueError:
        return "signal %d" % num


MEMORY_HINTS = ("MemoryError", "Cannot allocate memory", "out of memory", "std::bad_alloc")


def judge(request, sup, stdout, stderr, events, call_judge):
    test = request["test"]
    kind = test["kind"]
    limits = request["limits"]
    evs = events.events
    started = any(e["ev"] == "start" for e in evs)
    status = sup.status
    exited = status is not None and os.WIFEXITED(status)
    code = os.WEXITSTATUS(status) if exited else None
    sig = os.WTERMSIG(status) if status is not None and os.WIFSIGNALED(status) else None
    err_text = stderr.data.decode("utf-8", "replace")
    cpu_s = (sup.rusage.ru_utime + sup.rusage.ru_stime) if sup.rusage else 0.0
    out = {"exit_code": code, "signal": _signal_name(sig) if sig else None, "cpu_ms": round(cpu_s * 1000, 3),
           "stdout_truncated": stdout.overflow, "stderr_truncated": stderr.overflow}

    def result(status_, detail=""):
        out["status"] = status_
        out["detail"] = _clip(detail)
        return out

    if not started:  # nothing of the program ran yet, so whatever happened is not its doing
        why = "did not finish setting up within %gs" % limits["wall_s"] if sup.timed_out else "died while setting up (exit %s, %s)" % (code, out["signal"])
        return result("sandbox_error", "the child %s: %s" % (why, err_text[-500:]))
    if sup.stopped_early in ("stdout_limit", "stderr_limit"):
        return result("output_limit", "%s exceeded %d bytes" % (sup.stopped_early[:6], stdout.cap if sup.stopped_early == "stdout_limit" else stderr.cap))
    if sup.stopped_early == "events_limit":
        return result("output_limit", "results exceeded %d bytes" % limits["result_bytes"])
    if events.corrupt:
        return result("error", events.corrupt)
    if sup.timed_out:
        return result("timeout", "wall-clock limit of %gs exceeded" % limits["wall_s"])
    if sig == signal.SIGXCPU or (sig == signal.SIGKILL and cpu_s >= limits["cpu_s"]):
        return result("timeout", "CPU limit of %gs exceeded" % limits["cpu_s"])
    exc = next((e for e in evs if e["ev"] == "exc"), None)
    if exc is not None and exc.get("type") == "MemoryError":
        return result("memory", "MemoryError (address-space limit %d MiB)" % limits["memory_mb"])
    if sig is not None and any(h in err_text for h in MEMORY_HINTS):
        return result("memory", "killed by %s after an allocation failure" % out["signal"])
    tle = next((e for e in evs if e["ev"] == "tle"), None)
    if tle is not None:
        return result("timeout", "input #%s exceeded its time limit" % tle.get("i"))
    if call_judge is not None and call_judge.mismatch is not None:
        return result("fail", call_judge.mismatch)
    if exc is not None:
        name = exc.get("type", "Exception")
        detail = "%s: %s" % (name, exc.get("msg", ""))
        if kind == "script" and name == "AssertionError":
            return result("fail", detail)
        return result("error", detail)
    if sig is not None:
        return result("error", "killed by %s" % out["signal"])
    if kind == "stdio":
        if code != 0:
            return result("error", "exit status %s" % code)
        actual = stdout.data.decode("utf-8", "replace")
        if stdout_matches(actual, test["expected_stdout"], test.get("float_tol")):
            return result("pass")
        return result("fail", "expected %s, got %s" % (_clip(repr(test["expected_stdout"]), 300), _clip(repr(actual), 300)))
    if kind == "script":
        return result("pass") if code == 0 else result("fail", "exit status %s" % code)
    # Functional test: every input must have produced a (matching) output.
    outs = [e for e in evs if e["ev"] == "out"]
    total = len(call_judge._inputs())
    out["inputs_total"] = total
    out["inputs_done"] = len(outs)
    if len(outs) < total or not any(e["ev"] == "done" for e in evs):
        return result("error", "the program exited (status %s) after %d of %d inputs" % (code, len(outs), total))
    if call_judge.record:
        out["outputs"] = json.dumps([e.get("v") for e in outs])
        out["times_s"] = [e.get("t", 0.0) for e in outs]
    return result("pass")


def run_test(request, config):
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
    sup = supervise(pid, pipes, stdin_data, limits["wall_s"], on_events)
    duration_ms = (time.monotonic() - started) * 1000
    events.pull()
    if call_judge is not None and not events.corrupt:
        call_judge.pull()
    result = judge(request, sup, stdout, stderr, events, call_judge)
    result["duration_ms"] = round(duration_ms, 3)
    if kind != "call":
        result["stdout_head"] = _clip(stdout.data[:2000].decode("utf-8", "replace"), 500)
    result["stderr_tail"] = _clip(stderr.data[-2000:].decode("utf-8", "replace"), 1000)
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
    os.chmod(TMP, 0o755)  # children write only in WORKDIR
    # Objects that exist now are never collected by the server: children then do not touch
    # (and copy) their pages when their own garbage collector runs.
    gc.freeze()

    def send(obj):
        data = memoryview((json.dumps(obj) + "\n").encode("utf-8"))
        while data:
            data = data[os.write(control_out, data):]

    send({"ready": True, "pid": os.getpid(), "python": sys.version.split()[0], "uid": os.getuid()})
    for line in control_in:
        request = json.loads(line)
        try:
            result = run_test(request, config)
        except Exception as exc:  # a bug or a broken sandbox, never the program's failure
            kill_everything_else()
            result = {"status": "sandbox_error", "detail": _clip("fork-server: %s: %s" % (type(exc).__name__, exc))}
        result["id"] = request.get("id")
        send(result)


if __name__ == "__main__":
    main()
