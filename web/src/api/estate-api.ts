/**
 * What the store needs from the server, as a small interface: the store takes
 * it as a dependency, so its tests run against a fake without HTTP.
 */
import type { EstateSummary } from '@vmmi/server';
import type { Estate } from '@vmmi/shared';
import type { TrpcClient } from './trpc.ts';

export type { EstateSummary };

export interface EstateApi {
  listEstates(signal?: AbortSignal): Promise<EstateSummary[]>;
  getEstate(id: string, signal?: AbortSignal): Promise<Estate>;
}

export function createEstateApi(client: TrpcClient): EstateApi {
  return {
    listEstates: (signal) => client.estate.list.query(undefined, { signal }),
    getEstate: async (id, signal) => (await client.estate.get.query({ id }, { signal })).estate,
  };
}
