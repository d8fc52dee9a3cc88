<?php
/*
 * QIWI Wallet (CQR / PXP, QiwiDeposit 163).
 *
 * Storefront: index() (the confirm button), confirm() (a new attempt ORDERID-ATTEMPT,
 * initiatePaymentRequest built by the core, the browser sent to PXP's RedirectionUrl),
 * return_page() (the customer comes back: getPayments for the order, page refreshes while pending).
 * Platform (fixed route, POST only):
 *   index.php?route=extension/qiwi_merchant/payment/qiwi_merchant_cqr.notification
 */
namespace Opencart\Catalog\Controller\Extension\QiwiMerchant\Payment;

use Opencart\System\Library\Extension\QiwiMerchant\Host;

class QiwiMerchantCqr extends \Opencart\System\Engine\Controller {
	public function index(): string {
		$this->load->language('extension/qiwi_merchant/payment/qiwi_merchant_cqr');
		$data['language'] = $this->config->get('config_language');

		return $this->load->view('extension/qiwi_merchant/payment/qiwi_merchant_cqr', $data);
	}

	public function confirm(): void {
		$this->load->language('extension/qiwi_merchant/payment/qiwi_merchant_cqr');
		$json = [];
		$order_id = (int)($this->session->data['order_id'] ?? 0);
		if (!$order_id) {
			$json['error'] = $this->language->get('error_order');
		} elseif (($this->session->data['payment_method']['code'] ?? '') !== Host::CQR_CODE) {
			$json['error'] = $this->language->get('error_payment_method');
		} elseif (!Host::extensionLoaded()) {
			$json['error'] = $this->language->get('error_extension');
		}
		if (!$json) {
			$host = $this->host();
			$order = $host->order($order_id);
			if (!$order) {
				$json['redirect'] = $this->url->link('checkout/failure', 'language=' . $this->config->get('config_language'), true);
			} else {
				$this->load->model('checkout/order');
				if ((int)$order['order_status_id'] === 0) {
					// The order exists from now on, pending, whatever PXP answers.
					$this->model_checkout_order->addHistory($order_id, $host->status('pending'), $this->language->get('text_instruction'), false);
					$order = $host->order($order_id);
				}
				$result = $host->cqrInitiate($order, $this->customerData($order_id), $this->currency);
				if (isset($result['redirect'])) {
					$json['redirect'] = $result['redirect'];
					// The customer leaves for PXP and comes back to the return page, never to
					// checkout/success: end the checkout here as checkout/success would, so that the
					// next checkout in this session makes a new order instead of editing this one.
					$this->cart->clear();
					foreach (['order_id', 'payment_method', 'payment_methods', 'shipping_method', 'shipping_methods', 'comment', 'agree', 'coupon', 'reward'] as $k) {
						unset($this->session->data[$k]);
					}
				} else {
					$json['error'] = $result['error'];
				}
			}
		}
		$this->response->addHeader('Content-Type: application/json');
		$this->response->setOutput(json_encode($json));
	}

	/** @return array<string, string> what initiatePaymentRequest says about the customer */
	private function customerData(int $order_id): array {
		$this->load->model('checkout/order');
		$info = $this->model_checkout_order->getOrder($order_id);
		$customer_id = (int)($info['customer_id'] ?? 0);

		return [
			'email'      => (string)($info['email'] ?? ''),
			'user_id'    => $customer_id ? 'customer-' . $customer_id : 'guest-order-' . $order_id,
			'session_id' => session_id() ?: ('order-' . $order_id),
			'ip'         => (string)($this->request->server['REMOTE_ADDR'] ?? ''),
			'return_url' => $this->returnUrl($order_id),
			'language'   => (string)$this->config->get('config_language'),
		];
	}

	/**
	 * "Try again" on the return page of a failed payment (POST, the page's key): a new attempt
	 * ORDERID-ATTEMPT for the same order, the browser sent to PXP again; on an error, back to the
	 * return page, which shows it.
	 */
	public function retry(): void {
		$this->load->language('extension/qiwi_merchant/payment/qiwi_merchant_cqr');
		$order_id = (int)($this->request->get['order_id'] ?? 0);
		$key = (string)($this->request->get['key'] ?? '');
		if (($this->request->server['REQUEST_METHOD'] ?? '') !== 'POST' || !$order_id || !hash_equals($this->returnKey($order_id), $key)) {
			$this->response->redirect($this->url->link('common/home', 'language=' . $this->config->get('config_language')));

			return;
		}
		$back = $this->returnUrl($order_id);
		if (!Host::extensionLoaded()) {
			$this->session->data['qiwi_merchant_cqr_error'] = $this->language->get('error_extension');
			$this->response->redirect($back);

			return;
		}
		$host = $this->host();
		$order = $host->order($order_id);
		if (!$order || !$this->canRetry($host, $order)) {
			$this->response->redirect($back);

			return;
		}
		$result = $host->cqrInitiate($order, $this->customerData($order_id), $this->currency);
		if (isset($result['redirect'])) {
			// The order awaits payment again (the engine's record is pending, bound to the new attempt).
			$this->load->model('checkout/order');
			$this->model_checkout_order->addHistory($order_id, $host->status('pending'), $this->language->get('text_retry_comment'), false);
			$this->response->redirect($result['redirect']);

			return;
		}
		$this->session->data['qiwi_merchant_cqr_error'] = $result['error'];
		$this->response->redirect($back);
	}

