import { GetProjectRpc, ListMilestonesRpc, NotFoundError, type Actor, type ProjectView } from '@duban/contracts';
import { Clock, type RpcClient } from '@duban/platform';
import {
  lightHoldsUntil,
  PROJECT_DETAILS_MAX_AGE_MS,
  PROJECT_DETAILS_MAX_ENTRIES,
  ProjectDetails,
} from './project-details';

const PROJECT = '0190c1d2-0000-7000-8000-0000000000a1';

const actor = (regionCodes: string[], role: Actor['role'] = 'county_officer'): Actor => ({
  userId: '0190c1d2-0000-7000-8000-000000000001',
  username: 'linxian',
  displayName: '刘星',
  role,
  regionCodes,
});

const view = (changes: Partial<ProjectView> = {}): ProjectView => ({
  id: PROJECT,
  programmeId: '0190c1d2-0000-7000-8000-0000000000b1',
  programmeYear: 2026,
  regionCode: '141124',
  regionName: '临县',
  cityRegionCode: '141100',
  name: '临县公益性零工市场',
  light: 'green',
  population: null,
  populationSource: null,
  plannedAreaM2: null,
  plannedAreaAtLeast: false,
  constructionType: null,
  progress: null,
  actualAreaM2: null,
  address: null,
  noRecruitmentHall: false,
  version: 1,
  updatedAt: '2026-12-05T00:00:00.000Z',
  ...changes,
});

interface Milestone {
  status: string;
  dueAt: string | null;
}

/** The projects service as the read model sees it: counts the reads, answers what `stored` holds now. */
class FakeProjects {
  stored = view();
  milestones: Milestone[] = [];
  gets = 0;
  /** Runs between the project's answer and the milestones' (a change that races with a fill). */
  between: (() => void) | null = null;

  readonly client = {
    call: async (rpc: unknown, request: { actor: Actor; projectId: string }) => {
      if (rpc === GetProjectRpc) {
        this.gets += 1;
        const path = [this.stored.regionCode, this.stored.cityRegionCode, '140000'];
        if (
          request.projectId !== this.stored.id ||
          !path.some((code) => request.actor.regionCodes.includes(code as string))
        )
          throw new NotFoundError('项目不存在');
        return { ...this.stored };
      }
      if (rpc === ListMilestonesRpc) {
        this.between?.();
        return this.milestones;
      }
      throw new Error('unexpected RPC');
    },
  } as unknown as RpcClient;
}

