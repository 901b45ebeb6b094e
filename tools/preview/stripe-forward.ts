/**
 * With `STRIPE_SECRET_KEY` set, the preview's callouts go to Stripe's API (test mode) instead of the local Stripe.
 * The Named Credential `Stripe` (`callout:Stripe/v1/…`) becomes https://api.stripe.com/v1/… and the key the
 * `Authorization: Bearer` header, as the External Credential adds it in an org. Apex callouts are synchronous and
 * so is the local org's callout handler: the request runs in a child Node process (fetch), and this waits for it.
 * Not run by the tests (no network, no key here); the key goes to the child in its environment, never in argv.
 */
import { execFileSync } from 'node:child_process';

interface Request {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

const CHILD = `
let input = '';
process.stdin.on('data', (c) => (input += c));
process.stdin.on('end', async () => {
  const r = JSON.parse(input);
  try {
    const res = await fetch(r.url, { method: r.method, headers: r.headers, body: r.method === 'GET' || r.method === 'DELETE' ? undefined : r.body });
    const headers = {};
    res.headers.forEach((v, k) => (headers[k] = v));
    process.stdout.write(JSON.stringify({ statusCode: res.status, headers, body: await res.text() }));
  } catch (e) {
    process.stdout.write(JSON.stringify({ error: String(e && e.message || e) }));
  }
});`;

export function forwardToStripe(
  request: Request,
  secretKey: string,
): { statusCode: number; headers?: Record<string, string>; body?: string } {
  const url = request.url.replace(/^callout:Stripe(?=\/)/, 'https://api.stripe.com');
  if (!url.startsWith('https://api.stripe.com/')) {
    throw new Error(`The preview only calls Stripe's API (not ${request.url})`);
  }
  const headers = { ...request.headers, Authorization: `Bearer ${secretKey}` };
  const output = execFileSync(process.execPath, ['-e', CHILD], {
    input: JSON.stringify({ method: request.method, url, headers, body: request.body }),
    env: { PATH: process.env.PATH ?? '' },
    timeout: 120_000,
    maxBuffer: 64 * 1024 * 1024,
  }).toString('utf8');
  const answer = JSON.parse(output) as {
    statusCode: number;
    headers?: Record<string, string>;
    body?: string;
    error?: string;
  };
  if (answer.error) throw new Error(`Stripe could not be reached: ${answer.error}`);
  return answer;
}
