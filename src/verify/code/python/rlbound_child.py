"""The forked child: finish isolating itself, then run the untrusted program once.

Everything before the "start" event is trusted set-up; a child that dies before it reports a
sandbox error, never a model failure. The child only ever learns a test's inputs, never its
expected outputs, and it reports results as events on fd 3 for the parent to judge.
"""
import builtins
import io
import json
import os
import resource
import signal
import sys
import time
import traceback
import types

from rlbound_codec import encode_output

SETUP_FAILED_EXIT = 121
EVENT_FD = 3
MIB = 1024 * 1024


class InputTimeLimit(BaseException):
    """Raised by SIGALRM when one call of a functional test exceeds its time limit."""


def emit(event):
    data = memoryview((json.dumps(event) + "\n").encode("utf-8"))
    while data:
        data = data[os.write(EVENT_FD, data):]


def _set_limits(limits):
    cpu = max(1, int(limits["cpu_s"] + 0.999))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    mem = int(limits["memory_mb"] * MIB)
    resource.setrlimit(resource.RLIMIT_AS, (mem, mem))
    fsize = int(limits["file_size_mb"] * MIB)
    resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))
    resource.setrlimit(resource.RLIMIT_NOFILE, (limits["open_files"], limits["open_files"]))
    resource.setrlimit(resource.RLIMIT_NPROC, (limits["processes"], limits["processes"]))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _fresh_stdio():
    # The parent's sys.std* objects may hold buffered control-channel data; start clean.
    sys.stdin = sys.__stdin__ = io.TextIOWrapper(io.BufferedReader(io.FileIO(0, "r", closefd=False)), encoding="utf-8")
    sys.stdout = sys.__stdout__ = io.TextIOWrapper(io.BufferedWriter(io.FileIO(1, "w", closefd=False)), encoding="utf-8")
    sys.stderr = sys.__stderr__ = io.TextIOWrapper(io.BufferedWriter(io.FileIO(2, "w", closefd=False)), encoding="utf-8", errors="backslashreplace", line_buffering=True)


def setup(fds, limits, identity, env, workdir, helper_dir):
    stdin_r, stdout_w, stderr_w, event_w = fds
    os.dup2(stdin_r, 0)
    os.dup2(stdout_w, 1)
    os.dup2(stderr_w, 2)
    os.dup2(event_w, EVENT_FD)
    os.closerange(EVENT_FD + 1, 1 << 20)  # the control channel and every other pipe
    os.set_inheritable(EVENT_FD, False)  # programs the child starts do not get the event channel
    os.chdir(workdir)
    _set_limits(limits)
    if identity is not None:
        uid, gid = identity
        os.setgroups([])
        os.setresgid(gid, gid, gid)
        os.setresuid(uid, uid, uid)  # from root to another uid: all capabilities are dropped
    for sig in (signal.SIGCHLD, signal.SIGTERM, signal.SIGHUP, signal.SIGALRM):
        signal.signal(sig, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    os.environ.clear()
    os.environ.update(env)
    _fresh_stdio()
    sys.argv = ["main.py"]
    sys.path[:] = [workdir] + [p for p in sys.path if p and p != helper_dir]


def _load_program(source, module_name, prelude, workdir):
    module = types.ModuleType(module_name)
    module.__file__ = os.path.join(workdir, "main.py")
    module.__builtins__ = builtins
    sys.modules[module_name] = module
    with open(module.__file__, "w", encoding="utf-8") as f:  # so tracebacks can quote lines
        f.write(source)
    if prelude:
        exec(compile(prelude, "<prelude>", "exec"), module.__dict__)
    emit({"ev": "start"})
    exec(compile(source, module.__file__, "exec"), module.__dict__)
    return module


def _own_frames_dropped(tb):
    """The traceback without the harness's own frames, so it reads like a plain Python run."""
    while tb is not None and os.path.basename(tb.tb_frame.f_code.co_filename).startswith("rlbound_"):
        tb = tb.tb_next
    return tb


def _report_exception(exc):
    text = "".join(traceback.format_exception(type(exc), exc, _own_frames_dropped(exc.__traceback__)))
    try:
        sys.stderr.write(text)
    except Exception:
        pass
    emit({"ev": "exc", "type": type(exc).__name__, "msg": str(exc)[:2000], "tb": text[-4000:]})


def _exit_code(exc):
    code = exc.code
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    try:
        sys.stderr.write(str(code) + "\n")
    except Exception:
        pass
    return 1


def _finish(code):
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            pass
    os._exit(code)


def _run_script(source, module_name, prelude, workdir):
    try:
        _load_program(source, module_name, prelude, workdir)
    except SystemExit as exc:
        code = _exit_code(exc)
        emit({"ev": "exit", "code": code})
        _finish(code)
    except BaseException as exc:
        _report_exception(exc)
        _finish(1)
    emit({"ev": "exit", "code": 0})
    _finish(0)


def _parse_inputs(test):
    if "inputs_lines" in test:  # LiveCodeBench: one JSON value per line, one line per argument
        return [[json.loads(line) for line in text.split("\n") if line.strip()] for text in test["inputs_lines"]]
    return json.loads(test["inputs"])


def _on_alarm(signum, frame):
    raise InputTimeLimit()


def _run_calls(test, program, prelude, workdir):
    try:
        module = _load_program(program, "solution", prelude, workdir)
        entry = test["entry"]
        if entry.get("cls"):
            target = getattr(module.__dict__[entry["cls"]](), entry["name"])
        else:
            target = module.__dict__[entry["name"]]
        inputs = _parse_inputs(test)
    except SystemExit as exc:
        emit({"ev": "exit", "code": _exit_code(exc)})
        _finish(_exit_code(exc))
    except BaseException as exc:
        _report_exception(exc)
        _finish(1)
    signal.signal(signal.SIGALRM, _on_alarm)
    limits = test["input_timeouts_s"]
    for i, args in enumerate(inputs):
        started = time.perf_counter()
        try:
            signal.setitimer(signal.ITIMER_REAL, limits[i] if i < len(limits) else limits[-1])
            try:
                out = target(*args)
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            elapsed = time.perf_counter() - started
            emit({"ev": "out", "i": i, "v": encode_output(out), "t": elapsed})
        except InputTimeLimit:
            emit({"ev": "tle", "i": i})
            _finish(0)
        except SystemExit as exc:
            emit({"ev": "exit", "code": _exit_code(exc), "i": i})
            _finish(_exit_code(exc))
        except BaseException as exc:
            _report_exception(exc)
            _finish(1)
    emit({"ev": "done"})
    _finish(0)


def main(request, fds, identity, env, workdir, helper_dir):
    """Never returns: runs one test and exits the process."""
    test = request["test"]
    try:
        setup(fds, request["limits"], identity, env, workdir, helper_dir)
    except BaseException:
        os._exit(SETUP_FAILED_EXIT)
    program = request["program"]
    prelude = test.get("prelude") or ""
    kind = test["kind"]
    if kind == "stdio":
        _run_script(program, "__main__", prelude, workdir)
    elif kind == "script":
        _run_script(program + "\n\n" + test["harness"] + "\n", "solution", prelude, workdir)
    else:
        _run_calls(test, program, prelude, workdir)
    os._exit(SETUP_FAILED_EXIT)
