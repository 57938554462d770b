import { transform } from 'esbuild';
import { LabError } from '../lab-engine';

/** TypeScript is accepted in labs: type annotations are stripped (not checked), as wrangler's bundler does. */
export async function toJavaScript(path: string, source: string): Promise<string> {
  if (!path.endsWith('.ts')) return source;
  try {
    const result = await transform(source, { loader: 'ts', format: 'esm', target: 'es2024', sourcefile: path });
    return result.code;
  } catch (error) {
    const first = (error as { errors?: Array<{ text: string; location?: { line: number; column: number } }> }).errors?.[0];
    const where = first?.location ? `${path}:${first.location.line}:${first.location.column + 1}` : path;
    throw new LabError('invalid_input', `${where}: ${first?.text ?? String(error)}`, 422);
  }
}