	/** A QIWI Wallet order whose payment failed: the customer may pay it again. */
	private function canRetry(Host $host, array $order): bool {
		return $host->awaiting($order, Host::CQR_CODE) && $host->status('failed') && (int)$order['order_status_id'] === $host->status('failed');
	}

	/** The customer's way back from PXP (MerchantNotificationUrl): asks getPayments, shows the state. */
	public function return_page(): void {
		$this->load->language('extension/qiwi_merchant/payment/qiwi_merchant_cqr');
		$order_id = (int)($this->request->get['order_id'] ?? 0);
		$key = (string)($this->request->get['key'] ?? '');
		$data = ['state' => 'unknown', 'message' => $this->language->get('text_unknown')];
		if ($order_id && Host::extensionLoaded() && hash_equals($this->returnKey($order_id), $key)) {
			$host = $this->host();
			try {
				$host->poll($order_id);
			} catch (\Throwable $e) {
				error_log('qiwi_merchant return page: ' . Host::errorText($e));
			}
			$order = $host->order($order_id);
			$status = $order ? (int)$order['order_status_id'] : 0;
			if ($status && $status === $host->status('paid')) {
				$data['state'] = 'paid';
			} elseif ($status && in_array($status, [$host->status('failed'), $host->status('reversed')], true)) {
				$data['state'] = 'failed';
			} else {
				$data['state'] = 'pending';
			}
			$data['message'] = sprintf($this->language->get('text_' . $data['state']), $order_id);
			if ($order && $this->canRetry($host, $order)) {
				$data['retry'] = $this->url->link('extension/qiwi_merchant/payment/qiwi_merchant_cqr.retry', 'language=' . $this->config->get('config_language') . '&order_id=' . $order_id . '&key=' . $key, true);
			}
		}
		$data['error'] = (string)($this->session->data['qiwi_merchant_cqr_error'] ?? '');
		unset($this->session->data['qiwi_merchant_cqr_error']);
		$this->document->setTitle($this->language->get('text_return_title'));
		$data['heading_title'] = $this->language->get('text_return_title');
		$data['continue'] = $this->url->link('common/home', 'language=' . $this->config->get('config_language'));
		$data['column_left'] = $this->load->controller('common/column_left');
		$data['column_right'] = $this->load->controller('common/column_right');
		$data['content_top'] = $this->load->controller('common/content_top');
		$data['content_bottom'] = $this->load->controller('common/content_bottom');
		$data['footer'] = $this->load->controller('common/footer');
		$data['header'] = $this->load->controller('common/header');
		$this->response->setOutput($this->load->view('extension/qiwi_merchant/payment/qiwi_merchant_return', $data));
	}

	public function notification(): void {
		if (($this->request->server['REQUEST_METHOD'] ?? '') !== 'POST') {
			$this->send(405, ['Content-Type: text/plain', 'Allow: POST'], 'method not allowed');

			return;
		}
		if (!Host::extensionLoaded()) {
			$this->send(503, ['Content-Type: text/plain'], 'the qiwi_merchant PHP extension is not loaded');

			return;
		}
		try {
			[$status, $headers, $out] = $this->host()->cqrNotification();
		} catch (\Throwable $e) {
			// Storing the raw delivery failed: PXP is asked to send again.
			error_log('qiwi_merchant notification: ' . Host::errorText($e));
			[$status, $headers, $out] = [200, ['Content-Type: ' . \QiwiMerchant\Cqr\CONTENT_TYPE], \QiwiMerchant\Cqr\ackErrorProcessingEvent('temporary storage failure')];
		}
		$this->send($status, $headers, $out);
	}

	private function returnKey(int $order_id): string {
		return hash_hmac('sha256', 'return:' . $order_id, (string)$this->config->get('payment_qiwi_merchant_cron_token'));
	}

	private function returnUrl(int $order_id): string {
		return str_replace('&amp;', '&', $this->url->link('extension/qiwi_merchant/payment/qiwi_merchant_cqr.return_page', 'language=' . $this->config->get('config_language') . '&order_id=' . $order_id . '&key=' . $this->returnKey($order_id), true));
	}

	private function host(): Host {
		$this->load->model('checkout/order');
		$model = $this->model_checkout_order;

		return new Host($this->registry, function (int $order_id, int $status_id, string $comment, bool $notify) use ($model): void {
			$model->addHistory($order_id, $status_id, $comment, $notify);
		});
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
