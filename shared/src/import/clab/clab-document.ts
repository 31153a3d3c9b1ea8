/**
 * The part of a containerlab topology file (docs/schemas/clab.schema.json) that the
 * import reads: the lab's name, its nodes with their kind, image, group and labels
 * (inherited from `defaults`, `kinds` and `groups` as containerlab does), and its
 * links. Everything else a node or the file may hold (startup configs, binds, exec,
 * management network, ...) is accepted and ignored: it says how to run the lab, not
 * what its graph is.
 */
import { z } from 'zod';

/** Labels our export writes and our import reads (docs/import-clab.md). */
export const CLAB_LABELS = {
  /** One of our device roles (DeviceRoleSchema): overrides the tier inference. */
  role: 'vmmi-role',
  /** The site (by id) the node belongs to. */
  site: 'vmmi-site',
  /** The device id, where it is not `<site>.<node name>`. */
  id: 'vmmi-id',
  /** The device name, where it is not the node name. */
  name: 'vmmi-name',
  /** A gateway's IP stack (ipv4, ipv6 or dual). */
  stack: 'vmmi-stack',
  /**
   * The drawing tier of clab-io-draw (containerlab's `graph --drawio`): lower values
   * are drawn nearer the top, so among switches the highest value is the leaves.
   */
  graphLevel: 'graph-level',
} as const;

const LabelValueSchema = z.union([z.string(), z.number(), z.boolean()]);

/** A node's settings, or those `defaults`, a kind or a group give every node they cover. */
export const ClabNodeConfigSchema = z.looseObject({
  kind: z.string().min(1).optional(),
  image: z.string().optional(),
  type: z.string().optional(),
  group: z.string().optional(),
  labels: z.record(z.string(), LabelValueSchema).optional(),
});
export type ClabNodeConfig = z.infer<typeof ClabNodeConfigSchema>;

/** `endpoints: ["node:iface", "node:iface"]`, containerlab's short link form. */
export const ClabShortLinkSchema = z.looseObject({
  type: z.undefined().optional(),
  endpoints: z.array(z.string()),
});

export const ClabEndpointSchema = z.looseObject({ node: z.string(), interface: z.string() });

/** The extended link form: `{type: veth, endpoints: [{node, interface}, {node, interface}]}`. */
export const ClabVethLinkSchema = z.looseObject({
  type: z.literal('veth'),
  endpoints: z.array(ClabEndpointSchema),
});

/** host, mgmt-net, macvlan, vxlan, vxlan-stitch, dummy: one node's interface to something outside the lab graph. */
export const ClabOtherLinkSchema = z.looseObject({ type: z.string() });

export const ClabDocumentSchema = z.looseObject({
  name: z.string().min(1, 'the lab has no name'),
  topology: z.looseObject({
    defaults: ClabNodeConfigSchema.optional(),
    kinds: z.record(z.string(), ClabNodeConfigSchema.nullable()).optional(),
    groups: z.record(z.string(), ClabNodeConfigSchema.nullable()).optional(),
    // A node may be written with nothing after its name: it takes everything from defaults.
    nodes: z.record(z.string(), ClabNodeConfigSchema.nullable()),
    links: z.array(z.unknown()).nullable().optional(),
  }),
});
export type ClabDocument = z.infer<typeof ClabDocumentSchema>;
