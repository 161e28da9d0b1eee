//! The connections of `nbamcp serve`: the accept loop, its limits and its timeouts.
//!
//! `axum::serve` holds every connection for as long as the client wants: idle keep-alive
//! connections and clients that send their headers a byte at a time (slowloris) are never
//! closed, and enough of them exhaust the replica's file descriptors. Here each connection is
//! served by hyper's HTTP/1 connection under a watchdog that knows what it is doing:
//!
//! - waiting for (the rest of) a request's headers: closed after `serving.header_timeout`,
//!   counted from the accept or from the first byte of a later request;
//! - idle between requests: closed after `serving.idle_timeout`;
//! - reading a request body: the body must be in within `serving.body_timeout` (408 after);
//! - at most `serving.max_connections` at once. At the limit, the connection that has been
//!   waiting longest without a request in progress is closed to make room (as nginx reuses
//!   idle keep-alive connections); when every connection is busy, the new one gets an
//!   immediate `503` with `Retry-After` and is closed. The accept loop never waits.
//!
//! Shutdown stops accepting, closes idle connections, lets requests in progress finish, and
//! returns when every connection is gone.

use std::collections::HashMap;
use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicU8, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Bytes;
use hyper::body::{Body, Frame, Incoming, SizeHint};
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Notify, Semaphore, watch};
use tower_service::Service;

use super::AppState;

/// The limits of [`serve`], from `serving.*`.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub max_connections: usize,
    pub header_timeout: Duration,
    pub body_timeout: Duration,
    pub idle_timeout: Duration,
}

/// Connections beyond the limit that may wait a moment for a slot, or be told 503, at once;
/// more than that are closed at once. They need file descriptors too (see [`fd_reserve`]).
const PENDING: usize = 256;
/// How long a connection beyond the limit waits for a slot freed by closing an idle one.
const SLOT_WAIT: Duration = Duration::from_millis(250);
/// How long a shed connection is given to read its 503.
const SHED_LINGER: Duration = Duration::from_millis(500);

/// File descriptors kept for everything but client connections: the listener, the database
/// pool, S3 and MLflow clients, ONNX Runtime, logs, and the [`PENDING`] connections.
pub fn fd_reserve(pool_size: u32) -> usize {
    PENDING + 128 + pool_size as usize
}

/// `serving.max_connections`, checked against the open-file limit (`ulimit -n`): the soft limit
/// is raised towards the hard one when it is too low, and the connection limit is lowered (with
/// a warning) when even that is not enough, so the replica never runs out of descriptors.
pub fn connection_limit(configured: usize, reserve: usize) -> usize {
    let wanted =
        libc::rlim_t::try_from(configured.saturating_add(reserve)).unwrap_or(libc::RLIM_INFINITY);
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit and setrlimit only read and write the struct passed.
    if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } != 0 {
        return configured;
    }
    // RLIM_INFINITY is the largest rlim_t, so plain comparisons are right.
    if limit.rlim_cur < wanted {
        let new = libc::rlimit {
            rlim_cur: wanted.min(limit.rlim_max),
            rlim_max: limit.rlim_max,
        };
        // SAFETY: as above.
        if unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &new) } == 0 {
            limit.rlim_cur = new.rlim_cur;
        }
    }
    if limit.rlim_cur >= wanted {
        return configured;
    }
    let available = usize::try_from(limit.rlim_cur).unwrap_or(usize::MAX);
    let capped = available.saturating_sub(reserve).max(16);
    tracing::warn!(
        "serving.max_connections is {configured} but the open-file limit is {available} \
         ({reserve} kept for the rest): serving at most {capped} connections; raise the \
         limit (ulimit -n, LimitNOFILE=) or lower serving.max_connections"
    );
    capped
}

const HEAD: u8 = 0;
const IDLE: u8 = 1;
const BUSY: u8 = 2;

/// What one connection is doing, shared by its socket, its service and its watchdog.
struct Conn {
    /// [`HEAD`], [`IDLE`] or [`BUSY`].
    phase: AtomicU8,
    /// When the phase began, in milliseconds since `epoch`.
    since: AtomicU64,
    epoch: Instant,
    /// Asked to close if it has no request in progress (the limit was reached); set once, so
    /// two new connections never count on the same one closing.
    evicting: std::sync::atomic::AtomicBool,
    evict: Notify,
}

