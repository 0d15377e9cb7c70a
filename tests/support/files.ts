// Sample files for upload tests, built from bytes: real signatures of the accepted types, a minimal
// ZIP writer for Office/OpenDocument containers, and disguised files that must be refused.
import { crc32 } from 'node:zlib';

export const MB2 = 2 * 1024 * 1024;

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const PNG_IHDR = [0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0, 0x90, 0x77, 0x53, 0xde];

/** A PNG of exactly `size` bytes: a real signature and header, padded. */
export function png(size = 1024): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(size);
  bytes.set([...PNG_SIGNATURE, ...PNG_IHDR]);
  return bytes;
}

export function jpeg(size = 1024): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(size);
  bytes.set([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]);
  return bytes;
}

export function pdf(): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
}

export function text(content = 'Número do protocolo anterior: 2025-000123\nObrigado.\n'): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(content);
}

/** A stored (uncompressed) ZIP archive of the given entries. */
export function zip(entries: Record<string, string>): Uint8Array<ArrayBuffer> {
  const encoder = new TextEncoder();
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(entries)) {
    const nameBytes = encoder.encode(name);
    const data = encoder.encode(content);
    const crc = crc32(data);
    const local = Buffer.alloc(30 + nameBytes.length + data.length);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    local.set(nameBytes, 30);
    local.set(data, 30 + nameBytes.length);
    const central = Buffer.alloc(46 + nameBytes.length);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    central.set(nameBytes, 46);
    locals.push(local);
    centrals.push(central);
    offset += local.length;
  }
  const centralSize = centrals.reduce((n, c) => n + c.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(centrals.length, 8);
  end.writeUInt16LE(centrals.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, ...centrals, end]));
}

/** A minimal Word document: the parts file-type looks for. */
export function docx(): Uint8Array<ArrayBuffer> {
  return zip({
    '[Content_Types].xml': '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    'word/document.xml': '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Olá</w:t></w:r></w:p></w:body></w:document>',
  });
}

/** Files that claim to be something they are not. */
export const DISGUISED: Array<{ what: string; name: string; bytes: Uint8Array<ArrayBuffer> }> = [
  { what: 'a Windows executable renamed .pdf', name: 'boleto.pdf', bytes: new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03, ...new Array(200).fill(0)]) },
  { what: 'a Linux executable renamed .png', name: 'foto.png', bytes: new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, ...new Array(200).fill(0)]) },
  { what: 'an HTML page called .pdf', name: 'comprovante.pdf', bytes: text('<!DOCTYPE html><html><body><script>alert(1)</script></body></html>') },
  { what: 'an HTML page called .txt', name: 'leia.txt', bytes: text('<html><script>fetch("/trpc")</script></html>') },
  { what: 'a plain zip called .docx', name: 'contrato.docx', bytes: zip({ 'leia.txt': 'não sou um documento' }) },
  { what: 'binary junk called .txt', name: 'notas.txt', bytes: new Uint8Array([0x00, 0x01, 0x02, 0xff, 0xfe, 0x00]) },
  { what: 'a GIF (not on the list)', name: 'anim.gif', bytes: new Uint8Array([0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 1, 0, 1, 0, 0, 0, 0]) },
];
