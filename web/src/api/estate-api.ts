/**
 * What the store needs from the server, as a small interface: the store takes
 * it as a dependency, so its tests run against a fake without HTTP.
 */
import type { EstateSummary } from '@vmmi/server';
import { unpackEstate, type Estate, type PreviewOptions } from '@vmmi/shared';
import type { TrpcClient } from './trpc.ts';

export type { EstateSummary };

export interface VersionedEstate {
  estate: Estate;
  version: number;
}

export interface EstateApi {
  listEstates(signal?: AbortSignal): Promise<EstateSummary[]>;
  /** The estate and the version it is stored at (a plan is accepted only against that version). */
  getEstate(id: string, signal?: AbortSignal): Promise<VersionedEstate>;
  /** What the server's previews use besides the estate (its migration limits); absent in fakes that need none. */
  getPreviewOptions?(signal?: AbortSignal): Promise<PreviewOptions>;
}

export function createEstateApi(client: TrpcClient): EstateApi {
  return {
    listEstates: (signal) => client.estate.list.query(undefined, { signal }),
    // Packed for the wire: a fat-tree k=32's 6.3 MiB of JSON comes as 0.6 MiB.
    getEstate: async (id, signal) => {
      const { packed, version } = await client.estate.getPacked.query({ id }, { signal });
      return { estate: unpackEstate(packed), version };
    },
    getPreviewOptions: (signal) => client.impact.options.query(undefined, { signal }),
  };
}
