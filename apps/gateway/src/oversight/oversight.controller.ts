import { Controller } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  AcknowledgeInstructionRpc,
  GetMilestoneOversightRpc,
  InstructMilestoneRpc,
  UrgeMilestoneRpc,
  instructMilestoneBodySchema,
  urgeMilestoneBodySchema,
} from '@duban/contracts';
import { PROBLEM } from '../core/openapi-schema';
import { ID } from '../core/route-params';
import { RpcRoute } from '../core/route.decorator';
import { docs } from './oversight.docs';

/** 催办 and 批示 on milestones, answered by the projects service (which checks scope, roles and the hourly rule). */
@ApiTags('milestones')
@ApiBearerAuth()
@ApiResponse({ status: 400, description: PROBLEM.badRequest })
@Controller()
export class OversightController {
  @RpcRoute(UrgeMilestoneRpc, 'POST milestones/:id/urge', {
    ...docs.urge,
    params: ID.milestone,
    body: urgeMilestoneBodySchema,
    request: (actor, { id }, body) => ({ actor, milestoneId: id, ...body }),
  })
  urge() {}

  @RpcRoute(InstructMilestoneRpc, 'POST milestones/:id/instructions', {
    ...docs.instruct,
    params: ID.milestone,
    body: instructMilestoneBodySchema,
  })
  instruct() {}

  @RpcRoute(AcknowledgeInstructionRpc, 'POST instructions/:id/acknowledge', {
    ...docs.acknowledge,
    params: { ...ID.milestone, docs: [{ name: 'id', format: 'uuid', description: '批示 id' }], field: 'instructionId' },
    status: 200,
  })
  acknowledge() {}

  @RpcRoute(GetMilestoneOversightRpc, 'GET milestones/:id/oversight', { ...docs.oversight, params: ID.milestone })
  oversight() {}
}
