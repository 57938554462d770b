export default {
  fetch(request) {
    const url = new URL(request.url);
    return new Response(`acme-corp host=${url.hostname} path=${url.pathname}`);
  },
};
