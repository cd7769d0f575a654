import { localDateOf } from '@duban/calendar';
import {
  DEMO_DATA_MARK,
  LIVE_DEMO_INSPECTED_COUNTY,
  liveDemoProgrammeCode,
  type Actor,
  type ProjectRegisteredData,
} from '@duban/contracts';
import { Clock, Transactions } from '@duban/platform';
import { Injectable, Logger } from '@nestjs/common';
import { InspectionsRepository } from '../inspections/inspections.repository';
import { InspectionsService } from '../inspections/inspections.service';
import { ProjectRefsRepository } from '../project-refs/project-refs.repository';
import { SettingsRepository } from '../settings/settings.repository';

/** How many of the checklist's items the demo inspector has scored so far: the rest is left to score. */
const ITEMS_SCORED = 5;

/**
 * The live demo's acceptance inspection under way: when the current-year programme registers the inspected
 * county (文水县, due soon for its 迎接市局验收检查), 吕梁市 opens an inspection naming the demo `inspector`,
 * who has scored the first items; the demo user `inspector` can go on scoring it in the web app. Through the
 * inspections service (its checks, audit rows). Once per project: a redelivered event finds it opened.
 */
@Injectable()
export class DemoInspection {
  private readonly logger = new Logger('DemoData');

  constructor(
    private readonly transactions: Transactions,
    private readonly projects: ProjectRefsRepository,
    private readonly settings: SettingsRepository,
    private readonly inspectionRows: InspectionsRepository,
    private readonly inspections: InspectionsService,
    private readonly clock: Clock,
  ) {}

  async projectRegistered(data: ProjectRegisteredData): Promise<void> {
    if (
      data.history ||
      data.regionCode !== LIVE_DEMO_INSPECTED_COUNTY ||
      data.programmeCode !== liveDemoProgrammeCode(data.programmeYear)
    ) {
      return;
    }
    const now = this.clock.now();
    // This consumer may see the registration before evaluation's own copy does: record it (idempotent).
    await this.transactions.run(async (tx) => {
      await this.projects.register(tx, data, now);
      await this.settings.addDefaults(tx, data.programmeId, data.programmeCode, now);
    });
    if ((await this.inspectionRows.findByProject(this.transactions.none, data.projectId)).length > 0) return;
    const county = [data.regionCode];
    const city: Actor = {
      userId: 'demo',
      username: 'lvliang',
      displayName: `吕梁市人社局（${DEMO_DATA_MARK}）`,
      role: 'city_officer',
      regionCodes: [data.cityRegionCode ?? data.regionCode],
    };
    const inspector: Actor = {
      userId: 'demo',
      username: 'inspector',
      displayName: `吕梁市验收组（${DEMO_DATA_MARK}）`,
      role: 'inspector',
      regionCodes: county,
    };
    const opened = await this.inspections.open({
      actor: city,
      projectId: data.projectId,
      kind: 'inspection',
      date: localDateOf(now),
      inspectors: [inspector.username],
      inspectorNames: { [inspector.username]: inspector.displayName },
    });
    await this.inspections.putScores({
      actor: inspector,
      inspectionId: opened.id,
      scores: opened.items.slice(0, ITEMS_SCORED).map((item) => ({
        itemId: item.id,
        score: item.maxPoints,
        note: `${DEMO_DATA_MARK}：现场查看，符合要求`,
      })),
    });
    this.logger.log(`Live demo: inspection of ${data.regionName} opened, ${ITEMS_SCORED} item(s) scored`);
  }
}
