/** What the PDF reports share: an A4 document written to a file, and horizontal bar charts. */
import { createWriteStream } from 'node:fs';
import PDFDocument from 'pdfkit';

/** An A4 PDF drawn by `draw`, written to `file`. */
export async function writePdf(file: string, title: string, draw: (doc: PDFKit.PDFDocument) => void): Promise<void> {
  const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: title } });
  const done = new Promise<void>((resolve, reject) => {
    const out = createWriteStream(file);
    out.on('finish', resolve).on('error', reject);
    doc.pipe(out);
  });
  draw(doc);
  doc.end();
  await done;
}

/** Horizontal bars, one per label, scaled to the largest; returns where the next thing goes. */
export function pdfBars(doc: PDFKit.PDFDocument, title: string, rows: [label: string, n: number, note: string][], y: number, colour: (label: string) => string): number {
  if (y > 700) {
    doc.addPage();
    y = 50;
  }
  doc.font('Helvetica-Bold').fontSize(11).fillColor('#000000').text(title, 50, y);
  y += 18;
  const max = Math.max(1, ...rows.map(([, n]) => n));
  for (const [label, n, note] of rows) {
    doc.font('Helvetica').fontSize(9).fillColor('#000000').text(label, 50, y, { width: 110 });
    const w = Math.max(1, (n / max) * 260);
    doc.rect(165, y, w, 10).fill(colour(label));
    doc.fillColor('#000000').text(`${n}  (${note})`, 170 + w, y);
    y += 15;
  }
  return y + 10;
}
