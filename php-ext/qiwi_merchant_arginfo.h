/* This is a generated file, edit the .stub.php file instead.
 * Stub hash: be5ef3bd4a5b984deeb1bcc4dcca4fec4d627419 */

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_QiwiMerchant_version, 0, 0, IS_STRING, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_QiwiMerchant_errorKinds, 0, 0, IS_ARRAY, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_QiwiMerchant_Money_currencyExponent, 0, 1, IS_LONG, 0)
	ZEND_ARG_TYPE_INFO(0, currency, IS_STRING, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_QiwiMerchant_Money_minorToDecimal, 0, 2, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, minor, IS_LONG, 0)
	ZEND_ARG_TYPE_INFO(0, currency, IS_STRING, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_QiwiMerchant_Money_decimalToMinor, 0, 2, IS_LONG, 0)
	ZEND_ARG_TYPE_INFO(0, decimal, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, currency, IS_STRING, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_OBJ_INFO_EX(arginfo_QiwiMerchant_Cqr_parse, 0, 1, QiwiMerchant\\Cqr\\Message, 0)
	ZEND_ARG_TYPE_INFO(0, xml, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, limits, IS_ARRAY, 1, "null")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_OBJ_INFO_EX(arginfo_QiwiMerchant_Cqr_parseNotification, 0, 1, QiwiMerchant\\Cqr\\\116otification, 0)
	ZEND_ARG_TYPE_INFO(0, xml, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, limits, IS_ARRAY, 1, "null")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_OBJ_TYPE_MASK_EX(arginfo_QiwiMerchant_Cqr_parseInitiateAnswer, 0, 1, QiwiMerchant\\Cqr\\InitiateResponse|QiwiMerchant\\Cqr\\ServiceError, 0)
	ZEND_ARG_TYPE_INFO(0, xml, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, limits, IS_ARRAY, 1, "null")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_OBJ_TYPE_MASK_EX(arginfo_QiwiMerchant_Cqr_parseGetPaymentsAnswer, 0, 1, QiwiMerchant\\Cqr\\GetPaymentsResponse|QiwiMerchant\\Cqr\\ServiceError, 0)
	ZEND_ARG_TYPE_INFO(0, xml, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, limits, IS_ARRAY, 1, "null")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_QiwiMerchant_Cqr_parseInitiateRequest, 0, 1, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, xml, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, limits, IS_ARRAY, 1, "null")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_OBJ_INFO_EX(arginfo_QiwiMerchant_Cqr_buildInitiateRequest, 0, 1, QiwiMerchant\\Cqr\\BuiltRequest, 0)
	ZEND_ARG_TYPE_INFO(0, request, IS_ARRAY, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_QiwiMerchant_Cqr_buildAck, 0, 0, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, code, IS_LONG, 0, "0")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, name, IS_STRING, 1, "null")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, message, IS_STRING, 0, "\"\"")
ZEND_END_ARG_INFO()

#define arginfo_QiwiMerchant_Cqr_parseAck arginfo_QiwiMerchant_Cqr_parseInitiateRequest

#define arginfo_QiwiMerchant_Cqr_ackProcessed arginfo_QiwiMerchant_version

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_QiwiMerchant_Cqr_ackUnknownState, 0, 0, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, reason, IS_STRING, 0, "\"\"")
ZEND_END_ARG_INFO()

#define arginfo_QiwiMerchant_Cqr_ackErrorProcessingEvent arginfo_QiwiMerchant_Cqr_ackUnknownState

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_QiwiMerchant_Cqr_buildGetPaymentsRequest, 0, 3, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, merchantId, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, shopId, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, merchantTransactionId, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, isExecuted, _IS_BOOL, 1, "null")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_QiwiMerchant_Cqr_confirmation, 0, 2, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, xml, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, paymentId, IS_STRING, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_OBJ_INFO_EX(arginfo_QiwiMerchant_Cqr_checkNotification, 0, 3, QiwiMerchant\\Cqr\\\116otificationCheck, 0)
	ZEND_ARG_TYPE_INFO(0, xml, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, expectedMinor, IS_LONG, 0)
	ZEND_ARG_TYPE_INFO(0, currency, IS_STRING, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_QiwiMerchant_Cqr_checkBasicAuth, 0, 3, _IS_BOOL, 0)
	ZEND_ARG_TYPE_INFO(0, user, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, password, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, header, IS_STRING, 1)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_QiwiMerchant_Cqr_basicAuthorization, 0, 2, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, user, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, password, IS_STRING, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_OBJ_INFO_EX(arginfo_QiwiMerchant_Cqr_ipDecide, 0, 2, QiwiMerchant\\Cqr\\IpDecision, 0)
	ZEND_ARG_TYPE_INFO(0, allowed, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, peer, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, headers, IS_ARRAY, 0, "[]")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, trustedProxies, IS_ARRAY, 0, "[]")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, header, IS_STRING, 0, "\"x-forwarded-for\"")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_QiwiMerchant_Cqr_envoyMessage, 0, 1, IS_STRING, 1)
	ZEND_ARG_TYPE_INFO(0, code, IS_LONG, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_QiwiMerchant_Cqr_envoyCodeCount, 0, 0, IS_LONG, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_QiwiMerchant_Cqr_stateName, 0, 1, IS_STRING, 1)
	ZEND_ARG_TYPE_INFO(0, key, IS_LONG, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_QiwiMerchant_Cqr_outcomeOf, 0, 1, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, key, IS_LONG, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_QiwiMerchant_Cqr_url, 0, 1, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, operation, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, base, IS_STRING, 1, "null")
ZEND_END_ARG_INFO()

#define arginfo_class_QiwiMerchant_Exception_getKind arginfo_QiwiMerchant_version

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_QiwiMerchant_Exception_getPath, 0, 0, IS_STRING, 1)
ZEND_END_ARG_INFO()

#define arginfo_class_QiwiMerchant_Exception_getLimit arginfo_class_QiwiMerchant_Exception_getPath

#define arginfo_class_QiwiMerchant_Exception_getFields arginfo_QiwiMerchant_errorKinds

ZEND_BEGIN_ARG_INFO_EX(arginfo_class_QiwiMerchant_Decision___construct, 0, 0, 0)
ZEND_END_ARG_INFO()

#define arginfo_class_QiwiMerchant_Decision_toArray arginfo_QiwiMerchant_errorKinds