impl Conn {
    fn now(&self) -> u64 {
        self.epoch.elapsed().as_millis() as u64
    }

    fn enter(&self, phase: u8) {
        self.since.store(self.now(), Ordering::SeqCst);
        self.phase.store(phase, Ordering::SeqCst);
    }

    /// Bytes arrived: an idle connection starts a request's headers.
    fn on_read(&self) {
        if self.phase.load(Ordering::SeqCst) == IDLE {
            self.since.store(self.now(), Ordering::SeqCst);
            let _ = self
                .phase
                .compare_exchange(IDLE, HEAD, Ordering::SeqCst, Ordering::SeqCst);
        }
    }

    /// When the current phase runs out (none while a request is in progress).
    fn deadline(&self, limits: &Limits) -> Option<Instant> {
        let since = self.epoch + Duration::from_millis(self.since.load(Ordering::SeqCst));
        match self.phase.load(Ordering::SeqCst) {
            HEAD => Some(since + limits.header_timeout),
            IDLE => Some(since + limits.idle_timeout),
            _ => None,
        }
    }
}

/// The open connections, to find one to close when the limit is reached.
#[derive(Default)]
struct Registry {
    next: AtomicU64,
    open: Mutex<HashMap<u64, Arc<Conn>>>,
}

impl Registry {
    fn add(&self, epoch: Instant) -> (u64, Arc<Conn>) {
        let id = self.next.fetch_add(1, Ordering::Relaxed);
        let conn = Arc::new(Conn {
            phase: AtomicU8::new(HEAD),
            since: AtomicU64::new(epoch.elapsed().as_millis() as u64),
            epoch,
            evicting: std::sync::atomic::AtomicBool::new(false),
            evict: Notify::new(),
        });
        self.open
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(id, conn.clone());
        (id, conn)
    }

    fn remove(&self, id: u64) {
        self.open
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(&id);
    }

    /// Ask the connection waiting longest without a request in progress to close.
    fn evict_one(&self) -> bool {
        let open = self.open.lock().unwrap_or_else(|p| p.into_inner());
        let oldest = open
            .values()
            .filter(|c| {
                c.phase.load(Ordering::SeqCst) != BUSY && !c.evicting.load(Ordering::SeqCst)
            })
            .min_by_key(|c| c.since.load(Ordering::SeqCst));
        match oldest {
            Some(conn) => {
                conn.evicting.store(true, Ordering::SeqCst);
                // notify_one keeps the permit when the watchdog is not waiting right now.
                conn.evict.notify_one();
                true
            }
            None => false,
        }
    }
}

/// A socket that tells its [`Conn`] when bytes arrive.
struct Watched {
    stream: TcpStream,
    conn: Arc<Conn>,
}

impl AsyncRead for Watched {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let this = self.get_mut();
        let before = buf.filled().len();
        let result = Pin::new(&mut this.stream).poll_read(cx, buf);
        if buf.filled().len() > before {
            this.conn.on_read();
        }
        result
    }
}

impl AsyncWrite for Watched {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.get_mut().stream).poll_write(cx, buf)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.get_mut().stream).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }
}

/// The error a request body gives when it was not all received within `serving.body_timeout`
/// (the handlers answer 408).
#[derive(Debug)]
pub struct BodyTimeout(pub Duration);

impl std::fmt::Display for BodyTimeout {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the request body was not received within serving.body_timeout ({})",
            crate::units::HumanDuration(self.0)
        )
    }
}

impl std::error::Error for BodyTimeout {}

/// Whether `error` (or what caused it) is a [`BodyTimeout`].
pub fn is_body_timeout<'a>(
    error: &'a (dyn std::error::Error + 'static),
) -> Option<&'a BodyTimeout> {
    let mut current = Some(error);
    while let Some(e) = current {
        if let Some(timeout) = e.downcast_ref::<BodyTimeout>() {
            return Some(timeout);
        }
        current = e.source();
    }
    None
}

