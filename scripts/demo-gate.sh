#!/usr/bin/env bash
# Walk-through of the JetPay Gate (qiwi-kz) flows with the `qiwi-merchant gate ...` CLI on the
# seed examples in examples/gate/ (gate.md §3-§6). Each step shows the message, what the library
# says about it, and what a shop would answer. Run: make demo
#
# The examples are unsigned; this script signs them with a random secret generated for the run
# (no built-in one; QIWI_MERCHANT_SECRET from the environment is used when set) and inserts
# `"signature"` into the JSON text, so the CLI verifies exactly the bytes a shop would receive.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

EX=examples/gate
QIWI_MERCHANT_SECRET=${QIWI_MERCHANT_SECRET:-$(python3 -c 'import secrets; print(secrets.token_urlsafe(32))')}
export QIWI_MERCHANT_SECRET
PROJECT_ID=111 # the account-check examples' project

echo "Building the CLI (cargo build --bin qiwi-merchant) ..."
cargo build --quiet --bin qiwi-merchant
target_dir=$(scripts/cargo-target-dir.sh)
BIN="$target_dir/debug/qiwi-merchant"
[ -x "$BIN" ] || { echo "demo: $BIN not found after the build" >&2; exit 1; }

if [ -t 1 ]; then B=$'\e[1m' D=$'\e[2m' R=$'\e[0m'; else B='' D='' R=''; fi
n=0
step() { n=$((n + 1)); printf '\n%s== %d. %s ==%s\n' "$B" "$n" "$*" "$R"; }
say() { printf '%s\n' "$*"; }
shop() { printf '%s-> shop answers:%s %s\n' "$B" "$R" "$*"; }

# run CMD... <<<INPUT: prints the command line, its stdout and stderr; sets $out and $rc.
run() {
    local input errf
    input=$(cat)
    errf=$(mktemp)
    printf '%s$ qiwi-merchant %s%s\n' "$D" "$*" "$R"
    rc=0
    out=$("$BIN" "$@" <<<"$input" 2>"$errf") || rc=$?
    [ -z "$out" ] || printf '%s\n' "$out"
    [ ! -s "$errf" ] || sed 's/^/  stderr: /' "$errf"
    rm -f -- "$errf"
    printf '%s  (exit %d)%s\n' "$D" "$rc" "$R"
}

# signed FILE: the file's JSON text with `"signature": "<gate sign of it>"` appended as the
# last top-level member (text edit, no re-serialisation).
signed() {
    local sig
    sig=$("$BIN" gate sign <"$1")
    python3 - "$1" "$sig" <<'PY'
import sys
text = open(sys.argv[1], encoding="utf-8").read().rstrip()
assert text.endswith("}"), "example must be a JSON object"
print(text[:-1].rstrip() + ',\n  "signature": "' + sys.argv[2] + '"\n}')
PY
}

# field JSON PATH...: a value from a JSON document (for the shop's answers).
field() {
    python3 -c '
import json, sys
v = json.loads(sys.argv[1])
for k in sys.argv[2:]:
    v = v[k]
print(v if isinstance(v, str) else json.dumps(v))' "$@"
}

callback_answer() {
    if [ "$rc" -ne 0 ]; then
        shop "HTTP 400, change nothing (not authentic or malformed; the platform retries)"
        return
    fi
    local outcome pid amount currency ptype
    outcome=$(field "$out" outcome)
    pid=$(field "$out" payment id)
    ptype=$(field "$out" payment type)
    amount=$(field "$out" payment sum amount)
    currency=$(field "$out" payment sum currency)
    say "authentic $ptype callback for payment_id=$pid: outcome=$outcome, sum $amount $currency (minor units)"
    case "$ptype/$outcome" in
    purchase/completed) say "shop: find pending payment $pid, check sum $amount $currency, credit it exactly once" ;;
    payout/completed) say "shop: mark payout $pid paid (sum $amount $currency checked against the request)" ;;
    */failed) say "shop: mark $ptype $pid failed (payouts: release the reserved funds)" ;;
    *) say "shop: store the status, keep $ptype $pid as $outcome" ;;
    esac
    shop "HTTP 200 (after the result is durably stored; 503 if storing fails)"
}

