// Adds the terminal pages' cross-origin isolation headers (src/server/http/isolation-headers.ts) to every
// response, prerendered pages included: the standalone adapter serves static files itself, so the hook sits
// on Node's ServerResponse. Stand-in until the shared response-headers mechanism applies it instead.
import { ServerResponse } from 'node:http';
import { isolationHeaders } from '../src/server/http/isolation-headers.ts';

const writeHead = ServerResponse.prototype.writeHead;
ServerResponse.prototype.writeHead = function (...args) {
  const url = this.req?.url;
  if (url && !this.headersSent) {
    const pathname = new URL(url, 'http://localhost').pathname;
    for (const [name, value] of Object.entries(isolationHeaders(pathname))) if (!this.hasHeader(name)) this.setHeader(name, value);
  }
  return writeHead.apply(this, args);
};
