"""The adversarial corpus (tests/adversarial/cases.json, format in tests/adversarial/README.md)
through the Python API: one test per case, asserting the error kind (and the limit named), the
time bound and a memory bound. The reference runner is tests/adversarial.rs.

Entries map to the public functions of the same meaning, each given the case's ``limits``
(``Signer(secret, limits=...)`` for the Gate entries, ``limits=`` for ``gate.stamp`` and the CQR
parsers; None when the case has none): ``gate_stamp`` → ``gate.stamp(bytes)``; ``gate_verify``
→ ``Signer.check_signature(bytes)`` (``verify`` would fold both signature kinds into False);
``gate_account_check`` → ``Signer.parse_account_check`` (a ready ``AccountCheckResponse``'s
``error`` is compared); ``gate_callback`` → ``Signer.parse_callback`` and its ``.raw`` (so the
whole result is converted); ``gate_status_response`` → ``Signer.parse_status_response`` (and a
found callback's ``.raw``); ``gate_payout_response`` → ``Signer.parse_payout_response(200,
...)`` (never raises: the kind is ``.error`` of an ``unknown`` result, else ``ok``);
``cqr_parse`` → ``cqr.parse``; ``cqr_notification`` → ``cqr.parse_notification``;
``cqr_initiate_answer`` → ``cqr.parse_initiate_answer``; ``cqr_get_payments_answer`` →
``cqr.parse_get_payments_answer``; ``cqr_initiate_request`` → ``cqr.parse_initiate_request``.
Errors are compared by ``QiwiMerchantError.kind`` and ``.limit``; any other exception (e.g. a
plain ``ValueError`` from an int conversion) is a failure.

Nothing is skipped. An unknown entry, an unknown limit name or generator form fails.

Memory: ``tracemalloc`` cannot see the Rust core's allocations, so the resident set is measured
instead, one forked child per case (``os.fork``; the input is built in the parent and shared
copy-on-write, so it is not counted). The parent first returns its free heap pages to the system
(``malloc_trim``: otherwise the child would reuse them without a trace); the child disables
transparent huge pages, pins glibc's mmap threshold at 128 KiB (else where big buffers land, and
whether a ``realloc`` copies, depends on what the process freed before), resets its high-water
mark (``/proc/self/clear_refs`` ← ``5``), reads ``VmRSS``, makes the call and reads ``VmHWM``.
The growth, less the file-backed pages (code of the extension and the interpreter) first touched
meanwhile, must stay below 4 × input size + 8 MiB. It counts pages first touched during the
call: allocator overhead and the Python result objects are in, reserved but untouched capacity
is not, so it lands near the Rust runner's live-byte peaks (9.0–9.2 MB against 10.5 MB on the
largest case, 75 % of its bound). A crash in the child fails its case only.

Time: the call alone (perf counter in the child) must take at most 1 s; over the bound it is
run twice more and the fastest run counts. ``QM_ADVERSARIAL_CASES`` points the runner at another
manifest (``file`` paths still resolve against tests/adversarial/).
"""

from __future__ import annotations

import ctypes
import json
import os
import select
import signal
import time
import traceback
from typing import Any, Callable, Dict, List, Optional, Tuple

import pytest

from qiwi_merchant import QiwiMerchantError, cqr, gate

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CORPUS = os.path.join(ROOT, "tests", "adversarial")
MANIFEST = os.environ.get("QM_ADVERSARIAL_CASES") or os.path.join(CORPUS, "cases.json")

TIME_BOUND = 1.0  # seconds, per call (debug build, loaded machine: README "Bounds")
MEMORY_SLACK = 8 << 20
CHILD_TIMEOUT = 120.0  # a hung call (three runs) fails its case instead of the session

with open(MANIFEST, encoding="utf-8") as _f:
    DOC: Dict[str, Any] = json.load(_f)
CASES: List[Dict[str, Any]] = DOC["cases"]

KNOWN_KINDS = {
    "ok",
    "malformed_input",
    "validation",
    "signature_mismatch",
    "limit_exceeded",
    "unsupported",
    "missing_signature",
    "protocol",
    "unauthorized",
}

