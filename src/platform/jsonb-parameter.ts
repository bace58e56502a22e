/** Version byte that starts PostgreSQL's binary form of `jsonb` (jsonb_recv): the JSON text follows. */
const JSONB_BINARY_VERSION = 1;
/** Rows serialised per `JSON.stringify` call: each piece stays small (see below). */
const ROWS_PER_PIECE = 128;
const OPEN = Buffer.from([JSONB_BINARY_VERSION, 0x5b]);
const COMMA = Buffer.from(',');
const CLOSE = Buffer.from(']');

/**
 * A JSON array as a `$n::jsonb` statement parameter in PostgreSQL's binary format (a version
 * byte, then the UTF-8 JSON text), which node-postgres sends as is for a Buffer. Built from
 * pieces of {@link ROWS_PER_PIECE} rows: V8 turns a string of several hundred kilobytes (one
 * `JSON.stringify` of a whole batch) into UTF-8 about three times slower than the same text in
 * small strings, and node-postgres measures and copies a string parameter twice. Measured on
 * 600 rows of 415 bytes: 3.4 µs per row as one string parameter, 1.0 µs as this Buffer.
 */
export function jsonbArrayParameter(rows: readonly unknown[]): Buffer {
  const parts: Buffer[] = [OPEN];
  for (let start = 0; start < rows.length; start += ROWS_PER_PIECE) {
    const piece = JSON.stringify(rows.slice(start, start + ROWS_PER_PIECE));
    if (start > 0) parts.push(COMMA);
    parts.push(Buffer.from(piece.slice(1, -1)));
  }
  parts.push(CLOSE);
  return Buffer.concat(parts);
}
