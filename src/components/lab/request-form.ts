import type { Preset } from '../../schemas/lab';
import type { LabRequestInput } from './lab-client';

const field = <T extends HTMLElement>(form: HTMLFormElement, name: string) => form.elements.namedItem(name) as unknown as T;

/** The request builder: presets fill the fields; editing a field turns the preset menu to "Custom request". */
export function setUpRequestForm(form: HTMLFormElement, presets: Preset[], onSubmit: () => void): HTMLFormElement {
  const preset = field<HTMLSelectElement>(form, 'preset');
  function apply(index: number) {
    const p = presets[index];
    if (!p) return;
    field<HTMLSelectElement>(form, 'method').value = p.method;
    field<HTMLInputElement>(form, 'url').value = p.url;
    field<HTMLTextAreaElement>(form, 'headers').value = Object.entries(p.headers).map(([k, v]) => `${k}: ${v}`).join('\n');
    field<HTMLTextAreaElement>(form, 'body').value = p.body ?? '';
    preset.value = String(index);
  }
  preset.addEventListener('change', () => apply(Number(preset.value)));
  form.addEventListener('input', (e) => {
    if (e.target !== preset) preset.value = '';
  });
  apply(0);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    onSubmit();
  });
  return form;
}

export function readRequest(form: HTMLFormElement, say: (message: string, tone: 'error') => void): LabRequestInput | null {
  const urlField = field<HTMLInputElement>(form, 'url');
  const url = urlField.value.trim();
  try {
    const parsed = new URL(url);
    if (!/^https?:$/.test(parsed.protocol)) throw new Error();
  } catch {
    say('Enter a full http:// or https:// URL, such as https://acme-corp.example.com/.', 'error');
    urlField.focus();
    return null;
  }
  const headers: Record<string, string> = {};
  for (const line of field<HTMLTextAreaElement>(form, 'headers').value.split('\n')) {
    if (!line.trim()) continue;
    const colon = line.indexOf(':');
    if (colon <= 0) {
      say(`This header line has no "Name: value" form: ${line}`, 'error');
      return null;
    }
    headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  const method = field<HTMLSelectElement>(form, 'method').value;
  const body = field<HTMLTextAreaElement>(form, 'body').value;
  return { method, url, headers, ...(body && method !== 'GET' && method !== 'HEAD' ? { body } : {}) };
}
