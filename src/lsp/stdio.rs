//! Standard input for the server, checked message by message.
//!
//! tower-lsp-server answers a message that is not JSON (or not a JSON-RPC message) with an
//! error, but its framed reader then stops reading, so one bad message would end the server.
//! Here a thread reads the frames first: well-formed messages pass through unchanged, and a
//! malformed one is replaced by a request (with id `null`) to a method that answers with the
//! right JSON-RPC error, `-32700` (parse error) or `-32600` (invalid request), so the client
//! gets the error and the server goes on.

use std::io::{self, BufRead};
use std::pin::Pin;
use std::task::{Context, Poll};

use tokio::io::{AsyncRead, ReadBuf};
use tower_lsp_server::jsonrpc::{Request, Response};

/// Stands in for a message that is not JSON; answered with a parse error.
pub const MALFORMED_METHOD: &str = "$/coord/malformedMessage";
/// Stands in for JSON that is not a JSON-RPC message; answered with an invalid request error.
pub const INVALID_METHOD: &str = "$/coord/invalidMessage";

/// The largest message accepted (a whole plan file fits many times over).
const MAX_MESSAGE: usize = 256 * 1024 * 1024;

fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

fn stand_in(method: &str) -> Vec<u8> {
    frame(format!(r#"{{"jsonrpc":"2.0","method":"{method}","id":null}}"#).as_bytes())
}

/// Checks one message body: the frame to pass on.
pub fn check_body(body: &[u8]) -> Vec<u8> {
    match serde_json::from_slice::<serde_json::Value>(body) {
        Err(_) => stand_in(MALFORMED_METHOD),
        Ok(value) => {
            let is_message = serde_json::from_value::<Request>(value.clone()).is_ok()
                || serde_json::from_value::<Response>(value).is_ok();
            if is_message {
                frame(body)
            } else {
                stand_in(INVALID_METHOD)
            }
        }
    }
}

/// Reads framed messages from `input` and hands each checked frame to `send`, until the end of
/// the input or until `send` returns `false`.
pub fn pump(mut input: impl BufRead, mut send: impl FnMut(Vec<u8>) -> bool) {
    loop {
        // Headers, up to an empty line.
        let mut length: Option<Option<usize>> = None;
        let mut saw_header = false;
        loop {
            let mut line = Vec::new();
            match input.read_until(b'\n', &mut line) {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
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
            if let Some((name, value)) = text.split_once(':') {
                if name.trim().eq_ignore_ascii_case("content-length") {
                    length = Some(value.trim().parse().ok().filter(|&n| n <= MAX_MESSAGE));
                }
            }
        }
        let frame = match length {
            Some(Some(n)) => {
                let mut body = vec![0; n];
                if input.read_exact(&mut body).is_err() {
                    return;
                }
                check_body(&body)
            }
            // No usable length: the body cannot be found, so answer and read on.
            _ => stand_in(MALFORMED_METHOD),
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

    #[test]
    fn good_messages_pass_and_bad_ones_are_replaced() {
        let good = r#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#;
        let input = format!(
            "Content-Length: {}\r\n\r\n{good}Content-Length: 9\r\n\r\n{{not jsoncontent-length: 5\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n[1,2]\r\n\r\nX-Junk: 1\r\n\r\nContent-Length: {}\r\n\r\n{good}",
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
            out[1].ends_with(r#"{"jsonrpc":"2.0","method":"$/coord/malformedMessage","id":null}"#)
        );
        assert!(
            out[2].ends_with(r#"{"jsonrpc":"2.0","method":"$/coord/invalidMessage","id":null}"#)
        );
        assert!(out[3].contains(MALFORMED_METHOD), "no length");
        assert_eq!(out[4], out[0]);
    }

    #[test]
    fn a_truncated_message_ends_the_input() {
        assert!(run(b"Content-Length: 50\r\n\r\n{\"jsonrpc\"").is_empty());
        assert!(run(b"").is_empty());
    }
}
