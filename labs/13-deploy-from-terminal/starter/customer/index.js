// Pizza Palace's Worker: the code a customer hands the platform. Deploy it from the terminal with
//   npx wrangler deploy --dispatch-namespace customers
export default {
  fetch(request) {
    const { pathname } = new URL(request.url);
    return new Response(`<h1>Pizza Palace</h1><p>Fresh from the oven: ${pathname}</p>`, {
      headers: { 'content-type': 'text/html; charset=utf-8' },
    });
  },
};