say "Demo secret: a random one for this run, in QIWI_MERCHANT_SECRET (never printed, never passed in argv)"

# --- Purchase via kiosk / e-wallet: account check, payment id, callback (gate.md §3, §4) ---

step "Platform asks whether the customer account exists (verify, §3)"
req=$(signed "$EX/verify.json")
say "POST to the shop's account-check URL:"
say "$req"
run gate account-check --project-id "$PROJECT_ID" <<<"$req"
if [ "$rc" -eq 0 ]; then
    say "shop: look up customer $(field "$out" customer_id) -> exists"
    shop 'HTTP 200 {"code":0,"currency":"KZT"}'
else
    shop "HTTP 200 $out"
fi

step "Same request altered in transit (customer_id changed after signing)"
bad=${req/johndoe@example.com/mallory@example.com}
run gate account-check --project-id "$PROJECT_ID" <<<"$bad"
shop "HTTP 200 $out   (ready-made rejection; the library never says what was expected)"

step "Signed for another project (--project-id 112 configured)"
run gate account-check --project-id 112 <<<"$req"
shop "HTTP 200 $out"

step "Customer paid; platform asks for the shop's payment id (check_deposit, §3)"
req=$(signed "$EX/check_deposit.json")
say "$req"
run gate account-check --project-id "$PROJECT_ID" <<<"$req"
if [ "$rc" -eq 0 ]; then
    say "shop: store a NEW pending payment (customer $(field "$out" customer_id), $(field "$out" amount) $(field "$out" currency) minor units) before answering; nothing is credited yet"
    shop 'HTTP 200 {"code":0,"payment_id":"1554967098"}'
else
    shop "HTTP 200 $out"
fi

step "Purchase result callback, kiosk (§4; seed example with its extra brace fixed)"
cb=$(signed "$EX/purchase_callback_kiosk.json")
run gate verify <<<"$cb"
run gate callback <<<"$cb"
callback_answer

step "The seed's original signature (contains a space; not made with our secret)"
seed_cb=$(python3 - "$EX/purchase_callback_kiosk.json" <<'PY'
import sys
text = open(sys.argv[1], encoding="utf-8").read().rstrip()
sig = "HRcDJN84ghAJL2hPW9yUbVMm7SRPewQJuH+mz4gcipXc8sI dToQunzSUEiy7w5vA3+MVIO8xHSNsQB5qCCm5kXA=="
print(text[:-1].rstrip() + ',\n  "signature": "' + sig + '"\n}')
PY
)
run gate callback <<<"$seed_cb"
callback_answer

# --- Payout: request, callbacks, status request (gate.md §4-§6) ---

step "Shop builds a payout request (§5)"
say "input: $(tr -d '\n' <"$EX/payout.json" | tr -s ' ')"
run gate payout <"$EX/payout.json"
payout_body=$(field "$out" body)
say "shop: POST {gate base URL}$(field "$out" path) with this body (Content-Type: application/json)"
say "check: the body verifies with the same secret (signature at general.signature):"
run gate verify <<<"$payout_body"

step "Payout result callback: success"
cb=$(signed "$EX/payout_callback_success.json")
run gate callback <<<"$cb"
callback_answer

step "Payout result callback: decline"
cb=$(signed "$EX/payout_callback_decline.json")
run gate callback <<<"$cb"
callback_answer

step "No callback in time: status request (§6)"
run gate status-request --project-id 35 --payment-id test_123 </dev/null
say "shop: POST {gate base URL}$(field "$out" path) with this body; the signed answer goes to 'gate status-response'"

printf '\n%sDemo finished.%s\n' "$B" "$R"
