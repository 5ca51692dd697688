/**
 * Platform limits for synchronous function calls: request and response are 6 MB each on SCF, which
 * WeChat cloud functions run on (wechat-platform-and-security.md §5, cloud.tencent.com/document/product/583/11637).
 */
export const MAX_EVENT_BYTES = 6 * 1024 * 1024
export const MAX_RESULT_BYTES = 6 * 1024 * 1024
