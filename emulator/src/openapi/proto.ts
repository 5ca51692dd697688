/**
 * The protobuf messages of `wx.openApi` (wire protocol §6.4), declared with protobufjs reflection so the
 * field numbers stay visibly identical to the schema reconstructed from wx-server-sdk's bundled encoder.
 */
import protobuf from 'protobufjs'

const root = protobuf.Root.fromJSON({
  nested: {
    KeyValuePair: { fields: { key: { type: 'string', id: 1 }, value: { type: 'bytes', id: 2 }, contenttype: { type: 'string', id: 3 }, filename: { type: 'string', id: 4 } } },
    OpenApiData: { fields: { pairs: { rule: 'repeated', type: 'KeyValuePair', id: 1 } } },
    SvrkitApiData: { fields: { apiName: { type: 'string', id: 1 }, reqData: { type: 'bytes', id: 2 } } },
    TokenApiData: { fields: { resourceAppid: { type: 'string', id: 1 }, resourceEnv: { type: 'string', id: 2 } } },
    CommApiData: {
      fields: {
        apiType: { type: 'int32', id: 1 },
        openapiData: { type: 'OpenApiData', id: 2 },
        svrkitData: { type: 'SvrkitApiData', id: 4 },
        tokenData: { type: 'TokenApiData', id: 5 },
        appid: { type: 'string', id: 6 },
      },
    },
    HttpHeader: { fields: { key: { type: 'string', id: 1 }, value: { type: 'string', id: 2 } } },
    CommOpenApiResp: {
      fields: {
        respData: { type: 'bytes', id: 1 },
        contentType: { type: 'string', id: 2 },
        errorCode: { type: 'int32', id: 3 },
        httpCode: { type: 'uint32', id: 4 },
        headers: { rule: 'repeated', type: 'HttpHeader', id: 5 },
        svrkitErrorCode: { type: 'int32', id: 6 },
      },
    },
  },
})

const CommApiData = root.lookupType('CommApiData')
const CommOpenApiResp = root.lookupType('CommOpenApiResp')

export interface KeyValuePair {
  key: string
  value: Buffer
  contenttype?: string
  filename?: string
}

export interface DecodedApiData {
  apiType: number
  pairs: KeyValuePair[]
  appid?: string
}

export function decodeCommApiData(buf: Buffer): DecodedApiData {
  const msg = CommApiData.toObject(CommApiData.decode(buf), { defaults: true }) as {
    apiType: number
    openapiData?: { pairs?: Array<{ key: string; value: Uint8Array; contenttype?: string; filename?: string }> }
    appid?: string
  }
  const pairs = (msg.openapiData?.pairs ?? []).map((p) => ({ ...p, value: Buffer.from(p.value) }))
  return { apiType: msg.apiType, pairs, appid: msg.appid || undefined }
}

export function encodeCommOpenApiResp(resp: { respData?: Buffer; contentType?: string; errorCode?: number }): Buffer {
  const msg = CommOpenApiResp.create({ respData: resp.respData ?? Buffer.alloc(0), contentType: resp.contentType ?? '', errorCode: resp.errorCode ?? 0, httpCode: 200 })
  return Buffer.from(CommOpenApiResp.encode(msg).finish())
}
