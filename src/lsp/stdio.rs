//! Standard input and output for the server, checked message by message.
//!
//! tower-lsp-server answers a message that is not JSON (or not a JSON-RPC message) with an
//! error, but its framed reader then stops reading, so one bad message would end the server.
//! Here a thread reads the frames first: well-formed messages pass through unchanged, and a
//! malformed one is replaced by a request to a method that answers with the right JSON-RPC
//! error, `-32700` (parse error) or `-32600` (invalid request), so the client gets the error
//! and the server goes on.
//!
//! Each stand-in request has an id of its own (tower-lsp-server refuses a request whose id is
//! still pending, so two bad messages in a row would otherwise get the wrong error), and
//! [`CheckedOutput`] turns that id back into `null` in the answer, as JSON-RPC asks for an
//! error about a message whose id could not be read.
//!
//! The reader never trusts the input with memory: a header line is kept to its last
//! [`MAX_HEADER_LINE`] bytes, and a body is read as it comes rather than allocated at the
//! declared length. After a frame whose length was wrong or missing, the next
//! `Content-Length` header is found again even when it is glued to the end of the garbage, so
//! the messages after a broken one are served.
//!
//! [`Prepared`] frames: the server writes its largest messages (diagnostics) itself, straight
//! from its own values, instead of through `serde_json::Value` as tower-lsp-server would; it
//! sends a small placeholder notification through tower-lsp-server in their place, so that they
//! keep their order among the other messages, and [`CheckedOutput`] puts the prepared frame in
//! place of the placeholder.

use std::io::{self, BufRead, Read};
use std::pin::Pin;
use std::task::{Context, Poll};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tower_lsp_server::jsonrpc::{Request, Response};

/// Stands in for a message that is not JSON; answered with a parse error.
pub const MALFORMED_METHOD: &str = "$/coord/malformedMessage";
/// Stands in for JSON that is not a JSON-RPC message; answered with an invalid request error.
pub const INVALID_METHOD: &str = "$/coord/invalidMessage";
/// The start of the id of a stand-in request (followed by a number), which the answer
/// carries as `null`.
const STAND_IN_ID: &str = "$/coord/standIn/";

/// The largest message accepted (a whole plan file fits many times over).
const MAX_MESSAGE: usize = 256 * 1024 * 1024;
/// The most of one header line that is kept; the rest (of a line that is no header anyway) is
/// skipped.
pub const MAX_HEADER_LINE: usize = 64 * 1024;

fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

