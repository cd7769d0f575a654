import { Injectable } from '@nestjs/common';
import { actorSchema, roleSchema, type Actor } from '@duban/contracts';
import { Clock } from '@duban/platform';
import { errors, jwtVerify, SignJWT } from 'jose';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { GatewayConfig } from '../config';

/** The only algorithm signed and accepted: HMAC-SHA256 with DUBAN_AUTH_SECRET. */
const ALGORITHM = 'HS256';
export const TOKEN_ISSUER = 'duban';
/** Far longer than any token we sign; a longer header is refused before any parsing. */
const MAX_TOKEN_LENGTH = 4096;
/**
 * Tokens remembered as verified (see `verifyToken`): a few thousand sessions' worth, a few MB at most; past
 * it the oldest remembered is forgotten (and verified again on its next use).
 */
const VERIFIED_TOKENS_KEPT = 5_000;

/** The claims of a Duban access token, beside the registered ones (sub, iat, exp, iss). */
const claimsSchema = z.object({
  sub: z.uuid(),
  username: z.string().min(1),
  displayName: z.string(),
  role: roleSchema,
  regionCodes: actorSchema.shape.regionCodes,
  /** The token's own id: what a logout revokes. */
  jti: z.string().min(1).max(64),
  exp: z.number().int(),
});

/** A token that does not verify; `reason` goes to the audit trail, never to the caller. */
export class InvalidTokenError extends Error {
  constructor(readonly reason: string) {
    super(`Invalid access token: ${reason}`);
    this.name = 'InvalidTokenError';
  }
}

export interface IssuedToken {
  readonly accessToken: string;
  /** Seconds until it expires. */
  readonly expiresIn: number;
}

/** A token that verified: whom it speaks for, and which token it is (for its revocation and its end). */
export interface VerifiedToken {
  readonly actor: Actor;
  /** Its `jti`. */
  readonly id: string;
  readonly expiresAt: Date;
}

/**
 * Signs and verifies access tokens: HS256 JWTs carrying the actor (role and region scope), so that a
 * request is authorised without a database round trip for its claims. Verification accepts HS256 only
 * (never `none`, never another algorithm), checks the signature, the issuer, the type and the expiry,
 * and then the claims' shape. Each token has an id of its own (`jti`), so that a logout can revoke it.
 */
@Injectable()
export class TokenService {
  private readonly key: Uint8Array;
  private readonly ttlSeconds: number;
  /** Token string → what it verified to, in the order first verified. */
  private readonly verified = new Map<string, VerifiedToken>();

  constructor(
    config: GatewayConfig,
    private readonly clock: Clock,
  ) {
    this.key = new TextEncoder().encode(config.auth.secret);
    this.ttlSeconds = config.auth.tokenTtlSeconds;
  }

  async issue(actor: Actor): Promise<IssuedToken> {
    const issuedAt = Math.floor(this.clock.now().getTime() / 1000);
    const accessToken = await new SignJWT({
      username: actor.username,
      displayName: actor.displayName,
      role: actor.role,
      regionCodes: actor.regionCodes,
    })
      .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
      .setSubject(actor.userId)
      .setIssuer(TOKEN_ISSUER)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + this.ttlSeconds)
      .setJti(randomUUID())
      .sign(this.key);
    return { accessToken, expiresIn: this.ttlSeconds };
  }

  /** The actor the token was issued to, or InvalidTokenError. */
  async verify(token: string): Promise<Actor> {
    return (await this.verifyToken(token)).actor;
  }

  /**
   * The token's actor, id and expiry, or InvalidTokenError.
   *
   * A token that verified once is remembered until it expires: its signature and claims are a function of its
   * bytes and the key, so verifying the same string again can only give the same answer; the HMAC (Web
   * Crypto, a thread-pool job per call) and the claims' parse were the largest part of the gateway's own
   * work on an authenticated read (the G7 profile). Only the expiry depends on the time, and it is checked on
   * every use. What may change about a valid token (a logout, its account disabled or changed) is not part of
   * this answer: the guard checks it on every request.
   */
  /** The token as verified before, while it has not expired (what `verifyToken` answers at once), else undefined. */
  remembered(token: string): VerifiedToken | undefined {
    const known = this.verified.get(token);
    return known && known.expiresAt.getTime() > this.clock.now().getTime() ? known : undefined;
  }

  async verifyToken(token: string): Promise<VerifiedToken> {
    if (token.length > MAX_TOKEN_LENGTH) throw new InvalidTokenError('too long');
    const known = this.verified.get(token);
    if (known) {
      if (known.expiresAt.getTime() > this.clock.now().getTime()) return known;
      this.verified.delete(token);
      throw new InvalidTokenError('expired');
    }
    const verified = await this.verifySignedToken(token);
    if (this.verified.size >= VERIFIED_TOKENS_KEPT) this.verified.delete(this.verified.keys().next().value as string);
    this.verified.set(token, verified);
    return verified;
  }

  private async verifySignedToken(token: string): Promise<VerifiedToken> {
    let payload: unknown;
    try {
      ({ payload } = await jwtVerify(token, this.key, {
        algorithms: [ALGORITHM],
        issuer: TOKEN_ISSUER,
        typ: 'JWT',
        requiredClaims: ['sub', 'iat', 'exp'],
        currentDate: this.clock.now(),
      }));
    } catch (error) {
      throw new InvalidTokenError(describe(error));
    }
    const claims = claimsSchema.safeParse(payload);
    if (!claims.success)
      throw new InvalidTokenError(`claims malformed: ${claims.error.issues.map((i) => i.path.join('.')).join(', ')}`);
    const { sub, username, displayName, role, regionCodes, jti, exp } = claims.data;
    return {
      actor: { userId: sub, username, displayName, role, regionCodes },
      id: jti,
      expiresAt: new Date(exp * 1000),
    };
  }
}

function describe(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'expired';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'bad signature';
  if (error instanceof errors.JOSEAlgNotAllowed) return 'algorithm not allowed';
  if (error instanceof errors.JWTClaimValidationFailed) return `claim ${error.claim} invalid (${error.reason})`;
  if (error instanceof errors.JOSEError) return `malformed (${error.code})`;
  return 'malformed';
}
