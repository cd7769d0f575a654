import { Controller } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  auditVerificationSchema,
  AuditVerifyRpc,
  deadLetterSchema,
  DeadLetterReplayRpc,
  DeadLettersListRpc,
  SERVICES,
  type Actor,
  type AuditVerification,
  type DeadLetter,
  type ServiceName,
} from '@duban/contracts';
import { AuditChain, RpcClient } from '@duban/platform';
import { z } from 'zod';
import { openApiSchema } from '../core/openapi-schema';
import { HttpRoute, type RouteParams } from '../core/route.decorator';

const unavailableServices = z.array(z.enum(SERVICES)).describe('未应答的服务');
const deadLettersAnswer = z.object({ items: z.array(deadLetterSchema), unavailable: unavailableServices });
const auditCheckAnswer = z.object({
  ok: z.boolean(),
  chains: z.array(auditVerificationSchema),
  unavailable: unavailableServices,
});

/** A whole trail is walked row by row: the check may take longer than a query. */
const VERIFY_TIMEOUT_MS = 30_000;

const deadLetterQuery: RouteParams<{ replayed?: boolean }, { name: string; required: boolean; enum: string[] }> = {
  schema: z
    .object({
      replayed: z
        .enum(['true', 'false'])
        .transform((value) => value === 'true')
        .optional(),
    })
    .strict(),
  docs: [{ name: 'replayed', required: false, enum: ['true', 'false'] }],
};

const deadLetterParams: RouteParams<{ service: ServiceName; id: string }> = {
  schema: z
    .object({ service: z.enum(SERVICES), id: z.string().regex(/^[1-9]\d{0,17}$/, '死信编号应为正整数') })
    .strict(),
  docs: [
    { name: 'service', enum: [...SERVICES], description: '死信所在的服务' },
    { name: 'id', description: '死信编号' },
  ],
};

/**
 * The province administrator's operations desk: every service's dead letters (listed together, replayed
 * one by one once their cause is mended) and the tamper check of every audit trail, the gateway's own
 * included. A service that does not answer is named, not hidden, and does not hide the others.
 */
@ApiTags('operations')
@ApiBearerAuth()
@Controller()
export class OperationsController {
  constructor(
    private readonly rpc: RpcClient,
    private readonly chain: AuditChain,
  ) {}

  @HttpRoute('GET dead-letters', {
    summary: '各服务的死信（省级管理员）',
    description: '消费者多次处理失败后搁置的事件，最新的在前；未应答的服务列在 unavailable 中。',
    query: deadLetterQuery,
    roles: ['province_admin'],
    answer: openApiSchema(deadLettersAnswer, 'output'),
    403: '仅省级管理员可查看',
  })
  async deadLetters(actor: Actor, { replayed }: { replayed?: boolean }): Promise<z.infer<typeof deadLettersAnswer>> {
    const answers = await Promise.all(
      SERVICES.map((service) =>
        this.rpc.call(DeadLettersListRpc[service], { actor, replayed }).then(
          (answer) => ({ service, items: answer.items }),
          () => ({ service, items: null }),
        ),
      ),
    );
    const items: DeadLetter[] = answers.flatMap((answer) => answer.items ?? []);
    items.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    return { items, unavailable: answers.filter((answer) => answer.items === null).map((answer) => answer.service) };
  }

  @HttpRoute('POST dead-letters/:service/:id/replay', {
    summary: '重放一条死信（省级管理员）',
    description: '原因排除后，由当初失败的消费者重新处理一次；已重放的、处理仍失败的返回 409。',
    params: deadLetterParams,
    roles: ['province_admin'],
    status: 200,
    ok: '重放后的死信',
    answer: openApiSchema(deadLetterSchema, 'output'),
    403: '仅省级管理员可重放',
    404: '死信不存在',
    409: '已重放过，或处理仍然失败（原因见 detail）',
  })
  replay(actor: Actor, { service, id }: { service: ServiceName; id: string }): Promise<DeadLetter> {
    return this.rpc.call(DeadLetterReplayRpc[service], { actor, id });
  }

  @HttpRoute('GET audit/verify', {
    summary: '核验各服务审计日志的哈希链（省级管理员）',
    description: '逐行核验每条审计记录的哈希；被改动或删除的记录报告为第一处断链。',
    roles: ['province_admin'],
    answer: openApiSchema(auditCheckAnswer, 'output'),
    403: '仅省级管理员可核验',
  })
  async verifyAudit(actor: Actor): Promise<z.infer<typeof auditCheckAnswer>> {
    const answers = await Promise.all(
      SERVICES.map((service) =>
        this.rpc.call(AuditVerifyRpc[service], { actor }, VERIFY_TIMEOUT_MS).then(
          (chain): AuditVerification | ServiceName => chain,
          () => service,
        ),
      ),
    );
    const chains = [await this.chain.verify(), ...answers.filter((answer) => typeof answer !== 'string')];
    const unavailable = answers.filter((answer) => typeof answer === 'string');
    return { ok: unavailable.length === 0 && chains.every((chain) => chain.ok), chains, unavailable };
  }
}
