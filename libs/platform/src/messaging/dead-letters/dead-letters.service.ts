import { Injectable } from '@nestjs/common';
import { localDateOf, localTimeOf } from '@duban/calendar';
import {
  ConflictError,
  NotFoundError,
  type Actor,
  type DeadLetter,
  type DeadLettersListRequest,
  type ServiceName,
} from '@duban/contracts';
import { auditRecord } from '../../access/access';
import { AuditLog } from '../../audit/audit-log';
import { Clock } from '../../clock/clock';
import { PlatformConfig } from '../../config/platform-config';
import { Transactions } from '../../database/transactions';
import { ConsumerRegistry } from '../consumer/consumer-registry';
import { DeadLetterRepository, type DeadLetterRecord } from './dead-letter.repository';

/**
 * Lists the service's dead letters and replays one, once, when its cause is mended. A replay hands the
 * stored message to the consumer that failed it, in this process, in one transaction with the dead letter
 * marked replayed: applied exactly as a delivery is (inbox row and all), or, if the handler still fails,
 * nothing at all. Nothing is published again, so no service ever writes on another service's stream, and
 * no other consumer sees the event twice.
 */
@Injectable()
export class DeadLetters {
  constructor(
    private readonly config: PlatformConfig,
    private readonly transactions: Transactions,
    private readonly repository: DeadLetterRepository,
    private readonly consumers: ConsumerRegistry,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
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
            `该死信已于 ${localDateOf(found.replayedAt)} ${localTimeOf(found.replayedAt)} 由 ${found.replayedByName} 重放，不能再次重放`,
          );
        }
        const consumer = this.consumers.get(found.consumer);
        if (!consumer) throw new ConflictError(`消费者 ${found.consumer} 不在本服务中运行，无法重放`);
        const applied = await consumer.replay(tx, found.payload).catch((error: unknown) => {
          throw new ConflictError(`重放失败，死信保留待再次重放：${(error as Error).message}`.slice(0, 500));
        });
        const replayed = await this.repository.markReplayed(tx, id, {
          at: this.clock.now(),
          by: actor.username,
          byName: actor.displayName,
        });
        if (!replayed) throw new ConflictError('该死信已被重放，不能再次重放');
        await this.audit.recordDone(tx, {
          ...attempt,
          after: { consumer: found.consumer, eventId: found.eventId, eventType: found.eventType, applied },
        });
        return this.view(replayed);
      }),
    );
  }

  private view(record: DeadLetterRecord): DeadLetter {
    return {
      // Only a service (never the gateway or a tool) runs durable consumers, hence holds dead letters.
      service: this.config.process as ServiceName,
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
      replayedByName: record.replayedByName,
    };
  }
}
