import { createElement, Fragment, memo, type CSSProperties, type ReactNode } from 'react'
import { rng, TldrawUiTooltip, useValue, type Editor, type TLNoteShape, type TLRichText } from 'tldraw'

/**
 * The parts of tldraw 5.1.1's note rendering this app copies, because tldraw does not export them
 * or renders them too slowly for boards of thousands of notes (see BoardNoteShapeUtil). tldraw is
 * pinned to 5.1.1 in package.json; on an upgrade, compare each part with its original and re-run
 * the e2e tests and `npm run bench:browser`:
 * - toRichTextElements: the elements and attributes of `renderHtmlFromRichText` (TipTap's
 *   `generateHTML` with tldraw's default extensions: nodes, marks, mark order, link protocols);
 * - isRichTextEmpty: `isEmptyRichText`;
 * - StaticNoteLabel: the DOM of `RichTextLabel` for a wrapped label not being edited (classes, data
 *   attributes and inline styles, which tldraw's CSS lays out);
 * - NoteAttribution: the attribution corner of `NoteShapeUtil.component`;
 * - getNoteShadow: `getNoteShadow` in NoteShapeUtil.tsx.
 * Also re-check what BoardNoteShapeUtil itself mirrors: the note container's size, colours, border
 * and shadow switch, and the label geometry it measures lazily.
 */

/** A TipTap JSON node as stored in a shape's `richText` (only the fields the renderer reads). */
interface RichTextNode {
  type?: unknown
  text?: unknown
  attrs?: unknown
  marks?: unknown
  content?: unknown
}

/** Text direction values TipTap's TextDirection extension keeps; anything else renders as tldraw's default. */
const DIRECTIONS = new Set(['ltr', 'rtl', 'auto'])
/** URL schemes TipTap's link extension allows (its default list); others get an empty href, as there. */
const LINK_PROTOCOLS = new Set(['http', 'https', 'ftp', 'ftps', 'mailto', 'tel', 'callto', 'sms', 'cid', 'xmpp'])
const HEADING_LEVELS = new Set([1, 2, 3, 4, 5, 6])
/** Block nodes and the element each renders as (all carry TipTap's `dir` attribute). */
const BLOCK_TAGS: Record<string, string> = { paragraph: 'p', bulletList: 'ul', orderedList: 'ol', listItem: 'li' }
/** Marks and the element each renders as. */
const MARK_TAGS: Record<string, string> = { bold: 'strong', italic: 'em', strike: 's', code: 'code', underline: 'u', highlight: 'mark', link: 'a' }
/**
 * How ProseMirror nests marks, outermost first: by extension priority (highlight 1100, link 1000),
 * then in StarterKit's extension order.
 */
const MARK_ORDER = ['highlight', 'link', 'bold', 'code', 'italic', 'strike', 'underline']

const cache = new WeakMap<TLRichText, ReactNode>()

/**
 * React elements for a note label's rich text, the same elements and attributes tldraw 5.1.1's
 * `renderHtmlFromRichText` produces (TipTap's `generateHTML` with tldraw's default extensions), for
 * shapes that are only displayed: no TipTap schema, ProseMirror document or HTML string per note, and
 * no `dangerouslySetInnerHTML` (text is always a React text child, so it cannot inject markup).
 *
 * Supports paragraphs, hard breaks, bullet and ordered lists, list items, headings, and the marks
 * bold, italic, strike, code, underline, highlight and link. An unknown node renders its plain text
 * (inline inside a paragraph, as a paragraph at block level); unknown marks are ignored. Cached per
 * `richText` object (records are immutable, so identity is the cache key tldraw uses too).
 */
export function toRichTextElements(richText: TLRichText): ReactNode {
  let elements = cache.get(richText)
  if (elements === undefined) {
    elements = renderChildren(richText as RichTextNode, 'block')
    cache.set(richText, elements)
  }
  return elements
}

/** True when any text in the rich text carries a link mark. */
export function hasLinkMark(richText: TLRichText): boolean {
  const visit = (node: RichTextNode): boolean =>
    (Array.isArray(node.marks) && node.marks.some((m: RichTextNode) => m?.type === 'link')) ||
    (Array.isArray(node.content) && node.content.some((c) => isNode(c) && visit(c)))
  return visit(richText as RichTextNode)
}

