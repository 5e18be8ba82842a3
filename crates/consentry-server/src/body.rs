//! The response body the layer returns: the inner body untouched, the inner
//! body streamed through a [`PageRewriter`], or a small body of its own.

use crate::error::Error;
use crate::rewrite::PageRewriter;
use bytes::{Buf, Bytes};
use http_body::{Body, Frame, SizeHint};
use std::pin::Pin;
use std::task::{ready, Context, Poll};

/// Boxed error of [`ConsentBody`].
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

pin_project_lite::pin_project! {
    /// A response body from [`ConsentLayer`](crate::ConsentLayer).
    pub struct ConsentBody<B> {
        #[pin]
        kind: Kind<B>,
    }
}

pin_project_lite::pin_project! {
    #[project = KindProj]
    enum Kind<B> {
        Plain { #[pin] body: B },
        Rewrite { #[pin] body: B, rewriter: Option<Box<PageRewriter>>, trailers: Option<http::HeaderMap> },
        Full { data: Option<Bytes> },
    }
}

impl<B> ConsentBody<B> {
    /// The inner body, untouched.
    pub fn plain(body: B) -> Self {
        ConsentBody {
            kind: Kind::Plain { body },
        }
    }

    /// The inner body, rewritten as it streams.
    pub fn rewrite(body: B, rewriter: PageRewriter) -> Self {
        ConsentBody {
            kind: Kind::Rewrite {
                body,
                rewriter: Some(Box::new(rewriter)),
                trailers: None,
            },
        }
    }

    /// A body of its own.
    pub fn full(data: Bytes) -> Self {
        ConsentBody {
            kind: Kind::Full { data: Some(data) },
        }
    }
}

impl<B> std::fmt::Debug for ConsentBody<B> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ConsentBody")
    }
}

impl<B> Body for ConsentBody<B>
where
    B: Body,
    B::Error: Into<BoxError>,
{
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        match self.project().kind.project() {
            KindProj::Full { data } => Poll::Ready(data.take().map(|d| Ok(Frame::data(d)))),
            KindProj::Plain { body } => {
                let frame = ready!(body.poll_frame(cx));
                Poll::Ready(frame.map(|r| {
                    r.map(|f| f.map_data(|mut d| d.copy_to_bytes(d.remaining())))
                        .map_err(Into::into)
                }))
            }
            KindProj::Rewrite {
                mut body,
                rewriter,
                trailers,
            } => loop {
                let Some(rw) = rewriter.as_mut() else {
                    // Input ended and the rest was sent: only trailers remain.
                    return Poll::Ready(trailers.take().map(|t| Ok(Frame::trailers(t))));
                };
                match ready!(body.as_mut().poll_frame(cx)) {
                    Some(Ok(frame)) => match frame.into_data() {
                        Ok(mut data) => {
                            let chunk = data.copy_to_bytes(data.remaining());
                            let out = rw.write_bytes(chunk).map_err(box_err)?;
                            if !out.is_empty() {
                                return Poll::Ready(Some(Ok(Frame::data(out))));
                            }
                        }
                        Err(frame) => {
                            if let Ok(t) = frame.into_trailers() {
                                *trailers = Some(t);
                            }
                        }
                    },
                    Some(Err(e)) => {
                        *rewriter = None;
                        return Poll::Ready(Some(Err(Box::new(Error::Body(e.into())))));
                    }
                    None => {
                        if let Some(rw) = rewriter.take() {
                            let out = rw.end().map_err(box_err)?;
                            if !out.is_empty() {
                                return Poll::Ready(Some(Ok(Frame::data(out))));
                            }
                        }
                    }
                }
            },
        }
    }

    fn is_end_stream(&self) -> bool {
        match &self.kind {
            Kind::Plain { body } => body.is_end_stream(),
            Kind::Rewrite {
                rewriter, trailers, ..
            } => rewriter.is_none() && trailers.is_none(),
            Kind::Full { data } => data.is_none(),
        }
    }

    fn size_hint(&self) -> SizeHint {
        match &self.kind {
            Kind::Plain { body } => body.size_hint(),
            Kind::Rewrite { .. } => SizeHint::default(),
            Kind::Full { data } => {
                SizeHint::with_exact(data.as_ref().map_or(0, |d| d.len() as u64))
            }
        }
    }
}

fn box_err(e: Error) -> BoxError {
    Box::new(e)
}
