import { Inject, Injectable } from '@nestjs/common';
import {
  ConflictError,
  DomainError,
  Headers,
  NotFoundError,
  type Actor,
  type DeadLetter,
  type DeadLettersListRequest,
} from '@duban/contracts';
import { headers as natsHeaders, type JetStreamClient } from 'nats';
import { v7 as uuidv7 } from 'uuid';
import { auditRecord } from '../../access/access';
import { AuditLog } from '../../audit/audit-log';
import { Clock } from '../../clock/clock';
import { PlatformConfig } from '../../config/platform-config';
import { Transactions } from '../../database/transactions';
import { Namespace } from '../namespace';
import { JETSTREAM } from '../tokens';
import { DeadLetterRepository, type DeadLetterRecord } from './dead-letter.repository';

const DAY_MS = 86_400_000;

/**
 * Lists the service's dead letters and replays one, once, when its cause is mended. A replay puts the
 * stored message back on its stream under a fresh `Nats-Msg-Id` (the stream would drop the old id as a
 * duplicate within its window): the consumer that failed, whose inbox lacks the event, handles it; every
 * other consumer of that stream finds the event in its inbox and skips it.
 */
@Injectable()
export class DeadLetters {
  constructor(
    private readonly config: PlatformConfig,
    private readonly namespace: Namespace,
    private readonly transactions: Transactions,
    private readonly repository: DeadLetterRepository,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    @Inject(JETSTREAM) private readonly jetstream: JetStreamClient,
  ) {}

  async list(request: DeadLettersListRequest): Promise<DeadLetter[]> {
    const records = await this.repository.list(this.transactions.none, {
      limit: request.limit ?? 100,
      replayed: request.replayed,
    });
    return records.map((record) => this.view(record));
  }

  async replay(actor: Actor, id: string): Promise<DeadLetter> {
    const attempt = auditRecord({ actor, action: 'dead-letter.replay', targetType: 'dead_letter', targetId: id });
    return this.audit.refusalsAudited(attempt, () =>
      this.transactions.run(async (tx) => {
        const found = await this.repository.lockForReplay(tx, id);
        if (!found) throw new NotFoundError('死信不存在');
        if (found.replayedAt) {
          throw new ConflictError(
            `该死信已于 ${found.replayedAt.toISOString()} 由 ${found.replayedBy} 重放，不能再次重放`,
          );
        }
        const now = this.clock.now();
        if (now.getTime() - found.createdAt.getTime() > this.config.retention.inboxMs) {
          // Other consumers' inbox rows for this event may be pruned by now: they would handle it twice.
          const days = Math.round(this.config.retention.inboxMs / DAY_MS);
          throw new ConflictError(`该死信已超过收件箱保留期（${days} 天），重放可能被其他消费者重复处理，请人工处理`);
        }
        const messageId = uuidv7();
        const replayed = await this.repository.markReplayed(tx, id, { at: now, by: actor.username, messageId });
        if (!replayed) throw new ConflictError('该死信已被重放，不能再次重放');
        await this.publish(found.subject, found.payload, messageId);
        await this.audit.recordDone(tx, {
          ...attempt,
          after: { consumer: found.consumer, eventId: found.eventId, eventType: found.eventType, messageId },
        });
        return this.view(replayed);
      }),
    );
  }

  private async publish(subject: string, payload: string, messageId: string): Promise<void> {
    const headers = natsHeaders();
    const correlationId = correlationOf(payload);
    if (correlationId) headers.set(Headers.correlationId, correlationId);
    try {
      await this.jetstream.publish(this.namespace.subject(subject), payload, {
        msgID: messageId,
        headers,
        timeout: 5000,
      });
    } catch (error) {
      // Nothing is marked: the transaction rolls back, and the replay may be tried again.
      throw new DomainError('service_unavailable', `消息服务暂不可用，死信未重放：${(error as Error).message}`);
    }
  }

  private view(record: DeadLetterRecord): DeadLetter {
    return {
      service: this.config.process,
      id: record.id,
      consumer: record.consumer,
      eventId: record.eventId,
      eventType: record.eventType,
      subject: record.subject,
      reason: record.reason,
      deliveries: record.deliveries,
      createdAt: record.createdAt.toISOString(),
      replayed: record.replayedAt !== null,
      replayedAt: record.replayedAt?.toISOString() ?? null,
      replayedBy: record.replayedBy,
    };
  }
}

function correlationOf(payload: string): string | undefined {
  try {
    const correlationId = (JSON.parse(payload) as { correlationId?: unknown }).correlationId;
    return typeof correlationId === 'string' ? correlationId : undefined;
  } catch {
    return undefined;
  }
}
