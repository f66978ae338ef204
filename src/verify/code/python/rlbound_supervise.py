"""Supervision of one forked child: feed its stdin, read its pipes up to their caps, enforce
the wall clock, and afterwards kill every other process in the sandbox."""
import os
import selectors
import signal
import time

READ_CHUNK = 65536
POLL_S = 0.002


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


def kill_everything_else(isolated):
    """SIGKILL every process in the namespace but this one, then reap until none is left.
    As PID 1 the server inherits every orphan, so ECHILD means the namespace is empty.
    Without a sandbox (--unsafe-no-sandbox) kill(-1) would hit every process of the user, so
    there the server is a child subreaper and kills its children until none are left."""
    if not isolated:
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


def supervise(pid, pipes, stdin_data, wall_s, on_event_bytes, isolated):
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
    try:
        pidfd = os.pidfd_open(pid)  # readable when the child exits (Linux >= 5.3)
        sel.register(pidfd, selectors.EVENT_READ, "exit")
    except (AttributeError, OSError):
        pidfd = None  # older kernels: poll the child every few milliseconds instead
    deadline = time.monotonic() + wall_s
    while sup.status is None and sup.stopped_early is None:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            sup.timed_out = True
            break
        if pidfd is None:
            done, status, rusage = os.wait4(pid, os.WNOHANG)
            if done:
                sup.status, sup.rusage = status, rusage
                break
            remaining = min(remaining, POLL_S)
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
    if pidfd is not None:
        os.close(pidfd)
    if stdin_w is not None:
        os.close(stdin_w)
    kill_everything_else(isolated)
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
