import { Injectable } from '@nestjs/common';
import {
  GetDashboardRpc,
  GetInspectionRpc,
  type Actor,
  type Dashboard,
  type DashboardMilestone,
} from '@duban/contracts';
import { localDateOf } from '@duban/calendar';
import { Clock, RpcClient } from '@duban/platform';
import { EvidenceDownloads } from '../evaluation/evidence-downloads';
import {
  acceptanceReportFilename,
  EMBEDDABLE_TYPES,
  renderAcceptanceReport,
  type Thumbnail,
} from './acceptance-report';
import { requireCjkFont } from './cjk-font';
import { monthlySummaryFilename, renderMonthlySummary, type SummaryCounty } from './monthly-summary';

/** A rendered file and the name it is downloaded under. */
export interface RenderedFile {
  readonly data: Buffer;
  readonly filename: string;
}

/** Photos embedded per report, and the largest one embedded: a report stays a few megabytes at most. */
const MAX_THUMBNAILS = 30;
const MAX_THUMBNAIL_BYTES = 4 * 1024 * 1024;

/**
 * The PDF reports, composed at the gateway from the services' answers (they stay data-only): every
 * answer is read with the caller as actor, so scope is the services' own, and a region or an inspection
 * outside it is their 404.
 */
@Injectable()
export class PdfReports {
  constructor(
    private readonly rpc: RpcClient,
    private readonly evidence: EvidenceDownloads,
    private readonly clock: Clock,
  ) {}

  async acceptanceReport(actor: Actor, inspectionId: string): Promise<RenderedFile> {
    const font = requireCjkFont();
    const inspection = await this.rpc.call(GetInspectionRpc, { actor, inspectionId });
    const photos = inspection.items
      .flatMap((item) => item.evidence)
      .filter((file) => EMBEDDABLE_TYPES.has(file.contentType) && file.sizeBytes <= MAX_THUMBNAIL_BYTES)
      .slice(0, MAX_THUMBNAILS);
    const thumbnails: Thumbnail[] = [];
    // One at a time: each is a few chunked requests to the evaluation service.
    for (const photo of photos) {
      const file = await this.evidence.describe(actor, photo.id);
      thumbnails.push({ evidenceId: photo.id, data: await this.evidence.read(actor, file) });
    }
    const data = await renderAcceptanceReport(font, inspection, thumbnails, this.clock.now());
    return { data, filename: acceptanceReportFilename(inspection) };
  }

  async monthlySummary(
    actor: Actor,
    query: { region: string; month: string; programmeId?: string },
  ): Promise<RenderedFile> {
    const font = requireCjkFont();
    const dashboard = await this.dashboard(actor, query.region, query.programmeId);
    const counties = await this.countiesOf(actor, dashboard, query.programmeId);
    const summary = { month: query.month, dashboard, counties };
    const data = await renderMonthlySummary(font, summary, this.clock.now());
    return { data, filename: monthlySummaryFilename(summary) };
  }

  private dashboard(actor: Actor, region: string, programmeId?: string): Promise<Dashboard> {
    return this.rpc.call(GetDashboardRpc, { actor, region, ...(programmeId && { programmeId }) });
  }

  /**
   * The region's counties with their latest report and overdue milestones. A county's dashboard names its
   * milestones; a city's lists its counties (their milestones asked only where some are overdue); a
   * province's lists cities, whose dashboards list the counties (overdue milestones as counts only there).
   */
  private async countiesOf(actor: Actor, dashboard: Dashboard, programmeId?: string): Promise<SummaryCounty[]> {
    const { region } = dashboard;
    if (region.level === 'county') return [countyOf(dashboard.total, null, overdueOf(dashboard))];
    if (region.level === 'city') {
      const counties: SummaryCounty[] = [];
      for (const row of dashboard.children) {
        const overdue = row.overdue > 0 ? overdueOf(await this.dashboard(actor, row.region.code, programmeId)) : [];
        counties.push(countyOf(row, null, overdue));
      }
      return counties;
    }
    const counties: SummaryCounty[] = [];
    for (const city of dashboard.children) {
      const cityDashboard = await this.dashboard(actor, city.region.code, programmeId);
      counties.push(...cityDashboard.children.map((row) => countyOf(row, city.region.name, null)));
    }
    return counties;
  }
}

function countyOf(row: Dashboard['total'], cityName: string | null, overdue: SummaryCounty['overdue']): SummaryCounty {
  return {
    code: row.region.code,
    name: row.region.name,
    cityName,
    latestReport: row.latestReport,
    overdueCount: row.overdue,
    overdue,
  };
}

/** A county dashboard's red milestones, with the day each was due. */
function overdueOf(dashboard: Dashboard): NonNullable<SummaryCounty['overdue']> {
  return (dashboard.project?.milestones ?? [])
    .filter((milestone) => milestone.light === 'red')
    .map((milestone) => ({ title: milestone.title, due: dueDay(milestone) }));
}

function dueDay(milestone: DashboardMilestone): string {
  return milestone.dueDate ?? (milestone.dueAt ? localDateOf(new Date(milestone.dueAt)) : '—');
}
