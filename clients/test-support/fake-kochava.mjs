// A recording stand-in for Kochava's /track/json: answers 200 {"success":"1"} while up, 503 while failing.
import http from 'node:http';

/** Starts the fake on a free loopback port. `accepted` holds the bodies answered 200 (what Kochava took). */
export async function startFakeKochava() {
  const fake = {
    accepted: [],
    attempts: 0,
    failing: false,
    /** An app id Kochava answers 400 for (the gateway dead-letters its installs), or null. */
    rejectApp: null,
    url: '',
    close: () => new Promise((resolve) => server.close(resolve)),
  };
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      fake.attempts++;
      res.setHeader('Content-Type', 'application/json');
      if (fake.failing) {
        res.writeHead(503).end('{"success":"0","error":"down for the test"}');
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      if (fake.rejectApp && body.kochava_app_id === fake.rejectApp) {
        res.writeHead(400).end('{"success":"0","error":"app rejected for the test"}');
        return;
      }
      fake.accepted.push({ headers: req.headers, body });
      res.writeHead(200).end('{"success":"1"}');
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${server.address().port}/track/json`;
  return fake;
}
