import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { getRichTextLength, MAX_RICH_TEXT_DEPTH, toPlainText, toRichText, type RichTextNode } from './richText'

const doc = (...content: RichTextNode[]): RichTextNode => ({ type: 'doc', content })
const p = (...content: RichTextNode[]): RichTextNode => ({ type: 'paragraph', content })
const t = (text: string, marks?: RichTextNode['marks']): RichTextNode => (marks ? { type: 'text', text, marks } : { type: 'text', text })
const br: RichTextNode = { type: 'hardBreak' }
const li = (...content: RichTextNode[]): RichTextNode => ({ type: 'listItem', content })
const ul = (...items: RichTextNode[]): RichTextNode => ({ type: 'bulletList', content: items })
const ol = (start: number | undefined, ...items: RichTextNode[]): RichTextNode => ({
  type: 'orderedList',
  ...(start === undefined ? {} : { attrs: { start } }),
  content: items,
})

describe('toPlainText', () => {
  const cases: { name: string; input: unknown; expected: string }[] = [
    { name: 'single paragraph', input: doc(p(t('Hello'))), expected: 'Hello' },
    {
      name: 'marks are dropped',
      input: doc(p(t('bold', [{ type: 'bold' }]), t(' and '), t('link', [{ type: 'link', attrs: { href: 'https://x.y' } }]))),
      expected: 'bold and link',
    },
    { name: 'paragraphs become lines', input: doc(p(t('a')), p(t('b'))), expected: 'a\nb' },
    { name: 'hard break becomes a line break', input: doc(p(t('a'), br, t('b'))), expected: 'a\nb' },
    { name: 'empty paragraph in the middle is kept', input: doc(p(t('a')), { type: 'paragraph' }, p(t('b'))), expected: 'a\n\nb' },
    { name: 'trailing empty paragraphs are dropped', input: doc(p(t('a')), { type: 'paragraph' }, { type: 'paragraph' }), expected: 'a' },
    { name: 'only empty paragraphs', input: doc({ type: 'paragraph' }, { type: 'paragraph' }), expected: '' },
    { name: 'heading', input: doc({ type: 'heading', attrs: { level: 2 }, content: [t('Title')] }, p(t('body'))), expected: 'Title\nbody' },
    { name: 'bullet list', input: doc(ul(li(p(t('one'))), li(p(t('two'))))), expected: '- one\n- two' },
    { name: 'ordered list', input: doc(ol(undefined, li(p(t('one'))), li(p(t('two'))))), expected: '1. one\n2. two' },
    { name: 'ordered list with start', input: doc(ol(3, li(p(t('c'))), li(p(t('d'))))), expected: '3. c\n4. d' },
    {
      name: 'nested list is indented',
      input: doc(ul(li(p(t('a')), ul(li(p(t('a1'))), li(p(t('a2'))))), li(p(t('b'))))),
      expected: '- a\n  - a1\n  - a2\n- b',
    },
    { name: 'list item with two paragraphs', input: doc(ul(li(p(t('a')), p(t('more'))))), expected: '- a\n  more' },
    { name: 'empty list item keeps its marker', input: doc(ul(li(), li(p(t('b'))))), expected: '-\n- b' },
    {
      name: 'task list',
      input: doc({
        type: 'taskList',
        content: [
          { type: 'taskItem', attrs: { checked: true }, content: [p(t('done'))] },
          { type: 'taskItem', attrs: { checked: false }, content: [p(t('todo'))] },
        ],
      }),
      expected: '- [x] done\n- [ ] todo',
    },
    { name: 'blockquote', input: doc({ type: 'blockquote', content: [p(t('quoted'))] }), expected: 'quoted' },
    { name: 'code block with newlines', input: doc({ type: 'codeBlock', content: [t('x = 1\ny = 2')] }), expected: 'x = 1\ny = 2' },
    { name: 'text before a paragraph (malformed) is its own line', input: doc(t('loose'), t(' text'), p(t('para'))), expected: 'loose text\npara' },
    { name: 'list item straight in a list (malformed)', input: doc(ul(p(t('x')))), expected: '- x' },
    { name: 'plain string is returned as is', input: 'already plain', expected: 'already plain' },
    { name: 'null', input: null, expected: '' },
    { name: 'number', input: 42, expected: '' },
    { name: 'object without type', input: { content: [] }, expected: '' },
    { name: 'content not an array', input: { type: 'doc', content: 'nope' }, expected: '' },
    { name: 'non-node children are skipped', input: { type: 'doc', content: [null, 3, p(t('ok')), { text: 'no type' }] }, expected: 'ok' },
    { name: 'text node without a string', input: doc(p({ type: 'text', text: 5 } as unknown as RichTextNode)), expected: '' },
    { name: 'unknown inline node with children', input: doc(p({ type: 'mention', content: [t('@ann')] })), expected: '@ann' },
    { name: 'trailing whitespace removed', input: doc(p(t('a  ')), p(t('  '))), expected: 'a' },
  ]

  it.each(cases)('$name', ({ input, expected }) => {
    expect(toPlainText(input)).toBe(expected)
  })

  it('does not overflow the stack on hostile nesting', () => {
    let node: RichTextNode = p(t('deep'))
    for (let i = 0; i < 100_000; i++) node = { type: 'blockquote', content: [node] }
    expect(toPlainText(doc(p(t('top')), node))).toBe('top')
    let shallow: RichTextNode = p(t('ok'))
    for (let i = 0; i < MAX_RICH_TEXT_DEPTH - 3; i++) shallow = { type: 'blockquote', content: [shallow] }
    expect(toPlainText(doc(shallow))).toBe('ok')
  })
})

