// @ts-check
// A TCP proxy on loopback that makes the server look far away: every chunk the client sends is
// forwarded `delayMs` later (a constant one-way delay, in order, bandwidth unlimited); answers
// come back at once. So each request → response exchange costs `delayMs` more, as a 100 ms round
// trip would; a PUT with `Expect: 100-continue` (aws-cli) waits twice (headers, then body), as it
// would on a real far link. Not modelled: the TCP handshake (the proxy accepts at once, so a new
// connection costs no extra round trip; all tools measured keep connections alive) and TLS.
import net from 'node:net';

/**
 * @param {string} upstream
 * @returns {Promise<{ endpoint: string, connections: () => number, close: () => Promise<void> }>}
 */
export async function startLatencyProxy(upstream, delayMs = 100) {
  const target = new URL(upstream);
  /** @type {Set<net.Socket>} */
  const sockets = new Set();
  let connections = 0;
  const server = net.createServer((client) => {
    connections++;
    const up = net.connect({ host: target.hostname, port: Number(target.port) });
    sockets.add(client);
    sockets.add(up);
    client.setNoDelay(true);
    up.setNoDelay(true);
    let due = 0; // when the previous chunk goes out: chunks never overtake each other
    let pending = 0;
    let ended = false;
    client.on('data', (/** @type {Buffer} */ chunk) => {
      due = Math.max(Date.now() + delayMs, due);
      pending++;
      setTimeout(() => {
        pending--;
        if (!up.destroyed) up.write(chunk);
        if (ended && pending === 0) up.end();
      }, due - Date.now());
    });
    client.on('end', () => {
      ended = true;
      if (pending === 0) up.end();
    });
    up.pipe(client);
    const done = () => {
      client.destroy();
      up.destroy();
      sockets.delete(client);
      sockets.delete(up);
    };
    client.on('error', done);
    up.on('error', done);
    client.on('close', done);
    up.on('close', () => (pending === 0 ? done() : setTimeout(done, delayMs * 2)));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const address = /** @type {net.AddressInfo} */ (server.address());
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    connections: () => connections,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
