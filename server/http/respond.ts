import type { IncomingMessage, ServerResponse } from 'node:http'

/** Largest JSON request body accepted, in bytes. */
export const MAX_JSON_BODY_BYTES = 1024 * 1024

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details?: unknown,
  ) {
    super(message)
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' })
  res.end(text)
}

/** Reads a request body, refusing bodies over the limit (413). */
export async function readBody(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0)
  if (declared > limitBytes) throw new HttpError(413, `Request body is larger than ${limitBytes} bytes`)
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > limitBytes) throw new HttpError(413, `Request body is larger than ${limitBytes} bytes`)
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks)
}

/** Reads a JSON body, refusing bodies over the limit (413) and invalid JSON (400). */
export async function readJsonBody(req: IncomingMessage, limitBytes = MAX_JSON_BODY_BYTES): Promise<unknown> {
  const text = (await readBody(req, limitBytes)).toString('utf8')
  try {
    return text.length ? JSON.parse(text) : {}
  } catch {
    throw new HttpError(400, 'Request body is not valid JSON')
  }
}
