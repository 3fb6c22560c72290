import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { parseConfig } from '../../src/config/index.js';
import { BODY_LIMIT_BYTES } from '../../src/http-setup.js';
import {
  K8S_DIR,
  ROOT,
  authSignInUrl,
  quantity,
  readManifests,
  schemaProblems,
  selects,
  unknownFieldProblems,
  yamlFiles,
} from './kubernetes.js';

/**
 * What can be checked of deploy/kubernetes without a cluster: every document against the
 * Kubernetes OpenAPI schemas (kubernetes-models) and for unknown fields, and that the objects are
 * wired to each other, to Sesame's configuration and to what Sesame's code answers.
 */
const files = yamlFiles();
const loaded = files.filter((file) => file !== 'kustomization.yaml').map(readManifests);
const manifests = loaded.flatMap((l) => l.manifests);
const kustomization = parse(readFileSync(join(K8S_DIR, 'kustomization.yaml'), 'utf8')) as {
  namespace: string;
  resources: string[];
  images?: { name: string; newName?: string; newTag?: string }[];
};
const find = (kind: string, file?: string) => {
  const found = manifests.filter((m) => m.kind === kind && (file === undefined || m.file === file));
  if (found.length !== 1) throw new Error(`expected one ${kind}${file ? ` in ${file}` : ''}, found ${found.length}`);
  return found[0]!;
};
const deployment = find('Deployment');
const pod = deployment.spec.template;
const container = pod.spec.containers[0];
const secret = find('Secret', 'examples/secret.example.yaml');
const service = find('Service');
const sesameIngress = find('Ingress', 'ingress.yaml');
const appIngress = find('Ingress', 'examples/protected-app-ingress.yaml');
const annotations = appIngress.metadata.annotations ?? {};
const env: { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }[] = container.env;
const containerPort = (name: string | number) =>
  container.ports.find((p: { name: string; containerPort: number }) => p.name === name || p.containerPort === name);
// The environment the pod gets once the Secret exists, with the example's placeholders.
// (String(): a value of the wrong type is the schema test's to report, not a crash here.)
const podEnv = Object.fromEntries(
  env.map((e) => [e.name, e.value !== undefined ? String(e.value) : secret.stringData?.[e.valueFrom?.secretKeyRef?.key ?? '']]),
);
const parsed = parseConfig(podEnv);
const config = parsed.ok ? parsed.config : undefined;

describe('deploy/kubernetes', () => {
  it('parses, and is valid against the Kubernetes API schemas', () => {
    expect(loaded.flatMap((l) => l.problems)).toEqual([]);
    expect(manifests.map((m) => m.kind).sort()).toEqual([
      'Deployment',
      'Ingress',
      'Ingress',
      'Namespace',
      'NetworkPolicy',
      'PodDisruptionBudget',
      'Secret',
      'Service',
    ]);
    expect(manifests.flatMap(schemaProblems)).toEqual([]);
  });

  it('has no field that the API server would refuse as unknown', () => {
    expect(unknownFieldProblems(manifests)).toEqual([]);
  });

  it('applies with kubectl apply -k: the kustomization lists every manifest of the folder, and no example', () => {
    const topLevel = files.filter((file) => !file.includes('/') && file !== 'kustomization.yaml');
    expect([...kustomization.resources].sort()).toEqual(topLevel);
    expect(files.filter((file) => file.startsWith('examples/'))).toEqual([
      'examples/protected-app-ingress.yaml',
      'examples/secret.example.yaml',
    ]);
    // Each object names the namespace too, so that `kubectl apply -f` puts it where `-k` does.
    const namespaced = manifests.filter((m) => m.kind !== 'Namespace' && !m.file.startsWith('examples/protected-app'));
    expect(namespaced.filter((m) => m.metadata.namespace !== kustomization.namespace).map((m) => m.file)).toEqual([]);
    expect(find('Namespace').metadata.name).toBe(kustomization.namespace);
    expect(kustomization.images?.map((i) => i.name)).toEqual([container.image.split(':')[0]]);
  });
});

