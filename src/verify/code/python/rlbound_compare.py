"""Verdicts: compare what a program produced with what was expected.

Runs in the fork-server parent, never in the child that ran the untrusted program, so a program
cannot influence its own verdict except by producing output.
"""
import math


def _lines(text):
    lines = [line.rstrip() for line in text.split("\n")]
    while lines and lines[-1] == "":
        lines.pop()
    return lines


def _tokens_close(a, b, tol):
    if a == b:
        return True
    try:
        x, y = float(a), float(b)
    except ValueError:
        return False
    if math.isnan(x) or math.isnan(y):
        return False
    return abs(x - y) <= tol * max(1.0, abs(y))


def stdout_matches(actual, expected, float_tol=None):
    """Exact match after trailing-whitespace normalisation (per line and at the end); with
    float_tol, whitespace-separated tokens that both parse as numbers may differ by
    float_tol (absolute below 1, relative above)."""
    a, e = _lines(actual), _lines(expected)
    if a == e:
        return True
    if float_tol is None or len(a) != len(e):
        return False
    for la, le in zip(a, e):
        ta, te = la.split(), le.split()
        if len(ta) != len(te) or not all(_tokens_close(x, y, float_tol) for x, y in zip(ta, te)):
            return False
    return True


def _is_floats(x):
    if isinstance(x, float):
        return True
    if isinstance(x, (list, tuple)) and x:
        return all(isinstance(i, float) for i in x)
    return False


def _number(x):
    return isinstance(x, (int, float))


def _allclose(out, exp, rtol, atol):
    """numpy.allclose for numbers and (nested) sequences of numbers, without numpy."""
    if _number(out) and _number(exp):
        if out == exp:
            return True
        if isinstance(out, float) and math.isnan(out) or isinstance(exp, float) and math.isnan(exp):
            return False
        return abs(out - exp) <= atol + rtol * abs(exp)
    if isinstance(out, (list, tuple)) and isinstance(exp, (list, tuple)):
        return len(out) == len(exp) and all(_allclose(o, e, rtol, atol) for o, e in zip(out, exp))
    return False


def _safe_eq(a, b):
    try:
        return bool(a == b)
    except Exception:
        return False


def evalplus_matches(out, exp, atol):
    """EvalPlus semantics: exact equality, or — when the expected value is a float (or a list of
    floats, where atol 0 becomes 1e-6) or the task sets atol — same type, same length and
    allclose with rtol 1e-7."""
    exact = _safe_eq(out, exp)
    if atol == 0 and _is_floats(exp):
        atol = 1e-6
    if not exact and atol != 0:
        if type(out) is not type(exp):
            return False
        if isinstance(exp, (list, tuple)) and len(out) != len(exp):
            return False
        return _allclose(out, exp, 1e-7, atol)
    return exact


def poly_root_matches(args, out, atol):
    """HumanEval/32 (find_zero): any x with |poly(xs, x)| <= atol is a correct answer."""
    if not args or not _number(out):
        return False
    try:
        value = sum(c * out ** i for i, c in enumerate(args[0]))
        return abs(value) <= atol
    except Exception:
        return False


def _listify(x):
    if isinstance(x, (list, tuple)):
        return [_listify(i) for i in x]
    return x


def json_value_matches(out, exp, float_tol=None):
    """LiveCodeBench functional tests: the return value, with tuples read as lists (what a JSON
    round trip does), equals the expected JSON value; float_tol allows numeric slack."""
    out = _listify(out)
    if _safe_eq(out, exp):
        return True
    if float_tol is not None:
        return _allclose(out, exp, float_tol, float_tol)
    return False
