'use client'
import { useEffect, useState } from 'react'
import type * as Y from 'yjs'
import { readSession, type Session, SESSION_MAP, VOTES_MAP } from '../../lib/collab/session'

/** Live session state of the board's document (read through the one contract, lib/collab/session.ts). */
export function useSessionState(doc: Y.Doc | undefined): Session | undefined {
  const [state, setState] = useState<Session>()
  useEffect(() => {
    if (!doc) return
    const refresh = () => setState(readSession(doc))
    refresh()
    const session = doc.getMap(SESSION_MAP)
    const votes = doc.getMap(VOTES_MAP)
    session.observe(refresh)
    votes.observe(refresh)
    return () => {
      session.unobserve(refresh)
      votes.unobserve(refresh)
    }
  }, [doc])
  return state
}
