/** For the containerlab tests: containerlab's published JSON schema (docs/schemas/), compiled once; small estates. */
import Ajv from 'ajv';
import type { GeneratedTopologyKind } from '../../model/site.ts';
import schema from '../../../../docs/schemas/clab.schema.json' with { type: 'json' };

/**
 * The schema names containerlab's SR-SIM hardware schema for nokia_srsim nodes; it is
 * not copied (docs/schemas/README.md), and nothing here writes such nodes, so its two
 * definitions stand as empty schemas.
 */
const SRSIM_SCHEMA_ID =
  'https://raw.githubusercontent.com/srl-labs/containerlab/main/schemas/srsim-hw.schema.json';

// strict: false because the schema carries editor keywords (markdownDescription) Ajv does not know.
const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addSchema({ $id: SRSIM_SCHEMA_ID, definitions: { 'srsim-component': {}, 'srsim-node': {} } });
const validate = ajv.compile(schema);

/** The schema's complaints about a topology document, empty when it conforms. */
export function clabSchemaErrors(doc: unknown): string[] {
  if (validate(doc)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
}

/** Small parameters for each generator, so the tests stay quick. */
export const SMALL_PARAMS: Record<GeneratedTopologyKind, Record<string, number>> = {
  'three-tier': { cores: 2, aggregations: 2, accessPerAggregation: 1, hostsPerAccess: 2 },
  'fat-tree': { k: 4 },
  'leaf-spine': { spines: 2, leaves: 3, hostsPerLeaf: 2 },
  bcube: { n: 3, k: 1 },
};
