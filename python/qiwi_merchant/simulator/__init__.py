"""Platform simulator: plays JetPay Gate and PXP (CQR) against a running shop over real HTTP.

``python -m qiwi_merchant.simulator --help``. Pure Python (stdlib HTTP) plus this package's core
for signing, so every message the shop receives is exactly what the real platforms send.
"""
