import { createHmac, timingSafeEqual } from 'node:crypto';
import { PermissionError } from '../errors.js';

/**
 * Webhook signatures, each as its product documents it. A delivery that fails is refused with a
 * `PermissionError` (the server answers 401) and never triggers a pull.
 */

/** How old a Zendesk signature timestamp may be: older deliveries are replays. */
export const zendeskTolerance = 5 * 60_000;

/**
 * Zendesk: `X-Zendesk-Webhook-Signature` is base64(HMAC-SHA256(secret, timestamp + body)), the timestamp
 * being `X-Zendesk-Webhook-Signature-Timestamp`.
 */
export function verifyZendesk(options: { headers: Headers; body: string; secret: string; now: Date }): void {
  const signature = options.headers.get('x-zendesk-webhook-signature');
  const timestamp = options.headers.get('x-zendesk-webhook-signature-timestamp');
  if (!signature || !timestamp) {
    throw new PermissionError('missing X-Zendesk-Webhook-Signature or X-Zendesk-Webhook-Signature-Timestamp');
  }
  const expected = createHmac('sha256', options.secret)
    .update(timestamp + options.body)
    .digest('base64');
  if (!sameText(signature, expected)) throw new PermissionError('the webhook signature does not match');
  const sent = Date.parse(timestamp);
  if (Number.isNaN(sent) || Math.abs(options.now.getTime() - sent) > zendeskTolerance) {
    throw new PermissionError('the webhook signature timestamp is too old (a replayed delivery?)');
  }
}

/** Intercom: `X-Hub-Signature` is `sha1=` and the hex HMAC-SHA1 of the body, keyed with the app's client secret. */
export function verifyIntercom(options: { headers: Headers; body: string; secret: string }): void {
  const signature = options.headers.get('x-hub-signature');
  if (!signature) throw new PermissionError('missing X-Hub-Signature');
  const expected = `sha1=${createHmac('sha1', options.secret).update(options.body).digest('hex')}`;
  if (!sameText(signature, expected)) throw new PermissionError('the webhook signature does not match');
}

function sameText(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