ZEND_BEGIN_ARG_INFO_EX(arginfo_class_QiwiMerchant_Gate_Signer___construct, 0, 0, 1)
	ZEND_ARG_TYPE_INFO(0, secret, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, limits, IS_ARRAY, 1, "null")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_QiwiMerchant_Gate_Signer_sign, 0, 1, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, params, IS_ARRAY, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_QiwiMerchant_Gate_Signer_signJson, 0, 1, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, json, IS_STRING, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_QiwiMerchant_Gate_Signer_verify, 0, 1, _IS_BOOL, 0)
	ZEND_ARG_TYPE_MASK(0, message, MAY_BE_STRING|MAY_BE_ARRAY, NULL)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_QiwiMerchant_Gate_Signer_checkSignature, 0, 1, IS_ARRAY, 0)
	ZEND_ARG_TYPE_MASK(0, message, MAY_BE_STRING|MAY_BE_ARRAY, NULL)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_OBJ_INFO_EX(arginfo_class_QiwiMerchant_Gate_Signer_parseCallback, 0, 1, QiwiMerchant\\Gate\\Callback, 0)
	ZEND_ARG_TYPE_INFO(0, body, IS_STRING, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_OBJ_INFO_EX(arginfo_class_QiwiMerchant_Gate_Signer_parseAccountCheck, 0, 2, QiwiMerchant\\Gate\\AccountCheck, 0)
	ZEND_ARG_TYPE_INFO(0, projectId, IS_LONG, 0)
	ZEND_ARG_TYPE_INFO(0, body, IS_STRING, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_OBJ_INFO_EX(arginfo_class_QiwiMerchant_Gate_Signer_payoutRequest, 0, 1, QiwiMerchant\\Gate\\SignedRequest, 0)
	ZEND_ARG_TYPE_INFO(0, request, IS_ARRAY, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_OBJ_INFO_EX(arginfo_class_QiwiMerchant_Gate_Signer_statusRequest, 0, 2, QiwiMerchant\\Gate\\SignedRequest, 0)
	ZEND_ARG_TYPE_INFO(0, projectId, IS_LONG, 0)
	ZEND_ARG_TYPE_INFO(0, paymentId, IS_STRING, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_OBJ_INFO_EX(arginfo_class_QiwiMerchant_Gate_Signer_parsePayoutResponse, 0, 3, QiwiMerchant\\Gate\\PayoutResponse, 0)
	ZEND_ARG_TYPE_INFO(0, httpStatus, IS_LONG, 0)
	ZEND_ARG_TYPE_INFO(0, body, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, sentPaymentId, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, resend, _IS_BOOL, 0, "false")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_OBJ_INFO_EX(arginfo_class_QiwiMerchant_Gate_Signer_parseStatusResponse, 0, 1, QiwiMerchant\\Gate\\StatusResponse, 0)
	ZEND_ARG_TYPE_INFO(0, body, IS_STRING, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_QiwiMerchant_Gate_Signer_stamp, 0, 1, IS_STRING, 0)
	ZEND_ARG_TYPE_MASK(0, params, MAY_BE_ARRAY|MAY_BE_STRING, NULL)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, limits, IS_ARRAY, 1, "null")
ZEND_END_ARG_INFO()

#define arginfo_class_QiwiMerchant_Gate_Callback___construct arginfo_class_QiwiMerchant_Decision___construct

#define arginfo_class_QiwiMerchant_Gate_Callback_toArray arginfo_QiwiMerchant_errorKinds

#define arginfo_class_QiwiMerchant_Gate_AccountCheckRequest___construct arginfo_class_QiwiMerchant_Decision___construct

#define arginfo_class_QiwiMerchant_Gate_AccountCheckRequest_toArray arginfo_QiwiMerchant_errorKinds

#define arginfo_class_QiwiMerchant_Gate_AccountCheckResponse___construct arginfo_class_QiwiMerchant_Decision___construct

ZEND_BEGIN_ARG_WITH_RETURN_OBJ_INFO_EX(arginfo_class_QiwiMerchant_Gate_AccountCheckResponse_verifyOk, 0, 1, QiwiMerchant\\Gate\\AccountCheckResponse, 0)
	ZEND_ARG_TYPE_INFO(0, currency, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, additionalCustomerId, IS_STRING, 1, "null")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_OBJ_INFO_EX(arginfo_class_QiwiMerchant_Gate_AccountCheckResponse_checkDepositOk, 0, 1, QiwiMerchant\\Gate\\AccountCheckResponse, 0)
	ZEND_ARG_TYPE_INFO(0, paymentId, IS_STRING, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_OBJ_INFO_EX(arginfo_class_QiwiMerchant_Gate_AccountCheckResponse_notFound, 0, 0, QiwiMerchant\\Gate\\AccountCheckResponse, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, message, IS_STRING, 1, "null")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_OBJ_INFO_EX(arginfo_class_QiwiMerchant_Gate_AccountCheckResponse_generalError, 0, 0, QiwiMerchant\\Gate\\AccountCheckResponse, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, message, IS_STRING, 0, "\"\"")
ZEND_END_ARG_INFO()

#define arginfo_class_QiwiMerchant_Gate_AccountCheckResponse_invalidSignature arginfo_class_QiwiMerchant_Gate_AccountCheckResponse_generalError

#define arginfo_class_QiwiMerchant_Gate_AccountCheckResponse_toArray arginfo_QiwiMerchant_errorKinds

#define arginfo_class_QiwiMerchant_Gate_AccountCheck___construct arginfo_class_QiwiMerchant_Decision___construct

#define arginfo_class_QiwiMerchant_Gate_AccountCheck_toArray arginfo_QiwiMerchant_errorKinds

#define arginfo_class_QiwiMerchant_Gate_SignedRequest___construct arginfo_class_QiwiMerchant_Decision___construct

#define arginfo_class_QiwiMerchant_Gate_SignedRequest_toArray arginfo_QiwiMerchant_errorKinds

#define arginfo_class_QiwiMerchant_Gate_PayoutResponse___construct arginfo_class_QiwiMerchant_Decision___construct

#define arginfo_class_QiwiMerchant_Gate_PayoutResponse_toArray arginfo_QiwiMerchant_errorKinds

#define arginfo_class_QiwiMerchant_Gate_StatusResponse___construct arginfo_class_QiwiMerchant_Decision___construct

#define arginfo_class_QiwiMerchant_Gate_StatusResponse_toArray arginfo_QiwiMerchant_errorKinds

#define arginfo_class_QiwiMerchant_Gate_Settlement___construct arginfo_class_QiwiMerchant_Decision___construct

ZEND_BEGIN_ARG_WITH_RETURN_OBJ_INFO_EX(arginfo_class_QiwiMerchant_Gate_Settlement_settle, 0, 3, QiwiMerchant\\Decision, 0)
	ZEND_ARG_OBJ_INFO(0, signer, QiwiMerchant\\Gate\\Signer, 0)
	ZEND_ARG_TYPE_INFO(0, record, IS_ARRAY, 1)
	ZEND_ARG_TYPE_INFO(0, body, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, projectId, IS_LONG, 1, "null")
ZEND_END_ARG_INFO()

#define arginfo_class_QiwiMerchant_Gate_Settlement_settleStatus arginfo_class_QiwiMerchant_Gate_Settlement_settle

ZEND_BEGIN_ARG_WITH_RETURN_OBJ_INFO_EX(arginfo_class_QiwiMerchant_Gate_Settlement_storageFailed, 0, 1, QiwiMerchant\\Decision, 0)
	ZEND_ARG_TYPE_INFO(0, record, IS_ARRAY, 1)
ZEND_END_ARG_INFO()

#define arginfo_class_QiwiMerchant_Cqr_Message_toArray arginfo_QiwiMerchant_errorKinds

#define arginfo_class_QiwiMerchant_Cqr_Notification___construct arginfo_class_QiwiMerchant_Decision___construct

#define arginfo_class_QiwiMerchant_Cqr_Notification_toArray arginfo_QiwiMerchant_errorKinds

#define arginfo_class_QiwiMerchant_Cqr_InitiateResponse___construct arginfo_class_QiwiMerchant_Decision___construct

#define arginfo_class_QiwiMerchant_Cqr_InitiateResponse_toArray arginfo_QiwiMerchant_errorKinds

#define arginfo_class_QiwiMerchant_Cqr_GetPaymentsResponse___construct arginfo_class_QiwiMerchant_Decision___construct

#define arginfo_class_QiwiMerchant_Cqr_GetPaymentsResponse_toArray arginfo_QiwiMerchant_errorKinds

#define arginfo_class_QiwiMerchant_Cqr_ExecutePaymentActionResponse___construct arginfo_class_QiwiMerchant_Decision___construct

#define arginfo_class_QiwiMerchant_Cqr_ExecutePaymentActionResponse_toArray arginfo_QiwiMerchant_errorKinds

#define arginfo_class_QiwiMerchant_Cqr_ServiceError___construct arginfo_class_QiwiMerchant_Decision___construct

#define arginfo_class_QiwiMerchant_Cqr_ServiceError_toArray arginfo_QiwiMerchant_errorKinds

#define arginfo_class_QiwiMerchant_Cqr_BuiltRequest___construct arginfo_class_QiwiMerchant_Decision___construct

#define arginfo_class_QiwiMerchant_Cqr_BuiltRequest_toArray arginfo_QiwiMerchant_errorKinds

#define arginfo_class_QiwiMerchant_Cqr_IpDecision___construct arginfo_class_QiwiMerchant_Decision___construct

#define arginfo_class_QiwiMerchant_Cqr_IpDecision_toArray arginfo_QiwiMerchant_errorKinds

#define arginfo_class_QiwiMerchant_Cqr_NotificationCheck___construct arginfo_class_QiwiMerchant_Decision___construct

#define arginfo_class_QiwiMerchant_Cqr_NotificationCheck_toArray arginfo_QiwiMerchant_errorKinds

#define arginfo_class_QiwiMerchant_Cqr_Settlement___construct arginfo_class_QiwiMerchant_Decision___construct

ZEND_BEGIN_ARG_WITH_RETURN_OBJ_INFO_EX(arginfo_class_QiwiMerchant_Cqr_Settlement_settle, 0, 3, QiwiMerchant\\Decision, 0)
	ZEND_ARG_TYPE_INFO(0, settings, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, order, IS_ARRAY, 1)
	ZEND_ARG_TYPE_INFO(0, notificationXml, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, getPaymentsXml, IS_STRING, 1, "null")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_OBJ_INFO_EX(arginfo_class_QiwiMerchant_Cqr_Settlement_settleGetPayments, 0, 3, QiwiMerchant\\Decision, 0)
	ZEND_ARG_TYPE_INFO(0, settings, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, order, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, getPaymentsXml, IS_STRING, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_OBJ_INFO_EX(arginfo_class_QiwiMerchant_Cqr_Settlement_storageFailed, 0, 2, QiwiMerchant\\Decision, 0)
	ZEND_ARG_TYPE_INFO(0, settings, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, order, IS_ARRAY, 1)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_QiwiMerchant_Cqr_Settlement_bindAttempt, 0, 2, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, order, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, paymentId, IS_STRING, 0)
ZEND_END_ARG_INFO()


ZEND_FUNCTION(QiwiMerchant_version);
ZEND_FUNCTION(QiwiMerchant_errorKinds);
ZEND_FUNCTION(QiwiMerchant_Money_currencyExponent);
ZEND_FUNCTION(QiwiMerchant_Money_minorToDecimal);
ZEND_FUNCTION(QiwiMerchant_Money_decimalToMinor);
ZEND_FUNCTION(QiwiMerchant_Cqr_parse);
ZEND_FUNCTION(QiwiMerchant_Cqr_parseNotification);
ZEND_FUNCTION(QiwiMerchant_Cqr_parseInitiateAnswer);
ZEND_FUNCTION(QiwiMerchant_Cqr_parseGetPaymentsAnswer);
ZEND_FUNCTION(QiwiMerchant_Cqr_parseInitiateRequest);
ZEND_FUNCTION(QiwiMerchant_Cqr_buildInitiateRequest);
ZEND_FUNCTION(QiwiMerchant_Cqr_buildAck);
ZEND_FUNCTION(QiwiMerchant_Cqr_parseAck);
ZEND_FUNCTION(QiwiMerchant_Cqr_ackProcessed);
ZEND_FUNCTION(QiwiMerchant_Cqr_ackUnknownState);
ZEND_FUNCTION(QiwiMerchant_Cqr_ackErrorProcessingEvent);
ZEND_FUNCTION(QiwiMerchant_Cqr_buildGetPaymentsRequest);
ZEND_FUNCTION(QiwiMerchant_Cqr_confirmation);
ZEND_FUNCTION(QiwiMerchant_Cqr_checkNotification);
ZEND_FUNCTION(QiwiMerchant_Cqr_checkBasicAuth);
ZEND_FUNCTION(QiwiMerchant_Cqr_basicAuthorization);
ZEND_FUNCTION(QiwiMerchant_Cqr_ipDecide);
ZEND_FUNCTION(QiwiMerchant_Cqr_envoyMessage);
ZEND_FUNCTION(QiwiMerchant_Cqr_envoyCodeCount);
ZEND_FUNCTION(QiwiMerchant_Cqr_stateName);
ZEND_FUNCTION(QiwiMerchant_Cqr_outcomeOf);
ZEND_FUNCTION(QiwiMerchant_Cqr_url);
ZEND_METHOD(QiwiMerchant_Exception, getKind);
ZEND_METHOD(QiwiMerchant_Exception, getPath);
ZEND_METHOD(QiwiMerchant_Exception, getLimit);
ZEND_METHOD(QiwiMerchant_Exception, getFields);
ZEND_METHOD(QiwiMerchant_Decision, __construct);
ZEND_METHOD(QiwiMerchant_Decision, toArray);
ZEND_METHOD(QiwiMerchant_Gate_Signer, __construct);
ZEND_METHOD(QiwiMerchant_Gate_Signer, sign);
ZEND_METHOD(QiwiMerchant_Gate_Signer, signJson);
ZEND_METHOD(QiwiMerchant_Gate_Signer, verify);
ZEND_METHOD(QiwiMerchant_Gate_Signer, checkSignature);
ZEND_METHOD(QiwiMerchant_Gate_Signer, parseCallback);
ZEND_METHOD(QiwiMerchant_Gate_Signer, parseAccountCheck);
ZEND_METHOD(QiwiMerchant_Gate_Signer, payoutRequest);
ZEND_METHOD(QiwiMerchant_Gate_Signer, statusRequest);
ZEND_METHOD(QiwiMerchant_Gate_Signer, parsePayoutResponse);
ZEND_METHOD(QiwiMerchant_Gate_Signer, parseStatusResponse);
ZEND_METHOD(QiwiMerchant_Gate_Signer, stamp);
ZEND_METHOD(QiwiMerchant_Gate_Callback, __construct);
ZEND_METHOD(QiwiMerchant_Gate_Callback, toArray);
ZEND_METHOD(QiwiMerchant_Gate_AccountCheckRequest, __construct);
ZEND_METHOD(QiwiMerchant_Gate_AccountCheckRequest, toArray);
ZEND_METHOD(QiwiMerchant_Gate_AccountCheckResponse, __construct);
ZEND_METHOD(QiwiMerchant_Gate_AccountCheckResponse, verifyOk);
ZEND_METHOD(QiwiMerchant_Gate_AccountCheckResponse, checkDepositOk);
ZEND_METHOD(QiwiMerchant_Gate_AccountCheckResponse, notFound);
ZEND_METHOD(QiwiMerchant_Gate_AccountCheckResponse, generalError);
ZEND_METHOD(QiwiMerchant_Gate_AccountCheckResponse, invalidSignature);
ZEND_METHOD(QiwiMerchant_Gate_AccountCheckResponse, toArray);
ZEND_METHOD(QiwiMerchant_Gate_AccountCheck, __construct);
ZEND_METHOD(QiwiMerchant_Gate_AccountCheck, toArray);
ZEND_METHOD(QiwiMerchant_Gate_SignedRequest, __construct);
ZEND_METHOD(QiwiMerchant_Gate_SignedRequest, toArray);
ZEND_METHOD(QiwiMerchant_Gate_PayoutResponse, __construct);
ZEND_METHOD(QiwiMerchant_Gate_PayoutResponse, toArray);
ZEND_METHOD(QiwiMerchant_Gate_StatusResponse, __construct);
ZEND_METHOD(QiwiMerchant_Gate_StatusResponse, toArray);
ZEND_METHOD(QiwiMerchant_Gate_Settlement, __construct);
ZEND_METHOD(QiwiMerchant_Gate_Settlement, settle);
ZEND_METHOD(QiwiMerchant_Gate_Settlement, settleStatus);
ZEND_METHOD(QiwiMerchant_Gate_Settlement, storageFailed);
ZEND_METHOD(QiwiMerchant_Cqr_Notification, __construct);
ZEND_METHOD(QiwiMerchant_Cqr_Notification, toArray);
ZEND_METHOD(QiwiMerchant_Cqr_InitiateResponse, __construct);
ZEND_METHOD(QiwiMerchant_Cqr_InitiateResponse, toArray);
ZEND_METHOD(QiwiMerchant_Cqr_GetPaymentsResponse, __construct);
ZEND_METHOD(QiwiMerchant_Cqr_GetPaymentsResponse, toArray);
ZEND_METHOD(QiwiMerchant_Cqr_ExecutePaymentActionResponse, __construct);
ZEND_METHOD(QiwiMerchant_Cqr_ExecutePaymentActionResponse, toArray);
ZEND_METHOD(QiwiMerchant_Cqr_ServiceError, __construct);
ZEND_METHOD(QiwiMerchant_Cqr_ServiceError, toArray);
ZEND_METHOD(QiwiMerchant_Cqr_BuiltRequest, __construct);
ZEND_METHOD(QiwiMerchant_Cqr_BuiltRequest, toArray);
ZEND_METHOD(QiwiMerchant_Cqr_IpDecision, __construct);
ZEND_METHOD(QiwiMerchant_Cqr_IpDecision, toArray);
ZEND_METHOD(QiwiMerchant_Cqr_NotificationCheck, __construct);
ZEND_METHOD(QiwiMerchant_Cqr_NotificationCheck, toArray);
ZEND_METHOD(QiwiMerchant_Cqr_Settlement, __construct);
ZEND_METHOD(QiwiMerchant_Cqr_Settlement, settle);
ZEND_METHOD(QiwiMerchant_Cqr_Settlement, settleGetPayments);
ZEND_METHOD(QiwiMerchant_Cqr_Settlement, storageFailed);
ZEND_METHOD(QiwiMerchant_Cqr_Settlement, bindAttempt);


static const zend_function_entry ext_functions[] = {
	ZEND_NS_FALIAS("QiwiMerchant", version, QiwiMerchant_version, arginfo_QiwiMerchant_version)
	ZEND_NS_FALIAS("QiwiMerchant", errorKinds, QiwiMerchant_errorKinds, arginfo_QiwiMerchant_errorKinds)
	ZEND_NS_FALIAS("QiwiMerchant\\Money", currencyExponent, QiwiMerchant_Money_currencyExponent, arginfo_QiwiMerchant_Money_currencyExponent)
	ZEND_NS_FALIAS("QiwiMerchant\\Money", minorToDecimal, QiwiMerchant_Money_minorToDecimal, arginfo_QiwiMerchant_Money_minorToDecimal)
	ZEND_NS_FALIAS("QiwiMerchant\\Money", decimalToMinor, QiwiMerchant_Money_decimalToMinor, arginfo_QiwiMerchant_Money_decimalToMinor)
	ZEND_NS_FALIAS("QiwiMerchant\\Cqr", parse, QiwiMerchant_Cqr_parse, arginfo_QiwiMerchant_Cqr_parse)
	ZEND_NS_FALIAS("QiwiMerchant\\Cqr", parseNotification, QiwiMerchant_Cqr_parseNotification, arginfo_QiwiMerchant_Cqr_parseNotification)
	ZEND_NS_FALIAS("QiwiMerchant\\Cqr", parseInitiateAnswer, QiwiMerchant_Cqr_parseInitiateAnswer, arginfo_QiwiMerchant_Cqr_parseInitiateAnswer)
	ZEND_NS_FALIAS("QiwiMerchant\\Cqr", parseGetPaymentsAnswer, QiwiMerchant_Cqr_parseGetPaymentsAnswer, arginfo_QiwiMerchant_Cqr_parseGetPaymentsAnswer)
	ZEND_NS_FALIAS("QiwiMerchant\\Cqr", parseInitiateRequest, QiwiMerchant_Cqr_parseInitiateRequest, arginfo_QiwiMerchant_Cqr_parseInitiateRequest)
	ZEND_NS_FALIAS("QiwiMerchant\\Cqr", buildInitiateRequest, QiwiMerchant_Cqr_buildInitiateRequest, arginfo_QiwiMerchant_Cqr_buildInitiateRequest)
	ZEND_NS_FALIAS("QiwiMerchant\\Cqr", buildAck, QiwiMerchant_Cqr_buildAck, arginfo_QiwiMerchant_Cqr_buildAck)
	ZEND_NS_FALIAS("QiwiMerchant\\Cqr", parseAck, QiwiMerchant_Cqr_parseAck, arginfo_QiwiMerchant_Cqr_parseAck)
	ZEND_NS_FALIAS("QiwiMerchant\\Cqr", ackProcessed, QiwiMerchant_Cqr_ackProcessed, arginfo_QiwiMerchant_Cqr_ackProcessed)
	ZEND_NS_FALIAS("QiwiMerchant\\Cqr", ackUnknownState, QiwiMerchant_Cqr_ackUnknownState, arginfo_QiwiMerchant_Cqr_ackUnknownState)
	ZEND_NS_FALIAS("QiwiMerchant\\Cqr", ackErrorProcessingEvent, QiwiMerchant_Cqr_ackErrorProcessingEvent, arginfo_QiwiMerchant_Cqr_ackErrorProcessingEvent)
	ZEND_NS_FALIAS("QiwiMerchant\\Cqr", buildGetPaymentsRequest, QiwiMerchant_Cqr_buildGetPaymentsRequest, arginfo_QiwiMerchant_Cqr_buildGetPaymentsRequest)
	ZEND_NS_FALIAS("QiwiMerchant\\Cqr", confirmation, QiwiMerchant_Cqr_confirmation, arginfo_QiwiMerchant_Cqr_confirmation)
	ZEND_NS_FALIAS("QiwiMerchant\\Cqr", checkNotification, QiwiMerchant_Cqr_checkNotification, arginfo_QiwiMerchant_Cqr_checkNotification)
	ZEND_NS_FALIAS("QiwiMerchant\\Cqr", checkBasicAuth, QiwiMerchant_Cqr_checkBasicAuth, arginfo_QiwiMerchant_Cqr_checkBasicAuth)
	ZEND_NS_FALIAS("QiwiMerchant\\Cqr", basicAuthorization, QiwiMerchant_Cqr_basicAuthorization, arginfo_QiwiMerchant_Cqr_basicAuthorization)
	ZEND_NS_FALIAS("QiwiMerchant\\Cqr", ipDecide, QiwiMerchant_Cqr_ipDecide, arginfo_QiwiMerchant_Cqr_ipDecide)
	ZEND_NS_FALIAS("QiwiMerchant\\Cqr", envoyMessage, QiwiMerchant_Cqr_envoyMessage, arginfo_QiwiMerchant_Cqr_envoyMessage)
	ZEND_NS_FALIAS("QiwiMerchant\\Cqr", envoyCodeCount, QiwiMerchant_Cqr_envoyCodeCount, arginfo_QiwiMerchant_Cqr_envoyCodeCount)
	ZEND_NS_FALIAS("QiwiMerchant\\Cqr", stateName, QiwiMerchant_Cqr_stateName, arginfo_QiwiMerchant_Cqr_stateName)
	ZEND_NS_FALIAS("QiwiMerchant\\Cqr", outcomeOf, QiwiMerchant_Cqr_outcomeOf, arginfo_QiwiMerchant_Cqr_outcomeOf)
	ZEND_NS_FALIAS("QiwiMerchant\\Cqr", url, QiwiMerchant_Cqr_url, arginfo_QiwiMerchant_Cqr_url)
	ZEND_FE_END
};


static const zend_function_entry class_QiwiMerchant_Exception_methods[] = {
	ZEND_ME(QiwiMerchant_Exception, getKind, arginfo_class_QiwiMerchant_Exception_getKind, ZEND_ACC_PUBLIC)
	ZEND_ME(QiwiMerchant_Exception, getPath, arginfo_class_QiwiMerchant_Exception_getPath, ZEND_ACC_PUBLIC)
	ZEND_ME(QiwiMerchant_Exception, getLimit, arginfo_class_QiwiMerchant_Exception_getLimit, ZEND_ACC_PUBLIC)
	ZEND_ME(QiwiMerchant_Exception, getFields, arginfo_class_QiwiMerchant_Exception_getFields, ZEND_ACC_PUBLIC)
	ZEND_FE_END
};


static const zend_function_entry class_QiwiMerchant_MalformedInputException_methods[] = {
	ZEND_FE_END
};


static const zend_function_entry class_QiwiMerchant_ValidationException_methods[] = {
	ZEND_FE_END
};


static const zend_function_entry class_QiwiMerchant_SignatureException_methods[] = {
	ZEND_FE_END
};


static const zend_function_entry class_QiwiMerchant_LimitExceededException_methods[] = {
	ZEND_FE_END
};


static const zend_function_entry class_QiwiMerchant_UnsupportedException_methods[] = {
	ZEND_FE_END
};


static const zend_function_entry class_QiwiMerchant_ProtocolException_methods[] = {
	ZEND_FE_END
};


static const zend_function_entry class_QiwiMerchant_UnauthorizedException_methods[] = {
	ZEND_FE_END
};


static const zend_function_entry class_QiwiMerchant_Decision_methods[] = {
	ZEND_ME(QiwiMerchant_Decision, __construct, arginfo_class_QiwiMerchant_Decision___construct, ZEND_ACC_PRIVATE)
	ZEND_ME(QiwiMerchant_Decision, toArray, arginfo_class_QiwiMerchant_Decision_toArray, ZEND_ACC_PUBLIC)
	ZEND_FE_END
};


static const zend_function_entry class_QiwiMerchant_Gate_Signer_methods[] = {
	ZEND_ME(QiwiMerchant_Gate_Signer, __construct, arginfo_class_QiwiMerchant_Gate_Signer___construct, ZEND_ACC_PUBLIC)
	ZEND_ME(QiwiMerchant_Gate_Signer, sign, arginfo_class_QiwiMerchant_Gate_Signer_sign, ZEND_ACC_PUBLIC)
	ZEND_ME(QiwiMerchant_Gate_Signer, signJson, arginfo_class_QiwiMerchant_Gate_Signer_signJson, ZEND_ACC_PUBLIC)
	ZEND_ME(QiwiMerchant_Gate_Signer, verify, arginfo_class_QiwiMerchant_Gate_Signer_verify, ZEND_ACC_PUBLIC)
	ZEND_ME(QiwiMerchant_Gate_Signer, checkSignature, arginfo_class_QiwiMerchant_Gate_Signer_checkSignature, ZEND_ACC_PUBLIC)
	ZEND_ME(QiwiMerchant_Gate_Signer, parseCallback, arginfo_class_QiwiMerchant_Gate_Signer_parseCallback, ZEND_ACC_PUBLIC)
	ZEND_ME(QiwiMerchant_Gate_Signer, parseAccountCheck, arginfo_class_QiwiMerchant_Gate_Signer_parseAccountCheck, ZEND_ACC_PUBLIC)
	ZEND_ME(QiwiMerchant_Gate_Signer, payoutRequest, arginfo_class_QiwiMerchant_Gate_Signer_payoutRequest, ZEND_ACC_PUBLIC)
	ZEND_ME(QiwiMerchant_Gate_Signer, statusRequest, arginfo_class_QiwiMerchant_Gate_Signer_statusRequest, ZEND_ACC_PUBLIC)
	ZEND_ME(QiwiMerchant_Gate_Signer, parsePayoutResponse, arginfo_class_QiwiMerchant_Gate_Signer_parsePayoutResponse, ZEND_ACC_PUBLIC)
	ZEND_ME(QiwiMerchant_Gate_Signer, parseStatusResponse, arginfo_class_QiwiMerchant_Gate_Signer_parseStatusResponse, ZEND_ACC_PUBLIC)
	ZEND_ME(QiwiMerchant_Gate_Signer, stamp, arginfo_class_QiwiMerchant_Gate_Signer_stamp, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_FE_END
};


static const zend_function_entry class_QiwiMerchant_Gate_Callback_methods[] = {
	ZEND_ME(QiwiMerchant_Gate_Callback, __construct, arginfo_class_QiwiMerchant_Gate_Callback___construct, ZEND_ACC_PRIVATE)
	ZEND_ME(QiwiMerchant_Gate_Callback, toArray, arginfo_class_QiwiMerchant_Gate_Callback_toArray, ZEND_ACC_PUBLIC)
	ZEND_FE_END
};


static const zend_function_entry class_QiwiMerchant_Gate_AccountCheckRequest_methods[] = {
	ZEND_ME(QiwiMerchant_Gate_AccountCheckRequest, __construct, arginfo_class_QiwiMerchant_Gate_AccountCheckRequest___construct, ZEND_ACC_PRIVATE)
	ZEND_ME(QiwiMerchant_Gate_AccountCheckRequest, toArray, arginfo_class_QiwiMerchant_Gate_AccountCheckRequest_toArray, ZEND_ACC_PUBLIC)
	ZEND_FE_END
};


static const zend_function_entry class_QiwiMerchant_Gate_AccountCheckResponse_methods[] = {
	ZEND_ME(QiwiMerchant_Gate_AccountCheckResponse, __construct, arginfo_class_QiwiMerchant_Gate_AccountCheckResponse___construct, ZEND_ACC_PRIVATE)
	ZEND_ME(QiwiMerchant_Gate_AccountCheckResponse, verifyOk, arginfo_class_QiwiMerchant_Gate_AccountCheckResponse_verifyOk, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_ME(QiwiMerchant_Gate_AccountCheckResponse, checkDepositOk, arginfo_class_QiwiMerchant_Gate_AccountCheckResponse_checkDepositOk, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_ME(QiwiMerchant_Gate_AccountCheckResponse, notFound, arginfo_class_QiwiMerchant_Gate_AccountCheckResponse_notFound, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_ME(QiwiMerchant_Gate_AccountCheckResponse, generalError, arginfo_class_QiwiMerchant_Gate_AccountCheckResponse_generalError, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_ME(QiwiMerchant_Gate_AccountCheckResponse, invalidSignature, arginfo_class_QiwiMerchant_Gate_AccountCheckResponse_invalidSignature, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_ME(QiwiMerchant_Gate_AccountCheckResponse, toArray, arginfo_class_QiwiMerchant_Gate_AccountCheckResponse_toArray, ZEND_ACC_PUBLIC)
	ZEND_FE_END
};


static const zend_function_entry class_QiwiMerchant_Gate_AccountCheck_methods[] = {
	ZEND_ME(QiwiMerchant_Gate_AccountCheck, __construct, arginfo_class_QiwiMerchant_Gate_AccountCheck___construct, ZEND_ACC_PRIVATE)
	ZEND_ME(QiwiMerchant_Gate_AccountCheck, toArray, arginfo_class_QiwiMerchant_Gate_AccountCheck_toArray, ZEND_ACC_PUBLIC)
	ZEND_FE_END
};


static const zend_function_entry class_QiwiMerchant_Gate_SignedRequest_methods[] = {
	ZEND_ME(QiwiMerchant_Gate_SignedRequest, __construct, arginfo_class_QiwiMerchant_Gate_SignedRequest___construct, ZEND_ACC_PRIVATE)
	ZEND_ME(QiwiMerchant_Gate_SignedRequest, toArray, arginfo_class_QiwiMerchant_Gate_SignedRequest_toArray, ZEND_ACC_PUBLIC)
	ZEND_FE_END
};


static const zend_function_entry class_QiwiMerchant_Gate_PayoutResponse_methods[] = {
	ZEND_ME(QiwiMerchant_Gate_PayoutResponse, __construct, arginfo_class_QiwiMerchant_Gate_PayoutResponse___construct, ZEND_ACC_PRIVATE)
	ZEND_ME(QiwiMerchant_Gate_PayoutResponse, toArray, arginfo_class_QiwiMerchant_Gate_PayoutResponse_toArray, ZEND_ACC_PUBLIC)
	ZEND_FE_END
};


static const zend_function_entry class_QiwiMerchant_Gate_StatusResponse_methods[] = {
	ZEND_ME(QiwiMerchant_Gate_StatusResponse, __construct, arginfo_class_QiwiMerchant_Gate_StatusResponse___construct, ZEND_ACC_PRIVATE)
	ZEND_ME(QiwiMerchant_Gate_StatusResponse, toArray, arginfo_class_QiwiMerchant_Gate_StatusResponse_toArray, ZEND_ACC_PUBLIC)
	ZEND_FE_END
};


static const zend_function_entry class_QiwiMerchant_Gate_Settlement_methods[] = {
	ZEND_ME(QiwiMerchant_Gate_Settlement, __construct, arginfo_class_QiwiMerchant_Gate_Settlement___construct, ZEND_ACC_PRIVATE)
	ZEND_ME(QiwiMerchant_Gate_Settlement, settle, arginfo_class_QiwiMerchant_Gate_Settlement_settle, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_ME(QiwiMerchant_Gate_Settlement, settleStatus, arginfo_class_QiwiMerchant_Gate_Settlement_settleStatus, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_ME(QiwiMerchant_Gate_Settlement, storageFailed, arginfo_class_QiwiMerchant_Gate_Settlement_storageFailed, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_FE_END
};


static const zend_function_entry class_QiwiMerchant_Cqr_Message_methods[] = {
	ZEND_ABSTRACT_ME_WITH_FLAGS(QiwiMerchant_Cqr_Message, toArray, arginfo_class_QiwiMerchant_Cqr_Message_toArray, ZEND_ACC_PUBLIC|ZEND_ACC_ABSTRACT)
	ZEND_FE_END
};


static const zend_function_entry class_QiwiMerchant_Cqr_Notification_methods[] = {
	ZEND_ME(QiwiMerchant_Cqr_Notification, __construct, arginfo_class_QiwiMerchant_Cqr_Notification___construct, ZEND_ACC_PRIVATE)
	ZEND_ME(QiwiMerchant_Cqr_Notification, toArray, arginfo_class_QiwiMerchant_Cqr_Notification_toArray, ZEND_ACC_PUBLIC)
	ZEND_FE_END
};


static const zend_function_entry class_QiwiMerchant_Cqr_InitiateResponse_methods[] = {
	ZEND_ME(QiwiMerchant_Cqr_InitiateResponse, __construct, arginfo_class_QiwiMerchant_Cqr_InitiateResponse___construct, ZEND_ACC_PRIVATE)
	ZEND_ME(QiwiMerchant_Cqr_InitiateResponse, toArray, arginfo_class_QiwiMerchant_Cqr_InitiateResponse_toArray, ZEND_ACC_PUBLIC)
	ZEND_FE_END
};


static const zend_function_entry class_QiwiMerchant_Cqr_GetPaymentsResponse_methods[] = {
	ZEND_ME(QiwiMerchant_Cqr_GetPaymentsResponse, __construct, arginfo_class_QiwiMerchant_Cqr_GetPaymentsResponse___construct, ZEND_ACC_PRIVATE)
	ZEND_ME(QiwiMerchant_Cqr_GetPaymentsResponse, toArray, arginfo_class_QiwiMerchant_Cqr_GetPaymentsResponse_toArray, ZEND_ACC_PUBLIC)
	ZEND_FE_END
};


static const zend_function_entry class_QiwiMerchant_Cqr_ExecutePaymentActionResponse_methods[] = {
	ZEND_ME(QiwiMerchant_Cqr_ExecutePaymentActionResponse, __construct, arginfo_class_QiwiMerchant_Cqr_ExecutePaymentActionResponse___construct, ZEND_ACC_PRIVATE)
	ZEND_ME(QiwiMerchant_Cqr_ExecutePaymentActionResponse, toArray, arginfo_class_QiwiMerchant_Cqr_ExecutePaymentActionResponse_toArray, ZEND_ACC_PUBLIC)
	ZEND_FE_END
};


static const zend_function_entry class_QiwiMerchant_Cqr_ServiceError_methods[] = {
	ZEND_ME(QiwiMerchant_Cqr_ServiceError, __construct, arginfo_class_QiwiMerchant_Cqr_ServiceError___construct, ZEND_ACC_PRIVATE)
	ZEND_ME(QiwiMerchant_Cqr_ServiceError, toArray, arginfo_class_QiwiMerchant_Cqr_ServiceError_toArray, ZEND_ACC_PUBLIC)
	ZEND_FE_END
};


static const zend_function_entry class_QiwiMerchant_Cqr_BuiltRequest_methods[] = {
	ZEND_ME(QiwiMerchant_Cqr_BuiltRequest, __construct, arginfo_class_QiwiMerchant_Cqr_BuiltRequest___construct, ZEND_ACC_PRIVATE)
	ZEND_ME(QiwiMerchant_Cqr_BuiltRequest, toArray, arginfo_class_QiwiMerchant_Cqr_BuiltRequest_toArray, ZEND_ACC_PUBLIC)
	ZEND_FE_END
};


static const zend_function_entry class_QiwiMerchant_Cqr_IpDecision_methods[] = {
	ZEND_ME(QiwiMerchant_Cqr_IpDecision, __construct, arginfo_class_QiwiMerchant_Cqr_IpDecision___construct, ZEND_ACC_PRIVATE)
	ZEND_ME(QiwiMerchant_Cqr_IpDecision, toArray, arginfo_class_QiwiMerchant_Cqr_IpDecision_toArray, ZEND_ACC_PUBLIC)
	ZEND_FE_END
};


static const zend_function_entry class_QiwiMerchant_Cqr_NotificationCheck_methods[] = {
	ZEND_ME(QiwiMerchant_Cqr_NotificationCheck, __construct, arginfo_class_QiwiMerchant_Cqr_NotificationCheck___construct, ZEND_ACC_PRIVATE)
	ZEND_ME(QiwiMerchant_Cqr_NotificationCheck, toArray, arginfo_class_QiwiMerchant_Cqr_NotificationCheck_toArray, ZEND_ACC_PUBLIC)
	ZEND_FE_END
};


static const zend_function_entry class_QiwiMerchant_Cqr_Settlement_methods[] = {
	ZEND_ME(QiwiMerchant_Cqr_Settlement, __construct, arginfo_class_QiwiMerchant_Cqr_Settlement___construct, ZEND_ACC_PRIVATE)
	ZEND_ME(QiwiMerchant_Cqr_Settlement, settle, arginfo_class_QiwiMerchant_Cqr_Settlement_settle, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_ME(QiwiMerchant_Cqr_Settlement, settleGetPayments, arginfo_class_QiwiMerchant_Cqr_Settlement_settleGetPayments, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_ME(QiwiMerchant_Cqr_Settlement, storageFailed, arginfo_class_QiwiMerchant_Cqr_Settlement_storageFailed, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_ME(QiwiMerchant_Cqr_Settlement, bindAttempt, arginfo_class_QiwiMerchant_Cqr_Settlement_bindAttempt, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_FE_END
};

static void register_qiwi_merchant_symbols(int module_number)
{

#if (PHP_VERSION_ID >= 80200)
	zend_add_parameter_attribute(zend_hash_str_find_ptr(CG(function_table), "qiwimerchant\\cqr\\checkbasicauth", sizeof("qiwimerchant\\cqr\\checkbasicauth") - 1), 1, ZSTR_KNOWN(ZEND_STR_SENSITIVEPARAMETER), 0);

	zend_add_parameter_attribute(zend_hash_str_find_ptr(CG(function_table), "qiwimerchant\\cqr\\basicauthorization", sizeof("qiwimerchant\\cqr\\basicauthorization") - 1), 1, ZSTR_KNOWN(ZEND_STR_SENSITIVEPARAMETER), 0);
#endif
}

static zend_class_entry *register_class_QiwiMerchant_Exception(zend_class_entry *class_entry_RuntimeException)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "QiwiMerchant", "Exception", class_QiwiMerchant_Exception_methods);
	class_entry = zend_register_internal_class_ex(&ce, class_entry_RuntimeException);

	zval property_kind_default_value;
	zend_string *property_kind_default_value_str = zend_string_init("unknown", strlen("unknown"), 1);
	ZVAL_STR(&property_kind_default_value, property_kind_default_value_str);
	zend_string *property_kind_name = zend_string_init("kind", sizeof("kind") - 1, 1);
	zend_declare_typed_property(class_entry, property_kind_name, &property_kind_default_value, ZEND_ACC_PROTECTED, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING));
	zend_string_release(property_kind_name);

	zval property_errorPath_default_value;
	ZVAL_NULL(&property_errorPath_default_value);
	zend_string *property_errorPath_name = zend_string_init("errorPath", sizeof("errorPath") - 1, 1);
	zend_declare_typed_property(class_entry, property_errorPath_name, &property_errorPath_default_value, ZEND_ACC_PROTECTED, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING|MAY_BE_NULL));
	zend_string_release(property_errorPath_name);

	zval property_limit_default_value;
	ZVAL_NULL(&property_limit_default_value);
	zend_string *property_limit_name = zend_string_init("limit", sizeof("limit") - 1, 1);
	zend_declare_typed_property(class_entry, property_limit_name, &property_limit_default_value, ZEND_ACC_PROTECTED, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING|MAY_BE_NULL));
	zend_string_release(property_limit_name);

	zval property_fields_default_value;
	ZVAL_EMPTY_ARRAY(&property_fields_default_value);
	zend_string *property_fields_name = zend_string_init("fields", sizeof("fields") - 1, 1);
	zend_declare_typed_property(class_entry, property_fields_name, &property_fields_default_value, ZEND_ACC_PROTECTED, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_ARRAY));
	zend_string_release(property_fields_name);

	return class_entry;
}

static zend_class_entry *register_class_QiwiMerchant_MalformedInputException(zend_class_entry *class_entry_QiwiMerchant_Exception)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "QiwiMerchant", "MalformedInputException", class_QiwiMerchant_MalformedInputException_methods);
	class_entry = zend_register_internal_class_ex(&ce, class_entry_QiwiMerchant_Exception);

	return class_entry;
}

static zend_class_entry *register_class_QiwiMerchant_ValidationException(zend_class_entry *class_entry_QiwiMerchant_Exception)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "QiwiMerchant", "ValidationException", class_QiwiMerchant_ValidationException_methods);
	class_entry = zend_register_internal_class_ex(&ce, class_entry_QiwiMerchant_Exception);

	return class_entry;
}

static zend_class_entry *register_class_QiwiMerchant_SignatureException(zend_class_entry *class_entry_QiwiMerchant_Exception)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "QiwiMerchant", "SignatureException", class_QiwiMerchant_SignatureException_methods);
	class_entry = zend_register_internal_class_ex(&ce, class_entry_QiwiMerchant_Exception);

	return class_entry;
}

static zend_class_entry *register_class_QiwiMerchant_LimitExceededException(zend_class_entry *class_entry_QiwiMerchant_Exception)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "QiwiMerchant", "LimitExceededException", class_QiwiMerchant_LimitExceededException_methods);
	class_entry = zend_register_internal_class_ex(&ce, class_entry_QiwiMerchant_Exception);

	return class_entry;
}

static zend_class_entry *register_class_QiwiMerchant_UnsupportedException(zend_class_entry *class_entry_QiwiMerchant_Exception)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "QiwiMerchant", "UnsupportedException", class_QiwiMerchant_UnsupportedException_methods);
	class_entry = zend_register_internal_class_ex(&ce, class_entry_QiwiMerchant_Exception);

	return class_entry;
}

static zend_class_entry *register_class_QiwiMerchant_ProtocolException(zend_class_entry *class_entry_QiwiMerchant_Exception)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "QiwiMerchant", "ProtocolException", class_QiwiMerchant_ProtocolException_methods);
	class_entry = zend_register_internal_class_ex(&ce, class_entry_QiwiMerchant_Exception);

	return class_entry;
}