describe('toRichText', () => {
  const cases = ['', 'one line', 'two\nlines', 'blank\n\nline', 'emoji 😀 and ümlauts']
  it.each(cases)('round-trips %j through toPlainText', (text) => {
    expect(toPlainText(toRichText(text))).toBe(text)
  })

  it('round-trips any text up to trailing whitespace (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(toPlainText(toRichText(text))).toBe(text.trimEnd())
      }),
    )
  })

  it('reads simple paragraphs the same with and without marks (fast path = general walk)', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.string(), { maxLength: 3 }), { maxLength: 4 }), (paragraphs) => {
        const plain = doc(...paragraphs.map((texts) => p(...texts.map((x) => t(x)))))
        const marked = doc(...paragraphs.map((texts) => p(...texts.map((x) => t(x, [{ type: 'bold' }])), { type: 'mention' })))
        expect(toPlainText(plain)).toBe(toPlainText(marked))
      }),
    )
  })

  it('writes empty lines as empty paragraphs', () => {
    expect(toRichText('a\n\nb')).toEqual({
      type: 'doc',
      content: [{ type: 'paragraph', content: [{ type: 'text', text: 'a' }] }, { type: 'paragraph' }, { type: 'paragraph', content: [{ type: 'text', text: 'b' }] }],
    })
  })
})

describe('getRichTextLength', () => {
  it('counts the characters of every string, not the node type names', () => {
    expect(getRichTextLength(toRichText('abc\ndef'))).toBe(6)
    expect(getRichTextLength({ type: 'doc', content: [{ type: 'paragraph', attrs: { hidden: 'x'.repeat(50) } }] })).toBe(50)
    expect(getRichTextLength('plain')).toBe(5)
    expect(getRichTextLength(null)).toBe(0)
  })

  it('walks deep nesting without recursion and stops counting past the bound', () => {
    let deep: unknown = { type: 'text', text: 'x' }
    for (let i = 0; i < 100_000; i++) deep = { type: 'p', content: [deep] }
    expect(getRichTextLength(deep)).toBe(1)
    expect(getRichTextLength(toRichText('y'.repeat(1000)), 10)).toBeGreaterThan(10)
  })
})
