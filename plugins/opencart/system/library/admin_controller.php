<?php
/*
 * The admin side of both payment methods (Extensions > Payments): one settings page for the two
 * (each method's Edit opens it), install / uninstall, the order page's "QIWI" panel and its
 * "check status now" action. admin/controller/payment/qiwi_merchant_{gate,cqr}.php only name the
 * method.
 */
namespace Opencart\System\Library\Extension\QiwiMerchant;

abstract class AdminController extends \Opencart\System\Engine\Controller {
	/** qiwi_merchant_gate or qiwi_merchant_cqr */
	protected string $code = '';

	/** Plain settings per method (the secrets are handled apart: never written back into the page). */
	private const FIELDS = [
		'gate' => ['status', 'sort_order', 'geo_zone_id', 'project_id', 'base_url'],
		'cqr'  => ['status', 'sort_order', 'geo_zone_id', 'merchant_id', 'shop_id', 'base_url', 'api_user', 'notify_user', 'allowed_ips', 'trusted_proxies', 'confirm_get_payments'],
	];
	private const SECRETS = [
		'gate' => ['secret'],
		'cqr'  => ['api_password', 'notify_password'],
	];

	private function lang(): void {
		$this->load->language('extension/qiwi_merchant/payment/' . $this->code);
	}

	private function token(): string {
		return 'user_token=' . $this->session->data['user_token'];
	}

	public function index(): void {
		$this->lang();
		$this->document->setTitle($this->language->get('text_edit'));
		$data['breadcrumbs'] = [
			['text' => $this->language->get('text_home'), 'href' => $this->url->link('common/dashboard', $this->token())],
			['text' => $this->language->get('text_extension'), 'href' => $this->url->link('marketplace/extension', $this->token() . '&type=payment')],
			['text' => $this->language->get('text_edit'), 'href' => $this->url->link('extension/qiwi_merchant/payment/' . $this->code, $this->token())],
		];
		$data['save'] = $this->url->link('extension/qiwi_merchant/payment/' . $this->code . '.save', $this->token());
		$data['back'] = $this->url->link('marketplace/extension', $this->token() . '&type=payment');
		$data['active'] = $this->code === 'qiwi_merchant_cqr' ? 'cqr' : 'gate';

		foreach (self::FIELDS as $m => $fields) {
			foreach ($fields as $f) {
				$data['payment_qiwi_merchant_' . $m . '_' . $f] = $this->config->get('payment_qiwi_merchant_' . $m . '_' . $f);
			}
			foreach (self::SECRETS[$m] as $f) {
				// Only whether it is set; the value never goes into the page.
				$data['has_' . $m . '_' . $f] = (string)$this->config->get('payment_qiwi_merchant_' . $m . '_' . $f) !== '';
			}
		}
		foreach (array_keys(Host::STATUS_DEFAULTS) as $o) {
			$data['order_status_' . $o] = (int)$this->config->get('payment_qiwi_merchant_order_status_' . $o);
		}
		$this->load->model('localisation/order_status');
		$data['order_statuses'] = $this->model_localisation_order_status->getOrderStatuses();
		$this->load->model('localisation/geo_zone');
		$data['geo_zones'] = $this->model_localisation_geo_zone->getGeoZones();

		$catalog = rtrim(HTTP_CATALOG, '/') . '/index.php?route=extension/qiwi_merchant/payment/';
		$data['url_account_check'] = $catalog . 'qiwi_merchant_gate.account_check';
		$data['url_callback'] = $catalog . 'qiwi_merchant_gate.callback';
		$data['url_notification'] = $catalog . 'qiwi_merchant_cqr.notification';
		$data['url_cron'] = $catalog . 'qiwi_merchant_gate.cron&token=' . $this->config->get('payment_qiwi_merchant_cron_token');
		$data['selftest'] = $this->selftest();
		$data['extension_loaded'] = Host::extensionLoaded();

		$data['header'] = $this->load->controller('common/header');
		$data['column_left'] = $this->load->controller('common/column_left');
		$data['footer'] = $this->load->controller('common/footer');
		$this->response->setOutput($this->load->view('extension/qiwi_merchant/payment/qiwi_merchant_form', $data));
	}

