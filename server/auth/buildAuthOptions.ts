import type { AuthOptions } from 'next-auth'
import CredentialsProvider from 'next-auth/providers/credentials'
import GithubProvider from 'next-auth/providers/github'
import GoogleProvider from 'next-auth/providers/google'
import { randomUUID } from 'node:crypto'
import type { ServerConfig } from '../config'
import type { BoardCatalog } from '../storage/BoardCatalog'
import { getSafeCallbackUrl } from '../../lib/auth/getSafeCallbackUrl'
import type { LoginRateLimiter } from './LoginRateLimiter'
import { getDummyPasswordHash, verifyPassword } from './passwords'

/** How long a session lasts without activity. */
export const SESSION_MAX_AGE_S = 30 * 24 * 3600

/**
 * next-auth (v4, JWT sessions): local accounts with email and password, plus GitHub and Google when
 * their credentials are configured. The JWT's `sub` is always our own user id.
 */
export function buildAuthOptions(config: ServerConfig, catalog: BoardCatalog, secret: string, limiter: LoginRateLimiter): AuthOptions {
  const providers: AuthOptions['providers'] = [
    CredentialsProvider({
      name: 'Email',
      credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
      async authorize(credentials, req) {
        const email = String(credentials?.email ?? '').trim()
        const password = String(credentials?.password ?? '')
        const address = String((req.headers as Record<string, string> | undefined)?.['x-journey-client-address'] ?? 'unknown')
        // handleNextAuth has counted this attempt (LoginRateLimiter) and holds a hashing slot.
        if (!email || !password) return null
        const user = await catalog.getUserByEmail(email)
        // An unknown email costs the same hash as a known one: the time taken does not tell them apart.
        const matches = await verifyPassword(password, user?.passwordHash ?? (await getDummyPasswordHash()))
        if (!user?.passwordHash || !matches) return null
        limiter.succeeded(email, address)
        return { id: user.id, name: user.name, email: user.email }
      },
    }),
  ]
  if (config.oauth.github) providers.push(GithubProvider(config.oauth.github))
  if (config.oauth.google) providers.push(GoogleProvider(config.oauth.google))

  return {
    secret,
    providers,
    session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_S },
    pages: { signIn: '/signin', error: '/signin' },
    callbacks: {
      // After sign-in (or out) only paths on this site are followed: no open redirect.
      redirect({ url, baseUrl }) {
        return baseUrl + getSafeCallbackUrl(url, baseUrl)
      },
      async signIn({ user, account }) {
        if (!account || account.provider === 'credentials') return true
        // OAuth: link to (or create) our account by email.
        if (!user.email) return false
        if (!(await catalog.getUserByEmail(user.email))) {
          await catalog.createUser({ id: randomUUID(), kind: 'account', email: user.email, name: user.name || user.email, passwordHash: null, createdAt: Date.now() })
        }
        return true
      },
      async jwt({ token, user, account }) {
        if (user && account) {
          const ours = account.provider === 'credentials' ? await catalog.getUser(user.id) : await catalog.getUserByEmail(user.email ?? '')
          if (ours) {
            token.sub = ours.id
            token.name = ours.name
          }
        }
        return token
      },
      async session({ session, token }) {
        return { ...session, user: { ...session.user, id: token.sub, name: token.name, guest: token.guest === true } }
      },
    },
  }
}
