<?php
namespace Opencart\System\Library\Extension\QiwiMerchant;

/** Thrown by Settlement when the loaded qiwi_merchant extension has no settlement engine. */
final class EngineUnavailable extends \RuntimeException {}
