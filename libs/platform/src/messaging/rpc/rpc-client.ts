import {
  DomainError,
  Headers,
  ServiceUnavailableError,
  rpcReplySchema,
  type RpcDefinition,
} from '@duban/contracts';
import { ErrorCode, headers as natsHeaders, type NatsConnection, type NatsError } from 'nats';
import { CorrelationContext } from '../../correlation/correlation-context';
import type { Namespace } from '../namespace';

/**
 * Calls a service over NATS request/reply with a timeout. A domain error from the service is re-thrown
 * as the same DomainError; no answer in time, or no responder at all, becomes ServiceUnavailableError.
 */
export class RpcClient {
  constructor(
    private readonly nats: NatsConnection,
    private readonly namespace: Namespace,
    private readonly defaultTimeoutMs: number,
  ) {}

  async call<Req, Res>(definition: RpcDefinition<Req, Res>, request: Req, timeoutMs = this.defaultTimeoutMs): Promise<Res> {
    const headers = natsHeaders();
    headers.set(Headers.correlationId, CorrelationContext.currentOrNew().correlationId);
    let answer;
    try {
      answer = await this.nats.request(this.namespace.subject(definition.subject), JSON.stringify(request), {
        timeout: timeoutMs,
        headers,
      });
    } catch (error) {
      const code = (error as NatsError).code;
      if (code === ErrorCode.Timeout) throw new ServiceUnavailableError(definition.service, `no answer within ${timeoutMs} ms`);
      if (code === ErrorCode.NoResponders) throw new ServiceUnavailableError(definition.service, 'not running');
      throw new ServiceUnavailableError(definition.service, (error as Error).message);
    }
    const reply = rpcReplySchema.parse(JSON.parse(answer.string()));
    if (!reply.ok) throw DomainError.fromBody(reply.error);
    return definition.response.parse(reply.data);
  }
}
