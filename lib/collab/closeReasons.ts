/**
 * Websocket close codes shared by the sync server and the client. Codes 4400-4499 are permanent:
 * the stock y-websocket client stops retrying on them, so every refusal uses this range.
 */
export const CloseReason = {
  MALFORMED_MESSAGE: 4400,
  UNAUTHORIZED: 4401,
  FORBIDDEN: 4403,
  NOT_FOUND: 4404,
  MESSAGE_TOO_LARGE: 4413,
  OUTDATED_CLIENT: 4426,
  /** A limit on open connections (per board, account or address); see README "Limits". */
  TOO_MANY_CONNECTIONS: 4420,
  TOO_MANY_MESSAGES: 4429,
} as const

export type CloseReasonCode = (typeof CloseReason)[keyof typeof CloseReason]

/** Server shutting down or restarting: clients should reconnect (not in the permanent range). */
export const CLOSE_GOING_AWAY = 1001
/**
 * Storage is failing and the board holds as many unsaved changes as it may: the client keeps its
 * change and reconnects later (1013 "try again later", not in the permanent range).
 */
export const CLOSE_TRY_AGAIN_LATER = 1013
/** The server could not load the board (storage failing): the client reconnects later (1011, not permanent). */
export const CLOSE_BOARD_UNAVAILABLE = 1011
/** Not a refusal: the member's role changed, so the client reconnects and reloads its permissions. */
export const CLOSE_ROLE_CHANGED = 4001

const MESSAGES: Record<CloseReasonCode, string> = {
  [CloseReason.MALFORMED_MESSAGE]: 'The server could not read a message from this browser.',
  [CloseReason.UNAUTHORIZED]: 'You are not signed in, or your session has expired.',
  [CloseReason.FORBIDDEN]: 'You do not have access to this board.',
  [CloseReason.NOT_FOUND]: 'This board does not exist.',
  [CloseReason.MESSAGE_TOO_LARGE]: 'A change was too large to send.',
  [CloseReason.OUTDATED_CLIENT]: 'This board was saved by a newer version of the app. Reload to update.',
  [CloseReason.TOO_MANY_CONNECTIONS]: 'Too many connections are open: to this board, for your account, or from your network. Close other tabs of this board, or ask the facilitator.',
  [CloseReason.TOO_MANY_MESSAGES]: 'Too many changes in a short time.',
}

/** The user-facing sentence for a close code, or undefined for codes that are not refusals. */
export function describeCloseCode(code: number): string | undefined {
  return (MESSAGES as Record<number, string>)[code]
}
