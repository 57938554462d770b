/**
 * Just enough of the source map format to turn a line:column in transpiled JavaScript back into the
 * learner's TypeScript file (esbuild reformats code, so lines move).
 */

/** For each generated line: segments [generatedColumn, sourceLine, sourceColumn], 0-based, sorted by column. */
export type LineMap = Array<Array<[number, number, number]>>;

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function decodeVlq(segment: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of segment) {
    const digit = BASE64.indexOf(char);
    if (digit < 0) return values;
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
      continue;
    }
    values.push(value & 1 ? -(value >>> 1) : value >>> 1);
    value = 0;
    shift = 0;
  }
  return values;
}

/** Decodes the `mappings` field of a version 3 source map with one source. */
export function decodeMappings(mappings: string): LineMap {
  const lines: LineMap = [];
  let sourceLine = 0;
  let sourceColumn = 0;
  for (const line of mappings.split(';')) {
    let column = 0;
    const segments: Array<[number, number, number]> = [];
    for (const segment of line.split(',')) {
      if (!segment) continue;
      const [dCol = 0, , dLine, dSrcCol] = decodeVlq(segment);
      column += dCol;
      if (dLine === undefined || dSrcCol === undefined) continue;
      sourceLine += dLine;
      sourceColumn += dSrcCol;
      segments.push([column, sourceLine, sourceColumn]);
    }
    lines.push(segments);
  }
  return lines;
}

/** Maps a 1-based generated line:column to the 1-based original position (the nearest mapped point at or before it). */
export function originalPosition(map: LineMap, line: number, column: number): { line: number; column: number } | null {
  for (let l = line - 1; l >= 0; l--) {
    const segments = map[l];
    if (!segments || segments.length === 0) continue;
    const col = l === line - 1 ? column - 1 : Number.POSITIVE_INFINITY;
    const hit = [...segments].reverse().find((s) => s[0] <= col) ?? segments[0]!;
    // The segment's own source column: esbuild maps a line's start (indentation included) to its first token.
    return { line: hit[1] + 1, column: hit[2] + 1 };
  }
  return null;
}
