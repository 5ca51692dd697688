/**
 * The verdicts of WeChat's asynchronous image check (security.mediaCheckAsync v2), shared by the
 * functions that request it and the views that decide who sees a photo.
 */

/** `review` means WeChat is unsure, so staff decide. */
export const MediaVerdict = { pass: 'pass', risky: 'risky', review: 'review' } as const
export type MediaVerdict = (typeof MediaVerdict)[keyof typeof MediaVerdict]

export function isMediaVerdict(x: unknown): x is MediaVerdict {
  return x === MediaVerdict.pass || x === MediaVerdict.risky || x === MediaVerdict.review
}

/** A document whose user photos WeChat checks; only the media check writes `passedPhotos`. */
export interface PhotoChecked {
  /** File ids WeChat's image check passed. */
  passedPhotos?: string[]
}

/**
 * Who sees a user's photo: its author and the staff who moderate it at once, anyone else only after
 * WeChat's check passed it.
 */
export function photoVisible(fileId: string, doc: PhotoChecked, viewer: { author: boolean; staff: boolean }): boolean {
  return viewer.author || viewer.staff || (doc.passedPhotos ?? []).includes(fileId)
}
