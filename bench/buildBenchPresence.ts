/**
 * The awareness state a participant's browser publishes (see `bindPresence` in
 * components/sync/useBoardSync.ts): `user` once, and a full tldraw `instance_presence` record
 * under `presence` at every cursor move. The board page puts remote presences into its tldraw
 * store as they are, so a partial record (only `cursor`) would not be a valid presence there.
 */
export function buildBenchPresence(name: string, color: string, cursor: { x: number; y: number }, now: number) {
  return {
    id: `instance_presence:${name}`,
    typeName: 'instance_presence',
    userId: `user:${name}`,
    userName: name,
    lastActivityTimestamp: Math.round(now),
    color,
    camera: { x: 0, y: 0, z: 1 },
    selectedShapeIds: [],
    currentPageId: 'page:page',
    brush: null,
    scribbles: [],
    screenBounds: { x: 0, y: 0, w: 1400, h: 900 },
    followingUserId: null,
    cursor: { x: cursor.x, y: cursor.y, type: 'default', rotation: 0 },
    chatMessage: '',
    meta: {},
  }
}

/** The `user` awareness field the board page reads for its list of people present. */
export function buildBenchUser(name: string, color: string) {
  return { id: name, name, color }
}
