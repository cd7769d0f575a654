import { ClientProxy, type ReadPacket, type WritePacket } from '@nestjs/microservices';
import { DomainError, Headers, rpcReplySchema, ServiceUnavailableError, type RpcDefinition } from '@duban/contracts';
import { ErrorCode, headers as natsHeaders, type NatsConnection, type NatsError } from 'nats';
import { firstValueFrom } from 'rxjs';
import { CorrelationContext } from '../../correlation/correlation-context';
import type { Namespace } from '../namespace';
import { ActorSignature } from './actor-signature';

/** A pattern this client sends to: an RPC subject, with the time to wait for its answer. */
interface RpcPattern {
  readonly subject: string;
  readonly timeoutMs: number;
  readonly requestKey?: string;
}

/**
 * Nest's ClientProxy on the platform's transport: requests over core NATS request/reply, within the run's
 * namespace, carrying the correlation id. A domain error from the service comes back as the same typed
 * DomainError; no answer in time, or no responder at all, becomes ServiceUnavailableError.
 *
 * `call(Rpc, request)` is the typed way in: the contract names the subject and parses the answer.
 * A request that carries an actor is signed (ActorSignature), so the service knows the actor is the gateway's word.
 * Events are never emitted from here: they go through the outbox in the transaction of their change.
 */
export class RpcClient extends ClientProxy {
  constructor(
    private readonly nats: NatsConnection,
    private readonly namespace: Namespace,
    private readonly defaultTimeoutMs: number,
    private readonly signature?: ActorSignature,
  ) {
    super();
  }

  /**
   * Sends `request` and parses the answer. `options.requestKey` makes the call an idempotent write (see
   * Headers.requestKey): sent again with the same key, it is applied once.
   */
  async call<Req, Res>(
    definition: RpcDefinition<Req, Res>,
    request: Req,
    timeoutMs = this.defaultTimeoutMs,
    options: { requestKey?: string } = {},
  ): Promise<Res> {
    const pattern: RpcPattern = { subject: definition.subject, timeoutMs, requestKey: options.requestKey };
    return definition.response.parse(await firstValueFrom(this.send<unknown>(pattern, request)));
  }

  async connect(): Promise<NatsConnection> {
    return this.nats;
  }

  close(): void {
    // Nothing to close: the connection is the process's, shared, and whoever opened it drains it.
  }

  unwrap<T>(): T {
    return this.nats as T;
  }

  override on(): never {
    throw new Error('RpcClient has no events to listen to');
  }

  protected publish(packet: ReadPacket, callback: (packet: WritePacket) => void): () => void {
    const pattern: RpcPattern =
      typeof packet.pattern === 'string'
        ? { subject: packet.pattern, timeoutMs: this.defaultTimeoutMs }
        : (packet.pattern as RpcPattern);
    let cancelled = false;
    this.request(pattern, packet.data).then(
      (response) => !cancelled && callback({ response, isDisposed: true }),
      (err: unknown) => !cancelled && callback({ err, isDisposed: true }),
    );
    return () => {
      cancelled = true;
    };
  }

  protected dispatchEvent(): Promise<never> {
    return Promise.reject(
      new Error('Events are written to the outbox in the transaction of their change (DESIGN rule 2), never emitted'),
    );
  }

  private async request({ subject, timeoutMs, requestKey }: RpcPattern, data: unknown): Promise<unknown> {
    const service = subject.split('.')[0] ?? subject;
    const headers = natsHeaders();
    headers.set(Headers.correlationId, CorrelationContext.currentOrNew().correlationId);
    if (requestKey) headers.set(Headers.requestKey, requestKey);
    const wireSubject = this.namespace.subject(subject);
    const body = JSON.stringify(data);
    if (this.signature && ActorSignature.carriesActor(data)) this.signature.sign(headers, wireSubject, body);
    let answer;
    try {
      answer = await this.nats.request(wireSubject, body, {
        timeout: timeoutMs,
        headers,
      });
    } catch (error) {
      const code = (error as NatsError).code;
      if (code === ErrorCode.Timeout) throw new ServiceUnavailableError(service, `no answer within ${timeoutMs} ms`);
      if (code === ErrorCode.NoResponders) throw new ServiceUnavailableError(service, 'not running');
      throw new ServiceUnavailableError(service, (error as Error).message);
    }
    const reply = rpcReplySchema.parse(JSON.parse(answer.string()));
    if (!reply.ok) throw DomainError.fromBody(reply.error);
    return reply.data;
  }
}