static zend_class_entry *register_class_QiwiMerchant_UnauthorizedException(zend_class_entry *class_entry_QiwiMerchant_Exception)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "QiwiMerchant", "UnauthorizedException", class_QiwiMerchant_UnauthorizedException_methods);
	class_entry = zend_register_internal_class_ex(&ce, class_entry_QiwiMerchant_Exception);

	return class_entry;
}

static zend_class_entry *register_class_QiwiMerchant_Decision(void)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "QiwiMerchant", "Decision", class_QiwiMerchant_Decision_methods);
	class_entry = zend_register_internal_class_ex(&ce, NULL);
	class_entry->ce_flags |= ZEND_ACC_FINAL|ZEND_ACC_NO_DYNAMIC_PROPERTIES|ZEND_ACC_NOT_SERIALIZABLE;

	zval property_action_default_value;
	ZVAL_UNDEF(&property_action_default_value);
	zend_string *property_action_name = zend_string_init("action", sizeof("action") - 1, 1);
	zend_declare_typed_property(class_entry, property_action_name, &property_action_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING));
	zend_string_release(property_action_name);

	zval property_reasonCode_default_value;
	ZVAL_UNDEF(&property_reasonCode_default_value);
	zend_string *property_reasonCode_name = zend_string_init("reasonCode", sizeof("reasonCode") - 1, 1);
	zend_declare_typed_property(class_entry, property_reasonCode_name, &property_reasonCode_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING));
	zend_string_release(property_reasonCode_name);

	zval property_reason_default_value;
	ZVAL_UNDEF(&property_reason_default_value);
	zend_string *property_reason_name = zend_string_init("reason", sizeof("reason") - 1, 1);
	zend_declare_typed_property(class_entry, property_reason_name, &property_reason_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING));
	zend_string_release(property_reason_name);

	zval property_record_default_value;
	ZVAL_UNDEF(&property_record_default_value);
	zend_string *property_record_name = zend_string_init("record", sizeof("record") - 1, 1);
	zend_declare_typed_property(class_entry, property_record_name, &property_record_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_ARRAY|MAY_BE_NULL));
	zend_string_release(property_record_name);

	zval property_effects_default_value;
	ZVAL_UNDEF(&property_effects_default_value);
	zend_string *property_effects_name = zend_string_init("effects", sizeof("effects") - 1, 1);
	zend_declare_typed_property(class_entry, property_effects_name, &property_effects_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_ARRAY));
	zend_string_release(property_effects_name);

	zval property_httpStatus_default_value;
	ZVAL_UNDEF(&property_httpStatus_default_value);
	zend_string *property_httpStatus_name = zend_string_init("httpStatus", sizeof("httpStatus") - 1, 1);
	zend_declare_typed_property(class_entry, property_httpStatus_name, &property_httpStatus_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_LONG));
	zend_string_release(property_httpStatus_name);

	zval property_resultCode_default_value;
	ZVAL_UNDEF(&property_resultCode_default_value);
	zend_string *property_resultCode_name = zend_string_init("resultCode", sizeof("resultCode") - 1, 1);
	zend_declare_typed_property(class_entry, property_resultCode_name, &property_resultCode_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_LONG|MAY_BE_NULL));
	zend_string_release(property_resultCode_name);

	zval property_resultName_default_value;
	ZVAL_UNDEF(&property_resultName_default_value);
	zend_string *property_resultName_name = zend_string_init("resultName", sizeof("resultName") - 1, 1);
	zend_declare_typed_property(class_entry, property_resultName_name, &property_resultName_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING|MAY_BE_NULL));
	zend_string_release(property_resultName_name);

	zval property_body_default_value;
	ZVAL_UNDEF(&property_body_default_value);
	zend_string *property_body_name = zend_string_init("body", sizeof("body") - 1, 1);
	zend_declare_typed_property(class_entry, property_body_name, &property_body_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING|MAY_BE_NULL));
	zend_string_release(property_body_name);

	return class_entry;
}