fn stand_in(method: &str, n: u64) -> Vec<u8> {
    frame(format!(r#"{{"jsonrpc":"2.0","method":"{method}","id":"{STAND_IN_ID}{n}"}}"#).as_bytes())
}

/// What a body is.
enum Checked {
    Message,
    NotJson,
    NotJsonRpc,
}

fn check(body: &[u8]) -> Checked {
    match serde_json::from_slice::<serde_json::Value>(body) {
        Err(_) => Checked::NotJson,
        Ok(value) => {
            let is_message = serde_json::from_value::<Request>(value.clone()).is_ok()
                || serde_json::from_value::<Response>(value).is_ok();
            if is_message {
                Checked::Message
            } else {
                Checked::NotJsonRpc
            }
        }
    }
}

/// Reads one line (up to and including `\n`), keeping at most its last [`MAX_HEADER_LINE`]
/// bytes. `None` at the end of the input; the number of bytes skipped comes with the line.
fn read_line_capped(input: &mut impl BufRead) -> Option<(Vec<u8>, usize)> {
    let mut line = Vec::new();
    let mut skipped = 0;
    loop {
        let chunk = match input.fill_buf() {
            Ok([]) => return None,
            Ok(chunk) => chunk,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(_) => return None,
        };
        let (take, done) = match chunk.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (chunk.len(), false),
        };
        line.extend_from_slice(&chunk[..take]);
        input.consume(take);
        if line.len() > 2 * MAX_HEADER_LINE {
            let cut = line.len() - MAX_HEADER_LINE;
            line.drain(..cut);
            skipped += cut;
        }
        if done {
            if line.len() > MAX_HEADER_LINE {
                let cut = line.len() - MAX_HEADER_LINE;
                line.drain(..cut);
                skipped += cut;
            }
            return Some((line, skipped));
        }
    }
}

/// The value of a `Content-Length` header in `line`: at its start, or after garbage glued to
/// it (the rest of a broken message); with the number of bytes of garbage before it.
fn content_length(line: &str) -> Option<(&str, usize)> {
    const NAME: &str = "content-length:";
    let lower = line.to_ascii_lowercase();
    let at = lower.rfind(NAME)?;
    let garbage = if lower[..at].trim().is_empty() { 0 } else { at };
    Some((&line[at + NAME.len()..], garbage))
}

/// Whether `line` looks like a header, `Name: value`.
fn is_header(line: &str) -> bool {
    line.split_once(':').is_some_and(|(name, _)| {
        !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    })
}

/// Writes what the reader skipped to standard error (the editor's log of the server).
fn log(message: std::fmt::Arguments) {
    eprintln!("coord lsp: {message}");
}

/// Reads framed messages from `input` and hands each checked frame to `send`, until the end of
/// the input or until `send` returns `false`.
pub fn pump(mut input: impl BufRead, mut send: impl FnMut(Vec<u8>) -> bool) {
    let mut stand_ins = 0u64;
    let mut stand_in_for = |method: &str| {
        stand_ins += 1;
        stand_in(method, stand_ins)
    };
    loop {
        // Headers, up to an empty line.
        let mut length: Option<Option<usize>> = None;
        let mut saw_header = false;
        loop {
            let Some((line, skipped)) = read_line_capped(&mut input) else {
                return;
            };
            if skipped > 0 {
                log(format_args!(
                    "skipped {skipped} bytes of a line too long to be a header"
                ));
            }
            let text = String::from_utf8_lossy(&line);
            let text = text.trim();
            if text.is_empty() {
                if saw_header {
                    break;
                }
                continue; // blank lines between messages
            }
            saw_header = true;
            if let Some((value, garbage)) = content_length(text) {
                if garbage > 0 {
                    log(format_args!(
                        "skipped {garbage} bytes that are not a message"
                    ));
                }
                let value = value.trim();
                length = Some(match value.parse::<u64>() {
                    Ok(n) if n <= MAX_MESSAGE as u64 => Some(n as usize),
                    Ok(n) => {
                        log(format_args!(
                            "ignored a message of {n} bytes: the most the server reads is {MAX_MESSAGE}"
                        ));
                        None
                    }
                    Err(_) => {
                        log(format_args!(
                            "ignored a message whose Content-Length {value:?} is not a number of bytes"
                        ));
                        None
                    }
                });
            } else if !is_header(text) {
                log(format_args!(
                    "skipped {} bytes that are not a header",
                    line.len() + skipped
                ));
            }
        }
        let frame = match length {
            Some(Some(n)) => {
                // Read as it comes: a declared length is no reason to allocate it.
                let mut body = Vec::new();
                match (&mut input).take(n as u64).read_to_end(&mut body) {
                    Ok(got) if got == n => {}
                    _ => return, // the input ended inside the body
                }
                match check(&body) {
                    Checked::Message => self::frame(&body),
                    Checked::NotJson => stand_in_for(MALFORMED_METHOD),
                    Checked::NotJsonRpc => stand_in_for(INVALID_METHOD),
                }
            }
            // No usable length: the body cannot be found, so answer and read on.
            _ => {
                if length.is_none() {
                    log(format_args!("a message without a Content-Length header"));
                }
                stand_in_for(MALFORMED_METHOD)
            }
        };
        if !send(frame) {
            return;
        }
    }
}

/// An `AsyncRead` over checked frames coming from a thread.
pub struct CheckedInput {
    rx: tokio::sync::mpsc::Receiver<Vec<u8>>,
    buf: Vec<u8>,
    pos: usize,
}

impl AsyncRead for CheckedInput {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        out: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        loop {
            if self.pos < self.buf.len() {
                let n = out.remaining().min(self.buf.len() - self.pos);
                let start = self.pos;
                out.put_slice(&self.buf[start..start + n]);
                self.pos += n;
                return Poll::Ready(Ok(()));
            }
            match self.rx.poll_recv(cx) {
                Poll::Ready(Some(chunk)) => {
                    self.buf = chunk;
                    self.pos = 0;
                }
                Poll::Ready(None) => return Poll::Ready(Ok(())), // end of input
                Poll::Pending => return Poll::Pending,
            }
        }
    }
}

