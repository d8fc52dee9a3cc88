"""OpenCart 4 admin over HTTP, as a person's browser would drive it (stdlib only).

    python3 tests/opencart/ocadmin.py --base URL --user U --password P install ZIP
        upload ZIP through Extensions > Installer, install it (the installer's own paged unzip,
        then its xml/vendor steps), then install both payment methods under Extensions > Payments
    python3 tests/opencart/ocadmin.py --base URL --user U --password P configure
        save the plug-in's settings page from QIWI_MERCHANT_* (docs/opencart.md)

Also imported by the tests (tests/opencart/) for admin requests.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import re
import sys
import urllib.parse
import urllib.request
import uuid
from typing import Any, Dict, Optional, Tuple

UA = "qiwi-merchant-tests/1.0"


class Admin:
    def __init__(self, base: str, user: str, password: str, timeout: float = 60.0):
        self.base = base.rstrip("/") + "/"
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.timeout = timeout
        self.token = self.login(user, password)

    # ---------------------------------------------------------------------------- HTTP
    def request(self, url: str, data: Optional[bytes] = None, headers: Optional[Dict[str, str]] = None) -> Tuple[int, str]:
        req = urllib.request.Request(url, data=data, headers={"User-Agent": UA, **(headers or {})})
        try:
            with self.opener.open(req, timeout=self.timeout) as r:
                return r.status, r.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode("utf-8", "replace")

    def url(self, route: str, **params: Any) -> str:
        q = {"route": route, **({"user_token": self.token} if getattr(self, "token", None) else {}), **params}
        return self.base + "admin/index.php?" + urllib.parse.urlencode(q)

    def get(self, route: str, **params: Any) -> Tuple[int, str]:
        return self.request(self.url(route, **params))

    def post(self, route: str, fields: Dict[str, Any], **params: Any) -> Tuple[int, str]:
        return self.request(self.url(route, **params), urllib.parse.urlencode(fields).encode(),
                            {"Content-Type": "application/x-www-form-urlencoded", "X-Requested-With": "XMLHttpRequest"})

    def json(self, status_body: Tuple[int, str]) -> Any:
        status, body = status_body
        try:
            return json.loads(body)
        except ValueError:
            raise RuntimeError(f"expected JSON, got HTTP {status}: {body[:500]}") from None

    # --------------------------------------------------------------------------- login
    def login(self, user: str, password: str) -> str:
        self.token = ""
        status, page = self.request(self.base + "admin/index.php?route=common/login")
        m = re.search(r"login_token=([0-9a-zA-Z]+)", page)
        if status != 200 or not m:
            raise RuntimeError(f"admin login page: HTTP {status}, no login_token")
        data = urllib.parse.urlencode({"username": user, "password": password}).encode()
        status, body = self.request(self.base + "admin/index.php?route=common/login.login&login_token=" + m.group(1), data,
                                    {"Content-Type": "application/x-www-form-urlencoded"})
        doc = json.loads(body)
        m = re.search(r"user_token=([0-9a-zA-Z]+)", doc.get("redirect", ""))
        if not m:
            raise RuntimeError(f"admin login failed: {doc}")
        return m.group(1)

    # ------------------------------------------------------------------------- install
    def upload(self, path: str) -> None:
        boundary = uuid.uuid4().hex
        with open(path, "rb") as f:
            content = f.read()
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{os.path.basename(path)}\"\r\n"
                "Content-Type: application/zip\r\n\r\n").encode() + content + f"\r\n--{boundary}--\r\n".encode()
        doc = self.json(self.request(self.url("marketplace/installer.upload"), body,
                                     {"Content-Type": f"multipart/form-data; boundary={boundary}"}))
        if "success" not in doc:
            raise RuntimeError(f"installer upload: {doc}")

    def install_id(self, code: str) -> int:
        _s, html = self.get("marketplace/installer.list")
        for row in re.findall(r"<tr[^>]*>.*?</tr>", html.replace("&amp;", "&"), re.S):
            m = re.search(r"marketplace/installer\.install[^\"']*?extension_install_id=(\d+)", row)
            if m and "QIWI Merchant" in row:
                return int(m.group(1))
        raise RuntimeError(f"{code} not in the installer list")

    def install_zip(self, path: str) -> None:
        self.upload(path)
        code = os.path.basename(path).removesuffix(".ocmod.zip")
        url: Optional[str] = self.url("marketplace/installer.install", extension_install_id=self.install_id(code))
        steps = 0
        while url and steps < 20:
            doc = self.json(self.request(url))
            if doc.get("error"):
                raise RuntimeError(f"installer: {doc['error']}")
            url = doc.get("next", "").replace("&amp;", "&") or None
            steps += 1
        for method in ("qiwi_merchant_gate", "qiwi_merchant_cqr"):
            doc = self.json(self.get("extension/payment.install", extension=code, code=method))
            if "success" not in doc:
                raise RuntimeError(f"Extensions > Payments > install {method}: {doc}")

    # ----------------------------------------------------------------------- configure
    def settings_from_env(self, env: Dict[str, str]) -> Dict[str, Any]:
        e = env.get
        return {
            "payment_qiwi_merchant_gate_status": "1",
            "payment_qiwi_merchant_gate_project_id": e("QIWI_MERCHANT_GATE_PROJECT_ID", "111"),
            "payment_qiwi_merchant_gate_secret": e("QIWI_MERCHANT_GATE_SECRET", ""),
            "payment_qiwi_merchant_gate_base_url": e("QIWI_MERCHANT_GATE_BASE_URL", ""),
            "payment_qiwi_merchant_gate_geo_zone_id": "0",
            "payment_qiwi_merchant_gate_sort_order": "1",
            "payment_qiwi_merchant_cqr_status": "1" if e("QIWI_MERCHANT_CQR_MERCHANT_ID") else "0",
            "payment_qiwi_merchant_cqr_merchant_id": e("QIWI_MERCHANT_CQR_MERCHANT_ID", ""),
            "payment_qiwi_merchant_cqr_shop_id": e("QIWI_MERCHANT_CQR_SHOP_ID", ""),
            "payment_qiwi_merchant_cqr_base_url": e("QIWI_MERCHANT_CQR_BASE_URL", ""),
            "payment_qiwi_merchant_cqr_api_user": e("QIWI_MERCHANT_CQR_API_USER", ""),
            "payment_qiwi_merchant_cqr_api_password": e("QIWI_MERCHANT_CQR_API_PASSWORD", ""),
            "payment_qiwi_merchant_cqr_notify_user": e("QIWI_MERCHANT_CQR_NOTIFY_USER", ""),
            "payment_qiwi_merchant_cqr_notify_password": e("QIWI_MERCHANT_CQR_NOTIFY_PASSWORD", ""),
            "payment_qiwi_merchant_cqr_allowed_ips": e("QIWI_MERCHANT_CQR_ALLOWED_IPS", ""),
            "payment_qiwi_merchant_cqr_trusted_proxies": e("QIWI_MERCHANT_TRUSTED_PROXIES", ""),
            "payment_qiwi_merchant_cqr_confirm_get_payments": "1" if e("QIWI_MERCHANT_CQR_CONFIRM_WITH_GET_PAYMENTS") in ("1", "true", "yes") else "0",
            "payment_qiwi_merchant_cqr_geo_zone_id": "0",
            "payment_qiwi_merchant_cqr_sort_order": "2",
        }

    def save_settings(self, fields: Dict[str, Any]) -> Dict[str, Any]:
        # The page's current order-status choices are kept (they are select elements on the page).
        _s, page = self.get("extension/qiwi_merchant/payment/qiwi_merchant_gate")
        for m in re.finditer(r'<select name="(payment_qiwi_merchant_order_status_\w+)".*?</select>', page, re.S):
            sel = re.search(r'<option value="(\d+)" selected', m.group(0))
            if sel and m.group(1) not in fields:
                fields[m.group(1)] = sel.group(1)
        doc: Dict[str, Any] = self.json(self.post("extension/qiwi_merchant/payment/qiwi_merchant_gate.save", fields))
        if "success" not in doc:
            raise RuntimeError(f"saving the QIWI settings: {doc}")
        return doc


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--base", required=True)
    p.add_argument("--user", required=True)
    p.add_argument("--password", required=True)
    sub = p.add_subparsers(dest="cmd", required=True)
    sub.add_parser("install").add_argument("zip")
    sub.add_parser("configure")
    a = p.parse_args()
    admin = Admin(a.base, a.user, a.password)
    if a.cmd == "install":
        admin.install_zip(a.zip)
    else:
        admin.save_settings(admin.settings_from_env(dict(os.environ)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
