<?php
namespace Opencart\Admin\Controller\Extension\QiwiMerchant\Payment;

/** Settings, install, the order page's QIWI panel: system/library/admin_controller.php. */
class QiwiMerchantGate extends \Opencart\System\Library\Extension\QiwiMerchant\AdminController {
	protected string $code = 'qiwi_merchant_gate';
}
