/** Body caps. Dependency-free: scripts/serve.mjs refuses a declared oversize body before any route runs. */

/** Form and JSON bodies of the course's own routes (sign-in, quizzes, grading). */
export const MAX_BODY_BYTES = 256 * 1024;

/** Anything at all (lab uploads through the Cloudflare-compatible API included). */
export const MAX_REQUEST_BYTES = 64 * 1024 * 1024;