static zend_class_entry *register_class_QiwiMerchant_Gate_Signer(void)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "QiwiMerchant\\Gate", "Signer", class_QiwiMerchant_Gate_Signer_methods);
	class_entry = zend_register_internal_class_ex(&ce, NULL);
	class_entry->ce_flags |= ZEND_ACC_FINAL|ZEND_ACC_NO_DYNAMIC_PROPERTIES|ZEND_ACC_NOT_SERIALIZABLE;
#if (PHP_VERSION_ID >= 80200)


	zend_add_parameter_attribute(zend_hash_str_find_ptr(&class_entry->function_table, "__construct", sizeof("__construct") - 1), 0, ZSTR_KNOWN(ZEND_STR_SENSITIVEPARAMETER), 0);
#endif

	return class_entry;
}

static zend_class_entry *register_class_QiwiMerchant_Gate_Callback(void)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "QiwiMerchant\\Gate", "Callback", class_QiwiMerchant_Gate_Callback_methods);
	class_entry = zend_register_internal_class_ex(&ce, NULL);
	class_entry->ce_flags |= ZEND_ACC_FINAL|ZEND_ACC_NO_DYNAMIC_PROPERTIES|ZEND_ACC_NOT_SERIALIZABLE;

	zval property_projectId_default_value;
	ZVAL_UNDEF(&property_projectId_default_value);
	zend_string *property_projectId_name = zend_string_init("projectId", sizeof("projectId") - 1, 1);
	zend_declare_typed_property(class_entry, property_projectId_name, &property_projectId_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING|MAY_BE_NULL));
	zend_string_release(property_projectId_name);

	zval property_payment_default_value;
	ZVAL_UNDEF(&property_payment_default_value);
	zend_string *property_payment_name = zend_string_init("payment", sizeof("payment") - 1, 1);
	zend_declare_typed_property(class_entry, property_payment_name, &property_payment_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_ARRAY));
	zend_string_release(property_payment_name);

	zval property_accountNumber_default_value;
	ZVAL_UNDEF(&property_accountNumber_default_value);
	zend_string *property_accountNumber_name = zend_string_init("accountNumber", sizeof("accountNumber") - 1, 1);
	zend_declare_typed_property(class_entry, property_accountNumber_name, &property_accountNumber_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING|MAY_BE_NULL));
	zend_string_release(property_accountNumber_name);

	zval property_customerId_default_value;
	ZVAL_UNDEF(&property_customerId_default_value);
	zend_string *property_customerId_name = zend_string_init("customerId", sizeof("customerId") - 1, 1);
	zend_declare_typed_property(class_entry, property_customerId_name, &property_customerId_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING|MAY_BE_NULL));
	zend_string_release(property_customerId_name);

	zval property_operation_default_value;
	ZVAL_UNDEF(&property_operation_default_value);
	zend_string *property_operation_name = zend_string_init("operation", sizeof("operation") - 1, 1);
	zend_declare_typed_property(class_entry, property_operation_name, &property_operation_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_ARRAY|MAY_BE_NULL));
	zend_string_release(property_operation_name);

	zval property_errors_default_value;
	ZVAL_UNDEF(&property_errors_default_value);
	zend_string *property_errors_name = zend_string_init("errors", sizeof("errors") - 1, 1);
	zend_declare_typed_property(class_entry, property_errors_name, &property_errors_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_ARRAY));
	zend_string_release(property_errors_name);

	zval property_outcome_default_value;
	ZVAL_UNDEF(&property_outcome_default_value);
	zend_string *property_outcome_name = zend_string_init("outcome", sizeof("outcome") - 1, 1);
	zend_declare_typed_property(class_entry, property_outcome_name, &property_outcome_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING));
	zend_string_release(property_outcome_name);

	zval property_signature_default_value;
	ZVAL_UNDEF(&property_signature_default_value);
	zend_string *property_signature_name = zend_string_init("signature", sizeof("signature") - 1, 1);
	zend_declare_typed_property(class_entry, property_signature_name, &property_signature_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_ARRAY));
	zend_string_release(property_signature_name);

	zval property_raw_default_value;
	ZVAL_UNDEF(&property_raw_default_value);
	zend_string *property_raw_name = zend_string_init("raw", sizeof("raw") - 1, 1);
	zend_declare_typed_property(class_entry, property_raw_name, &property_raw_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_ANY));
	zend_string_release(property_raw_name);

	return class_entry;
}

