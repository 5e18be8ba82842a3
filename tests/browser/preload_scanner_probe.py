#!/usr/bin/env python3
"""Probe: does Chromium fetch untagged tracker tags that JS neutralises first?

Serves a page whose <head> starts with a guard (a MutationObserver that turns
tracker <script src> into type="text/plain" and moves tracker <img src> to
data-src), followed by a tracker script and pixel on `tracker.test` (mapped to
this server with --host-resolver-rules). Three guard placements: inline,
external (fast), external (1 s late). Prints every request the server saw.

Finding (Chromium 156, 2026-11-23): all three placements still request
tracker.test/t.js and tracker.test/p.gif: the HTML preload scanner fetches
them before any script can change them. Blocking *static* untagged markup with
zero requests therefore needs the server rewriter (consentry-server) or tagged
markup; the browser runtime alone can only stop dynamically inserted elements.

Run: python3 tests/browser/preload_scanner_probe.py
"""
import http.server, subprocess, sys, threading, tempfile

GUARD = """new MutationObserver(function(ms){ms.forEach(function(m){m.addedNodes.forEach(function(n){
 if(n.tagName==='SCRIPT'&&n.src&&n.src.indexOf('tracker.test')>=0){n.type='text/plain';}
 if(n.tagName==='IMG'&&n.src&&n.src.indexOf('tracker.test')>=0){n.setAttribute('data-src',n.getAttribute('src'));n.removeAttribute('src');}
});});}).observe(document.documentElement,{childList:true,subtree:true});"""
SEEN = []


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def reply(self, ctype, body):
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.end_headers()
        try:
            self.wfile.write(body.encode())
        except BrokenPipeError:
            pass  # Chromium drops the preload once the guard neutralised the tag

    def do_GET(self):
        host = self.headers.get("Host", "")
        SEEN.append(f"{host}{self.path}")
        if "tracker.test" in host:
            return self.reply("application/javascript", "window.TRACKED=1")
        if self.path.startswith("/guard.js"):
            if "slow" in self.path:
                threading.Event().wait(1.0)
            return self.reply("application/javascript", GUARD)
        mode = self.path.strip("/")
        guard = f"<script>{GUARD}</script>" if mode == "inline" else f'<script src="/guard.js?{mode}"></script>'
        port = self.server.server_address[1]
        self.reply("text/html", f"""<!doctype html><html><head>{guard}
<script src="http://tracker.test:{port}/t.js?{mode}"></script></head>
<body><p>hi</p><img src="http://tracker.test:{port}/p.gif?{mode}"></body></html>""")


def main():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    port = server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    leaked = False
    for mode in ["inline", "fast", "slow"]:
        SEEN.clear()
        with tempfile.TemporaryDirectory() as profile:
            subprocess.run(
                ["chromium", "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", f"--user-data-dir={profile}",
                 f"--host-resolver-rules=MAP tracker.test 127.0.0.1:{port}",
                 "--virtual-time-budget=3000", "--dump-dom", f"http://127.0.0.1:{port}/{mode}"],
                capture_output=True, timeout=60)
        hits = [s for s in SEEN if s.startswith("tracker.test")]
        leaked |= bool(hits)
        print(f"{mode:>6}: tracker requests: {hits or 'none'}")
    server.shutdown()
    sys.exit(0 if leaked else 1)  # exit 1 the day Chromium stops preloading them


if __name__ == "__main__":
    main()
