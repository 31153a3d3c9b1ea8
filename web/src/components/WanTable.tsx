/** The WAN links of the estate, busiest first: what a NOC screen watches. */
import type { Estate } from '@vmmi/shared';
import { useMemo } from 'react';
import { wanLoad } from '../estate/wan-load.ts';

const LIMIT = 8;

export function WanTable({ estate }: { estate: Estate }) {
  const rows = useMemo(() => {
    const siteOf = new Map(estate.devices.map((d) => [d.id, d.siteId]));
    const name = (id: string) => (siteOf.get(id) ?? id).toUpperCase();
    return [...estate.wanLinks]
      .sort((a, b) => b.utilisation - a.utilisation || a.id.localeCompare(b.id))
      .map((w) => ({ ...w, from: name(w.a), to: name(w.b), load: wanLoad(w) }));
  }, [estate]);
  if (!rows.length) return null;
  return (
    <section aria-labelledby="wan-heading">
      <h3 id="wan-heading" className="sub-heading">
        Busiest WAN links
      </h3>
      <table className="wan">
        <thead>
          <tr>
            <th scope="col">Link</th>
            <th scope="col" className="num">
              Capacity
            </th>
            <th scope="col" className="num">
              Latency
            </th>
            <th scope="col" className="num">
              Load
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.slice(0, LIMIT).map((w) => (
            <tr key={w.id}>
              <td>
                {w.from} ↔ {w.to}
              </td>
              <td className="num">{w.capacityGbps}G</td>
              <td className="num">{Math.round(w.latencyMs * 10) / 10} ms</td>
              <td className="num">
                <span className={`util util-${w.load.band}`}>{w.load.percent}%</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length > LIMIT && <p className="muted small">and {rows.length - LIMIT} more</p>}
    </section>
  );
}
