import { z } from 'zod';
import { SERVICES, type ServiceName } from '../services';
import { defineRpc, type RpcDefinition } from './rpc';

export const componentStateSchema = z.enum(['up', 'down']);
export type ComponentState = z.infer<typeof componentStateSchema>;

export const serviceHealthSchema = z.object({
  service: z.string(),
  /** `degraded`: working, but not as it should; `reasons` say how (in Chinese). */
  status: z.enum(['up', 'degraded', 'down']),
  checks: z.record(z.string(), componentStateSchema),
  reasons: z.array(z.string()).optional(),
});
export type ServiceHealth = z.infer<typeof serviceHealthSchema>;

/** Every service answers `<service>.health.check`. */
export const HealthRpc: Readonly<Record<ServiceName, RpcDefinition<Record<string, never>, ServiceHealth>>> =
  Object.freeze(
    Object.fromEntries(
      SERVICES.map((service) => [
        service,
        defineRpc({
          subject: `${service}.health.check`,
          service,
          request: z.object({}).strict(),
          response: serviceHealthSchema,
        }),
      ]),
    ) as Record<ServiceName, RpcDefinition<Record<string, never>, ServiceHealth>>,
  );
