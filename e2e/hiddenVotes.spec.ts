import type { Page } from '@playwright/test'
import { VOTES_MAP } from '../lib/collab/session'
import { isSealedVote } from '../lib/collab/voteSeal'
import { addStickyNote, cellPoint, getNoteIdByText } from './fixtures/boardPage'
import { expect, test } from './fixtures/test'


test('hidden votes: no browser but the voter can tell where dots are until the vote closes', async ({ browser, baseURL, workshop }) => {
  test.setTimeout(180_000)
  const { boardId, ownerCookie, owner: fiona, guests: [paul, rita] } = await workshop.startBoard('Hidden vote', 'Fiona Facilitator', [
    ['Paul Participant', 'participant'],
    ['Rita Participant', 'participant'],
  ])
  await addStickyNote(fiona.page, await cellPoint(fiona.page, 'purchase', 'pain-points'), 'Slow checkout')
  await addStickyNote(fiona.page, await cellPoint(fiona.page, 'use', 'pain-points'), 'Confusing invoice')
  await expect.poll(() => getNoteIdByText(rita.page, 'Confusing invoice')).not.toBe('')
  const slow = await getNoteIdByText(paul.page, 'Slow checkout')
  const invoice = await getNoteIdByText(paul.page, 'Confusing invoice')

  await fiona.page.getByRole('button', { name: 'Facilitate' }).click()
  const panel = fiona.page.getByTestId('facilitator-panel')
  await panel.getByLabel('Votes per person').fill('2')
  await panel.getByLabel('Hide until closed').check()
  await panel.getByRole('button', { name: 'Open vote' }).click()

  // Paul puts both dots on one note and takes one back; Rita puts one on the other.
  const dots = (p: Page, id: string) => p.getByTestId(`votes-${id}`)
  await dots(paul.page, slow).getByRole('button', { name: 'Add a dot' }).click()
  await expect(dots(paul.page, slow).getByTestId('vote-count')).toHaveText('1●')
  await dots(paul.page, slow).getByRole('button', { name: 'Add a dot' }).click()
  await expect(dots(paul.page, slow).getByTestId('vote-count')).toHaveText('2●')
  await expect(paul.page.getByTestId('vote-banner')).toContainText('0 of 2 dots left')
  await dots(paul.page, slow).getByRole('button', { name: 'Remove a dot' }).click()
  await expect(paul.page.getByTestId('vote-banner')).toContainText('1 of 2 dots left')
  await dots(rita.page, invoice).getByRole('button', { name: 'Add a dot' }).click()
  await expect(rita.page.getByTestId('vote-banner')).toContainText('1 of 2 dots left')

  // Others see no counts, and a client of their own receives dots it cannot read, that name nobody.
  await expect(fiona.page.getByTestId('vote-count')).toHaveCount(0)
  await expect(rita.page.getByTestId(`votes-${slow}`).getByTestId('vote-count')).toHaveCount(0)
  const observer = workshop.connectClient(boardId, { token: workshop.syncToken(boardId, 'viewer') })
  try {
    await expect.poll(() => observer.doc.getMap(VOTES_MAP).size).toBe(2)
    const entries = [...observer.doc.getMap(VOTES_MAP).entries()]
    expect(entries.every(([, v]) => isSealedVote(v) && !String(v).includes(slow.slice(6)) && !String(v).includes(invoice.slice(6)))).toBe(true)
    const members = (await (await fetch(`${baseURL}/api/boards/${boardId}/members`, { headers: { cookie: ownerCookie } })).json()) as { members: { userId: string; name: string }[] }
    const paulId = members.members.find((m) => m.name === 'Paul Participant')!.userId
    expect(paulId).toBeTruthy()
    expect(entries.some(([k]) => k.includes(paulId))).toBe(false)
  } finally {
    observer.destroy()
  }

  // Paul sees his own dot on a second device (nothing of it in that browser's storage) and after a reload.
  const paulElsewhere = await browser.newContext({ storageState: { cookies: (await paul.context.storageState()).cookies, origins: [] } })
  const second = await paulElsewhere.newPage()
  await second.goto(`/b/${boardId}`)
  await expect(dots(second, slow).getByTestId('vote-count')).toHaveText('1●', { timeout: 30_000 })
  await expect(second.getByTestId('vote-banner')).toContainText('1 of 2 dots left')
  await paulElsewhere.close()
  await paul.page.reload()
  await expect(dots(paul.page, slow).getByTestId('vote-count')).toHaveText('1●', { timeout: 30_000 })

  // Closing opens the dots for everyone: tallies on the notes and in the export.
  await panel.getByRole('button', { name: 'Close vote' }).click()
  for (const p of [fiona.page, paul.page, rita.page]) {
    await expect(dots(p, slow).getByTestId('vote-count')).toHaveText('1●')
    await expect(dots(p, invoice).getByTestId('vote-count')).toHaveText('1●')
  }
  await expect
    .poll(async () => {
      const journey = (await (await fetch(`${baseURL}/api/boards/${boardId}/journey`, { headers: { cookie: ownerCookie } })).json()) as { cells: { notes: { text: string; votes: number }[] }[] }
      return journey.cells.flatMap((c) => c.notes).map((n) => `${n.text}:${n.votes}`).sort()
    })
    .toEqual(['Confusing invoice:1', 'Slow checkout:1'])
})