/** A node's text as TipTap's `generateText` gives it: blocks separated by a line break. */
export function getPlainText(node: RichTextNode): string {
  if (node.type === 'text') return typeof node.text === 'string' ? node.text : ''
  if (node.type === 'hardBreak') return '\n'
  if (!Array.isArray(node.content)) return ''
  const children = node.content.filter(isNode)
  const isBlockContainer = children.some((c) => typeof c.type === 'string' && (c.type in BLOCK_TAGS || c.type === 'heading'))
  return children.map(getPlainText).join(isBlockContainer ? '\n' : '')
}

function isNode(value: unknown): value is RichTextNode {
  return typeof value === 'object' && value !== null
}

function getAttrs(node: RichTextNode): Record<string, unknown> {
  return isNode(node.attrs) ? (node.attrs as Record<string, unknown>) : {}
}

function getDir(node: RichTextNode): string {
  const dir = getAttrs(node).dir
  return typeof dir === 'string' && DIRECTIONS.has(dir) ? dir : 'auto'
}

function renderChildren(node: RichTextNode, context: 'block' | 'inline'): ReactNode[] {
  if (!Array.isArray(node.content)) return []
  return node.content.filter(isNode).map((child, i) => renderNode(child, i, context))
}

function renderNode(node: RichTextNode, key: number, context: 'block' | 'inline'): ReactNode {
  const type = typeof node.type === 'string' ? node.type : ''
  if (type === 'text') return renderText(node, key)
  if (type === 'hardBreak') return createElement('br', { key, dir: getDir(node) })
  if (type === 'paragraph' && !Array.isArray(node.content)) {
    // tldraw turns an empty paragraph into `<p><br /></p>` so the line keeps its height.
    return createElement('p', { key }, createElement('br'))
  }
  const tag = type === 'heading' ? getHeadingTag(node) : BLOCK_TAGS[type]
  if (tag) {
    const props: Record<string, unknown> = { key, dir: getDir(node) }
    if (type === 'orderedList') Object.assign(props, getOrderedListAttrs(node))
    return createElement(tag, props, ...renderChildren(node, type === 'paragraph' || type === 'heading' ? 'inline' : 'block'))
  }
  // Unknown node: its text, in a paragraph when it stands where blocks go.
  const text = getPlainText(node)
  return context === 'block' ? createElement('p', { key, dir: 'auto' }, text) : createElement(Fragment, { key }, text)
}

function getHeadingTag(node: RichTextNode): string {
  const level = getAttrs(node).level
  return `h${typeof level === 'number' && HEADING_LEVELS.has(level) ? level : 1}`
}

/** TipTap's ordered list: `start` only when it is not 1, `type` when set. */
function getOrderedListAttrs(node: RichTextNode): Record<string, unknown> {
  const { start, type } = getAttrs(node)
  const attrs: Record<string, unknown> = {}
  if (typeof start === 'number' && Number.isFinite(start) && start !== 1) attrs.start = start
  if (typeof type === 'string' && /^[1aAiI]$/.test(type)) attrs.type = type
  return attrs
}

function renderText(node: RichTextNode, key: number): ReactNode {
  let element: ReactNode = typeof node.text === 'string' ? node.text : ''
  const marks = Array.isArray(node.marks) ? node.marks.filter(isNode) : []
  // Outermost first, in the order of tldraw's TipTap schema (see MARK_ORDER).
  const ordered = [...marks].sort((a, b) => getMarkRank(a) - getMarkRank(b))
  for (let i = ordered.length - 1; i >= 0; i--) {
    const mark = ordered[i]!
    const tag = typeof mark.type === 'string' ? MARK_TAGS[mark.type] : undefined
    if (!tag) continue
    element = createElement(tag, getMarkProps(mark), element)
  }
  return createElement(Fragment, { key }, element)
}

function getMarkRank(mark: RichTextNode): number {
  const rank = MARK_ORDER.indexOf(mark.type as string)
  return rank < 0 ? MARK_ORDER.length : rank
}

function getMarkProps(mark: RichTextNode): Record<string, unknown> | null {
  if (mark.type !== 'link') return null
  const { href, target, rel } = getAttrs(mark)
  return {
    target: typeof target === 'string' ? target : '_blank',
    rel: typeof rel === 'string' ? rel : 'noopener noreferrer nofollow',
    href: getSafeHref(href),
  }
}

/** The link's address when its scheme is one TipTap allows (or it has none), otherwise empty. */
export function getSafeHref(href: unknown): string {
  if (typeof href !== 'string') return ''
  // Browsers ignore ASCII whitespace and control characters when reading a scheme ("java\nscript:").
  // eslint-disable-next-line no-control-regex -- matching control characters is the point here
  const compact = href.replace(/[\u0000-\u0020\u007f-\u009f]/g, '')
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(compact)
  if (!scheme) return href
  return LINK_PROTOCOLS.has(scheme[1]!.toLowerCase()) ? href : ''
}

