// A recording pass-through in front of the gateway: the clients talk to it, it forwards every request
// unchanged (method, path, headers, body) and answers with the gateway's answer. Lets a test see what a
// client sent, and that it sent nothing at all.
import http from 'node:http';

/** Starts a tap forwarding to `target` (http://host:port). `requests` holds {method, path, headers, body, status}. */
export async function startTap(target) {
  const upstream = new URL(target);
  const tap = {
    requests: [],
    url: '',
    clear() {
      tap.requests.length = 0;
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const seen = { method: req.method, path: req.url, headers: req.headers, body: body.toString('utf8'), status: 0 };
      tap.requests.push(seen);
      const forward = http.request(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
        (answer) => {
          seen.status = answer.statusCode;
          res.writeHead(answer.statusCode, answer.headers);
          answer.pipe(res);
        },
      );
      forward.on('error', (error) => res.writeHead(502).end(JSON.stringify({ error: { message: String(error) } })));
      forward.end(body);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  tap.url = `http://127.0.0.1:${server.address().port}`;
  return tap;
}

/** A loopback URL nothing listens on: connections to it are refused. */
export async function refusedUrl() {
  const server = http.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

/** Resolves once `condition()` holds, checking every 20 ms; rejects after `ms`. */
export async function eventually(what, condition, ms = 15000) {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
