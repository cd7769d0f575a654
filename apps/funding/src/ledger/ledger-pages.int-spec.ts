import {
  GetProjectFundingRpc,
  LEDGER_PAGE_SIZE,
  ListExpendituresRpc,
  RecordExpenditureRpc,
  type ProjectRegisteredData,
} from '@duban/contracts';
import { demoActors, LINXIAN, LISHI } from '@duban/testing';
import { demoProjects, startFundingSandbox, type FundingSandbox } from '../__fixtures__/funding-sandbox';

/**
 * A long ledger (the postgres-restarted drill writes 3,000 expenditures to one county): the funding page
 * carries the latest entries and the counts, and the rest is read page by page, so no answer outgrows what
 * the bus carries in one message. Real Postgres and NATS.
 */
describe('a county ledger longer than one page', () => {
  let sandbox: FundingSandbox;
  let linxian: ProjectRegisteredData;
  const total = LEDGER_PAGE_SIZE + 50;

  beforeAll(async () => {
    sandbox = await startFundingSandbox('pages', { demo: false });
    const projects = demoProjects();
    linxian = projects.find((p) => p.regionCode === LINXIAN) as ProjectRegisteredData;
    await sandbox.register([linxian, projects.find((p) => p.regionCode === LISHI) as ProjectRegisteredData]);
    for (let n = 1; n <= total; n++) {
      await sandbox.rpc.call(RecordExpenditureRpc, {
        actor: demoActors.linxian,
        projectId: linxian.projectId,
        // Ten a day from 2023-06-01: the dates order them, the recording time within a day.
        date: `2023-06-${String(1 + Math.floor((n - 1) / 10)).padStart(2, '0')}`,
        amountWan: '0.01',
        source: 'province_employment',
        category: 'training',
        payee: `培训机构${n}`,
        note: '',
      });
    }
  }, 120_000);

  afterAll(async () => {
    await sandbox?.close();
  });

  it('shows the latest 200 expenditures oldest first, the count of all, and totals over all', async () => {
    const funding = await sandbox.rpc.call(GetProjectFundingRpc, {
      actor: demoActors.lvliang,
      projectId: linxian.projectId,
    });
    expect(funding.expenditureCount).toBe(total);
    expect(funding.expenditures).toHaveLength(LEDGER_PAGE_SIZE);
    expect(funding.expenditures[0]?.payee).toBe('培训机构51');
    expect(funding.expenditures.at(-1)?.payee).toBe(`培训机构${total}`);
    expect(funding.totals.all.spentWan).toBe('2.50');
    expect(funding.disbursementCount).toBe(0);
  });

  it('pages through every expenditure newest first, each once, the last page saying so', async () => {
    const payees: string[] = [];
    let before: string | undefined;
    let pages = 0;
    for (;;) {
      const page = await sandbox.rpc.call(ListExpendituresRpc, {
        actor: demoActors.linxian,
        projectId: linxian.projectId,
        limit: 100,
        ...(before ? { before } : {}),
      });
      pages += 1;
      payees.push(...page.items.map((item) => item.payee));
      if (page.nextBefore === null) break;
      before = page.nextBefore;
    }
    expect(pages).toBe(3);
    expect(payees).toHaveLength(total);
    expect(new Set(payees).size).toBe(total);
    expect(payees[0]).toBe(`培训机构${total}`);
    expect(payees.at(-1)).toBe('培训机构1');
  });

  it('keeps the pages to the caller’s region: 离石’s officer gets 404', async () => {
    await expect(
      sandbox.rpc.call(ListExpendituresRpc, { actor: demoActors.lishi, projectId: linxian.projectId, limit: 10 }),
    ).rejects.toMatchObject({ code: 'not_found' });
  });
});
