import http from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { createBoardViaApi, makeDataDir, signUpAndSignIn, startInProcessServer } from '../testing/testServer'

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn()
})

async function setup(env: Record<string, string> = {}) {
  const server = await startInProcessServer(makeDataDir(), env)
  cleanups.push(() => server.close())
  const base = `http://127.0.0.1:${server.port}`
  const cookie = await signUpAndSignIn(base, 'fay@example.com', 'Fay Facilitator')
  const board = await createBoardViaApi(base, 'Invites', undefined, cookie)
  return { server, base, cookie, board }
}

/** A POST with exactly these headers (fetch does not let a test choose the Host header). */
function post(port: number, path: string, headers: Record<string, string>, body: unknown): Promise<{ status: number; json: { url: string } }> {
  return new Promise((resolve, reject) => {
    const data = JSON.stringify(body)
    const req = http.request({ host: '127.0.0.1', port, path, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(data)), ...headers } }, (res) => {
      let text = ''
      res.on('data', (d) => (text += d))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) as { url: string } }))
    })
    req.on('error', reject)
    req.end(data)
  })
}

describe('invite links open where the facilitator is', () => {
  it('without PUBLIC_URL, an invite link and board links use the origin the facilitator browses at', async () => {
    const { server, base, cookie, board } = await setup()
    const created = await fetch(`${base}/api/boards/${board.id}/invites`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify({ role: 'participant' }) })
    expect(created.status).toBe(201)
    const invite = (await created.json()) as { url: string; token: string }
    expect(invite.url).toBe(`${base}/join/${invite.token}`)
    const listed = (await (await fetch(`${base}/api/boards/${board.id}/invites`, { headers: { cookie } })).json()) as { invites: { url: string; token: string }[] }
    expect(listed.invites.map((i) => i.url)).toEqual([`${base}/join/${invite.token}`])
    expect(board.url).toBe(`${base}/b/${board.id}`)

    // Another host name for the same server (a LAN address, a name in /etc/hosts).
    const viaName = await post(server.port, `/api/boards/${board.id}/invites`, { host: `Workshop.LAN:${server.port}`, cookie }, { role: 'viewer' })
    expect(viaName.status).toBe(201)
    expect(viaName.json.url).toMatch(new RegExp(`^http://workshop\\.lan:${server.port}/join/[A-Za-z0-9_-]+$`))
  })

  it('ignores X-Forwarded-Host and a Host header that is not a plain host[:port]', async () => {
    const { server, cookie, board } = await setup()
    const forwarded = await post(server.port, `/api/boards/${board.id}/invites`, { host: `127.0.0.1:${server.port}`, 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https', cookie }, { role: 'participant' })
    expect(forwarded.json.url.startsWith(`http://127.0.0.1:${server.port}/join/`)).toBe(true)
    for (const host of ['evil.example/phish?x=', 'evil.example@good.example', 'a b']) {
      const crafted = await post(server.port, `/api/boards/${board.id}/invites`, { host, cookie }, { role: 'participant' })
      expect(crafted.status, host).toBe(201)
      // The configured address (PORT=0 here), never the crafted text.
      expect(crafted.json.url, host).toMatch(/^http:\/\/localhost:0\/join\/[A-Za-z0-9_-]+$/)
    }
  })

  it('with PUBLIC_URL set, links always use it', async () => {
    const { server, base, cookie, board } = await setup({ PUBLIC_URL: 'http://journeys.example.com:8080' })
    const res = await fetch(`${base}/api/boards/${board.id}/invites`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify({ role: 'participant' }) })
    const invite = (await res.json()) as { url: string; token: string }
    expect(invite.url).toBe(`http://journeys.example.com:8080/join/${invite.token}`)
    const viaName = await post(server.port, `/api/boards/${board.id}/invites`, { host: `workshop.lan:${server.port}`, cookie }, { role: 'viewer' })
    expect(viaName.json.url.startsWith('http://journeys.example.com:8080/join/')).toBe(true)
  })
})
