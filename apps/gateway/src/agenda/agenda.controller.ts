import { Controller } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AGENDA_UPCOMING_LIMIT, AGENDA_URGE_DAYS, GetProjectAgendaRpc } from '@duban/contracts';
import { PROBLEM } from '../core/openapi-schema';
import { ID } from '../core/route-params';
import { RpcRoute } from '../core/route.decorator';

/** A county's agenda, the county officer's home page; answered by the projects service (scope enforced there). */
@ApiTags('projects')
@ApiBearerAuth()
@ApiResponse({ status: 400, description: PROBLEM.badRequest })
@Controller()
export class AgendaController {
  @RpcRoute(GetProjectAgendaRpc, 'GET projects/:id/agenda', {
    summary: '县级待办：即将到期、已逾期、被退回的月报、待签收的批示和近期催办',
    description:
      `\`upcoming\` 为尚未到期的节点和下一期月报（最多 ${AGENDA_UPCOMING_LIMIT} 项，按到期先后），` +
      '`workingDays` 为距到期日的工作日数（到期当日为 0）；`overdue` 为已逾期未完成的节点和未报送的月报，' +
      '`workingDays` 为逾期工作日数（与超时倒查同一口径）；`returnedReports` 含应重新报送的日期 `resubmitBy`；' +
      `\`urges\` 为近 ${AGENDA_URGE_DAYS} 天对未完成节点的催办。`,
    ok: '待办',
    404: '项目不存在，或不在您的权限范围内',
    params: ID.project,
  })
  get() {}
}
