import type { Actor, EventActor } from '@duban/contracts';

/** The caller as events name it (no scope: consumers need to know who, not what they may see). */
export function eventActor(actor: Actor): EventActor {
  return { userId: actor.userId, username: actor.username, displayName: actor.displayName, role: actor.role };
}
