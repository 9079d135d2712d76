'use client'
import { toDataURL } from 'qrcode'
import { useEffect, useState } from 'react'
import type { Invite } from '../../lib/api/memberApi'
import { formatJoinCode } from '../../lib/collab/joinCode'
import { ROLE_LABELS } from '../../lib/collab/roles'

/**
 * One invite link in the People panel: the link to copy, the short join code to say aloud (typed at
 * /join), its QR code for phones in the room, and revoking it.
 */
export function InviteLinkRow({ invite, copied: copiedAlready, onRevoke }: { invite: Invite; copied: boolean; onRevoke(): void }) {
  const [copiedHere, setCopied] = useState(false)
  const copied = copiedAlready || copiedHere
  const [showQr, setShowQr] = useState(false)
  const [qr, setQr] = useState<string>()
  const role = ROLE_LABELS[invite.role]
  useEffect(() => {
    if (!showQr || qr) return
    // Drawn here from the link itself (the qrcode package, no service): a data URL the page's CSP allows.
    void toDataURL(invite.url, { margin: 1, width: 200, errorCorrectionLevel: 'M' }).then(setQr)
  }, [showQr, qr, invite.url])
  return (
    <li className="rounded border border-slate-200 p-1" data-testid="invite-row">
      <div className="flex items-center gap-1">
        <label htmlFor={`invite-${invite.token}`} className="w-20 text-xs">
          {role}
          <span className="sr-only"> invite link</span>
        </label>
        <input id={`invite-${invite.token}`} readOnly value={invite.url} className="min-w-0 flex-1 rounded border px-1 text-xs" onFocus={(e) => e.target.select()} />
        <button className="text-xs text-blue-700" onClick={() => void navigator.clipboard?.writeText(invite.url).then(() => setCopied(true))}>
          {copied ? 'Copied' : 'Copy'}
        </button>
        <button className="text-xs text-red-700" aria-label={`Revoke ${role} link`} onClick={onRevoke}>
          Revoke
        </button>
      </div>
      {invite.joinCode && (
        <div className="mt-1 flex items-center gap-2 text-xs text-slate-700">
          <span>
            Join code at <span className="font-medium">/join</span>:{' '}
            <span className="font-mono text-sm font-semibold tracking-wider text-slate-900" data-testid="join-code">
              {formatJoinCode(invite.joinCode)}
            </span>
          </span>
          <button className="text-blue-700" aria-expanded={showQr} onClick={() => setShowQr((s) => !s)}>
            {showQr ? 'Hide QR code' : 'QR code'}
          </button>
        </div>
      )}
      {showQr && qr && <img src={qr} width={200} height={200} alt={`QR code of the ${role} invite link`} className="mt-1" data-testid="invite-qr" />}
    </li>
  )
}