/// A request body that fails with [`BodyTimeout`] when it is not all in by its deadline.
struct TimedBody {
    inner: Incoming,
    timeout: Duration,
    deadline: Pin<Box<tokio::time::Sleep>>,
}

impl Body for TimedBody {
    type Data = Bytes;
    type Error = Box<dyn std::error::Error + Send + Sync>;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        let this = self.get_mut();
        if let Poll::Ready(frame) = Pin::new(&mut this.inner).poll_frame(cx) {
            return Poll::Ready(frame.map(|f| f.map_err(Into::into)));
        }
        if this.deadline.as_mut().poll(cx).is_ready() {
            return Poll::Ready(Some(Err(Box::new(BodyTimeout(this.timeout)))));
        }
        Poll::Pending
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

/// Serve `app` on `listener` until `shutdown` resolves, then until every connection is gone.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: Limits,
    state: Arc<AppState>,
    shutdown: impl Future<Output = ()>,
) {
    let max = limits.max_connections.clamp(1, Semaphore::MAX_PERMITS);
    let slots = Arc::new(Semaphore::new(max));
    let pending = Arc::new(AtomicUsize::new(0));
    let registry = Arc::new(Registry::default());
    let epoch = Instant::now();
    let (stop, stopped) = watch::channel(false);
    tokio::pin!(shutdown);
    loop {
        let (stream, _) = tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // EMFILE and friends: the connection waits in the backlog; do not spin.
                    tracing::warn!("accept: {e}");
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    continue;
                }
            },
        };
        let _ = stream.set_nodelay(true);
        let serve_one = {
            let (app, state, registry, stopped) = (
                app.clone(),
                state.clone(),
                registry.clone(),
                stopped.clone(),
            );
            move |stream, permit| {
                connection(stream, permit, app, limits, state, registry, epoch, stopped)
            }
        };
        match slots.clone().try_acquire_owned() {
            Ok(permit) => {
                tokio::spawn(serve_one(stream, permit));
            }
            Err(_) => {
                // Room among the waiting first: a newcomer that is shed anyway must not cost an
                // idle keep-alive client its connection.
                if pending.fetch_add(1, Ordering::SeqCst) >= PENDING {
                    pending.fetch_sub(1, Ordering::SeqCst);
                    state
                        .metrics
                        .connections_shed
                        .fetch_add(1, Ordering::Relaxed);
                    // No task for it: a best-effort answer and the socket closes.
                    let _ = stream.try_write(SHED_RESPONSE.as_bytes());
                    continue;
                }
                let evicted = registry.evict_one();
                let (slots, pending, state) = (slots.clone(), pending.clone(), state.clone());
                tokio::spawn(async move {
                    let permit = if evicted {
                        tokio::time::timeout(SLOT_WAIT, slots.acquire_owned())
                            .await
                            .ok()
                            .and_then(Result::ok)
                    } else {
                        None
                    };
                    match permit {
                        Some(permit) => {
                            pending.fetch_sub(1, Ordering::SeqCst);
                            serve_one(stream, permit).await;
                        }
                        None => {
                            state
                                .metrics
                                .connections_shed
                                .fetch_add(1, Ordering::Relaxed);
                            shed(stream).await;
                            pending.fetch_sub(1, Ordering::SeqCst);
                        }
                    }
                });
            }
        }
    }
    drop(listener);
    let _ = stop.send(true);
    // Every slot back: every connection has finished.
    let _ = slots.acquire_many(max as u32).await;
}

#[cfg(test)]
const SHED_BODY: &str =
    r#"{"error": "too many connections (serving.max_connections): retry shortly"}"#;
/// The answer of a connection beyond the limit (its length is checked by a test).
const SHED_RESPONSE: &str = "HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\n\
     retry-after: 1\r\nconnection: close\r\ncontent-length: 74\r\n\r\n\
     {\"error\": \"too many connections (serving.max_connections): retry shortly\"}";