/// Standard input, checked by a reader thread.
pub fn checked_stdin() -> CheckedInput {
    let (tx, rx) = tokio::sync::mpsc::channel::<Vec<u8>>(64);
    std::thread::spawn(move || {
        let stdin = io::stdin();
        pump(stdin.lock(), |frame| tx.blocking_send(frame).is_ok());
    });
    CheckedInput {
        rx,
        buf: Vec::new(),
        pos: 0,
    }
}

/// The answer to a stand-in request with its id made `null`; `None` for any other frame
/// (passed on unchanged). Such an answer is a short error, so long frames are not searched.
pub fn restore_id(frame: &[u8]) -> Option<Vec<u8>> {
    let marker = format!("\"{STAND_IN_ID}");
    if frame.len() > 4096 {
        return None;
    }
    let body_at = frame.windows(4).position(|w| w == b"\r\n\r\n")? + 4;
    let body = &frame[body_at..];
    if !body.windows(marker.len()).any(|w| w == marker.as_bytes()) {
        return None;
    }
    let mut value = serde_json::from_slice::<serde_json::Value>(body).ok()?;
    let is_answer = value.get("method").is_none()
        && value
            .get("id")
            .and_then(|id| id.as_str())
            .is_some_and(|id| id.starts_with(STAND_IN_ID));
    if !is_answer {
        return None;
    }
    value["id"] = serde_json::Value::Null;
    Some(self::frame(value.to_string().as_bytes()))
}

/// The method of the placeholder notification that stands for a [`Prepared`] frame; its params
/// are `{"ticket": N}`. It never reaches the client.
pub const PREPARED_METHOD: &str = "$/coord/prepared";

/// The params of a [`PREPARED_METHOD`] placeholder.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct Ticket {
    pub ticket: u64,
}

/// The placeholder notification, for `Client::send_notification`.
pub enum PreparedNotification {}

impl tower_lsp_server::ls_types::notification::Notification for PreparedNotification {
    type Params = Ticket;
    const METHOD: &'static str = PREPARED_METHOD;
}

/// Message bodies the server serialized itself, each waiting for its placeholder to reach
/// [`CheckedOutput`].
#[derive(Default)]
pub struct Prepared {
    bodies: std::sync::Mutex<std::collections::HashMap<u64, Vec<u8>>>,
    next: std::sync::atomic::AtomicU64,
}

impl Prepared {
    /// Keeps a message body; returns the ticket its placeholder carries.
    pub fn put(&self, body: Vec<u8>) -> Ticket {
        let ticket = self.next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        self.bodies
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(ticket, body);
        Ticket { ticket }
    }

    /// The frame a placeholder frame stands for: `None` when `frame` is no placeholder,
    /// `Some(None)` for a placeholder whose body is unknown (it is dropped).
    fn frame_for(&self, frame: &[u8]) -> Option<Option<Vec<u8>>> {
        if frame.len() > 512 {
            return None;
        }
        let marker = PREPARED_METHOD.as_bytes();
        if !frame.windows(marker.len()).any(|w| w == marker) {
            return None;
        }
        let body_at = frame.windows(4).position(|w| w == b"\r\n\r\n")? + 4;
        let value: serde_json::Value = serde_json::from_slice(&frame[body_at..]).ok()?;
        if value.get("method").and_then(|m| m.as_str()) != Some(PREPARED_METHOD) {
            return None;
        }
        let ticket = value.get("params")?.get("ticket")?.as_u64()?;
        let body = self
            .bodies
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .remove(&ticket);
        Some(body.map(|b| self::frame(&b)))
    }
}

