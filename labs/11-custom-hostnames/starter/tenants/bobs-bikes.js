// bobs-bikes's site. It has no request.cf (untrusted mode): the platform tells it the plan in a header.
export default {
  fetch(request) {
    const plan = request.headers.get('x-platform-plan') ?? 'unknown';
    const sawMetadata = request.cf?.hostMetadata ? 'yes' : 'no';
    return new Response(`bobs-bikes on ${new URL(request.url).hostname}: plan=${plan}, saw hostMetadata=${sawMetadata}`);
  },
};
