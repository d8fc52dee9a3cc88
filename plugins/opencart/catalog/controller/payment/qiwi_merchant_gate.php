<?php
/*
 * QIWI Kazakhstan kiosk / e-wallet (JetPay Gate, method qiwi-kz).
 *
 * Storefront: index() (the method's confirm button), confirm() (order -> pending, success page with
 * the order number = the account number). Platform (fixed routes, POST only, no session use):
 *   index.php?route=extension/qiwi_merchant/payment/qiwi_merchant_gate.account_check
 *   index.php?route=extension/qiwi_merchant/payment/qiwi_merchant_gate.callback
 * Cron: index.php?route=extension/qiwi_merchant/payment/qiwi_merchant_gate.cron&token=... (both methods).
 */
namespace Opencart\Catalog\Controller\Extension\QiwiMerchant\Payment;

use Opencart\System\Library\Extension\QiwiMerchant\Host;

class QiwiMerchantGate extends \Opencart\System\Engine\Controller {
	public function index(): string {
		$this->load->language('extension/qiwi_merchant/payment/qiwi_merchant_gate');
		$data['language'] = $this->config->get('config_language');

		return $this->load->view('extension/qiwi_merchant/payment/qiwi_merchant_gate', $data);
	}

	public function confirm(): void {
		$this->load->language('extension/qiwi_merchant/payment/qiwi_merchant_gate');
		$json = [];
		$order_id = (int)($this->session->data['order_id'] ?? 0);
		if (!$order_id) {
			$json['error'] = $this->language->get('error_order');
		} elseif (($this->session->data['payment_method']['code'] ?? '') !== Host::GATE_CODE) {
			$json['error'] = $this->language->get('error_payment_method');
		} elseif (!Host::extensionLoaded()) {
			$json['error'] = $this->language->get('error_extension');
		}
		if (!$json) {
			$host = $this->host();
			$order = $host->order($order_id);
			if (!$order) {
				$json['redirect'] = $this->url->link('checkout/failure', 'language=' . $this->config->get('config_language'), true);
			} elseif ($order['currency_code'] !== 'KZT') {
				$json['error'] = $this->language->get('error_currency');
			} else {
				$amount = \QiwiMerchant\Money\minorToDecimal($host->orderAmountMinor($order, $this->currency), 'KZT');
				$comment = sprintf($this->language->get('text_comment'), $order_id, $amount);
				$this->load->model('checkout/order');
				$this->model_checkout_order->addHistory($order_id, $host->status('pending'), $comment, true);
				$this->session->data['qiwi_merchant_gate_order'] = ['order_id' => $order_id, 'amount' => $amount];
				$json['redirect'] = $this->url->link('checkout/success', 'language=' . $this->config->get('config_language'), true);
			}
		}
		$this->response->addHeader('Content-Type: application/json');
		$this->response->setOutput(json_encode($json));
	}

	/** Event catalog/view/common/success/before: the account number and the amount on the success page. */
	public function success(&$route = '', &$data = [], &$code = '', &$output = ''): void {
		if (!is_array($data) || empty($this->session->data['qiwi_merchant_gate_order'])) {
			return;
		}
		$info = $this->session->data['qiwi_merchant_gate_order'];
		unset($this->session->data['qiwi_merchant_gate_order']);
		$this->load->language('extension/qiwi_merchant/payment/qiwi_merchant_gate');
		$data['text_message'] = sprintf($this->language->get('text_success_instruction'), (int)$info['order_id'], htmlspecialchars((string)$info['amount'])) . ($data['text_message'] ?? '');
	}

	public function account_check(): void {
		if (!$this->platformRequest()) {
			return;
		}
		$body = Host::readBody();
		if ($body === null) {
			$this->send(413, ['Content-Type: text/plain'], 'request body too large');

			return;
		}
		try {
			[$status, $headers, $out] = $this->host()->gateAccountCheck($body, $this->currency);
		} catch (\Throwable $e) {
			error_log('qiwi_merchant account check: ' . Host::errorText($e));
			[$status, $headers, $out] = [503, ['Content-Type: application/json'], '{"error":"temporarily unavailable"}'];
		}
		$this->send($status, $headers, $out);
	}

	public function callback(): void {
		if (!$this->platformRequest()) {
			return;
		}
		$body = Host::readBody();
		if ($body === null) {
			$this->send(413, ['Content-Type: text/plain'], 'request body too large');

			return;
		}
		try {
			[$status, $headers, $out] = $this->host()->gateCallback($body);
		} catch (\Throwable $e) {
			// Storing the raw delivery failed: nothing acknowledged, JetPay delivers again.
			error_log('qiwi_merchant callback: ' . Host::errorText($e));
			[$status, $headers, $out] = [503, ['Content-Type: application/json'], '{"error":"temporarily unavailable"}'];
		}
		$this->send($status, $headers, $out);
	}

	/** Status checks for every order with a pending QIWI payment (both methods). */
	public function cron(): void {
		$token = (string)$this->config->get('payment_qiwi_merchant_cron_token');
		$given = (string)($this->request->get['token'] ?? '');
		if ($token === '' || !hash_equals($token, $given)) {
			$this->send(403, ['Content-Type: text/plain'], 'forbidden');

			return;
		}
		if (!Host::extensionLoaded()) {
			$this->send(503, ['Content-Type: text/plain'], 'the qiwi_merchant PHP extension is not loaded');

			return;
		}
		$host = $this->host();
		$lines = [];
		$limit = (int)($this->request->get['limit'] ?? 100);
		foreach ($host->pendingOrders($limit) as $order_id) {
			try {
				foreach ($host->poll($order_id) as $line) {
					$lines[] = 'order ' . $order_id . ': ' . $line;
				}
			} catch (\Throwable $e) {
				// One order's failure does not stop the others; it is asked about again next run.
				error_log('qiwi_merchant cron: order ' . $order_id . ': ' . Host::errorText($e));
				$lines[] = 'order ' . $order_id . ': failed (' . Host::errorText($e) . ')';
			}
		}
		$this->send(200, ['Content-Type: text/plain; charset=utf-8'], implode("\n", $lines) . "\n");
	}

	private function host(): Host {
		$this->load->model('checkout/order');
		$model = $this->model_checkout_order;

		return new Host($this->registry, function (int $order_id, int $status_id, string $comment, bool $notify) use ($model): void {
			$model->addHistory($order_id, $status_id, $comment, $notify);
		});
	}

	/** POST only (405 otherwise) and the extension loaded (503 otherwise). */
	private function platformRequest(): bool {
		if (($this->request->server['REQUEST_METHOD'] ?? '') !== 'POST') {
			$this->send(405, ['Content-Type: text/plain', 'Allow: POST'], 'method not allowed');

			return false;
		}
		if (!Host::extensionLoaded()) {
			$this->send(503, ['Content-Type: text/plain'], 'the qiwi_merchant PHP extension is not loaded');

			return false;
		}

		return true;
	}

	/** @param list<string> $headers */
	private function send(int $status, array $headers, string $body): void {
		http_response_code($status);
		foreach ($headers as $h) {
			$this->response->addHeader($h);
		}
		$this->response->addHeader('Cache-Control: no-store');
		$this->response->setOutput($body);
	}
}
