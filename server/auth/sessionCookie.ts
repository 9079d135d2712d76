import { parse as parseCookie, serialize as serializeCookie } from 'cookie'
import type { IncomingMessage } from 'node:http'
import { decode, encode } from 'next-auth/jwt'
import { SESSION_MAX_AGE_S } from './buildAuthOptions'

/** next-auth's cookie names: the `__Secure-` prefix applies on https. */
export function getSessionCookieName(publicUrl: string): string {
  return publicUrl.startsWith('https://') ? '__Secure-next-auth.session-token' : 'next-auth.session-token'
}

export interface SessionUser {
  userId: string
  name: string
  guest: boolean
}

/**
 * Reads the next-auth session from a raw request's Cookie header. next-auth's own getToken does not
 * parse the header of a raw upgrade request, so the sync server and the API use this instead.
 */
export async function readSessionUser(req: IncomingMessage, publicUrl: string, secret: string): Promise<SessionUser | undefined> {
  const header = req.headers.cookie
  if (!header) return undefined
  const cookies = parseCookie(header)
  const name = getSessionCookieName(publicUrl)
  // Large sessions are chunked by next-auth as name.0, name.1, ...
  let value = cookies[name]
  if (!value) {
    const chunks = Object.keys(cookies)
      .filter((k) => k.startsWith(`${name}.`))
      .sort((a, b) => Number(a.slice(name.length + 1)) - Number(b.slice(name.length + 1)))
    value = chunks.map((k) => cookies[k]).join('')
  }
  if (!value) return undefined
  try {
    const token = await decode({ token: value, secret })
    if (!token?.sub) return undefined
    return { userId: token.sub, name: String(token.name ?? ''), guest: token.guest === true }
  } catch {
    return undefined
  }
}

/** A Set-Cookie header value holding a next-auth session for this user (used for invited guests). */
export async function buildSessionCookie(user: SessionUser, publicUrl: string, secret: string): Promise<string> {
  const token = await encode({ token: { sub: user.userId, name: user.name, guest: user.guest }, secret, maxAge: SESSION_MAX_AGE_S })
  return serializeCookie(getSessionCookieName(publicUrl), token, {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: publicUrl.startsWith('https://'),
    maxAge: SESSION_MAX_AGE_S,
  })
}