	/** @return list<array{ok: bool, text: string}> */
	private function selftest(): array {
		$out = [];
		if (!Host::extensionLoaded()) {
			$out[] = ['ok' => false, 'text' => $this->language->get('text_selftest_missing')];

			return $out;
		}
		$out[] = ['ok' => true, 'text' => sprintf($this->language->get('text_extension_loaded'), \QiwiMerchant\version())];
		$out[] = Settlement::available()
			? ['ok' => true, 'text' => $this->language->get('text_engine_ok')]
			: ['ok' => false, 'text' => $this->language->get('error_engine_missing')];
		$secret = (string)$this->config->get('payment_qiwi_merchant_gate_secret');
		if ($secret === '') {
			$out[] = ['ok' => false, 'text' => $this->language->get('error_no_secret')];
		} else {
			try {
				$signer = new \QiwiMerchant\Gate\Signer($secret);
				$probe = ['project_id' => (int)$this->config->get('payment_qiwi_merchant_gate_project_id'), 'payment' => ['id' => 'selftest-' . bin2hex(random_bytes(4)), 'status' => 'success', 'sum' => ['amount' => 100, 'currency' => 'KZT']]];
				$probe['signature'] = $signer->sign($probe);
				$tampered = $probe;
				$tampered['payment']['sum']['amount'] = 101;
				$ok = $signer->verify($probe) && !$signer->verify($tampered);
				$out[] = ['ok' => $ok, 'text' => $this->language->get($ok ? 'text_signature_ok' : 'error_signature')];
			} catch (\QiwiMerchant\Exception $e) {
				$out[] = ['ok' => false, 'text' => $e->getMessage()];
			}
		}
		if ((string)$this->config->get('payment_qiwi_merchant_cqr_notify_user') === '' || (string)$this->config->get('payment_qiwi_merchant_cqr_notify_password') === '') {
			$out[] = ['ok' => false, 'text' => $this->language->get('error_no_notify_credentials')];
		}

		return $out;
	}

	public function save(): void {
		$this->lang();
		$json = [];
		if (!$this->user->hasPermission('modify', 'extension/qiwi_merchant/payment/' . $this->code)) {
			$json['error']['warning'] = $this->language->get('error_permission');
		}
		$post = $this->request->post;
		$project = trim((string)($post['payment_qiwi_merchant_gate_project_id'] ?? ''));
		if ($project !== '' && !ctype_digit($project)) {
			$json['error']['gate-project-id'] = $this->language->get('error_project_id');
		}
		foreach (['gate', 'cqr'] as $m) {
			$sort = trim((string)($post['payment_qiwi_merchant_' . $m . '_sort_order'] ?? ''));
			if ($sort !== '' && !preg_match('/^-?\d{1,9}$/', $sort)) {
				$json['error'][$m . '-sort-order'] = $this->language->get('error_sort_order');
			}
		}
		// The allow-list and the trusted proxies are read by the core (Cqr\ipDecide): an entry it
		// does not take is refused here rather than failing every notification later.
		if (Host::extensionLoaded()) {
			foreach (['allowed_ips' => 'cqr-allowed-ips', 'trusted_proxies' => 'cqr-trusted-proxies'] as $key => $field) {
				$list = Host::splitList((string)($post['payment_qiwi_merchant_cqr_' . $key] ?? ''));
				if (!$list) {
					continue;
				}
				try {
					\QiwiMerchant\Cqr\ipDecide($key === 'allowed_ips' ? $list : ['127.0.0.1'], '127.0.0.1', [], $key === 'trusted_proxies' ? $list : []);
				} catch (\QiwiMerchant\Exception $e) {
					$json['error'][$field] = sprintf($this->language->get('error_ip_list'), $e->getMessage());
				}
			}
		}
		if (!$json) {
			$this->load->model('setting/setting');
			foreach (self::FIELDS as $m => $fields) {
				$values = [];
				foreach ($fields as $f) {
					$k = 'payment_qiwi_merchant_' . $m . '_' . $f;
					$values[$k] = trim(html_entity_decode((string)($post[$k] ?? ''), ENT_QUOTES, 'UTF-8'));
				}
				foreach (self::SECRETS[$m] as $f) {
					$k = 'payment_qiwi_merchant_' . $m . '_' . $f;
					$given = html_entity_decode((string)($post[$k] ?? ''), ENT_QUOTES, 'UTF-8');
					// An empty password field keeps the stored secret.
					$values[$k] = $given !== '' ? $given : (string)$this->config->get($k);
				}
				$this->model_setting_setting->editSetting('payment_qiwi_merchant_' . $m, $values);
			}
			$common = ['payment_qiwi_merchant_cron_token' => (string)$this->config->get('payment_qiwi_merchant_cron_token') ?: bin2hex(random_bytes(16))];
			foreach (array_keys(Host::STATUS_DEFAULTS) as $o) {
				$k = 'payment_qiwi_merchant_order_status_' . $o;
				$common[$k] = (int)($post[$k] ?? $this->config->get($k));
			}
			$this->model_setting_setting->editSetting('payment_qiwi_merchant', $common);
			$json['success'] = $this->language->get('text_success');
		}
		$this->response->addHeader('Content-Type: application/json');
		$this->response->setOutput(json_encode($json));
	}

