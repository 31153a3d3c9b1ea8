/**
 * A tenant's virtual network (R9, R11): its segmentation (VLAN's 12-bit id,
 * VXLAN's or Geneve's 24-bit VNI, or the draft's agent overlay keyed by
 * Cluster_id), its subnets and address pools, and the sites it spans.
 */
import { z } from 'zod';
import { CidrSchema, IdSchema, IpSchema } from './primitives.ts';

/** IEEE 802.1Q: ids 0 and 4095 are reserved, leaving 4094 usable VLANs (R11). */
export const VLAN_ID_MIN = 1;
export const VLAN_ID_MAX = 4094;
/** RFC 7348 / RFC 8926: a 24-bit VNI, about 16 million segments (R11). */
export const VNI_MIN = 1;
export const VNI_MAX = 16_777_215;

export const SegmentationSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('vlan'), vlanId: z.number().int().min(VLAN_ID_MIN).max(VLAN_ID_MAX) }),
  z.object({ type: z.literal('vxlan'), vni: z.number().int().min(VNI_MIN).max(VNI_MAX) }),
  z.object({ type: z.literal('geneve'), vni: z.number().int().min(VNI_MIN).max(VNI_MAX) }),
  /** The draft's communications-agent overlay (R9): agents forward by (Dst_vm_ip, Cluster_id). */
  z.object({ type: z.literal('agent'), clusterId: z.number().int().min(0).max(0xffff_ffff) }),
]);
export type Segmentation = z.infer<typeof SegmentationSchema>;

export const AddressPoolSchema = z.object({ start: IpSchema, end: IpSchema });

export const SubnetSchema = z.object({
  cidr: CidrSchema,
  gateway: IpSchema.optional(),
  /** Addresses handed out to new or renumbered VMs (R10); defaults to the whole subnet. */
  pool: AddressPoolSchema.optional(),
});
export type Subnet = z.infer<typeof SubnetSchema>;

export const VirtualNetworkSchema = z.object({
  id: IdSchema,
  tenantId: IdSchema,
  name: z.string().min(1),
  segmentation: SegmentationSchema,
  subnets: z.array(SubnetSchema).min(1),
  /** Sites where the network exists. */
  siteIds: z.array(IdSchema).min(1),
  /** One L2 domain across all its sites (R7), or a separate L2 domain per site. */
  stretched: z.boolean(),
});
export type VirtualNetwork = z.infer<typeof VirtualNetworkSchema>;
