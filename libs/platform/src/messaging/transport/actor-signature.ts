import { createHmac, timingSafeEqual } from 'node:crypto';
import { DomainError, Headers } from '@duban/contracts';
import type { MsgHdrs } from 'nats';

/**
 * How far a signature's time may lie from the receiver's clock, either way. It bounds how long a request
 * captured on the bus can be replayed; the machines' clocks must agree within it (NTP).
 */
export const RPC_SIGNATURE_MAX_AGE_MS = 60_000;

const VERSION = 'v1';

/** What the service answers to a request whose actor is not vouched for: it never reaches the handler. */
export class UnsignedActorError extends DomainError {
  constructor(readonly reason: string) {
    super('forbidden', '请求的用户身份未通过服务间签名校验，已拒绝');
  }
}

/**
 * The actor in an RPC body says whom the request is for; services enforce roles and scope with it. So that
 * no other client on the bus can speak for a user, the gateway's RpcClient signs every request that carries
 * an actor, HMAC-SHA256 with the key all processes share (DUBAN_RPC_SIGNING_KEY) over the subject as sent
 * (namespace included), the time of signing and the exact body; the services' transport checks it before
 * the handler runs. The time is the machine's, not the injectable Clock: a test that moves a service's
 * business time must not make its requests stale.
 */
export class ActorSignature {
  constructor(
    private readonly key: string,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** Whether a request body speaks for someone, and so must be signed. */
  static carriesActor(body: unknown): boolean {
    return typeof body === 'object' && body !== null && 'actor' in body;
  }

  /** Adds the signature headers for `body` about to be sent on `subject`. */
  sign(headers: MsgHdrs, subject: string, body: string, signedAt = this.now()): void {
    headers.set(Headers.signedAt, String(signedAt));
    headers.set(Headers.actorSignature, `${VERSION}=${this.mac(subject, String(signedAt), body)}`);
  }

  /** Throws UnsignedActorError unless the headers hold a fresh signature of exactly this subject and body. */
  verify(headers: MsgHdrs | undefined, subject: string, body: Uint8Array): void {
    const signedAt = headers?.get(Headers.signedAt) ?? '';
    const signature = headers?.get(Headers.actorSignature) ?? '';
    if (!signedAt || !signature) throw new UnsignedActorError('no signature');
    if (!/^\d{1,15}$/.test(signedAt)) throw new UnsignedActorError('malformed signing time');
    const age = this.now() - Number(signedAt);
    if (Math.abs(age) > RPC_SIGNATURE_MAX_AGE_MS) {
      throw new UnsignedActorError(
        `signed ${Math.round(age / 1000)} s ago, outside ±${RPC_SIGNATURE_MAX_AGE_MS / 1000} s`,
      );
    }
    const expected = Buffer.from(`${VERSION}=${this.mac(subject, signedAt, body)}`);
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new UnsignedActorError('wrong signature');
    }
  }

  private mac(subject: string, signedAt: string, body: string | Uint8Array): string {
    return createHmac('sha256', this.key).update(`${VERSION}\n${subject}\n${signedAt}\n`).update(body).digest('hex');
  }
}
