/**
 * Per-invocation API tokens. Each invocation gets a fresh random `WX_API_TOKEN`; requests its SDK sends
 * carry it as `wxCloudApiToken`, and the emulator maps it back to the caller's identity and invocation.
 * Tokens are also minted for "client" identities so a test process can act as a mini-program user.
 */
import { randomBytes } from 'node:crypto'
import type { CallerIdentity } from '../actions'

export interface TokenEntry {
  identity: CallerIdentity
  /** `client`: stands for a mini-program user; `function`: a running invocation. */
  kind: 'client' | 'function'
}

/** Background work a function leaves running may still call the SDK shortly after it returns. */
const GRACE_MS = 60_000

export class TokenRegistry {
  private tokens = new Map<string, TokenEntry>()

  mint(entry: TokenEntry): string {
    const token = `emu_${randomBytes(18).toString('base64url')}`
    this.tokens.set(token, entry)
    return token
  }

  resolve(token: string): TokenEntry | undefined {
    return this.tokens.get(token)
  }

  revokeLater(token: string) {
    setTimeout(() => this.tokens.delete(token), GRACE_MS).unref()
  }
}
