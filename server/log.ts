/** Structured one-line JSON logs on stderr, so they can be grepped and shipped as they are. */
export function log(message: string, context: Record<string, unknown> = {}): void {
  process.stderr.write(JSON.stringify({ time: new Date().toISOString(), message, ...context }) + '\n')
}
