/**
 * A WAN link's load as the planner shows it: the estate's measured
 * utilisation (the figure the engine's bandwidth model reads too) in whole
 * percent, and the band that colours it. The busiest-links table and the
 * canvas both read it here, so the table, the link colours and the wall
 * screen's numbers cannot disagree.
 */
import type { WanLink } from '@vmmi/shared';
import { utilisationBand, type UtilisationBand } from '../theme/palette.ts';

/** A link that is down carries nothing: its band says so instead of its last load. */
export type WanBand = UtilisationBand | 'down';

export interface WanLoad {
  /** 0–100, rounded to whole percent. */
  percent: number;
  band: WanBand;
}

export function wanLoad(link: Pick<WanLink, 'utilisation' | 'state'>): WanLoad {
  return {
    percent: Math.round(link.utilisation * 100),
    band: link.state === 'down' ? 'down' : utilisationBand(link.utilisation),
  };
}

/** The load in words on a link: "62 %", or "down". */
export function wanLoadLabel(load: WanLoad): string {
  return load.band === 'down' ? 'down' : `${load.percent} %`;
}