LIMIT_NAMES = {"max_body_bytes", "max_depth", "max_items", "max_string_bytes"}

Outcome = Tuple[str, Optional[str]]


# ---- Generators (README "Generators") ------------------------------------------------------


def expand(g: Any) -> bytes:
    """The bytes of a generator spec; an unknown form raises (a manifest error, never a skip)."""
    if isinstance(g, str):
        return g.encode("utf-8")
    if not isinstance(g, dict):
        raise ValueError(f"unknown generator {g!r}")
    if "text" in g:
        out = _str(g["text"]).encode("utf-8")
    elif "hex" in g:
        h = _str(g["hex"])
        if len(h) % 2:
            raise ValueError(f"odd hex {h!r}")
        out = bytes.fromhex(h)
    elif "utf16le" in g:
        out = _str(g["utf16le"]).encode("utf-16-le")
    elif "repeat" in g:
        times = g["times"]
        if not isinstance(times, int) or isinstance(times, bool) or times < 0:
            raise ValueError(f"bad times {times!r}")
        out = expand(g["repeat"]) * times  # one buffer copy, not recursion per repetition
    elif "concat" in g:
        parts = g["concat"]
        if not isinstance(parts, list):
            raise ValueError("concat is not an array")
        out = b"".join(expand(p) for p in parts)
    elif "numbered" in g:
        n = g["numbered"]
        count = n["count"]
        if not isinstance(count, int) or isinstance(count, bool) or count < 0:
            raise ValueError(f"bad count {count!r}")
        before, after = _str(n["before"]).encode(), _str(n["after"]).encode()
        sep = _str(n["separator"]).encode()
        out = sep.join(before + str(i).encode() + after for i in range(count))
    else:
        raise ValueError(f"unknown generator {g!r}")
    if "then" in g:
        out += expand(g["then"])
    return out


def _str(v: Any) -> str:
    if not isinstance(v, str):
        raise ValueError(f"expected a string in a generator, found {v!r}")
    return v


def input_of(case: Dict[str, Any]) -> bytes:
    if "generator" in case:
        return expand(case["generator"])
    if "file" in case:
        with open(os.path.join(CORPUS, case["file"]), "rb") as f:
            return f.read()
    raise ValueError(f"{case['name']}: neither generator nor file")


_cache: Dict[str, bytes] = {}


def cached_input(case: Dict[str, Any]) -> bytes:
    """Cases with the same name before ``@`` share their input; only the last one is kept."""
    base = case["name"].split("@")[0]
    if base not in _cache:
        _cache.clear()  # free the previous input before building the next
        _cache[base] = input_of(case)
    return _cache[base]


# ---- Entries -------------------------------------------------------------------------------

SECRET: str = DOC["secret"]
PROJECT_ID: int = DOC["project_id"]
SENT_PAYMENT_ID: str = DOC["sent_payment_id"]

Limits = Optional[Dict[str, int]]
Entry = Callable[[bytes], Outcome]


def _raises(f: Callable[[bytes], object]) -> Entry:
    def call(data: bytes) -> Outcome:
        try:
            f(data)
        except QiwiMerchantError as e:
            return (e.kind, e.limit)
        return ("ok", None)

    return call


def _account_check(signer: gate.Signer) -> Entry:
    def call(data: bytes) -> Outcome:
        r = signer.parse_account_check(data, PROJECT_ID)
        if isinstance(r, gate.AccountCheckResponse):
            if r.error is None:
                return ("ready response without an error", None)
            return (r.error.kind, r.error.limit)
        return ("ok", None)

    return call


def _callback(signer: gate.Signer) -> Callable[[bytes], object]:
    def call(data: bytes) -> object:
        return signer.parse_callback(data).raw  # the lazily built dict too

    return call


def _status_response(signer: gate.Signer) -> Callable[[bytes], object]:
    def call(data: bytes) -> object:
        r = signer.parse_status_response(data)
        return r.callback.raw if r.callback is not None else r.raw

    return call


