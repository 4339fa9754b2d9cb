import { failure, json, type PhpResponse } from '../http';
import { MESSAGES } from '../messages';
import { escapeHtml, phpJsonEncode } from '../php';
import type { LegacyRow } from './schema';

/** The legacy server's answers where they differ from latest's: fetch-array rows, its update message, its 404 page. */

export const LEGACY_UPDATE_FAILED =
  'Auth success but update query failed/returned no results. Ensure ALL required variables are provided and database schema is ' +
  'up-to-date. Most likely cause: non-existent module ID (i.e. bad contact ID/ticket ID/etc).';

/**
 * read_output.php over mysqli_fetch_array() rows: each column under its index ("0", "1", …) and then its name,
 * interleaved in column order. Written out by hand because a JavaScript object would move the numeric keys
 * to the front.
 */
export function fetchArrayOutput<Column extends string>(columns: readonly Column[], rows: ReadonlyArray<LegacyRow<Column>>): PhpResponse {
  if (rows.length === 0) return failure(200, MESSAGES.noResource);
  const data = rows.map((row) => fetchArrayJson(columns, row)).join(',');
  return { status: 200, body: `{"success":"True","count":${rows.length},"data":[${data}]}` };
}

function fetchArrayJson<Column extends string>(columns: readonly Column[], row: LegacyRow<Column>): string {
  const pairs = columns.map((column, index) => {
    const value = phpJsonEncode(row[column]);
    return `${phpJsonEncode(String(index))}:${value},${phpJsonEncode(column)}:${value}`;
  });
  return `{${pairs.join(',')}}`;
}

export function legacyUpdateOutput(count: number): PhpResponse {
  return count > 0 ? json(200, { success: 'True', count }) : failure(200, LEGACY_UPDATE_FAILED);
}

const NOT_FOUND_STYLE =
  '<style>\n' +
  'body { background-color: #fcfcfc; color: #333333; margin: 0; padding:0; }\n' +
  'h1 { font-size: 1.5em; font-weight: normal; background-color: #9999cc; min-height:2em; line-height:2em; border-bottom: 1px inset black; margin: 0; }\n' +
  'h1, p { padding-left: 10px; }\n' +
  'code.url { background-color: #eeeeee; font-family:monospace; padding:0 2px;}\n' +
  '</style>\n';

/**
 * PHP's built-in web server's 404 page, byte for byte as recorded (legacy has no archive.php, unarchive.php or
 * ticket_replies/); `uri` is the request target, query string included.
 */
export function legacyNotFound(uri: string): PhpResponse {
  const safe = escapeHtml(uri);
  return {
    status: 404,
    contentType: 'text/html; charset=UTF-8',
    body:
      `<!doctype html><html><head><title>404 Not Found</title>${NOT_FOUND_STYLE}</head><body><h1>Not Found</h1>` +
      `<p>The requested resource <code class="url">${safe}</code> was not found on this server.</p></body></html>`,
  };
}
