/**
 * WeChat message push (消息推送) to cloud functions: the platform delivers some events — here the verdict
 * of `security.mediaCheckAsync`, `Event: wxa_media_check` — by invoking the function configured in the
 * console for that `MsgType` + `Event`, with the push JSON as `event` and the user it concerns
 * (`FromUserName`) as getWXContext().OPENID. The emulator reads the routes from the `messagePush` option,
 * delivers each push after `mediaCheckDelayMs`, and records every attempt in `pushes`.
 */
import type { InvokeRequest } from '../functions/service'

/** Which function receives which push; the same shape a project keeps for its console settings. */
export interface MessagePushRoute {
  /** The push's `MsgType`, e.g. 'event'. */
  msgType: string
  /** The push's `Event`, e.g. 'wxa_media_check'; omitted = every push of that MsgType. */
  event?: string
  functionName: string
}

/** A push as WeChat sends it: `ToUserName`, `FromUserName` (an openid), `CreateTime` (unix s), `MsgType`, `Event`, …. */
export interface PushMessage extends Record<string, unknown> {
  ToUserName: string
  FromUserName: string
  CreateTime: number
  MsgType: string
  Event?: string
}

export interface PushRecord {
  id: number
  /** When the delivery was attempted (ms). */
  time: number
  msgType: string
  event?: string
  /** The routed function; absent when no route matched. */
  functionName?: string
  traceId?: string
  openid: string
  outcome: 'delivered' | 'failed' | 'undelivered'
  /** Why it failed (the function's error) or was not delivered (no route, emulator closing). */
  error?: string
  message: PushMessage
}

export interface MessagePushOptions {
  appId: string
  routes: MessagePushRoute[]
  delayMs: number
  invoke: (req: InvokeRequest) => Promise<string>
}

/**
 * The platform does not document the SOURCE a push invocation shows in getWXContext(); 'wx_unknown' is the
 * emulator's choice (it is neither a client call nor a timer nor a function-to-function call).
 */
export const PUSH_SOURCE = 'wx_unknown'

const RECORD_CAP = 1000

interface Pending {
  timer: NodeJS.Timeout | undefined
  fire: () => void
  done: Promise<void>
}

export class MessagePushService {
  readonly records: PushRecord[] = []
  private pending = new Set<Pending>()
  private closed = false
  private nextId = 1

  constructor(private readonly opts: MessagePushOptions) {}

  /** A fake original ID (`gh_…`) for ToUserName; the emulator has no real account behind the AppID. */
  get toUserName(): string {
    return `gh_${this.opts.appId.replace(/^wx/, '').slice(0, 12).padEnd(12, '0')}`
  }

  /**
   * Delivers `message` after the configured delay (or `delayMs`), counted from when `after` settles —
   * for a verdict, the end of the invocation that asked for it: WeChat's check takes seconds to minutes,
   * so on the platform the asking function has long finished its own writes (the trace id's record)
   * when the push arrives. Starting the clock at the call instead let a 0 ms delay race that write.
   */
  schedule(message: PushMessage, meta: { traceId?: string; delayMs?: number; after?: Promise<unknown> } = {}): void {
    if (this.closed) {
      this.record(message, meta.traceId, undefined, 'undelivered', 'emulator is closing')
      return
    }
    let release!: () => void
    const entry: Pending = { timer: undefined, fire: () => undefined, done: new Promise<void>((r) => (release = r)) }
    let fired = false
    const ready = (meta.after ?? Promise.resolve()).then(
      () => undefined,
      () => undefined,
    )
    entry.fire = () => {
      if (fired) return
      fired = true
      if (entry.timer) clearTimeout(entry.timer)
      // Even when settled at once, never before the asking invocation has finished.
      void ready
        .then(() => this.deliver(message, meta.traceId))
        .finally(() => {
          this.pending.delete(entry)
          release()
        })
    }
    void ready.then(() => {
      if (!fired) entry.timer = setTimeout(entry.fire, meta.delayMs ?? this.opts.delayMs)
    })
    this.pending.add(entry)
  }

  get pendingCount(): number {
    return this.pending.size
  }

  /**
   * Resolves once every scheduled push (including pushes scheduled by the functions that received them)
   * has been attempted. With `{ now: true }` pushes still waiting out their delay are delivered at once.
   */
  async settle(options: { now?: boolean } = {}): Promise<void> {
    while (this.pending.size > 0) {
      const batch = [...this.pending]
      if (options.now) for (const p of batch) p.fire()
      await Promise.all(batch.map((p) => p.done))
    }
  }

  /**
   * Stops scheduling: pushes still waiting out their delay are recorded as undelivered; deliveries already
   * running end when their function's workers are killed (call after the functions service closes them,
   * or they finish normally). Resolves when nothing is left in flight.
   */
  async close(): Promise<void> {
    this.closed = true
    await this.settle({ now: true })
  }

  private route(msgType: string, event: string | undefined): MessagePushRoute | undefined {
    return this.opts.routes.find((r) => r.msgType === msgType && (r.event === undefined || r.event === event))
  }

  private async deliver(message: PushMessage, traceId: string | undefined): Promise<void> {
    if (this.closed) return void this.record(message, traceId, undefined, 'undelivered', 'emulator is closing')
    const route = this.route(message.MsgType, message.Event)
    if (!route) {
      const what = message.Event ? `MsgType '${message.MsgType}' Event '${message.Event}'` : `MsgType '${message.MsgType}'`
      return void this.record(message, traceId, undefined, 'undelivered', `no message-push route for ${what}`)
    }
    try {
      await this.opts.invoke({
        name: route.functionName,
        data: JSON.stringify(message),
        identity: { openid: message.FromUserName, appid: this.opts.appId },
        source: PUSH_SOURCE,
        // The documented push JSON is the whole event; no userInfo is merged into it.
        userInfo: false,
      })
      this.record(message, traceId, route.functionName, 'delivered')
    } catch (err) {
      this.record(message, traceId, route.functionName, 'failed', (err as Error)?.message ?? String(err))
    }
  }

  private record(message: PushMessage, traceId: string | undefined, functionName: string | undefined, outcome: PushRecord['outcome'], error?: string) {
    const rec: PushRecord = {
      id: this.nextId++,
      time: Date.now(),
      msgType: message.MsgType,
      event: message.Event,
      functionName,
      traceId,
      openid: message.FromUserName,
      outcome,
      error,
      message,
    }
    this.records.push(rec)
    if (this.records.length > RECORD_CAP) this.records.splice(0, this.records.length - RECORD_CAP)
  }
}
