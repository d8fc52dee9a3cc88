<?php
// Heading
$_['heading_title']                = 'QIWI Wallet (CQR / PXP)';

// Text
$_['text_extension']               = 'Extensions';
$_['text_success']                 = 'Success: You have modified the QIWI payment settings!';
$_['text_edit']                    = 'QIWI payments: settings of both methods';
$_['text_gate']                    = 'QIWI Kazakhstan (JetPay Gate)';
$_['text_cqr']                     = 'QIWI Wallet (CQR / PXP)';
$_['text_statuses']                = 'Order statuses';
$_['text_urls']                    = 'URLs to register';
$_['text_selftest']                = 'Self-test';
$_['text_secret_set']              = 'A value is stored. Leave empty to keep it; type a new one to replace it.';
$_['text_secret_unset']            = 'Not set.';
$_['text_extension_loaded']        = 'The qiwi_merchant PHP extension is loaded (core version %s).';
$_['text_selftest_missing']        = 'The qiwi_merchant PHP extension is not loaded: nothing else can be checked.';
$_['text_engine_ok']               = 'The settlement engine of the extension is available.';
$_['text_signature_ok']            = 'Signature round trip with the configured Gate secret: signed, verified, and a tampered copy refused.';
$_['text_register_jetpay']         = 'Register with JetPay (project settings)';
$_['text_register_pxp']            = 'Register with PXP (notification listener)';
$_['text_cron']                    = 'Cron (status checks for pending payments; run every 15 minutes)';
$_['text_all_zones']               = 'All zones';
$_['text_panel']                   = 'QIWI deliveries and payments';
$_['text_no_deliveries']           = 'No delivery from JetPay or PXP for this order yet.';
$_['text_check_now']               = 'Check status now';
$_['text_nothing_pending']         = 'No pending QIWI payment for this order.';

// Entry
$_['entry_project_id']             = 'Gate project ID';
$_['entry_secret']                 = 'Gate secret key';
$_['entry_gate_base_url']          = 'Gate API base URL (status requests)';
$_['entry_merchant_id']            = 'CQR merchant ID';
$_['entry_shop_id']                = 'CQR shop ID';
$_['entry_cqr_base_url']           = 'CQR base URL (…/PaymentService.svc/pox/)';
$_['entry_api_user']               = 'CQR API user';
$_['entry_api_password']           = 'CQR API password';
$_['entry_notify_user']            = 'Notification user (PXP presents it)';
$_['entry_notify_password']        = 'Notification password';
$_['entry_allowed_ips']            = 'Allowed notification IPs';
$_['entry_trusted_proxies']        = 'Trusted proxies';
$_['entry_confirm_get_payments']   = 'Confirm with getPayments before crediting';
$_['entry_order_status_pending']   = 'Pending (awaiting payment)';
$_['entry_order_status_paid']      = 'Paid';
$_['entry_order_status_failed']    = 'Failed';
$_['entry_order_status_refunded']  = 'Refunded';
$_['entry_order_status_reversed']  = 'Reversed';
$_['entry_order_status_flagged']   = 'Flagged (to be reviewed by you)';
$_['entry_geo_zone']               = 'Geo zone';
$_['entry_status']                 = 'Enabled';
$_['entry_sort_order']             = 'Sort order';

// Help
$_['help_allowed_ips']             = 'Addresses or CIDRs PXP notifies from, comma-separated (PXP: 195.69.175.192 test, 195.69.175.15 production). Empty: no address filter.';
$_['help_trusted_proxies']         = 'Your reverse proxies or load balancers, comma-separated: only from these peers is the X-Forwarded-For client believed and checked against the list above.';
$_['help_confirm_get_payments']    = 'Before crediting a completed notification, ask PXP (getPayments) to confirm it; until PXP says completed, the notification is answered resultCode 10 (PXP sends it again).';

// Column
$_['column_time']                  = 'Time';
$_['column_source']                = 'Delivery';
$_['column_reference']             = 'Payment';
$_['column_verification']          = 'Verification';
$_['column_decision']              = 'Decision';
$_['column_effect']                = 'Money effect';
$_['column_reason']                = 'Reason / flag';
$_['column_http']                  = 'Answer';

// Error
$_['error_permission']             = 'Warning: You do not have permission to modify the QIWI payment settings!';
$_['error_project_id']             = 'The project ID is a number.';
$_['error_sort_order']             = 'The sort order is a whole number.';
$_['error_ip_list']                = 'Not taken by the qiwi_merchant core: %s';
$_['error_extension_missing']      = 'The qiwi_merchant PHP extension is NOT loaded in this PHP: both QIWI methods are hidden at checkout and the platform URLs answer 503. Install it (docs/opencart.md) and add extension=qiwi_merchant to php.ini.';
$_['error_engine_missing']         = 'The loaded qiwi_merchant extension has no settlement engine: callbacks and notifications are stored but answered 503 / resultCode 10 until it is updated.';
$_['error_no_secret']              = 'No Gate secret key: JetPay requests are refused.';
$_['error_signature']              = 'The signature round trip failed.';
$_['error_no_notify_credentials']  = 'No notification user/password: every PXP notification is refused (401).';
