import {
  CommitCalculatorRpc,
  GetAnnex4Rpc,
  GetFundingRollupRpc,
  GetProgrammeBudgetRpc,
  GetProjectFundingRpc,
  PreviewCalculatorRpc,
  RecordDisbursementRpc,
  RecordExpenditureRpc,
  ReverseDisbursementRpc,
  ReverseExpenditureRpc,
  SetAllocationsRpc,
  SetProgrammeBudgetRpc,
} from '@duban/contracts';
import { demoActors } from '@duban/testing';
import { sentAs, startGatewaySandbox, type GatewaySandbox } from '../core/__fixtures__/gateway-sandbox';

const PROJECT = '0190a3c4-0000-7000-8000-000000000101';

const expenditure = {
  date: '2023-06-01',
  amountWan: '2.50',
  source: 'province_special',
  category: 'training',
  payee: '临县职业培训学校',
  note: '零工技能培训',
};

const recorded = {
  id: '0190a3c4-0000-7000-8000-000000000102',
  projectId: PROJECT,
  ...expenditure,
  attachmentRef: null,
  flags: [{ code: 'source_category_mismatch', message: '财政专项资金不得用于培训（能力建设）支出' }],
  recordedBy: 'linxian',
  recordedByName: '刘星',
  recordedAt: '2023-06-01T02:00:00.000Z',
  reversesId: null,
  reversedById: null,
  reason: null,
};

const reversal = {
  ...recorded,
  id: '0190a3c4-0000-7000-8000-000000000103',
  amountWan: '-2.50',
  flags: [],
  recordedBy: 'lvliang',
  recordedByName: '吕梁市人社局',
  reversesId: recorded.id,
  reason: '误用专项资金',
};

const SUBJECTS = [
  GetProjectFundingRpc,
  RecordExpenditureRpc,
  RecordDisbursementRpc,
  SetAllocationsRpc,
  PreviewCalculatorRpc,
  CommitCalculatorRpc,
  GetFundingRollupRpc,
  GetAnnex4Rpc,
  GetProgrammeBudgetRpc,
  SetProgrammeBudgetRpc,
  ReverseExpenditureRpc,
  ReverseDisbursementRpc,
].map((rpc) => rpc.subject);