/**
 * tldraw's test for a note without text (`isEmptyRichText`, not exported by tldraw 5.1.1): a
 * single block with no content. tldraw then renders no label unless the note is selected or edited.
 */
export function isRichTextEmpty(richText: TLRichText): boolean {
  const content = (richText as RichTextNode).content
  return Array.isArray(content) && content.length === 1 && isNode(content[0]) && !content[0].content
}

/** tldraw's attribution corner (first name, full name in a tooltip) for a note with text. */
export function NoteAttribution({ editor, userId, scale, color }: { editor: Editor; userId: string; scale: number; color: string }) {
  const name = useValue('attribution', () => editor.getAttributionDisplayName(userId), [editor, userId])
  if (!name) return null
  return (
    <TldrawUiTooltip content={name} side="bottom">
      <div className="tl-note__attribution" style={{ ['--note-attribution-scale' as string]: scale, fontSize: 11 * scale, color, opacity: 0.6 }}>
        {name.split(' ')[0]}
      </div>
    </TldrawUiTooltip>
  )
}

/**
 * How a note's label is set, from tldraw's display values for the note: the static label and the
 * greeked lines draw from the same values, so the lines stand where the words would.
 */
export interface NoteLabelStyle {
  fontSize: number
  lineHeight: number
  textAlign: 'start' | 'center' | 'end'
  verticalAlign: 'start' | 'middle' | 'end'
  padding: number
  color: string
}

interface StaticNoteLabelProps extends NoteLabelStyle {
  richText: TLNoteShape['props']['richText']
  fontFamily: string
  style?: CSSProperties
}

/**
 * The DOM tldraw's `RichTextLabel` renders for a wrapped note label that is not being edited (same
 * classes, data attributes and inline styles, so tldraw's CSS lays it out identically), with the
 * text from toRichTextElements instead of TipTap HTML. No hooks: nothing here changes with editor
 * state. `data-is-select-tool-active` only styles links, and notes with links use tldraw's label.
 */
export const StaticNoteLabel = memo(function StaticNoteLabel({ richText, fontFamily, fontSize, lineHeight, textAlign, verticalAlign, color, padding, style }: StaticNoteLabelProps) {
  return (
    <div
      className="tl-text-label tl-text-wrapper tl-rich-text-wrapper tl-text__no-outline"
      aria-hidden
      data-hastext
      data-isediting={false}
      data-textwrap
      data-isselected={false}
      style={{
        fontFamily,
        textAlign,
        justifyContent: textAlign === 'center' ? 'center' : textAlign === 'end' ? 'flex-end' : 'flex-start',
        alignItems: verticalAlign === 'middle' ? 'center' : verticalAlign === 'end' ? 'flex-end' : 'flex-start',
        padding,
        ...style,
      }}
    >
      <div
        className="tl-text-label__inner tl-text-content__wrapper"
        style={{ fontSize, lineHeight: lineHeight.toString(), minHeight: Math.floor(fontSize * lineHeight) + 'px', minWidth: 0, color }}
      >
        <div className="tl-text tl-text tl-text-content" dir="auto">
          <div className="tl-rich-text" data-is-ready-for-editing={false}>
            {toRichTextElements(richText)}
          </div>
        </div>
      </div>
    </div>
  )
})

/** tldraw 5.1.1's note shadow (`getNoteShadow` in NoteShapeUtil.tsx, not exported), seeded by the note id. */
export function getNoteShadow(id: string, rotation: number, scale: number): string {
  const random = rng(id)
  const lift = Math.abs(random()) + 0.5
  const oy = Math.cos(rotation)
  const a = 5 * scale
  const b = 4 * scale
  const c = 6 * scale
  const d = 7 * scale
  return `0px ${Math.max(0, a - lift)}px ${a}px -${a}px rgba(15, 23, 31, .6),
	0px ${(b + lift * d) * Math.max(0, oy)}px ${c + lift * d}px -${b + lift * c}px rgba(15, 23, 31, ${(0.3 + lift * 0.1).toFixed(2)}),
	0px ${48 * scale}px ${10 * scale}px -${10 * scale}px inset rgba(15, 23, 44, ${((0.022 + random() * 0.005) * ((1 + oy) / 2)).toFixed(2)})`
}
