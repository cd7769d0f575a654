import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  dashboardQuerySchema,
  dashboardSchema,
  type Actor,
  type Dashboard,
  type DashboardQuery,
} from '@duban/contracts';
import { CurrentActor } from '../auth/current-actor.decorator';
import { ZodValidation } from '../core/zod-validation';
import { openApiSchema } from '../core/openapi-schema';
import { DashboardService } from './dashboard.service';

@ApiTags('dashboard')
@ApiBearerAuth()
@Controller('dashboard')
export class DashboardController {
  constructor(private readonly dashboard: DashboardService) {}

  @Get()
  @ApiOperation({
    summary: '督办看板：按下级地区汇总节点状态灯、完成比例、逾期数和最新月报状态',
    description:
      '省看各市、市看各县；县看本县项目及其各节点。状态灯按当前时间和工作日（含法定节假日、调休）计算：' +
      'green 正常、yellow 临期、red 逾期、done 已完成；各项计数相加等于合计。doneShare 为已完成节点占比，' +
      '四位小数的小数（"0.1250" 即 12.5%），无节点时为 null。reports 为各县最新一期月报状态的县数（none：尚无月报）。',
  })
  @ApiQuery({ name: 'region', description: '6 位行政区划代码，须在您的权限范围内', example: '141100' })
  @ApiQuery({ name: 'programmeId', required: false, description: '民生实事项目 id；缺省为覆盖该地区的最新年度项目' })
  @ApiOkResponse({ schema: openApiSchema(dashboardSchema, 'output') })
  @ApiResponse({ status: 400, description: '地区代码或项目 id 格式有误' })
  @ApiResponse({ status: 404, description: '地区不存在或不在您的权限范围内' })
  get(
    @CurrentActor() actor: Actor,
    @Query(new ZodValidation(dashboardQuerySchema)) query: DashboardQuery,
  ): Promise<Dashboard> {
    return this.dashboard.get(actor, query);
  }
}
