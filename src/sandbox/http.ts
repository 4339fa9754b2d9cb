import type { IncomingMessage, ServerResponse } from 'node:http';
import { MESSAGES } from './messages';
import { escapeHtml, phpJsonEncode } from './php';

/**
 * Responses shaped like ITFlow's PHP produces them: `Content-Type: application/json` on everything the API
 * answers (even empty and non-JSON bodies), json_encode()'s escaping, var_dump() for unknown methods.
 */
export interface PhpResponse {
  status: number;
  body: string;
  contentType?: string;
}

const JSON_TYPE = 'application/json';

export function json(status: number, value: unknown): PhpResponse {
  return { status, body: phpJsonEncode(value) };
}

export function emptyBody(status: number): PhpResponse {
  return { status, body: '' };
}

export function failure(status: number, message: string): PhpResponse {
  return json(status, { success: 'False', message });
}

/** read_output.php: rows → True with count and data; no rows → the "No resource" failure, still 200. */
export function readOutput(rows: readonly object[]): PhpResponse {
  return rows.length > 0 ? json(200, { success: 'True', count: rows.length, data: rows }) : failure(200, MESSAGES.noResource);
}

/** update_output.php (also used by archive and unarchive). */
export function updateOutput(count: number): PhpResponse {
  return count > 0 ? json(200, { success: 'True', count }) : failure(200, MESSAGES.updateFailed);
}

export function deleteOutput(count: number): PhpResponse {
  return count > 0 ? json(200, { success: 'True', count }) : failure(200, MESSAGES.deleteFailed);
}

/** validate_api_key.php for anything but GET/POST: 405 and PHP's var_dump() of the method. */
export function methodDump(method: string): PhpResponse {
  return { status: 405, body: `string(${Buffer.byteLength(method)}) "${method}"\n` };
}

/** What PHP's built-in server answers for a file that does not exist; `uri` is the request target, query included. */
export function notFound(uri: string): PhpResponse {
  const safe = escapeHtml(uri);
  return {
    status: 404,
    contentType: 'text/html; charset=UTF-8',
    body:
      '<!doctype html><html><head><title>404 Not Found</title></head><body><h1>Not Found</h1>' +
      `<p>The requested resource <code class="url">${safe}</code> was not found on this server.</p></body></html>`,
  };
}

export function send(res: ServerResponse, response: PhpResponse, extraHeaders: Record<string, string> = {}): void {
  res.writeHead(response.status, {
    'Content-Type': response.contentType ?? JSON_TYPE,
    'Content-Length': String(Buffer.byteLength(response.body)),
    ...extraHeaders,
  });
  res.end(response.body);
}

export type BodyResult = { ok: true; body: string } | { ok: false; reason: 'too-large' | 'aborted' };

/** Reads the request body as UTF-8, refusing (without buffering further) anything over maxBytes. */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<BodyResult> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > maxBytes) {
    req.resume();
    return Promise.resolve({ ok: false, reason: 'too-large' });
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (result: BodyResult) => {
      if (!settled) {
        settled = true;
        resolve(result);
      }
    };
    req.on('data', (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > maxBytes) {
        chunks.length = 0;
        settle({ ok: false, reason: 'too-large' });
      } else {
        chunks.push(chunk);
      }
    });
    req.on('end', () => settle({ ok: true, body: Buffer.concat(chunks).toString('utf8') }));
    req.on('aborted', () => settle({ ok: false, reason: 'aborted' }));
    req.on('error', () => settle({ ok: false, reason: 'aborted' }));
  });
}