static zend_class_entry *register_class_QiwiMerchant_Gate_AccountCheckRequest(void)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "QiwiMerchant\\Gate", "AccountCheckRequest", class_QiwiMerchant_Gate_AccountCheckRequest_methods);
	class_entry = zend_register_internal_class_ex(&ce, NULL);
	class_entry->ce_flags |= ZEND_ACC_FINAL|ZEND_ACC_NO_DYNAMIC_PROPERTIES|ZEND_ACC_NOT_SERIALIZABLE;

	zval property_type_default_value;
	ZVAL_UNDEF(&property_type_default_value);
	zend_string *property_type_name = zend_string_init("type", sizeof("type") - 1, 1);
	zend_declare_typed_property(class_entry, property_type_name, &property_type_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING));
	zend_string_release(property_type_name);

	zval property_projectId_default_value;
	ZVAL_UNDEF(&property_projectId_default_value);
	zend_string *property_projectId_name = zend_string_init("projectId", sizeof("projectId") - 1, 1);
	zend_declare_typed_property(class_entry, property_projectId_name, &property_projectId_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_LONG));
	zend_string_release(property_projectId_name);

	zval property_customerId_default_value;
	ZVAL_UNDEF(&property_customerId_default_value);
	zend_string *property_customerId_name = zend_string_init("customerId", sizeof("customerId") - 1, 1);
	zend_declare_typed_property(class_entry, property_customerId_name, &property_customerId_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING));
	zend_string_release(property_customerId_name);

	zval property_amount_default_value;
	ZVAL_UNDEF(&property_amount_default_value);
	zend_string *property_amount_name = zend_string_init("amount", sizeof("amount") - 1, 1);
	zend_declare_typed_property(class_entry, property_amount_name, &property_amount_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_LONG|MAY_BE_NULL));
	zend_string_release(property_amount_name);

	zval property_currency_default_value;
	ZVAL_UNDEF(&property_currency_default_value);
	zend_string *property_currency_name = zend_string_init("currency", sizeof("currency") - 1, 1);
	zend_declare_typed_property(class_entry, property_currency_name, &property_currency_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING|MAY_BE_NULL));
	zend_string_release(property_currency_name);

	zval property_paymentMethod_default_value;
	ZVAL_UNDEF(&property_paymentMethod_default_value);
	zend_string *property_paymentMethod_name = zend_string_init("paymentMethod", sizeof("paymentMethod") - 1, 1);
	zend_declare_typed_property(class_entry, property_paymentMethod_name, &property_paymentMethod_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING|MAY_BE_NULL));
	zend_string_release(property_paymentMethod_name);

	zval property_extra_default_value;
	ZVAL_UNDEF(&property_extra_default_value);
	zend_string *property_extra_name = zend_string_init("extra", sizeof("extra") - 1, 1);
	zend_declare_typed_property(class_entry, property_extra_name, &property_extra_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_ARRAY));
	zend_string_release(property_extra_name);

	zval property_signature_default_value;
	ZVAL_UNDEF(&property_signature_default_value);
	zend_string *property_signature_name = zend_string_init("signature", sizeof("signature") - 1, 1);
	zend_declare_typed_property(class_entry, property_signature_name, &property_signature_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_ARRAY));
	zend_string_release(property_signature_name);

	return class_entry;
}