describe('the Deployment', () => {
  it('runs three replicas and upgrades one pod at a time without losing capacity', () => {
    expect(deployment.spec.replicas).toBe(3);
    expect(deployment.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } });
    expect(selects(deployment.spec.selector, pod.metadata.labels)).toBe(true);
  });

  it('probes /health/live and /health/ready on the port Sesame listens on', () => {
    const port = containerPort(container.startupProbe.httpGet.port);
    expect(port?.containerPort).toBe(config?.port);
    for (const probe of ['startupProbe', 'livenessProbe', 'readinessProbe'])
      expect(containerPort(container[probe].httpGet.port)).toBe(port);
    expect(container.startupProbe.httpGet.path).toBe('/health/live');
    expect(container.livenessProbe.httpGet.path).toBe('/health/live');
    expect(container.readinessProbe.httpGet.path).toBe('/health/ready');
  });

  it('waits long enough for migrations, and gives the readiness check time to answer 503 itself', () => {
    const { startupProbe, readinessProbe } = container;
    expect(startupProbe.periodSeconds * startupProbe.failureThreshold).toBeGreaterThanOrEqual(120);
    const readyTimeoutMs = Number(
      /READY_TIMEOUT_MS = ([\d_]+)/
        .exec(readFileSync(join(ROOT, 'src/modules/health/health.controller.ts'), 'utf8'))![1]!
        .replaceAll('_', ''),
    );
    expect(readinessProbe.timeoutSeconds * 1000).toBeGreaterThan(readyTimeoutMs);
  });

  it('leaves the endpoints before SIGTERM, and has time to finish a login in flight', () => {
    const [sleep, seconds] = container.lifecycle.preStop.exec.command;
    expect(sleep).toBe('sleep');
    expect(Number(seconds)).toBeGreaterThanOrEqual(5);
    const providerTimeoutS = config!.providerTimeoutMs / 1000;
    expect(pod.spec.terminationGracePeriodSeconds).toBeGreaterThan(Number(seconds) + providerTimeoutS);
  });

  it("runs as the image's non-root user, read-only, without privileges or a service account token", () => {
    expect(readFileSync(join(ROOT, 'Dockerfile'), 'utf8')).toMatch(/^USER node$/m); // uid 1000 in the node images
    expect(pod.spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' } });
    expect(container.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      capabilities: { drop: ['ALL'] },
    });
    expect(pod.spec.automountServiceAccountToken).toBe(false);
    const tmp = container.volumeMounts.find((m: { mountPath: string }) => m.mountPath === '/tmp');
    expect(pod.spec.volumes.find((v: { name: string }) => v.name === tmp?.name)?.emptyDir).toBeDefined();
    expect(find('Namespace').metadata).toMatchObject({ labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } });
  });

  it('spreads the replicas across nodes', () => {
    const byNode = pod.spec.topologySpreadConstraints.find((c: { topologyKey: string }) => c.topologyKey === 'kubernetes.io/hostname');
    expect(byNode).toMatchObject({ maxSkew: 1 });
    expect(selects(byNode.labelSelector, pod.metadata.labels)).toBe(true);
  });

  it('requests and limits CPU and memory, with the V8 heap inside the memory limit', () => {
    const { requests, limits } = container.resources;
    for (const resource of ['cpu', 'memory']) expect(quantity(requests[resource])).toBeLessThanOrEqual(quantity(limits[resource]));
    const heapMiB = Number(/--max-old-space-size=(\d+)/.exec(podEnv.NODE_OPTIONS ?? '')?.[1]);
    expect(heapMiB * 1024 ** 2).toBeLessThan(quantity(limits.memory));
    expect(readFileSync(join(K8S_DIR, 'deployment.yaml'), 'utf8')).toMatch(/# Sizing, from docs\/performance\.md/);
    expect(readFileSync(join(ROOT, 'docs', 'performance.md'), 'utf8')).toMatch(/^## Latest figures$/m); // where the sizing comes from
  });

  it('configures Sesame on PostgreSQL, without the demo, with secrets from the Secret only', () => {
    expect(parsed).toMatchObject({ ok: true });
    expect(config!.databaseUrl).toBeDefined();
    expect(config!.demo).toBe(false);
    expect(config!.trustedProxies.length).toBeGreaterThan(0);
    const fromSecret = env.filter((e) => e.valueFrom?.secretKeyRef).map((e) => e.valueFrom!.secretKeyRef!);
    expect(fromSecret.map((ref) => ref.name)).toEqual(fromSecret.map(() => secret.metadata.name));
    expect(fromSecret.map((ref) => ref.key).sort()).toEqual(Object.keys(secret.stringData ?? {}).sort());
    expect(fromSecret.map((ref) => ref.key)).toEqual(expect.arrayContaining(['DATABASE_URL', 'SESAME_SECRET_KEY', 'SESAME_ADMIN_TOKEN']));
    expect(env.filter((e) => /SECRET|TOKEN|DATABASE_URL|PASSWORD/.test(e.name) && e.value !== undefined)).toEqual([]);
    expect(Object.values(secret.stringData ?? {}).filter((value) => !value.includes('CHANGE-ME'))).toEqual([]);
  });
});

