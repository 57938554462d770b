export default {
  fetch(request) {
    const url = new URL(request.url);
    return new Response(`globex host=${url.hostname} path=${url.pathname}`);
  },
};
