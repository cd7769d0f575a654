import type { Drill } from './drill';
import { notificationsKilled } from './drills/notifications-killed.drill';

/** Every drill, in the order `npm run drills` runs them. */
export const DRILLS: readonly Drill[] = [notificationsKilled];