describe('ProjectDetails (the gateway read model of GET /api/projects/:id)', () => {
  // 10:00 in Asia/Shanghai: the next local midnight is 14 hours away.
  const start = new Date('2026-12-05T02:00:00Z');
  let clock: Clock;
  let projects: FakeProjects;
  let details: ProjectDetails;
  const linxian = actor(['141124']);
  /** What the route would send `caller`, parsed. */
  const read = async (caller: Actor, projectId: string): Promise<ProjectView> =>
    JSON.parse(await details.json(caller, projectId));

  beforeEach(() => {
    clock = new Clock();
    clock.setNow(start);
    projects = new FakeProjects();
    details = new ProjectDetails(projects.client, clock);
  });

  it('asks the service once, then answers the same text from memory: at once, made when it was kept', async () => {
    const missed = await details.json(linxian, PROJECT);
    expect(missed).toBe(JSON.stringify(projects.stored));
    const kept = details.json(linxian, PROJECT);
    // Kept: answered at once (no promise), the very text made when the entry was kept.
    expect(kept).toBe(missed);
    expect(details.keptJson(linxian, PROJECT)).toBe(missed);
    expect(projects.gets).toBe(1);
    details.forget(PROJECT);
    expect(details.keptJson(linxian, PROJECT)).toBeUndefined();
    expect(details.json(linxian, PROJECT)).toBeInstanceOf(Promise);
  });

  it('asks again after a change it is told of, and answers the change', async () => {
    await read(linxian, PROJECT);
    projects.stored = view({ address: '临县城区', version: 2 });
    details.forget(PROJECT);
    expect(await read(linxian, PROJECT)).toMatchObject({ address: '临县城区', version: 2 });
    projects.stored = view({ address: '临县新区', version: 3 });
    details.forgetAll();
    expect(await read(linxian, PROJECT)).toMatchObject({ address: '临县新区', version: 3 });
    expect(projects.gets).toBe(3);
  });

  it('does not keep an answer that raced with a change (forgotten between its question and its answer)', async () => {
    projects.between = () => {
      projects.between = null;
      details.forget(PROJECT);
    };
    await read(linxian, PROJECT);
    projects.stored = view({ version: 2 });
    expect(await read(linxian, PROJECT)).toMatchObject({ version: 2 });
    expect(projects.gets).toBe(2);

    details.forgetAll();
    projects.between = () => {
      projects.between = null;
      details.forgetAll();
    };
    await read(linxian, PROJECT);
    projects.stored = view({ version: 3 });
    expect(await read(linxian, PROJECT)).toMatchObject({ version: 3 });
  });

  it('answers from memory only within the county or city named; others ask the service (which refuses or audits)', async () => {
    await read(linxian, PROJECT);
    await expect(read(actor(['141100'], 'city_officer'), PROJECT)).resolves.toMatchObject({ id: PROJECT });
    expect(projects.gets).toBe(1);
    await expect(read(actor(['141123']), PROJECT)).rejects.toBeInstanceOf(NotFoundError);
    await expect(read(actor(['140000'], 'province_admin'), PROJECT)).resolves.toMatchObject({ id: PROJECT });
    expect(projects.gets).toBe(3);
  });

  it('asks again once the light may have changed: at local midnight', async () => {
    await read(linxian, PROJECT);
    clock.setNow(new Date('2026-12-05T15:59:59.999Z'));
    // Older than the max age: asked again, and kept from this instant.
    await read(linxian, PROJECT);
    expect(projects.gets).toBe(2);
    await read(linxian, PROJECT);
    expect(projects.gets).toBe(2);
    clock.setNow(new Date('2026-12-05T16:00:00Z'));
    projects.stored = view({ light: 'yellow' });
    expect(await read(linxian, PROJECT)).toMatchObject({ light: 'yellow' });
    expect(projects.gets).toBe(3);
  });

  it('forgets the oldest entries beyond its bound', async () => {
    const many = PROJECT_DETAILS_MAX_ENTRIES + 10;
    for (let i = 0; i < many; i++) {
      projects.stored = view({ id: `0190c1d2-0000-7000-8000-${String(i).padStart(12, '0')}` });
      await read(linxian, projects.stored.id);
    }
    expect(details.size).toBe(PROJECT_DETAILS_MAX_ENTRIES);
  });
});

describe('lightHoldsUntil', () => {
  const at = new Date('2026-12-05T02:00:00Z'); // 10:00 local

  it('is the max age when midnight and every open dueAt are later', () => {
    expect(lightHoldsUntil(at, [{ status: 'pending', dueAt: '2026-12-06T02:00:00Z' }])).toBe(
      at.getTime() + PROJECT_DETAILS_MAX_AGE_MS,
    );
  });

  it('is the next local midnight (Asia/Shanghai) when it comes first', () => {
    const late = new Date('2026-12-05T15:59:50Z'); // 23:59:50 local
    expect(lightHoldsUntil(late, [])).toBe(Date.parse('2026-12-05T16:00:00Z'));
  });

  it('is an open milestone due sooner; a done one or one already past changes nothing', () => {
    const soon = new Date(at.getTime() + 5_000).toISOString();
    expect(lightHoldsUntil(at, [{ status: 'in_progress', dueAt: soon }])).toBe(Date.parse(soon));
    expect(lightHoldsUntil(at, [{ status: 'done', dueAt: soon }])).toBe(at.getTime() + PROJECT_DETAILS_MAX_AGE_MS);
    expect(lightHoldsUntil(at, [{ status: 'pending', dueAt: '2026-12-05T01:00:00Z' }])).toBe(
      at.getTime() + PROJECT_DETAILS_MAX_AGE_MS,
    );
  });
});
