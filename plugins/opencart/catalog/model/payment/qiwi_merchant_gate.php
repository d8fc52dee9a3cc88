<?php
namespace Opencart\Catalog\Model\Extension\QiwiMerchant\Payment;

class QiwiMerchantGate extends \Opencart\System\Engine\Model {
	/**
	 * @param array<string, mixed> $address
	 *
	 * @return array<string, mixed>
	 */
	public function getMethods(array $address = []): array {
		$this->load->language('extension/qiwi_merchant/payment/qiwi_merchant_gate');

		// Hidden when the qiwi_merchant PHP extension is not loaded (the admin says so).
		if (!extension_loaded('qiwi_merchant') || !$this->config->get('payment_qiwi_merchant_gate_status')) {
			$status = false;
		} elseif ($this->cart->hasSubscription()) {
			$status = false;
		} elseif (!$this->config->get('payment_qiwi_merchant_gate_geo_zone_id') || !isset($address['country_id'])) {
			$status = true;
		} else {
			$this->load->model('localisation/geo_zone');
			$status = (bool)$this->model_localisation_geo_zone->getGeoZone((int)$this->config->get('payment_qiwi_merchant_gate_geo_zone_id'), (int)$address['country_id'], (int)($address['zone_id'] ?? 0));
		}
		// JetPay Gate qiwi-kz takes tenge only: offered for KZT orders.
		if (($this->session->data['currency'] ?? $this->config->get('config_currency')) !== 'KZT') {
			$status = false;
		}

		$method_data = [];

		if ($status) {
			$option_data['qiwi_merchant_gate'] = [
				'code' => 'qiwi_merchant_gate.qiwi_merchant_gate',
				'name' => $this->language->get('heading_title')
			];

			$method_data = [
				'code'       => 'qiwi_merchant_gate',
				'name'       => $this->language->get('heading_title'),
				'option'     => $option_data,
				'sort_order' => $this->config->get('payment_qiwi_merchant_gate_sort_order')
			];
		}

		return $method_data;
	}
}
