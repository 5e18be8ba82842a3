// One logging HTTP proxy for every browser engine, so that "zero requests to
// tracker hosts" means the same in Chromium, Firefox and WebKit: plain
// requests in proxy form go to the first-party server, CONNECT tunnels to a
// known third-party host go to the fake TLS server (which logs each request
// by Host), and every other host is refused, as an unresolvable name would be.
import http from 'node:http';
import net from 'node:net';

/**
 * Starts the proxy on a free port. `site(host)` says whether a host is the
 * first-party site (served over plain HTTP by `firstParty`); `third(host)`
 * whether it is a fake third party (served over TLS on `tlsPort`).
 * Returns the server; `server.address().port` is the proxy's port and
 * `server.closeTunnels()` ends every CONNECT tunnel.
 */
export function startProxy({ site, third, firstParty, tlsPort }) {
  // A CONNECT socket leaves the HTTP server's books, so closeAllConnections()
  // misses it; a browser that hangs keeps its half of a tunnel open and with it
  // the test file's process (a CI run once waited on one until its deadline).
  const tunnels = new Set();
  const server = http.createServer((req, res) => {
    let u;
    try { u = new URL(req.url); } catch { res.writeHead(400).end(); return; }
    if (!site(u.hostname)) { res.writeHead(502, { 'Content-Type': 'text/plain' }).end('no such host'); return; }
    // The origin server sees what it would without a proxy: a path and a Host.
    req.url = u.pathname + u.search;
    req.headers.host = u.host;
    firstParty(req, res);
  });
  server.on('connect', (req, socket, head) => {
    if (process.env.PROXY_DEBUG) console.error('CONNECT', req.url);
    tunnels.add(socket);
    socket.on('close', () => tunnels.delete(socket));
    const [host] = String(req.url).split(':');
    if (!third(host.toLowerCase())) { socket.end('HTTP/1.1 502 Bad Gateway\r\n\r\n'); return; }
    const up = net.connect(tlsPort, '127.0.0.1', () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head && head.length) up.write(head);
      up.pipe(socket);
      socket.pipe(up);
    });
    tunnels.add(up);
    up.on('close', () => tunnels.delete(up));
    const close = () => { up.destroy(); socket.destroy(); };
    for (const ev of ['error', 'close']) { up.on(ev, close); socket.on(ev, close); }
  });
  server.closeTunnels = () => { for (const s of [...tunnels]) s.destroy(); };
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}
