"""Django integration for qiwi-merchant.

Add ``"qiwi_merchant.django"`` to ``INSTALLED_APPS``, include ``qiwi_merchant.django.urls``
(or map the three views yourself), and configure ``settings.QIWI_MERCHANT``. See docs/django.md.
"""

