/** The estate file format as JSON Schema (published as docs/estate.schema.json), derived from the zod schemas so the two cannot drift. */
import { z } from 'zod';
import { ESTATE_FORMAT_VERSION, EstateSchema } from './estate.ts';

export function estateJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(EstateSchema, { io: 'input', unrepresentable: 'any' }),
    $id: `https://vmmi.dev/schemas/estate-v${ESTATE_FORMAT_VERSION}.json`,
    title: `VMMI estate file, format version ${ESTATE_FORMAT_VERSION}`,
    description:
      'Sites, devices, links, WAN links, tenants, virtual networks, VMs, VNEs, flows and policies. Cross-references (ids, duplicate MAC/IP per L2 domain, subnets, host capacity) are checked by `vmmi validate`, not by this schema.',
  };
}
