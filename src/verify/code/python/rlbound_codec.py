"""Lossless, code-free encoding of Python values as JSON text.

Outputs of untrusted programs cross from the sandboxed child to the fork-server parent in this
form. Decoding never executes anything (unlike pickle), so a hostile child cannot attack the
parent through its results. Tuples, sets, dicts with any keys, non-finite floats, bytes and
complex numbers keep their type, so Python equality in the parent means what it means in the
child. Objects of other types become an opaque marker that equals nothing.
"""
import base64
import hashlib
from array import array
import json
import math

MAX_DEPTH = 200
# Outputs whose encoding is longer travel as a digest (see digest_of); EvalPlus has tasks whose
# outputs run to megabytes (HumanEval/15, /130), which would otherwise be shipped for every sample.
DIGEST_OVER = 64 * 1024
# Python refuses to print ints of more than 4300 digits; hex is exact and linear-time.
BIG_INT_BITS = 13000


class Opaque:
    """Stands for a value the codec cannot represent; never equal to anything."""

    def __init__(self, type_name, text):
        self.type_name = type_name
        self.text = text

    def __eq__(self, other):
        return False

    def __hash__(self):
        return id(self)

    def __repr__(self):
        return "<unrepresentable %s: %s>" % (self.type_name, self.text)


class Digest:
    """A large output, known only by the hash of its number-normalised encoding. Two digests
    are equal when the values are equal under Python's == for numbers (1 == 1.0 == True), str,
    lists and tuples; floats are compared exactly (no tolerance) at this size."""

    def __init__(self, hexdigest, size):
        self.hexdigest = hexdigest
        self.size = size

    def __eq__(self, other):
        return isinstance(other, Digest) and other.hexdigest == self.hexdigest

    def __hash__(self):
        return hash(self.hexdigest)

    def __repr__(self):
        return "<value of %d encoded bytes, sha256 %s…>" % (self.size, self.hexdigest[:16])


def encode(value, depth=0, normalize_numbers=False):
    if depth > MAX_DEPTH:
        raise ValueError("value nested more than %d levels deep" % MAX_DEPTH)
    d = depth + 1
    if normalize_numbers and isinstance(value, (bool, int, float)):
        if isinstance(value, float) and not (value.is_integer() and abs(value) < 2 ** 53):
            return encode(value, d)
        value = int(value)
        return {"__ih": hex(value)} if value.bit_length() > BIG_INT_BITS else value
    # Encoding runs in the (untrusted) child; only decoding must withstand hostile input.
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str):
        return str(value)
    if isinstance(value, int):
        value = int(value)
        return {"__ih": hex(value)} if value.bit_length() > BIG_INT_BITS else value
    if isinstance(value, float):
        v = float(value)
        return v if math.isfinite(v) else {"__f": repr(v)}
    if isinstance(value, list):
        return [encode(x, d, normalize_numbers) for x in value]
    if isinstance(value, tuple):
        return {"__t": [encode(x, d, normalize_numbers) for x in value]}
    if isinstance(value, dict):
        return {"__d": [[encode(k, d, normalize_numbers), encode(v, d, normalize_numbers)] for k, v in value.items()]}
    if isinstance(value, frozenset):
        return {"__fs": [encode(x, d, normalize_numbers) for x in value]}
    if isinstance(value, set):
        return {"__s": [encode(x, d, normalize_numbers) for x in value]}
    if isinstance(value, (bytes, bytearray)):
        return {"__b": base64.b64encode(bytes(value)).decode("ascii")}
    if isinstance(value, complex):
        return {"__c": [encode(value.real, d), encode(value.imag, d)]}
    try:
        text = repr(value)[:200]
    except Exception:
        text = "?"
    return {"__o": type(value).__name__[:100], "r": text}


_SCALARS = (int, float, str, bool, type(None))


def _normalized_scalar(x):
    t = type(x)
    if t is bool or (t is float and x.is_integer() and abs(x) < 2 ** 53):
        return int(x)
    return x


def _digest(canonical_text):
    return {"__h": hashlib.sha256(canonical_text.encode("utf-8", "surrogatepass")).hexdigest(), "n": len(canonical_text)}


NUMERIC_LIST_MIN = 4096
EXACT_INT = 2 ** 53


def _numeric_list_digest(value):
    """Digest of a long list of numbers from their float64 bytes — exact for ints below 2**53, and
    equal for values Python calls equal (1, 1.0, True; 0.0 and -0.0). Lists with nan, inf or larger
    ints return None and take the text route. EvalPlus's HumanEval/130 returns such lists of a
    million elements; printing them as text would cost seconds per output."""
    try:
        lo, hi = min(value), max(value)
    except (TypeError, ValueError):
        return None
    if not (isinstance(lo, (int, float)) and isinstance(hi, (int, float))):
        return None
    if not (-EXACT_INT < lo and hi < EXACT_INT) or any(x != x for x in value):
        return None
    packed = array("d", map((0.0).__add__, value)).tobytes()  # + 0.0 turns -0.0 into 0.0
    return {"__h": hashlib.sha256(b"f64:" + packed).hexdigest(), "n": len(packed)}


def _fast_output(value):
    """encode_output for a str, a number or a flat list of plain scalars — most outputs, and all
    of the multi-megabyte ones — without walking it in Python; None if it needs the full codec."""
    t = type(value)
    if t is list:
        if not all(type(x) in _SCALARS for x in value):
            return None
        if len(value) >= NUMERIC_LIST_MIN:
            digest = _numeric_list_digest(value)
            if digest is not None:
                return (digest,)
        normalized = [_normalized_scalar(x) for x in value]
    elif t in _SCALARS:
        normalized = _normalized_scalar(value)
    else:
        return None
    try:
        text = json.dumps(normalized, allow_nan=False, separators=(",", ":"))  # refuses nan, inf, unprintable ints
    except ValueError:
        return None
    return (value if len(text) <= DIGEST_OVER else _digest(text),)


def encode_output(value):
    """Encoding of one return value for the result channel: the value itself, or — when its
    number-normalised encoding exceeds DIGEST_OVER — a digest of that encoding. The size test
    uses the normalised form too, so values equal under == (1 and 1.0) are both sent whole or
    both as digests."""
    fast = _fast_output(value)
    if fast is not None:
        return fast[0]
    text = json.dumps(encode(value, normalize_numbers=True), separators=(",", ":"))
    return encode(value) if len(text) <= DIGEST_OVER else _digest(text)


def decode(data, depth=0):
    if depth > MAX_DEPTH:
        raise ValueError("value nested more than %d levels deep" % MAX_DEPTH)
    d = depth + 1
    if isinstance(data, list):
        return [decode(x, d) for x in data]
    if not isinstance(data, dict):
        return data
    if "__t" in data:
        return tuple(decode(x, d) for x in data["__t"])
    if "__d" in data:
        return {decode(k, d): decode(v, d) for k, v in data["__d"]}
    if "__s" in data:
        return {decode(x, d) for x in data["__s"]}
    if "__fs" in data:
        return frozenset(decode(x, d) for x in data["__fs"])
    if "__f" in data:
        return float(data["__f"])
    if "__ih" in data:
        return int(data["__ih"], 16)
    if "__h" in data:
        return Digest(str(data["__h"]), int(data.get("n", 0)))
    if "__b" in data:
        return base64.b64decode(data["__b"])
    if "__c" in data:
        re_, im = data["__c"]
        return complex(decode(re_, d), decode(im, d))
    if "__o" in data:
        return Opaque(str(data["__o"]), str(data.get("r", "")))
    raise ValueError("unknown encoded value")
