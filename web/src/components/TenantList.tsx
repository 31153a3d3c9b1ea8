/**
 * The tenants under the data center list: a button per tenant that opens its
 * overlay view (networks, VMs by site, tunnels), the keyboard way in as much
 * as the pointer's.
 */
import type { Estate } from '@vmmi/shared';
import { useMemo } from 'react';

export interface TenantListProps {
  estate: Estate;
  currentTenantId: string | null;
  onOpen: (tenantId: string) => void;
}

export function TenantList({ estate, currentTenantId, onOpen }: TenantListProps) {
  const counts = useMemo(() => {
    const vms = new Map<string, number>();
    for (const vm of estate.vms) vms.set(vm.tenantId, (vms.get(vm.tenantId) ?? 0) + 1);
    const nets = new Map<string, number>();
    for (const n of estate.networks) nets.set(n.tenantId, (nets.get(n.tenantId) ?? 0) + 1);
    return { vms, nets };
  }, [estate]);

  if (estate.tenants.length === 0) return null;
  return (
    <section className="tenants" aria-labelledby="tenants-heading">
      <h2 id="tenants-heading" className="panel-heading">
        Tenants <span className="count">{estate.tenants.length}</span>
      </h2>
      <ul className="site-list">
        {estate.tenants.map((t) => (
          <li key={t.id}>
            <button
              type="button"
              className="site-entry"
              aria-current={t.id === currentTenantId ? 'page' : undefined}
              onClick={() => onOpen(t.id)}
              data-testid={`tenant-${t.id}`}
            >
              <span className="site-dot tenant-dot" aria-hidden="true" />
              <span className="site-text">
                <span className="site-name">{t.name}</span>
                <span className="site-meta">
                  {counts.nets.get(t.id) ?? 0} networks · overlay view
                </span>
              </span>
              <span className="site-vms" title="VMs">
                {counts.vms.get(t.id) ?? 0}
                <span className="visually-hidden"> VMs</span>
              </span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