/// Answer 503 without reading the request, then give the client a moment to read it (closing
/// with its request unread would reset the connection and lose the answer).
async fn shed(mut stream: TcpStream) {
    let _ = tokio::time::timeout(SHED_LINGER, async {
        stream.write_all(SHED_RESPONSE.as_bytes()).await?;
        stream.shutdown().await?;
        let mut sink = [0u8; 1024];
        while stream.read(&mut sink).await? > 0 {}
        Ok::<_, std::io::Error>(())
    })
    .await;
}

#[allow(clippy::too_many_arguments)]
async fn connection(
    stream: TcpStream,
    permit: tokio::sync::OwnedSemaphorePermit,
    app: Router,
    limits: Limits,
    state: Arc<AppState>,
    registry: Arc<Registry>,
    epoch: Instant,
    mut stopped: watch::Receiver<bool>,
) {
    let (id, conn) = registry.add(epoch);
    state
        .metrics
        .connections_open
        .fetch_add(1, Ordering::Relaxed);
    // Counted out however the task ends, a panicking handler included.
    let open = Open {
        id,
        registry: registry.clone(),
        state: state.clone(),
    };
    let io = TokioIo::new(Watched {
        stream,
        conn: conn.clone(),
    });
    let service = {
        let conn = conn.clone();
        hyper::service::service_fn(move |request: hyper::Request<Incoming>| {
            conn.enter(BUSY);
            let request = request.map(|inner| TimedBody {
                inner,
                timeout: limits.body_timeout,
                deadline: Box::pin(tokio::time::sleep(limits.body_timeout)),
            });
            let answer = app.clone().call(request);
            let conn = conn.clone();
            async move {
                let response = answer.await;
                conn.enter(IDLE);
                Ok::<_, Infallible>(response.unwrap_or_else(|never| match never {}))
            }
        })
    };
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder.keep_alive(true).header_read_timeout(None);
    let http = builder.serve_connection(io, service);
    tokio::pin!(http);
    let mut stopping = false;
    loop {
        let deadline = conn.deadline(&limits);
        tokio::select! {
            result = http.as_mut() => {
                if let Err(e) = result {
                    tracing::debug!("connection: {e}");
                }
                break;
            }
            () = sleep_until(deadline) => {
                let phase = conn.phase.load(Ordering::SeqCst);
                // The phase may have moved on since the deadline was computed.
                if conn.deadline(&limits).is_some_and(|d| d <= Instant::now()) {
                    let reason = if phase == HEAD { 0 } else { 1 };
                    state.metrics.connections_closed[reason].fetch_add(1, Ordering::Relaxed);
                    break;
                }
            }
            () = conn.evict.notified() => {
                if conn.phase.load(Ordering::SeqCst) != BUSY {
                    state.metrics.connections_closed[2].fetch_add(1, Ordering::Relaxed);
                    break;
                }
                // Busy after all: it may be picked again once idle.
                conn.evicting.store(false, Ordering::SeqCst);
            }
            _ = stopped.wait_for(|stop| *stop), if !stopping => {
                stopping = true;
                // Closes an idle connection at once; one in progress after its answer.
                http.as_mut().graceful_shutdown();
            }
        }
    }
    // Out of the registry before its slot is free (unwinding drops them in this order too).
    drop(open);
    drop(permit);
}

/// A connection in the registry and the open-connections gauge, until dropped.
struct Open {
    id: u64,
    registry: Arc<Registry>,
    state: Arc<AppState>,
}

impl Drop for Open {
    fn drop(&mut self) {
        self.registry.remove(self.id);
        self.state
            .metrics
            .connections_open
            .fetch_sub(1, Ordering::Relaxed);
    }
}

async fn sleep_until(deadline: Option<Instant>) {
    match deadline {
        Some(at) => tokio::time::sleep_until(at.into()).await,
        // A request in progress: look again later (its phase changes without waking us).
        None => tokio::time::sleep(Duration::from_millis(500)).await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shed_answer_is_well_formed() {
        let (head, body) = SHED_RESPONSE.split_once("\r\n\r\n").unwrap();
        assert_eq!(body, SHED_BODY);
        assert!(head.contains(&format!("content-length: {}", SHED_BODY.len())));
        assert!(head.starts_with("HTTP/1.1 503 "));
        assert!(head.contains("retry-after: 1"));
    }
}
