<?php
// Text
$_['heading_title']        = 'QIWI Wallet';
$_['text_title']           = 'QIWI Wallet';
$_['text_instruction']     = 'You will be sent to QIWI Wallet to pay. Your order is processed once QIWI confirms the payment.';
$_['text_return_title']    = 'QIWI Wallet payment';
$_['text_paid']            = 'Thank you: your payment for order %s has been received.';
$_['text_pending']         = 'We are waiting for QIWI Wallet to confirm the payment for order %s. This page refreshes by itself.';
$_['text_failed']          = 'The payment for order %s did not go through. You can try again, or contact us.';
$_['text_retry_comment']   = 'The customer tries again with QIWI Wallet (a new payment attempt).';
$_['text_unknown']         = 'No such order.';

// Button
$_['button_confirm']       = 'Pay with QIWI Wallet';
$_['button_retry']         = 'Try again with QIWI Wallet';

// Error
$_['error_order']          = 'Your order could not be found. Please check out again.';
$_['error_payment_method'] = 'Choose "QIWI Wallet" as the payment method.';
$_['error_extension']      = 'This payment method is not available at the moment.';
