import { SERVICES, type ServiceName } from './services';

/**
 * One JetStream stream per service, holding every event that service publishes.
 * These names live in the broker: they are stable. Renaming one orphans the stream and its consumers.
 */
export interface StreamDefinition {
  readonly name: string;
  readonly subjects: string;
  readonly service: ServiceName;
}

export const Streams: Readonly<Record<ServiceName, StreamDefinition>> = Object.freeze(
  Object.fromEntries(
    SERVICES.map((service) => [
      service,
      { name: `DUBAN_${service.toUpperCase()}`, subjects: `duban.${service}.>`, service },
    ]),
  ) as Record<ServiceName, StreamDefinition>,
);
