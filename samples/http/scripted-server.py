#!/usr/bin/env python3
"""A scripted HTTP(S) server for LabIngest's fetch tests (Tests/LabPipelineTests/HTTP). Listens on 127.0.0.1 only, on a free port it prints
as the first line of stdout, and stops by itself after --max-requests requests or --lifetime seconds.

The scenario (JSON) maps a path (no query) to a list of responses served in turn; the last one repeats:
  {"/results": [{"status": 500}, {"status": 200, "body_file": "x.xml", "headers": {"ETag": "\"v1\""}}]}
A response may have: status, headers (values may use {port}), body or body_file, delay (seconds before
answering), truncate (send only this many body bytes, then close, under the full Content-Length),
not_modified_etag (answer 304 when If-None-Match equals it), content_length (false: no length, close ends body).
Every request is appended to --log as one JSON line: method, path, query, headers, body.
"""
import argparse, json, os, signal, ssl, sys, threading, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def main():
    # The parent (a test runner thread) may have SIGTERM blocked, and a child inherits the mask: unblock it so
    # the test's terminate() ends this server at once rather than at --lifetime.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    ap = argparse.ArgumentParser()
    ap.add_argument("--scenario", required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--tls-cert")
    ap.add_argument("--tls-key")
    ap.add_argument("--max-requests", type=int, default=200)
    ap.add_argument("--lifetime", type=float, default=120)
    args = ap.parse_args()
    with open(args.scenario) as f:
        scenario = json.load(f)
    lock = threading.Lock()
    counters = {}
    total = [0]
    log = open(args.log, "a", buffering=1)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *a):
            pass

        def handle_any(self):
            path, _, query = self.path.partition("?")
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode("utf-8", "replace") if length else ""
            with lock:
                total[0] += 1
                n = counters.get(path, 0)
                counters[path] = n + 1
                log.write(json.dumps({"method": self.command, "path": path, "query": query,
                                      "headers": {k: v for k, v in self.headers.items()}, "body": body}) + "\n")
                if total[0] >= args.max_requests:
                    threading.Thread(target=server.shutdown, daemon=True).start()
            steps = scenario.get(path)
            if not steps:
                self.reply({"status": 404, "body": "no such path"})
                return
            self.reply(steps[min(n, len(steps) - 1)])

        do_GET = handle_any
        do_POST = handle_any

        def reply(self, step):
            time.sleep(step.get("delay", 0))
            port = self.server.server_address[1]
            etag = step.get("not_modified_etag")
            if etag and self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if "body_file" in step:
                with open(step["body_file"], "rb") as f:
                    data = f.read()
            else:
                data = step.get("body", "").encode()
            self.send_response(step.get("status", 200))
            for k, v in step.get("headers", {}).items():
                self.send_header(k, v.replace("{port}", str(port)))
            if step.get("content_length", True):
                self.send_header("Content-Length", str(len(data)))
            else:
                self.send_header("Connection", "close")
                self.close_connection = True
            self.end_headers()
            cut = step.get("truncate")
            if cut is not None:
                self.wfile.write(data[:cut])
                self.wfile.flush()
                self.close_connection = True
                return
            slow = step.get("slow")
            if slow:
                for i in range(0, len(data), 64):
                    self.wfile.write(data[i:i + 64])
                    self.wfile.flush()
                    time.sleep(slow)
            else:
                self.wfile.write(data)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    if args.tls_cert:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(args.tls_cert, args.tls_key)
        server.socket = ctx.wrap_socket(server.socket, server_side=True)
    print(server.server_address[1], flush=True)
    threading.Timer(args.lifetime, server.shutdown).start()
    server.serve_forever(poll_interval=0.1)
    os._exit(0)


if __name__ == "__main__":
    main()
