import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { parseDocument } from 'yaml';

/** The repository root: jest runs from it. */
export const ROOT = process.cwd();
export const COMPOSE_FILE = join(ROOT, 'docker-compose.yml');

/** The parts of a compose service these tests read. */
export interface ComposeService {
  readonly image?: string;
  readonly build?: string | { readonly context?: string; readonly dockerfile?: string };
  readonly command?: string | readonly string[];
  readonly environment?: Readonly<Record<string, string | number | boolean | null>> | readonly string[];
  readonly volumes?: readonly (string | { readonly type?: string; readonly source?: string; readonly target?: string })[];
  readonly ports?: readonly (string | number)[];
  readonly healthcheck?: { readonly test?: string | readonly string[]; readonly disable?: boolean };
  readonly restart?: string;
  readonly depends_on?: readonly string[] | Readonly<Record<string, { readonly condition?: string }>>;
  readonly network_mode?: string;
  readonly networks?: Readonly<Record<string, { readonly ipv4_address?: string } | null>> | readonly string[];
  readonly 'x-no-healthcheck'?: string;
}

export interface ComposeFile {
  readonly services: Readonly<Record<string, ComposeService>>;
  readonly networks?: Readonly<Record<string, { readonly ipam?: { readonly config?: readonly { subnet?: string; ip_range?: string }[] } }>>;
  readonly volumes?: Readonly<Record<string, unknown>>;
}

export interface Mount {
  /** Path in the repository (relative to the compose file), or undefined for a named volume. */
  readonly hostPath: string | undefined;
  readonly target: string;
}

export function readComposeText(): string {
  return readFileSync(COMPOSE_FILE, 'utf8');
}

export function parseCompose(text: string): { compose: ComposeFile; problems: string[] } {
  const document = parseDocument(text);
  const problems = [...document.errors, ...document.warnings].map((problem) => problem.message);
  return { compose: document.toJS() as ComposeFile, problems };
}

export function service(compose: ComposeFile, name: string): ComposeService {
  const found = compose.services[name];
  if (!found) throw new Error(`docker-compose.yml has no service "${name}"`);
  return found;
}

/** The environment as a map, whichever of the two compose forms it is written in. */
export function environmentOf(svc: ComposeService): Record<string, string> {
  const env = svc.environment ?? {};
  if (Array.isArray(env)) {
    return Object.fromEntries(
      (env as readonly string[]).map((entry) => {
        const at = entry.indexOf('=');
        return at < 0 ? [entry, ''] : [entry.slice(0, at), entry.slice(at + 1)];
      }),
    );
  }
  return Object.fromEntries(Object.entries(env).map(([key, value]) => [key, value === null ? '' : String(value)]));
}

/** Bind mounts and named volumes, in either syntax. */
export function mountsOf(svc: ComposeService): Mount[] {
  return (svc.volumes ?? []).map((volume) => {
    if (typeof volume === 'string') {
      const [source = '', target = ''] = volume.split(':');
      const bind = source.startsWith('.') || isAbsolute(source);
      return { hostPath: bind ? source : undefined, target };
    }
    return { hostPath: volume.type === 'bind' ? volume.source : undefined, target: volume.target ?? '' };
  });
}

/** The repository file mounted at a path in the container (or at a path under a folder). */
export function mountedFile(svc: ComposeService, target: string | RegExp): string {
  const mount = mountsOf(svc).find((m) => (typeof target === 'string' ? m.target === target : target.test(m.target)));
  if (!mount?.hostPath) throw new Error(`nothing from the repository is mounted at ${String(target)}`);
  return join(ROOT, mount.hostPath);
}

/** `host:container` port pairs, as published. */
export function publishedPorts(svc: ComposeService): { host: number; container: number }[] {
  return (svc.ports ?? []).map((entry) => {
    const parts = String(entry).split('/')[0]!.split(':');
    const container = Number(parts.at(-1));
    const host = parts.length > 1 ? Number(parts.at(-2)) : container;
    return { host, container };
  });
}

export function dependencyCondition(svc: ComposeService, on: string): string | undefined {
  const deps = svc.depends_on;
  if (!deps) return undefined;
  if (Array.isArray(deps)) return (deps as readonly string[]).includes(on) ? 'service_started' : undefined;
  return (deps as Readonly<Record<string, { readonly condition?: string }>>)[on]?.condition ?? undefined;
}

/** Every string anywhere in a parsed YAML value. */
export function allStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(allStrings);
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, inner]) => [key, ...allStrings(inner)]);
  return [];
}
