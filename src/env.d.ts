declare namespace App {
  interface Locals {
    /** The signed-in user, loaded from the session cookie by src/middleware.ts; null when anonymous. */
    user: import('./server/http/request').SessionUser | null;
    /** This session's CSRF token, for forms and the client script. */
    csrfToken: string | null;
    /** The raw session token from the cookie (sign-out deletes its session). */
    sessionToken: string | null;
    /** The public origin this request's browser is on (SITE_ORIGIN behind a proxy) and whether cookies are Secure. */
    site: { origin: string; secure: boolean };
  }
}