describe('Service, PodDisruptionBudget and NetworkPolicy', () => {
  it("select the Deployment's pods and name its port", () => {
    expect(service.spec.type).toBe('ClusterIP');
    expect(selects({ matchLabels: service.spec.selector }, pod.metadata.labels)).toBe(true);
    expect(containerPort(service.spec.ports[0].targetPort)).toBeDefined();
    const pdb = find('PodDisruptionBudget');
    expect(selects(pdb.spec.selector, pod.metadata.labels)).toBe(true);
    expect(pdb.spec.maxUnavailable ?? deployment.spec.replicas - pdb.spec.minAvailable).toBe(1);
    const policy = find('NetworkPolicy');
    expect(selects(policy.spec.podSelector, pod.metadata.labels)).toBe(true);
    expect(containerPort(policy.spec.ingress[0].ports[0].port)).toBeDefined();
  });

  it('let in only the ingress controller, and out only DNS, PostgreSQL and HTTPS', () => {
    const policy = find('NetworkPolicy');
    expect(policy.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(policy.spec.ingress).toHaveLength(1);
    expect(policy.spec.ingress[0].from).toEqual([
      expect.objectContaining({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }),
    ]);
    const egressPorts = policy.spec.egress.flatMap((rule: { ports: { port: number; protocol: string }[] }) =>
      rule.ports.map((p) => `${p.port}/${p.protocol}`),
    );
    expect(egressPorts.sort()).toEqual(['443/TCP', '53/TCP', '53/UDP', '5432/TCP']);
  });
});

describe('the Ingresses', () => {
  const sesameHost = () => new URL(config!.publicUrl).host;

  it("serve Sesame on its PUBLIC_URL's host, over https, with room for a configuration import", () => {
    expect(new URL(config!.publicUrl).protocol).toBe('https:');
    expect(sesameIngress.spec.rules.map((r: { host: string }) => r.host)).toEqual([sesameHost()]);
    expect(sesameIngress.spec.tls[0].hosts).toEqual([sesameHost()]);
    const backend = sesameIngress.spec.rules[0].http.paths[0].backend.service;
    expect(backend.name).toBe(service.metadata.name);
    expect(service.spec.ports.map((p: { name: string; port: number }) => p.name)).toContain(backend.port.name);
    const bodySize = quantity(sesameIngress.metadata.annotations!['nginx.ingress.kubernetes.io/proxy-body-size']!.replace(/m$/, 'Mi'));
    expect(bodySize).toBeGreaterThanOrEqual(BODY_LIMIT_BYTES);
  });

  it("protect an app: ingress-nginx asks Sesame's Service, in the cluster", () => {
    const port = service.spec.ports[0].port;
    expect(annotations['nginx.ingress.kubernetes.io/auth-url']).toBe(
      `http://${service.metadata.name}.${service.metadata.namespace}.svc.cluster.local:${port}/auth/check`,
    );
  });

  it("send a visitor without a session to Sesame's login page, with the address asked for in return_to", () => {
    const signIn = authSignInUrl(
      annotations['nginx.ingress.kubernetes.io/auth-signin']!,
      annotations['nginx.ingress.kubernetes.io/auth-signin-redirect-param'],
    );
    expect(signIn).toBe(`${config!.publicUrl}/login?return_to=$pass_access_scheme://$http_host$escaped_request_uri`);
    // Sesame's cookie is a host cookie: the app must be on Sesame's host for the browser to send it.
    expect(appIngress.spec.rules.map((r: { host: string }) => r.host)).toEqual([sesameHost()]);
  });

  it('pass on, and so overwrite, every identity header that Sesame sends', () => {
    const sent = [
      ...readFileSync(join(ROOT, 'src/modules/session/http/identity-headers.ts'), 'utf8').matchAll(
        /'((?:x-auth-request|remote)-[a-z-]+)'/g,
      ),
    ].map((m) => m[1]);
    expect(sent.length).toBeGreaterThanOrEqual(10);
    const passed = annotations['nginx.ingress.kubernetes.io/auth-response-headers']!.split(',').map((h) => h.trim().toLowerCase());
    expect([...new Set(passed)].sort()).toEqual([...new Set(sent)].sort());
  });
});
