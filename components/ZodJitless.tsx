'use client'
import { z } from 'zod'

// Under the pages' Content-Security-Policy (no 'unsafe-eval') zod's probe for `new Function` is
// reported as a CSP violation even though zod catches it: in the browser, zod runs without it.
if (typeof window !== 'undefined') z.config({ jitless: true })

/** Renders nothing; rendered by the root layout so every page's browser bundle configures zod first. */
export function ZodJitless(): null {
  return null
}