/// Standard output (or any writer) with the answers to stand-in requests given back their
/// `null` id. Frames are passed on whole, in order; placeholders are replaced by their
/// [`Prepared`] frames.
pub struct CheckedOutput<W> {
    inner: W,
    /// Where the bodies of placeholder frames are, when the server prepares frames.
    prepared: Option<std::sync::Arc<Prepared>>,
    /// Bytes received, up to the end of the last complete frame.
    incoming: Vec<u8>,
    /// Bytes ready for `inner`, from `written` on.
    outgoing: Vec<u8>,
    written: usize,
}

/// The output is not written through while this much waits for the client to read it.
const OUTPUT_BACKLOG: usize = 4 * 1024 * 1024;

impl<W> CheckedOutput<W> {
    pub fn new(inner: W) -> Self {
        CheckedOutput {
            inner,
            prepared: None,
            incoming: Vec::new(),
            outgoing: Vec::new(),
            written: 0,
        }
    }

    /// Puts [`Prepared`] frames in place of their placeholders.
    pub fn with_prepared(mut self, prepared: std::sync::Arc<Prepared>) -> Self {
        self.prepared = Some(prepared);
        self
    }

    /// Moves every complete frame of `incoming` to `outgoing`.
    fn take_frames(&mut self) {
        let mut at = 0;
        while let Some(len) = frame_end(&self.incoming[at..]) {
            let frame = &self.incoming[at..at + len];
            if let Some(prepared) = self.prepared.as_ref().and_then(|p| p.frame_for(frame)) {
                self.outgoing.extend(prepared.unwrap_or_default());
                at += len;
                continue;
            }
            match restore_id(frame) {
                Some(restored) => self.outgoing.extend(restored),
                None => self.outgoing.extend_from_slice(frame),
            }
            at += len;
        }
        self.incoming.drain(..at);
    }
}

/// The length of the first frame in `buf` when all of it is there.
fn frame_end(buf: &[u8]) -> Option<usize> {
    let head = buf.windows(4).position(|w| w == b"\r\n\r\n")?;
    let headers = std::str::from_utf8(&buf[..head]).ok();
    let length = headers
        .and_then(|h| {
            h.split("\r\n").find_map(|line| {
                let (name, value) = line.split_once(':')?;
                name.trim()
                    .eq_ignore_ascii_case("content-length")
                    .then(|| value.trim().parse::<usize>().ok())?
            })
        })
        // Not a frame as the server writes them: pass the bytes on as they are.
        .unwrap_or(buf.len() - head - 4);
    let end = head + 4 + length;
    (end <= buf.len()).then_some(end)
}

impl<W: AsyncWrite + Unpin> CheckedOutput<W> {
    /// Writes `outgoing` to `inner`.
    fn poll_drain(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while self.written < self.outgoing.len() {
            let n = std::task::ready!(
                Pin::new(&mut self.inner).poll_write(cx, &self.outgoing[self.written..])
            )?;
            if n == 0 {
                return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
            }
            self.written += n;
        }
        self.outgoing.clear();
        self.written = 0;
        Poll::Ready(Ok(()))
    }
}

