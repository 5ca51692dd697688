/**
 * Lets an action answer raw bytes instead of the JSON envelope: `wx.openApi` answers a protobuf body.
 * The action seam returns plain objects, so a raw answer travels under one reserved key.
 */
import type { ActionResult } from '../actions'

const RAW_KEY = '__emulatorRawBody'

export interface RawBody {
  data: Buffer
  contentType: string
}

export function rawResult(data: Buffer, contentType: string): ActionResult {
  return { [RAW_KEY]: { data, contentType } satisfies RawBody }
}

export function rawBodyOf(result: ActionResult): RawBody | undefined {
  return result[RAW_KEY] as RawBody | undefined
}
