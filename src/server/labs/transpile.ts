import { transform } from 'esbuild';
import { LabError, type SourceLocation } from '../lab-engine';
import { decodeMappings, type LineMap } from './source-map';

/** A lab file that does not parse: a learner's mistake, reported as a startup error at its line. */
export class LabSourceError extends LabError {
  readonly location: SourceLocation;
  constructor(message: string, location: SourceLocation) {
    super('invalid_input', message, 422);
    this.location = location;
  }
}

export interface Transpiled {
  code: string;
  /** Present for TypeScript: maps the uploaded JavaScript back to the learner's lines. */
  lineMap?: LineMap;
}

/** TypeScript is accepted in labs: type annotations are stripped (not checked), as wrangler's bundler does. */
export async function toJavaScript(path: string, source: string): Promise<Transpiled> {
  if (!path.endsWith('.ts')) return { code: source };
  try {
    const result = await transform(source, { loader: 'ts', format: 'esm', target: 'es2024', sourcefile: path, sourcemap: 'external' });
    const map = JSON.parse(result.map) as { mappings: string };
    return { code: result.code, lineMap: decodeMappings(map.mappings) };
  } catch (error) {
    const first = (error as { errors?: Array<{ text: string; location?: { line: number; column: number } }> }).errors?.[0];
    if (!first?.location) throw new LabError('invalid_input', `${path}: ${first?.text ?? String(error)}`, 422);
    const location = { file: path, line: first.location.line, column: first.location.column + 1 };
    throw new LabSourceError(`${path}:${location.line}:${location.column}: ${first.text}`, location);
  }
}
