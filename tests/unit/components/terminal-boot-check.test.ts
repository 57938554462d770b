import { afterEach, expect, test, vi } from 'vitest';
import { bootFailure, whyNoWebContainer } from '../../../src/components/lab/terminal/boot-check';

// The browser facts the check reads, set per case (no DOM here: plain globals stand in for window/navigator).
const real = { SharedArrayBuffer, WebAssembly };
function browser({ online = true, isolated = true, sab = true, wasm = true } = {}) {
  vi.stubGlobal('navigator', { onLine: online });
  vi.stubGlobal('window', { crossOriginIsolated: isolated });
  vi.stubGlobal('SharedArrayBuffer', sab ? real.SharedArrayBuffer : undefined);
  vi.stubGlobal('WebAssembly', wasm ? real.WebAssembly : undefined);
}
afterEach(() => vi.unstubAllGlobals());

const licensed = { enabled: true, clientId: 'wc-1' };

test('boots when everything is in place', () => {
  browser();
  expect(whyNoWebContainer(licensed)).toBeNull();
});

test('each reason is one sentence naming the cause', () => {
  const cases: Array<[Parameters<typeof browser>[0], { enabled: boolean; clientId: string | null }, RegExp]> = [
    [{}, { enabled: false, clientId: 'wc-1' }, /turned off on this server/],
    [{ online: false }, licensed, /You are offline/],
    [{ wasm: false }, licensed, /This browser cannot run the in-browser terminal/],
    [{ isolated: false }, licensed, /not cross-origin isolated/],
    [{ sab: false }, licensed, /This browser cannot run the in-browser terminal/],
    [{}, { enabled: true, clientId: null }, /No WebContainer licence is configured on this server \(WEBCONTAINER_CLIENT_ID\)/],
  ];
  for (const [facts, settings, reason] of cases) {
    browser(facts);
    const text = whyNoWebContainer(settings)!;
    expect(text, JSON.stringify(facts)).toMatch(reason);
    expect(text.split(/\.\s/).length, text).toBe(1);
    expect(text.endsWith('.')).toBe(true);
  }
});

test('a failed boot says StackBlitz could not be started, with the cause', () => {
  expect(bootFailure(new Error('Starting WebContainer took over 45 s'))).toMatch(/^StackBlitz's runtime could not be started \(Starting WebContainer took over 45 s\)/);
});
