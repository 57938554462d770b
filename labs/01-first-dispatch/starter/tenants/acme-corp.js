// acme-corp's code, uploaded by the platform into the "production" namespace.
export default {
  fetch(request) {
    return new Response(`<h1>ACME Corp</h1><p>You asked for ${new URL(request.url).pathname}</p>`, {
      headers: { 'content-type': 'text/html; charset=utf-8' },
    });
  },
};
