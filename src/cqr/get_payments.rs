//! `getPaymentsRequest`: the status query by `merchantTransactionID`.

use crate::cqr::escape::{forbidden_char, or_empty, push_element, DECLARATION, NS};
use crate::cqr::xml::trim_xml;
use crate::error::{Error, FieldError, Result};
use serde::{Deserialize, Serialize};

/// Input of a `getPaymentsRequest` (also its JSON shape, unknown fields rejected).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GetPaymentsRequest {
    /// `merchantID` (required, non-empty).
    pub merchant_id: Option<String>,
    /// `shopID` (required, non-empty).
    pub shop_id: Option<String>,
    /// `merchantTransactionID`: the order whose payments are asked for (required, non-empty).
    pub merchant_transaction_id: Option<String>,
    /// Optional filter, written after `merchantTransactionID` only when set.
    pub is_executed: Option<bool>,
}

impl GetPaymentsRequest {
    /// A request for every payment of one order (no `isExecuted` filter).
    pub fn new(merchant_id: &str, shop_id: &str, merchant_transaction_id: &str) -> Self {
        GetPaymentsRequest {
            merchant_id: Some(merchant_id.into()),
            shop_id: Some(shop_id.into()),
            merchant_transaction_id: Some(merchant_transaction_id.into()),
            is_executed: None,
        }
    }

    /// Validates (all failures at once) and writes the body.
    pub fn build(&self) -> Result<String> {
        let fields = [
            ("merchant_id", &self.merchant_id),
            ("shop_id", &self.shop_id),
            ("merchant_transaction_id", &self.merchant_transaction_id),
        ];
        let mut errors = Vec::new();
        for (name, v) in fields {
            let reason = match v.as_deref() {
                None => Some("required".to_string()),
                Some(s) if trim_xml(s).is_empty() => Some("required (empty)".to_string()),
                Some(s) => match forbidden_char(s) {
                    Some(c) => Some(format!(
                        "contains U+{:04X}, which XML 1.0 does not allow",
                        u32::from(c)
                    )),
                    None if trim_xml(s) != s => {
                        Some("must not start or end with whitespace".into())
                    }
                    None => None,
                },
            };
            if let Some(reason) = reason {
                errors.push(FieldError {
                    field: name.into(),
                    reason,
                });
            }
        }
        if !errors.is_empty() {
            return Err(Error::fields(errors));
        }
        let mut x = String::with_capacity(512);
        x.push_str(DECLARATION);
        x.push_str("<getPaymentsRequest xmlns=\"");
        x.push_str(NS);
        x.push_str("\">");
        push_element(&mut x, "merchantID", or_empty(&self.merchant_id));
        push_element(&mut x, "shopID", or_empty(&self.shop_id));
        push_element(
            &mut x,
            "merchantTransactionID",
            or_empty(&self.merchant_transaction_id),
        );
        if let Some(e) = self.is_executed {
            push_element(&mut x, "isExecuted", if e { "true" } else { "false" });
        }
        x.push_str("</getPaymentsRequest>");
        Ok(x)
    }
}
