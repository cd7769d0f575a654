import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import {
  BeginMilestoneFileUploadRpc,
  CreateMilestoneRpc,
  DomainError,
  FinishMilestoneFileUploadRpc,
  GetMilestoneFileRpc,
  ListMilestoneFilesRpc,
  ListMilestonesRpc,
  ListOfficersRpc,
  ListProjectsRpc,
  MilestoneFileChunkRpc,
  MilestoneUpdated,
  ReadMilestoneFileChunkRpc,
  UpdateMilestoneRpc,
  type Actor,
  type MilestoneFile,
} from '@duban/contracts';
import { demoActors as actors, LINXIAN } from '@duban/testing';
import { startProjectsSandbox, type ProjectsSandbox } from '../__fixtures__/projects-sandbox';
import { MilestoneFilesConfig } from '../config';

const MAX_BYTES = 600 * 1024;
const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(300 * 1024, 0x41), Buffer.from('\n%%EOF\n')]);

async function failure(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof DomainError)) throw new Error(`expected a DomainError, got ${String(error)}`);
  return error;
}

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

describe('milestone files in chunks (real Postgres and NATS, local disk storage)', () => {
  let sandbox: ProjectsSandbox;
  let projectId: string;
  let milestoneId: string;

  beforeAll(async () => {
    sandbox = await startProjectsSandbox('msfiles', { maxFileBytes: MAX_BYTES });
    const [linxian] = await sandbox.rpc.call(ListProjectsRpc, { actor: actors.linxian, region: LINXIAN });
    projectId = linxian?.id as string;
    const milestones = await sandbox.rpc.call(ListMilestonesRpc, { actor: actors.linxian, projectId });
    milestoneId = milestones.find((milestone) => milestone.key === 'plan')?.id as string;
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  /** Files on disk under the sandbox's storage directory (`<aa>/<bb>/<sha256>`). */
  async function storedFiles(): Promise<number> {
    const root = sandbox.app.get(MilestoneFilesConfig).dir;
    const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
    return entries.filter((entry) => entry.isFile() && !entry.name.endsWith('.tmp') && entry.parentPath !== root)
      .length;
  }

  async function counts(): Promise<{ files: number; uploads: number; auditDone: number; stored: number }> {
    const [row] = await sandbox.db.query<{ files: number; uploads: number; auditDone: number }>(`
      SELECT (SELECT count(*) FROM projects.milestone_file)::int AS files,
             (SELECT count(*) FROM projects.milestone_file_upload)::int AS uploads,
             (SELECT count(*) FROM projects.audit_log WHERE outcome = 'done')::int AS "auditDone"`);
    return { ...(row as { files: number; uploads: number; auditDone: number }), stored: await storedFiles() };
  }

  /** Sends `data` as the gateway does: begin, chunks of the size the service asks for, finish with size and hash. */
  async function upload(actor: Actor, data: Buffer, filename: string): Promise<MilestoneFile> {
    const { uploadId, chunkBytes } = await sandbox.rpc.call(BeginMilestoneFileUploadRpc, {
      actor,
      milestoneId,
      filename,
    });
    for (let index = 0; index * chunkBytes < data.length; index++) {
      const slice = data.subarray(index * chunkBytes, (index + 1) * chunkBytes);
      await sandbox.rpc.call(MilestoneFileChunkRpc, { actor, uploadId, index, data: slice.toString('base64') });
    }
    return sandbox.rpc.call(FinishMilestoneFileUploadRpc, {
      actor,
      uploadId,
      sizeBytes: data.length,
      sha256: sha256(data),
    });
  }

  /** Reads a file back as the gateway does: its facts, then chunk by chunk. */
  async function download(actor: Actor, fileId: string): Promise<Buffer> {
    const file = await sandbox.rpc.call(GetMilestoneFileRpc, { actor, fileId });
    const chunks: Buffer[] = [];
    for (let index = 0; index * file.chunkBytes < file.sizeBytes; index++) {
      const { data } = await sandbox.rpc.call(ReadMilestoneFileChunkRpc, { actor, fileId, index });
      chunks.push(Buffer.from(data, 'base64'));
    }
    return Buffer.concat(chunks);
  }

  it('stores a PDF sent in two chunks by its hash, lists it on the milestone, and the city reads the same bytes', async () => {
    const before = await counts();
    const file = await upload(actors.linxian, PDF, '建设方案.pdf');
    expect(file).toMatchObject({
      milestoneId,
      filename: '建设方案.pdf',
      contentType: 'application/pdf',
      sizeBytes: PDF.length,
      sha256: sha256(PDF),
      uploadedBy: 'linxian',
      uploadedByName: '刘星',
    });
    expect(await counts()).toEqual({
      files: before.files + 1,
      uploads: before.uploads,
      auditDone: before.auditDone + 1,
      stored: before.stored + 1,
    });
    const listed = await sandbox.rpc.call(ListMilestoneFilesRpc, { actor: actors.lvliang, milestoneId });
    expect(listed.map((listedFile) => listedFile.id)).toEqual([file.id]);
    expect(sha256(await download(actors.lvliang, file.id))).toBe(sha256(PDF));
    const [audit] = await sandbox.db.query<{ action: string; username: string }>(
      `SELECT action, actor_username AS username FROM projects.audit_log
        WHERE target_id = $1 AND outcome = 'done' ORDER BY id DESC LIMIT 1`,
      [milestoneId],
    );
    expect(audit).toEqual({ action: 'milestone.file.upload', username: 'linxian' });
  });

  it('keeps the same content once on disk however often it is attached', async () => {
    const before = await counts();
    await upload(actors.lvliang, PDF, '建设方案（市局转发）.pdf');
    expect(await counts()).toMatchObject({ files: before.files + 1, stored: before.stored });
  });

  it('refuses a file whose content is not a PDF or photo, whatever its name says; nothing stored', async () => {
    const before = await counts();
    const error = await failure(upload(actors.linxian, Buffer.from('MZ\x90\x00 an executable'), '方案.pdf'));
    expect(error).toMatchObject({ code: 'validation_failed' });
    expect(error.errors?.[0]?.field).toBe('file');
    expect(error.errors?.[0]?.message).toContain('按文件内容判断');
    // The refused upload stays until abandoned (the gateway aborts it); no file, no audit entry, nothing on disk.
    expect(await counts()).toMatchObject({ files: before.files, auditDone: before.auditDone, stored: before.stored });
  });

  it('refuses a file over the limit as soon as it gets there', async () => {
    const before = await counts();
    const error = await failure(upload(actors.linxian, Buffer.concat([PDF, Buffer.alloc(MAX_BYTES)]), 'big.pdf'));
    expect(error).toMatchObject({
      code: 'validation_failed',
      errors: [{ field: 'file', message: '文件超过 0.6 MB 上限' }],
    });
    expect(await counts()).toMatchObject({ files: before.files, stored: before.stored });
  });

  it('answers "not found" to a download or list from outside the region, and audits the attempt', async () => {
    const [file] = await sandbox.rpc.call(ListMilestoneFilesRpc, { actor: actors.linxian, milestoneId });
    const denied = async () =>
      (
        await sandbox.db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM projects.audit_log WHERE outcome = 'denied' AND detail = 'out_of_scope'`,
        )
      )[0]?.n ?? 0;
    const before = await denied();
    expect(
      await failure(sandbox.rpc.call(GetMilestoneFileRpc, { actor: actors.taiyuan, fileId: file?.id as string })),
    ).toMatchObject({ code: 'not_found', message: '文件不存在' });
    expect(
      await failure(
        sandbox.rpc.call(ReadMilestoneFileChunkRpc, { actor: actors.lishi, fileId: file?.id as string, index: 0 }),
      ),
    ).toMatchObject({ code: 'not_found', message: '文件不存在' });
    expect(await failure(sandbox.rpc.call(ListMilestoneFilesRpc, { actor: actors.lishi, milestoneId }))).toMatchObject({
      code: 'not_found',
    });
    expect(await denied()).toBe(before + 3);
  });

  it('refuses an upload by a role that may not complete the milestone (403), before any byte', async () => {
    const before = await counts();
    expect(
      await failure(
        sandbox.rpc.call(BeginMilestoneFileUploadRpc, { actor: actors.inspector, milestoneId, filename: 'a.pdf' }),
      ),
    ).toMatchObject({ code: 'forbidden', message: '验收组无权上传节点文件' });
    expect(await counts()).toEqual(before);
  });
});

describe('rescheduling with a reason and an extra milestone’s own reminder plan (real Postgres and NATS)', () => {
  let sandbox: ProjectsSandbox;
  let projectId: string;

  beforeAll(async () => {
    sandbox = await startProjectsSandbox('msplans');
    const [linxian] = await sandbox.rpc.call(ListProjectsRpc, { actor: actors.linxian, region: LINXIAN });
    projectId = linxian?.id as string;
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  it('keeps the reason of a reschedule in the audit trail and re-plans an extra milestone’s reminders', async () => {
    const officers = await sandbox.rpc.call(ListOfficersRpc, { actor: actors.linxian, projectId });
    const extra = await sandbox.rpc.call(CreateMilestoneRpc, {
      actor: actors.linxian,
      projectId,
      milestone: {
        title: '设备采购验收',
        dueAt: '2023-06-15T10:00:00.000Z',
        responsibleOfficerIds: [officers[0]?.id as string],
        reminderPlan: ['-P1D', 'PT0S'],
      },
    });
    const moved = await sandbox.rpc.call(UpdateMilestoneRpc, {
      actor: actors.linxian,
      milestoneId: extra.id,
      changes: { dueAt: '2023-06-20T10:00:00.000Z', reason: '供货商延期交付' },
    });
    expect(moved.dueAt).toBe('2023-06-20T10:00:00.000Z');
    const [audit] = await sandbox.db.query<{ action: string; detail: string }>(
      `SELECT action, detail FROM projects.audit_log WHERE target_id = $1 AND outcome = 'done' ORDER BY id DESC LIMIT 1`,
      [extra.id],
    );
    expect(audit).toEqual({ action: 'milestone.reschedule', detail: '调整原因：供货商延期交付' });

    const replanned = await sandbox.rpc.call(UpdateMilestoneRpc, {
      actor: actors.linxian,
      milestoneId: extra.id,
      changes: { reminderPlan: ['-P3D', '-P1D', 'PT0S'] },
    });
    expect(replanned.reminderPlan).toEqual(['-P3D', '-P1D', 'PT0S']);
    const updates = await sandbox.outboxEnvelopes<{ changed: string[]; reminderPlan: string[] }>(
      MilestoneUpdated.type,
      extra.id,
    );
    expect(updates.map((event) => [event.data.changed, event.data.reminderPlan])).toEqual([
      [['reminderPlan'], ['-P3D', '-P1D', 'PT0S']],
    ]);
  });

  it('refuses a reminder plan on a template milestone, naming the field; nothing written', async () => {
    const milestones = await sandbox.rpc.call(ListMilestonesRpc, { actor: actors.lvliang, projectId });
    const plan = milestones.find((milestone) => milestone.key === 'plan');
    const before = await sandbox.outboxCount(MilestoneUpdated.type, plan?.id);
    const error = await failure(
      sandbox.rpc.call(UpdateMilestoneRpc, {
        actor: actors.lvliang,
        milestoneId: plan?.id as string,
        changes: { reminderPlan: ['-P1D'] },
      }),
    );
    expect(error).toMatchObject({ code: 'validation_failed' });
    expect(error.errors?.[0]?.field).toBe('reminderPlan');
    expect(await sandbox.outboxCount(MilestoneUpdated.type, plan?.id)).toBe(before);
  });
});
