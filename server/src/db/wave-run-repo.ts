/**
 * Storage of wave runs (`wave_runs`, migration 0010): every query on them.
 * Rows are parsed with the shared schemas when read. A wave run changes only
 * through `transition`, a conditional UPDATE on its status and current wave,
 * so of two server instances (or an approval racing the driver) one makes a
 * step and the other finds it made; the history is appended in that UPDATE.
 */
import {
  ACTIVE_WAVE_RUN_STATUSES,
  WaveRunSchema,
  type WaveRun,
  type WaveRunHistoryEntry,
  type WaveRunOptions,
  type WaveRunStatus,
  type WaveRunWave,
} from '@vmmi/shared';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, WaveRunsTable } from './schema.ts';

type Db = Kysely<Database>;

function toWaveRun(row: Selectable<WaveRunsTable>): WaveRun {
  return WaveRunSchema.parse({
    id: row.id,
    estateId: row.estate_id,
    estateVersion: row.estate_version,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    status: row.status,
    currentWave: row.current_wave,
    waveStarted: row.wave_started,
    options: row.options,
    waves: row.waves,
    history: row.history,
  });
}

export interface NewWaveRun {
  id: string;
  estateId: string;
  estateVersion: number;
  createdBy: string;
  status: WaveRunStatus;
  options: WaveRunOptions;
  waves: WaveRunWave[];
  history: WaveRunHistoryEntry[];
}

export async function insertWaveRun(db: Db, run: NewWaveRun): Promise<WaveRun> {
  const row = await db
    .insertInto('wave_runs')
    .values({
      id: run.id,
      estate_id: run.estateId,
      estate_version: run.estateVersion,
      created_by: run.createdBy,
      status: run.status,
      options: JSON.stringify(run.options),
      waves: JSON.stringify(run.waves),
      history: JSON.stringify(run.history),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toWaveRun(row);
}

export async function getWaveRun(db: Db, id: string): Promise<WaveRun | undefined> {
  const row = await db.selectFrom('wave_runs').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toWaveRun(row);
}

/** An estate's wave runs, newest first (or only those not ended). */
export async function listWaveRuns(
  db: Db,
  estateId: string,
  opts: { active: boolean; limit: number },
): Promise<WaveRun[]> {
  let q = db
    .selectFrom('wave_runs')
    .selectAll()
    .where('estate_id', '=', estateId)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(opts.limit);
  if (opts.active) q = q.where('status', 'in', ACTIVE_WAVE_RUN_STATUSES);
  return (await q.execute()).map(toWaveRun);
}

/** The wave runs the driver has work for: running, in creation order. */
export async function runningWaveRuns(db: Db): Promise<WaveRun[]> {
  const rows = await db
    .selectFrom('wave_runs')
    .selectAll()
    .where('status', '=', 'running')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(toWaveRun);
}

/** Where a step starts from: the statuses it may leave, and (when given) the wave and whether it has begun. */
export interface WaveRunAt {
  status: readonly WaveRunStatus[];
  wave?: number;
  started?: boolean;
}

/** Where a step goes; what is not given stays. */
export interface WaveRunTo {
  status?: WaveRunStatus;
  currentWave?: number;
  waveStarted?: boolean;
  /** The runs of the current wave, once it has begun. */
  runs?: WaveRunWave['runs'];
}

/**
 * One step of a wave run, made only if it is still where `from` says, with
 * `entries` appended to its history; the row stays locked until the caller's
 * transaction ends. Whether it was made.
 */
export async function transition(
  db: Db,
  id: string,
  from: WaveRunAt,
  to: WaveRunTo,
  entries: readonly WaveRunHistoryEntry[],
): Promise<boolean> {
  let q = db
    .updateTable('wave_runs')
    .set({
      updated_at: new Date(),
      history: sql`history || ${JSON.stringify(entries)}::jsonb`,
      ...(to.status !== undefined && { status: to.status }),
      ...(to.currentWave !== undefined && { current_wave: to.currentWave }),
      ...(to.waveStarted !== undefined && { wave_started: to.waveStarted }),
      ...(to.runs !== undefined && {
        // The current wave's runs, set where current_wave points before this update.
        waves: sql`jsonb_set(waves, array[(current_wave - 1)::text, 'runs'], ${JSON.stringify(to.runs)}::jsonb)`,
      }),
    })
    .where('id', '=', id)
    .where('status', 'in', from.status);
  if (from.wave !== undefined) q = q.where('current_wave', '=', from.wave);
  if (from.started !== undefined) q = q.where('wave_started', '=', from.started);
  const result = await q.executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
