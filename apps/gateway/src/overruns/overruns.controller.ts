import { Controller, type StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiResponse, ApiTags, type ApiQueryOptions } from '@nestjs/swagger';
import {
  overrunReportViewSchema,
  overrunsQuerySchema,
  type Actor,
  type OverrunReportView,
  type OverrunsQuery,
} from '@duban/contracts';
import { Clock } from '@duban/platform';
import { openApiSchema, PROBLEM } from '../core/openapi-schema';
import { HttpRoute, type RouteParams } from '../core/route.decorator';
import { file } from '../exports/excel-exports';
import { XLSX_TYPE } from '../exports/workbook-style';
import { requireCjkFont } from '../formats/cjk-font';
import { pdf } from '../formats/pdf-reports.controller';
import { renderOverrunsPdf } from './overruns-pdf';
import { overrunsWorkbook } from './overruns-workbook';
import { docs } from './overruns.docs';
import { OverrunReports } from './overruns.service';
import { reportFilename } from './overrun-texts';

const QUERY: RouteParams<OverrunsQuery, ApiQueryOptions> = {
  schema: overrunsQuerySchema,
  docs: [
    { name: 'region', description: '6 位行政区划代码（省、市或县），须在您的权限范围内', example: '141100' },
    { name: 'from', description: '到期日起（YYYY-MM-DD，含）', example: '2023-01-01' },
    { name: 'to', description: '到期日止（YYYY-MM-DD，含；期间不超过 731 天）', example: '2023-12-31' },
  ],
};
const BINARY = { schema: { type: 'string', format: 'binary' } } as const;

/** 超时倒查 (who overran, by how much): as JSON for the page, and as xlsx and PDF. */
@ApiTags('overruns')
@ApiBearerAuth()
@ApiResponse({ status: 400, description: PROBLEM.badRequest })
@Controller()
export class OverrunsController {
  constructor(
    private readonly reports: OverrunReports,
    private readonly clock: Clock,
  ) {}

  @HttpRoute('GET overruns', { ...docs.report, query: QUERY, answer: openApiSchema(overrunReportViewSchema, 'output') })
  report(actor: Actor, query: OverrunsQuery): Promise<OverrunReportView> {
    return this.reports.report(actor, query);
  }

  @HttpRoute('GET exports/overruns.xlsx', { ...docs.xlsx, query: QUERY })
  @ApiOkResponse({ description: docs.xlsx.ok, content: { [XLSX_TYPE]: BINARY } })
  async xlsx(actor: Actor, query: OverrunsQuery): Promise<StreamableFile> {
    const report = await this.reports.report(actor, query);
    return file(overrunsWorkbook(report, this.clock.now()), reportFilename(report, 'xlsx'));
  }

  @HttpRoute('GET reports/overruns.pdf', { ...docs.pdf, query: QUERY })
  @ApiOkResponse({ description: docs.pdf.ok, content: { 'application/pdf': BINARY } })
  @ApiResponse({ status: 503, description: '服务器缺少中文字体，或所需服务暂不可用（detail 说明原因）' })
  async pdf(actor: Actor, query: OverrunsQuery): Promise<StreamableFile> {
    const font = requireCjkFont();
    const report = await this.reports.report(actor, query);
    return pdf({
      data: await renderOverrunsPdf(font, report, this.clock.now()),
      filename: reportFilename(report, 'pdf'),
    });
  }
}
