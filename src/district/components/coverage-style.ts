/**
 * How the warm circle reads on the map, the plot and the legend: colours (≥ 4.5:1 on white) and labels
 * of each reach, and a plot cell's ring back in [lng, lat] from the contract's compact offsets.
 */
import type { CoveragePlotCell } from '../contract'

export const reachColour: Record<CoveragePlotCell['reach'], string> = { r10: '#16703a', r15: '#8a5300', none: '#b3261e' }
export const reachLabel: Record<CoveragePlotCell['reach'], string> = { r10: '10 分钟可达', r15: '仅 15 分钟可达', none: '15 分钟内无驿站' }

/** The cell's corners as [lng, lat] (the contract sends 1e-5-degree offsets from the centre). */
export function ringOf(cell: Pick<CoveragePlotCell, 'centre' | 'ring'>): Array<[number, number]> {
  const out: Array<[number, number]> = []
  for (let i = 0; i + 1 < cell.ring.length; i += 2) out.push([cell.centre[0] + cell.ring[i] / 1e5, cell.centre[1] + cell.ring[i + 1] / 1e5])
  return out
}
