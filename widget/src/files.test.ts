import { describe, expect, it } from 'vitest';
import { ACCEPT, MAX_FILES, fileProblem } from './files';
import { formatBytes } from './messages';

describe('attachment checks before upload', () => {
  it.each(['a.jpg', 'a.JPEG', 'a.png', 'a.pdf', 'a.doc', 'a.docx', 'a.odt', 'a.xls', 'a.xlsx', 'a.ods', 'print da tela.txt'])('accepts %s', (name) => {
    expect(fileProblem({ name, size: 1000 })).toBeNull();
  });

  it.each(['a.exe', 'a.gif', 'a.zip', 'a.pdf.exe', 'semextensao', 'a.svg'])('refuses %s by its type', (name) => {
    expect(fileProblem({ name, size: 1000 })).toMatch(/tipo de arquivo não permitido/);
  });

  it('refuses files over 2 MB and empty files, accepts exactly 2 MB', () => {
    expect(fileProblem({ name: 'a.pdf', size: 2 * 1024 * 1024 })).toBeNull();
    expect(fileProblem({ name: 'a.pdf', size: 2 * 1024 * 1024 + 1 })).toBe('a.pdf: o arquivo ultrapassa o limite de 2 MB.');
    expect(fileProblem({ name: 'a.pdf', size: 0 })).toBe('a.pdf: o arquivo está vazio.');
  });

  it('offers the accepted extensions to the picker, and 5 files per message', () => {
    expect(ACCEPT).toBe('.jpg,.jpeg,.png,.pdf,.doc,.docx,.odt,.xls,.xlsx,.ods,.txt');
    expect(MAX_FILES).toBe(5);
  });

  it.each([[512, '512 B'], [1536, '1,5 KB'], [2 * 1024 * 1024, '2 MB'], [150 * 1024, '150 KB']])('formats %i bytes as %s', (n, s) => {
    expect(formatBytes(n)).toBe(s);
  });
});
