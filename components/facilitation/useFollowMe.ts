'use client'
import { useEffect } from 'react'
import { react, type Editor } from 'tldraw'

/**
 * "Bring everyone here": while the session names a leader (a presence user id), this person follows
 * the leader's viewport. Following starts once the leader's presence has arrived here: after a reload
 * the board opens from the browser's local copy (session map included) before the connection brings
 * anyone's presence, and tldraw's `startFollowingUser` silently does nothing for a leader it cannot
 * see yet.
 *
 * Breaking away (panning, zooming, "Stop following") is final for this request: the follow starts
 * again only when the facilitator brings everyone again. Releasing ends only the follow this request
 * started, not one the person chose themselves in People.
 */
export function useFollowMe(editor: Editor | undefined, leaderId: string | undefined, selfId: string | undefined): void {
  useEffect(() => {
    if (!editor || !leaderId || leaderId === selfId) return
    let started = false
    const stopWatching = react('bring everyone here', () => {
      if (started || !editor.getCollaborators().some((c) => c.userId === leaderId)) return
      started = true
      // Not inside the reaction: starting to follow writes the instance state this reaction reads.
      queueMicrotask(() => {
        if (!editor.isDisposed) editor.startFollowingUser(leaderId)
      })
    })
    return () => {
      stopWatching()
      if (!editor.isDisposed && editor.getInstanceState().followingUserId === leaderId) editor.stopFollowingUser()
    }
  }, [editor, leaderId, selfId])
}