static zend_class_entry *register_class_QiwiMerchant_Gate_AccountCheckResponse(void)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "QiwiMerchant\\Gate", "AccountCheckResponse", class_QiwiMerchant_Gate_AccountCheckResponse_methods);
	class_entry = zend_register_internal_class_ex(&ce, NULL);
	class_entry->ce_flags |= ZEND_ACC_FINAL|ZEND_ACC_NO_DYNAMIC_PROPERTIES|ZEND_ACC_NOT_SERIALIZABLE;

	zval const_CONTENT_TYPE_value;
	zend_string *const_CONTENT_TYPE_value_str = zend_string_init("application/json; charset=utf-8", strlen("application/json; charset=utf-8"), 1);
	ZVAL_STR(&const_CONTENT_TYPE_value, const_CONTENT_TYPE_value_str);
	zend_string *const_CONTENT_TYPE_name = zend_string_init_interned("CONTENT_TYPE", sizeof("CONTENT_TYPE") - 1, 1);
	zend_declare_class_constant_ex(class_entry, const_CONTENT_TYPE_name, &const_CONTENT_TYPE_value, ZEND_ACC_PUBLIC, NULL);
	zend_string_release(const_CONTENT_TYPE_name);

	zval property_code_default_value;
	ZVAL_UNDEF(&property_code_default_value);
	zend_string *property_code_name = zend_string_init("code", sizeof("code") - 1, 1);
	zend_declare_typed_property(class_entry, property_code_name, &property_code_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_LONG));
	zend_string_release(property_code_name);

	zval property_body_default_value;
	ZVAL_UNDEF(&property_body_default_value);
	zend_string *property_body_name = zend_string_init("body", sizeof("body") - 1, 1);
	zend_declare_typed_property(class_entry, property_body_name, &property_body_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING));
	zend_string_release(property_body_name);

	return class_entry;
}

static zend_class_entry *register_class_QiwiMerchant_Gate_AccountCheck(void)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "QiwiMerchant\\Gate", "AccountCheck", class_QiwiMerchant_Gate_AccountCheck_methods);
	class_entry = zend_register_internal_class_ex(&ce, NULL);
	class_entry->ce_flags |= ZEND_ACC_FINAL|ZEND_ACC_NO_DYNAMIC_PROPERTIES|ZEND_ACC_NOT_SERIALIZABLE;

	zval property_accepted_default_value;
	ZVAL_UNDEF(&property_accepted_default_value);
	zend_string *property_accepted_name = zend_string_init("accepted", sizeof("accepted") - 1, 1);
	zend_declare_typed_property(class_entry, property_accepted_name, &property_accepted_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_BOOL));
	zend_string_release(property_accepted_name);

	zend_string *property_request_class_QiwiMerchant_Gate_AccountCheckRequest = zend_string_init("QiwiMerchant\\Gate\\AccountCheckRequest", sizeof("QiwiMerchant\\Gate\\AccountCheckRequest")-1, 1);
	zval property_request_default_value;
	ZVAL_UNDEF(&property_request_default_value);
	zend_string *property_request_name = zend_string_init("request", sizeof("request") - 1, 1);
	zend_declare_typed_property(class_entry, property_request_name, &property_request_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_CLASS(property_request_class_QiwiMerchant_Gate_AccountCheckRequest, 0, MAY_BE_NULL));
	zend_string_release(property_request_name);

	zend_string *property_response_class_QiwiMerchant_Gate_AccountCheckResponse = zend_string_init("QiwiMerchant\\Gate\\AccountCheckResponse", sizeof("QiwiMerchant\\Gate\\AccountCheckResponse")-1, 1);
	zval property_response_default_value;
	ZVAL_UNDEF(&property_response_default_value);
	zend_string *property_response_name = zend_string_init("response", sizeof("response") - 1, 1);
	zend_declare_typed_property(class_entry, property_response_name, &property_response_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_CLASS(property_response_class_QiwiMerchant_Gate_AccountCheckResponse, 0, MAY_BE_NULL));
	zend_string_release(property_response_name);

	zval property_error_default_value;
	ZVAL_UNDEF(&property_error_default_value);
	zend_string *property_error_name = zend_string_init("error", sizeof("error") - 1, 1);
	zend_declare_typed_property(class_entry, property_error_name, &property_error_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_ARRAY|MAY_BE_NULL));
	zend_string_release(property_error_name);

	return class_entry;
}

static zend_class_entry *register_class_QiwiMerchant_Gate_SignedRequest(void)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "QiwiMerchant\\Gate", "SignedRequest", class_QiwiMerchant_Gate_SignedRequest_methods);
	class_entry = zend_register_internal_class_ex(&ce, NULL);
	class_entry->ce_flags |= ZEND_ACC_FINAL|ZEND_ACC_NO_DYNAMIC_PROPERTIES|ZEND_ACC_NOT_SERIALIZABLE;

	zval property_path_default_value;
	ZVAL_UNDEF(&property_path_default_value);
	zend_string *property_path_name = zend_string_init("path", sizeof("path") - 1, 1);
	zend_declare_typed_property(class_entry, property_path_name, &property_path_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING));
	zend_string_release(property_path_name);

	zval property_body_default_value;
	ZVAL_UNDEF(&property_body_default_value);
	zend_string *property_body_name = zend_string_init("body", sizeof("body") - 1, 1);
	zend_declare_typed_property(class_entry, property_body_name, &property_body_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING));
	zend_string_release(property_body_name);

	return class_entry;
}