describe('funding routes (gateway, funding service stubbed)', () => {
  let sandbox: GatewaySandbox;

  beforeAll(async () => {
    sandbox = await startGatewaySandbox('gwfunding', SUBJECTS);
    sandbox.answer(RecordExpenditureRpc.subject, { ok: true, data: recorded });
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  const call = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown, username = 'linxian') =>
    sandbox.call(method, url, payload, username);
  const sentTotal = () => SUBJECTS.reduce((acc, subject) => acc + (sandbox.received.get(subject)?.length ?? 0), 0);

  it('passes an expenditure with the caller to the funding service and answers 201 with its flags', async () => {
    const answer = await call('POST', `/api/projects/${PROJECT}/expenditures`, expenditure);
    expect(answer).toMatchObject({ status: 201, body: { id: recorded.id, flags: recorded.flags } });
    const [request] = sandbox.received.get(RecordExpenditureRpc.subject) as Record<string, unknown>[];
    expect(request).toMatchObject({
      projectId: PROJECT,
      ...expenditure,
      actor: sentAs(demoActors.linxian),
    });
  });

  const expenditures = `/api/projects/${PROJECT}/expenditures`;
  const disbursements = `/api/projects/${PROJECT}/disbursements`;
  const allocations = `/api/projects/${PROJECT}/allocations`;
  const disbursement = {
    date: '2023-05-10',
    amountWan: '40.00',
    source: 'province_employment',
    documentNumber: '晋人社发〔2023〕1号',
  };
  it.each([
    ['a negative amount', 'POST', expenditures, { ...expenditure, amountWan: '-2.50' }, 'amountWan'],
    ['three decimals', 'POST', expenditures, { ...expenditure, amountWan: '2.505' }, 'amountWan'],
    ['an amount that is not a number', 'POST', expenditures, { ...expenditure, amountWan: 'two' }, 'amountWan'],
    ['a float amount', 'POST', expenditures, { ...expenditure, amountWan: 2.5 }, 'amountWan'],
    ['an unknown source', 'POST', expenditures, { ...expenditure, source: 'lottery' }, 'source'],
    ['an unknown category', 'POST', expenditures, { ...expenditure, category: 'banquet' }, 'category'],
    ['a missing payee', 'POST', expenditures, { ...expenditure, payee: undefined }, 'payee'],
    ['a missing date', 'POST', expenditures, { ...expenditure, date: undefined }, 'date'],
    ['an extra field', 'POST', expenditures, { ...expenditure, approved: true }, '(body)'],
    ['a malformed project id', 'POST', '/api/projects/nope/expenditures', expenditure, 'id'],
    [
      'a disbursement without a document number',
      'POST',
      disbursements,
      { ...disbursement, documentNumber: undefined },
      'documentNumber',
    ],
    ['a negative disbursement', 'POST', disbursements, { ...disbursement, amountWan: '-1' }, 'amountWan'],
    [
      'an allocation with an unknown source',
      'PUT',
      allocations,
      { allocations: [{ source: 'bank', amountWan: '1.00' }] },
      'allocations.0.source',
    ],
    [
      'an allocation with three decimals',
      'PUT',
      allocations,
      { allocations: [{ source: 'city', amountWan: '1.001' }] },
      'allocations.0.amountWan',
    ],
    [
      'a calculator rule with a bad minimum',
      'POST',
      '/api/funding/calculator/preview',
      { programmeCode: 'p', source: 'city', minWan: '-5' },
      'minWan',
    ],
    [
      'a calculator rule with an unknown field',
      'POST',
      '/api/funding/calculator/commit',
      { programmeCode: 'p', source: 'city', formula: 'x' },
      '(body)',
    ],
    ['a rollup without a region', 'GET', '/api/funding/rollup', undefined, 'region'],
    ['budgets without a programme', 'GET', '/api/funding/budgets', undefined, 'programme'],
    [
      'a budget with three decimals',
      'PUT',
      '/api/funding/budgets',
      { programmeCode: 'p', budgets: [{ source: 'province_special', amountWan: '3470.001' }] },
      'budgets.0.amountWan',
    ],
    [
      'a negative budget',
      'PUT',
      '/api/funding/budgets',
      { programmeCode: 'p', budgets: [{ source: 'province_special', amountWan: '-1.00' }] },
      'budgets.0.amountWan',
    ],
    [
      'a budget with an unknown source',
      'PUT',
      '/api/funding/budgets',
      { programmeCode: 'p', budgets: [{ source: 'bank', amountWan: '1.00' }] },
      'budgets.0.source',
    ],
    ['a budget without a programme', 'PUT', '/api/funding/budgets', { budgets: [] }, 'programmeCode'],
    ['a reversal without a reason', 'POST', `/api/expenditures/${recorded.id}/reverse`, {}, 'reason'],
    [
      'a reversal that tries to set an amount',
      'POST',
      `/api/disbursements/${recorded.id}/reverse`,
      { reason: '更正', amountWan: '1.00' },
      '(body)',
    ],
    ['a reversal of a malformed id', 'POST', '/api/expenditures/nope/reverse', { reason: '更正' }, 'id'],
    ['an annex with a bad region', 'GET', '/api/funding/annex4?region=14', undefined, 'region'],
  ] as const)(
    'answers 400 problem+json naming the field for %s, and asks no service',
    async (_label, method, url, payload, field) => {
      const before = sentTotal();
      const answer = await call(method, url, payload);
      expect(answer.status).toBe(400);
      expect(answer.type).toContain('application/problem+json');
      expect(answer.body.errors.map((error: { field: string }) => error.field)).toContain(field);
      expect(sentTotal()).toBe(before);
    },
  );

  it('maps the service’s refusals: forbidden → 403, out of scope → 404, over budget → 409', async () => {
    sandbox.answer(SetAllocationsRpc.subject, {
      ok: false,
      error: { code: 'forbidden', message: '县级专班无权修改资金分配（由省级设定）' },
    });
    const forbidden = await call('PUT', allocations, {
      allocations: [{ source: 'province_special', amountWan: '1.00' }],
    });
    expect(forbidden).toMatchObject({ status: 403, body: { detail: '县级专班无权修改资金分配（由省级设定）' } });
    sandbox.answer(GetProjectFundingRpc.subject, { ok: false, error: { code: 'not_found', message: '项目不存在' } });
    expect((await call('GET', `/api/projects/${PROJECT}/funding`)).status).toBe(404);
    sandbox.answer(RecordDisbursementRpc.subject, { ok: false, error: { code: 'conflict', message: '超过已分配' } });
    expect((await call('POST', disbursements, disbursement)).status).toBe(409);
  });

  it('passes the region and programme of a rollup query on', async () => {
    sandbox.answer(GetFundingRollupRpc.subject, {
      ok: false,
      error: { code: 'not_found', message: '该地区没有资金数据' },
    });
    await call('GET', '/api/funding/rollup?region=141100&programme=shanxi-2023-gig-markets', undefined, 'lvliang');
    const requests = sandbox.received.get(GetFundingRollupRpc.subject) as Record<string, unknown>[];
    expect(requests.at(-1)).toMatchObject({
      region: '141100',
      programme: 'shanxi-2023-gig-markets',
      actor: { username: 'lvliang' },
    });
  });

  it('passes a reversal with the caller on and answers 201 with the reversal entry', async () => {
    sandbox.answer(ReverseExpenditureRpc.subject, { ok: true, data: reversal });
    const answer = await call(
      'POST',
      `/api/expenditures/${recorded.id}/reverse`,
      { reason: '误用专项资金' },
      'lvliang',
    );
    expect(answer).toMatchObject({ status: 201, body: { amountWan: '-2.50', reversesId: recorded.id } });
    expect((sandbox.received.get(ReverseExpenditureRpc.subject) as Record<string, unknown>[]).at(-1)).toMatchObject({
      expenditureId: recorded.id,
      reason: '误用专项资金',
      actor: { username: 'lvliang' },
    });
    sandbox.answer(ReverseDisbursementRpc.subject, { ok: false, error: { code: 'conflict', message: '只能冲销一次' } });
    const again = await call('POST', `/api/disbursements/${recorded.id}/reverse`, { reason: '再次' }, 'lvliang');
    expect(again).toMatchObject({ status: 409, body: { detail: '只能冲销一次' } });
  });

  it('passes budgets on: GET with the programme, PUT with the lines; 409 below what is allocated', async () => {
    const view = {
      programmeCode: 'shanxi-2023-gig-markets',
      lines: [{ source: 'province_special', budgetWan: '3470.00', allocatedWan: '3470.00', unallocatedWan: '0.00' }],
    };
    sandbox.answer(GetProgrammeBudgetRpc.subject, { ok: true, data: view });
    const got = await call('GET', '/api/funding/budgets?programme=shanxi-2023-gig-markets', undefined, 'province');
    expect(got).toMatchObject({ status: 200, body: view });
    sandbox.answer(SetProgrammeBudgetRpc.subject, {
      ok: false,
      error: { code: 'conflict', message: '财政专项资金预算 3000.00万元 低于已分配给各县的 3470.00万元' },
    });
    const refused = await call(
      'PUT',
      '/api/funding/budgets',
      { programmeCode: 'shanxi-2023-gig-markets', budgets: [{ source: 'province_special', amountWan: '3000.00' }] },
      'province',
    );
    expect(refused).toMatchObject({ status: 409, body: { detail: expect.stringContaining('3470.00万元') } });
    expect((sandbox.received.get(SetProgrammeBudgetRpc.subject) as Record<string, unknown>[]).at(-1)).toMatchObject({
      programmeCode: 'shanxi-2023-gig-markets',
      budgets: [{ source: 'province_special', amountWan: '3000.00' }],
      actor: { username: 'province', role: 'province_admin' },
    });
  });
});
