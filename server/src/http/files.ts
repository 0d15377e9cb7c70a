// GET /files/<token>: downloads through signed, short-lived links. Always served as an
// attachment with the type detected at upload and nosniff, so nothing uploaded runs in a page.
import type { Express } from 'express';
import { openDownload } from '../attachments/attachments.service';
import type { Deps } from '../deps';

export function mountFiles(app: Express, deps: Deps): void {
  app.get('/files/:token', async (req, res, next) => {
    try {
      const download = await openDownload(deps, req.params.token);
      if (!download) {
        res.status(404).type('text/plain; charset=utf-8').send('Link de download inválido ou expirado. Abra o chamado e clique no anexo novamente.');
        return;
      }
      const { file } = download;
      res.setHeader('Content-Type', file.metadata.contentType);
      res.setHeader('Content-Length', String(file.length));
      res.setHeader('Content-Disposition', `attachment; filename="${file.filename.replace(/[^\x20-\x7E]|"/g, '_')}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`);
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
      res.setHeader('Cache-Control', 'private, no-store');
      res.setHeader('Access-Control-Allow-Origin', '*');
      download.stream().on('error', next).pipe(res);
    } catch (error) {
      next(error);
    }
  });
}