static zend_class_entry *register_class_QiwiMerchant_Gate_PayoutResponse(void)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "QiwiMerchant\\Gate", "PayoutResponse", class_QiwiMerchant_Gate_PayoutResponse_methods);
	class_entry = zend_register_internal_class_ex(&ce, NULL);
	class_entry->ce_flags |= ZEND_ACC_FINAL|ZEND_ACC_NO_DYNAMIC_PROPERTIES|ZEND_ACC_NOT_SERIALIZABLE;

	zval property_result_default_value;
	ZVAL_UNDEF(&property_result_default_value);
	zend_string *property_result_name = zend_string_init("result", sizeof("result") - 1, 1);
	zend_declare_typed_property(class_entry, property_result_name, &property_result_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING));
	zend_string_release(property_result_name);

	zval property_requestId_default_value;
	ZVAL_UNDEF(&property_requestId_default_value);
	zend_string *property_requestId_name = zend_string_init("requestId", sizeof("requestId") - 1, 1);
	zend_declare_typed_property(class_entry, property_requestId_name, &property_requestId_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING|MAY_BE_NULL));
	zend_string_release(property_requestId_name);

	zval property_status_default_value;
	ZVAL_UNDEF(&property_status_default_value);
	zend_string *property_status_name = zend_string_init("status", sizeof("status") - 1, 1);
	zend_declare_typed_property(class_entry, property_status_name, &property_status_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING|MAY_BE_NULL));
	zend_string_release(property_status_name);

	zval property_code_default_value;
	ZVAL_UNDEF(&property_code_default_value);
	zend_string *property_code_name = zend_string_init("code", sizeof("code") - 1, 1);
	zend_declare_typed_property(class_entry, property_code_name, &property_code_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING|MAY_BE_NULL));
	zend_string_release(property_code_name);

	zval property_message_default_value;
	ZVAL_UNDEF(&property_message_default_value);
	zend_string *property_message_name = zend_string_init("message", sizeof("message") - 1, 1);
	zend_declare_typed_property(class_entry, property_message_name, &property_message_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING|MAY_BE_NULL));
	zend_string_release(property_message_name);

	zval property_errors_default_value;
	ZVAL_UNDEF(&property_errors_default_value);
	zend_string *property_errors_name = zend_string_init("errors", sizeof("errors") - 1, 1);
	zend_declare_typed_property(class_entry, property_errors_name, &property_errors_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_ANY));
	zend_string_release(property_errors_name);

	zval property_reason_default_value;
	ZVAL_UNDEF(&property_reason_default_value);
	zend_string *property_reason_name = zend_string_init("reason", sizeof("reason") - 1, 1);
	zend_declare_typed_property(class_entry, property_reason_name, &property_reason_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING|MAY_BE_NULL));
	zend_string_release(property_reason_name);

	zval property_error_default_value;
	ZVAL_UNDEF(&property_error_default_value);
	zend_string *property_error_name = zend_string_init("error", sizeof("error") - 1, 1);
	zend_declare_typed_property(class_entry, property_error_name, &property_error_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING|MAY_BE_NULL));
	zend_string_release(property_error_name);

	zval property_raw_default_value;
	ZVAL_UNDEF(&property_raw_default_value);
	zend_string *property_raw_name = zend_string_init("raw", sizeof("raw") - 1, 1);
	zend_declare_typed_property(class_entry, property_raw_name, &property_raw_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_ANY));
	zend_string_release(property_raw_name);

	return class_entry;
}

static zend_class_entry *register_class_QiwiMerchant_Gate_StatusResponse(void)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "QiwiMerchant\\Gate", "StatusResponse", class_QiwiMerchant_Gate_StatusResponse_methods);
	class_entry = zend_register_internal_class_ex(&ce, NULL);
	class_entry->ce_flags |= ZEND_ACC_FINAL|ZEND_ACC_NO_DYNAMIC_PROPERTIES|ZEND_ACC_NOT_SERIALIZABLE;

	zval property_result_default_value;
	ZVAL_UNDEF(&property_result_default_value);
	zend_string *property_result_name = zend_string_init("result", sizeof("result") - 1, 1);
	zend_declare_typed_property(class_entry, property_result_name, &property_result_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING));
	zend_string_release(property_result_name);

	zend_string *property_callback_class_QiwiMerchant_Gate_Callback = zend_string_init("QiwiMerchant\\Gate\\Callback", sizeof("QiwiMerchant\\Gate\\Callback")-1, 1);
	zval property_callback_default_value;
	ZVAL_UNDEF(&property_callback_default_value);
	zend_string *property_callback_name = zend_string_init("callback", sizeof("callback") - 1, 1);
	zend_declare_typed_property(class_entry, property_callback_name, &property_callback_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_CLASS(property_callback_class_QiwiMerchant_Gate_Callback, 0, MAY_BE_NULL));
	zend_string_release(property_callback_name);

	zval property_status_default_value;
	ZVAL_UNDEF(&property_status_default_value);
	zend_string *property_status_name = zend_string_init("status", sizeof("status") - 1, 1);
	zend_declare_typed_property(class_entry, property_status_name, &property_status_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING|MAY_BE_NULL));
	zend_string_release(property_status_name);

	zval property_code_default_value;
	ZVAL_UNDEF(&property_code_default_value);
	zend_string *property_code_name = zend_string_init("code", sizeof("code") - 1, 1);
	zend_declare_typed_property(class_entry, property_code_name, &property_code_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING|MAY_BE_NULL));
	zend_string_release(property_code_name);

	zval property_message_default_value;
	ZVAL_UNDEF(&property_message_default_value);
	zend_string *property_message_name = zend_string_init("message", sizeof("message") - 1, 1);
	zend_declare_typed_property(class_entry, property_message_name, &property_message_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING|MAY_BE_NULL));
	zend_string_release(property_message_name);

	zval property_raw_default_value;
	ZVAL_UNDEF(&property_raw_default_value);
	zend_string *property_raw_name = zend_string_init("raw", sizeof("raw") - 1, 1);
	zend_declare_typed_property(class_entry, property_raw_name, &property_raw_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_ANY));
	zend_string_release(property_raw_name);

	return class_entry;
}

static zend_class_entry *register_class_QiwiMerchant_Gate_Settlement(void)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "QiwiMerchant\\Gate", "Settlement", class_QiwiMerchant_Gate_Settlement_methods);
	class_entry = zend_register_internal_class_ex(&ce, NULL);
	class_entry->ce_flags |= ZEND_ACC_FINAL|ZEND_ACC_NOT_SERIALIZABLE;

	return class_entry;
}

static zend_class_entry *register_class_QiwiMerchant_Cqr_Message(void)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "QiwiMerchant\\Cqr", "Message", class_QiwiMerchant_Cqr_Message_methods);
	class_entry = zend_register_internal_interface(&ce);

	return class_entry;
}

static zend_class_entry *register_class_QiwiMerchant_Cqr_Notification(zend_class_entry *class_entry_QiwiMerchant_Cqr_Message)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "QiwiMerchant\\Cqr", "Notification", class_QiwiMerchant_Cqr_Notification_methods);
	class_entry = zend_register_internal_class_ex(&ce, NULL);
	class_entry->ce_flags |= ZEND_ACC_FINAL|ZEND_ACC_NO_DYNAMIC_PROPERTIES|ZEND_ACC_NOT_SERIALIZABLE;
	zend_class_implements(class_entry, 1, class_entry_QiwiMerchant_Cqr_Message);

	zval property_kind_default_value;
	ZVAL_UNDEF(&property_kind_default_value);
	zend_string *property_kind_name = zend_string_init("kind", sizeof("kind") - 1, 1);
	zend_declare_typed_property(class_entry, property_kind_name, &property_kind_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING));
	zend_string_release(property_kind_name);

	zval property_outcome_default_value;
	ZVAL_UNDEF(&property_outcome_default_value);
	zend_string *property_outcome_name = zend_string_init("outcome", sizeof("outcome") - 1, 1);
	zend_declare_typed_property(class_entry, property_outcome_name, &property_outcome_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING));
	zend_string_release(property_outcome_name);

	zval property_effectiveOutcome_default_value;
	ZVAL_UNDEF(&property_effectiveOutcome_default_value);
	zend_string *property_effectiveOutcome_name = zend_string_init("effectiveOutcome", sizeof("effectiveOutcome") - 1, 1);
	zend_declare_typed_property(class_entry, property_effectiveOutcome_name, &property_effectiveOutcome_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING));
	zend_string_release(property_effectiveOutcome_name);

	zval property_isExecutedConsistent_default_value;
	ZVAL_UNDEF(&property_isExecutedConsistent_default_value);
	zend_string *property_isExecutedConsistent_name = zend_string_init("isExecutedConsistent", sizeof("isExecutedConsistent") - 1, 1);
	zend_declare_typed_property(class_entry, property_isExecutedConsistent_name, &property_isExecutedConsistent_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_BOOL));
	zend_string_release(property_isExecutedConsistent_name);

	zval property_idempotencyKey_default_value;
	ZVAL_UNDEF(&property_idempotencyKey_default_value);
	zend_string *property_idempotencyKey_name = zend_string_init("idempotencyKey", sizeof("idempotencyKey") - 1, 1);
	zend_declare_typed_property(class_entry, property_idempotencyKey_name, &property_idempotencyKey_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING));
	zend_string_release(property_idempotencyKey_name);

	zval property_payment_default_value;
	ZVAL_UNDEF(&property_payment_default_value);
	zend_string *property_payment_name = zend_string_init("payment", sizeof("payment") - 1, 1);
	zend_declare_typed_property(class_entry, property_payment_name, &property_payment_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_ARRAY));
	zend_string_release(property_payment_name);

	return class_entry;
}

static zend_class_entry *register_class_QiwiMerchant_Cqr_InitiateResponse(zend_class_entry *class_entry_QiwiMerchant_Cqr_Message)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "QiwiMerchant\\Cqr", "InitiateResponse", class_QiwiMerchant_Cqr_InitiateResponse_methods);
	class_entry = zend_register_internal_class_ex(&ce, NULL);
	class_entry->ce_flags |= ZEND_ACC_FINAL|ZEND_ACC_NO_DYNAMIC_PROPERTIES|ZEND_ACC_NOT_SERIALIZABLE;
	zend_class_implements(class_entry, 1, class_entry_QiwiMerchant_Cqr_Message);

	zval property_kind_default_value;
	ZVAL_UNDEF(&property_kind_default_value);
	zend_string *property_kind_name = zend_string_init("kind", sizeof("kind") - 1, 1);
	zend_declare_typed_property(class_entry, property_kind_name, &property_kind_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING));
	zend_string_release(property_kind_name);

	zval property_result_default_value;
	ZVAL_UNDEF(&property_result_default_value);
	zend_string *property_result_name = zend_string_init("result", sizeof("result") - 1, 1);
	zend_declare_typed_property(class_entry, property_result_name, &property_result_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_ARRAY));
	zend_string_release(property_result_name);

	zval property_token_default_value;
	ZVAL_UNDEF(&property_token_default_value);
	zend_string *property_token_name = zend_string_init("token", sizeof("token") - 1, 1);
	zend_declare_typed_property(class_entry, property_token_name, &property_token_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING|MAY_BE_NULL));
	zend_string_release(property_token_name);

	zval property_providerExternalId_default_value;
	ZVAL_UNDEF(&property_providerExternalId_default_value);
	zend_string *property_providerExternalId_name = zend_string_init("providerExternalId", sizeof("providerExternalId") - 1, 1);
	zend_declare_typed_property(class_entry, property_providerExternalId_name, &property_providerExternalId_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING|MAY_BE_NULL));
	zend_string_release(property_providerExternalId_name);

	zval property_payment_default_value;
	ZVAL_UNDEF(&property_payment_default_value);
	zend_string *property_payment_name = zend_string_init("payment", sizeof("payment") - 1, 1);
	zend_declare_typed_property(class_entry, property_payment_name, &property_payment_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_ARRAY));
	zend_string_release(property_payment_name);

	return class_entry;
}

