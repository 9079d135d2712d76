import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import type { TLRichText } from 'tldraw'
import { describe, expect, it } from 'vitest'
import { getPlainText, getSafeHref, hasLinkMark, isRichTextEmpty, toRichTextElements } from './tldrawNoteInternals'

const doc = (...content: unknown[]) => ({ type: 'doc', content }) as unknown as TLRichText
const p = (...content: unknown[]) => ({ type: 'paragraph', content })
const text = (value: string, ...marks: unknown[]) => (marks.length ? { type: 'text', text: value, marks } : { type: 'text', text: value })
const render = (richText: TLRichText) => renderToStaticMarkup(createElement('div', null, toRichTextElements(richText)))
/** The HTML of the elements without the wrapping div. */
const html = (richText: TLRichText) => render(richText).slice('<div>'.length, -'</div>'.length)

// Expected markup is what tldraw 5.1.1's renderHtmlFromRichText gives (TipTap generateHTML with
// tldraw's default extensions: every node carries dir="auto"; an empty paragraph is <p><br /></p>).
describe('toRichTextElements', () => {
  it.each([
    ['empty doc (a note with no text)', doc({ type: 'paragraph' }), '<p><br/></p>'],
    ['doc without content', { type: 'doc' } as unknown as TLRichText, ''],
    ['paragraph', doc(p(text('Checkout asks for too much'))), '<p dir="auto">Checkout asks for too much</p>'],
    ['two paragraphs', doc(p(text('a')), p(text('b'))), '<p dir="auto">a</p><p dir="auto">b</p>'],
    ['empty paragraph between two', doc(p(text('a')), { type: 'paragraph' }, p(text('b'))), '<p dir="auto">a</p><p><br/></p><p dir="auto">b</p>'],
    ['hard break', doc(p(text('a'), { type: 'hardBreak' }, text('b'))), '<p dir="auto">a<br dir="auto"/>b</p>'],
    [
      'bullet list',
      doc({ type: 'bulletList', content: [{ type: 'listItem', content: [p(text('one'))] }, { type: 'listItem', content: [p(text('two'))] }] }),
      '<ul dir="auto"><li dir="auto"><p dir="auto">one</p></li><li dir="auto"><p dir="auto">two</p></li></ul>',
    ],
    [
      'ordered list from 1',
      doc({ type: 'orderedList', attrs: { start: 1, type: null }, content: [{ type: 'listItem', content: [p(text('one'))] }] }),
      '<ol dir="auto"><li dir="auto"><p dir="auto">one</p></li></ol>',
    ],
    [
      'ordered list from 3, lettered',
      doc({ type: 'orderedList', attrs: { start: 3, type: 'a' }, content: [{ type: 'listItem', content: [p(text('three'))] }] }),
      '<ol dir="auto" start="3" type="a"><li dir="auto"><p dir="auto">three</p></li></ol>',
    ],
    [
      'nested list',
      doc({ type: 'bulletList', content: [{ type: 'listItem', content: [p(text('a')), { type: 'bulletList', content: [{ type: 'listItem', content: [p(text('b'))] }] }] }] }),
      '<ul dir="auto"><li dir="auto"><p dir="auto">a</p><ul dir="auto"><li dir="auto"><p dir="auto">b</p></li></ul></li></ul>',
    ],
    ['heading level 2', doc({ type: 'heading', attrs: { level: 2 }, content: [text('Stage')] }), '<h2 dir="auto">Stage</h2>'],
    ['heading with a bad level', doc({ type: 'heading', attrs: { level: 9 }, content: [text('Stage')] }), '<h1 dir="auto">Stage</h1>'],
    ['right-to-left paragraph', doc({ type: 'paragraph', attrs: { dir: 'rtl' }, content: [text('שלום')] }), '<p dir="rtl">שלום</p>'],
    ['unknown dir value', doc({ type: 'paragraph', attrs: { dir: 'sideways' }, content: [text('x')] }), '<p dir="auto">x</p>'],
    ['bold', doc(p(text('b', { type: 'bold' }))), '<p dir="auto"><strong>b</strong></p>'],
    ['italic', doc(p(text('i', { type: 'italic' }))), '<p dir="auto"><em>i</em></p>'],
    ['strike', doc(p(text('s', { type: 'strike' }))), '<p dir="auto"><s>s</s></p>'],
    ['code', doc(p(text('c', { type: 'code' }))), '<p dir="auto"><code>c</code></p>'],
    ['underline', doc(p(text('u', { type: 'underline' }))), '<p dir="auto"><u>u</u></p>'],
    ['highlight', doc(p(text('h', { type: 'highlight' }))), '<p dir="auto"><mark>h</mark></p>'],
    [
      'link',
      doc(p(text('site', { type: 'link', attrs: { href: 'https://example.com/?a=1&b=2', target: '_blank', rel: 'noopener noreferrer nofollow', class: null } }))),
      '<p dir="auto"><a target="_blank" rel="noopener noreferrer nofollow" href="https://example.com/?a=1&amp;b=2">site</a></p>',
    ],
    [
      'marks nest in schema order whatever order the node lists them in',
      doc(p(text('x', { type: 'underline' }, { type: 'italic' }, { type: 'bold' }, { type: 'link', attrs: { href: 'https://a.b' } }, { type: 'highlight' }))),
      '<p dir="auto"><mark><a target="_blank" rel="noopener noreferrer nofollow" href="https://a.b"><strong><em><u>x</u></em></strong></a></mark></p>',
    ],
    ['unknown mark is ignored', doc(p(text('x', { type: 'sparkle' }, { type: 'bold' }))), '<p dir="auto"><strong>x</strong></p>'],
    ['unknown inline node: its text', doc(p(text('a '), { type: 'mention', attrs: { id: 1 }, content: [text('@fiona')] }, text(' b'))), '<p dir="auto">a @fiona b</p>'],
    ['unknown inline node without text', doc(p(text('a'), { type: 'emoji', attrs: { name: 'smile' } })), '<p dir="auto">a</p>'],
    [
      'unknown block node: its text in a paragraph, blocks on their own lines',
      doc({ type: 'blockquote', content: [p(text('one')), p(text('two'))] }),
      '<p dir="auto">one\ntwo</p>',
    ],
    ['not a node at all', doc(p(text('a'), null, 'stray', text('b'))), '<p dir="auto">ab</p>'],
  ])('%s', (_name, richText, expected) => {
    expect(html(richText)).toBe(expected)
  })

  it('escapes text: markup in a note is shown, never parsed', () => {
    const out = html(doc(p(text('<img src=x onerror=alert(1)> & "quotes" \'single\''))))
    expect(out).toBe('<p dir="auto">&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quotes&quot; &#x27;single&#x27;</p>')
  })

  it('escapes attribute values and refuses script URLs in links', () => {
    const link = (href: string) => doc(p(text('x', { type: 'link', attrs: { href } })))
    expect(html(link('https://a.b/"><script>alert(1)</script>'))).toContain('href="https://a.b/&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"')
    expect(html(link('javascript:alert(1)'))).toContain('href=""')
    expect(html(link('JaVa\nScRiPt:alert(1)'))).toContain('href=""')
    expect(html(link('data:text/html,<script>alert(1)</script>'))).toContain('href=""')
  })

  it('ignores a node type that is not a string', () => {
    expect(html(doc({ type: { toString: () => 'paragraph' }, content: [text('x')] }))).toBe('<p dir="auto">x</p>')
  })

  it('returns the same elements for the same rich text object', () => {
    const richText = doc(p(text('same')))
    expect(toRichTextElements(richText)).toBe(toRichTextElements(richText))
  })
})

