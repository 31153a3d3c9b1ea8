/**
 * A containerlab file's nodes as devices-to-be: each node's settings merged as
 * containerlab merges them (defaults, then its kind's, then its group's, then its
 * own; labels merged key by key), its kind sorted into host, switch or left out,
 * and our labels read (docs/import-clab.md).
 */
import { DeviceRoleSchema, type DeviceRole } from '../../model/device.ts';
import { IdSchema, IpStackSchema, type IpStack } from '../../model/primitives.ts';
import { CLAB_LABELS, type ClabDocument, type ClabNodeConfig } from './clab-document.ts';
import { classifyKind } from './kinds.ts';
import type { ClabReport } from './report.ts';

export type LabelValue = string | number | boolean;

export interface ClabNode {
  /** The node's name in the file. */
  name: string;
  kind: string;
  labels: Record<string, LabelValue>;
  /** From `vmmi-role`, or `host` for server kinds; switches without a label get theirs from the tiers. */
  role: DeviceRole | undefined;
  isHost: boolean;
  siteId: string;
  deviceId: string;
  deviceName: string;
  stack: IpStack | undefined;
}

export interface ClabNodes {
  nodes: Map<string, ClabNode>;
  /** Nodes that are no device of ours, with the reason. */
  leftOut: Map<string, string>;
}

function merged(
  doc: ClabDocument,
  own: ClabNodeConfig,
): { kind?: string; labels: Record<string, LabelValue> } {
  const topo = doc.topology;
  const group = own.group !== undefined ? topo.groups?.[own.group] : undefined;
  const kind = own.kind ?? group?.kind ?? topo.defaults?.kind;
  const ofKind = kind !== undefined ? topo.kinds?.[kind] : undefined;
  return {
    ...(kind !== undefined && { kind }),
    labels: {
      ...topo.defaults?.labels,
      ...ofKind?.labels,
      ...group?.labels,
      ...own.labels,
    },
  };
}

const text = (v: LabelValue | undefined) => (v === undefined ? undefined : String(v));

/** Reads one of our labels through its schema; a bad value is an error on the node. */
function labelAs<T>(
  labels: Record<string, LabelValue>,
  key: string,
  schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } },
  object: string,
  report: ClabReport,
): T | undefined {
  const value = text(labels[key]);
  if (value === undefined) return undefined;
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  report.error(object, `label ${key}: "${value}" is not valid`);
  return undefined;
}

export function readNodes(doc: ClabDocument, defaultSiteId: string, report: ClabReport): ClabNodes {
  const nodes = new Map<string, ClabNode>();
  const leftOut = new Map<string, string>();
  for (const [name, config] of Object.entries(doc.topology.nodes)) {
    const object = `node "${name}"`;
    const { kind, labels } = merged(doc, config ?? {});
    if (kind === undefined) {
      report.error(object, 'has no kind (neither its own, nor its group’s, nor the defaults’)');
      continue;
    }
    const role = labelAs(labels, CLAB_LABELS.role, DeviceRoleSchema, object, report);
    const cls = classifyKind(kind);
    if (!role && cls.class !== 'server' && cls.class !== 'network') {
      const reason =
        cls.class === 'skip'
          ? `kind ${kind}: ${cls.reason}`
          : `kind ${kind} is neither a server nor a network OS we know (label it ${CLAB_LABELS.role} to import it)`;
      report.warning(object, `${reason}: left out`);
      leftOut.set(name, reason);
      continue;
    }
    const siteId = labelAs(labels, CLAB_LABELS.site, IdSchema, object, report) ?? defaultSiteId;
    const deviceId =
      labelAs(labels, CLAB_LABELS.id, IdSchema, object, report) ?? `${siteId}.${name}`;
    if (!IdSchema.safeParse(deviceId).success) {
      report.error(
        object,
        `"${deviceId}" is no valid device id: give one in label ${CLAB_LABELS.id}`,
      );
      continue;
    }
    const isHost = role ? role === 'host' : cls.class === 'server';
    nodes.set(name, {
      name,
      kind,
      labels,
      role: role ?? (isHost ? 'host' : undefined),
      isHost,
      siteId,
      deviceId,
      deviceName: text(labels[CLAB_LABELS.name]) || name,
      stack: labelAs(labels, CLAB_LABELS.stack, IpStackSchema, object, report),
    });
  }
  return { nodes, leftOut };
}
