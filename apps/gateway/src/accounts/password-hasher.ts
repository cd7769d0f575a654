import { Injectable, type OnModuleInit } from '@nestjs/common';
import { argon2id, hash, needsRehash, verify } from 'argon2';
import { randomBytes } from 'node:crypto';

/**
 * argon2id with OWASP's recommended minimum (19 MiB, 2 passes, 1 lane): about 150 ms per check on a small
 * server, and the same in tests. Hashes carry their own parameters, so raising these later still verifies
 * old hashes, and a login with an old hash stores a new one (`needsRehash`).
 */
const ARGON2_OPTIONS = { type: argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** Longest password accepted: argon2 would take any length, and a megabyte-long one is only a way to burn CPU. */
export const MAX_PASSWORD_LENGTH = 256;

@Injectable()
export class PasswordHasher implements OnModuleInit {
  /** A hash of a random password, made once: checking against it costs what checking a real account costs. */
  private decoy: Promise<string> | undefined;

  async onModuleInit(): Promise<void> {
    // Made at start, so that the first unknown username does not take twice as long as a real account.
    await this.decoyHash();
  }

  hash(password: string): Promise<string> {
    return hash(password, ARGON2_OPTIONS);
  }

  async verify(passwordHash: string, password: string): Promise<boolean> {
    try {
      return await verify(passwordHash, password);
    } catch {
      return false; // a malformed stored hash never lets anyone in
    }
  }

  /** Spends the time of one real check and fails: for an unknown username, so timing does not tell it apart. */
  async verifyDecoy(password: string): Promise<false> {
    await this.verify(await this.decoyHash(), password);
    return false;
  }

  private decoyHash(): Promise<string> {
    this.decoy ??= this.hash(randomBytes(24).toString('base64'));
    return this.decoy;
  }

  needsRehash(passwordHash: string): boolean {
    return needsRehash(passwordHash, ARGON2_OPTIONS);
  }
}
