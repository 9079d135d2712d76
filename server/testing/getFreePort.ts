import net from 'node:net'

/** A TCP port that is free on 127.0.0.1 right now (the kernel picks it), for a server that must restart on the same port. */
export function getFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })
}
