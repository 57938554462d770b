// Says which version-selection headers reached it. With versions of user Workers, a client that can set these
// picks which of the tenant's versions runs (for example one still at 0 % in a gradual rollout).
export default {
  fetch(request) {
    const seen = ['cloudflare-workers-version-overrides', 'cloudflare-workers-version-key'].filter((h) => request.headers.has(h));
    return Response.json({ versionHeadersSeen: seen });
  },
};
