// `attachments.upload`: one file as multipart FormData (field `file`), over XMLHttpRequest because
// fetch reports no upload progress. The answer follows the tRPC HTTP shape: {result:{data}} or
// {error:{message,data:{reason,fields}}}.
import { REASON_MESSAGES } from '@cau/shared';
import type { Attachment } from './api-client';
import { ApiError, answerError, networkError, type ErrorData } from './api-error';

interface Envelope {
  result?: { data?: Attachment };
  error?: { message?: string; data?: ErrorData };
}

function parse(text: string): Envelope | null {
  try {
    return JSON.parse(text) as Envelope;
  } catch {
    return null;
  }
}

function failureOf(status: number, body: Envelope | null): ApiError {
  const error = body?.error;
  if (error?.data?.reason) return answerError(error.data.reason, error.message ?? '', { ...error.data, httpStatus: status });
  // A proxy in front of the API may refuse a large body with its own page.
  if (status === 413) return new ApiError('file_too_large', REASON_MESSAGES.file_too_large, {}, { httpStatus: status });
  if (status === 0 || status >= 502) return networkError();
  return new ApiError('internal', REASON_MESSAGES.internal, {}, { httpStatus: status });
}

export function uploadFile(
  url: string,
  token: string | null,
  file: File,
  onProgress: (fraction: number) => void,
  signal?: AbortSignal,
): Promise<Attachment> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    if (token) xhr.setRequestHeader('authorization', `Bearer ${token}`);
    xhr.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(Math.min(1, event.loaded / event.total));
    });
    xhr.addEventListener('load', () => {
      const body = parse(xhr.responseText);
      const data = body?.result?.data;
      if (xhr.status >= 200 && xhr.status < 300 && data && typeof data.id === 'string') {
        onProgress(1);
        resolve(data);
      } else {
        reject(failureOf(xhr.status, body));
      }
    });
    xhr.addEventListener('error', () => reject(networkError()));
    xhr.addEventListener('timeout', () => reject(networkError()));
    xhr.addEventListener('abort', () => reject(new ApiError('aborted', '')));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}