	public function install(): void {
		$host = new Host($this->registry);
		$host->installSchema();
		$this->load->model('setting/setting');
		$common = $this->model_setting_setting->getSetting('payment_qiwi_merchant');
		foreach (Host::STATUS_DEFAULTS as $o => $name) {
			$k = 'payment_qiwi_merchant_order_status_' . $o;
			if (empty($common[$k])) {
				$common[$k] = $host->orderStatusId($name, $o === 'flagged');
			}
		}
		if (empty($common['payment_qiwi_merchant_cron_token'])) {
			$common['payment_qiwi_merchant_cron_token'] = bin2hex(random_bytes(16));
		}
		$this->model_setting_setting->editSetting('payment_qiwi_merchant', $common);
		$this->load->model('setting/event');
		if (!$this->model_setting_event->getEventByCode('qiwi_merchant_gate_success')) {
			$this->model_setting_event->addEvent([
				'code'        => 'qiwi_merchant_gate_success',
				'description' => 'QIWI Kazakhstan: the order number (account number) and amount on the checkout success page',
				'trigger'     => 'catalog/view/common/success/before',
				'action'      => 'extension/qiwi_merchant/payment/qiwi_merchant_gate.success',
				'status'      => 1,
				'sort_order'  => 0,
			]);
		}
	}

	public function uninstall(): void {
		$this->load->model('setting/extension');
		$other = $this->code === 'qiwi_merchant_gate' ? 'qiwi_merchant_cqr' : 'qiwi_merchant_gate';
		foreach ($this->model_setting_extension->getExtensionsByType('payment') as $e) {
			if ($e['code'] === $other) {
				return; // the other method still uses the tables and settings
			}
		}
		$result = (new Host($this->registry))->uninstallSchema();
		$this->load->model('setting/event');
		$this->model_setting_event->deleteEventByCode('qiwi_merchant_gate_success');
		if (!$result['kept']) {
			$this->load->model('setting/setting');
			$this->model_setting_setting->deleteSetting('payment_qiwi_merchant');
		}
	}

	/** The order page's "QIWI" tab. */
	public function order(): string {
		$this->lang();
		$order_id = (int)($this->request->get['order_id'] ?? 0);
		$data = ['order_id' => $order_id, 'extension_loaded' => Host::extensionLoaded()];
		$panel = (new Host($this->registry))->panel($order_id);
		foreach ($panel['deliveries'] as &$d) {
			$d['effects_text'] = $this->effectsText((string)$d['effects']);
		}
		unset($d);
		foreach ($panel['ledger'] as &$l) {
			$l['amount_text'] = $this->money((int)$l['amount'], (string)$l['currency']);
		}
		unset($l);
		foreach ($panel['gate'] as &$g) {
			foreach (['amount', 'credited', 'debited'] as $k) {
				$g[$k . '_text'] = $this->money((int)$g[$k], (string)$g['currency']);
			}
		}
		unset($g);
		if ($panel['cqr']) {
			foreach (['amount', 'credited', 'debited'] as $k) {
				$panel['cqr'][$k . '_text'] = $this->money((int)$panel['cqr'][$k], (string)$panel['cqr']['currency']);
			}
		}
		$data += $panel;
		$data['check'] = str_replace('&amp;', '&', $this->url->link('extension/qiwi_merchant/payment/' . $this->code . '.check', $this->token() . '&order_id=' . $order_id));
		$data['reload'] = str_replace('&amp;', '&', $this->url->link('extension/qiwi_merchant/payment/' . $this->code . '.panel', $this->token() . '&order_id=' . $order_id));
		$data['history'] = str_replace('&amp;', '&', $this->url->link('sale/order.history', $this->token() . '&order_id=' . $order_id));

		return $this->load->view('extension/qiwi_merchant/payment/qiwi_merchant_order', $data);
	}

