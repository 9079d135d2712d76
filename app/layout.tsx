import type { Metadata } from 'next'
import type { ReactNode } from 'react'
import { ZodJitless } from '../components/ZodJitless'
import './globals.css'

/**
 * Every page is rendered per request: Next puts the request's CSP nonce on its inline scripts
 * (server/http/securityHeaders.ts), which a page prerendered at build time could not carry.
 */
export const dynamic = 'force-dynamic'

export const metadata: Metadata = {
  title: 'Journey Board',
  description: 'Real-time customer journey mapping workshops',
}

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="bg-slate-50 text-slate-900 antialiased">
        <ZodJitless />
        {children}
      </body>
    </html>
  )
}
