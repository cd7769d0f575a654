import { readFileSync } from 'node:fs';
import { join } from 'node:path';
// js-yaml comes with @nestjs/swagger (a dependency); its own types are not installed.
const yaml = require('js-yaml') as { load(text: string): unknown };

const ROOT = join(__dirname, '../../../..');

/** YAML merge keys (`<<: *app`), as Compose applies them (js-yaml 5 leaves them as plain keys). */
function merged(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(merged);
  if (!value || typeof value !== 'object') return value;
  const { '<<': base, ...own } = value as Record<string, unknown>;
  const bases = (Array.isArray(base) ? base : base ? [base] : []).map(merged) as Record<string, unknown>[];
  const ownMerged = Object.fromEntries(Object.entries(own).map(([key, item]) => [key, merged(item)]));
  return Object.assign({}, ...bases, ownMerged);
}

interface ComposeService {
  environment?: Record<string, string>;
  volumes?: string[];
  [key: string]: unknown;
}
interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

/**
 * Issue 12, finding 11: in the compose deployment the evaluation service could not store evidence (the image
 * runs as `node`, /app belongs to root, no volume) and files would vanish with the container while their rows
 * stay. The store must be a named volume, at a directory the runtime user owns, configured by env.
 */
describe('the compose deployment keeps evidence files (deploy/compose.yaml, deploy/Dockerfile)', () => {
  const compose = merged(yaml.load(readFileSync(join(ROOT, 'deploy/compose.yaml'), 'utf8'))) as ComposeFile;
  const dockerfile = readFileSync(join(ROOT, 'deploy/Dockerfile'), 'utf8');
  const evaluation = compose.services.evaluation as ComposeService;
  const evidenceDir = evaluation.environment?.DUBAN_EVIDENCE_DIR;

  it('configures the evaluation service with an absolute evidence directory outside /app (root-owned)', () => {
    expect(evidenceDir).toMatch(/^\//);
    expect(evidenceDir?.startsWith('/app')).toBe(false);
    // The shared settings are still merged in.
    expect(evaluation.environment?.DUBAN_DATABASE_URL).toBeDefined();
  });

  it('mounts a named volume, declared at the top level, at that directory', () => {
    const mount = (evaluation.volumes ?? []).find((volume) => volume.split(':')[1] === evidenceDir);
    expect(mount).toBeDefined();
    const name = (mount as string).split(':')[0] as string;
    // A name, not a host path: the files belong to the deployment, not to one directory on one host.
    expect(name).toMatch(/^[a-z][a-z0-9_-]*$/);
    expect(Object.keys(compose.volumes ?? {})).toContain(name);
  });

  it('builds an image whose runtime user owns that directory (an empty named volume copies its owner)', () => {
    const lines = dockerfile.split('\n').map((line) => line.trim());
    const userLine = lines.findIndex((line) => /^USER\s+node\b/.test(line));
    expect(userLine).toBeGreaterThan(-1);
    const beforeUser = lines.slice(0, userLine).join('\n');
    const dir = (evidenceDir as string).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    expect(beforeUser).toMatch(new RegExp(`RUN .*mkdir -p [^\\n]*${dir}`));
    expect(beforeUser).toMatch(/chown -R node:node /);
    const owned = /chown -R node:node (\S+)/.exec(beforeUser)?.[1] as string;
    expect((evidenceDir as string).startsWith(owned)).toBe(true);
    // The image alone (without compose) points the store there too.
    expect(beforeUser).toContain(`ENV DUBAN_EVIDENCE_DIR=${evidenceDir}`);
  });
});
