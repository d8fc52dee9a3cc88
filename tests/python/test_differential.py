"""Differential test against JetPay's own Python SDK (jetpay-sdk 1.0.0), with Hypothesis, on
the subset where gate.md and the SDK agree (see tests/gate_differential.rs): no floats, no ':'
in member names, unique names, no top-level member named "" holding a container, no top-level
`signature` member, no -0, no lone surrogates."""

from __future__ import annotations

import copy
import json
import os
from typing import Any, Dict

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qiwi_merchant import gate

try:
    from payment_page_sdk.callback import Callback as SdkCallback
    from payment_page_sdk.signature_handler import SignatureHandler
except ImportError:  # pragma: no cover
    if os.environ.get("CI"):
        raise
    pytest.skip("jetpay-sdk is not installed (run scripts/setup-python-venv.sh)", allow_module_level=True)

SECRET = "diff-secret/Кілт-ключ-🔑;:"

chars = st.characters(blacklist_categories=("Cs",))
keys = st.text(alphabet=chars.filter(lambda c: c != ":"), max_size=8).filter(lambda k: k != "signature")
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.text(alphabet=chars, max_size=12),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=12),
        st.dictionaries(keys, inner, max_size=5),
    ),
    max_leaves=25,
)
messages = st.dictionaries(keys, values, max_size=8).filter(
    lambda d: not ("" in d and isinstance(d[""], (dict, list)) and d[""])
)


def sdk_sign(params: Dict[str, Any]) -> str:
    return str(SignatureHandler(SECRET).sign(copy.deepcopy(params)))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(messages)
def test_signature_matches_sdk(params: Dict[str, Any]) -> None:
    signer = gate.Signer(SECRET)
    # The SDK removes `signature` members reached through objects before signing a callback.
    ours = signer.sign(params)
    body = json.dumps({**params, "signature": ours})
    # The SDK accepts our signature (json.loads + its own check) ...
    SdkCallback(body, SignatureHandler(SECRET))
    # ... and we accept the SDK's, canonically, through every input form.
    theirs_params = json.loads(json.dumps(params))
    _strip_signatures(theirs_params)
    theirs = sdk_sign(theirs_params)
    assert ours == theirs
    signed = {**params, "signature": theirs}
    assert signer.verify(json.dumps(signed).encode()) is True
    assert signer.verify(signed) is True
    assert signer.check_signature(json.dumps(signed, ensure_ascii=False)) == {"order": "byte", "numbers": "exact"}


def _strip_signatures(d: Any) -> None:
    if isinstance(d, dict):
        d.pop("signature", None)
        for v in d.values():
            if isinstance(v, dict):
                _strip_signatures(v)


@settings(max_examples=40, deadline=None)
@given(messages, st.text(alphabet=chars, min_size=1, max_size=8))
def test_tampering_detected(params: Dict[str, Any], extra: str) -> None:
    signer = gate.Signer(SECRET)
    signed = {**params, "signature": signer.sign(params)}
    tampered = dict(signed)
    tampered["zz-added"] = extra
    assert signer.verify(json.dumps(tampered)) is False
