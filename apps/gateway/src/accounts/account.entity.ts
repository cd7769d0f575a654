import type { Role } from '@duban/contracts';
import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** Someone who may log in: a role, and the regions whose whole subtree they may see. */
@Entity({ name: 'account' })
export class Account {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  /** Stored in lower case; logins compare lower case. */
  @Column({ type: 'text', unique: true })
  username!: string;

  @Column({ name: 'display_name', type: 'text' })
  displayName!: string;

  /** argon2id, in the PHC string format (it carries its own parameters and salt). */
  @Column({ name: 'password_hash', type: 'text' })
  passwordHash!: string;

  @Column({ type: 'text' })
  role!: Role;

  @Column({ name: 'region_codes', type: 'text', array: true })
  regionCodes!: string[];

  /** A demo identity: it may log in only while the gateway runs in demo mode. */
  @Column({ type: 'boolean', default: false })
  demo!: boolean;

  /**
   * Login attempts since the last successful one. Counted when an attempt starts, before its password is
   * checked, so that parallel guesses cannot slip past the limit (see lockout-policy.ts).
   */
  @Column({ name: 'failed_attempts', type: 'integer', default: 0 })
  failedAttempts!: number;

  @Column({ name: 'locked_until', type: 'timestamptz', nullable: true })
  lockedUntil!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
