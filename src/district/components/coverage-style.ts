/** How the warm circle's reach reads on the map, the plot and the legend (colours ≥ 4.5:1 on white). */
import type { CoveragePlotCell } from '../contract'

export const reachColour: Record<CoveragePlotCell['reach'], string> = { r10: '#16703a', r15: '#8a5300', none: '#b3261e' }
export const reachLabel: Record<CoveragePlotCell['reach'], string> = { r10: '10 分钟可达', r15: '仅 15 分钟可达', none: '15 分钟内无驿站' }