def _payout_response(signer: gate.Signer) -> Entry:
    def call(data: bytes) -> Outcome:
        r = signer.parse_payout_response(200, data, SENT_PAYMENT_ID, False)
        if r.outcome == gate.PayoutOutcome.UNKNOWN and r.error is not None:
            return (r.error, None)
        return ("ok", None)

    return call


def entry_for(name: str, limits: Limits) -> Entry:
    """The call for a corpus entry with the case's limits (None: the defaults)."""
    signer = gate.Signer(SECRET, limits=limits)
    entries: Dict[str, Entry] = {
        "gate_stamp": _raises(lambda d: gate.stamp(d, limits=limits)),
        "gate_verify": _raises(signer.check_signature),
        "gate_account_check": _account_check(signer),
        "gate_callback": _raises(_callback(signer)),
        "gate_status_response": _raises(_status_response(signer)),
        "gate_payout_response": _payout_response(signer),
        "cqr_parse": _raises(lambda d: cqr.parse(d, limits=limits)),
        "cqr_notification": _raises(lambda d: cqr.parse_notification(d, limits=limits)),
        "cqr_initiate_answer": _raises(lambda d: cqr.parse_initiate_answer(d, limits=limits)),
        "cqr_get_payments_answer": _raises(
            lambda d: cqr.parse_get_payments_answer(d, limits=limits)
        ),
        "cqr_initiate_request": _raises(lambda d: cqr.parse_initiate_request(d, limits=limits)),
    }
    if name not in entries:
        pytest.fail(f"unknown entry {name!r}")
    return entries[name]


def _outcome_or_error(call: Callable[[bytes], Outcome], data: bytes) -> Outcome:
    """Any exception other than ``QiwiMerchantError`` is reported as its own kind (a failure)."""
    try:
        return call(data)
    except Exception as e:  # noqa: BLE001 - reported, not swallowed
        return (f"unexpected {type(e).__name__}: {e}"[:300], None)


# ---- Measurement -----------------------------------------------------------------------------


def _status_kib() -> Dict[str, int]:
    """``VmRSS``, ``VmHWM`` (its high-water mark) and ``RssFile`` from /proc/self/status."""
    out = {}
    with open("/proc/self/status") as f:
        for line in f:
            name, _, rest = line.partition(":")
            if name in ("VmRSS", "VmHWM", "RssFile"):
                out[name] = int(rest.split()[0])
    return out


def _trim() -> None:
    """Returns the allocator's free pages to the system, so that reusing them during the call
    faults them in again (and counts)."""
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (AttributeError, OSError):  # not glibc
        pass


