/**
 * The grid of `pnpm bench:model`: which guests boot and at which caps each is
 * migrated. A fractional design: every level the model must be held to appears
 * (memory 256, 512, 1024 MiB; dirty rates 0 to 32,000 pages/s, the highest
 * above every cap it meets; caps 32, 64, 128 MiB/s; working sets from a small
 * share of memory to all the guest can hold), not every combination.
 *
 * A guest cannot dirty all of its memory: its kernel keeps some. The "whole
 * memory" working set is therefore the most that boots without the guest's
 * kernel killing the dirtier (256 MiB: 160; 512 MiB: 416; 1024 MiB: 864, where
 * 896 does not boot); the model is given that working set as it is.
 */

export interface GridGroup {
  memoryMib: number;
  wssMib: number;
  /** Pages (4 KiB) the guest dirties per second, round-robin over its working set. */
  dirtyPagesPerSecond: number;
  /** max-bandwidth of each migration of this guest, MiB/s, in order (each from the last destination). */
  capsMib: number[];
}

export const MODEL_GRID: GridGroup[] = [
  { memoryMib: 256, wssMib: 64, dirtyPagesPerSecond: 0, capsMib: [32, 64, 128] },
  { memoryMib: 256, wssMib: 64, dirtyPagesPerSecond: 4000, capsMib: [32, 64, 128] },
  { memoryMib: 256, wssMib: 64, dirtyPagesPerSecond: 24000, capsMib: [128, 32] },
  { memoryMib: 256, wssMib: 160, dirtyPagesPerSecond: 8000, capsMib: [64, 128] },
  { memoryMib: 256, wssMib: 16, dirtyPagesPerSecond: 24000, capsMib: [64] },
  { memoryMib: 512, wssMib: 128, dirtyPagesPerSecond: 2000, capsMib: [32, 128] },
  { memoryMib: 512, wssMib: 128, dirtyPagesPerSecond: 32000, capsMib: [64] },
  { memoryMib: 512, wssMib: 416, dirtyPagesPerSecond: 0, capsMib: [64] },
  { memoryMib: 512, wssMib: 416, dirtyPagesPerSecond: 12000, capsMib: [128] },
  { memoryMib: 1024, wssMib: 256, dirtyPagesPerSecond: 8000, capsMib: [64, 128] },
  { memoryMib: 1024, wssMib: 864, dirtyPagesPerSecond: 4000, capsMib: [128] },
];

/** `--quick`: one small guest at two caps, one above-the-cap rate; a check that the bench runs. */
export const QUICK_GRID: GridGroup[] = [
  { memoryMib: 256, wssMib: 64, dirtyPagesPerSecond: 4000, capsMib: [32, 128] },
  { memoryMib: 256, wssMib: 16, dirtyPagesPerSecond: 24000, capsMib: [64] },
];
