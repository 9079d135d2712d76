/** Extra node flags from an environment variable, space-separated (e.g. "--cpu-prof --cpu-prof-dir=/tmp/p"). */
export function readNodeArgs(variable: string): string[] {
  return (process.env[variable] ?? '').split(' ').filter(Boolean)
}
