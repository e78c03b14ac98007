// Metadata: the document information dictionary and its XMP mirror (title, author, subject,
// keywords, language, dates), and the PDF/A switch. Dates are fixed by the caller so the
// same input always gives the same bytes.
import type { DocumentMeta } from '../layout/index.js';
import { PackedDocument } from './objects.js';

export interface PdfOptions {
  /** Fixed timestamp for CreationDate/ModDate, so identical input gives identical bytes. */
  date: Date;
  /** Produce PDF/A-2b: XMP metadata and an sRGB output intent. */
  pdfa?: boolean;
  subject?: string;
}

// The private parts of PDFKit's XMP writer we replace (to escape values and add ModifyDate).
interface PdfKitInfoInternals {
  info: Record<string, unknown>;
  appendXML(xml: string, newline?: boolean): void;
  _addInfo(): void;
}

/** A new, empty tagged PDFKit document carrying the briefing's metadata. */
export function createDocument(meta: DocumentMeta, options: PdfOptions): PackedDocument {
  const doc = new PackedDocument({
    autoFirstPage: false,
    compress: true,
    margin: 0,
    pdfVersion: '1.7',
    tagged: true,
    lang: meta.locale,
    displayTitle: true,
    // No default font: every text item selects a bundled face first, so PDFKit never loads
    // (or embeds) Helvetica, and no face is opened twice (PDFKit then compares the two copies'
    // name tables, which cost more than setting all the text). @types/pdfkit has no null here.
    font: null as unknown as string,
    ...(options.pdfa ? { subset: 'PDF/A-2b' as const } : {}),
    info: {
      Title: meta.title,
      Author: meta.author ?? meta.organisation ?? '',
      Subject: options.subject ?? meta.subtitle ?? meta.title,
      Keywords: meta.keywords.join(', '),
      Creator: 'briefing',
      Producer: 'briefing (PDFKit)',
      CreationDate: options.date,
      ModDate: options.date,
    },
  });
  xmpInfo(doc as unknown as PdfKitInfoInternals, meta.locale);
  return doc;
}

/**
 * Replaces PDFKit's XMP info block: its values are written unescaped (a title with "&" would
 * break the XML) and it omits xmp:ModifyDate and dc:language, which PDF/A readers compare
 * with the Info dictionary.
 */
function xmpInfo(doc: PdfKitInfoInternals, lang: string): void {
  doc._addInfo = function addInfo(this: PdfKitInfoInternals) {
    const info = this.info;
    const str = (k: string) => (typeof info[k] === 'string' ? (info[k] as string) : '');
    const date = (k: string) => (info[k] instanceof Date ? `${(info[k] as Date).toISOString().split('.')[0]}Z` : '');
    const parts = [
      `<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">`,
      `<xmp:CreateDate>${date('CreationDate')}</xmp:CreateDate>`,
      `<xmp:ModifyDate>${date('ModDate')}</xmp:ModifyDate>`,
      `<xmp:MetadataDate>${date('ModDate')}</xmp:MetadataDate>`,
      `<xmp:CreatorTool>${xml(str('Creator'))}</xmp:CreatorTool>`,
      `</rdf:Description>`,
      `<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">`,
      `<dc:format>application/pdf</dc:format>`,
      str('Title') ? `<dc:title><rdf:Alt><rdf:li xml:lang="x-default">${xml(str('Title'))}</rdf:li></rdf:Alt></dc:title>` : '',
      str('Author') ? `<dc:creator><rdf:Seq><rdf:li>${xml(str('Author'))}</rdf:li></rdf:Seq></dc:creator>` : '',
      str('Subject') ? `<dc:description><rdf:Alt><rdf:li xml:lang="x-default">${xml(str('Subject'))}</rdf:li></rdf:Alt></dc:description>` : '',
      `<dc:language><rdf:Bag><rdf:li>${xml(lang)}</rdf:li></rdf:Bag></dc:language>`,
      `</rdf:Description>`,
      `<rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">`,
      `<pdf:Producer>${xml(str('Producer'))}</pdf:Producer>`,
      str('Keywords') ? `<pdf:Keywords>${xml(str('Keywords'))}</pdf:Keywords>` : '',
      `</rdf:Description>`,
    ];
    this.appendXML(parts.filter(Boolean).join('\n'));
  };
}

function xml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