def _reset_high_water() -> None:
    """``VmHWM`` := ``VmRSS`` (Linux >= 4.0). Without it the child's mark is its RSS at fork,
    which only makes the measured growth larger, never smaller."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass


def _no_huge_pages() -> None:
    """Transparent huge pages would make the resident set jump in 2 MiB steps."""
    try:
        ctypes.CDLL(None).prctl(41, 1, 0, 0, 0)  # PR_SET_THP_DISABLE
    except (AttributeError, OSError):
        pass


def _fixed_mmap_threshold() -> None:
    """Keeps glibc's mmap threshold at its 128 KiB default: the dynamic threshold (raised by the
    parent's earlier frees of large inputs) would put big buffers into the heap, where whether a
    ``realloc`` copies depends on the history of the process."""
    try:
        ctypes.CDLL(None).mallopt(-3, 128 << 10)  # M_MMAP_THRESHOLD
    except (AttributeError, OSError):
        pass


def measure(call: Callable[[bytes], Outcome], data: bytes) -> Dict[str, Any]:
    """Runs the call (re-running it twice when over the time bound) and returns the outcome,
    the fastest time and the growth of the resident anonymous high-water mark during the first
    run, in bytes."""
    _no_huge_pages()
    _fixed_mmap_threshold()
    _reset_high_water()
    before = _status_kib()
    start = time.perf_counter()
    kind, limit = _outcome_or_error(call, data)
    elapsed = time.perf_counter() - start
    after = _status_kib()
    # Code and read-only data of the extension and the interpreter first touched by this
    # child are file-backed pages, not allocations: leave them out.
    code = max(0, after["RssFile"] - before["RssFile"])
    grown = (after["VmHWM"] - before["VmRSS"] - code) * 1024
    for _ in range(2):  # a loaded machine can stall one run; quadratic work is slow every time
        if elapsed <= TIME_BOUND:
            break
        start = time.perf_counter()
        _outcome_or_error(call, data)
        elapsed = min(elapsed, time.perf_counter() - start)
    return {"kind": kind, "limit": limit, "elapsed": elapsed, "grown": grown}


def in_child(call: Callable[[bytes], Outcome], data: bytes) -> Dict[str, Any]:
    """``measure`` in a forked child (fresh high-water mark; a crash fails only this case)."""
    _trim()  # free but resident heap inherited by the child would hide reuse of it
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: never returns into pytest
        code = 0
        try:
            os.close(r)
            try:
                result = measure(call, data)
            except BaseException:  # noqa: BLE001 - sent to the parent
                result = {"error": traceback.format_exc()}
            payload = json.dumps(result).encode()
            while payload:
                payload = payload[os.write(w, payload) :]
        except BaseException:  # noqa: BLE001
            code = 70
        finally:
            os._exit(code)
    os.close(w)
    chunks: List[bytes] = []
    deadline = time.monotonic() + CHILD_TIMEOUT
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([r], [], [], left)[0]:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                pytest.fail(f"no answer within {CHILD_TIMEOUT:.0f} s (child killed)")
            chunk = os.read(r, 65536)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(r)
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        pytest.fail(f"the call crashed the process (signal {os.WTERMSIG(status)})")
    if not chunks:
        pytest.fail(f"the child exited with status {os.WEXITSTATUS(status)} and no result")
    answer: Dict[str, Any] = json.loads(b"".join(chunks))
    if "error" in answer:
        pytest.fail(f"the runner failed in the child:\n{answer['error']}")
    return answer


# ---- Tests -----------------------------------------------------------------------------------


def test_manifest() -> None:
    assert len(CASES) > 100, "manifest too small"
    names = [c["name"] for c in CASES]
    assert len(names) == len(set(names)), "duplicate case names"
    assert isinstance(DOC["secret"], str)
    assert isinstance(PROJECT_ID, int) and isinstance(SENT_PAYMENT_ID, str)


def test_memory_probe_sees_growth() -> None:
    """The measurement is not vacuous: 32 MiB written during the call shows as growth, a call
    that allocates nothing does not come near the slack."""

    def allocate(_: bytes) -> Outcome:
        block = b"x" * (32 << 20)
        return ("ok", str(len(block)))

    assert in_child(allocate, b"")["grown"] >= 30 << 20
    assert in_child(lambda _: ("ok", None), b"")["grown"] < MEMORY_SLACK // 4


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_case(case: Dict[str, Any]) -> None:
    limits: Limits = case.get("limits")
    if limits is not None and (not isinstance(limits, dict) or set(limits) - LIMIT_NAMES):
        pytest.fail(f"bad limits {limits!r}")
    call = entry_for(case["entry"], limits)
    want_kind = case["expect_kind"]
    want_limit: Optional[str] = case.get("expect_limit")
    if want_kind not in KNOWN_KINDS:
        pytest.fail(f"unknown expect_kind {want_kind!r}")
    if want_limit is not None and want_kind != "limit_exceeded":
        pytest.fail("expect_limit without limit_exceeded")
    data = cached_input(case)

    got = in_child(call, data)
    problems = []
    got_limit = got["limit"] if want_limit is not None else None  # compared only when named
    if (got["kind"], got_limit) != (want_kind, want_limit):
        problems.append(f"expected {(want_kind, want_limit)}, got {(got['kind'], got['limit'])}")
    if got["elapsed"] > TIME_BOUND:
        problems.append(f"took {got['elapsed']:.3f} s (bound {TIME_BOUND} s, fastest of 3)")
    bound = 4 * len(data) + MEMORY_SLACK
    if got["grown"] > bound:
        problems.append(
            f"resident peak grew {got['grown']} bytes for a {len(data)}-byte input (bound {bound})"
        )
    assert not problems, "; ".join(problems)
