import { describe, expect, it } from 'vitest';
import { convertDocument } from '../../src/documents/convert/convert.js';
import { htmlToMarkdown } from '../../src/documents/convert/html.js';
import { helpPage } from '../helpers/help-site.js';
import { makeDocx, makePdf } from '../helpers/office-files.js';

const article = {
  path: '/refunds',
  title: 'Refunds for annual plans',
  paragraphs: [
    'Annual plans can be refunded within <strong>30 days</strong> of the renewal date. After that, the unused months are credited to the account instead of refunded.',
    'To ask for a refund, open <em>Settings › Billing</em> and choose <a href="/billing/refund">Request a refund</a>. Refunds reach the card used for the payment within five to ten business days.',
  ],
  table: [
    ['Plan', 'Refund window'],
    ['Annual', '30 days'],
    ['Monthly', 'none'],
  ],
  related: ['/cancel-a-plan', '/change-billing-email'],
};

describe('HTML to markdown, boilerplate removed', () => {
  const converted = htmlToMarkdown(helpPage(article));

  it('keeps the article: its title as the heading, paragraphs with emphasis and links, the table as a GFM table', () => {
    expect(converted.title).toBe('Refunds for annual plans');
    expect(converted.markdown.startsWith('# Refunds for annual plans\n')).toBe(true);
    expect(converted.markdown).toContain('within **30 days** of the renewal date');
    expect(converted.markdown).toContain('[Request a refund](/billing/refund)');
    expect(converted.markdown).toMatch(/\| Plan \| Refund window \|\n\| --- \| --- \|\n\| Annual \| 30 days \|/);
  });

  it('drops the navigation, cookie banner, search form, sidebar, footer and scripts', () => {
    for (const boilerplate of [
      'cookies',
      'Getting started',
      'Search the help center',
      'Related articles',
      'seven days a week',
      'All rights reserved',
      'dataLayer',
    ]) {
      expect(converted.markdown, boilerplate).not.toContain(boilerplate);
    }
  });

  it('finds the content with Readability when the page marks no <article> or <main>', () => {
    const divs = helpPage(article)
      .replace(/<main>/g, '<div id="page">')
      .replace(/<\/main>/g, '</div>')
      .replace(/<article>/g, '<div class="post-body">')
      .replace(/<\/article>/g, '</div>');
    const found = htmlToMarkdown(divs);
    expect(found.title).toBe('Refunds for annual plans');
    expect(found.markdown).toContain('within **30 days** of the renewal date');
    expect(found.markdown).toMatch(/\| Annual \| 30 days \|/);
    for (const boilerplate of ['cookies', 'Getting started', 'Related articles', 'All rights reserved']) {
      expect(found.markdown, boilerplate).not.toContain(boilerplate);
    }
  });

  it('converts a fragment whole when asked to keep everything (an article body from an API)', () => {
    const fragment = htmlToMarkdown('<p>Short <b>answer</b>.</p><ul><li>one</li><li>two</li></ul>', {
      mainContent: false,
    });
    expect(fragment.markdown).toBe('Short **answer**.\n\n- one\n- two');
  });

  it('falls back to the page body when there is no article to find, still without navigation', () => {
    const page = htmlToMarkdown(
      '<html><head><title>Status | Example</title></head><body><nav><a href="/">Home</a></nav><p>All systems normal.</p></body></html>',
    );
    expect(page.title).toBe('Status');
    expect(page.markdown).toBe('# Status\n\nAll systems normal.');
  });
});

describe('PDF and Word files, built in the test', () => {
  it('reads a PDF’s text as paragraphs, across pages, with its Title metadata', async () => {
    const bytes = makePdf({
      title: 'Shipping rates 2026',
      pages: [
        ['Standard shipping costs 4.95 EUR per order.', 'Orders over 50 EUR ship free.', '', 'Express shipping'],
        ['Express delivery takes one business day and costs 12 EUR.'],
      ],
    });
    const result = await convertDocument({ bytes, format: 'pdf', file: 'rates.pdf', fallbackId: 'rates' });
    if (!('document' in result)) throw new Error(result.skipped);
    expect(result.document.title).toBe('Shipping rates 2026');
    expect(result.document.body).toBe(
      'Standard shipping costs 4.95 EUR per order. Orders over 50 EUR ship free.\n\nExpress shipping\n\nExpress delivery takes one business day and costs 12 EUR.',
    );
  });

  it('skips a PDF without a text layer with the reason, never an empty document', async () => {
    const bytes = makePdf({ pages: [[]] });
    const result = await convertDocument({ bytes, format: 'pdf', file: 'scan.pdf', fallbackId: 'scan' });
    expect(result).toEqual({ skipped: expect.stringContaining('no text layer') });
  });

  it('converts a Word document: headings, bold, a table', async () => {
    const bytes = await makeDocx({
      paragraphs: [
        { heading: 1, text: 'Warranty terms' },
        { runs: [{ text: 'Every device carries a ' }, { text: 'two-year', bold: true }, { text: ' warranty.' }] },
        { heading: 2, text: 'Exclusions' },
        { runs: [{ text: 'Water damage is not covered.' }] },
      ],
      table: [
        ['Device', 'Years'],
        ['Phone', '2'],
      ],
    });
    const result = await convertDocument({ bytes, format: 'docx', file: 'warranty.docx', fallbackId: 'warranty' });
    if (!('document' in result)) throw new Error(result.skipped);
    expect(result.document.title).toBe('Warranty terms');
    expect(result.document.body).toContain('# Warranty terms\n\nEvery device carries a **two-year** warranty.');
    expect(result.document.body).toContain('## Exclusions\n\nWater damage is not covered.');
    expect(result.document.body).toMatch(/\| Device \| Years \|\n\| --- \| --- \|\n\| Phone \| 2 +\|/);
  });

  it('reads plain text as it is, its first line the title', async () => {
    const bytes = new TextEncoder().encode('Opening hours\r\n\r\nWe answer chats from 8:00 to 20:00 CET.\r\n');
    const result = await convertDocument({ bytes, format: 'text', file: 'hours.txt', fallbackId: 'hours' });
    if (!('document' in result)) throw new Error(result.skipped);
    expect(result.document).toMatchObject({
      id: 'hours',
      title: 'Opening hours',
      acl: null,
      body: 'Opening hours\n\nWe answer chats from 8:00 to 20:00 CET.',
    });
  });
});
