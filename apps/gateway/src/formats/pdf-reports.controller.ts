import { Controller, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@duban/contracts';
import { ID, QUERY, type IdParams } from '../core/route-params';
import { HttpRoute } from '../core/route.decorator';
import { contentDisposition } from '../core/content-disposition';
import { docs } from './formats.docs';
import { PdfReports, type RenderedFile } from './pdf-reports.service';

const PDF = 'application/pdf';

/** The PDF reports: an inspection's acceptance report, a region's monthly summary. */
@ApiTags('formats')
@ApiBearerAuth()
@ApiProduces(PDF)
@ApiResponse({ status: 503, description: '服务器缺少中文字体，或所需服务暂不可用（detail 说明原因）' })
@Controller()
export class PdfReportsController {
  constructor(private readonly reports: PdfReports) {}

  @HttpRoute('GET inspections/:id/report.pdf', { ...docs.acceptancePdf, params: ID.inspection })
  async acceptance(actor: Actor, { id }: IdParams): Promise<StreamableFile> {
    return pdf(await this.reports.acceptanceReport(actor, id));
  }

  @HttpRoute('GET reports/summary.pdf', { ...docs.summaryPdf, query: QUERY.summary })
  async summary(actor: Actor, query: { region: string; month: string; programmeId?: string }): Promise<StreamableFile> {
    return pdf(await this.reports.monthlySummary(actor, query));
  }
}

export function pdf(file: RenderedFile): StreamableFile {
  return new StreamableFile(file.data, {
    type: PDF,
    length: file.data.length,
    disposition: contentDisposition(file.filename, 'attachment'),
  });
}
