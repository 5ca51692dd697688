/**
 * Cloud storage reads shared by the functions: temporary download URLs for file IDs, so pages (H5
 * included, which cannot load `cloud://` ids) show pictures through plain https URLs.
 */
import type { ActionContext } from './router'

/**
 * fileID → temporary URL for the ids storage knows, in one getTempFileURL call. Pictures are decoration:
 * a storage failure answers an empty map instead of failing the read that shows them.
 */
export async function tempFileUrls(ctx: Pick<ActionContext, 'cloud'>, fileIds: string[], maxAgeS = 3600): Promise<Map<string, string>> {
  const out = new Map<string, string>()
  const unique = [...new Set(fileIds.filter(Boolean))]
  if (!unique.length) return out
  try {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const res = (await (ctx.cloud as any).getTempFileURL({ fileList: unique.map((fileID) => ({ fileID, maxAge: maxAgeS })) })) as { fileList?: Array<{ fileID: string; tempFileURL?: string }> }
    for (const f of res.fileList ?? []) if (f.tempFileURL) out.set(f.fileID, f.tempFileURL)
  } catch {
    // Answer what is known: none.
  }
  return out
}