	/** The panel alone (reloaded by its "check status now" button). */
	public function panel(): void {
		$this->response->setOutput($this->order());
	}

	/** "Check status now": Gate status request / CQR getPayments for the order's pending payments. */
	public function check(): void {
		$this->lang();
		$json = [];
		if (!$this->user->hasPermission('modify', 'extension/qiwi_merchant/payment/' . $this->code)) {
			$json['error'] = $this->language->get('error_permission');
		} elseif (!Host::extensionLoaded()) {
			$json['error'] = $this->language->get('error_extension_missing');
		} else {
			$store = null;
			try {
				$order_id = (int)($this->request->get['order_id'] ?? 0);
				$lines = (new Host($this->registry, $this->catalogHistory($order_id, $store)))->poll($order_id);
				$json['success'] = $lines ? implode("\n", $lines) : $this->language->get('text_nothing_pending');
			} catch (\Throwable $e) {
				$json['error'] = Host::errorText($e);
			} finally {
				if ($store !== null) {
					// As sale/order.call does with its store instance: no session is left behind.
					$store->get('session')->destroy();
				}
			}
		}
		$this->response->addHeader('Content-Type: application/json');
		$this->response->setOutput(json_encode($json));
	}

	/**
	 * The order history mechanism for "check status now": OpenCart's own catalog
	 * checkout/order->addHistory() (status, stock, events, the customer's e-mail), run in a catalog
	 * store instance of the order's store, language and currency, made the way the admin's own
	 * order editor makes one (sale/order.call: setting/store->createStoreInstance). It shares the
	 * admin's database connection, so the entry is part of the settlement transaction. The
	 * instance is made on the first applied change only; $store receives it (to end its session).
	 *
	 * @return callable(int, int, string, bool): void
	 */
	private function catalogHistory(int $order_id, ?\Opencart\System\Engine\Registry &$store): callable {
		return function (int $id, int $status_id, string $comment, bool $notify) use ($order_id, &$store): void {
			if ($store === null) {
				$q = $this->db->query("SELECT store_id, language_code, currency_code FROM `" . DB_PREFIX . "order` WHERE order_id = '" . (int)$order_id . "'");
				$this->load->model('setting/store');
				$store = $this->model_setting_store->createStoreInstance((int)($q->row['store_id'] ?? 0), (string)($q->row['language_code'] ?? ''), (string)($q->row['currency_code'] ?? ''));
				$store->get('load')->model('checkout/order');
			}
			$store->get('model_checkout_order')->addHistory($id, $status_id, $comment, $notify);
		};
	}

	private function money(int $minor, string $currency): string {
		try {
			return \QiwiMerchant\Money\minorToDecimal($minor, $currency) . ' ' . $currency;
		} catch (\Throwable $e) {
			return $minor . ' (minor) ' . $currency;
		}
	}

	private function effectsText(string $json): string {
		$effects = json_decode($json, true);
		if (!is_array($effects) || !$effects) {
			return '';
		}
		$out = [];
		foreach ($effects as $e) {
			if (is_array($e) && isset($e['kind'], $e['amount'], $e['currency'])) {
				$out[] = $e['kind'] . ' ' . $this->money((int)$e['amount'], (string)$e['currency']);
			}
		}

		return implode(', ', $out);
	}
}
