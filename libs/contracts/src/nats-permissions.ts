import { SERVICES, type ServiceName } from './services';
import { Streams } from './streams';

/**
 * Who may say what on NATS: the one table that deploy/nats/authorization.conf is generated from
 * (`node tools/run-ts.js deploy/nats/write-authorization.ts`) and that the platform's tests start a private
 * server with. Each process connects as its own user, named like the process.
 *
 * - A service publishes only its own events (`duban.<service>.>`), answers requests on its own subjects
 *   (`<service>.>`, replies through `allow_responses`) and reads the streams it consumes, each through its
 *   own durable consumers only: it can neither speak for another service nor take another's messages.
 * - Only the gateway publishes on the services' request subjects.
 * - Each process receives replies on its own inbox prefix (`_INBOX.<user>.>`, see natsInboxPrefix), so no
 *   one reads the answers meant for another.
 */
export type NatsUser = ServiceName | 'gateway';
export const NATS_USERS: readonly NatsUser[] = [...SERVICES, 'gateway'];

/**
 * Every durable consumer: the service that holds it, the stream it reads, its name in the broker.
 * A new `@EventPattern(…, { durable })` must be added here, or its service may not create it in production.
 */
export const DURABLE_CONSUMERS: readonly {
  readonly consumer: ServiceName;
  readonly stream: ServiceName;
  readonly durable: string;
}[] = [
  { consumer: 'projects', stream: 'evaluation', durable: 'projects-acceptance' },
  { consumer: 'projects', stream: 'notifications', durable: 'projects-calendars' },
  // The dashboards' read model, kept by the projects service from its own events.
  { consumer: 'projects', stream: 'projects', durable: 'projects-dashboard' },
  { consumer: 'evaluation', stream: 'projects', durable: 'evaluation-projects' },
  { consumer: 'evaluation', stream: 'projects', durable: 'evaluation-demo-inspection' },
  { consumer: 'funding', stream: 'projects', durable: 'funding-projects' },
  { consumer: 'funding', stream: 'projects', durable: 'funding-demo-allocations' },
  { consumer: 'notifications', stream: 'projects', durable: 'notifications-projects' },
  { consumer: 'notifications', stream: 'evaluation', durable: 'notifications-evaluation' },
  { consumer: 'notifications', stream: 'funding', durable: 'notifications-funding' },
];

/** Streams read by ordered, unacknowledged (`{ fanout: true }`) consumers, e.g. the gateway's live inbox. */
export const FANOUT_CONSUMERS: readonly { readonly consumer: NatsUser; readonly stream: ServiceName }[] = [
  { consumer: 'gateway', stream: 'notifications' },
  // Live pages: changes to what the dashboard, the county page and the inspection page show.
  { consumer: 'gateway', stream: 'projects' },
  { consumer: 'gateway', stream: 'evaluation' },
  { consumer: 'gateway', stream: 'funding' },
];

/** The inbox prefix a process's connection uses; its user may subscribe to nothing else of `_INBOX`. */
export function natsInboxPrefix(user: string): string {
  return `_INBOX.${user}`;
}

export interface NatsPermissions {
  readonly user: NatsUser;
  readonly publish: readonly string[];
  readonly subscribe: readonly string[];
  /** May answer the requests it receives (once each), without publishing rights on their reply subjects. */
  readonly allowResponses: boolean;
}

const API = '$JS.API';

/** The permissions of every user. Subjects are production names (no namespace: tests use private servers). */
export function natsPermissions(): NatsPermissions[] {
  return NATS_USERS.map((user) => {
    const own = (SERVICES as readonly string[]).includes(user) ? (user as ServiceName) : null;
    const durables = DURABLE_CONSUMERS.filter((entry) => entry.consumer === user);
    const fanouts = FANOUT_CONSUMERS.filter((entry) => entry.consumer === user);
    const read = new Set<ServiceName>([...durables, ...fanouts].map((entry) => entry.stream));
    const publish: string[] = [];
    if (own) {
      const stream = Streams[own].name;
      publish.push(
        Streams[own].subjects,
        `${API}.STREAM.INFO.${stream}`,
        `${API}.STREAM.CREATE.${stream}`,
        `${API}.STREAM.UPDATE.${stream}`,
      );
    } else {
      // The gateway: the only one that asks the services anything.
      publish.push(...SERVICES.map((service) => `${service}.>`));
    }
    // A consumer creates the stream it reads if its owner has not yet started, but never changes it.
    for (const service of read) {
      if (service === own) continue;
      publish.push(`${API}.STREAM.INFO.${Streams[service].name}`, `${API}.STREAM.CREATE.${Streams[service].name}`);
    }
    for (const { stream, durable } of durables) {
      const name = Streams[stream].name;
      publish.push(
        `${API}.CONSUMER.INFO.${name}.${durable}`,
        `${API}.CONSUMER.CREATE.${name}.${durable}`,
        `${API}.CONSUMER.CREATE.${name}.${durable}.>`,
        `${API}.CONSUMER.DURABLE.CREATE.${name}.${durable}`,
        `${API}.CONSUMER.MSG.NEXT.${name}.${durable}`,
        // Acknowledgements go to the delivery's reply subject (v1 form, and the v2 form with domain and account).
        `$JS.ACK.${name}.${durable}.>`,
        `$JS.ACK.*.*.${name}.${durable}.>`,
      );
    }
    for (const { stream } of fanouts) {
      // Ordered consumers have generated names: any consumer of that stream, never acknowledged.
      const name = Streams[stream].name;
      publish.push(
        `${API}.CONSUMER.CREATE.${name}.*.>`,
        `${API}.CONSUMER.INFO.${name}.*`,
        `${API}.CONSUMER.DELETE.${name}.*`,
        `${API}.CONSUMER.MSG.NEXT.${name}.*`,
      );
    }
    // The client library's JetStream check on connecting.
    publish.push(`${API}.INFO`);
    const subscribe = [...(own ? [`${own}.>`] : []), `${natsInboxPrefix(user)}.>`];
    return { user, publish, subscribe, allowResponses: own !== null };
  });
}

/** The environment variable that holds a user's password on the NATS servers. */
export function natsPasswordVariable(user: NatsUser): string {
  return `DUBAN_NATS_PASSWORD_${user.toUpperCase()}`;
}

/**
 * The `authorization` block of nats-server.conf for `permissions`. Passwords are not in it: each is read
 * from the server's environment (natsPasswordVariable), plain or as a bcrypt hash (`nats server passwd`).
 */
export function renderNatsAuthorization(permissions: readonly NatsPermissions[] = natsPermissions()): string {
  const list = (subjects: readonly string[]) => subjects.map((subject) => `          "${subject}"`).join('\n');
  const users = permissions.map(
    (entry) => `    {
      user: "${entry.user}"
      password: $${natsPasswordVariable(entry.user)}
      permissions: {
        publish: { allow: [
${list(entry.publish)}
        ] }
        subscribe: { allow: [
${list(entry.subscribe)}
        ] }${entry.allowResponses ? '\n        allow_responses: true' : ''}
      }
    }`,
  );
  return `# Generated from libs/contracts/src/nats-permissions.ts by deploy/nats/write-authorization.ts: do not edit.
# Every client must log in; each Duban process has its own user (DUBAN_NATS_USER, DUBAN_NATS_PASSWORD).
authorization {
  users: [
${users.join('\n')}
  ]
}
`;
}
