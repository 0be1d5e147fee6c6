import JSZip from 'jszip';

/**
 * Real PDF and Word files built in the test from readable text, so no binary fixture is checked in.
 */

/** A PDF 1.4 file with one page per entry of `pages`, each a list of lines (Helvetica 12 pt), and a Title. */
export function makePdf(options: { title?: string; pages: string[][] }): Uint8Array {
  const objects: string[] = [];
  const add = (body: string) => objects.push(body);
  const literal = (text: string) => text.replace(/[\\()]/g, (c) => `\\${c}`);
  const catalog = add('<< /Type /Catalog /Pages 2 0 R >>');
  add('PLACEHOLDER'); // the page tree, filled in once the pages exist
  const font = add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
  const kids: number[] = [];
  for (const lines of options.pages) {
    // Lines 16 pt apart; an empty line leaves a gap (a new paragraph).
    const ops = lines.map((line) => (line === '' ? '0 -16 Td' : `(${literal(line)}) Tj 0 -16 Td`)).join('\n');
    const stream = `BT /F1 12 Tf 16 TL 72 720 Td\n${ops}\nET`;
    const content = add(`<< /Length ${Buffer.byteLength(stream, 'latin1')} >>\nstream\n${stream}\nendstream`);
    kids.push(
      add(
        `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 ${font} 0 R >> >> /Contents ${content} 0 R >>`,
      ),
    );
  }
  objects[1] = `<< /Type /Pages /Kids [${kids.map((kid) => `${kid} 0 R`).join(' ')}] /Count ${kids.length} >>`;
  const info = options.title === undefined ? undefined : add(`<< /Title (${literal(options.title)}) >>`);
  let file = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, index) => {
    offsets.push(Buffer.byteLength(file, 'latin1'));
    file += `${index + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(file, 'latin1');
  file += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) file += `${String(offset).padStart(10, '0')} 00000 n \n`;
  file += `trailer\n<< /Size ${objects.length + 1} /Root ${catalog} 0 R${info ? ` /Info ${info} 0 R` : ''} >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(file, 'latin1'));
}

/** A paragraph of a Word document: a heading level (1-2), or body text with optional bold runs. */
export type DocxParagraph = { heading: 1 | 2; text: string } | { runs: { text: string; bold?: boolean }[] };

/** A .docx (Office Open XML) with the given paragraphs and an optional table, zipped as Word writes it. */
export async function makeDocx(options: { paragraphs: DocxParagraph[]; table?: string[][] }): Promise<Uint8Array> {
  const xml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const run = (text: string, bold = false) =>
    `<w:r>${bold ? '<w:rPr><w:b/></w:rPr>' : ''}<w:t xml:space="preserve">${xml(text)}</w:t></w:r>`;
  const body = options.paragraphs.map((paragraph) =>
    'heading' in paragraph
      ? `<w:p><w:pPr><w:pStyle w:val="Heading${paragraph.heading}"/></w:pPr>${run(paragraph.text)}</w:p>`
      : `<w:p>${paragraph.runs.map((part) => run(part.text, part.bold)).join('')}</w:p>`,
  );
  if (options.table) {
    const rows = options.table.map(
      (cells) => `<w:tr>${cells.map((cell) => `<w:tc><w:p>${run(cell)}</w:p></w:tc>`).join('')}</w:tr>`,
    );
    body.push(`<w:tbl>${rows.join('')}</w:tbl>`);
  }
  const ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
  const zip = new JSZip();
  zip.file(
    '[Content_Types].xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
</Types>`,
  );
  zip.file(
    '_rels/.rels',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>`,
  );
  zip.file(
    'word/_rels/document.xml.rels',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
</Relationships>`,
  );
  zip.file(
    'word/styles.xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles ${ns}>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/></w:style>
<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/></w:style>
</w:styles>`,
  );
  zip.file(
    'word/document.xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document ${ns}><w:body>${body.join('')}</w:body></w:document>`,
  );
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}
