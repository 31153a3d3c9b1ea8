/** NetBox device roles → our device roles: a default rule by slug, which the caller may override. */
import { MappedRoleSchema, type MappedRole } from './report.ts';

/** The default mapping of the common NetBox role slugs (those of NetBox's demo data among them). */
export const DEFAULT_NETBOX_ROLE_MAP: Readonly<Record<string, MappedRole>> = {
  router: 'gateway',
  'core-switch': 'core',
  'distribution-switch': 'aggregation',
  'access-switch': 'access',
  'tor-switch': 'leaf',
  'spine-switch': 'spine',
  'leaf-switch': 'leaf',
  'application-server': 'host',
  'database-server': 'host',
};

/** What a role slug becomes: the given map, then the defaults, then any "server" role is a host. */
export function resolveRole(
  slug: string,
  given: Readonly<Record<string, MappedRole>>,
): { role: MappedRole; source: 'default' | 'given' } {
  const own = given[slug];
  if (own) return { role: own, source: 'given' };
  const role = DEFAULT_NETBOX_ROLE_MAP[slug] ?? (slug.includes('server') ? 'host' : 'skip');
  return { role, source: 'default' };
}

export class RoleMapSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RoleMapSyntaxError';
  }
}

/** Parses `slug=role` entries (the CLI's `--role-map`); a bad one throws RoleMapSyntaxError. */
export function parseRoleMapEntries(entries: readonly string[]): Record<string, MappedRole> {
  const map: Record<string, MappedRole> = {};
  for (const entry of entries) {
    const m = /^([a-z0-9_-]+)=(.+)$/i.exec(entry.trim());
    const role = m && MappedRoleSchema.safeParse(m[2]);
    if (!m || !role?.success)
      throw new RoleMapSyntaxError(
        `"${entry}" is not slug=role (role: ${MappedRoleSchema.options.flatMap((o) => ('options' in o ? o.options : [o.value])).join(', ')})`,
      );
    map[m[1]!] = role.data;
  }
  return map;
}
