/**
 * Where stored files live: a folder on disk (`<dataDir>/storage/<cloudPath>`) or, in memory mode, a Map.
 * Writes go to a temp file first and are renamed into place, so a crash never leaves half a file.
 */
import fs from 'node:fs'
import path from 'node:path'
import { randomBytes } from 'node:crypto'

export interface StoredFile {
  data: Buffer
  size: number
  modified: number
}

export interface FileStore {
  put(cloudPath: string, data: Buffer): void
  get(cloudPath: string): StoredFile | undefined
  has(cloudPath: string): boolean
  delete(cloudPath: string): boolean
}

export class MemoryFileStore implements FileStore {
  private files = new Map<string, StoredFile>()
  put(p: string, data: Buffer) {
    this.files.set(p, { data: Buffer.from(data), size: data.length, modified: Date.now() })
  }
  get(p: string) {
    return this.files.get(p)
  }
  has(p: string) {
    return this.files.has(p)
  }
  delete(p: string) {
    return this.files.delete(p)
  }
}

export class DiskFileStore implements FileStore {
  constructor(private readonly root: string) {
    fs.mkdirSync(root, { recursive: true })
  }
  private file(p: string) {
    // Cloud paths are normalised by fileid.ts; this guards the disk boundary once more.
    const abs = path.resolve(this.root, p)
    if (!abs.startsWith(path.resolve(this.root) + path.sep)) throw new Error(`path escapes storage root: ${p}`)
    return abs
  }
  put(p: string, data: Buffer) {
    const abs = this.file(p)
    fs.mkdirSync(path.dirname(abs), { recursive: true })
    const tmp = `${abs}.${randomBytes(4).toString('hex')}.part`
    fs.writeFileSync(tmp, data)
    fs.renameSync(tmp, abs)
  }
  get(p: string) {
    try {
      const abs = this.file(p)
      const st = fs.statSync(abs)
      if (!st.isFile()) return undefined
      return { data: fs.readFileSync(abs), size: st.size, modified: st.mtimeMs }
    } catch {
      return undefined
    }
  }
  has(p: string) {
    try {
      return fs.statSync(this.file(p)).isFile()
    } catch {
      return false
    }
  }
  delete(p: string) {
    try {
      fs.unlinkSync(this.file(p))
      return true
    } catch {
      return false
    }
  }
}
