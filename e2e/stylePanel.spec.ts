import { expect, test } from './fixtures/test'
import { boxOf, intersects } from './fixtures/boxes'

/**
 * Issue #19, item 5: on a fresh board of the widest template (Seven phases), fitted to a 1440×900
 * screen, no shape lies under tldraw's style panel (it stays closed until there is something to
 * style), and selecting a shape still opens it.
 */
test("a fresh Seven phases board: no shape under tldraw's style panel", async ({ workshop }) => {
  const ownerCookie = await workshop.signUp('Fiona Facilitator')
  const boardId = await workshop.createBoard('Seven phases', 'phases', ownerCookie)
  const fiona = await workshop.openBoardAsOwner(boardId, 'Fiona Facilitator', ownerCookie)
  await fiona.page.setViewportSize({ width: 1440, height: 900 })
  await fiona.page.evaluate(() => void window.editor!.zoomToFit({ animation: { duration: 0 } }))
  await expect(fiona.page.getByTestId('board-canvas')).toBeVisible()
  await fiona.page.screenshot({ path: test.info().outputPath('phases-1440x900.png') })

  const shapeBoxes = await fiona.page.evaluate(() => {
    const editor = window.editor!
    return editor.getCurrentPageShapes().map((s) => {
      const b = editor.getShapePageBounds(s)!
      const a = editor.pageToScreen({ x: b.minX, y: b.minY })
      const c = editor.pageToScreen({ x: b.maxX, y: b.maxY })
      return { id: s.id as string, text: JSON.stringify(s.props), box: { x: a.x, y: a.y, width: c.x - a.x, height: c.y - a.y } }
    })
  })
  expect(shapeBoxes.some((s) => s.text.includes('Repeat'))).toBe(true)
  const panel = fiona.page.getByTestId('style.panel')
  if ((await panel.count()) > 0 && (await panel.isVisible())) {
    const panelBox = await boxOf(panel)
    for (const shape of shapeBoxes) expect(intersects(shape.box, panelBox), `${shape.id} ${shape.text.slice(0, 120)} under the style panel`).toBe(false)
  }
  // Something to style: the panel is there.
  await fiona.page.evaluate(() => {
    const editor = window.editor!
    const persona = editor.getCurrentPageShapes().find((s) => s.type !== 'frame')!
    editor.select(persona.id)
  })
  await expect(panel).toBeVisible()
  await fiona.page.keyboard.press('Escape')
  await fiona.page.evaluate(() => window.editor!.selectNone())
  await expect(panel).toHaveCount(0)
})
