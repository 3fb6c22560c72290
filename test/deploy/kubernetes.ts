import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { parseAllDocuments } from 'yaml';
import { Deployment } from 'kubernetes-models/apps/v1';
import { Ingress, NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { Namespace, Secret, Service } from 'kubernetes-models/v1';

/** The repository root: jest runs from it. */
export const ROOT = process.cwd();
export const K8S_DIR = join(ROOT, 'deploy', 'kubernetes');

/** One YAML document of a manifest file, as plain data. */
export interface Manifest {
  readonly file: string;
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly annotations?: Record<string, string> };
  // The tests read nested fields freely; the schema checks below vouch for their shape.
  readonly spec?: any;
  readonly stringData?: Record<string, string>;
}

/** The files of deploy/kubernetes (and examples/) that are YAML, relative to it. */
export function yamlFiles(): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory() ? walk(join(dir, entry.name)) : /\.ya?ml$/.test(entry.name) ? [join(dir, entry.name)] : [],
    );
  return walk(K8S_DIR)
    .map((file) => relative(K8S_DIR, file))
    .sort();
}

/** Every document of a file, with the parser's errors and warnings. */
export function readManifests(file: string): { manifests: Manifest[]; problems: string[] } {
  const documents = parseAllDocuments(readFileSync(join(K8S_DIR, file), 'utf8'));
  const list = Array.isArray(documents) ? documents : [documents];
  const problems = list.flatMap((doc) => [...doc.errors, ...doc.warnings].map((p) => `${file}: ${p.message}`));
  const manifests = list.map((doc) => ({ ...(doc.toJS() as Omit<Manifest, 'file'>), file }));
  return { manifests, problems };
}

/** The models this folder may hold, by `apiVersion kind`: each validates against the Kubernetes OpenAPI schema. */
const MODELS = {
  'apps/v1 Deployment': { model: Deployment, type: ['kubernetes-models/apps/v1', 'IDeployment'] },
  'v1 Service': { model: Service, type: ['kubernetes-models/v1', 'IService'] },
  'v1 Secret': { model: Secret, type: ['kubernetes-models/v1', 'ISecret'] },
  'v1 Namespace': { model: Namespace, type: ['kubernetes-models/v1', 'INamespace'] },
  'policy/v1 PodDisruptionBudget': { model: PodDisruptionBudget, type: ['kubernetes-models/policy/v1', 'IPodDisruptionBudget'] },
  'networking.k8s.io/v1 Ingress': { model: Ingress, type: ['kubernetes-models/networking.k8s.io/v1', 'IIngress'] },
  'networking.k8s.io/v1 NetworkPolicy': { model: NetworkPolicy, type: ['kubernetes-models/networking.k8s.io/v1', 'INetworkPolicy'] },
} as const;

/** What the JSON schema finds wrong with a manifest (types, enums, required fields), or []. */
export function schemaProblems(manifest: Manifest): string[] {
  const entry = MODELS[`${manifest.apiVersion} ${manifest.kind}` as keyof typeof MODELS];
  if (!entry) return [`${manifest.file}: no schema for ${manifest.apiVersion} ${manifest.kind}`];
  const { file: _file, ...data } = manifest;
  try {
    // The model's constructor takes the data as it is; validate() throws on the first failed rule set.
    new (entry.model as unknown as new (data: unknown) => { validate(): void })(data).validate();
    return [];
  } catch (error) {
    return [`${manifest.file} ${manifest.kind}/${manifest.metadata?.name}: ${(error as Error).message}`];
  }
}

/**
 * Fields the API server would refuse as unknown (kubectl's default --validate=strict), which the
 * JSON schemas allow: the manifests are type-checked as object literals of the models' TypeScript
 * types, whose excess-property check names any misspelt or misplaced field.
 */
export function unknownFieldProblems(manifests: readonly Manifest[]): string[] {
  const virtual = join(ROOT, 'test', 'deploy', '__kubernetes_manifests__.ts');
  const lines = manifests.map((manifest, i) => {
    const entry = MODELS[`${manifest.apiVersion} ${manifest.kind}` as keyof typeof MODELS];
    if (!entry) return '';
    const { file: _file, ...data } = manifest;
    return `// ${manifest.file}\nexport const m${i}: import('${entry.type[0]}').${entry.type[1]} = ${JSON.stringify(data)};`;
  });
  const source = lines.join('\n');
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, version, ...rest) =>
    name === virtual ? ts.createSourceFile(name, source, version) : getSourceFile(name, version, ...rest);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => name === virtual || fileExists(name);
  const program = ts.createProgram([virtual], options, host);
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    if (!diagnostic.file || diagnostic.start === undefined) return message;
    const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
    const where = diagnostic.file.fileName === virtual ? (source.split('\n')[line - 1] ?? '') : diagnostic.file.fileName;
    return `${where}: ${message}`;
  });
}

/** Whether a label selector's matchLabels all hold for these labels. */
export function selects(
  selector: { matchLabels?: Record<string, string> } | undefined,
  labels: Record<string, string> | undefined,
): boolean {
  const wanted = Object.entries(selector?.matchLabels ?? {});
  return wanted.length > 0 && wanted.every(([key, value]) => labels?.[key] === value);
}

/** A Kubernetes quantity in base units (cores, bytes). */
export function quantity(value: string | number): number {
  const match = /^(\d+(?:\.\d+)?)(m|Ki|Mi|Gi|k|M|G)?$/.exec(String(value));
  if (!match) throw new Error(`not a quantity this test reads: ${value}`);
  const units: Record<string, number> = { m: 1e-3, k: 1e3, M: 1e6, G: 1e9, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3 };
  return Number(match[1]) * (match[2] ? units[match[2]]! : 1);
}

/** ingress-nginx's buildAuthSignURL: the redirect parameter it adds to auth-signin, unless present. */
export function authSignInUrl(signIn: string, redirectParam = 'rd'): string {
  const value = `$pass_access_scheme://$http_host$escaped_request_uri`;
  const query = new URL(signIn).searchParams;
  if ([...query.keys()].length === 0) return `${signIn}?${redirectParam}=${value}`;
  return query.get(redirectParam) ? signIn : `${signIn}&${redirectParam}=${value}`;
}
