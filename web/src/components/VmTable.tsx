/**
 * The VM table: every VM of the view (all, a site's, a tenant's) with a filter
 * box and sortable columns; the accessible way to everything the canvas
 * shows. The rows shown can be moved to a site in waves (MoveShownInWaves). Windowed: only the rows in view are in the DOM (row-window.ts), so
 * 100,000 VMs scroll as smoothly as 300.
 *
 * Keyboard: Tab reaches the rows; arrows, Page Up/Down, Home and End move;
 * Enter selects; `m` asks to move the VM. The move planner is wired through
 * the props `onRowPointerDown` (drag start) and `onMoveTo`.
 */
import type { Estate } from '@vmmi/shared';
import {
  useDeferredValue,
  useEffect,
  useId,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type PointerEvent,
} from 'react';
import {
  filterRows,
  nextSort,
  scopeRows,
  sortRows,
  vmRows,
  type VmColumn,
  type VmScope,
  type VmSort,
} from '../estate/vm-rows.ts';
import { rowWindow, scrollToRow } from './row-window.ts';
import { refusedProps } from '../auth/refused-props.ts';
import { fmtCount } from '../planner/format.ts';
import { MoveShownInWaves } from './MoveShownInWaves.tsx';

export interface VmTableProps {
  estate: Estate;
  scope: VmScope;
  selectedVmId?: string | null;
  onSelect?: (vmId: string) => void;
  /** A pointer went down on a row: the start of a drag to the canvas. */
  onRowPointerDown?: (vmId: string, event: PointerEvent) => void;
  /** "Move to…" on a row, or `m` on a focused row. */
  onMoveTo?: (vmId: string) => void;
  /** Why the caller may not move VMs (the buttons say so, disabled); null: may. */
  moveRefusal?: string | null;
}

/** Fixed heights (px), matched by styles.css: windowing needs to know where every row is. */
export const ROW_HEIGHT = 30;
const HEAD_HEIGHT = 32;

const COLUMNS: { key: VmColumn; label: string; width: number }[] = [
  { key: 'name', label: 'Name', width: 190 },
  { key: 'tenant', label: 'Tenant', width: 130 },
  { key: 'site', label: 'Site', width: 140 },
  { key: 'host', label: 'Host', width: 110 },
  { key: 'ipv4', label: 'IPv4', width: 110 },
  { key: 'ipv6', label: 'IPv6', width: 150 },
  { key: 'mac', label: 'MAC', width: 140 },
  { key: 'vcpu', label: 'vCPU', width: 60 },
  { key: 'memoryGiB', label: 'Memory', width: 80 },
  { key: 'network', label: 'Network', width: 170 },
];

const noop = () => {};

