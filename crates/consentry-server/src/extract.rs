//! The axum extractor: `async fn page(consent: Consent) -> …`.
//!
//! Extracting [`Consent`] marks the response as depending on consent, so
//! the layer makes it `Cache-Control: private`.

use crate::decision::Consent;
use crate::error::Error;
use axum_core::extract::FromRequestParts;
use axum_core::response::{IntoResponse, Response};
use http::request::Parts;
use http::StatusCode;

impl<S: Send + Sync> FromRequestParts<S> for Consent {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Consent, Error> {
        let consent = parts
            .extensions
            .get::<Consent>()
            .cloned()
            .ok_or(Error::MissingLayer)?;
        consent.mark_used();
        Ok(consent)
    }
}

impl IntoResponse for Error {
    /// `500`: a missing layer is a server bug, never the visitor's fault.
    fn into_response(self) -> Response {
        (StatusCode::INTERNAL_SERVER_ERROR, self.to_string()).into_response()
    }
}
