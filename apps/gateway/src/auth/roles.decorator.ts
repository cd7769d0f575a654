import { SetMetadata } from '@nestjs/common';
import type { Role } from '@duban/contracts';

export const ROLES_KEY = 'duban:roles';

/**
 * Only these roles may use the route (or every route of the controller); any other authenticated caller
 * gets 403, and the attempt is audited. Without it, every role may. Scope (which regions) is checked
 * where the data is read, not here.
 */
export const Roles = (...roles: [Role, ...Role[]]): MethodDecorator & ClassDecorator => SetMetadata(ROLES_KEY, roles);