export function VmTable({
  estate,
  scope,
  selectedVmId = null,
  onSelect = noop,
  onRowPointerDown = noop,
  onMoveTo = noop,
  moveRefusal = null,
}: VmTableProps) {
  const [query, setQuery] = useState('');
  const [sort, setSort] = useState<VmSort | null>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(400);
  const [active, setActive] = useState(0);
  const scroller = useRef<HTMLDivElement>(null);
  const focusActive = useRef(false);
  const tableId = useId();

  const scopeKey =
    scope.kind === 'site'
      ? `site:${scope.siteId}`
      : scope.kind === 'tenant'
        ? `tenant:${scope.tenantId}`
        : 'global';
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the scope is compared by its key
  const scoped = useMemo(() => scopeRows(vmRows(estate), scope), [estate, scopeKey]);
  const sorted = useMemo(() => (sort ? sortRows(scoped, sort) : scoped), [scoped, sort]);
  // Filtering 100,000 rows takes a moment: the box stays responsive, the rows follow.
  const deferredQuery = useDeferredValue(query);
  const rows = useMemo(() => filterRows(sorted, deferredQuery), [sorted, deferredQuery]);

  const rowsViewport = viewport - HEAD_HEIGHT;
  const win = rowWindow(rows.length, scrollTop, rowsViewport, ROW_HEIGHT);
  const current = Math.min(active, Math.max(0, rows.length - 1));

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setViewport(el.clientHeight));
    observer.observe(el);
    setViewport(el.clientHeight);
    return () => observer.disconnect();
  }, []);

  /** Makes row `i` the active one, scrolls it into view and, from the keyboard, focuses it. */
  const activate = (i: number, focus: boolean) => {
    const next = Math.max(0, Math.min(rows.length - 1, i));
    setActive(next);
    const el = scroller.current;
    if (el) {
      const top = scrollToRow(next, el.scrollTop, rowsViewport, ROW_HEIGHT);
      if (top !== el.scrollTop) {
        el.scrollTop = top;
        setScrollTop(top);
      }
    }
    focusActive.current = focus;
  };

  // A VM chosen elsewhere (search, canvas) is scrolled into view; the scroll event renders its rows.
  useEffect(() => {
    const el = scroller.current;
    const i = selectedVmId === null ? -1 : rows.findIndex((r) => r.id === selectedVmId);
    if (!el || i < 0) return;
    el.scrollTop = scrollToRow(i, el.scrollTop, el.clientHeight - HEAD_HEIGHT, ROW_HEIGHT);
  }, [selectedVmId, rows]);

  // The active row may only now have been rendered: focus it after the render.
  useEffect(() => {
    if (!focusActive.current) return;
    focusActive.current = false;
    // The vertical scroll is already right; the browser's would also scroll the wide table sideways.
    scroller.current
      ?.querySelector<HTMLElement>(`tr[data-row="${current}"]`)
      ?.focus({ preventScroll: true });
  });

  const onRowKeyDown = (e: KeyboardEvent<HTMLTableRowElement>, i: number, vmId: string) => {
    const page = Math.max(1, Math.floor(rowsViewport / ROW_HEIGHT) - 1);
    const moves: Record<string, number> = {
      ArrowDown: i + 1,
      ArrowUp: i - 1,
      PageDown: i + page,
      PageUp: i - page,
      Home: 0,
      End: rows.length - 1,
    };
    const to = moves[e.key];
    if (to !== undefined) {
      e.preventDefault();
      activate(to, true);
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onSelect(vmId);
    } else if (e.key === 'm' && !e.ctrlKey && !e.metaKey && !e.altKey) {
      e.preventDefault();
      onMoveTo(vmId);
    }
  };

  const sortOf = (key: VmColumn) => (sort?.column === key ? sort.direction : ('none' as const));
  // The tab stop: the active row when it is rendered, else the first one that is.
  const tabRow = current >= win.start && current < win.end ? current : win.start;
  const countText =
    rows.length === scoped.length
      ? `${fmtCount(rows.length)} VMs`
      : `${fmtCount(rows.length)} of ${fmtCount(scoped.length)} VMs`;

  return (
    <div className="vmt">
      <div className="vmt-bar">
        <label className="vmt-filter">
          <span className="muted">Filter</span>
          <input
            type="search"
            value={query}
            onChange={(e) => {
              setQuery(e.target.value);
              setActive(0);
            }}
            placeholder="name, cluster, tenant, site, host, IP, MAC…"
            title="Matches the name, cluster, tenant, site, host, IPv4, IPv6, MAC or network"
            aria-controls={tableId}
            data-testid="vm-filter"
          />
        </label>
        <span className="vmt-count" role="status" data-testid="vm-count" data-count={rows.length}>
          {countText}
        </span>
        <MoveShownInWaves
          estate={estate}
          scope={scope}
          query={deferredQuery}
          rows={rows}
          moveRefusal={moveRefusal}
        />
      </div>
      <div
        ref={scroller}
        className="vmt-scroll"
        onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      >
        <table
          id={tableId}
          role="grid"
          className="vmt-table"
          aria-label="Virtual machines"
          aria-rowcount={rows.length + 1}
          data-testid="vm-table"
        >
          <colgroup>
            {COLUMNS.map((c) => (
              <col key={c.key} style={{ width: c.width }} />
            ))}
            <col style={{ width: 96 }} />
          </colgroup>
          <thead>
            <tr aria-rowindex={1}>
              {COLUMNS.map((c) => (
                <th key={c.key} scope="col" aria-sort={sortOf(c.key)}>
                  <button
                    type="button"
                    className="vmt-sort"
                    onClick={() => setSort((s) => nextSort(s, c.key))}
                    data-testid={`vm-sort-${c.key}`}
                  >
                    {c.label}
                    <span aria-hidden="true" className="vmt-arrow">
                      {sortOf(c.key) === 'ascending'
                        ? '▲'
                        : sortOf(c.key) === 'descending'
                          ? '▼'
                          : ''}
                    </span>
                  </button>
                </th>
              ))}
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {win.before > 0 && <Spacer height={win.before} />}
            {rows.slice(win.start, win.end).map((r, k) => {
              const i = win.start + k;
              const selected = r.id === selectedVmId;
              return (
                <tr
                  key={r.id}
                  className="vmt-row"
                  aria-rowindex={i + 2}
                  aria-selected={selected}
                  tabIndex={i === tabRow ? 0 : -1}
                  data-row={i}
                  data-vm-id={r.id}
                  data-testid={`vm-row-${r.id}`}
                  onFocus={() => setActive(i)}
                  onClick={() => {
                    setActive(i);
                    onSelect(r.id);
                  }}
                  onKeyDown={(e) => onRowKeyDown(e, i, r.id)}
                  onPointerDown={(e) => onRowPointerDown(r.id, e)}
                >
                  <td title={r.name}>{r.name}</td>
                  <td title={r.tenant}>{r.tenant}</td>
                  <td title={r.site}>{r.site}</td>
                  <td title={r.hostId}>{r.host}</td>
                  <td className="mono">{r.ipv4}</td>
                  <td className="mono" title={r.ipv6}>
                    {r.ipv6}
                  </td>
                  <td className="mono">{r.mac}</td>
                  <td className="num">{r.vcpu}</td>
                  <td className="num">{r.memoryGiB} GiB</td>
                  <td title={r.network}>{r.network}</td>
                  <td>
                    <button
                      type="button"
                      className="btn btn-ghost vmt-move"
                      tabIndex={-1}
                      title="Move to… (m)"
                      {...refusedProps(moveRefusal)}
                      onPointerDown={(e) => e.stopPropagation()}
                      onClick={(e) => {
                        e.stopPropagation();
                        onMoveTo(r.id);
                      }}
                      data-testid={`vm-move-${r.id}`}
                    >
                      Move to…
                    </button>
                  </td>
                </tr>
              );
            })}
            {win.after > 0 && <Spacer height={win.after} />}
          </tbody>
        </table>
        {rows.length === 0 && <p className="vmt-empty muted">No VM matches.</p>}
      </div>
    </div>
  );
}

/** Stands in for the rows scrolled out of view; a cell, because an empty row has no height. */
function Spacer({ height }: { height: number }) {
  return (
    <tr aria-hidden="true" className="vmt-spacer">
      <td colSpan={COLUMNS.length + 1} style={{ height }} />
    </tr>
  );
}