impl<W: AsyncWrite + Unpin> AsyncWrite for CheckedOutput<W> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = &mut *self;
        if let Poll::Ready(Err(e)) = this.poll_drain(cx) {
            return Poll::Ready(Err(e));
        }
        if this.outgoing.len() - this.written > OUTPUT_BACKLOG {
            return Poll::Pending; // woken when `inner` can take more
        }
        this.incoming.extend_from_slice(buf);
        this.take_frames();
        Poll::Ready(Ok(buf.len()))
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = &mut *self;
        std::task::ready!(this.poll_drain(cx))?;
        Pin::new(&mut this.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = &mut *self;
        // A partial frame left at the end is passed on as it is.
        let rest = std::mem::take(&mut this.incoming);
        this.outgoing.extend(rest);
        std::task::ready!(this.poll_drain(cx))?;
        Pin::new(&mut this.inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(input: &[u8]) -> Vec<String> {
        let mut out = Vec::new();
        pump(input, |f| {
            out.push(String::from_utf8(f).unwrap());
            true
        });
        out
    }

    fn stand_in_body(method: &str, n: u64) -> String {
        format!(r#"{{"jsonrpc":"2.0","method":"{method}","id":"$/coord/standIn/{n}"}}"#)
    }

    #[test]
    fn good_messages_pass_and_bad_ones_are_replaced() {
        let good = r#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#;
        let input = format!(
            "Content-Length: {}\r\n\r\n{good}Content-Length: 9\r\n\r\n{{not json\r\ncontent-length: 5\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n[1,2]\r\n\r\nX-Junk: 1\r\n\r\nContent-Length: {}\r\n\r\n{good}",
            good.len(),
            good.len()
        );
        let out = run(input.as_bytes());
        assert_eq!(out.len(), 5, "{out:?}");
        assert_eq!(
            out[0],
            format!("Content-Length: {}\r\n\r\n{good}", good.len())
        );
        assert!(
            out[1].ends_with(&stand_in_body(MALFORMED_METHOD, 1)),
            "{}",
            out[1]
        );
        assert!(
            out[2].ends_with(&stand_in_body(INVALID_METHOD, 2)),
            "{}",
            out[2]
        );
        assert!(
            out[3].ends_with(&stand_in_body(MALFORMED_METHOD, 3)),
            "no length"
        );
        assert_eq!(out[4], out[0]);
    }

    #[test]
    fn a_truncated_message_ends_the_input() {
        assert!(run(b"Content-Length: 50\r\n\r\n{\"jsonrpc\"").is_empty());
        assert!(run(b"Content-Len").is_empty());
        assert!(run(b"").is_empty());
    }

    #[test]
    fn the_next_header_is_found_after_a_wrong_length() {
        let good = r#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#;
        let framed = format!("Content-Length: {}\r\n\r\n{good}", good.len());
        // Too short: the rest of the body runs into the next header.
        let short = format!("Content-Length: {}\r\n\r\n{good}{framed}", good.len() - 5);
        let out = run(short.as_bytes());
        assert_eq!(out.len(), 2, "{out:?}");
        assert!(out[0].contains(MALFORMED_METHOD));
        assert_eq!(out[1], framed);
        // Too long: the next message is lost, the one after it is found.
        let long = format!(
            "Content-Length: {}\r\n\r\n{good}{framed}{framed}",
            good.len() + 30
        );
        let out = run(long.as_bytes());
        assert_eq!(out.len(), 2, "{out:?}");
        assert!(out[0].contains(MALFORMED_METHOD));
        assert_eq!(out[1], framed);
        // No length at all, and an absurd one.
        for bad in [
            "Content-Type: x\r\n\r\n",
            "Content-Length: 99999999999\r\n\r\n",
        ] {
            let input = format!("{bad}{good}{framed}");
            let out = run(input.as_bytes());
            assert_eq!(out.len(), 2, "{out:?}");
            assert!(out[0].contains(MALFORMED_METHOD));
            assert_eq!(out[1], framed);
        }
    }

    #[test]
    fn a_long_line_keeps_only_its_end() {
        let mut input = vec![b'x'; 5 * MAX_HEADER_LINE + 17];
        input.extend_from_slice(b"Content-Length: 2\r\n");
        let mut reader = &input[..];
        let (line, skipped) = read_line_capped(&mut reader).unwrap();
        assert_eq!(line.len(), MAX_HEADER_LINE);
        assert_eq!(line.len() + skipped, input.len());
        assert!(line.ends_with(b"Content-Length: 2\r\n"));
        assert!(read_line_capped(&mut reader).is_none());
    }

    #[test]
    fn answers_to_stand_ins_get_their_null_id_back() {
        let answer = br#"{"jsonrpc":"2.0","error":{"code":-32700,"message":"Parse error"},"id":"$/coord/standIn/7"}"#;
        let restored = restore_id(&frame(answer)).unwrap();
        let expected =
            br#"{"error":{"code":-32700,"message":"Parse error"},"id":null,"jsonrpc":"2.0"}"#;
        assert_eq!(
            serde_json::from_slice::<serde_json::Value>(
                &restored[restored.len() - expected.len()..]
            )
            .unwrap(),
            serde_json::from_slice::<serde_json::Value>(expected).unwrap()
        );
        let other = frame(br#"{"jsonrpc":"2.0","result":"$/coord/standIn/7","id":3}"#);
        assert_eq!(restore_id(&other), None);

        // Through the writer, in pieces: whole frames come out, in order.
        let mut out = CheckedOutput::new(Vec::new());
        let input = [
            frame(b"{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":null}"),
            frame(answer),
            other.clone(),
        ]
        .concat();
        let waker = std::task::Waker::noop();
        let mut cx = Context::from_waker(waker);
        for piece in input.chunks(7) {
            let n = Pin::new(&mut out).poll_write(&mut cx, piece);
            assert!(matches!(n, Poll::Ready(Ok(7)) | Poll::Ready(Ok(_))));
        }
        assert!(Pin::new(&mut out).poll_flush(&mut cx).is_ready());
        let written = String::from_utf8(out.inner.clone()).unwrap();
        assert!(written.starts_with("Content-Length: 38\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":null}Content-Length: "));
        assert!(written.contains(r#""id":null"#), "{written}");
        assert!(!written.contains("standIn/7\"}"), "{written}");
        assert!(written.ends_with(std::str::from_utf8(&other).unwrap()));
    }

    #[test]
    fn placeholders_are_replaced_by_their_prepared_frames_in_order() {
        let prepared = std::sync::Arc::new(Prepared::default());
        let big = format!(
            r#"{{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{{"uri":"file:///a.plan","diagnostics":[],"pad":"{}"}}}}"#,
            "x".repeat(10_000)
        );
        let placeholder = |ticket: Ticket| {
            let body =
                serde_json::json!({"jsonrpc": "2.0", "method": PREPARED_METHOD, "params": ticket});
            frame(body.to_string().as_bytes())
        };
        let first = placeholder(prepared.put(big.clone().into_bytes()));
        let unknown = placeholder(Ticket { ticket: 999 });
        let before = frame(br#"{"jsonrpc":"2.0","id":1,"result":null}"#);
        let after = frame(br#"{"jsonrpc":"2.0","method":"window/logMessage","params":{"type":4,"message":"$/coord/prepared"}}"#);
        let mut out = CheckedOutput::new(Vec::new()).with_prepared(prepared.clone());
        let input = [before.clone(), first, unknown, after.clone()].concat();
        let waker = std::task::Waker::noop();
        let mut cx = Context::from_waker(waker);
        for piece in input.chunks(5) {
            assert!(Pin::new(&mut out).poll_write(&mut cx, piece).is_ready());
        }
        assert!(Pin::new(&mut out).poll_flush(&mut cx).is_ready());
        // The prepared frame where its placeholder was, a placeholder without one dropped,
        // and a message that only mentions the method passed on as it is.
        assert_eq!(out.inner, [before, frame(big.as_bytes()), after].concat());
        assert!(prepared.bodies.lock().unwrap().is_empty());
    }
}
