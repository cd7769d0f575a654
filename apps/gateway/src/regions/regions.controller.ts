import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  ListRegionsRpc,
  listRegionsQuerySchema,
  regionSchema,
  type Actor,
  type ListRegionsQuery,
  type RegionView,
} from '@duban/contracts';
import { RpcClient } from '@duban/platform';
import { z } from 'zod';
import { CurrentActor } from '../auth/current-actor.decorator';
import { ZodValidation } from '../core/zod-validation';
import { openApiSchema, PROBLEM } from '../core/openapi-schema';

/**
 * HTTP to RPC and nothing more: the projects service enforces scope and roles where the data is read,
 * so this validates the input (400 naming the field, before any service is asked) and passes the caller on.
 */
@ApiTags('regions')
@ApiBearerAuth()
@Controller('regions')
export class RegionsController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  @ApiOperation({
    summary: '下级地区（省 → 市 → 县），含人口基数及其来源',
    description:
      '只列出在您权限范围内或其上级的地区：县级用户可从山西省走到本市、本县，看不到其他市县。不给 `parent` 时列出最上级（省）。',
  })
  @ApiQuery({ name: 'parent', required: false, description: '上级地区的 6 位代码，如 140000' })
  @ApiOkResponse({ schema: openApiSchema(z.array(regionSchema), 'output'), description: '下级地区，按代码排序' })
  @ApiResponse(PROBLEM.badRequest)
  @ApiResponse({ status: 404, description: '地区不存在，或不在您的权限范围内' })
  list(
    @CurrentActor() actor: Actor,
    @Query(new ZodValidation(listRegionsQuerySchema)) query: ListRegionsQuery,
  ): Promise<RegionView[]> {
    return this.rpc.call(ListRegionsRpc, { actor, ...query });
  }
}