describe('getSafeHref', () => {
  it.each([
    ['https://example.com', 'https://example.com'],
    ['HTTP://EXAMPLE.COM', 'HTTP://EXAMPLE.COM'],
    ['mailto:a@b.c', 'mailto:a@b.c'],
    ['tel:+4412345', 'tel:+4412345'],
    ['/relative/path', '/relative/path'],
    ['example.com', 'example.com'],
    ['javascript:alert(1)', ''],
    [' javascript:alert(1)', ''],
    ['vbscript:x', ''],
    ['data:text/html;base64,AAAA', ''],
  ])('%s -> %s', (href, expected) => {
    expect(getSafeHref(href)).toBe(expected)
  })

  it('gives an empty href for a missing one', () => {
    expect(getSafeHref(undefined)).toBe('')
    expect(getSafeHref(42)).toBe('')
  })
})

describe('hasLinkMark', () => {
  it('finds a link anywhere in the document', () => {
    expect(hasLinkMark(doc(p(text('plain'))))).toBe(false)
    expect(hasLinkMark(doc(p(text('bold', { type: 'bold' }))))).toBe(false)
    const nested = doc({ type: 'bulletList', content: [{ type: 'listItem', content: [p(text('x', { type: 'link', attrs: { href: 'https://a.b' } }))] }] })
    expect(hasLinkMark(nested)).toBe(true)
  })
})

describe('getPlainText', () => {
  it('joins blocks with line breaks and inline content without', () => {
    expect(getPlainText(doc(p(text('a'), { type: 'hardBreak' }, text('b')), p(text('c'))) as never)).toBe('a\nb\nc')
  })
})

describe('isRichTextEmpty', () => {
  it.each([
    ['one empty paragraph', doc({ type: 'paragraph' }), true],
    ['one paragraph with text', doc(p(text('a'))), false],
    ['two empty paragraphs', doc({ type: 'paragraph' }, { type: 'paragraph' }), false],
  ])('%s', (_name, richText, expected) => {
    expect(isRichTextEmpty(richText)).toBe(expected)
  })
})
