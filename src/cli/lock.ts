/**
 * One `keyshift apply` per journal at a time: a lock file next to the journal, created exclusively (`wx`), holding
 * the owner's pid and host. A lock whose process is gone (a crash, `kill -9`) is stale and taken over; a live one is
 * a clear error for the second run.
 */
import {
  closeSync,
  linkSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs'
import { hostname } from 'node:os'
import { UsageError } from './report'

interface Owner {
  pid: number
  host: string
  since: string
}

export interface Lock {
  readonly path: string
  release(): void
}

export function acquireLock(journalPath: string): Lock {
  const path = `${journalPath}.lock`
  const mine: Owner = { pid: process.pid, host: hostname(), since: new Date().toISOString() }
  for (let attempt = 0; attempt < 3; attempt++) {
    let fd: number | undefined
    try {
      fd = openSync(path, 'wx', 0o600)
      writeSync(fd, JSON.stringify(mine))
      return { path, release: () => releaseIfMine(path) }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        // Created but not written (a full disk): an empty lock would hold off the next run for nothing.
        if (fd !== undefined) unlinkSync(path)
        throw new UsageError(`cannot create the lock ${path}: ${(error as Error).message}`)
      }
    } finally {
      if (fd !== undefined) closeSync(fd)
    }
    const owner = readOwner(path)
    if (owner ? isAlive(owner) : justCreated(path)) {
      const who = owner ? ` (pid ${owner.pid}, since ${owner.since})` : ''
      throw new UsageError(
        `another keyshift apply${who} is using the journal ${journalPath}: wait for it to finish (if it is not running, delete ${path})`,
      )
    }
    takeOverStale(path)
  }
  throw new UsageError(`cannot take the lock ${path}: another run keeps taking it`)
}

function readOwner(path: string): Owner | undefined {
  try {
    const owner = JSON.parse(readFileSync(path, 'utf8')) as Partial<Owner>
    return typeof owner.pid === 'number' && typeof owner.host === 'string' ? (owner as Owner) : undefined
  } catch {
    // Being written this instant by its owner, or torn by a crash mid-write: a torn lock is as stale as a dead one.
    return undefined
  }
}

/** An unreadable lock younger than a second is being written by its owner right now; an older one is torn. */
function justCreated(path: string): boolean {
  try {
    return Date.now() - statSync(path).mtimeMs < 1000
  } catch {
    return false
  }
}

/** Whether the owner still runs. A lock from another host cannot be checked: it is treated as held. */
function isAlive(owner: Owner): boolean {
  if (owner.host !== hostname()) return true
  try {
    process.kill(owner.pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Moves a stale lock aside. Two runs may find the same stale lock: the rename is atomic, and a run that moved a
 * lock another run had just created (the inode differs) puts it back and fails in the next round.
 */
function takeOverStale(path: string) {
  const aside = `${path}.stale-${process.pid}`
  let inode: number
  try {
    inode = statSync(path).ino
    renameSync(path, aside)
  } catch {
    return // gone already: the next round creates it
  }
  if (statSync(aside).ino !== inode) {
    try {
      linkSync(aside, path)
    } catch {
      // Someone created a lock in the meantime: theirs stands.
    }
  }
  unlinkSync(aside)
}

function releaseIfMine(path: string) {
  if (readOwner(path)?.pid !== process.pid) return
  try {
    unlinkSync(path)
  } catch {
    // Already gone.
  }
}
