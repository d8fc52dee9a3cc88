//! `qiwi_merchant._core`: the PyO3 layer of the `qiwi_merchant` Python package. It only
//! converts between Python objects and the core crate (`qiwi_merchant`); every protocol rule
//! lives in the core. The public API is the Python package (`python/qiwi_merchant/`).

mod convert;
mod cqr;
mod cqr_model;
mod enums;
mod errors;
mod gate;
mod limits;
mod money;
mod settle;
mod to_py;

use pyo3::prelude::*;

/// The extension module.
#[pymodule]
fn _core(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", qiwi_merchant::VERSION)?;
    m.add("RELEASE_GIL_AT", convert::RELEASE_GIL_AT)?;
    // The parsers' default body limits (hosts refuse longer bodies before reading them).
    m.add(
        "GATE_MAX_BODY_BYTES",
        qiwi_merchant::gate::JsonLimits::default().max_body_bytes,
    )?;
    m.add(
        "CQR_MAX_BODY_BYTES",
        qiwi_merchant::cqr::ParseLimits::default().max_body_bytes,
    )?;
    m.add_function(wrap_pyfunction!(errors::error_kinds, m)?)?;
    m.add_class::<gate::Signer>()?;
    m.add_class::<gate::Callback>()?;
    m.add_class::<gate::Payment>()?;
    m.add_class::<gate::Operation>()?;
    m.add_class::<gate::Provider>()?;
    m.add_class::<gate::Sum>()?;
    m.add_class::<gate::CallbackError>()?;
    m.add_class::<gate::VerifyRequest>()?;
    m.add_class::<gate::CheckDepositRequest>()?;
    m.add_class::<gate::AccountCheckResponse>()?;
    m.add_class::<gate::PayoutResponse>()?;
    m.add_class::<gate::StatusResponse>()?;
    m.add_function(wrap_pyfunction!(gate::stamp, m)?)?;
    m.add_function(wrap_pyfunction!(gate::gate_status_outcome, m)?)?;
    m.add_function(wrap_pyfunction!(gate::gate_status_canonical, m)?)?;
    m.add_class::<cqr_model::Notification>()?;
    m.add_class::<cqr_model::InitiateResponse>()?;
    m.add_class::<cqr_model::InitiateResult>()?;
    m.add_class::<cqr_model::GetPaymentsResponse>()?;
    m.add_class::<cqr_model::ExecutePaymentActionResponse>()?;
    m.add_class::<cqr_model::ServiceException>()?;
    // `qiwi_merchant.cqr.Payment`; "Payment" in this module is the Gate one.
    m.add("CqrPayment", m.py().get_type::<cqr_model::CqrPayment>())?;
    m.add_class::<cqr_model::PaymentState>()?;
    m.add_class::<cqr_model::Money>()?;
    m.add_class::<cqr_model::Timestamp>()?;
    m.add_class::<cqr_model::Detail>()?;
    m.add_class::<cqr_model::CodeName>()?;
    m.add_class::<cqr_model::ProviderCode>()?;
    m.add_class::<cqr_model::AmountCheck>()?;
    m.add_class::<cqr_model::BuiltRequest>()?;
    m.add_class::<cqr_model::Warning>()?;
    m.add_class::<cqr_model::Ack>()?;
    m.add_class::<cqr::BasicCredentials>()?;
    m.add_class::<cqr::IpAllowList>()?;
    m.add_function(wrap_pyfunction!(cqr::cqr_parse, m)?)?;
    m.add_function(wrap_pyfunction!(cqr::cqr_parse_notification, m)?)?;
    m.add_function(wrap_pyfunction!(cqr::cqr_parse_initiate_answer, m)?)?;
    m.add_function(wrap_pyfunction!(cqr::cqr_parse_get_payments_answer, m)?)?;
    m.add_function(wrap_pyfunction!(cqr::cqr_build_initiate, m)?)?;
    m.add_function(wrap_pyfunction!(cqr::cqr_parse_initiate_request, m)?)?;
    m.add_function(wrap_pyfunction!(cqr::cqr_build_ack, m)?)?;
    m.add_function(wrap_pyfunction!(cqr::cqr_ack, m)?)?;
    m.add_function(wrap_pyfunction!(cqr::cqr_parse_ack, m)?)?;
    m.add_function(wrap_pyfunction!(cqr::cqr_get_payments_request, m)?)?;
    m.add_function(wrap_pyfunction!(cqr::cqr_state_name, m)?)?;
    m.add_function(wrap_pyfunction!(cqr::cqr_outcome_of, m)?)?;
    m.add_function(wrap_pyfunction!(cqr::cqr_envoy_message, m)?)?;
    m.add_function(wrap_pyfunction!(cqr::cqr_envoy_code_count, m)?)?;
    m.add_function(wrap_pyfunction!(cqr::cqr_url, m)?)?;
    m.add_function(wrap_pyfunction!(cqr::cqr_basic_authorization, m)?)?;
    m.add_function(wrap_pyfunction!(money::money_to_minor, m)?)?;
    m.add_function(wrap_pyfunction!(money::money_to_major, m)?)?;
    m.add_function(wrap_pyfunction!(money::money_exponent, m)?)?;
    m.add_class::<settle::Decision>()?;
    m.add_class::<settle::Effect>()?;
    m.add_function(wrap_pyfunction!(settle::gate_settle, m)?)?;
    m.add_function(wrap_pyfunction!(settle::gate_settle_status, m)?)?;
    m.add_function(wrap_pyfunction!(settle::gate_storage_failed, m)?)?;
    m.add_function(wrap_pyfunction!(settle::cqr_settle, m)?)?;
    m.add_function(wrap_pyfunction!(settle::cqr_settle_get_payments, m)?)?;
    m.add_function(wrap_pyfunction!(settle::cqr_storage_failed, m)?)?;
    m.add_function(wrap_pyfunction!(settle::cqr_bind_attempt, m)?)?;
    Ok(())
}
