<?php
// Text
$_['heading_title']            = 'QIWI Kazakhstan kiosk / e-wallet';
$_['text_title']               = 'QIWI Kazakhstan kiosk / e-wallet';
$_['text_instruction']         = 'Pay at any QIWI kiosk in Kazakhstan or in the QIWI e-wallet. After you confirm, you get your order number: enter it as the account number and pay the order total in tenge (KZT).';
$_['text_comment']             = 'Awaiting payment at a QIWI kiosk or in the QIWI e-wallet. Account number: %s. Amount: %s KZT.';
$_['text_success_instruction'] = '<div class="alert alert-info" id="qiwi-merchant-gate-instruction"><p><strong>Your order number is <span id="qiwi-merchant-order-number">%s</span>.</strong></p><p>Pay at any QIWI kiosk in Kazakhstan or in the QIWI e-wallet: choose this shop, enter the order number as the account number and pay <strong><span id="qiwi-merchant-amount">%s</span> KZT</strong>. Your order is processed as soon as the payment arrives.</p></div>';

// Button
$_['button_confirm']           = 'Confirm order';

// Error
$_['error_order']              = 'Your order could not be found. Please check out again.';
$_['error_payment_method']     = 'Choose "QIWI Kazakhstan kiosk / e-wallet" as the payment method.';
$_['error_currency']           = 'QIWI Kazakhstan takes payments in tenge (KZT) only. Please switch the currency to KZT.';
$_['error_extension']          = 'This payment method is not available at the moment.';
