import { GetInspectionRpc, ListInspectionsRpc, liveDemoProgrammeCode, ProjectRegistered } from '@duban/contracts';
import { demoActors, waitFor } from '@duban/testing';
import { v7 as uuidv7 } from 'uuid';
import { startEvaluationSandbox, type EvaluationSandbox } from '../__fixtures__/evaluation-sandbox';

const WENSHUI = '141121';

/**
 * The live demo's inspection under way: the current-year programme's 文水县 project, registered as the
 * projects service announces it, gets one open inspection by 吕梁市 naming `inspector`, with 5 items scored;
 * the 2023 history and other counties get none, and a second delivery opens no second one.
 */
describe('live demo: an acceptance inspection under way', () => {
  let sandbox: EvaluationSandbox;
  const year = 2027;

  beforeAll(async () => {
    sandbox = await startEvaluationSandbox('demoinsp');
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  const registered = (projectId: string, regionCode: string, programmeYear: number, history: boolean) => ({
    programmeId: uuidv7(),
    programmeCode: liveDemoProgrammeCode(programmeYear),
    programmeYear,
    projectId,
    projectName: '文水县公益性零工市场',
    regionCode,
    regionName: '文水县',
    cityRegionCode: '141100',
    cityName: '吕梁市',
    provinceRegionCode: '140000',
    population: 400000,
    populationSource: 'test',
    plannedAreaM2: null,
    plannedAreaAtLeast: false,
    history,
  });

  it('opens one inspection for 文水县 of the current-year programme, 5 of its items scored by inspector', async () => {
    const history = uuidv7();
    const live = uuidv7();
    const event = registered(live, WENSHUI, year, false);
    const published = [
      await sandbox.publish(ProjectRegistered, registered(history, WENSHUI, 2023, true)),
      await sandbox.publish(ProjectRegistered, event),
      await sandbox.publish(ProjectRegistered, event),
    ];
    const list = await waitFor(
      'the demo inspection opened and scored',
      () => sandbox.rpc.call(ListInspectionsRpc, { actor: demoActors.lvliang, projectId: live }),
      (answer) => (answer.items[0]?.total ?? 0) > 0,
      { timeoutMs: 30_000 },
    );
    expect(list.items).toHaveLength(1);
    const inspection = await sandbox.rpc.call(GetInspectionRpc, {
      actor: demoActors.lvliang,
      inspectionId: list.items[0]?.id as string,
    });
    expect(inspection).toMatchObject({
      kind: 'inspection',
      status: 'open',
      inspectors: ['inspector'],
      // The demo account's name, marked as the demo's doing.
      inspectorNames: ['吕梁市验收组（演示数据）'],
    });
    expect(inspection.items.filter((item) => item.score !== null)).toHaveLength(5);
    expect(inspection.items.filter((item) => item.score === null)).toHaveLength(inspection.items.length - 5);

    // Both deliveries of the live event handled: still one inspection; the 2023 history has none.
    await waitFor(
      'every delivery handled',
      async () =>
        (
          await sandbox.db.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM evaluation.inbox
              WHERE consumer LIKE '%evaluation-demo-inspection' AND event_id = ANY($1::uuid[])`,
            [published.map((envelope) => envelope.id)],
          )
        )[0]?.n,
      (n) => n === 3,
    );
    expect(await sandbox.db.query(`SELECT project_id FROM evaluation.inspection`)).toEqual([{ project_id: live }]);
  });
});
