import {
  InspectionPassed,
  ListMilestonesRpc,
  ListProjectsRpc,
  MilestoneCompleted,
  type Envelope,
  type InspectionPassedData,
} from '@duban/contracts';
import { headers as natsHeaders } from 'nats';
import { v7 as uuidv7 } from 'uuid';
import { demoActors as actors, LINXIAN, waitFor } from '@duban/testing';
import { startProjectsSandbox, type ProjectsSandbox } from '../__fixtures__/projects-sandbox';

describe('acceptance milestone completed by a passed inspection (real Postgres and JetStream)', () => {
  let sandbox: ProjectsSandbox;
  let publish: (envelope: Envelope<InspectionPassedData>) => Promise<void>;
  let projectId: string;

  beforeAll(async () => {
    sandbox = await startProjectsSandbox('acceptance');
    // Each publication gets a new Nats-Msg-Id, so the stream keeps it: only the inbox can stop a replay
    // (the sandbox's own `publish` reuses the event id, which the stream would drop as a duplicate).
    publish = async (envelope) => {
      const headers = natsHeaders();
      headers.set('Nats-Msg-Id', uuidv7());
      await sandbox.nats
        .jetstream()
        .publish(`${sandbox.namespace}.${envelope.type}`, JSON.stringify(envelope), { headers });
    };
    const [linxian] = await sandbox.rpc.call(ListProjectsRpc, { actor: actors.linxian, region: LINXIAN });
    projectId = linxian?.id as string;
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  function passed(inspectionId: string): Envelope<InspectionPassedData> {
    return {
      id: uuidv7(),
      type: InspectionPassed.type,
      version: InspectionPassed.version,
      occurredAt: '2023-10-20T08:00:00.000Z',
      correlationId: 'test-acceptance',
      causationId: null,
      data: {
        projectId,
        programmeId: uuidv7(),
        regionCode: LINXIAN,
        inspectionId,
        reinspectionOf: null,
        total: 92.5,
        maxTotal: 100,
        passThreshold: 60,
        signedAt: '2023-10-20T08:00:00.000Z',
        inspector: { username: 'inspector', name: '王验收', signedAt: '2023-10-20T07:30:00.000Z' },
        countersignedBy: { username: 'linxian', name: '刘星' },
        contentHash: 'a'.repeat(64),
      },
    };
  }

  async function acceptMilestone() {
    const milestones = await sandbox.rpc.call(ListMilestonesRpc, { actor: actors.linxian, projectId });
    return milestones.find((milestone) => milestone.key === 'accept');
  }

  async function handled(eventId: string): Promise<boolean> {
    const rows: unknown[] = await sandbox.db.query(
      `SELECT 1 FROM projects.inbox WHERE consumer = 'projects-acceptance' AND event_id = $1`,
      [eventId],
    );
    return rows.length === 1;
  }

  it('completes 临县’s accept milestone once, with a MilestoneCompleted and an audit row naming the inspector', async () => {
    const before = await acceptMilestone();
    expect(before?.status).toBe('pending');
    const event = passed(uuidv7());
    await publish(event);
    const done = await waitFor('accept milestone done', acceptMilestone, (m) => m?.status === 'done');
    expect(done).toMatchObject({
      completedAt: '2023-10-20T08:00:00.000Z',
      completedBy: 'inspector',
      completedByName: '王验收',
    });
    expect(done?.evidence?.text).toContain('总分 92.5 分');
    const milestoneId = done?.id as string;
    expect(await sandbox.outboxCount(MilestoneCompleted.type, milestoneId)).toBe(1);
    const [completed] = await sandbox.outboxEnvelopes(MilestoneCompleted.type, milestoneId);
    expect(completed?.data).toMatchObject({
      key: 'accept',
      status: 'done',
      completedBy: { userId: 'system', username: 'inspector' },
    });
    const audit = await sandbox.auditRows({ action: 'milestone.complete', targetId: milestoneId });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_username: 'inspector', outcome: 'done' });
    expect(audit[0]?.detail).toContain('system: acceptance signed');

    // The same event again (a new message id, so the stream keeps it), then a second passing inspection
    // (a re-inspection) as a marker: once that is handled, the replay before it was handled too.
    await publish(event);
    const second = passed(uuidv7());
    await publish(second);
    await waitFor('second event handled', () => handled(second.id), Boolean);
    expect(await handled(event.id)).toBe(true);
    expect(await sandbox.outboxCount(MilestoneCompleted.type, milestoneId)).toBe(1);
    expect(await sandbox.auditRows({ action: 'milestone.complete', targetId: milestoneId })).toHaveLength(1);
    expect(await acceptMilestone()).toEqual(done);
  });
});