static zend_class_entry *register_class_QiwiMerchant_Cqr_GetPaymentsResponse(zend_class_entry *class_entry_QiwiMerchant_Cqr_Message)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "QiwiMerchant\\Cqr", "GetPaymentsResponse", class_QiwiMerchant_Cqr_GetPaymentsResponse_methods);
	class_entry = zend_register_internal_class_ex(&ce, NULL);
	class_entry->ce_flags |= ZEND_ACC_FINAL|ZEND_ACC_NO_DYNAMIC_PROPERTIES|ZEND_ACC_NOT_SERIALIZABLE;
	zend_class_implements(class_entry, 1, class_entry_QiwiMerchant_Cqr_Message);

	zval property_kind_default_value;
	ZVAL_UNDEF(&property_kind_default_value);
	zend_string *property_kind_name = zend_string_init("kind", sizeof("kind") - 1, 1);
	zend_declare_typed_property(class_entry, property_kind_name, &property_kind_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING));
	zend_string_release(property_kind_name);

	zval property_payments_default_value;
	ZVAL_UNDEF(&property_payments_default_value);
	zend_string *property_payments_name = zend_string_init("payments", sizeof("payments") - 1, 1);
	zend_declare_typed_property(class_entry, property_payments_name, &property_payments_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_ARRAY));
	zend_string_release(property_payments_name);

	return class_entry;
}

static zend_class_entry *register_class_QiwiMerchant_Cqr_ExecutePaymentActionResponse(zend_class_entry *class_entry_QiwiMerchant_Cqr_Message)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "QiwiMerchant\\Cqr", "ExecutePaymentActionResponse", class_QiwiMerchant_Cqr_ExecutePaymentActionResponse_methods);
	class_entry = zend_register_internal_class_ex(&ce, NULL);
	class_entry->ce_flags |= ZEND_ACC_FINAL|ZEND_ACC_NO_DYNAMIC_PROPERTIES|ZEND_ACC_NOT_SERIALIZABLE;
	zend_class_implements(class_entry, 1, class_entry_QiwiMerchant_Cqr_Message);

	zval property_kind_default_value;
	ZVAL_UNDEF(&property_kind_default_value);
	zend_string *property_kind_name = zend_string_init("kind", sizeof("kind") - 1, 1);
	zend_declare_typed_property(class_entry, property_kind_name, &property_kind_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING));
	zend_string_release(property_kind_name);

	zval property_statusCode_default_value;
	ZVAL_UNDEF(&property_statusCode_default_value);
	zend_string *property_statusCode_name = zend_string_init("statusCode", sizeof("statusCode") - 1, 1);
	zend_declare_typed_property(class_entry, property_statusCode_name, &property_statusCode_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_LONG|MAY_BE_NULL));
	zend_string_release(property_statusCode_name);

	zval property_ok_default_value;
	ZVAL_UNDEF(&property_ok_default_value);
	zend_string *property_ok_name = zend_string_init("ok", sizeof("ok") - 1, 1);
	zend_declare_typed_property(class_entry, property_ok_name, &property_ok_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_BOOL));
	zend_string_release(property_ok_name);

	zval property_actionResults_default_value;
	ZVAL_UNDEF(&property_actionResults_default_value);
	zend_string *property_actionResults_name = zend_string_init("actionResults", sizeof("actionResults") - 1, 1);
	zend_declare_typed_property(class_entry, property_actionResults_name, &property_actionResults_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_ARRAY|MAY_BE_NULL));
	zend_string_release(property_actionResults_name);

	return class_entry;
}

static zend_class_entry *register_class_QiwiMerchant_Cqr_ServiceError(zend_class_entry *class_entry_QiwiMerchant_Cqr_Message)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "QiwiMerchant\\Cqr", "ServiceError", class_QiwiMerchant_Cqr_ServiceError_methods);
	class_entry = zend_register_internal_class_ex(&ce, NULL);
	class_entry->ce_flags |= ZEND_ACC_FINAL|ZEND_ACC_NO_DYNAMIC_PROPERTIES|ZEND_ACC_NOT_SERIALIZABLE;
	zend_class_implements(class_entry, 1, class_entry_QiwiMerchant_Cqr_Message);

	zval property_kind_default_value;
	ZVAL_UNDEF(&property_kind_default_value);
	zend_string *property_kind_name = zend_string_init("kind", sizeof("kind") - 1, 1);
	zend_declare_typed_property(class_entry, property_kind_name, &property_kind_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING));
	zend_string_release(property_kind_name);

	zval property_id_default_value;
	ZVAL_UNDEF(&property_id_default_value);
	zend_string *property_id_name = zend_string_init("id", sizeof("id") - 1, 1);
	zend_declare_typed_property(class_entry, property_id_name, &property_id_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING|MAY_BE_NULL));
	zend_string_release(property_id_name);

	zval property_errorCode_default_value;
	ZVAL_UNDEF(&property_errorCode_default_value);
	zend_string *property_errorCode_name = zend_string_init("errorCode", sizeof("errorCode") - 1, 1);
	zend_declare_typed_property(class_entry, property_errorCode_name, &property_errorCode_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_LONG|MAY_BE_NULL));
	zend_string_release(property_errorCode_name);

	zval property_errorName_default_value;
	ZVAL_UNDEF(&property_errorName_default_value);
	zend_string *property_errorName_name = zend_string_init("errorName", sizeof("errorName") - 1, 1);
	zend_declare_typed_property(class_entry, property_errorName_name, &property_errorName_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING|MAY_BE_NULL));
	zend_string_release(property_errorName_name);

	zval property_errorMessage_default_value;
	ZVAL_UNDEF(&property_errorMessage_default_value);
	zend_string *property_errorMessage_name = zend_string_init("errorMessage", sizeof("errorMessage") - 1, 1);
	zend_declare_typed_property(class_entry, property_errorMessage_name, &property_errorMessage_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING|MAY_BE_NULL));
	zend_string_release(property_errorMessage_name);

	return class_entry;
}

static zend_class_entry *register_class_QiwiMerchant_Cqr_BuiltRequest(void)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "QiwiMerchant\\Cqr", "BuiltRequest", class_QiwiMerchant_Cqr_BuiltRequest_methods);
	class_entry = zend_register_internal_class_ex(&ce, NULL);
	class_entry->ce_flags |= ZEND_ACC_FINAL|ZEND_ACC_NO_DYNAMIC_PROPERTIES|ZEND_ACC_NOT_SERIALIZABLE;

	zval property_xml_default_value;
	ZVAL_UNDEF(&property_xml_default_value);
	zend_string *property_xml_name = zend_string_init("xml", sizeof("xml") - 1, 1);
	zend_declare_typed_property(class_entry, property_xml_name, &property_xml_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING));
	zend_string_release(property_xml_name);

	zval property_warnings_default_value;
	ZVAL_UNDEF(&property_warnings_default_value);
	zend_string *property_warnings_name = zend_string_init("warnings", sizeof("warnings") - 1, 1);
	zend_declare_typed_property(class_entry, property_warnings_name, &property_warnings_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_ARRAY));
	zend_string_release(property_warnings_name);

	return class_entry;
}

static zend_class_entry *register_class_QiwiMerchant_Cqr_IpDecision(void)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "QiwiMerchant\\Cqr", "IpDecision", class_QiwiMerchant_Cqr_IpDecision_methods);
	class_entry = zend_register_internal_class_ex(&ce, NULL);
	class_entry->ce_flags |= ZEND_ACC_FINAL|ZEND_ACC_NO_DYNAMIC_PROPERTIES|ZEND_ACC_NOT_SERIALIZABLE;

	zval property_allowed_default_value;
	ZVAL_UNDEF(&property_allowed_default_value);
	zend_string *property_allowed_name = zend_string_init("allowed", sizeof("allowed") - 1, 1);
	zend_declare_typed_property(class_entry, property_allowed_name, &property_allowed_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_BOOL));
	zend_string_release(property_allowed_name);

	zval property_client_default_value;
	ZVAL_UNDEF(&property_client_default_value);
	zend_string *property_client_name = zend_string_init("client", sizeof("client") - 1, 1);
	zend_declare_typed_property(class_entry, property_client_name, &property_client_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING|MAY_BE_NULL));
	zend_string_release(property_client_name);

	return class_entry;
}

static zend_class_entry *register_class_QiwiMerchant_Cqr_NotificationCheck(void)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "QiwiMerchant\\Cqr", "NotificationCheck", class_QiwiMerchant_Cqr_NotificationCheck_methods);
	class_entry = zend_register_internal_class_ex(&ce, NULL);
	class_entry->ce_flags |= ZEND_ACC_FINAL|ZEND_ACC_NO_DYNAMIC_PROPERTIES|ZEND_ACC_NOT_SERIALIZABLE;

	zval property_outcome_default_value;
	ZVAL_UNDEF(&property_outcome_default_value);
	zend_string *property_outcome_name = zend_string_init("outcome", sizeof("outcome") - 1, 1);
	zend_declare_typed_property(class_entry, property_outcome_name, &property_outcome_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING));
	zend_string_release(property_outcome_name);

	zval property_effectiveOutcome_default_value;
	ZVAL_UNDEF(&property_effectiveOutcome_default_value);
	zend_string *property_effectiveOutcome_name = zend_string_init("effectiveOutcome", sizeof("effectiveOutcome") - 1, 1);
	zend_declare_typed_property(class_entry, property_effectiveOutcome_name, &property_effectiveOutcome_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING));
	zend_string_release(property_effectiveOutcome_name);

	zval property_isExecutedConsistent_default_value;
	ZVAL_UNDEF(&property_isExecutedConsistent_default_value);
	zend_string *property_isExecutedConsistent_name = zend_string_init("isExecutedConsistent", sizeof("isExecutedConsistent") - 1, 1);
	zend_declare_typed_property(class_entry, property_isExecutedConsistent_name, &property_isExecutedConsistent_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_BOOL));
	zend_string_release(property_isExecutedConsistent_name);

	zval property_idempotencyKey_default_value;
	ZVAL_UNDEF(&property_idempotencyKey_default_value);
	zend_string *property_idempotencyKey_name = zend_string_init("idempotencyKey", sizeof("idempotencyKey") - 1, 1);
	zend_declare_typed_property(class_entry, property_idempotencyKey_name, &property_idempotencyKey_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING));
	zend_string_release(property_idempotencyKey_name);

	zval property_amountCheck_default_value;
	ZVAL_UNDEF(&property_amountCheck_default_value);
	zend_string *property_amountCheck_name = zend_string_init("amountCheck", sizeof("amountCheck") - 1, 1);
	zend_declare_typed_property(class_entry, property_amountCheck_name, &property_amountCheck_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_ARRAY));
	zend_string_release(property_amountCheck_name);

	return class_entry;
}

static zend_class_entry *register_class_QiwiMerchant_Cqr_Settlement(void)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "QiwiMerchant\\Cqr", "Settlement", class_QiwiMerchant_Cqr_Settlement_methods);
	class_entry = zend_register_internal_class_ex(&ce, NULL);
	class_entry->ce_flags |= ZEND_ACC_FINAL|ZEND_ACC_NOT_SERIALIZABLE;

	return class_entry;
}
