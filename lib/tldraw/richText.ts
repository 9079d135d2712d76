/**
 * tldraw 5 stores shape text as TipTap (ProseMirror) JSON in `props.richText`. The pure layer must
 * read and write it without an editor, so this module holds our own minimal converter.
 */

/** A node of TipTap's JSON document, as tldraw stores it. */
export interface RichTextNode {
  type: string
  text?: string
  content?: RichTextNode[]
  attrs?: Record<string, unknown>
  marks?: { type: string; attrs?: Record<string, unknown> }[]
}

/** The root of a rich-text value: `{ type: 'doc', content: [...] }`. */
export interface RichTextDoc extends RichTextNode {
  type: 'doc'
}

/** Builds tldraw rich text from plain text: one paragraph per line, empty lines kept. */
export function toRichText(text: string): RichTextDoc {
  const lines = text.split('\n')
  return {
    type: 'doc',
    content: lines.map((line) =>
      line.length === 0 ? { type: 'paragraph' } : { type: 'paragraph', content: [{ type: 'text', text: line }] },
    ),
  }
}

const BLOCK_TYPES = new Set(['paragraph', 'heading', 'blockquote', 'codeBlock', 'listItem', 'taskItem'])
const LIST_TYPES = new Set(['bulletList', 'orderedList', 'taskList'])

/**
 * Reads the plain text of a rich-text value: blocks and hard breaks become line breaks, marks are
 * dropped, list items become "- item" lines (ordered lists "1. item"). Unknown or malformed input
 * gives an empty string rather than throwing, because records come from untrusted clients.
 */
export function toPlainText(richText: unknown): string {
  if (typeof richText === 'string') return richText
  if (!isNode(richText)) return ''
  const lines: string[] = []
  collectBlocks(richText, lines, '')
  return lines.join('\n').replace(/\s+$/u, '')
}

function isNode(value: unknown): value is RichTextNode {
  return typeof value === 'object' && value !== null && typeof (value as RichTextNode).type === 'string'
}

function children(node: RichTextNode): RichTextNode[] {
  return Array.isArray(node.content) ? node.content.filter(isNode) : []
}

function inlineText(node: RichTextNode): string {
  if (node.type === 'text') return typeof node.text === 'string' ? node.text : ''
  if (node.type === 'hardBreak') return '\n'
  return children(node).map(inlineText).join('')
}

function collectBlocks(node: RichTextNode, lines: string[], prefix: string): void {
  if (LIST_TYPES.has(node.type)) {
    const ordered = node.type === 'orderedList'
    const start = typeof node.attrs?.start === 'number' ? node.attrs.start : 1
    children(node).forEach((item, i) => {
      const marker = ordered ? `${start + i}. ` : '- '
      const itemLines: string[] = []
      collectBlocks({ type: 'doc', content: children(item) }, itemLines, '')
      itemLines.forEach((line, j) => lines.push(prefix + (j === 0 ? marker : '  ') + line))
    })
    return
  }
  const kids = children(node)
  const hasBlockChildren = kids.some((k) => BLOCK_TYPES.has(k.type) || LIST_TYPES.has(k.type))
  if (node.type !== 'doc' && !hasBlockChildren) {
    for (const line of inlineText(node).split('\n')) lines.push(prefix + line)
    return
  }
  for (const kid of kids) {
    if (BLOCK_TYPES.has(kid.type) || LIST_TYPES.has(kid.type) || kid.type === 'doc') collectBlocks(kid, lines, prefix)
    else lines.push(prefix + inlineText(kid))
  }
}
