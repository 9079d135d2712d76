'use client'
import { useCallback, useEffect, useRef, useState } from 'react'
import type { WebsocketProvider } from 'y-websocket'
import { encodeHiddenDot, encodeVoteKeyRequest, readVoteKey } from '../../lib/collab/syncMessageCodec'
import { MessageType } from '../../lib/collab/syncMessages'
import { getMyHiddenVoteKeys, openMyHiddenVote } from '../../lib/collab/voteSeal'

export interface MyHiddenDots {
  /** This person's dots by slot (note id, or undefined for a free slot); undefined until their voter key has come. */
  dots: (string | undefined)[] | undefined
  /** Sends a dot for `slot` to the server (which writes it); `''` takes the slot's dot back. Nothing is sent offline. */
  send(slot: number, noteId: string): void
}

/**
 * This person's dots in an open hidden vote (see lib/collab/voteSeal.ts). The server writes the
 * entries; this asks it for the person's voter key (again at each reconnection until it comes),
 * derives their own entry keys from it and opens those entries, so every device of the voter shows
 * the same dots. `voteId` is undefined when no hidden vote is open.
 */
export function useMyHiddenDots(provider: WebsocketProvider | undefined, voteId: string | undefined, budget: number, votes: readonly [string, string][]): MyHiddenDots {
  const [voterKey, setVoterKey] = useState<{ voteId: string; key: string }>()
  const [entryKeys, setEntryKeys] = useState<{ voteId: string; keys: string[] }>()
  const [dots, setDots] = useState<{ voteId: string; dots: (string | undefined)[] }>()
  const opened = useRef(new Map<string, string | undefined>())

  useEffect(() => {
    if (!provider || !voteId) return
    let got = false
    provider.messageHandlers[MessageType.VOTE_KEY] = (_encoder, decoder) => {
      const { voteId: id, key } = readVoteKey(decoder)
      if (id !== voteId) return
      got = true
      setVoterKey({ voteId: id, key })
    }
    const request = () => {
      if (got || !provider.wsconnected || !provider.ws) return
      provider.ws.send(encodeVoteKeyRequest(voteId))
    }
    const onStatus = ({ status }: { status: string }) => status === 'connected' && request()
    provider.on('status', onStatus)
    request()
    return () => {
      provider.off('status', onStatus)
      provider.messageHandlers[MessageType.VOTE_KEY] = () => {}
    }
  }, [provider, voteId])

  const key = voterKey?.voteId === voteId ? voterKey?.key : undefined
  useEffect(() => {
    if (!key || !voteId) return
    let live = true
    opened.current.clear()
    void getMyHiddenVoteKeys(window.crypto, key, voteId, budget).then((keys) => live && setEntryKeys({ voteId, keys }))
    return () => void (live = false)
  }, [key, voteId, budget])

  const keys = entryKeys?.voteId === voteId ? entryKeys?.keys : undefined
  useEffect(() => {
    if (!key || !keys || !voteId) return
    let live = true
    const values = new Map(votes)
    void Promise.all(
      keys.map(async (entryKey) => {
        const value = values.get(entryKey)
        if (value === undefined) return undefined
        const cacheKey = `${entryKey}\n${value}`
        if (!opened.current.has(cacheKey)) opened.current.set(cacheKey, await openMyHiddenVote(window.crypto, key, entryKey, value))
        return opened.current.get(cacheKey)
      }),
    ).then((list) => live && setDots({ voteId, dots: list }))
    return () => void (live = false)
  }, [key, keys, voteId, votes])

  const send = useCallback(
    (slot: number, noteId: string) => {
      if (!provider?.wsconnected || !provider.ws || !voteId) return
      provider.ws.send(encodeHiddenDot(voteId, slot, noteId))
    },
    [provider, voteId],
  )
  return { dots: dots?.voteId === voteId ? dots?.dots : undefined, send }
}
