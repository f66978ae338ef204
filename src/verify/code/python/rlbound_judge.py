"""Verdicts of one test from what the server observed: the child's events (parsed defensively,
they come from the untrusted process), its exit status, its output and the comparison rules."""
import json
import os
import reprlib
import signal

import rlbound_child
from rlbound_codec import decode
from rlbound_compare import evalplus_matches, json_value_matches, poly_root_matches, stdout_matches

DETAIL_CHARS = 1000


def clip(text, limit=DETAIL_CHARS):
    return text if len(text) <= limit else text[:limit] + "…[truncated]"


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


class EventReader:
    """Parses the child's event lines incrementally; corrupt lines are the program's doing."""

    def __init__(self, capture):
        self.capture = capture
        self.offset = 0  # start of the first unparsed line
        self.scanned = 0  # no newline before this position (a long line is not rescanned)
        self.events = []
        self.corrupt = None

    def pull(self):
        data = self.capture.data
        while self.corrupt is None:
            end = data.find(b"\n", max(self.offset, self.scanned))
            if end < 0:
                self.scanned = len(data)
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
        out["detail"] = clip(detail)
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
        return result("fail", "expected %s, got %s" % (clip(repr(test["expected_stdout"]), 300), clip(repr(actual), 300)))
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
