import { createHash } from 'node:crypto';
import {
  AbortEvidenceUploadRpc,
  BeginEvidenceUploadRpc,
  EvidenceChunkRpc,
  FinishEvidenceUploadRpc,
  GetInspectionRpc,
  OpenInspectionRpc,
  type InspectionView,
} from '@duban/contracts';
import { demoActors, LINXIAN } from '@duban/testing';
import { failure, startEvaluationSandbox, type EvaluationSandbox } from '../__fixtures__/evaluation-sandbox';
import { EvidenceStorage } from '@duban/platform';

const MAX_BYTES = 600 * 1024;
const PNG_HEADER = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('evidence uploads in chunks (real Postgres and NATS, local disk storage)', () => {
  let sandbox: EvaluationSandbox;
  let inspection: InspectionView;
  let itemId: string;

  beforeAll(async () => {
    sandbox = await startEvaluationSandbox('evidence', { maxBytes: MAX_BYTES });
    inspection = await sandbox.rpc.call(OpenInspectionRpc, {
      actor: demoActors.lvliang,
      projectId: sandbox.projects[LINXIAN] as string,
      kind: 'inspection',
      date: '2023-10-20',
      inspectors: ['inspector'],
    });
    itemId = inspection.items.find((item) => item.number === 6)?.id as string;
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  /** Sends `data` as the gateway does: begin, chunks of the size the service asks for, finish with size and hash. */
  async function upload(data: Buffer, filename: string) {
    const { uploadId, chunkBytes } = await sandbox.rpc.call(BeginEvidenceUploadRpc, {
      actor: demoActors.inspector,
      inspectionId: inspection.id,
      itemId,
      filename,
    });
    for (let index = 0; index * chunkBytes < data.length; index++) {
      const slice = data.subarray(index * chunkBytes, (index + 1) * chunkBytes);
      await sandbox.rpc.call(EvidenceChunkRpc, {
        actor: demoActors.inspector,
        uploadId,
        index,
        data: slice.toString('base64'),
      });
    }
    return sandbox.rpc.call(FinishEvidenceUploadRpc, {
      actor: demoActors.inspector,
      uploadId,
      sizeBytes: data.length,
      sha256: createHash('sha256').update(data).digest('hex'),
    });
  }

  it('stores a photo sent in several chunks, with the SHA-256 of what was stored', async () => {
    const photo = Buffer.concat([PNG_HEADER, Buffer.alloc(300 * 1024, 7)]);
    const file = await upload(photo, '标识.png');
    const expected = createHash('sha256').update(photo).digest('hex');
    expect(file).toMatchObject({
      filename: '标识.png',
      contentType: 'image/png',
      sizeBytes: photo.length,
      sha256: expected,
    });
    const [row] = (await sandbox.db.query(`SELECT storage_key FROM evaluation.evidence WHERE id = $1`, [file.id])) as {
      storage_key: string;
    }[];
    const stored = await sandbox.app.get(EvidenceStorage).get(row?.storage_key as string);
    expect(createHash('sha256').update(stored).digest('hex')).toBe(expected);
    const view = await sandbox.rpc.call(GetInspectionRpc, { actor: demoActors.inspector, inspectionId: inspection.id });
    expect(view.items.find((item) => item.id === itemId)?.evidence.map((e) => e.sha256)).toEqual([expected]);
  });

  it('refuses a file whose content is not an accepted type, whatever its name says; nothing stored', async () => {
    const before = await sandbox.writeCounts();
    const error = await failure(upload(Buffer.from('MZ\x90\x00 this is an executable'), 'photo.jpg'));
    expect(error).toMatchObject({ code: 'validation_failed' });
    expect(error.errors?.[0]).toMatchObject({ field: 'file' });
    expect(error.errors?.[0]?.message).toContain('按文件内容判断');
    expect(await sandbox.writeCounts()).toEqual(before);
  });

  it('refuses a file over the size limit as soon as it gets there; nothing stored', async () => {
    const before = await sandbox.writeCounts();
    const error = await failure(upload(Buffer.concat([PNG_HEADER, Buffer.alloc(MAX_BYTES)]), 'big.png'));
    expect(error).toMatchObject({
      code: 'validation_failed',
      errors: [{ field: 'file', message: '文件超过 0.6 MB 上限' }],
    });
    expect(await sandbox.writeCounts()).toEqual(before);
  });

  it('refuses bytes that do not match the checksum the sender computed', async () => {
    const { uploadId } = await sandbox.rpc.call(BeginEvidenceUploadRpc, {
      actor: demoActors.inspector,
      inspectionId: inspection.id,
      itemId,
      filename: 'x.pdf',
    });
    const data = Buffer.from('%PDF-1.7 test');
    await sandbox.rpc.call(EvidenceChunkRpc, {
      actor: demoActors.inspector,
      uploadId,
      index: 0,
      data: data.toString('base64'),
    });
    const error = await failure(
      sandbox.rpc.call(FinishEvidenceUploadRpc, {
        actor: demoActors.inspector,
        uploadId,
        sizeBytes: data.length,
        sha256: '0'.repeat(64),
      }),
    );
    expect(error.errors?.[0]?.message).toContain('校验值不符');
  });

  it('lets only the inspection’s inspectors add evidence', async () => {
    const error = await failure(
      sandbox.rpc.call(BeginEvidenceUploadRpc, {
        actor: demoActors.linxian,
        inspectionId: inspection.id,
        itemId,
        filename: 'a.png',
      }),
    );
    expect(error).toMatchObject({ code: 'forbidden' });
  });

  it('aborts an unfinished upload once, and only for the inspector who began it', async () => {
    const { uploadId } = await sandbox.rpc.call(BeginEvidenceUploadRpc, {
      actor: demoActors.inspector,
      inspectionId: inspection.id,
      itemId,
      filename: 'a.png',
    });
    expect(await sandbox.rpc.call(AbortEvidenceUploadRpc, { actor: demoActors.linxian, uploadId })).toEqual({
      aborted: false,
    });
    expect(await sandbox.rpc.call(AbortEvidenceUploadRpc, { actor: demoActors.inspector, uploadId })).toEqual({
      aborted: true,
    });
    expect(await sandbox.rpc.call(AbortEvidenceUploadRpc, { actor: demoActors.inspector, uploadId })).toEqual({
      aborted: false,
    });
  });
});
